package text

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// The listing splitter turns a list of prize winners, champions or
// nominees into one project per entry, with its organization, country and
// category. Lists are recognised by their structure, whatever the words:
//
//   - category blocks: a line naming a category ("Category 2: …", "1.
//     Action Line C1 …:", "C4 – Capacity building") and under it the entry
//     as fields (Project:, Organization:, Country:), as a title line and an
//     "Organization, Country" line, or as bullets;
//   - items that carry their category ("n. Title Org - Category N "Name"",
//     "C3 – Title, Org (Country)", "Catégorie C7 – Cybersanté : « Title »
//     (Org)"), one per line, numbered, bulleted or not;
//   - bullets without a category under an introduction naming it or the
//     prize ("• Title, Org COUNTRY");
//   - prose naming several entries, each clause with a title and a category
//     ("the Org (Country) won with the project “X” in category C4; …",
//     "“X” under “C5: …”, “Y” under …");
//   - rows pasted from a table (a header naming a title column and a
//     country, category or organization column).
//
// Two entries make a list; all but table rows need a page that speaks of
// prizes, awards, winners, nominees or champions (in English, French,
// Spanish or Arabic), so a session's list of action lines is no listing.

var (
	// listCue: words of pages that list prize entries.
	listCue = regexp.MustCompile(`(?i)\b(?:prizes?|awards?|awarded|winners?|winning|won|champions?|nominees?|nominated|nominations?|finalists?|laureates?|lauréats?|primés?|prix|premios?|premiad[oa]s?|ganador(?:es|as?)?|nominad[oa]s?|finalistas?)\b|جوائز|جائزة|ترشيح|المرشحة|الفائز`)
	// Words that start the organization part of "Title Org".
	orgStart = regexp.MustCompile(`^(?:Ministry|Ministère|Ministerio|Department|Departamento|National|Nacional|General|Supreme|Federal|Central|Authority|Agency|Agencia|Office|Council|Commission|University|Universidad|Université|Institute|Instituto|Center|Centre|Centro|Bank|Government|Gobierno|Municipality|Municipalidad|Foundation|Fundación|Fondation|Association|Asociación|Secretariat|Secretaría|Company|Corporation|the)$`)
	// Separators of rows pasted from a table.
	rowSeps      = []string{"\t", "|", ";", ","}
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
	if es := tableRowEntries(d); len(es) >= 2 {
		return listingRecords(d, es)
	}
	text := prefix(d.text, 64<<10)
	if !listCue.MatchString(text) {
		return nil
	}
	prizes := wsisPrizes.MatchString(text)
	for _, split := range []func(*doc, bool) []entry{fieldGroupEntries, blockEntries, itemEntries, proseEntries, contextBulletEntries} {
		if es := split(d, prizes); len(es) >= 2 {
			return listingRecords(d, es)
		}
	}
	return nil
}

// categoryHeading reports a line that names a category and nothing else:
// the head of a block of entries.
func categoryHeading(l string, prizes bool) (catHit, bool) {
	body := strings.TrimSpace(itemMark.ReplaceAllString(stripBullet(l), ""))
	if len(body) > 240 {
		return catHit{}, false
	}
	h, ok := findCategory(body, prizes, true)
	if !ok || trimSeps(body[:h.start]) != "" {
		return catHit{}, false
	}
	// What follows the marker may only go on with the category's name
	// ("Action Line C1 The role of … in the promotion of ICTs:"): words
	// without the marks that separate a title or an organization.
	if rest := trimSeps(body[h.end:]); rest != "" && (h.code == "" || !strings.HasSuffix(body, ":") && strings.ContainsAny(rest, "–—\"“«(,|")) {
		return catHit{}, false
	}
	return h, h.code != "" || h.name != ""
}

// Field labels of an entry under a category heading.
var (
	entryTitleLabel   = regexp.MustCompile(`(?i)^(?:project|project name|project title|name of the project|title|initiative|projet|nom du projet|titre|proyecto|nombre del proyecto|título|titulo)$`)
	entryOrgLabel     = regexp.MustCompile(`(?i)^(?:organi[sz]ation|organi[sz]ations|entity|institution|owner|submitted by|implemented by|organisme|structure|organización|organizacion|entidad|institución)$`)
	entryCountryLabel = regexp.MustCompile(`(?i)^(?:country|pays|país|pais)$`)
)

