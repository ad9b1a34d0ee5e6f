package text

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// One entry of a prize list, whatever the layout, is a title, perhaps an
// organization and a country, and a category. The category is written as
// a marker — "Category 3", "Action Line C7", "Catégorie C4", "Categoría No.
// 10", "الفئة 2", or a bare code "C5" — with or without the category's name
// after it (quoted, an official title in English, French or Spanish, or a
// C7 sub-line). parseItem takes the category off an entry and splits what
// is left into title, organization and country by the marks the entry
// uses: quotation marks, dashes, brackets, commas, a country in capitals.

var (
	// catMarker: a category word, then its number or code.
	catMarker = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])((?:wsis\s+)?(?:action\s+lines?|lignes?\s+d['’]action|grandes?\s+orientations?|l[ií]neas?\s+de\s+acci[oó]n|cat[eé]gor(?:y|ie|ía|ia)|(?-i:AL)|الفئة|فئة)\s*(?:no\.?|n°|nº|#|number)?\s*[:.]?\s*["“«]?\s*)(C\s?\d{1,2}|\d{1,2})(?:[^\p{L}\p{N}]|$)`)
	// bareCode: "C5" standing alone, after a space, a bracket, a quote or a
	// dash.
	bareCode = regexp.MustCompile(`(?:^|[\s(\["“«:–—\-])(C\s?\d{1,2})(?:[^\p{L}\p{N}]|$)`)
	// namedCategory: an item opening with a category named before the
	// word "category" ("Access category: …", "Catégorie Médias : …" is
	// read by catMarker's title).
	namedCategory = regexp.MustCompile(`(?i)^(\p{L}[\p{L}'’\-]*(?:\s+\p{L}[\p{L}'’\-]*){0,4})\s+(?:category|cat[ée]gorie|categor[ií]a)\s*[:–—-]\s*`)
	// roomBefore: "Room C2" is a room, not a category.
	roomBefore = regexp.MustCompile(`(?i)\b(?:room|hall|salle|sala|tower|building|floor|level|gate)\s*$`)
	// ictApplications: the long C7 title before its sub-line: "ICT
	// applications: benefits in all aspects of life E-government".
	ictApplications = regexp.MustCompile(`(?i)^(?:ict\s+applications|applications\s+des\s+tic|aplicaciones\s+de\s+las\s+tic)\b[^"”»\n]{0,80}?(\be\s?-?\s?(?:government|business|learning|health|employment|environment|agriculture|science)\b)`)
	quotedSpan      = regexp.MustCompile(`["“«„]\s*([^"“”«»„\n]{2,200}?)\s*["”»“]`)
	// itemSeps are the characters that separate the parts of an entry.
	itemSeps = " \t-–—:;,.|/·•"
	// lineWord: the marker word names an action line, so "Line 3" is C3
	// whatever the numbering of prizes.
	lineWord = regexp.MustCompile(`(?i)line|ligne|l[ií]nea|orientation|^al\b`)
	// bracketRe: a bracketed part.
	bracketRe = regexp.MustCompile(`\(([^()]{2,60})\)`)
	// orgLead: words that introduce an organization after a title.
	orgLead = regexp.MustCompile(`(?i)^(?:by|from|of|par|por|de|du|des|del)\s+(?:(?:the|la|el|los|las)\s+|l['’]\s*)?`)
)

// catHit is a category marker found in a string: its span (number or code
// and the name after it) and the action line it names ("" when only the
// numbering of an unknown scheme is given).
type catHit struct {
	start, end int
	code       string
	name       string
	// word: the marker has its category word ("Categoría 3"), not a
	// bare code.
	word bool
}

// findCategory finds the first category marker of s. bare lets a code
// without a category word count ("Title – Org – C4").
func findCategory(s string, prizes, bare bool) (catHit, bool) {
	// "Skills category: Title (Country)": a category named before the word.
	if m := namedCategory.FindStringSubmatchIndex(s); m != nil {
		name := s[m[2]:m[3]]
		return catHit{start: 0, end: m[1], code: nameCode(name), name: name}, true
	}
	var hits []catHit
	if m := catMarker.FindStringSubmatchIndex(s); m != nil {
		word := strings.ToLower(s[m[2]:m[3]])
		h := categoryFrom(s, m[2], m[4], m[5], word, prizes)
		h.word = true
		hits = append(hits, h)
	}
	if bare {
		for _, m := range bareCode.FindAllStringSubmatchIndex(s, 20) {
			if roomBefore.MatchString(s[:m[2]]) {
				continue
			}
			if len(hits) > 0 && m[2] >= hits[0].start {
				break
			}
			hits = append(hits, categoryFrom(s, m[2], m[2], m[3], "", prizes))
			break
		}
	}
	if len(hits) == 0 {
		return catHit{}, false
	}
	best := hits[0]
	for _, h := range hits[1:] {
		if h.start < best.start {
			best = h
		}
	}
	return best, true
}

// categoryFrom reads the category whose marker starts at start and whose
// number or code is s[numAt:numEnd], with the name written after it.
func categoryFrom(s string, start, numAt, numEnd int, word string, prizes bool) catHit {
	h := catHit{start: start, end: numEnd}
	num := strings.ReplaceAll(s[numAt:numEnd], " ", "")
	name, end := categoryName(s, numEnd)
	h.name, h.end = name, max(end, numEnd)
	fromName := nameCode(name)
	if strings.HasPrefix(strings.ToUpper(num), "C") {
		code, ok := taxonomy.ParseActionLine(num)
		if !ok {
			return h
		}
		h.code = code
		if code == "C7" && strings.HasPrefix(fromName, "C7.") {
			h.code = fromName
		}
		return h
	}
	n, _ := strconv.Atoi(num)
	switch {
	case fromName != "":
		h.code = fromName
	case lineWord.MatchString(word):
		if n >= 1 && n <= 11 {
			h.code = "C" + strconv.Itoa(n)
		}
	case prizes:
		h.code, _ = taxonomy.PrizeCategory(n)
	}
	return h
}

// nameCode reads the action line a category name states: an official
// title, the long C7 title with its sub-line, or a sub-line.
func nameCode(name string) string {
	name = strings.Trim(name, `"“”«» `)
	if name == "" {
		return ""
	}
	if code, ok := taxonomy.ActionLineByTitle(name); ok {
		return code
	}
	if m := ictApplications.FindStringSubmatch(name); m != nil {
		code, _ := taxonomy.ParseActionLine(m[1])
		return code
	}
	if sub := alSubWord.FindString(name); sub != "" {
		code, _ := taxonomy.ParseActionLine(sub)
		return code
	}
	return ""
}

// categoryName reads the name written after a category number at p: a
// quoted name, a name in brackets, an official title, the long C7 title
// with its sub-line, or a sub-line ("e-health"). It returns the name and
// where it ends (p when there is none).
func categoryName(s string, p int) (string, int) {
	q := p
	for q < len(s) && strings.ContainsRune(" \t:.–—-", rune(s[q])) {
		q++
	}
	// The separators may be multi-byte dashes.
	for _, dash := range []string{"–", "—"} {
		if strings.HasPrefix(s[q:], dash) {
			q += len(dash)
			for q < len(s) && (s[q] == ' ' || s[q] == ':') {
				q++
			}
		}
	}
	rest := s[q:]
	if loc := quotedSpan.FindStringSubmatchIndex(rest); loc != nil && loc[0] == 0 {
		inner := rest[loc[2]:loc[3]]
		if _, ok := taxonomy.ActionLineByTitle(inner); ok || ictApplications.MatchString(inner) || alSubWord.MatchString(inner) || len(strings.Fields(inner)) <= 12 {
			return inner, q + loc[1]
		}
	}
	if strings.HasPrefix(rest, "(") {
		if k := strings.Index(rest, ")"); k > 0 {
			inner := rest[1:k]
			if _, ok := taxonomy.ActionLineByTitle(inner); ok || alSubWord.MatchString(inner) {
				return inner, q + k + 1
			}
		}
	}
	if m := ictApplications.FindStringSubmatchIndex(rest); m != nil {
		return rest[:m[1]], q + m[1]
	}
	if _, end, ok := taxonomy.ActionLineTitleAt(rest); ok {
		return rest[:end], q + end
	}
	if loc := alSubWord.FindStringIndex(rest); loc != nil && loc[0] == 0 {
		return rest[:loc[1]], q + loc[1]
	}
	return "", p
}

// trimSeps trims separators and white space from both ends of s.
func trimSeps(s string) string {
	return strings.Trim(s, itemSeps)
}

// parseItem reads one list entry. found reports whether it holds a
// category marker; the entry's title is empty when nothing is left once
// the category is taken off.
func parseItem(s string, prizes, bare bool) (e entry, hit catHit, found bool) {
	body := strings.TrimSpace(itemMark.ReplaceAllString(stripBullet(s), ""))
	hit, found = findCategory(body, prizes, bare)
	rest := body
	if found {
		// "…, en la categoría C4", "… in the category 3": the words
		// leading to the marker belong to neither part.
		before, after := trimSeps(clauseTail.ReplaceAllString(body[:hit.start], "")), trimSeps(body[hit.end:])
		switch {
		case before != "" && after != "":
			rest = before + " – " + after
		default:
			rest = before + after
		}
		e.code = hit.code
	}
	e.title, e.org, e.country = splitEntry(rest)
	return e, hit, found
}

// splitEntry splits "Title – Org (Country)", "“Title” (Org)", "Title, Org
// COUNTRY", "Title. Org", "Title Org" into its parts.
func splitEntry(r string) (title, org, country string) {
	r = trimSeps(r)
	if r == "" {
		return "", "", ""
	}
	r, country = trailingCountry(r)
	r = trimSeps(r)
	if a, c, ok := strings.Cut(r, ", "); ok && country == "" {
		// "…, Country" or "…, Org, Country" at the end.
		if k := strings.LastIndex(r, ", "); k >= 0 {
			if code, ok := countryField(r[k+2:]); ok {
				country = code
				r = trimSeps(r[:k])
			}
		}
		_, _ = a, c
	}
	if m := quotedSpan.FindStringSubmatchIndex(r); m != nil {
		title = strings.TrimSpace(r[m[2]:m[3]])
		org = trimSeps(r[:m[0]] + " " + r[m[1]:])
		return title, cleanOrg(org), country
	}
	for _, sep := range []string{" – ", " — ", " - ", " -- ", " | "} {
		if a, b, ok := strings.Cut(r, sep); ok {
			a, b = trimSeps(a), trimSeps(b)
			// "Org (Country) – Title": the part with the country, or the
			// only part naming an organization, is the organization.
			if ac, ok := bracketCountry(a); ok && country == "" {
				return b, cleanOrg(ac.body), ac.code
			}
			if bc, ok := bracketCountry(b); ok && country == "" {
				return a, cleanOrg(bc.body), bc.code
			}
			if orgNoun.MatchString(a) && !orgNoun.MatchString(b) && !isAllCapsAcronym(b) {
				return b, cleanOrg(a), country
			}
			return a, cleanOrg(b), country
		}
	}
	// "Title (Country), a programme that …": the country in the middle,
	// a description after it.
	if country == "" {
		for _, m := range bracketRe.FindAllStringSubmatchIndex(r, 4) {
			c, ok := countryField(r[m[2]:m[3]])
			if !ok || m[0] == 0 {
				continue
			}
			title, rest := trimSeps(r[:m[0]]), trimSeps(r[m[1]:])
			if rest != "" && !upperFirst(rest) {
				rest = "" // a description, not an organization
			}
			return title, cleanOrg(rest), c
		}
	}
	// "KasiCode by Township Tech Trust".
	if k := strings.Index(r, " by "); k > 0 && upperFirst(r[k+4:]) {
		return trimSeps(r[:k]), cleanOrg(r[k+4:]), country
	}
	if strings.HasSuffix(r, ")") {
		// "Title (Org)"; "Org Name (ACRONYM)" is no split.
		if k := strings.LastIndex(r, "("); k > 0 && !isAllCapsAcronym(r[k+1:len(r)-1]) {
			return trimSeps(r[:k]), cleanOrg(r[k+1 : len(r)-1]), country
		}
	}
	if a, b, ok := strings.Cut(r, ", "); ok {
		return trimSeps(a), cleanOrg(b), country
	}
	if k := sentenceBreak.FindStringIndex(r); k != nil {
		return strings.TrimRight(r[:k[0]+1], "."), cleanOrg(r[k[1]-1:]), country
	}
	title, org = splitTitleOrgEntry(r)
	return title, cleanOrg(org), country
}

// bodyCountry is a text with the country its brackets named taken off.
type bodyCountry struct{ body, code string }

// bracketCountry reads "Org (Country)".
func bracketCountry(s string) (bodyCountry, bool) {
	if !strings.HasSuffix(s, ")") {
		return bodyCountry{}, false
	}
	k := strings.LastIndex(s, "(")
	if k <= 0 {
		return bodyCountry{}, false
	}
	c, ok := countryField(s[k+1 : len(s)-1])
	return bodyCountry{strings.TrimSpace(s[:k]), c}, ok
}

// cleanOrg takes brackets, a leading "by"/"de" and separators off an
// organization; an organization in brackets keeps only what they hold.
func cleanOrg(o string) string {
	o = trimSeps(o)
	if strings.HasPrefix(o, "(") && strings.HasSuffix(o, ")") && strings.Count(o, "(") == 1 {
		o = o[1 : len(o)-1]
	}
	o = orgLead.ReplaceAllString(o, "")
	return trimSeps(o)
}

// plausibleTitle: an entry's title is a few words, not a sentence.
func plausibleTitle(t string) bool {
	w := len(strings.Fields(t))
	return w >= 1 && w <= 30 && len(t) >= 2 && !sentenceLike(t) && strings.ContainsFunc(t, isLetter)
}
