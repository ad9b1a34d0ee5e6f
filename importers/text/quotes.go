package text

import (
	"regexp"
	"slices"
	"strings"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Quotes are statements in quotation marks (“…”, "…", «…») that the text
// attributes: items of a "Quotes" section, a quotation next to a speech
// verb in English, French or Spanish ("…," said Name; a expliqué …; Selon
// …), a quoted paragraph followed by its speaker's name, and interview
// answers ("Name: …" in the first person). Quoted terms and themes
// (“Network of Networks”, an event theme) have no speech verb and are not
// quotes; words a panellist cites from someone else keep the quote without
// making that someone a speaker; a quotation cut off by the end of the
// stored text is not kept.

// quoteHit is a quote with the person it is attributed to. quotedBy marks
// words a panellist cited from someone else: that someone is not a speaker.
type quoteHit struct {
	quote    record.Quote
	speaker  record.Person
	quotedBy bool
	line     int
}

var (
	quoteHeading = regexp.MustCompile(`(?i)^(?:[-*•]\s*)?(?:[IVX]{1,4}\.\s*|\d{1,2}\)\s*)?(?:key\s+)?quotes?\s*:?\s*$`)
	quotedItem   = regexp.MustCompile(`^["“«]\s*([^"”»]{8,1000}?)\s*["”»]\s*[,.;:–—-]*\s*(.*)$`)
	quotedByRe   = regexp.MustCompile(`(?i)\bquoted\s+by\b`)
	// `"…," said Ms. Name`, `"…" Says, Name`.
	saidQuote = regexp.MustCompile(`["“«]\s*([^"”»]{2,1000}?)\s*[,.]?\s*["”»],?\s+(?i:said|says|added|adds|noted|notes|explained|explains|stated|states|remarked|told|argued|recalled|insisted|stressed|emphasi[sz]ed|observed|commented)\s*,?\s+((?:(?:Mr|Ms|Mrs|Dr|Prof|H\.E|Amb|Hon|Eng|Mme|Sr|Sra|M)\.\s+)*[^.,;\n]{3,80})`)
	// `She advises: "…"`.
	speechQuote = regexp.MustCompile(`(?i)\b(?:said|says|advises|advised|added|adds|noted|notes|stated|states|explained|explains|urged|urges|remarked|insisted)\s*[:,]?\s*["“]([^"”]{20,1000})["”]`)
	// A quotation anywhere: “…”, «…», "…".
	anyQuote = regexp.MustCompile(`[“«"]\s*([^“”«»"]{8,1000}?)\s*[”»"]`)
	// Speech verbs and attributions of French and Spanish reports.
	speechVerb  = wordsRe(`(?:a|avait|ont)\s+(?:expliqué|déclaré|ajouté|souligné|indiqué|affirmé|précisé|estimé|dit|poursuivi|confié|lancé|rappelé|insisté|raconté)|a-t-(?:elle|il)\s+\p{L}+|\p{L}+-t-(?:elle|il)|\p{L}+-(?:elle|il)|explique|déclare|ajoute|souligne|affirme|précise|estime|raconte|confie|insiste|rappelle|selon|d['’]après|according to|dijo|dice|afirmó|afirma|explicó|explica|señaló|señala|añadió|añade|declaró|declara|contó|cuenta|según|said|says|added|adds|explained|explains|noted|notes|stated|states|told|tells|remarked|recalled|recalls|argued|argues|insisted|stressed`)
	quoteOrgCut = regexp.MustCompile(`(?i)\s+(?:quoting|who|said|says|to\s+indicate|when|while)\b.*$`)
	// A quoted paragraph, then its speaker: “…” Name at Org.
	quoteThenName = regexp.MustCompile(`^[“"«]\s*(.{20,1000}?)\s*[”"»]\s*[–—-]?\s*(\p{Lu}.{2,200})$`)
	sentenceEnd   = regexp.MustCompile(`[.!?…»”"]\s*$`)
)

// quotes reads every quote of a document.
func quotes(d *doc) []quoteHit {
	var out []quoteHit
	seen := map[string]bool{}
	keep := func(h quoteHit) {
		h.quote.Text = strings.TrimRight(h.quote.Text, ", ;:")
		key := taxonomy.Fold(h.quote.Text)
		if key == "" || seen[key] {
			return
		}
		seen[key] = true
		out = append(out, h)
		d.note("quotes", h.quote.Text, "quote: "+h.quote.Speaker, h.line)
	}
	for _, h := range quoteSection(d) {
		keep(h)
	}
	for i, l := range d.lines {
		if l == "" || d.furniture[i] || turn.MatchString(l) {
			continue
		}
		l = prefix(l, 64<<10)
		if h, ok := captionQuote(d, i, l); ok {
			keep(h)
			continue
		}
		if m := quoteThenName.FindStringSubmatch(l); m != nil {
			if h := attribute(collapse(m[1]), strings.TrimSpace(m[2])); h.quote.Speaker != "" {
				// The line may go on with a second quotation of the same
				// speaker ("“…,” Name said. “…”"): read on.
				h.line = i
				keep(h)
			}
		}
		for _, m := range saidQuote.FindAllStringSubmatch(l, 20) {
			t := collapse(m[1])
			hon, rest := honorificOf(strings.TrimSpace(m[2]))
			name, _ := leadingName(rest, false)
			if !plausibleName(name) {
				continue
			}
			keep(quoteHit{quote: record.Quote{Text: t, Speaker: name}, speaker: record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender, Role: "Speaker"}, line: i})
		}
		for _, m := range speechQuote.FindAllStringSubmatchIndex(l, 20) {
			// "Mr. Name, an inspector at …, added: "…"": the speaker is
			// the sentence's subject.
			h := quoteHit{quote: record.Quote{Text: collapse(l[m[2]:m[3]])}, line: i}
			h.setSpeaker(subjectName(sentenceBefore(l, m[0])))
			keep(h)
		}
		for _, m := range anyQuote.FindAllStringSubmatchIndex(l, 20) {
			t := collapse(l[m[2]:m[3]])
			if seen[taxonomy.Fold(t)] || len(strings.Fields(t)) < 5 || titleCased(t) {
				continue
			}
			window := l[max(0, m[0]-120):m[0]] + " " + l[m[1]:min(len(l), m[1]+120)]
			if !speechVerb.MatchString(window) {
				continue
			}
			h := quoteHit{quote: record.Quote{Text: t}, line: i}
			after := l[m[1]:min(len(l), m[1]+160)]
			if per := firstPersonIn(after); per.Name != "" {
				h.setSpeaker(per)
			} else if loc := accordingTo.FindStringIndex(l[max(0, m[0]-160):m[0]]); loc != nil {
				// "Selon M. Name, conseiller, « … »".
				h.setSpeaker(subjectName(l[max(0, m[0]-160)+loc[1] : m[0]]))
			} else if sb := sentenceBefore(l, m[0]); speechVerb.MatchString(sb) {
				// "Name from Org said that …, “…”": the sentence's subject.
				h.setSpeaker(subjectName(sb))
			}
			keep(h)
		}
	}
	// An interview gives one person's answers as quotes; turns of several
	// people are a transcript, whose words are not quotes.
	if ans := interviewQuotes(d); len(ans) > 0 {
		who := map[string]bool{}
		for _, h := range ans {
			who[nameKey(h.quote.Speaker)] = true
		}
		if len(who) == 1 {
			for _, h := range ans {
				keep(h)
			}
		}
	}
	return out
}

