package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// The kind of a page is decided from evidence, strongest first; the rule
// that decided is noted, so a misread page can be traced.

var (
	// Structural signs of a session page, anywhere: numbered organizer
	// and speaker fields, caption turns, a session number line, an IGF
	// format line, proposal fields, role headings alone on their line.
	sessionMarker = regexp.MustCompile(`(?im)^(?:organi[sz]er|speaker)\s*\d+\s*:|^>>|^session\s+\d+\s*$|^\S.{0,80}\s-\s\d{2,3}\s*min\s*$|^(?:co-)?proposer'?s name\s*:`)
	// A role heading is a session's unless it heads a single profile (a
	// site's "Speakers" section showing one person and a biography).
	roleMarker = regexp.MustCompile(`(?im)^speakers(?: and moderators)?\s*:?\s*$|^moderators?\s*:?\s*$`)
	// Words that name a session, read only in the title area: a report
	// or a profile may mention a workshop in passing.
	sessionWord = regexp.MustCompile(`(?i)\b(?:workshops?|sessions?|facilitation meeting|round ?table|panel|webinar|open forum|town hall|high-level dialogue|dialogue|plenary|side event|template|transcript|consultation|summary report|outcome)\b`)
	// Key-value fields of a project page ("Organization: X", "Country: Y").
	projectField = regexp.MustCompile(`(?im)^(?:organi[sz]ation|country|project owner|entity)\s*:\s*\S`)
	// Words that make a page about a project (or an award to one).
	projectCue = regexp.MustCompile(`(?i)\b(?:prizes?|awards?|awarded|winners?|winning|champions?|nominated|nominees?|projects?|non-?profit|start-?up|initiative|premios?|proyectos?|ganador(?:a|es)?|gana|iniciativa|prix|projets?|lauréats?|primés?|remporte)\b`)
	// First-person words of an interview answer, in the languages of the
	// pages (English, French, Spanish, Russian).
	firstPerson = wordsRe(`I|we|my|our|us|je|j’|j'|nous|mon|ma|mes|yo|nosotros|mi|я|мы|мне|меня|мой|моя|моим|моему`)
)

// thingWord: words for what a project page describes.
var thingWord = regexp.MustCompile(`(?i)\b(?:project|platform|system|app|application|tool|solution|service|programme|program)\b`)

// peopleEntries counts the distinct people the short lines of a page list.
func peopleEntries(d *doc) int {
	seen := map[string]bool{}
	for i, l := range d.lines {
		if l == "" || d.furniture[i] || len(l) > 150 {
			continue
		}
		if per, ok := personOf(l, true); ok {
			seen[nameKey(per.Name)] = true
		}
	}
	return len(seen)
}

// detectKind decides between a person profile, a project page and a session
// report (the default). Structure decides first (session fields and turns,
// a profile heading with its biography, project fields), then the words of
// the title area, then weaker shapes of the whole text.
func detectKind(d *doc) record.Kind {
	decide := func(k record.Kind, rule string, line int) record.Kind {
		d.note("kind", string(k), "kind: "+rule, line)
		return k
	}
	if loc := sessionMarker.FindStringIndex(d.text); loc != nil {
		return decide(record.KindSession, "session marker "+strings.TrimSpace(prefix(d.text[loc[0]:loc[1]], 40)), d.lineOf(d.text[loc[0]:loc[1]]))
	}
	if loc := roleMarker.FindStringIndex(d.text); loc != nil {
		if p, ok := findProfile(d); ok && peopleEntries(d) <= 1 {
			return decide(record.KindPerson, "one profile under a role heading", p.line)
		}
		return decide(record.KindSession, "session marker "+strings.TrimSpace(prefix(d.text[loc[0]:loc[1]], 40)), d.lineOf(d.text[loc[0]:loc[1]]))
	}
	if p, ok := fieldProfile(d); ok {
		return decide(record.KindPerson, "a person form: name and position fields", p.line)
	}
	head, at := d.headAt(8)
	for k, l := range head {
		if projectField.MatchString(l) {
			return decide(record.KindProject, "project field near the top", at[k])
		}
	}
	titleArea := head[:min(4, len(head))]
	sessionHead := -1
	for k, l := range titleArea {
		if sessionWord.MatchString(l) && !projectCue.MatchString(l) {
			sessionHead = k
			break
		}
	}
	if p, ok := findProfile(d); ok && (sessionHead < 0 || p.line <= at[min(2, len(at)-1)]) {
		return decide(record.KindPerson, "profile heading followed by a biography", p.line)
	}
	if p, ok := bioOpening(d); ok && sessionHead < 0 {
		return decide(record.KindPerson, "a paragraph opens with a name and what the person is", p.line)
	}
	if sessionHead >= 0 {
		return decide(record.KindSession, "a session word in the title area", at[sessionHead])
	}
	for k, l := range head[:min(6, len(head))] {
		if aProject(l) != nil {
			return decide(record.KindProject, "\"X is a project/initiative …\" near the top", at[k])
		}
	}
	// A prize given to one person is a story about that person.
	if p, ok := newsProfile(d); ok {
		return decide(record.KindPerson, "one person named again and again, with quotes and pronouns", p.line)
	}
	for k, l := range titleArea {
		if projectCue.MatchString(l) {
			return decide(record.KindProject, "project or prize words in the first lines", at[k])
		}
	}
	if p, ok := interviewAnswer(d); ok && len(answerers(d)) == 1 {
		// One person answering is an interview; several are a panel.
		return decide(record.KindPerson, "a named person answers in the first person", p.line)
	}
	if p, ok := caselessProfile(d); ok {
		return decide(record.KindPerson, "the first line names a person with an honorific (Arabic script)", p.line)
	}
	// A page that never speaks of a session, whose prize or award words
	// come further down (a README's "Recognition" section), is about
	// the thing that won.
	if text := prefix(d.text, 64<<10); !sessionWord.MatchString(text) && awardName.MatchString(text) && thingWord.MatchString(text) && !roleMarker.MatchString(text) {
		return decide(record.KindProject, "prize or award words and no session word in the page", d.lineOf(awardName.FindString(text)))
	}
	return decide(record.KindSession, "default", -1)
}