// entryCategoryLabel: the label of a category field.
var entryCategoryLabel = regexp.MustCompile(`(?i)^(?:(?:prize |wsis )?categor(?:y|ies)|(?:wsis )?action lines?|cat[ée]gorie|categor[ií]a|l[ií]nea de acci[oó]n|ligne d['’]action)$`)

// fieldGroupEntries reads entries written as a group of lines with a
// category field: a title line (or a title field), then fields
// ("Organization: …", "Country: …", "Category: C4").
func fieldGroupEntries(d *doc, prizes bool) []entry {
	var out []entry
	for i := 0; i < len(d.lines); {
		if d.lines[i] == "" || d.furniture[i] {
			i++
			continue
		}
		e := entry{line: i, rule: "listing: group of lines with a category field"}
		var plain []string
		j := i
		for ; j < len(d.lines) && d.lines[j] != ""; j++ {
			if d.furniture[j] {
				continue
			}
			l := d.lines[j]
			if label, value, ok := field(l); ok && value != "" {
				switch {
				case entryTitleLabel.MatchString(label):
					e.title = value
				case entryOrgLabel.MatchString(label):
					e.org, e.country = orgAndCountry(value, e.country)
				case entryCountryLabel.MatchString(label):
					e.country, _ = countryField(value)
				case entryCategoryLabel.MatchString(label):
					e.code = cellCategory(value, prizes)
				}
				continue
			}
			plain = append(plain, l)
		}
		i = j
		if e.code == "" || len(plain) > 3 {
			continue
		}
		if e.title == "" && len(plain) > 0 {
			e.title = trimSeps(plain[0])
			plain = plain[1:]
		}
		if e.org == "" && len(plain) > 0 {
			e.org, e.country = orgAndCountry(plain[0], e.country)
		}
		if plausibleTitle(e.title) {
			out = append(out, e)
		}
	}
	return out
}

// orgAndCountry reads an organization line that may end with its country
// ("Digital Age Collective, Portugal").
func orgAndCountry(l, country string) (string, string) {
	t, org, c := splitEntry(l)
	if org != "" {
		t = t + ", " + org
	}
	if c == "" {
		// "Judiciary of Sierra Leone": a country ending the name.
		if ms := newCountryLookup().mentions(t); len(ms) > 0 && ms[len(ms)-1].end == len(t) && ms[len(ms)-1].start > 0 {
			c = ms[len(ms)-1].code
		}
	}
	if country == "" {
		country = c
	}
	return t, country
}

// blockEntries reads blocks headed by a category line: fields, a title
// line then an "Organization, Country" line, or bullets.
func blockEntries(d *doc, prizes bool) []entry {
	var out []entry
	for i := 0; i < len(d.lines); i++ {
		h, ok := categoryHeading(d.lines[i], prizes)
		if !ok || d.furniture[i] {
			continue
		}
		e := entry{code: h.code, line: i, rule: "listing: entry under a category heading"}
		var bullets []entry
		plain := 0
		j := i + 1
		for ; j < len(d.lines) && j < i+14; j++ {
			l := d.lines[j]
			if l == "" || d.furniture[j] {
				continue
			}
			if _, next := categoryHeading(l, prizes); next {
				break
			}
			if len(l) > 300 || sentenceLike(l) {
				break
			}
			if label, value, isField := field(l); isField && value != "" {
				switch {
				case entryTitleLabel.MatchString(label):
					e.title = value
					continue
				case entryOrgLabel.MatchString(label):
					e.org = value
					continue
				case entryCountryLabel.MatchString(label):
					e.country, _ = countryField(value)
					continue
				}
			}
			if stripBullet(l) != l || itemMark.MatchString(l) {
				b, _, _ := parseItem(l, prizes, false)
				if plausibleTitle(b.title) {
					b.code, b.line, b.rule = h.code, j, "listing: bullet under a category heading"
					bullets = append(bullets, b)
				}
				continue
			}
			plain++
			switch plain {
			case 1:
				if e.title == "" {
					e.title = trimSeps(l)
				}
			case 2:
				if e.org == "" {
					t, org, c := splitEntry(l)
					if org != "" && c == "" {
						org = t + ", " + org
					} else if org == "" {
						org = t
					}
					e.org, e.country = org, c
				}
			}
		}
		switch {
		case len(bullets) > 0:
			out = append(out, bullets...)
		case plausibleTitle(e.title):
			e.title = strings.TrimRight(e.title, ".: ")
			out = append(out, e)
		}
		i = j - 1
	}
	return out
}

