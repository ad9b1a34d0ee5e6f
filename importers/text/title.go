package text

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Titles are chosen from scored candidates: a labelled title field wins;
// otherwise the first real lines compete, with points for position, for a
// session number next to them, for a time line just above (event
// schedules) and for opening a session block (a time line, then a list of
// people), and penalties for what pages put above titles: dates, event
// names, category kickers, field labels, venue lines, sentences.

var (
	titleLabel = regexp.MustCompile(`(?i)^(?:\d+\)\s*)?(?:title of (?:your |the )?session|session title|title|summary of session|session name)\s*[:.]?\s*(.*)$`)
	// Section and page labels that are never a title.
	boiler = regexp.MustCompile(`(?i)^(?:event report|template\b.*|panell?ists?|speakers?|moderators?|background|description|objectives?|agenda|programme|program|summary|report|overview|introduction|contents|table of contents|related links|documents?|key quotes?|quotes|format|duration|policy questions?\b.*)\s*:?$`)
	// "IGF 2021 WS #273 ...", "IGF 2022 Day 3 WS #283 ...".
	igfPrefix = regexp.MustCompile(`(?i)^IGF\s+\d{4}\s*(?:[-–]\s*)?(?:Day\s+\d+\s*(?:[-–]\s*)?)?(?:Room\s+[\w.]+(?:\s+[\w.]+)?\s*[-–]\s*)?(?:WS|OF|DC|NRI|Open Forum|Workshop|Town Hall|Lightning Talk|Networking Session|Launch(?: ?& ?Award)?|Main Session|Day 0 Event)\s*#?\s*\d+\s*[:\-–]?\s*(.*)$`)
	// A session number written before a title: "WS170: …", "No. 134 …",
	// "OF88 …", "Session 12: …", or after it: "… (WS186)".
	idPrefix  = regexp.MustCompile(`^(?:No\.?\s*\d{1,4}|(?:WS|OF|DC)\s*#?\s*\d{1,4}|(?i:session|workshop|panel|open forum|town hall|lightning talk|side event|atelier|sesi[oó]n|taller)\s*(?:no\.?\s*)?#?\s*\d{1,4})\s*[:.\-–]?\s+(\S.*)$`)
	idSuffix  = regexp.MustCompile(`^(.+?)\s*\((?:WS|OF|DC)\s*#?\s*\d{1,4}\)$`)
	sessionID = regexp.MustCompile(`(?i)\b(WS|OF|DC|Open Forum|Workshop|Town Hall|Lightning Talk|Networking Session|Day 0 Event)\s*#\s*(\d+)\b`)
	sessNum   = regexp.MustCompile(`(?im)^session\s+(\d+)\s*$`)
	// " – WSIS Action Line Facilitation Meeting for …", " - Winner of the
	// 2013 prize …" after a title.
	// idInside: "Outcome of the High-Level Policy Session 12: Title": the
	// title follows a numbered session's name.
	idInside = regexp.MustCompile(`(?i)^.{0,60}?\b(?:session|workshop|panel|dialogue|forum)\s*(?:no\.?\s*)?#?\s*\d{1,4}\s*[:–—]\s+(\S.{2,})$`)
	// sessionParen: "(Main Session)", "(Workshop)" after a title.
	sessionParen = regexp.MustCompile(`(?i)\s*\((?:[\w\- ]{0,30}\s)?(?:session|workshop|panel|round ?table|open forum|town hall|webinar)\)$`)
	titleSuffix  = regexp.MustCompile(`\s+[–—-]\s+.*(?i:facilitation meeting|action lines?|session|workshop|winners?|prizes?|awards?|nominees?|champions?).*$`)
	formatLine   = regexp.MustCompile(`(?i)^[A-Z][\w ,&/()\-]{2,60}\s-\s\d{2,3}\s*min$`)
	// An event name and nothing else: "Internet Governance Forum (IGF)
	// Meeting 2009", "Sixth Annual Meeting of the Internet Governance Forum".
	eventOnly = regexp.MustCompile(`(?i)^(?:the\s+)?(?:[\w-]+\s+)?(?:annual\s+)?(?:meeting\s+of\s+the\s+)?(?:[\w-]+\s+)?(?:internet governance forum|igf|wsis forum|world summit on the information society)(?:\s*\([A-Z]+\))?(?:\s+meeting)?(?:\s+\d{4})?$`)
	// A category kicker above a headline: "Action Line IFM", "Thematic
	// Workshop", "High-Level Policy Session", "News", "Press release": a
	// few modifiers, then a kind of session or of article.
	kicker = regexp.MustCompile(`(?i)^(?:(?:wsis|igf|high[- ]level|policy|thematic|interactive|country|ministerial|plenary|special|main|open|parallel|side|regional|national|lightning|networking|press|photo|moderated|youth|opening|closing|action|lines?|featured?|latest|breaking|local|international|tech|technology)\s+){0,4}(?:action lines?|sessions?|workshops?|dialogues?|tracks?|panels?|round ?tables?|forums?|events?|meetings?|segments?|exhibitions?|talks?|keynotes?|news|releases?|stories|story|features?|opinions?|blogs?|blog posts?|posts?|announcements?|interviews?|updates?|articles?)(?:\s+[A-Z0-9#]{1,6})?$`)
	// titleKicker: a label before a headline on the same line: "Report:
	// …", "News – …", "Event summary: …".
	titleKicker = regexp.MustCompile(`(?i)^(?:(?:(?:event|session|workshop|meeting|news|press|summary|final|outcome)\s+)?(?:report|news|summary|recap|blog|press release|update|announcement|story)|workshop|session|webinar|panel|round ?table|atelier|séance|table ronde|webinaire|taller|sesión|mesa redonda|conversatorio)\s*[:|–—]\s+`)
	// eventSuffix: " – Example Forum 2018" after a title: an event name
	// of a few words, with its year.
	eventSuffix = regexp.MustCompile(`\s+[–—-]\s+(?:the\s+)?(?:[\p{Lu}\d][\p{L}\d+&'’.\-]*\s+){0,4}(?i:forum|summit|conference|congress|week|expo|igf|wsis|assembly|symposium|festival)(?:\s+[\p{Lu}\d][\p{L}\d+&'’.\-]*){0,3}(?:\s+(?:19|20)\d\d)?$`)
	// scheduleSuffix: " – Day 1, 16 July, 8:30 am" after a title: the
	// slot of a programme (day, weekday, date, time), not the title.
	scheduleSuffix = regexp.MustCompile(`\s+[–—-]\s+(?i:(?:day|jour|d[ií]a)\s+\d{1,2}\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}[:.]\d{2}\s*(?:am|pm|h)?)[^–—]*$`)
	byline         = regexp.MustCompile(`(?i)^(?:by|posted by|written by|published|posted|author|(?:co-?)?organi[sz]ed by|organis[ée]e?s? par|organizad[oa]s? por|hosted by|convened by|presented by|moderated by|sponsored by|supported by|in (?:partnership|collaboration|cooperation) with)\b`)
)

