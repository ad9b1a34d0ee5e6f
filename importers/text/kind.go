package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// The kind of a page is decided from evidence, strongest first; the rule
// that decided is noted, so a misread page can be traced.

var (
	// Strong signs of a session page: numbered organizer/speaker fields,
	// caption turns, a session number, a session template.
	sessionMarker = regexp.MustCompile(`(?im)^(?:organi[sz]er|speaker)\s*\d+\s*:|^>>|^session\s+\d+\s*$|\btemplate\b|^speakers(?: and moderators)?\s*:?\s*$|^moderators?\s*:?\s*$|\bfacilitation meeting\b|\bworkshop\b|^\S.{0,80}\s-\s\d{2,3}\s*min\s*$|^(?:co-)?proposer'?s name\s*:`)
	// Key-value fields of a project page ("Organization: X", "Country: Y").
	projectField = regexp.MustCompile(`(?im)^(?:organi[sz]ation|country|project owner|entity)\s*:\s*\S`)
	// Words that make a page about a project (or an award to one).
	projectCue = regexp.MustCompile(`(?i)\b(?:prizes?|awards?|awarded|winners?|winning|champions?|nominated|nominees?|projects?|non-?profit|start-?up|initiative)\b`)
	// First-person words of an interview answer, in the languages of the
	// pages (English, French, Spanish, Russian).
	firstPerson = wordsRe(`I|we|my|our|us|je|j’|j'|nous|mon|ma|mes|yo|nosotros|mi|я|мы|мне|меня|мой|моя|моим|моему`)
)

// detectKind decides between a person profile, a project page and a session
// report (the default).
func detectKind(d *doc) record.Kind {
	decide := func(k record.Kind, rule string, line int) record.Kind {
		d.note("kind", string(k), "kind: "+rule, line)
		return k
	}
	if loc := sessionMarker.FindStringIndex(d.text); loc != nil {
		return decide(record.KindSession, "session marker "+strings.TrimSpace(prefix(d.text[loc[0]:loc[1]], 40)), d.lineOf(d.text[loc[0]:loc[1]]))
	}
	head, at := d.headAt(8)
	for k, l := range head {
		if projectField.MatchString(l) {
			return decide(record.KindProject, "project field near the top", at[k])
		}
	}
	if p, ok := findProfile(d); ok {
		return decide(record.KindPerson, "profile heading followed by a biography", p.line)
	}
	if p, ok := bioOpening(d); ok {
		return decide(record.KindPerson, "a paragraph opens with a name and what the person is", p.line)
	}
	for k, l := range head[:min(4, len(head))] {
		if projectCue.MatchString(l) {
			return decide(record.KindProject, "project or prize words in the first lines", at[k])
		}
	}
	if p, ok := interviewAnswer(d); ok && len(answerers(d)) == 1 {
		// One person answering is an interview; several are a panel.
		return decide(record.KindPerson, "a named person answers in the first person", p.line)
	}
	if p, ok := newsProfile(d); ok {
		return decide(record.KindPerson, "one person named again and again, with quotes and pronouns", p.line)
	}
	if p, ok := caselessProfile(d); ok {
		return decide(record.KindPerson, "the first line names a person with an honorific (Arabic script)", p.line)
	}
	return decide(record.KindSession, "default", -1)
}