// quoteSection reads the items of a "Quotes" section: a quoted sentence
// and its attribution, multi-line items joined.
func quoteSection(d *doc) []quoteHit {
	var out []quoteHit
	type item struct {
		text string
		line int
	}
	var items []item
	in := false
	for i, l := range d.lines {
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
			items = append(items, item{s, i})
		} else {
			items[len(items)-1].text += " " + s
		}
	}
	for _, it := range items {
		m := quotedItem.FindStringSubmatch(it.text)
		if m == nil {
			continue
		}
		h := attribute(collapse(m[1]), strings.TrimSpace(m[2]))
		h.line = it.line
		out = append(out, h)
	}
	return out
}

// accordingTo introduces the speaker before a quotation.
var accordingTo = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:selon|according to|d['’]après|según|para)\s+`)

// setSpeaker attributes the quote to per.
func (h *quoteHit) setSpeaker(per record.Person) {
	if per.Name == "" {
		return
	}
	per.Role = "Speaker"
	h.quote.Speaker = per.Name
	h.speaker = per
}

// sentenceBefore is the part of the sentence of l that ends at i.
func sentenceBefore(l string, i int) string {
	s := l[max(0, i-240):i]
	// The last sentence end, a closing quotation mark after it allowed
	// ("… the Internet.” Name said …").
	for _, loc := range slices.Backward(sentenceStop.FindAllStringIndex(s, -1)) {
		if loc[1] < len(s) && !honorificEnd(s[:loc[0]+1]) {
			return s[loc[1]:]
		}
	}
	return s
}

// sentenceStop ends a sentence: a full stop, "!" or "?", perhaps a closing
// quotation mark, then a space.
var sentenceStop = regexp.MustCompile(`[.!?]["”»’]?\s+`)

// honorificEnd reports "… Mr." / "… Dr.": a full stop that ends an
// honorific, not a sentence.
func honorificEnd(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 {
		return false
	}
	h, _ := honorificOf(words[len(words)-1] + " X")
	return h.Canonical != ""
}

// subjectName reads the person a clause opens with: "Mr. Name, an
// inspector …" or "Name, who …".
func subjectName(s string) record.Person {
	hon, rest := honorificOf(strings.TrimSpace(s))
	name, _ := leadingName(rest, false)
	if !plausibleName(name) || !personName(name) {
		return record.Person{}
	}
	return record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender}
}

