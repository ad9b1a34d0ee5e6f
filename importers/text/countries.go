package text

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// Countries are the countries a text writes, adjectives included
// ("Jordanian"), read through taxonomy.LookupCountry. Three kinds of
// mention are not subjects and are left out: venues ("held in Geneva,
// Switzerland", a dateline "Doha, Qatar:"), languages ("English & French
// interpretation", "taught in English and French"), and country words in
// the names and titles of people lists ("Qatar University"), where only a
// field that is a country or a country ending a field ("… of Ghana",
// "CERT Hungary") counts.

var (
	// Regional-group names contain demonyms that are not countries.
	groupPhrase = regexp.MustCompile(`(?i)latin american?(?:\s+and\s+(?:the\s+)?caribbean)?(?:\s+group)?|western european and others(?:\s+group)?|eastern european(?:\s+group)?|asia[- ]pacific(?:\s+group)?|african group|sub-saharan|european union`)
	wordRe      = regexp.MustCompile(`[\p{L}][\p{L}'’\-]*`)
	// venueBefore: the words before a country that make it where an event
	// took place: "in Geneva, ", "at the Yale Club in New York City, ",
	// "de Dakar, au ", "hosted in the Kingdom of ".
	venueBefore = regexp.MustCompile(`(?i)(?:\b(?:in|at|à|en|de)\s+(?:the\s+)?(?:[^,.;:()]{1,40},\s*){1,2}(?:au\s+|en\s+|the\s+)?|\b(?:held|hosted|took place|taking place|convened|tenue?|celebrad[oa])\s+(?:\w+\s+){0,3}?(?:in|at|à|en|au|by)\s+(?:the\s+)?(?:kingdom\s+of\s+|republic\s+of\s+)?|(?:\b(?:in|at|en)|(?:^|\s)à)\s+[\p{Lu}][\p{L}\-]+\s*\()$`)
	// venueCue: words of an event or of hosting in the same sentence.
	venueCue = regexp.MustCompile(`(?i)\b(?:held|hosted|hosts?|took place|taking place|convened|celebrated|conference|forum|summit|meeting|congress|assembly|workshop|session|ceremony|IGF|WSIS|event|panel|tenue?|celebrad[oa]|celebrar\w*|foro|cumbre|conferencia|ceremonia|sommet|conf\x{e9}rence|c\x{e9}r\x{e9}monie|plenipotentiary|organi[sz]ed)\b`)
	// datelineBefore: "Doha, " at the start of a paragraph, the country
	// then followed by ":" or a dash.
	// yearAfter: "… the host after Egypt in 2009": a past host.
	yearAfter      = regexp.MustCompile(`^\s+in\s+(?:19|20)\d\d\b`)
	datelineBefore = regexp.MustCompile(`^(?:[\p{Lu}][\p{L}'’.\-]*\s*){1,3},\s*$`)
	datelineAfter  = regexp.MustCompile(`^\s*(?:\)\s*)?[:–—-]`)
	// languageCue: words that make a demonym a language.
	languageCue = regexp.MustCompile(`(?i)\b(?:languages?|interpretation|interpreted|translat\w*|taught|speak\w*|spoken|subtitle\w*|caption\w*|fluent|written in|multilingual|version)\b`)
)

// languages are demonyms that are also language names.
func isLanguageWord(w string) bool {
	switch strings.ToLower(w) {
	case "english", "french", "spanish", "arabic", "russian", "chinese", "portuguese", "german", "italian", "japanese", "korean", "dutch", "swahili", "hindi", "turkish", "persian", "urdu", "bengali", "français", "anglais", "espagnol", "arabe", "español", "inglés", "francés":
		return true
	}
	return false
}

// maxCountryLookups bounds the work spent on one document.
const maxCountryLookups = 20000

// mention is one country written in a line.
type mention struct {
	code       string
	start, end int // byte offsets in the line
}

// countryLookup resolves word runs to countries with a per-document cache
// and a budget, so a megabyte of capitalised words stays linear.
type countryLookup struct {
	cache  map[string]string
	budget int
	// lower: the page writes nationality adjectives in lower case
	// (French, Spanish), so lower-case demonyms are looked up too.
	lower bool
}

func newCountryLookup() *countryLookup {
	return &countryLookup{cache: map[string]string{}, budget: maxCountryLookups}
}

// lowerDemonym looks up a lower-case demonym of a French or Spanish page.
func (cl *countryLookup) lowerDemonym(w string) (string, bool) {
	key := "\x00" + w
	if c, ok := cl.cache[key]; ok {
		return c, c != ""
	}
	if cl.budget <= 0 || len(w) < 5 {
		return "", false
	}
	cl.budget--
	c := ""
	if country, ok := taxonomy.LookupDemonym(w); ok {
		c = country.Code
	}
	cl.cache[key] = c
	return c, c != ""
}

