package text

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// The listing splitter turns a list of prize winners, champions or
// nominees into one project per entry, with its organization, country and
// category. It knows the layouts lists are written in:
//
//   - inline news style: “Title” under “C5: <action line name>”;
//   - numbered category items: "n. Action Line Cn <name>", then the title,
//     then "Organization, Country.";
//   - items ending with their category: "n. Title Org - Category N "<name>"",
//     "Title – Org – Category N";
//   - bullets ending with a country, under a paragraph that names the
//     category: "• Title, Org COUNTRY";
//   - press-release prose: "the Org (Country) with the project X in
//     category C5; …";
//   - rows pasted from a table: a header naming a title column and a
//     country or category column, then rows with the same separator.
//
// Two entries of one layout make a list.

var (
	// `“Title” [portal] under “C5: Building confidence ...”`.
	underCategory = regexp.MustCompile(`[“"]([^”"\n]{2,160})[”"][^“"\n]{0,25}?\bunder\s+(?:the\s+)?[“"]([^”"\n]{2,200})[”"]`)
	// "1. Action Line C1 The role of ...", "2. Category C3 ...".
	numberedCategory = regexp.MustCompile(`^\d{1,3}[.)]\s+(?:WSIS\s+)?(?:Action\s+Line|Category|AL)\s+(C\s?\d{1,2}.*)$`)
	// "n. Title Org - Category N "Name"", "Title – Org – Categoría No. 10".
	trailingCategory = regexp.MustCompile(`^(?:\d{1,3}[.)]\s+|[-*•·]\s*)?(.{3,300}?)\s*[-–—,]\s*(?i:(?:prize\s+)?cat(?:e|é)gor(?:y|ie|ía))\s*(?i:no\.?|n°|nº|#)?\s*(\d{1,2}|C\s?\d{1,2}[\w:.\- ]*)\s*(.*)$`)
	// Words that start the organization part of "Title Org".
	orgStart = regexp.MustCompile(`^(?:Ministry|Ministère|Ministerio|Department|Departamento|National|Nacional|General|Supreme|Federal|Central|Authority|Agency|Agencia|Office|Council|Commission|University|Universidad|Université|Institute|Instituto|Center|Centre|Centro|Bank|Government|Gobierno|Municipality|Municipalidad|Foundation|Fundación|Fondation|Association|Asociación|Secretariat|Secretaría|Company|Corporation|the)$`)
	// "… the Org (Country) with the project X in category C5 …".
	orgProject = regexp.MustCompile(`(?:^|[;,.:]\s+|\band\s+)(?:the\s+)?([\p{Lu}][^();:]{1,100}?)\s*\(([^()]{3,40})\)\s*,?\s+(?:with|for)\s+(?:the\s+|its\s+)?(?:project|initiative|programme|program|platform|app|solution)\s+[“"]?([^“”";]{2,150}?)[”"]?\s+(?:in|under)\s+(?:the\s+)?(?:category\s+)?(C\s?\d{1,2}(?:\s*[.:]?\s*(?:ICT applications\s*:?\s*)?e-?[a-z]+)?|\d{1,2})\b`)
	// An item ending with a bare code: "Title – Org – C4", "Title (C7 e-health)".
	trailingCode = regexp.MustCompile(`^(?:\d{1,3}[.)]\s+|[-*•·]\s*)?(.{3,300}?)\s*(?:[-–—,]\s*|\()(C\s?\d{1,2}(?:\s*[.:]?\s*e-?[a-zA-Z]+)?)\)?\s*\.?$`)
	// Separators of rows pasted from a table.
	rowSeps      = []string{"\t", ";", ","}
	numberedItem = regexp.MustCompile(`^(\d{1,3})[.)]\s+\S`)
	itemMark     = regexp.MustCompile(`^(?:\d{1,3}[.)]|[-*•·▪◦●])\s+`)
)

// entry is one listed project.
type entry struct {
	title, org, country, code, status string
	line                              int
	rule                              string
}

// parseListing returns one project per entry of a prize list, or nil when
// the document is not such a list.
func parseListing(d *doc) []record.Record {
	for _, split := range []func(*doc) []entry{inlineEntries, numberedEntries, trailingCategoryEntries, orgProjectEntries, tableRowEntries, countryBulletEntries} {
		if es := split(d); len(es) >= 2 {
			return listingRecords(d, es)
		}
	}
	return nil
}

