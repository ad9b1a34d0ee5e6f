package search

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// Chip is a filter understood from the query text, shown so the user can
// remove it. Source is the text it came from.
type Chip struct {
	Facet  string `json:"facet"`
	Value  string `json:"value"`
	Label  string `json:"label"`
	Source string `json:"source,omitempty"`
}

// Understood is what Understand made of a query: filters and the text left
// for full-text search.
type Understood struct {
	Text  string `json:"text"`
	Chips []Chip `json:"chips,omitempty"`
}

var (
	reQuoted = regexp.MustCompile(`"[^"]*"`)
	reSDG    = regexp.MustCompile(`(?i)\b(?:sdgs?|goal)\s*#?\s*(\d{1,2})\b`)
	reAL     = regexp.MustCompile(`(?i)\b(?:(?:wsis\s+)?action\s+lines?\s*|al\s*)?[CС]\s?(\d{1,2})(?:\s*[.:]?\s*e\s?-\s?(?:government|business|learning|health|employment|environment|agriculture|science))?\b`)
	reSub    = regexp.MustCompile(`(?i)\be\s?-?\s?(government|business|learning|health|employment|environment|agriculture|science)\b`)
	reYear   = regexp.MustCompile(`\b(199\d|20\d\d)\b`)
	reRegion = regexp.MustCompile(`(?i)\b(arab\s+states|arab\s+region|asia\s*(?:&|and(?:\s+the)?)\s*pacific|asia-pacific|africa|americas|latin\s+america|europe|cis)\b`)
	reEvent  = regexp.MustCompile(`(?i)\b(igf|wsis\s+forum|wsis\s+prizes?)\b`)
)

// kindWords are words that name a kind of record.
var kindWords = map[string]string{
	"project": "project", "projects": "project", "practice": "project", "practices": "project",
	"session": "session", "sessions": "session", "workshop": "session", "workshops": "session",
	"people": "person", "person": "person",
}

// filler words carry no meaning once the filters are taken out
// ("projects in Africa for SDG 2" leaves "in for").
var filler = map[string]bool{"in": true, "for": true, "on": true, "of": true, "the": true, "and": true,
	"from": true, "by": true, "with": true, "to": true, "a": true, "an": true, "about": true, "at": true,
	"linked": true, "related": true, "who": true, "spoke": true, "before": true}

// peopleWords name people without naming a kind of record: the gender
// filter they enable covers session speakers and person records alike.
var peopleWords = map[string]bool{"speakers": true, "speaker": true, "panellists": true, "panelists": true,
	"experts": true, "expert": true}

// Understand pulls filters out of a query: "SDG 5", "goal 5", "C7",
// "AL C4", "e-health", ITU regions, countries, years, events, kinds of
// record and "women"/"speakers". Quoted phrases are left alone.
func Understand(q string) Understood {
	var chips []Chip
	add := func(facet, value, source string) {
		for _, c := range chips {
			if c.Facet == facet && c.Value == value {
				return
			}
		}
		chips = append(chips, Chip{Facet: facet, Value: value, Label: chipLabel(facet, value), Source: strings.TrimSpace(source)})
	}
	// Work on the text outside quotes; quoted phrases stay for full text.
	quoted := reQuoted.FindAllString(q, -1)
	rest := reQuoted.ReplaceAllString(q, " ")

	rest = replaceAll(reSDG, rest, func(m []string) bool {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > 17 {
			return false
		}
		add("sdg", strconv.Itoa(n), m[0])
		return true
	})
	rest = replaceAll(reAL, rest, func(m []string) bool {
		code, ok := taxonomy.ParseActionLine(m[0])
		if !ok {
			return false
		}
		add("action_line", code, m[0])
		return true
	})
	rest = replaceAll(reSub, rest, func(m []string) bool {
		code, ok := taxonomy.ParseActionLine(m[0])
		if !ok {
			return false
		}
		add("action_line", code, m[0])
		return true
	})
	rest = replaceAll(reYear, rest, func(m []string) bool { add("year", m[1], m[0]); return true })
	rest = replaceAll(reEvent, rest, func(m []string) bool {
		ev := "IGF"
		switch low := strings.ToLower(strings.Join(strings.Fields(m[1]), " ")); {
		case strings.HasPrefix(low, "wsis prize"):
			ev = "WSIS Prizes"
		case low == "wsis forum":
			ev = "WSIS Forum"
		}
		add("event", ev, m[0])
		return true
	})
	rest = countries(rest, add)
	rest = replaceAll(reRegion, rest, func(m []string) bool {
		r, ok := taxonomy.ParseITURegion(m[1])
		if !ok {
			return false
		}
		add("region", r, m[0])
		return true
	})

	// "women" is a person filter only next to a word for people ("women
	// speakers", "female experts"); alone it is a topic ("women journalists").
	aboutPeople := false
	for _, w := range strings.Fields(strings.ToLower(rest)) {
		aboutPeople = aboutPeople || peopleWords[strings.Trim(w, ",;.?!")]
	}
	var words []string
	for _, w := range strings.Fields(rest) {
		low := strings.ToLower(strings.Trim(w, ",;.?!"))
		switch {
		case aboutPeople && (low == "women" || low == "woman" || low == "female"):
			add(FilterGender, "female", w)
		case peopleWords[low]:
		case kindWords[low] != "":
			add("kind", kindWords[low], w)
		case filler[low]:
		default:
			words = append(words, w)
		}
	}
	text := strings.Join(append(words, quoted...), " ")
	return Understood{Text: strings.TrimSpace(text), Chips: chips}
}

// replaceAll removes every match of re that keep accepts.
func replaceAll(re *regexp.Regexp, s string, keep func(m []string) bool) string {
	return re.ReplaceAllStringFunc(s, func(match string) string {
		if keep(re.FindStringSubmatch(match)) {
			return " "
		}
		return match
	})
}

// countries finds country names, trying three-, two- and one-word windows so
// "South Africa" wins over the region "Africa". A lower-case word counts
// only when it is the country's own name, so "french fries" or "chad" as a
// first name typed in lower case are rarer mistakes than missing "kenya".
func countries(s string, add func(facet, value, source string)) string {
	words := strings.Fields(s)
	used := make([]bool, len(words))
	for n := 3; n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			if slices.Contains(used[i:i+n], true) {
				continue
			}
			phrase := strings.Trim(strings.Join(words[i:i+n], " "), ",;.?!")
			if len(phrase) < 4 {
				continue
			}
			c, ok := taxonomy.LookupCountry(phrase)
			if !ok {
				continue
			}
			first, _ := utf8First(phrase)
			if !unicode.IsUpper(first) && !strings.EqualFold(phrase, c.Name) {
				continue
			}
			add("country", c.Code, phrase)
			for j := i; j < i+n; j++ {
				used[j] = true
			}
		}
	}
	var out []string
	for i, w := range words {
		if !used[i] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

func utf8First(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}