func (cl *countryLookup) lookup(s string) (string, bool) {
	if c, ok := cl.cache[s]; ok {
		return c, c != ""
	}
	if cl.budget <= 0 {
		return "", false
	}
	cl.budget--
	c, _ := lookupCountry(s)
	cl.cache[s] = c
	return c, c != ""
}

// mentions finds country names, variants and demonyms in a line, longest
// word run first ("United States of America" before "America").
func (cl *countryLookup) mentions(l string) []mention {
	l = groupPhrase.ReplaceAllStringFunc(l, func(s string) string { return strings.Repeat(" ", len(s)) })
	locs := wordRe.FindAllStringIndex(l, -1)
	words := make([]string, len(locs))
	for i, loc := range locs {
		w := l[loc[0]:loc[1]]
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		words[i] = strings.TrimRight(w, "-'’")
	}
	var out []mention
	for i := 0; i < len(words); i++ {
		r := []rune(words[i])
		if len(r) == 0 {
			continue
		}
		if !unicode.IsUpper(r[0]) {
			if cl.lower {
				if code, ok := cl.lowerDemonym(words[i]); ok {
					out = append(out, mention{code: code, start: locs[i][0], end: locs[i][0] + len(words[i])})
				}
			}
			continue
		}
		for n := min(5, len(words)-i); n >= 1; n-- {
			last := words[i+n-1]
			if connector(last) || !plainWords(words[i:i+n]) {
				continue
			}
			code, ok := cl.lookup(strings.Join(words[i:i+n], " "))
			if !ok && n == 1 && givenNameCountry(words[i]) && (i+1 >= len(words) || !upperFirst(words[i+1]) || l[locs[i][1]:locs[i+1][0]] != " ") {
				// "Jordan" not followed by a surname is the country.
				c, _ := taxonomy.LookupCountry(words[i])
				code, ok = c.Code, true
			}
			if !ok {
				continue
			}
			out = append(out, mention{code: code, start: locs[i][0], end: locs[i+n-1][0] + len(words[i+n-1])})
			i += n - 1
			break
		}
	}
	return out
}

// isVenue reports whether the mention at m in line l is where an event was
// held, or the place of a dateline.
func isVenue(l string, m mention) bool {
	before := l[max(0, m.start-90):m.start]
	if datelineBefore.MatchString(l[:m.start]) && datelineAfter.MatchString(l[m.end:]) {
		return true
	}
	if !venueBefore.MatchString(before) && !yearAfter.MatchString(l[m.end:]) {
		return false
	}
	// The event or hosting word sits in the same sentence, before.
	sent := l[:m.start]
	if k := strings.LastIndex(sent, ". "); k >= 0 {
		sent = sent[k:]
	}
	return venueCue.MatchString(prefix(sent[max(0, len(sent)-240):], 240))
}

// isLanguage reports whether a demonym mention is a language: next to
// another language name or to words about languages.
func isLanguage(l string, m mention) bool {
	w := l[m.start:m.end]
	if !isLanguageWord(w) {
		return false
	}
	around := l[max(0, m.start-60):min(len(l), m.end+60)]
	if languageCue.MatchString(around) {
		return true
	}
	for _, other := range wordRe.FindAllString(around, -1) {
		if other != w && isLanguageWord(other) {
			return true
		}
	}
	return strings.EqualFold(w, "english")
}

// proseCountries reads the countries of every line that is not furniture,
// a banner or skipped; a line listing people counts through
// peopleLineCountries. Venue and language mentions are dropped;
// the first line of each country found is noted.
func proseCountries(d *doc, people, skip map[int]bool) []string {
	cl := newCountryLookup()
	cl.lower = d.lang != "en"
	var out []string
	seen := map[string]bool{}
	add := func(code string, i int, rule string) {
		if code != "" && !seen[code] {
			seen[code] = true
			out = append(out, code)
			d.note("countries", code, rule, i)
		}
	}
	for i, l := range d.lines {
		if l == "" || d.furniture[i] || skip[i] || bannerLine(l) {
			continue
		}
		if people[i] {
			for _, c := range peopleLineCountries(l, cl) {
				add(c, i, "country: a field of a people list")
			}
			continue
		}
		// A venue line of the page header: "Conference Centre, Istanbul,
		// Turkey".
		header := i < 15 && venueLine(l) && len(strings.Fields(l)) <= 8 && !otherField(l) || placeField(l)
		for _, m := range cl.mentions(l) {
			if seen[m.code] || header || isVenue(l, m) || isLanguage(l, m) {
				continue
			}
			add(m.code, i, "country: named in the text (venues and languages left out)")
		}
	}
	return out
}

// otherField reports a "Label: value" line whose label is not a place:
// "Co-proposer: Data Justice Lab, United Kingdom" is no venue line.
func otherField(l string) bool {
	label, _, ok := field(l)
	return ok && !placeLabel.MatchString(label)
}

