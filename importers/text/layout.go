package text

import (
	"regexp"
	"strings"
)

// Layout: what each line of a page is, before any field is read. Pages put
// the same furniture around their content whatever the site: navigation and
// back links, share bars, sign-in prompts, image alt text, photo credits,
// view counters, file names. Those lines never give a title, a person or a
// country.

var (
	// furnitureRe matches whole lines of web page furniture.
	furnitureRe = regexp.MustCompile(`(?i)^(?:` +
		`you are here\b.*|skip to\b.*|home|menu|search|main menu|navigation|breadcrumbs?|` +
		`top of page|back to top|go back|back|back to\b.*|go to (?:report|top)\b.*|` +
		`loading(?:…|\.\.\.)?|share(?: (?:on|this)\b.*)?|print(?: this)?(?: page)?|read more\b.*|` +
		`download(?: (?:pdf|file|document|this\b.*))?|\d+\s+downloads?|\d+\s+views?|\d+\s+comments?|` +
		`sign (?:up|in)\b.*|log ?in\b.*|log ?out\b.*|register here\b.*|venue map|` +
		`upload:.*|post(?:ed)? on \d.*|category:|documents|transcript|page \d+:.*|page \d+ (?:of|/) \d+|\d+ min(?:ute)?s? read|` +
		`image(?::| of\b).*|avatar for\b.*|photo(?: credit)?s?:.*|credits?:.*|copyrights?\b.*|©.*|` +
		`.*\blogo|welcome to\b[^.]*[!|].*|.*\[[\p{Ll} ]{3,24}\]|.{0,60}\b(?:has ended|is over|has been cancell?ed)|transcript \[\w+\].*|` +
		`leave a (?:comment|reply)\b.*|related (?:posts|articles|links)|tags?:.*|filed under\b.*|` +
		`(?:slide|hero|banner|featured|header|gallery)[-_ ]?(?:image|img|photo)s?|previous|next|more|follow us\b.*|subscribe\b.*|cookies?\b.*accept.*|` +
		`.*\bcookies\b.{0,80}|accept(?: all)?(?: cookies)?|toggle navigation|skip to (?:main )?content|close|open menu|search for:?|` +
		`newsletter|contact us|about us|privacy(?: policy)?|terms(?: of (?:use|service))?|all rights reserved.*|advertisement|sponsored|` +
		`(?:last )?updated:?\s.{0,40}|listen to this article|print this page|e-?mail this\b.*|copy link|` +
		`(?:raw|finished|unedited|rough(?: edited)?|final|edited)\s+(?:file|copy|transcript|captions?|text)|` +
		`previous (?:post|article)\b.*|next (?:post|article)\b.*|(?:accueil|inicio|home)\s*[›»>/|].*` +
		`)$`)
	// slugLine is a file or URL slug standing alone: words joined by
	// hyphens or underscores with no space ("Women-digital-day-Dakar"),
	// or a file name with an image or document extension.
	slugLine = regexp.MustCompile(`^(?:[\p{L}\d]+(?:[-_][\p{L}\d]+){2,}|[\w\-]+\.(?i:jpe?g|png|gif|webp|svg|pdf|docx?))$`)
	// socialLine: a row of share buttons ("Facebook Twitter LinkedIn",
	// "Share: X | WhatsApp | E-mail").
	socialLine = regexp.MustCompile(`(?i)^(?:share(?: on| this(?: article| page)?)?:?\s*)?(?:(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|instagram|youtube|pinterest|e-?mail|print|tweet|copy link)\s*[|,·•/]?\s*){2,}$`)
	// reporterLine: the by-line of a news report, "Name, Reporting",
	// "Name, Correspondent", "Reporting by Name": the reporter is not the
	// story's subject.
	reporterLine = regexp.MustCompile(`^\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){1,3},?\s+(?i:reporting|reporter|correspondent|staff writer|contributing writer|for [\p{L} ]{2,30}news)$|^(?i:reporting|reported|story|words|text|report) by\s+\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){1,3}$`)
	// footnoteLine is a lone reference mark "[1]" or "*".
	footnoteLine = regexp.MustCompile(`^(?:\[\d{1,3}\]|\*{1,3})$`)
)

// isFurniture reports whether a trimmed line is page furniture.
func isFurniture(l string) bool {
	if l == "" || len(l) > 200 {
		return false
	}
	s := stripBullet(l)
	return furnitureRe.MatchString(s) || slugLine.MatchString(s) || footnoteLine.MatchString(s) || socialLine.MatchString(s) || reporterLine.MatchString(s)
}

