package text

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Prose lists: a paragraph naming several entries, each clause with a
// title (quoted, or after "project", "initiative", "platform" …) and a
// category ("in category C4", "under Action Line C8", "under “C5: …”").
// The organization is the clause's subject, often with its country in
// brackets ("the Digital Skills Agency (Jamaica) won with …"), or follows
// "by", "of" or "from".

var (
	// clauseBreak ends a clause of a prose list: a semicolon, a sentence
	// end, ", while", ", whereas".
	clauseBreak = regexp.MustCompile(`;\s+|[a-z0-9)”"»]\.\s+(?:\p{Lu}|["“«])|,\s+(?:while|whereas|and)\s+`)
	// proseCode: a bare code in prose counts after "under", "in", a quote.
	proseCode = regexp.MustCompile(`(?i)(?:\bunder|\bin|\bfor|["“«(])\s*(?:the\s+)?["“«]?\s*$`)
	// projectWord: the word before a project's name.
	projectWord = regexp.MustCompile(`(?i)\b(?:project|initiative|programme|program|platform|app|application|portal|service|solution|system|proyecto|projet|iniciativa|plateforme|plataforma|programa)\s+(?:called\s+|named\s+|entitled\s+|titled\s+|dubbed\s+)?`)
	// orgCountry: "Org (Country)"; the name is read back from the bracket.
	orgCountry = regexp.MustCompile(`(\p{Lu}[^();“”"«»]{0,100}?)\s*\(([^()]{3,40})\)`)
	// subjectOrg: the capitalised subject at the start of a clause.
	subjectOrg = regexp.MustCompile(`^(?:(?:and|while|whereas)\s+)?(?:[Tt]he\s+)?((?:\p{Lu}[\p{L}\p{N}'’&.\-]*|of|for|and|the|de|la|del|des|du)(?:\s+(?:\p{Lu}[\p{L}\p{N}'’&.\-]*|of|for|and|the|de|la|del|des|du)){0,10})\s+(?:won|wins|received|receives|was|were|is|has|took|takes|with|for|,)`)
)

