package text

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

var (
	// Strong signs of a session page: numbered organizer/speaker fields,
	// caption turns, a session number, a session template.
	sessionMarker = regexp.MustCompile(`(?im)^(?:organizer|speaker)\s*\d+\s*:|^>>|^session\s+\d+\s*$|\btemplate\b|^speakers(?: and moderators)?\s*:?\s*$|^moderators?\s*:?\s*$|\bfacilitation meeting\b|\bworkshop\b|^\S.{0,80}\s-\s\d{2,3}\s*min\s*$`)
	// Words that make a page about a project (or an award to one).
	// Key-value fields of a project page ("Organization: X", "Country: Y").
	projectField = regexp.MustCompile(`(?im)^(?:organi[sz]ation|country|project owner|entity)\s*:\s*\S`)
	projectCue   = regexp.MustCompile(`(?i)\b(?:prizes?|awards?|winners?|winning|champions?|nominated|nominees?|projects?|non-?profit|start-?up|initiative)\b`)
)

// headLineMax caps each head line: headings are short, and a megabyte line
// must not make every head probe scan a megabyte.
const headLineMax = 400

// prefix cuts s to at most n bytes on a rune boundary.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// head returns the first n non-empty lines, each cut to headLineMax bytes.
func (d *doc) head(n int) []string {
	var out []string
	for _, l := range d.lines {
		if l != "" {
			out = append(out, prefix(l, headLineMax))
			if len(out) == n {
				break
			}
		}
	}
	return out
}

// detectKind decides between a person profile, a project page and a session
// report (the default).
func detectKind(d *doc) record.Kind {
	if sessionMarker.MatchString(d.text) {
		return record.KindSession
	}
	if projectField.MatchString(strings.Join(d.head(8), "\n")) {
		return record.KindProject
	}
	if _, ok := findProfile(d); ok {
		return record.KindPerson
	}
	if projectCue.MatchString(strings.Join(d.head(4), "\n")) {
		return record.KindProject
	}
	return record.KindSession
}

var (
	months   = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
	dateDMY  = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(` + months + `)\.?,?\s+((?:19|20)\d\d)\b`)
	dateMDY  = regexp.MustCompile(`(?i)\b(` + months + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,\s*((?:19|20)\d\d)\b`)
	dateISO  = regexp.MustCompile(`\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b`)
	eventYr  = regexp.MustCompile(`(?i)\b(?:IGF|WSIS|Forum|Summit|Awards?|Prizes?)\s+((?:19|20)\d\d)\b`)
	urlYear  = regexp.MustCompile(`[/\-_]((?:19|20)\d\d)(?:[/\-_.]|$)`)
	anyYear  = regexp.MustCompile(`\b((?:19|20)\d\d)\b`)
	deadline = regexp.MustCompile(`(?i)\b(?:deadline|submit|until|by)\b`)
)

// monthNumber maps a month name or abbreviation to 1..12.
func monthNumber(m string) int {
	m = strings.ToLower(m)
	for i, p := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(m, p) {
			return i + 1
		}
	}
	return 0
}