// titleCandidate is a line competing to be the title.
type titleCandidate struct {
	line  int
	text  string
	score float64
	why   []string
}

func (c *titleCandidate) add(points float64, reason string) {
	c.score += points
	c.why = append(c.why, fmt.Sprintf("%s %+g", reason, points))
}

// labelledTitle reads a title field: "Title of your session", "Title:",
// "Summary of Session: …", the value on the line or the next one.
func labelledTitle(d *doc) (string, int) {
	for i, l := range d.lines {
		m := titleLabel.FindStringSubmatch(stripBullet(l))
		if m == nil {
			continue
		}
		t, at := strings.TrimSpace(m[1]), i
		if t == "" {
			if j := d.nonEmpty(i + 1); j >= 0 {
				t, at = d.lines[j], j
			}
		}
		if t != "" {
			return cleanTitle(t), at
		}
	}
	return "", -1
}

// sessionTitle picks the title of a page and notes why.
func sessionTitle(d *doc) string {
	if t, i := labelledTitle(d); t != "" {
		d.note("title", t, "title: labelled field", i)
		return t
	}
	best := bestTitle(d)
	if best == nil {
		return ""
	}
	d.note("title", best.text, "title: best candidate ("+strings.Join(best.why, ", ")+")", best.line)
	return best.text
}