var (
	// fieldLine is a "Label: value" line: a short label of a few words,
	// then the value (possibly empty, the value then being on the next
	// line). A time ("10:30") is no label.
	fieldLine = regexp.MustCompile(`^([\p{L}][\p{L}'’()/ .&-]{0,48}?)\s*:\s*(.*)$`)
	// weekday and month names, for date-only lines of event pages.
	weekdayRe   = regexp.MustCompile(`(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b`)
	monthDayRe  = regexp.MustCompile(`(?i)\b(?:` + months + `)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:` + months + `)\b`)
	timeOfDayRe = regexp.MustCompile(`(?i)\b\d{1,2}[:.h]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\b|\b\d{1,2}\s*(?:am|pm)\b`)
	numericDate = regexp.MustCompile(`\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d\d\b`)
)

// field splits a "Label: value" line. The label must be short and start
// with a letter; URLs and times are not fields.
func field(l string) (label, value string, ok bool) {
	s := stripBullet(l)
	if strings.Contains(s, "://") && strings.Index(s, "://") < strings.Index(s+":", ":")+1 {
		return "", "", false
	}
	m := fieldLine.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	label = strings.TrimSpace(m[1])
	if len(strings.Fields(label)) > 6 {
		return "", "", false
	}
	return label, strings.TrimSpace(m[2]), true
}

// isDateLine reports whether a short line is about when: a date (with or
// without a year), a weekday, a time of day, or a numeric date, with few
// other words. Such lines are never titles, organizers or names.
func isDateLine(l string) bool {
	if l == "" || len(l) > 160 {
		return false
	}
	hits := 0
	if d, _ := findDate(l); d != "" {
		hits += 2
	}
	if weekdayRe.MatchString(l) {
		hits++
	}
	if monthDayRe.MatchString(l) {
		hits++
	}
	if timeOfDayRe.MatchString(l) {
		hits++
	}
	if numericDate.MatchString(l) {
		hits++
	}
	if hits == 0 {
		return false
	}
	words := len(strings.Fields(l))
	return words <= 6+3*hits
}

// isTimeLine reports whether a line gives a time of day: a session slot.
func isTimeLine(l string) bool {
	return l != "" && len(l) <= 200 && timeOfDayRe.MatchString(l)
}

// wordsRe matches any of the given alternatives as whole words, with word
// boundaries that know accented and Cyrillic letters (RE2's \b is ASCII
// only: "\bél\b" never matches). The word is the first submatch.
func wordsRe(alternatives string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}_])(` + alternatives + `)(?:[^\p{L}\p{N}_]|$)`)
}

// countWords counts the matches of a wordsRe in s, up to limit. Two
// adjacent words share one boundary character, so "she her" counts once:
// the counts are evidence thresholds, not exact tallies.
func countWords(re *regexp.Regexp, s string, limit int) int {
	return len(re.FindAllStringIndex(s, limit))
}

// para is a paragraph of prose: hard-wrapped lines joined ("…creative
// director of SMIDS" / "Animation Studios Nigeria), …").
type para struct {
	text string
	line int // index of its first line
}

// paraMax bounds a paragraph: prose rules read sentences, and a megabyte
// without a line break must not make each of them scan a megabyte.
const paraMax = 16 << 10

// paragraphs joins runs of prose lines: a line of 50 characters or more
// continues on the next non-empty line unless that line is a list item,
// a heading or furniture.
func (d *doc) paragraphs() []para {
	var out []para
	for i := 0; i < len(d.lines); i++ {
		l := d.lines[i]
		if l == "" || d.furniture[i] || d.contact[i] {
			continue
		}
		p := para{text: prefix(l, paraMax), line: i}
		for len(d.lines[i]) >= 50 && stripBullet(d.lines[i]) == d.lines[i] && i+1 < len(d.lines) {
			n := d.lines[i+1]
			if n == "" || d.furniture[i+1] || d.heading[i+1] > 0 || stripBullet(n) != n || len(p.text)+len(n) > paraMax {
				break
			}
			p.text += " " + n
			i++
		}
		out = append(out, p)
	}
	return out
}

var (
	frenchWords  = wordsRe(`le|la|les|des|du|est|une|dans|pour|avec|sur|qui|au|aux|cette|sont`)
	spanishWords = wordsRe(`el|los|las|del|es|una|para|con|por|que|en|al|esta|son|y`)
	englishWords = wordsRe(`the|and|of|to|is|with|for|that|this|are|was|on`)
)

// language guesses the language of a document from its function words:
// "en", "fr" or "es". Non-English pages write nationality adjectives in
// lower case, which the country reader then looks at too.
func language(text string) string {
	t := prefix(text, 16<<10)
	en, fr, es := countWords(englishWords, t, 400), countWords(frenchWords, t, 400), countWords(spanishWords, t, 400)
	switch {
	case fr > en && fr >= es:
		return "fr"
	case es > en && es > fr:
		return "es"
	}
	return "en"
}