// inlineEntries reads `“Title” under “Cn: name”`.
func inlineEntries(d *doc) []entry {
	var out []entry
	for i, l := range d.lines {
		for _, m := range underCategory.FindAllStringSubmatch(prefix(l, 64<<10), 100) {
			am := alCodeRe.FindStringSubmatch(m[2])
			if am == nil {
				continue
			}
			code, ok := codeOf(am)
			if !ok {
				continue
			}
			out = append(out, entry{title: collapse(m[1]), code: code, line: i, rule: "listing: “Title” under “Cn: name”"})
		}
	}
	return out
}

// numberedEntries reads "n. Action Line Cn name" items, each followed by
// the title and an "Organization, Country." line.
func numberedEntries(d *doc) []entry {
	var out []entry
	for i := 0; i < len(d.lines); i++ {
		m := numberedCategory.FindStringSubmatch(d.lines[i])
		if m == nil {
			continue
		}
		am := alCodeRe.FindStringSubmatch(m[1])
		code, ok := "", false
		if am != nil {
			code, ok = codeOf(am)
		}
		if !ok {
			continue
		}
		e := entry{code: code, line: i, rule: "listing: numbered \"Action Line Cn\" item"}
		// The entry's lines run to the next numbered item.
		for j := i + 1; j < len(d.lines) && !numberedCategory.MatchString(d.lines[j]); j++ {
			s := d.lines[j]
			if s == "" || d.furniture[j] {
				continue
			}
			if e.title == "" {
				e.title = s
				continue
			}
			if f := splitFields(s); len(f) >= 2 && e.org == "" {
				if c, ok := countryField(f[len(f)-1]); ok {
					e.country = c
					e.org = strings.Join(f[:len(f)-1], ", ")
					continue
				}
			}
			if e.org == "" {
				e.org = strings.TrimRight(s, ". ")
			}
		}
		if e.title != "" {
			out = append(out, e)
		}
	}
	return out
}

// trailingCategoryEntries reads list items that end with their category:
// "n. Title Org - Category N "Name"".
func trailingCategoryEntries(d *doc) []entry {
	prizes := wsisPrizes.MatchString(prefix(d.text, 64<<10))
	var out []entry
	for i, l := range d.lines {
		m := trailingCategory.FindStringSubmatch(l)
		if m == nil {
			if c := trailingCode.FindStringSubmatch(l); c != nil {
				m = []string{c[0], c[1], c[2], ""}
			}
		}
		if m == nil || !itemMark.MatchString(l) && !strings.Contains(m[1], " – ") {
			continue
		}
		code := categoryCode(m[2], m[3], prizes)
		if code == "" {
			continue
		}
		title, org := splitTitleOrgEntry(strings.TrimSpace(m[1]))
		out = append(out, entry{title: title, org: org, code: code, line: i, rule: "listing: item ending with its category"})
	}
	if len(out) < 2 {
		return out
	}
	// Numbered items of the same list without a category (the last one
	// cut off by the end of the stored text) are entries too.
	last := out[len(out)-1]
	lastNum := itemNumber(d.lines[last.line])
	for j := last.line + 1; j < len(d.lines) && lastNum > 0; j++ {
		n := itemNumber(d.lines[j])
		if n == 0 {
			continue
		}
		if n != lastNum+1 {
			break
		}
		lastNum = n
		body := strings.TrimSpace(itemMark.ReplaceAllString(d.lines[j], ""))
		title, org := splitTitleOrgEntry(body)
		out = append(out, entry{title: title, org: org, line: j, rule: "listing: next numbered item of the list (no category written)"})
	}
	return out
}

// orgProjectEntries reads press-release prose: "the Org (Country) with the
// project X in category C5".
func orgProjectEntries(d *doc) []entry {
	prizes := wsisPrizes.MatchString(prefix(d.text, 64<<10))
	var out []entry
	for _, pg := range d.paragraphs() {
		if !strings.Contains(pg.text, "(") || !strings.Contains(pg.text, " with ") {
			continue
		}
		for _, m := range orgProject.FindAllStringSubmatch(pg.text, 100) {
			code := categoryCode(strings.TrimSpace(m[4]), "", prizes)
			c, _ := countryField(m[2])
			out = append(out, entry{title: strings.TrimSpace(m[3]), org: strings.TrimSpace(m[1]), country: c, code: code, line: pg.line,
				rule: "listing: \"Org (Country) with the project X in category Cn\""})
		}
	}
	return out
}

