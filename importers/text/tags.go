package text

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

var (
	alMention = regexp.MustCompile(`(?i)\bactions?\s+lines?\b|\bAL\b`)
	// "C7 e-health", "C7eGov": a code with its sub-line is a tag anywhere.
	alC7Any = regexp.MustCompile(`\bC\s?7\s*[.:]?\s*(?i:e\s?-\s?|e)(?i:gov|government|business|learning|health|employment|environment|agriculture|science)\b`)
	// "C4", "C7 e-health", "C7eGov", "C7: ICT applications: benefits ...: E-Science".
	alCodeRe  = regexp.MustCompile(`\bC\s?(\d{1,2})(?:\s*[.:]?\s*(?i:ict applications\s*:?(?:[^:\n]{0,40}:)?\s*)?(?i:(e\s?-?\s?[a-z]+)))?`)
	alSubWord = regexp.MustCompile(`(?i)\be-?(?:government|business|learning|health|employment|environment|agriculture|science)\b`)
	alLineRe  = regexp.MustCompile(`(?i)\blines?\s+(\d{1,2})\b`)
	alRange   = regexp.MustCompile(`(?i)\bC\s?1\s*(?:to|-|–|through)\s*C\s?11\b`)
	// "Category 3 – Access to information and knowledge".
	alCategory = regexp.MustCompile(`(?i)\bcategory\s+(\d{1,2})\s*[–:\-]\s*([^)\n]{5,90})`)
	relevance  = regexp.MustCompile(`(?i)relevance.{0,40}action\s+lines?`)
	numHeading = regexp.MustCompile(`^(?:[-*•]\s*)?(?:\d{1,2}\)|[IVX]{1,4}\.)\s`)
	sentEnd    = regexp.MustCompile(`[a-z)]\.\s+[A-Z]`)
)

// codeOf turns one code match into a canonical action line. The long C7
// form names its sub-line last ("...: E-Science").
func codeOf(m []string) (string, bool) {
	code, ok := taxonomy.ParseActionLine(m[0])
	if !ok {
		return "", false
	}
	if code == "C7" && m[2] != "" {
		if sub, ok := taxonomy.ParseActionLine(m[2]); ok && strings.HasPrefix(sub, "C7.") {
			return sub, true
		}
	}
	return code, true
}

// actionLines reads the action lines a document is tagged with: codes near
// the words "action line(s)", the items of a "relevance with the action
// lines" field, and prize categories named by number and official name. A
// row of many codes (an empty matrix header) and "C1 to C11" are not tags.
func actionLines(d *doc) []string {
	set := map[string]bool{}
	// scan tags the codes of s; a bare "C7" takes the sub-line named in
	// context ("the e-learning action line, C7", "e-environment (Action Line C7)").
	scan := func(s, context string) {
		for _, m := range alCodeRe.FindAllStringSubmatch(s, -1) {
			code, ok := codeOf(m)
			if !ok {
				continue
			}
			if code == "C7" {
				if sm := alSubWord.FindString(context); sm != "" {
					if sub, ok := taxonomy.ParseActionLine(sm); ok {
						code = sub
					}
				}
			}
			set[code] = true
		}
	}
	inRelevance := false
	for i, l := range d.lines {
		if d.table[i] || len(alCodeRe.FindAllString(l, 6)) >= 5 {
			continue // matrix header or index row
		}
		l = alRange.ReplaceAllString(l, " ")
		if relevance.MatchString(l) {
			inRelevance = true
			continue
		}
		if inRelevance {
			if numHeading.MatchString(l) && !alCodeRe.MatchString(l) {
				inRelevance = false
			} else {
				scan(l, l)
			}
		}
		for _, m := range alC7Any.FindAllString(l, -1) {
			if code, ok := taxonomy.ParseActionLine(m); ok {
				set[code] = true
			}
		}
		for _, loc := range alMention.FindAllStringIndex(l, -1) {
			from := max(0, loc[0]-12)
			to := min(len(l), loc[1]+140)
			win := l[from:to]
			if e := sentEnd.FindStringIndex(l[loc[1]:to]); e != nil {
				win = l[from : loc[1]+e[0]+1]
			}
			scan(win, l[max(0, loc[0]-40):to])
			if strings.Contains(strings.ToLower(win), "line") {
				for _, m := range alLineRe.FindAllStringSubmatch(win, -1) {
					if code, ok := taxonomy.ParseActionLine("C" + m[1]); ok {
						set[code] = true
					}
				}
			}
		}
		for _, m := range alCategory.FindAllStringSubmatch(l, -1) {
			code := "C" + m[1]
			al, ok := taxonomy.LookupActionLine(code)
			if !ok || code == "C7" {
				continue
			}
			if strings.HasPrefix(taxonomy.Fold(m[2]), taxonomy.Fold(al.Name)) {
				set[code] = true
			}
		}
	}
	return sortedCodes(set)
}

