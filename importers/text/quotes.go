package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// quoteHit is a quote with the person it is attributed to. quotedBy marks
// words a panellist cited from someone else: that someone is not a speaker.
type quoteHit struct {
	quote    record.Quote
	speaker  record.Person
	quotedBy bool
}

var (
	quoteHeading = regexp.MustCompile(`(?i)^(?:[-*•]\s*)?(?:[IVX]{1,4}\.\s*|\d{1,2}\)\s*)?(?:key\s+)?quotes?\s*:?\s*$`)
	quotedItem   = regexp.MustCompile(`^["“]([^"”]{8,1000})["”]\s*[,.;:–—-]*\s*(.*)$`)
	quotedByRe   = regexp.MustCompile(`(?i)\bquoted\s+by\b`)
	// `"…," said Ms. Name` and `"…" says Name`.
	saidQuote   = regexp.MustCompile(`["“]([^"”]{20,600}?)[,.]?["”],?\s+(?:said|says|added|adds|noted|notes|explained|explains)\s+([^.,;\n]{3,80})`)
	speechQuote = regexp.MustCompile(`(?i)\b(?:said|says|advises|advised|added|adds|noted|notes|stated|states|explained|explains|urged|urges|remarked|insisted)\s*[:,]?\s*["“]([^"”]{20,600})["”]`)
	quoteOrgCut = regexp.MustCompile(`(?i)\s+(?:quoting|who|said|says|to\s+indicate|when|while)\b.*$`)
)

// quotes reads a "Quotes" section (items are a quoted sentence and an
// attribution) and quotations introduced by a speech verb anywhere.
func quotes(d *doc) []quoteHit {
	var out []quoteHit
	var items []string
	in := false
	for _, l := range d.lines {
		if quoteHeading.MatchString(l) {
			in = true
			continue
		}
		if !in {
			continue
		}
		if numHeading.MatchString(l) {
			in = false
			continue
		}
		if l == "" {
			continue
		}
		s := stripBullet(l)
		if strings.HasPrefix(s, "\"") || strings.HasPrefix(s, "“") || len(items) == 0 || s != l {
			items = append(items, s)
		} else {
			items[len(items)-1] += " " + s
		}
	}
	for _, it := range items {
		m := quotedItem.FindStringSubmatch(it)
		if m == nil {
			continue
		}
		out = append(out, attribute(collapse(m[1]), strings.TrimSpace(m[2])))
	}
	seen := map[string]bool{}
	for _, h := range out {
		seen[h.quote.Text] = true
	}
	for _, m := range saidQuote.FindAllStringSubmatch(d.text, 50) {
		t := collapse(m[1])
		if seen[t] {
			continue
		}
		hon, rest := honorific(strings.TrimSpace(m[2]))
		name, _ := leadingName(rest, false)
		if !plausibleName(name) {
			continue
		}
		seen[t] = true
		out = append(out, quoteHit{quote: record.Quote{Text: t, Speaker: name}, speaker: record.Person{Name: name, Honorific: hon, Role: "Speaker"}})
	}
	for _, m := range speechQuote.FindAllStringSubmatch(d.text, 50) {
		t := collapse(m[1])
		if !seen[t] {
			seen[t] = true
			out = append(out, quoteHit{quote: record.Quote{Text: t}})
		}
	}
	return out
}

// attribute reads who said a quote: "Ms. Name, Title at Org", "Dr. Name of
// Org quoting ...", "Title Name quoted by a panelist".
func attribute(text, attr string) quoteHit {
	h := quoteHit{quote: record.Quote{Text: text}}
	if loc := quotedByRe.FindStringIndex(attr); loc != nil {
		h.quotedBy = true
		words := strings.Fields(attr[:loc[0]])
		start := len(words)
		for start > 0 && nameToken(words[start-1]) && !isTitleWord(words[start-1]) {
			start--
		}
		h.quote.Speaker = strings.Join(words[start:], " ")
		return h
	}
	hon, rest := honorific(attr)
	name, after := leadingName(rest, false)
	if !plausibleName(name) {
		return h
	}
	org := strings.TrimSpace(strings.TrimPrefix(after, ","))
	org = strings.TrimPrefix(org, "of ")
	if _, at, ok := strings.Cut(org, " at "); ok {
		org = at
	}
	org = strings.TrimSpace(quoteOrgCut.ReplaceAllString(org, ""))
	h.quote.Speaker = name
	h.quote.Organization = org
	h.speaker = record.Person{Name: name, Honorific: hon, Organization: org, Role: "Speaker"}
	return h
}