// itemEntries reads lines that carry their category: numbered, bulleted
// or plain lines of a run. The numbered items of the same list that follow
// without a category (the last one often cut off) are entries too.
func itemEntries(d *doc, prizes bool) []entry {
	var out []entry
	for i, l := range d.lines {
		if l == "" || d.furniture[i] || len(l) > 400 || len(strings.Fields(l)) > 45 {
			continue
		}
		e, h, found := parseItem(l, prizes, true)
		if !found || e.code == "" && h.name == "" || !plausibleTitle(e.title) {
			continue
		}
		// "1. Title" / "Org – Category C3": the category line goes on
		// the numbered item above it.
		if itemBody(l) == l {
			if p := d.prevNonEmpty(i); p >= 0 && itemBody(d.lines[p]) != d.lines[p] {
				if pe, _, pfound := parseItem(d.lines[p], prizes, true); !pfound && plausibleTitle(pe.title) {
					e.org = strings.TrimSpace(strings.Trim(e.title+", "+e.org, ", "))
					e.title = itemBody(d.lines[p])
					e.line, e.rule = p, "listing: numbered item and its category line"
					out = append(out, e)
					continue
				}
			}
		}
		// A plain line must be one of a run: the next or previous
		// non-empty line is an entry too.
		if !itemMark.MatchString(stripBullet(l)) && stripBullet(l) == l && !neighbourItem(d, i, prizes) {
			continue
		}
		e.line, e.rule = i, "listing: item with its category"
		out = append(out, e)
	}
	if len(out) < 2 {
		return out
	}
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
		e, _, _ := parseItem(d.lines[j], prizes, true)
		if !plausibleTitle(e.title) {
			break
		}
		e.line, e.rule = j, "listing: next numbered item of the list (no category written)"
		out = append(out, e)
	}
	return out
}

// itemBody is a line without its list mark or number.
func itemBody(l string) string {
	return strings.TrimSpace(itemMark.ReplaceAllString(stripBullet(l), ""))
}

// neighbourItem reports whether the nearest non-empty line before or after
// line i also carries a category.
func neighbourItem(d *doc, i int, prizes bool) bool {
	for _, j := range []int{d.prevNonEmpty(i), d.nonEmpty(i + 1)} {
		if j < 0 || len(d.lines[j]) > 400 {
			continue
		}
		if e, h, found := parseItem(d.lines[j], prizes, true); found && (e.code != "" || h.name != "") && plausibleTitle(e.title) {
			return true
		}
	}
	return false
}

// contextBulletEntries reads bullets without a category whose list the
// lines above introduce ("… covered by the Action Line C7: E-Agriculture
// … These are,"): each bullet is a title with its organization and
// country ("• Title, Org COUNTRY", "• Title – Org (Country)").
func contextBulletEntries(d *doc, prizes bool) []entry {
	var out []entry
	for i, l := range d.lines {
		s := stripBullet(l)
		if s == l && !itemMark.MatchString(l) || d.furniture[i] || len(s) > 400 {
			continue
		}
		e, _, _ := parseItem(l, prizes, false)
		if e.country == "" && e.org == "" || !plausibleTitle(e.title) {
			continue
		}
		if awardName.MatchString(e.title) {
			continue // "- Example Awards 2026 — Category": a list of honours, not of projects
		}
		e.line, e.rule = i, "listing: bullet with an organization and a country"
		e.code, e.status = listContext(d, i)
		if e.country == "" && (e.code == "" && e.status == "" || !orgName(e.org)) {
			continue // "Title – Org" needs an organization and an introduction naming the category or the prize
		}
		out = append(out, e)
	}
	return longestRun(out, 3)
}