// sortedCodes orders codes as the taxonomy does.
func sortedCodes(set map[string]bool) []string {
	var out []string
	for _, al := range taxonomy.ActionLines() {
		if set[al.Code] {
			out = append(out, al.Code)
		}
	}
	if set["C7"] {
		has := false
		for _, c := range out {
			has = has || strings.HasPrefix(c, "C7.")
		}
		if !has {
			out = append(out, "C7")
		}
	}
	return out
}

var (
	sdgRe = regexp.MustCompile(`(?i)\b(?:SDGs?|Sustainable Development Goals?|Goals?)\s*(?:number|no\.?|#)?\s*[-#:]?\s*(\d{1,2})\b((?:\s*(?:,|and|&)\s*\d{1,2}\b)*)`)
	// A row label: "SDG 7", "Goal 7 Clean energy".
	sdgBare    = regexp.MustCompile(`(?i)^(?:SDG|Goal)\s*(\d{1,2})(?:\s+[a-z][a-z ,&\-]{0,40})?$`)
	sdgNumList = regexp.MustCompile(`^(\d{1,2})\s*[.)]\s+(.{3,60})$`)
	sdgTarget  = regexp.MustCompile(`(?i)\btargets?\s+(\d{1,2}\.[0-9a-c]{1,2})\b`)
	digits     = regexp.MustCompile(`\d{1,2}`)
)

// sdgs reads the goals a document names: "SDG 4", "Goal 4", "Sustainable
// Development Goal Number 4", "SDGs 4 and 5", and list items "4. Quality
// Education". A column of bare "SDG n" rows (an empty matrix) or a list of
// (nearly) all 17 goals on a template is not a tag.
func sdgs(d *doc) ([]int, []string) {
	bare := 0
	for _, l := range d.lines {
		if sdgBare.MatchString(l) {
			bare++
		}
	}
	set := map[int]bool{}
	listed := map[int]bool{}
	for i, l := range d.lines {
		if d.table[i] || bare >= 8 && sdgBare.MatchString(l) {
			continue
		}
		for _, m := range sdgRe.FindAllStringSubmatch(l, -1) {
			for _, n := range digits.FindAllString(m[1]+" "+m[2], -1) {
				if v, _ := strconv.Atoi(n); v >= 1 && v <= 17 {
					set[v] = true
				}
			}
		}
		if m := sdgNumList.FindStringSubmatch(stripBullet(l)); m != nil {
			v, _ := strconv.Atoi(m[1])
			if n, ok := taxonomy.ParseSDG(strings.TrimRight(m[2], " .:")); ok && n == v {
				listed[v] = true
			}
		}
	}
	if len(listed) < 15 {
		for v := range listed {
			set[v] = true
		}
	}
	var out []int
	for v := range set {
		out = append(out, v)
	}
	sort.Ints(out)
	var targets []string
	seen := map[string]bool{}
	for _, m := range sdgTarget.FindAllStringSubmatch(d.text, 50) {
		if !seen[m[1]] {
			seen[m[1]] = true
			targets = append(targets, m[1])
		}
	}
	return out, targets
}