// tableRowEntries reads rows pasted from a table: a header line naming a
// title column and a country, category or organization column, then rows
// split by the same separator.
func tableRowEntries(d *doc) []entry {
	prizes := wsisPrizes.MatchString(prefix(d.text, 64<<10))
	for i, l := range d.lines {
		for _, sep := range rowSeps {
			cols := splitRow(l, sep)
			if len(cols) < 3 {
				continue
			}
			title, org, country, cat := -1, -1, -1, -1
			for k, c := range cols {
				switch f := taxonomy.Fold(c); {
				case title < 0 && (f == "title" || f == "project" || strings.HasPrefix(f, "project ") || f == "name of the project" || f == "initiative"):
					title = k
				case org < 0 && (strings.HasPrefix(f, "organi") || f == "entity" || f == "institution" || f == "owner"):
					org = k
				case country < 0 && (f == "country" || f == "pays" || f == "país" || f == "pais"):
					country = k
				case cat < 0 && (strings.HasPrefix(f, "categor") || strings.HasPrefix(f, "action line")):
					cat = k
				}
			}
			if title < 0 || org < 0 && country < 0 && cat < 0 {
				continue
			}
			var out []entry
			for j := i + 1; j < len(d.lines); j++ {
				row := splitRow(d.lines[j], sep)
				if len(row) != len(cols) {
					if d.lines[j] == "" && len(out) == 0 {
						continue
					}
					break
				}
				e := entry{title: row[title], line: j, rule: "listing: row of a pasted table"}
				if org >= 0 {
					e.org = row[org]
				}
				if country >= 0 {
					e.country, _ = countryField(row[country])
				}
				if cat >= 0 {
					e.code = categoryCode(strings.TrimPrefix(strings.TrimSpace(row[cat]), "Category "), "", prizes)
					if e.code == "" {
						if am := alCodeRe.FindStringSubmatch(row[cat]); am != nil {
							e.code, _ = codeOf(am)
						} else if code, ok := taxonomy.ActionLineByTitle(row[cat]); ok {
							e.code = code
						}
					}
				}
				out = append(out, e)
			}
			if len(out) >= 2 {
				return out
			}
		}
	}
	return nil
}