// longestRun keeps the longest run of entries at most gap lines apart: one
// list, not bullets scattered over a page.
func longestRun(es []entry, gap int) []entry {
	var best []entry
	start := 0
	for k := 1; k <= len(es); k++ {
		if k == len(es) || es[k].line-es[k-1].line > gap {
			if k-start > len(best) {
				best = es[start:k]
			}
			start = k
		}
	}
	return best
}

// orgName reports a plausible organization name: capitalised, a few
// words, no sentence.
func orgName(s string) bool {
	f := strings.Fields(s)
	return len(f) >= 1 && len(f) <= 12 && upperFirst(s) && !sentenceLike(s) && !strings.HasSuffix(s, ".") &&
		(orgNoun.MatchString(s) || looksLikeOrgName(s) || len(f) >= 2)
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
				switch f := strings.TrimSpace(c); {
				case title < 0 && entryTitleLabel.MatchString(f):
					title = k
				case org < 0 && entryOrgLabel.MatchString(f):
					org = k
				case country < 0 && entryCountryLabel.MatchString(f):
					country = k
				case cat < 0 && catMarker.MatchString(f+" 1"):
					cat = k
				}
			}
			if title < 0 || org < 0 && country < 0 && cat < 0 {
				continue
			}
			var out []entry
			for j := i + 1; j < len(d.lines); j++ {
				if markdownRule.MatchString(d.lines[j]) {
					continue // "|---|---|" under a Markdown header
				}
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
					e.code = cellCategory(row[cat], prizes)
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

// cellCategory reads the category of a table cell: "C7 e-health", "Category
// 3", "3", an official title.
func cellCategory(c string, prizes bool) string {
	c = strings.TrimSpace(c)
	if n, err := strconv.Atoi(c); err == nil {
		c = "Category " + strconv.Itoa(n)
	}
	if h, ok := findCategory(c, prizes, true); ok && h.code != "" {
		return h.code
	}
	return nameCode(c)
}

// markdownRule is the line under a Markdown table header.
var markdownRule = regexp.MustCompile(`^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$`)

// splitRow splits a pasted table row; quoted cells keep their separators.
// A Markdown row keeps its cells, not its outer bars.
func splitRow(l, sep string) []string {
	if !strings.Contains(l, sep) {
		return nil
	}
	if sep == "|" {
		l = strings.TrimSpace(l)
		l = strings.TrimSuffix(strings.TrimPrefix(l, "|"), "|")
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

// splitTitleOrgEntry splits "Title Org" where the list does not mark the
// boundary: at the word where the organization starts ("Ministry",
// "National", "the"), or where the title's first word comes back ("Mada
// Academy Mada Center").
func splitTitleOrgEntry(s string) (title, org string) {
	words := strings.Fields(s)
	cut := -1
	for k := 1; k < len(words); k++ {
		// "Planning and Statistics Authority": a coordination ending in
		// an organization noun starts the organization.
		coord := k+2 < len(words) && words[k+1] == "and" && orgNoun.MatchString(strings.Join(words[k+2:min(len(words), k+4)], " ")) && startsUpper(words[k])
		// The organization is two words or more: "Women in Telecom
		// Council" is one name.
		if (orgStart.MatchString(words[k]) || k >= 2 && words[k] == words[0] || coord) && k+1 < len(words) {
			cut = k
			break
		}
	}
	if cut < 0 {
		return s, ""
	}
	return strings.Join(words[:cut], " "), strings.Join(words[cut:], " ")
}

// sentenceBreak is ". " before a capital: "… and Institutions. International Fund …".
var sentenceBreak = regexp.MustCompile(`[a-z)]\.\s+[A-Z]`)

// trailingCountry splits a country written at the end of an entry, in
// capitals or brackets ("… Co, Ltd CHINA", "… (Kenya)").
func trailingCountry(s string) (body, code string) {
	s = strings.TrimRight(s, " .;,")
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") {
		inner := s[i+1 : len(s)-1]
		if c, ok := countryField(inner); ok {
			return strings.TrimSpace(s[:i]), c
		}
		// "(Org, Country)": the country ends the bracket.
		if k := strings.LastIndex(inner, ", "); k > 0 {
			if c, ok := countryField(inner[k+2:]); ok {
				return strings.TrimSpace(s[:i]) + " (" + inner[:k] + ")", c
			}
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
				code = nameCode(sub)
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