// bestTitle scores the first real lines of the page.
func bestTitle(d *doc) *titleCandidate {
	var cands []*titleCandidate
	rank := 0
	for i := 0; i < len(d.lines) && i < 80 && rank < 14; i++ {
		l := d.lines[i]
		if l == "" || d.furniture[i] {
			continue
		}
		c := scoreTitle(d, i, rank)
		rank++
		if c != nil {
			cands = append(cands, c)
		}
	}
	var best *titleCandidate
	for _, c := range cands {
		if best == nil || c.score > best.score {
			best = c
		}
	}
	if best == nil || best.score < 0 {
		return nil
	}
	return best
}

// scoreTitle scores line i, the rank-th real line of the page.
func scoreTitle(d *doc, i, rank int) *titleCandidate {
	raw := prefix(d.lines[i], headLineMax)
	c := &titleCandidate{line: i}
	t := stripBullet(raw)
	bullet := t != raw
	// "Title | Site", "title · 5/3/2016 · …": the first part is the title,
	// unless it is the event and the second the title.
	for _, sep := range []string{" | ", " · "} {
		if a, b, ok := strings.Cut(t, sep); ok {
			if igfPrefix.MatchString(a) || sep == " | " && eventIGF.MatchString(a) && !eventIGF.MatchString(b) {
				t = b
			} else {
				t = a
			}
		}
	}
	if m := igfPrefix.FindStringSubmatch(t); m != nil {
		t = strings.TrimSpace(m[1])
		if t == "" {
			if j := d.nonEmpty(i + 1); j >= 0 {
				t = d.lines[j]
			}
		}
		c.add(8, "IGF session prefix")
	} else if m := idPrefix.FindStringSubmatch(t); m != nil {
		t = m[1]
		c.add(6, "session number before it")
	} else if m := idSuffix.FindStringSubmatch(t); m != nil {
		t = m[1]
		c.add(6, "session number after it")
	} else if m := idInside.FindStringSubmatch(t); m != nil {
		t = m[1]
		c.add(6, "session number, then the title")
	}
	c.text = cleanTitle(t)
	if c.text == "" || len(c.text) < 3 {
		return nil
	}
	words := len(strings.Fields(c.text))
	if rank < 4 {
		c.add([]float64{4, 2.5, 1.5, 1}[rank], "position")
	}
	if d.heading[i] > 0 {
		c.add(float64(4-min(d.heading[i], 3)), "heading")
	}
	switch {
	case words == 1 && d.heading[i] != 1:
		// A top-level heading may be a one-word name ("# TideWatch").
		c.add(-4, "one word")
	case words == 1:
	case words <= 22:
		c.add(1, "title length")
	case words > 40:
		c.add(-8, "a paragraph")
	default:
		c.add(-4, "long")
	}
	if strings.HasSuffix(c.text, ".") && words > 12 || sentenceLike(c.text) {
		c.add(-5, "a sentence")
	}
	if isDateLine(raw) {
		c.add(-10, "a date line")
	}
	if byline.MatchString(c.text) {
		c.add(-10, "a by-line")
	}
	if boiler.MatchString(c.text) || roleHeading.MatchString(c.text) {
		c.add(-10, "a section label")
	}
	if kicker.MatchString(c.text) {
		c.add(-6, "a category kicker")
	}
	if eventOnly.MatchString(c.text) {
		c.add(-2, "an event name")
	}
	if bullet {
		c.add(-3, "a list item")
	}
	if label, value, ok := field(raw); ok && !titleLabel.MatchString(raw) {
		switch {
		case value == "":
			c.add(-8, "a field label")
		case fieldLabelWord.MatchString(label):
			c.add(-10, "a field")
		}
	}
	if p := d.prevNonEmpty(i); p >= 0 {
		if _, v, ok := field(d.lines[p]); ok && v == "" && !boiler.MatchString(d.lines[p]) {
			c.add(-8, "the value of a field")
		}
		if isTimeLine(d.lines[p]) && !isDateLine(raw) {
			c.add(3, "after a time line")
		} else if pl := d.lines[p]; (isDateLine(pl) || roomLine.MatchString(pl) || venueLine(pl)) && !isDateLine(raw) && !roomLine.MatchString(raw) && !venueLine(raw) && rank < 8 {
			c.add(2, "after the date, room or venue of a header")
		}
	}
	if venueLine(c.text) || roomLine.MatchString(c.text) {
		c.add(-6, "a venue or room")
	}
	if h, _ := honorific(c.text); h != "" {
		c.add(-6, "a person")
	}
	if sessionBlockHead(d, i) {
		c.add(6, "opens a session block")
	}
	return c
}