// proseEntries reads clauses of paragraphs that each name a project and its
// category.
func proseEntries(d *doc, prizes bool) []entry {
	var out []entry
	for _, pg := range d.paragraphs() {
		if len(pg.text) < 40 {
			continue
		}
		for _, cl := range clauses(pg.text) {
			for _, part := range splitAtCategories(cl, prizes) {
				if e, ok := proseEntry(part, prizes); ok {
					e.line, e.rule = pg.line, "listing: clause naming a project and its category"
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// clauses splits a paragraph into clauses; quoted text is never split.
func clauses(p string) []string {
	var out []string
	start := 0
	for _, loc := range clauseBreak.FindAllStringIndex(p, 200) {
		cut, next := loc[0], loc[1]
		if c := p[loc[0]]; c != ';' && c != ',' {
			// "… C4. The National …": the full stop ends this clause,
			// the capital or quote starts the next.
			cut = strings.Index(p[loc[0]:], ".") + loc[0] + 1
			_, size := utf8.DecodeLastRuneInString(p[:loc[1]])
			next = loc[1] - size
		}
		if cut <= start || insideQuotes(p[start:cut]) {
			continue
		}
		out = append(out, p[start:cut])
		start = next
	}
	return append(out, p[start:])
}

// insideQuotes reports whether s leaves a quotation open.
func insideQuotes(s string) bool {
	return strings.Count(s, "“") > strings.Count(s, "”") || strings.Count(s, "«") > strings.Count(s, "»") || strings.Count(s, `"`)%2 == 1
}

// splitAtCategories splits a clause that names several categories ("“A”
// under “C5: …”, “B” portal under “C7: …”, …") after each category, the
// title being written before its category.
func splitAtCategories(cl string, prizes bool) []string {
	var out []string
	start := 0
	for start < len(cl) && len(out) < 100 {
		h, ok := proseCategory(cl[start:], prizes)
		if !ok {
			break
		}
		end := start + h.end
		if ne := nextQuoteClose(cl, end); ne > end {
			end = ne
		}
		out = append(out, cl[start:end])
		start = end
	}
	if len(out) <= 1 {
		return []string{cl}
	}
	return out
}

// nextQuoteClose is the end of a closing quotation mark right at i.
func nextQuoteClose(s string, i int) int {
	for _, q := range []string{"”", "»", `"`} {
		if strings.HasPrefix(s[i:], q) {
			return i + len(q)
		}
	}
	return i
}

// proseCategory finds the first category of a clause: a marker with its
// word, or a bare code after "under", "in" or a quotation mark.
func proseCategory(cl string, prizes bool) (catHit, bool) {
	h, ok := findCategory(cl, prizes, false)
	for _, m := range bareCode.FindAllStringSubmatchIndex(cl, 10) {
		if ok && m[2] >= h.start {
			break
		}
		if proseCode.MatchString(cl[:m[2]]) {
			b := categoryFrom(cl, m[2], m[2], m[3], "", prizes)
			// The quote before the code belongs to the category.
			for b.start > 0 && strings.ContainsRune(`"“« `, rune(cl[b.start-1])) {
				b.start--
			}
			return b, true
		}
	}
	return h, ok
}

// proseEntry reads one clause: a category and a title are needed.
func proseEntry(cl string, prizes bool) (entry, bool) {
	h, ok := proseCategory(cl, prizes)
	if !ok || h.code == "" {
		return entry{}, false
	}
	if h.code == "C7" {
		// "took the e-government prize (C7)": the sub-line in the clause.
		if sub := alSubWord.FindString(cl); sub != "" {
			if code := nameCode(sub); strings.HasPrefix(code, "C7.") {
				h.code = code
			}
		}
	}
	rest := cl[:h.start] + " " + cl[h.end:]
	e := entry{code: h.code}
	if m := quotedSpan.FindStringSubmatchIndex(rest); m != nil {
		e.title = strings.TrimSpace(rest[m[2]:m[3]])
	} else if loc := projectWord.FindStringIndex(rest); loc != nil {
		e.title = leadingTitle(rest[loc[1]:])
	} else if loc := arabicProjectWord.FindStringIndex(rest); loc != nil {
		e.title = caselessTitle(rest[loc[1]:])
	}
	if !plausibleTitle(e.title) && h.word {
		// "El portal X, en la Categoría No. 10; el Concurso Y, de la
		// Universidad Z (Categoría 12) y la W (Categoría 3) se
		// encuentran …": a list written as clauses, each a name (and its
		// organization) before its category, with neither quotation marks
		// nor a project word.
		return plainClauseEntry(cl, h)
	}
	if !plausibleTitle(e.title) || len(strings.Fields(e.title)) > 14 {
		return entry{}, false
	}
	for _, m := range orgCountry.FindAllStringSubmatchIndex(rest, 5) {
		if c, ok := countryField(rest[m[4]:m[5]]); ok {
			e.org, e.country = nameBefore(rest[:m[3]]), c
			break
		}
	}
	if e.org == "" {
		if m := subjectOrg.FindStringSubmatch(strings.TrimSpace(rest)); m != nil && !strings.Contains(m[1], e.title) {
			e.org = strings.TrimSpace(m[1])
		}
	}
	if e.country == "" && e.org != "" {
		for _, m := range newCountryLookup().mentions(e.org) {
			e.country = m.code
		}
	}
	return e, true
}

// nameBefore reads the name that ends s: capitalised words and the small
// words inside names, read backwards ("… won this year: the Rural Link
// Society" gives "Rural Link Society").
func nameBefore(s string) string {
	words := strings.Fields(s)
	k := len(words)
	for k > 0 {
		w := words[k-1]
		if strings.ContainsAny(w, ":;,.") && k < len(words) {
			break
		}
		if !upperFirst(w) && !isConnectorWord(w) {
			break
		}
		k--
	}
	for k < len(words) && (isConnectorWord(words[k]) || !upperFirst(words[k])) {
		k++
	}
	return strings.Trim(strings.Join(words[k:], " "), ":;,. ")
}

// leadingTitle reads a name of capitalised words at the start of s ("Port
// Pass in category …" gives "Port Pass").
func leadingTitle(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		bare := strings.TrimRight(w, ",.;:")
		if bare == "" || !upperFirst(bare) && !(len(out) > 0 && isConnectorWord(bare)) {
			break
		}
		out = append(out, bare)
		if bare != w {
			break
		}
	}
	for len(out) > 0 && isConnectorWord(out[len(out)-1]) {
		out = out[:len(out)-1]
	}
	return strings.Join(out, " ")
}

// isConnectorWord: small words inside a name ("Bank of Ideas").
func isConnectorWord(w string) bool {
	switch w {
	case "of", "for", "and", "the", "in", "on", "de", "la", "del", "des", "du", "y", "et", "&":
		return true
	}
	return false
}

var (
	// clauseLead: a conjunction, an article or a bracket opening a clause
	// before its name ("y la", "and the", ") et le").
	clauseLead = regexp.MustCompile(`(?i)^(?:[)\]\s,;]*)(?:(?:and|y|e|et|as well as)\s+)?(?:(?:the|el|la|los|las|le|les|l['’])\s*)?`)
	// clauseTail: the words that lead to the category marker ("…, in the
	// category", "en la", "dans la").
	clauseTail = regexp.MustCompile(`(?i)[\s,(]*(?:\b(?:in|under|en|dans|for|para|pour)(?:\s+(?:the|la|le|el))?)?[\s,(]*$`)
)

// plainClauseEntry reads a clause that names its entry before the category
// marker, without quotation marks or a project word: "Name[, of Org]
// (Category n)". The name must read as a name: a few words, most of them
// capitalised; what follows the category is a predicate, not a part.
func plainClauseEntry(cl string, h catHit) (entry, bool) {
	before := clauseTail.ReplaceAllString(cl[:h.start], "")
	before = strings.TrimSpace(clauseLead.ReplaceAllString(strings.TrimSpace(before), ""))
	title, org, country := splitEntry(before)
	if !nameLike(title) {
		// "Among the champions are the Harbour Portal, …": the name is
		// the capitalised run that ends the sentence's part.
		title = nameBefore(title)
	}
	if !plausibleTitle(title) || !nameLike(title) {
		return entry{}, false
	}
	return entry{title: title, org: org, country: country, code: h.code}, true
}

// nameLike reports a short run of words most of which are capitalised
// ("Concurso Pachamama Game Jam 2016", "portal de la Red Salud Infomed"),
// not a sentence ("the results were announced").
func nameLike(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 10 {
		return false
	}
	caps, words := 0, 0
	for _, w := range f {
		if isConnectorWord(w) || w == "las" || w == "los" {
			continue
		}
		words++
		if upperFirst(w) || w[0] >= '0' && w[0] <= '9' {
			caps++
		}
	}
	return words > 0 && 3*caps >= 2*words
}

var (
	// arabicProjectWord: "project", "programme", "initiative", "platform"
	// in Arabic, with the prefix "with/for" and a possessive suffix
	// ("ببرنامجها", "بمشروعها"). Arabic has no capitals, so the name after
	// it is read by caselessTitle.
	arabicProjectWord = regexp.MustCompile(`(?:^|\s)(?:[بل]?(?:ال)?)(?:برنامج|مشروع|مبادرة|منصة|تطبيق)(?:ها|ه|هم|هما)?\s+`)
	// arabicStop: words that end a name written after a project word:
	// "in", "within", "for", "which".
	arabicStop = map[string]bool{"في": true, "ضمن": true, "عن": true, "الذي": true, "التي": true, "لـ": true, "من": true, "على": true}
)

// caselessTitle reads a name in a script without capitals: the words up
// to a comma, a full stop or a preposition, at most six.
func caselessTitle(s string) string {
	var out []string
	for k, w := range strings.Fields(s) {
		if k == 0 && (w == "حول" || w == "عن") {
			continue // "its project on X": the name is X
		}
		if arabicStop[w] || len(out) == 6 {
			break
		}
		bare := strings.TrimRight(w, "،,.؛;:")
		if bare != "" {
			out = append(out, bare)
		}
		if bare != w {
			break
		}
	}
	if len(out) == 6 {
		return "" // no end in sight: prose, not a name
	}
	return strings.Join(out, " ")
}
