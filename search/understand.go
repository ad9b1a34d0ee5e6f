package search

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// Chip is a filter understood from the query text. Source is the text it
// came from.
//
// A chip written as filter syntax ("sdg:5") is Applied: it filters the
// results like the facet parameter would. A chip inferred from free words
// ("SDG 5", "e-health", "Africa") is only offered: records carrying the
// value rank higher, nothing is hidden, and Count says how many of the
// results carry it (0 when the value is not a counted facet). An offered
// chip whose value the request also selects as a filter is Applied too.
type Chip struct {
	Facet   string `json:"facet"`
	Value   string `json:"value"`
	Label   string `json:"label"`
	Source  string `json:"source,omitempty"`
	Applied bool   `json:"applied"`
	Syntax  bool   `json:"syntax,omitempty"` // written as filter syntax in the query
	Count   int    `json:"count,omitempty"`
}

// Understood is what Understand made of a query: the text searched (every
// word but the filter syntax and a few filler words), the chips, and the
// query as corrected when some of its words were unknown to the index.
type Understood struct {
	Text      string `json:"text"`
	Chips     []Chip `json:"chips,omitempty"`
	Corrected string `json:"corrected,omitempty"`
	// parts are the things the text asks for, in the order typed: what
	// the query policy turns into Bleve queries.
	parts []part
}

// part is one thing a query asks for: a word, a quoted phrase, or words
// understood as a code (an SDG, an action line, a region...). A part with
// a chip also matches records tagged with the chip's value.
type part struct {
	text   string
	phrase bool  // quoted by the user: must match as written
	chip   *Chip // the value this part names, if any
	// places are the countries of a group of countries the part names
	// ("Gulf states"): it matches their names and country tags.
	places []string
}

var (
	reQuoted = regexp.MustCompile(`"[^"]*"`)
	reSDG    = regexp.MustCompile(`(?i)\b(?:sdgs?|goal)\s*#?\s*(\d{1,2})\b`)
	reAL     = regexp.MustCompile(`(?i)\b(?:(?:wsis\s+)?action\s+lines?\s*|al\s*)?[CС]\s?(\d{1,2})(?:\s*[.:]?\s*e\s?-\s?(?:government|business|learning|health|employment|environment|agriculture|science))?\b`)
	reSub    = regexp.MustCompile(`(?i)\be\s?-?\s?(government|business|learning|health|employment|environment|agriculture|science)\b`)
	reYear   = regexp.MustCompile(`\b(199\d|20\d\d)\b`)
	// Regions named in several words are read before countries ("Latin
	// America" is not the USA), those of one word after ("South Africa"
	// is a country).
	reRegionPhrase = regexp.MustCompile(`(?i)\b(arab\s+states|arab\s+region|asia\s*(?:&|and(?:\s+the)?)\s*pacific|asia-pacific|latin\s+america|am[ée]rica\s+latina|am[ée]rique\s+latine)\b`)
	reRegionWord   = regexp.MustCompile(`(?i)\b(asia|africa|afrique|americas|europe|cis)\b`)
	reEvent        = regexp.MustCompile(`(?i)\b(igf|wsis\s+forum|wsis\s+prizes?)\b`)
	reRoleModel    = regexp.MustCompile(`(?i)\brole\s+(models?)\b`)
	// placeholder marks where a code was found, so parts keep their order.
	rePlaceholder = regexp.MustCompile("\x00(\\d+)\x00")
)

// kindWords are words that name a kind of record. "Practices" is not one:
// "best practices" are projects and sessions alike.
var kindWords = map[string]string{
	"project": "project", "projects": "project",
	"session": "session", "sessions": "session", "workshop": "session", "workshops": "session",
	"people": "person", "person": "person",
}

// filler words carry no meaning of their own in a search box ("projects
// linked to SDG 2", "women who spoke before").
var filler = map[string]bool{"in": true, "for": true, "on": true, "of": true, "the": true, "and": true,
	"from": true, "by": true, "with": true, "to": true, "a": true, "an": true, "about": true, "at": true,
	"linked": true, "related": true, "who": true, "spoke": true, "before": true}