var (
	// fieldLabelWord: labels of schedule fields, never titles.
	fieldLabelWord = regexp.MustCompile(`(?i)\b(?:organi[sz]er|speaker|moderator|date|time|venue|room|format|duration|location|theme|type|track|language|deadline|contact|e-?mail|phone|country|stakeholder)s?\b`)
	// roomLine: "Main Hall", "Room XII", "Conference Room 6", "Plenary 2".
	roomLine      = regexp.MustCompile(`(?i)^(?:main hall|plenary(?: hall| room)?(?: [\w.]{1,6})?|(?:conference |meeting |workshop )?room [\w.\-]{1,8}(?:,.*)?|hall [\w.]{1,6}|auditorium.*|.{0,40}\broom [\w.\-]{1,6}(?:\s*\(.*\))?)$`)
	sentenceWords = regexp.MustCompile(`(?i)\b(?:is|are|was|were|has|have|will|would|can|we|our|this|these)\b`)
)

// sentenceLike reports a line that reads as prose: several verbs and
// function words, a full stop inside.
func sentenceLike(s string) bool {
	return len(strings.Fields(s)) > 14 && len(sentenceWords.FindAllString(s, 6)) >= 3
}

// sessionBlockHead reports whether line i heads a session block: a time
// line right under it, then a role heading (Moderators, Panellists)
// within two more lines.
func sessionBlockHead(d *doc, i int) bool {
	j := d.nonEmpty(i + 1)
	if j < 0 || !isTimeLine(d.lines[j]) {
		return false
	}
	for k := 0; k < 2; k++ {
		if j = d.nonEmpty(j + 1); j < 0 {
			return false
		}
		if roleSection.MatchString(stripBullet(d.lines[j])) {
			return true
		}
	}
	return false
}

// venueLine: "United Nations Office in Nairobi, Nairobi, Kenya" — a place
// ending in a country, with commas.
func venueLine(s string) bool {
	f := splitFields(s)
	if len(f) < 2 || len(s) > 120 {
		return false
	}
	_, ok := countryField(f[len(f)-1])
	return ok
}

// cleanTitle trims a title, drops a session-type or award suffix after a
// dash and a trailing colon.
func cleanTitle(t string) string {
	t = collapse(stripBullet(t))
	if cut := titleSuffix.ReplaceAllString(t, ""); len(cut) >= 12 {
		t = cut
	}
	if cut := scheduleSuffix.ReplaceAllString(t, ""); len(cut) >= 12 {
		t = cut
	}
	if cut := eventSuffix.ReplaceAllString(t, ""); len(cut) >= 12 {
		t = cut
	}
	if cut := sessionParen.ReplaceAllString(t, ""); len(cut) >= 12 {
		t = cut
	}
	if cut := titleKicker.ReplaceAllString(t, ""); len(cut) >= 12 {
		t = cut
	}
	t = strings.TrimRight(t, ": ")
	// Emoji and other symbols decorating a heading ("# Name 🌊") are no
	// part of the title.
	t = strings.TrimFunc(t, func(r rune) bool {
		return unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || r == '\ufe0f' || unicode.IsSpace(r)
	})
	if r := []rune(t); len(r) > 300 {
		t = string(r[:300])
	}
	return strings.TrimSpace(t)
}

// sessionIDOf reads "WS #273", "Open Forum #100" or "Session 208".
func sessionIDOf(d *doc) string {
	head := strings.Join(d.head(8), "\n")
	if m := sessionID.FindStringSubmatch(head); m != nil {
		kind := m[1]
		if len(kind) <= 3 {
			kind = strings.ToUpper(kind)
		}
		return kind + " #" + m[2]
	}
	if m := sessNum.FindStringSubmatch(d.text); m != nil {
		return "Session " + m[1]
	}
	return ""
}

// formatOf reads an IGF session format line "Round Table - Circle - 60 Min".
func formatOf(d *doc) (string, int) {
	for i, l := range d.lines {
		if formatLine.MatchString(l) {
			return l, i
		}
	}
	return "", -1
}