// splitRow splits a pasted table row; quoted cells keep their separators.
func splitRow(l, sep string) []string {
	if !strings.Contains(l, sep) {
		return nil
	}
	var out []string
	var cur strings.Builder
	quoted := false
	for _, r := range l {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && string(r) == sep:
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	return append(out, strings.TrimSpace(cur.String()))
}

// itemNumber is the number of a numbered list item, or 0.
func itemNumber(l string) int {
	m := numberedItem.FindStringSubmatch(l)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// categoryCode reads a category: a number (WSIS Prizes numbering when the
// page is about WSIS Prizes, else the official title that follows must
// name the line) or a code.
func categoryCode(num, rest string, prizes bool) string {
	if am := alCodeRe.FindStringSubmatch(num); am != nil && strings.HasPrefix(strings.ToUpper(num), "C") {
		if code, ok := codeOf(am); ok {
			return code
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return ""
	}
	title := strings.Trim(strings.TrimSpace(rest), `"“”«».:- `)
	if code, ok := taxonomy.ActionLineByTitle(title); ok && !strings.HasPrefix(code, "C7") {
		return code
	}
	if sub := alSubWord.FindString(title); sub != "" {
		if code, ok := taxonomy.ParseActionLine(sub); ok {
			return code
		}
	}
	if prizes {
		code, _ := taxonomy.PrizeCategory(n)
		return code
	}
	return ""
}

// splitTitleOrgEntry splits "Title Org" where the list does not mark the
// boundary: at " - ", at the word where the organization starts
// ("Ministry", "National", "the"), or where the title's first word comes
// back ("Mada Academy Mada Center").
func splitTitleOrgEntry(s string) (title, org string) {
	for _, sep := range []string{" - ", " – ", " — "} {
		if a, b, ok := strings.Cut(s, sep); ok {
			return strings.TrimSpace(a), strings.TrimSpace(b)
		}
	}
	words := strings.Fields(s)
	cut := -1
	for k := 1; k < len(words); k++ {
		// "Planning and Statistics Authority": a coordination ending in
		// an organization noun starts the organization.
		coord := k+3 < len(words)+1 && k+2 < len(words) && words[k+1] == "and" && orgNoun.MatchString(strings.Join(words[k+2:min(len(words), k+4)], " ")) && startsUpper(words[k])
		if orgStart.MatchString(words[k]) || k >= 2 && words[k] == words[0] || coord {
			cut = k
			break
		}
	}
	if cut < 0 {
		return s, ""
	}
	return strings.Join(words[:cut], " "), strings.Join(words[cut:], " ")
}

// countryBulletEntries reads bullets that end with a country ("Title, Org
// COUNTRY", "Title. Org (Country)") under a paragraph naming the category.
func countryBulletEntries(d *doc) []entry {
	var out []entry
	for i, l := range d.lines {
		s := stripBullet(l)
		if s == l || d.furniture[i] || len(s) > 400 {
			continue
		}
		body, country := trailingCountry(s)
		if country == "" {
			continue
		}
		title, org := body, ""
		if k := sentenceBreak.FindStringIndex(body); k != nil {
			title, org = body[:k[0]+1], body[k[1]-1:]
			title = strings.TrimRight(title, ".")
		} else if a, b, ok := strings.Cut(body, ", "); ok {
			title, org = a, b
		}
		e := entry{title: strings.TrimSpace(title), org: strings.TrimSpace(strings.TrimRight(org, ", ")), country: country, line: i, rule: "listing: bullet ending with a country"}
		e.code, e.status = listContext(d, i)
		out = append(out, e)
	}
	if len(out) < 2 || out[0].code == "" && !projectCue.MatchString(prefix(d.text, 8192)) {
		return nil
	}
	return out
}

// sentenceBreak is ". " before a capital: "… and Institutions. International Fund …".
var sentenceBreak = regexp.MustCompile(`[a-z)]\.\s+[A-Z]`)

// trailingCountry splits a country written at the end of an entry, in
// capitals or brackets ("… Co, Ltd CHINA", "… (Kenya)").
func trailingCountry(s string) (body, code string) {
	s = strings.TrimRight(s, " .;,")
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") {
		if c, ok := countryField(s[i+1 : len(s)-1]); ok {
			return strings.TrimSpace(s[:i]), c
		}
	}
	words := strings.Fields(s)
	for n := min(4, len(words)-1); n >= 1; n-- {
		tail := strings.Join(words[len(words)-n:], " ")
		if tail != strings.ToUpper(tail) {
			continue // a country in capitals marks the column
		}
		if c, ok := lookupCountry(tail); ok {
			return strings.Join(words[:len(words)-n], " "), c
		}
	}
	return s, ""
}

// listContext reads the category and status a list's introduction gives:
// the closest of the eight lines above that names an action line.
func listContext(d *doc, i int) (code, status string) {
	seen := 0
	for j := i - 1; j >= 0 && seen < 8; j-- {
		l := d.lines[j]
		if l == "" || d.furniture[j] {
			continue
		}
		seen++
		if status == "" {
			status = prizeStatus(l)
		}
		if code == "" {
			if m := alCodeRe.FindStringSubmatch(l); m != nil {
				code, _ = codeOf(m)
			} else if sub := alSubWord.FindString(l); sub != "" && alMention.MatchString(l) {
				code, _ = taxonomy.ParseActionLine(sub)
			}
		}
	}
	return code, status
}

// listingRecords makes one project record per entry.
func listingRecords(d *doc, es []entry) []record.Record {
	year, date := yearAndDate(d)
	event := detectEvent(d)
	status := prizeStatus(strings.Join(d.head(6), "\n"))
	if status == "" {
		status = prizeStatus(d.text)
	}
	docCountries := proseCountries(d, nil, nil)
	d.ev = nil
	var out []record.Record
	for k, e := range es {
		rec := record.Record{Kind: record.KindProject, Title: e.title, Organization: e.org, Year: year, Date: date, Event: event}
		rec.Source.URL = d.url
		st := status
		if e.status != "" {
			st = e.status
		}
		ev := []record.Evidence{{Field: "kind", Value: "project", Rule: fmt.Sprintf("%s (entry %d of %d)", e.rule, k+1, len(es)), Line: d.first + e.line, Text: prefix(d.lines[e.line], evidenceTextMax)}}
		if e.code != "" {
			rec.ActionLines = []string{e.code}
			ev = append(ev, record.Evidence{Field: "action_lines", Value: e.code, Rule: "action line: the entry's category", Line: d.first + e.line})
		}
		rec.Prize = &record.Prize{Year: year, Category: e.code, Status: st}
		switch {
		case e.country != "":
			rec.Countries = []string{e.country}
			ev = append(ev, record.Evidence{Field: "countries", Value: e.country, Rule: "country: the entry's country", Line: d.first + e.line})
		case len(docCountries) == 1:
			rec.Countries = docCountries
			ev = append(ev, record.Evidence{Field: "countries", Value: docCountries[0], Rule: "country: the only country the page names"})
		}
		rec.GenderFocus = record.GenderNone
		if titleGender.MatchString(e.title) {
			rec.GenderFocus = record.GenderPrimary
		}
		rec.Explain = ev
		finishMissing(&rec)
		out = append(out, rec)
	}
	return out
}