// roleWords name people by what they do: next to one, a word for women
// is about the person's gender ("women engineers telecom", "woman
// journalist moderator") rather than a topic ("women's rights").
var roleWords = map[string]bool{"speaker": true, "speakers": true, "panellist": true, "panellists": true,
	"panelist": true, "panelists": true, "expert": true, "experts": true, "moderator": true, "moderators": true,
	"engineer": true, "engineers": true, "journalist": true, "journalists": true, "leader": true, "leaders": true,
	"scientist": true, "scientists": true, "researcher": true, "researchers": true, "entrepreneur": true,
	"entrepreneurs": true, "founder": true, "founders": true, "activist": true, "activists": true,
	"developer": true, "developers": true, "champion": true, "champions": true, "role-model": true, "role-models": true}

// genderWords say the query is about women.
var genderWords = map[string]bool{"women": true, "woman": true, "female": true, "girls": true, "girl": true,
	"femmes": true, "femme": true, "mujeres": true, "mujer": true}

// Understand reads a query: filter syntax ("sdg:5", "al:C4",
// `region:"Asia & Pacific"`) becomes applied chips; SDGs ("SDG 5", "goal
// 5"), action lines ("C7", "AL C4", "e-health", official titles), ITU
// regions, countries, years, events, kinds of record and women as a topic
// or as people become offered chips, their words still searched. Quoted
// phrases are left alone.
func Understand(q string) Understood {
	var u Understood
	// add records a chip once and returns a copy for the part naming it.
	add := func(facet, value, source string, syntax bool) *Chip {
		c := Chip{Facet: facet, Value: value, Label: chipLabel(facet, value),
			Source: strings.TrimSpace(source), Applied: syntax, Syntax: syntax}
		if !slices.ContainsFunc(u.Chips, func(x Chip) bool { return x.Facet == facet && x.Value == value }) {
			u.Chips = append(u.Chips, c)
		}
		return &c
	}
	// NUL marks the places of codes below; typed, it would be one.
	q = strings.ReplaceAll(q, "\x00", " ")
	rest := filterSyntax(q, func(facet, value, source string) { add(facet, value, source, true) })

	// Codes become placeholders, so the parts keep the order typed.
	var codes []part
	mark := func(facet, value, source string) string {
		codes = append(codes, part{text: strings.TrimSpace(source), chip: &Chip{Facet: facet, Value: value}})
		return " \x00" + strconv.Itoa(len(codes)-1) + "\x00 "
	}
	var quoted []string
	rest = reQuoted.ReplaceAllStringFunc(rest, func(m string) string {
		quoted = append(quoted, strings.Trim(m, `"`))
		return " \x00q" + strconv.Itoa(len(quoted)-1) + "\x00 "
	})
	rest = replaceCodes(reSDG, rest, func(m []string) string {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > 17 {
			return ""
		}
		return mark("sdg", strconv.Itoa(n), m[0])
	})
	for _, re := range []*regexp.Regexp{reAL, reSub} {
		rest = replaceCodes(re, rest, func(m []string) string {
			code, ok := taxonomy.ParseActionLine(m[0])
			if !ok {
				return ""
			}
			return mark("action_line", code, m[0])
		})
	}
	rest = replaceCodes(reYear, rest, func(m []string) string { return mark("year", m[1], m[0]) })
	rest = replaceCodes(reEvent, rest, func(m []string) string { return mark("event", eventName(m[1]), m[0]) })
	rest = replaceCodes(reSubRegion, rest, func(m []string) string {
		codes = append(codes, part{text: strings.TrimSpace(m[0]), places: subRegion(m[0])})
		return " \x00" + strconv.Itoa(len(codes)-1) + "\x00 "
	})
	region := func(m []string) string {
		r, ok := regionName(m[1])
		if !ok {
			return ""
		}
		return mark("region", r, m[0])
	}
	rest = replaceCodes(reRegionPhrase, rest, region)
	rest = countries(rest, func(code, source string) string { return mark("country", code, source) })
	rest = replaceCodes(reRegionWord, rest, region)

	words := strings.Fields(reRoleModel.ReplaceAllString(rest, "role-$1"))
	aboutPeople := slices.ContainsFunc(words, isRole)
	for _, w := range words {
		if m := rePlaceholder.FindStringSubmatch(w); m != nil {
			p := codes[atoi(m[1])]
			if p.chip != nil {
				p.chip = add(p.chip.Facet, p.chip.Value, p.text, false)
			}
			u.parts = append(u.parts, p)
			continue
		}
		if strings.HasPrefix(w, "\x00q") {
			if t := strings.TrimSpace(quoted[atoi(strings.Trim(w, "\x00q"))]); t != "" {
				u.parts = append(u.parts, part{text: t, phrase: true})
			}
			continue
		}
		low := strings.ToLower(trimPunct(w))
		switch {
		case low == "" || filler[low]:
		case genderWords[low] && aboutPeople:
			u.parts = append(u.parts, part{text: trimPunct(w), chip: add(FilterGender, "female", w, false)})
		case genderWords[low]:
			u.parts = append(u.parts, part{text: trimPunct(w), chip: add("gender_focus", "primary", w, false)})
		case kindWords[low] != "":
			u.parts = append(u.parts, part{text: trimPunct(w), chip: add("kind", kindWords[low], w, false)})
		default:
			u.parts = append(u.parts, part{text: trimPunct(w)})
		}
	}
	codeNames(u.parts, add)
	var text []string
	for _, p := range u.parts {
		switch {
		case p.phrase:
			text = append(text, `"`+p.text+`"`)
		default:
			text = append(text, p.text)
		}
	}
	u.Text = strings.Join(text, " ")
	return u
}