var (
	// Regional-group names contain demonyms that are not countries.
	groupPhrase = regexp.MustCompile(`(?i)latin american?(?:\s+and\s+(?:the\s+)?caribbean)?(?:\s+group)?|western european and others(?:\s+group)?|eastern european(?:\s+group)?|asia[- ]pacific(?:\s+group)?|african group|sub-saharan|european union`)
	wordRe      = regexp.MustCompile(`[\p{L}][\p{L}'’\-]*`)
)

// maxCountryLookups bounds the work spent on one document.
const maxCountryLookups = 20000

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
	case "island", "islands", "man", "chad", "jordan":
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

// countriesIn finds country names, variants and demonyms in lines, longest
// first ("Dominican Republic" before nothing, "United States of America").
func countriesIn(lines []string, budget *int) []string {
	var out []string
	seen := map[string]bool{}
	// Documents repeat their words; the taxonomy lookup is the costly step.
	cache := map[string]string{}
	lookup := func(s string) (string, bool) {
		if c, ok := cache[s]; ok {
			return c, c != ""
		}
		c, _ := lookupCountry(s)
		cache[s] = c
		return c, c != ""
	}
	for _, l := range lines {
		l = groupPhrase.ReplaceAllString(l, " ")
		words := wordRe.FindAllString(l, -1)
		for i, w := range words {
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
			words[i] = strings.TrimRight(w, "-'’")
		}
		for i := 0; i < len(words); i++ {
			r := []rune(words[i])
			if !unicode.IsUpper(r[0]) {
				continue
			}
			for n := min(5, len(words)-i); n >= 1; n-- {
				last := words[i+n-1]
				if connector(last) || !plainWords(words[i:i+n]) {
					continue
				}
				if *budget <= 0 {
					return out
				}
				*budget--
				code, ok := lookup(strings.Join(words[i:i+n], " "))
				if !ok {
					continue
				}
				if !seen[code] {
					seen[code] = true
					out = append(out, code)
				}
				i += n - 1
				break
			}
		}
	}
	return out
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
		r := []rune(w)
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

var (
	womenTerm  = regexp.MustCompile(`(?i)\b(?:women|women's|women’s|girls?|girls'|female|feminis\w*|queer)\b`)
	genderTerm = regexp.MustCompile(`(?i)\bgender\b`)
	// Panel composition, not the topic: "3 women", "gender balanced".
	composition   = regexp.MustCompile(`(?i)\b\d+\s+(?:women|girls)\b|\bgender[- ]balanced?\b|\bwoman\b`)
	sentenceSplit = regexp.MustCompile(`[.!?]\s+|\n+`)
	titleGender   = regexp.MustCompile(`(?i)\b(?:women|women's|women’s|woman|girls?|gender|female|feminis\w*)\b`)
)

// genderFocus grades how much a document is about women, girls and gender:
// primary when the title or heading says so or women and girls fill the
// text; significant when they come up in several sentences (or often for a
// short text); mention when named at all. Sentences are counted, not words,
// so one "women and girls" stays one mention.
func genderFocus(d *doc, title string) string {
	text := composition.ReplaceAllString(d.text, " ")
	women, gender := 0, 0
	for _, s := range sentenceSplit.Split(text, -1) {
		switch {
		case womenTerm.MatchString(s):
			women++
		case genderTerm.MatchString(s):
			gender++
		}
	}
	perK := float64(women) * 1000 / float64(max(len(text), 1))
	head := title + "\n" + strings.Join(d.head(2), "\n")
	switch {
	case titleGender.MatchString(head) || perK >= 3:
		return record.GenderPrimary
	case women >= 3 || perK >= 1 || gender >= 4:
		return record.GenderSignificant
	case women+gender > 0:
		return record.GenderMention
	}
	return record.GenderNone
}