// firstPersonIn finds the first person named in a short text after a
// quotation, with the honorific written before the name.
func firstPersonIn(s string) record.Person {
	name := firstName(s)
	if name == "" {
		return record.Person{}
	}
	per := record.Person{Name: name}
	if k := strings.Index(s, name); k > 0 {
		words := strings.Fields(s[:k])
		if len(words) > 0 {
			if h, rest := honorificOf(words[len(words)-1] + " " + name); h.Canonical != "" && rest == name {
				per.Honorific, per.Gender = h.Canonical, h.Gender
			}
		}
	}
	return per
}

// firstName finds the first person's name in a short text after a
// quotation ("a expliqué, ce 13 juin, dans la capitale, Rebecca Enonchong").
func firstName(s string) string {
	for _, m := range capsRun.FindAllString(s, 8) {
		_, m = honorificOf(dropLeadWords(m)) // "Mme Awa Ndiaye"
		if name, _ := leadingName(m, false); name == m && plausibleName(name) && personName(name) {
			return name
		}
	}
	return ""
}

// interviewQuotes reads interview answers: "Name: answer" in the first
// person, at least 15 words, not cut off by the end of the text.
func interviewQuotes(d *doc) []quoteHit {
	var out []quoteHit
	last := d.prevNonEmpty(len(d.lines))
	for i, l := range d.lines {
		if len(l) < 80 || d.furniture[i] || strings.HasPrefix(l, ">>") {
			continue
		}
		pre, ans, ok := strings.Cut(l, ": ")
		if !ok || len(pre) > 160 || len(strings.Fields(ans)) < 15 || countWords(firstPerson, ans, 3) < 2 {
			continue
		}
		words := strings.Fields(pre)
		name := ""
		for n := min(3, len(words)); n >= 2 && name == ""; n-- {
			cand := strings.Join(words[len(words)-n:], " ")
			if got, _ := leadingName(cand, false); got == cand && plausibleName(cand) && personName(cand) {
				name = cand
			}
		}
		if name == "" {
			continue
		}
		if i == last && !sentenceEnd.MatchString(ans) {
			continue // cut off by the end of the stored text
		}
		out = append(out, quoteHit{quote: record.Quote{Text: collapse(ans), Speaker: name}, speaker: record.Person{Name: name, Role: "Speaker"}, line: i})
	}
	return out
}

// answerers lists the distinct people who give interview answers.
func answerers(d *doc) map[string]bool {
	out := map[string]bool{}
	for _, h := range interviewQuotes(d) {
		out[nameKey(h.quote.Speaker)] = true
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
	hon, rest := honorificOf(attr)
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
	h.speaker = record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender, Organization: org, Role: "Speaker"}
	return h
}

// wholeQuote is a paragraph that is one quotation and nothing else.
var wholeQuote = regexp.MustCompile(`^[“"«]\s*([^“”«»"]{20,})\s*[”"»]$`)

// captionQuote reads a quoted paragraph under a caption line naming its
// speaker, the lower third of a video report or the head of an interview
// answer: "Dr. Name, Position, Unit" then "“…”".
func captionQuote(d *doc, i int, l string) (quoteHit, bool) {
	m := wholeQuote.FindStringSubmatch(l)
	if m == nil || len(strings.Fields(m[1])) < 8 {
		return quoteHit{}, false
	}
	p := d.prevNonEmpty(i)
	if p < 0 || d.furniture[p] {
		return quoteHit{}, false
	}
	c := d.lines[p]
	if len(c) > 150 || strings.HasSuffix(c, ".") || strings.ContainsAny(c, "“”\"«»") || speechVerb.MatchString(c) {
		return quoteHit{}, false
	}
	hon, rest := honorificOf(c)
	name, after := leadingName(rest, false)
	if !plausibleName(name) || !personName(name) || hon.Canonical == "" && !strings.HasPrefix(after, ",") {
		return quoteHit{}, false
	}
	per, ok := personOf(c, false)
	if !ok {
		return quoteHit{}, false
	}
	per.Role = "Speaker"
	h := quoteHit{quote: record.Quote{Text: collapse(m[1])}, line: i}
	h.setSpeaker(per)
	return h, true
}

// titleCased reports a quoted title ("a panel titled “Taking A Holistic
// Approach to the Internet of Things”"): nearly every word but the small
// ones is capitalised, as no spoken sentence is.
func titleCased(t string) bool {
	caps, words := 0, 0
	for _, w := range strings.Fields(t) {
		w = strings.Trim(w, ",.:;!?&()[]")
		if w == "" || isConnectorWord(strings.ToLower(w)) || isFunctionWord(strings.ToLower(w)) {
			continue
		}
		words++
		if upperFirst(w) {
			caps++
		}
	}
	return words >= 3 && 5*caps >= 4*words
}