// codeNames offers the codes whose official names are among the words
// ("capacity building" names C4, "gender equality" SDG 5). The words
// rank as words: tagging every C4 record as a match of "capacity
// building" ranked worse on the dev set than the words alone.
func codeNames(parts []part, add func(facet, value, source string, syntax bool) *Chip) {
	var words []string
	for _, p := range parts {
		if p.chip == nil && !p.phrase {
			for _, w := range strings.Fields(taxonomy.Fold(p.text)) {
				if !filler[w] {
					words = append(words, w)
				}
			}
		}
	}
	joined := " " + strings.Join(words, " ") + " "
	for _, n := range codeNameList() {
		if strings.Contains(joined, " "+n.name+" ") {
			add(n.facet, n.value, n.name, false)
		}
	}
}

// replaceCodes replaces every match of re by what code returns for it;
// an empty answer keeps the match as words.
func replaceCodes(re *regexp.Regexp, s string, code func(m []string) string) string {
	return re.ReplaceAllStringFunc(s, func(match string) string {
		if r := code(re.FindStringSubmatch(match)); r != "" {
			return r
		}
		return match
	})
}

func eventName(s string) string {
	switch low := strings.ToLower(strings.Join(strings.Fields(s), " ")); {
	case strings.HasPrefix(low, "wsis prize"):
		return "WSIS Prizes"
	case low == "wsis forum":
		return "WSIS Forum"
	}
	return "IGF"
}

// regionName reads an ITU region, in English, French or Spanish.
func regionName(s string) (string, bool) {
	f := taxonomy.Fold(s)
	switch f {
	case "afrique":
		return taxonomy.RegionAfrica, true
	case "america latina", "américa latina", "amerique latine", "amérique latine":
		return taxonomy.RegionAmericas, true
	}
	return taxonomy.ParseITURegion(s)
}

// isRole reports whether w names people by a role.
func isRole(w string) bool { return roleWords[strings.ToLower(trimPunct(w))] }

func trimPunct(w string) string { return strings.Trim(w, ",;.?!()") }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// countries finds country names, trying three-, two- and one-word windows so
// "South Africa" wins over the region "Africa". A lower-case word counts
// only when it is the country's own name, so "french fries" or "chad" as a
// first name typed in lower case are rarer mistakes than missing "kenya".
// mark returns what replaces the words of a country found.
func countries(s string, mark func(code, source string) string) string {
	words := strings.Fields(s)
	repl := make([]string, len(words))
	used := make([]bool, len(words))
	for n := 3; n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			if slices.Contains(used[i:i+n], true) {
				continue
			}
			phrase := trimPunct(strings.Join(words[i:i+n], " "))
			if len(phrase) < 4 || strings.ContainsRune(phrase, '\x00') {
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
			repl[i] = mark(c.Code, phrase)
			for j := i; j < i+n; j++ {
				used[j] = true
			}
		}
	}
	var out []string
	for i, w := range words {
		switch {
		case repl[i] != "":
			out = append(out, repl[i])
		case !used[i]:
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

// offered fills in how many of the results carry each chip's value, from
// the facet counts of the response ("Only SDG 5 (12)"). Values that are
// not facets (a speaker's gender) keep a zero count.
func offered(u Understood, facets []Facet) Understood {
	chips := slices.Clone(u.Chips)
	for i, c := range chips {
		for _, f := range facets {
			if f.Name != c.Facet {
				continue
			}
			for _, v := range f.Values {
				if v.Value == c.Value {
					chips[i].Count = v.Count
				}
			}
		}
	}
	u.Chips = chips
	return u
}
