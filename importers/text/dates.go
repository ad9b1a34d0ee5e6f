package text

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var (
	months  = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
	dateDMY = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(` + months + `)\.?,?\s+((?:19|20)\d\d)\b`)
	dateMDY = regexp.MustCompile(`(?i)\b(` + months + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,\s*((?:19|20)\d\d)\b`)
	dateISO = regexp.MustCompile(`\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b`)
	eventYr = regexp.MustCompile(`(?i)\b(?:IGF|WSIS|Forum|Summit|Awards?|Prizes?)\s*((?:19|20)\d\d)\b`)
	// "the 2018 awards", "2017 Girls in ICT Day", "2018 EQUALS in Tech Award".
	yearEvent = regexp.MustCompile(`(?i)\b((?:19|20)\d\d)\s+(?:[\w-]+\s+){0,4}?(?:awards?|prizes?|forum|summit|igf|day|edition|ceremony)\b`)
	urlYear   = regexp.MustCompile(`(?:[/\-_.]|[a-z])((?:19|20)\d\d)(?:[/\-_.]|$)`)
	anyYear   = regexp.MustCompile(`\b((?:19|20)\d\d)\b`)
	// "2-5 September 2014", "27 -30 September 2011", "15–18 Nov 2009".
	dateRange = regexp.MustCompile(`(?i)\b(\d{1,2})\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?\s+(` + months + `)\.?,?\s+((?:19|20)\d\d)\b`)
	// Deadline lines of call templates carry dates that are no session's.
	deadline = regexp.MustCompile(`(?i)\b(?:deadline|submi(?:t|ts|tted|ssions?)|until|no later than|closes?)\b`)
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
	head, at := d.headAt(12)
	rangeDate, rangeYear, rangeAt := "", 0, -1
	for k, l := range head {
		if deadline.MatchString(l) {
			continue
		}
		if len(l) > 200 {
			// In a paragraph only an opening date counts ("On 11th July
			// 2019, stakeholders …"), not one the story looks back to.
			l = prefix(l, 60)
		}
		if date, y := findDate(l); date != "" {
			if dateRange.MatchString(l) {
				// "2-5 September 2014" is the meeting's span; a single
				// date further down is the session's.
				if rangeAt < 0 {
					rangeDate, rangeYear, rangeAt = date, y, at[k]
				}
				continue
			}
			// A date above the headline may be the site's "today" or the
			// day of publication; an event or award with its year in
			// the headline names the record's year ("X wins 2022 …
			// Award").
			if k == 0 {
				for j := 1; j < min(3, len(head)); j++ {
					for _, re := range []*regexp.Regexp{eventYr, yearEvent} {
						if m := re.FindStringSubmatch(head[j]); m != nil && len(head[j]) <= 200 {
							if ey, _ := strconv.Atoi(m[1]); ey != y && ey > 1990 {
								d.note("year", m[1], "year: event named with its year in the headline, not the date above it", at[j])
								return ey, ""
							}
						}
					}
				}
			}
			d.note("date", date, "date: first date near the top", at[k])
			return y, date
		}
	}
	if rangeAt >= 0 {
		if m := dateRange.FindStringSubmatch(d.lines[rangeAt]); m != nil {
			if start, y := findDate(m[1] + " " + m[2] + " " + m[3]); start != "" {
				rangeDate, rangeYear = start, y
			}
		}
		d.note("date", rangeDate, "date: start of a date range near the top", rangeAt)
		return rangeYear, rangeDate
	}
	for _, re := range []*regexp.Regexp{eventYr, yearEvent} {
		for k, l := range head {
			if m := re.FindStringSubmatch(l); m != nil {
				y, _ := strconv.Atoi(m[1])
				d.note("year", m[1], "year: event named with its year near the top", at[k])
				return y, ""
			}
		}
	}
	if m := urlYear.FindStringSubmatch(d.url); m != nil {
		y, _ := strconv.Atoi(m[1])
		d.note("year", m[1], "year: in the source URL", -1)
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
	if best != 0 {
		d.note("year", strconv.Itoa(best), "year: the year written most often", -1)
	}
	return best, ""
}

var (
	eventIGF    = regexp.MustCompile(`\bIGF\b|(?i)internet governance forum`)
	eventWSISF  = regexp.MustCompile(`(?i)\bWSIS\s+Forum\b`)
	eventPrizes = regexp.MustCompile(`(?i)\bWSIS\s+(?:Project\s+)?Prizes?\b|\b(?:prix|premios?)\s+(?:SMSI|CMSI)\b`)
	eventAwards = regexp.MustCompile(`\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s+Awards)\b`)
	eventWSIS   = regexp.MustCompile(`\bWSIS\b`)
)

// head returns the first n non-empty lines that are not furniture, each cut
// to headLineMax bytes.
func (d *doc) head(n int) []string {
	out, _ := d.headAt(n)
	return out
}

// headAt is head with the index of each line.
func (d *doc) headAt(n int) ([]string, []int) {
	var out []string
	var at []int
	for i, l := range d.lines {
		if l != "" && !d.furniture[i] {
			out = append(out, prefix(l, headLineMax))
			at = append(at, i)
			if len(out) == n {
				break
			}
		}
	}
	return out, at
}

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
		d.note("event", e, "event: named in the first lines", -1)
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