// findDate returns the first date written in s as YYYY-MM-DD.
func findDate(s string) (string, int) {
	type hit struct {
		at       int
		y, m, dd int
	}
	var hits []hit
	if m := dateDMY.FindStringSubmatchIndex(s); m != nil {
		dd, _ := strconv.Atoi(s[m[2]:m[3]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		hits = append(hits, hit{m[0], y, monthNumber(s[m[4]:m[5]]), dd})
	}
	if m := dateMDY.FindStringSubmatchIndex(s); m != nil {
		dd, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		hits = append(hits, hit{m[0], y, monthNumber(s[m[2]:m[3]]), dd})
	}
	if m := dateISO.FindStringSubmatchIndex(s); m != nil {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		dd, _ := strconv.Atoi(s[m[6]:m[7]])
		hits = append(hits, hit{m[0], y, mo, dd})
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	for _, h := range hits {
		if h.m >= 1 && h.m <= 12 && h.dd >= 1 && h.dd <= 31 {
			return fmt.Sprintf("%04d-%02d-%02d", h.y, h.m, h.dd), h.y
		}
	}
	return "", 0
}

// yearAndDate reads the session or publication date: a date line near the
// top first (deadlines excluded), then an event with its year near the top,
// then a year in the source URL, then the year written most often.
func yearAndDate(d *doc) (int, string) {
	head := d.head(12)
	for _, l := range head {
		if deadline.MatchString(l) {
			continue
		}
		if date, y := findDate(l); date != "" {
			return y, date
		}
	}
	for _, l := range head {
		if m := eventYr.FindStringSubmatch(l); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y, ""
		}
	}
	if m := urlYear.FindStringSubmatch(d.url); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y, ""
	}
	counts := map[int]int{}
	best := 0
	for _, m := range anyYear.FindAllStringSubmatch(d.text, 2000) {
		y, _ := strconv.Atoi(m[1])
		counts[y]++
		if counts[y] > counts[best] || (counts[y] == counts[best] && y > best) {
			best = y
		}
	}
	return best, ""
}

var (
	eventIGF    = regexp.MustCompile(`\bIGF\b|(?i)internet governance forum`)
	eventWSISF  = regexp.MustCompile(`(?i)\bWSIS\s+Forum\b`)
	eventPrizes = regexp.MustCompile(`(?i)\bWSIS\s+(?:Project\s+)?Prizes?\b`)
	eventAwards = regexp.MustCompile(`\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s+Awards)\b`)
	eventWSIS   = regexp.MustCompile(`\bWSIS\b`)
)

// detectEvent names the event the document belongs to, judged from its first
// lines and source URL, then from the whole text.
func detectEvent(d *doc) string {
	probe := func(s string) string {
		switch {
		case eventIGF.MatchString(s):
			return "IGF"
		case eventWSISF.MatchString(s):
			return "WSIS Forum"
		case eventPrizes.MatchString(s):
			return "WSIS Prizes"
		}
		if m := eventAwards.FindStringSubmatch(s); m != nil {
			return m[1]
		}
		return ""
	}
	head := strings.Join(d.head(5), "\n")
	if e := probe(head); e != "" {
		return e
	}
	u := strings.ToLower(d.url)
	switch {
	case strings.Contains(u, "intgovforum") || strings.Contains(u, "igf"):
		return "IGF"
	case strings.Contains(u, "wsis/forum"):
		return "WSIS Forum"
	}
	// In the body, the event named most often wins over the first named.
	body := prefix(d.text, 64<<10)
	igf := len(eventIGF.FindAllStringIndex(body, 200))
	forum := len(eventWSISF.FindAllStringIndex(body, 200))
	switch {
	case forum > 0 && forum >= igf:
		return "WSIS Forum"
	case igf > 0:
		return "IGF"
	}
	if e := probe(body); e != "" {
		return e
	}
	if eventWSIS.MatchString(head) {
		return "WSIS Forum"
	}
	return ""
}

var (
	titleLabel = regexp.MustCompile(`(?i)^(?:\d+\)\s*)?(?:title of (?:your |the )?session|session title|title|summary of session)\s*[:.]?\s*(.*)$`)
	boiler     = regexp.MustCompile(`(?i)^(?:you are here|skip to|home$|menu$|event report$|template\b|panell?ists?$|speakers?:?$|back to|share\b|print\b)`)
	// "IGF 2021 WS #273 ...", "IGF 2022 Day 3 WS #283 ...".
	igfPrefix = regexp.MustCompile(`(?i)^IGF\s+\d{4}\s*(?:[-–]\s*)?(?:Day\s+\d+\s*(?:[-–]\s*)?)?(?:Room\s+[\w.]+(?:\s+[\w.]+)?\s*[-–]\s*)?(?:WS|OF|DC|NRI|Open Forum|Workshop|Town Hall|Lightning Talk|Networking Session|Launch(?: ?& ?Award)?|Main Session|Day 0 Event)\s*#?\s*\d+\s*[:\-–]?\s*(.*)$`)
	sessionID = regexp.MustCompile(`(?i)\b(WS|OF|DC|Open Forum|Workshop|Town Hall|Lightning Talk|Networking Session|Day 0 Event)\s*#\s*(\d+)\b`)
	sessNum   = regexp.MustCompile(`(?im)^session\s+(\d+)\s*$`)
	// " – WSIS Action Line Facilitation Meeting for ..." after a title.
	titleSuffix = regexp.MustCompile(`\s+[–—-]\s+.*(?i:facilitation meeting|action lines?|session|workshop).*$`)
	formatLine  = regexp.MustCompile(`(?i)^[A-Z][\w ,&/()\-]{2,60}\s-\s\d{2,3}\s*min$`)
)

// sessionTitle finds the title: a labelled title field first, then the first
// real line with an IGF "WS #n" prefix or an " | event" suffix removed.
func sessionTitle(d *doc) string {
	for i, l := range d.lines {
		m := titleLabel.FindStringSubmatch(stripBullet(l))
		if m == nil {
			continue
		}
		t := strings.TrimSpace(m[1])
		if t == "" {
			if j := d.nonEmpty(i + 1); j >= 0 {
				t = d.lines[j]
			}
		}
		if t != "" {
			return cleanTitle(t)
		}
	}
	for i, l := range d.lines {
		if l == "" || boiler.MatchString(l) {
			continue
		}
		if m := igfPrefix.FindStringSubmatch(l); m != nil {
			if t := strings.TrimSpace(m[1]); t != "" {
				return cleanTitle(t)
			}
			if j := d.nonEmpty(i + 1); j >= 0 {
				return cleanTitle(d.lines[j])
			}
		}
		if a, b, ok := strings.Cut(l, " | "); ok {
			if igfPrefix.MatchString(a) || eventIGF.MatchString(a) && !eventIGF.MatchString(b) {
				return cleanTitle(b)
			}
			return cleanTitle(a)
		}
		return cleanTitle(l)
	}
	return ""
}

// cleanTitle trims a title and drops a session-type suffix after a dash.
func cleanTitle(t string) string {
	t = collapse(stripBullet(t))
	if cut := titleSuffix.ReplaceAllString(t, ""); len(cut) >= 12 {
		t = cut
	}
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