// placeField reports a "Venue: …" or "Location: …" line: where the event
// is held, never its subject.
func placeField(l string) bool {
	label, _, ok := field(l)
	return ok && placeLabel.MatchString(label)
}

var placeLabel = regexp.MustCompile(`(?i)^(?:venue|location|place|where|lieu|lugar|sede|city)$`)

// peopleLineCountries reads the countries of a line listing people: a
// field that is a country ("…, Tunisia"), or a country ending a field
// ("… of Country", "Min. ICT Bangladesh", "CERT Hungary").
func peopleLineCountries(l string, cl *countryLookup) []string {
	var out []string
	l = prefix(l, 4096) // a people line is short; a megabyte one is not read whole
	for _, f := range strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == '\t' || r == '(' || r == ')' || r == ';' }) {
		f = strings.TrimSpace(strings.TrimRight(f, ". "))
		if f == "" {
			continue
		}
		if c, ok := countryField(f); ok {
			out = append(out, c)
			continue
		}
		ms := cl.mentions(f)
		if len(ms) == 0 {
			continue
		}
		// A country ending a field is the person's or the organization's
		// ("… of Ghana", "CERT Hungary", "Min. ICT Bangladesh"); one that
		// starts a name ("Qatar University") is not read.
		if last := ms[len(ms)-1]; last.end == len(f) && last.start > 0 {
			out = append(out, last.code)
		}
	}
	return out
}

// countryField reads a field that is a country on its own, or "Government
// of X", "Mission X".
func countryField(f string) (string, bool) {
	f = strings.TrimSpace(strings.TrimRight(f, ". "))
	for _, p := range []string{"Permanent Mission of ", "Government of the ", "Government of ", "Mission of ", "Mission ", "Embassy of ", "Republic of "} {
		if rest, ok := strings.CutPrefix(f, p); ok {
			if c, ok := lookupCountry(rest); ok {
				return c, true
			}
		}
	}
	// A field holding a country alone is one even where the word is also
	// a given name ("…, Jordan").
	if c, ok := taxonomy.LookupCountry(f); ok && givenNameCountry(f) {
		return c.Code, true
	}
	return lookupCountry(f)
}

// lookupCountry accepts a name, variant or demonym; of the short upper-case
// codes only the ones written as names in prose (US, USA, UK, UAE) count.
func lookupCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) <= 3 {
		switch s {
		case "US", "USA", "UK", "UAE":
		default:
			return "", false
		}
	}
	if falseFriend(s) {
		return "", false
	}
	c, ok := taxonomy.LookupCountry(s)
	if !ok {
		return "", false
	}
	return c.Code, true
}

// falseFriend lists English words that a country library resolves as a
// foreign-language country name ("Island" is Iceland in several languages).
func falseFriend(s string) bool {
	switch strings.ToLower(s) {
	case "island", "islands", "man":
		return true
	}
	return givenNameCountry(s)
}

// givenNameCountry: country names that are also given names ("Chad
// Smith", "Jordan Lee"), countries in prose only as fields.
func givenNameCountry(s string) bool {
	switch strings.ToLower(s) {
	case "chad", "jordan":
		return true
	}
	return false
}

// connector words may sit inside a country name.
func connector(w string) bool {
	switch w {
	case "of", "and", "the", "da", "de", "du", "d'":
		return true
	}
	return false
}

// plainWords rejects word runs holding a short upper-case word ("TO GO",
// "ID"), unless the run is one of the short names written in prose.
func plainWords(ws []string) bool {
	if len(ws) == 1 {
		switch ws[0] {
		case "US", "USA", "UK", "UAE":
			return true
		}
	}
	for i, w := range ws {
		if w == "" {
			return false
		}
		if i > 0 && connector(w) {
			continue
		}
		if i == 0 && len(ws) > 1 && (w == "El" || w == "The") {
			continue // "El Salvador", "The Gambia": an article opens the name
		}
		r := []rune(w)
		if k := strings.IndexAny(w, "'’"); k > 0 && k <= 3 && i > 0 {
			r = []rune(w[k:])[1:] // "d'Ivoire"
		}
		if len(r) <= 2 || !unicode.IsUpper(r[0]) || len(r) <= 3 && w == strings.ToUpper(w) {
			return false
		}
	}
	return true
}

// bannerLine is a short line with a "|" separator: a venue banner, a
// breadcrumb or a navigation bar, never where a country is meant.
func bannerLine(l string) bool {
	if len(l) >= 120 {
		return false
	}
	if strings.Contains(l, "|") {
		return true
	}
	// A page header in capitals: "FORUM 19-23 MARCH 2018 Geneva Switzerland".
	caps, words := 0, 0
	for _, w := range wordRe.FindAllString(l, -1) {
		words++
		if len(w) >= 2 && w == strings.ToUpper(w) {
			caps++
		}
	}
	return caps >= 2 && caps*2 >= words
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
