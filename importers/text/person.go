package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// profile is where a person page names its person.
type profile struct {
	line      int
	honorific taxonomy.Honorific
	name      string
	after     string // ", Title of Org", "(Role)", ", Organization", or the words before an interview answer
	rule      string
	// job and org are given by labelled fields ("Position:", "Organization:").
	job, org string
}

var (
	listNumber = regexp.MustCompile(`^\d{1,2}[.)]\s+`)
	// Third-person pronouns of a biography, in English, French, Spanish
	// and Russian ("il" is left out: French uses it for "it").
	pronouns   = wordsRe(`she|her|hers|herself|he|his|him|himself|elle|ella|él|она|её|ее|он|его`)
	shePronoun = map[string]bool{"she": true, "her": true, "hers": true, "herself": true, "elle": true, "ella": true, "она": true, "её": true, "ее": true}
	// "Name is the X at Org", "She is currently X at Org".
	isRole = regexp.MustCompile(`^(?:is|was)\s+(?:currently\s+|now\s+|also\s+)?(?:the\s+|an?\s+)?([A-Za-z][^.;]{2,120}?)(?:\s+(?:at|with)\s+(?:the\s+)?([A-Z][^.;,]{1,100}?))?(?:[.;,]|\s+(?:where|since|who)\b|$)`)
	// "works with APC as a consultant".
	worksAs   = regexp.MustCompile(`\b(?:works?|working|continues to work|serves?|serving)\s+(?:with|for|at)\s+(?:the\s+)?([A-Z][\w&.'’\- ]{1,80}?)\s+as\s+(?:an?\s+|the\s+)?([a-z][\w\- ]{2,60}?)(?:[.,;]|\s+and\b)`)
	nowWith   = regexp.MustCompile(`\b(?:is now with|now works (?:at|for)|works (?:at|for)|is (?:employed )?(?:at|with))\s+([A-Z][\w&.'’\- ]{2,80}?)(?:[.,;]|$)`)
	womenPage = regexp.MustCompile(`(?i)\bwomen\b|\bgirls\b|\bwomen'?s\b|\bfemale\b|\bfemmes?\b|\bmujeres\b|\bженщин`)
	// French role nouns before "de/d’ Org": "la fondatrice d’Apps Tech",
	// "Élue Directeur général de L’Organisation …".
	// … and Spanish: "la fundadora de X", "nombrada directora ejecutiva de X".
	frenchRole = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:la|le|el|[ée]lue?|nomm[ée]e?|nombrad[oa]|elegid[oa])\s+((?:co-?)?(?:fondat(?:rice|eur)|fundador(?:a)?|direct(?:rice|eur|or|ora)(?:\s+(?:g[ée]n[ée]ral(?:e)?|ejecutiv[oa]|t[ée]cnic[oa]))?|pr[ée]sident[ea]?|secr[ée]taire g[ée]n[ée]rale?|secretari[oa] general|responsable|coordinat(?:rice|eur)|coordinador(?:a)?|PDG|DG))\s+((?:de\s+la\s+|de\s+l[’']|de\s+|d[’']|du\s+|del\s+)([\p{Lu}][^,.;(]{1,100}?))\s*(?:\(|[,.;]|$)`)
	// A quoted organisation name: «Инфосистемы Джет», “Acme”.
	quotedName = regexp.MustCompile(`[«“"]([^»”"]{2,60})[»”"]`)
)

// findProfile finds a profile heading ("Name", "n. Name, Title of Org",
// "Dr. Name (Role)", "Name, Organization") followed by a biography that
// starts with the name, names the surname again or speaks of the person
// with a pronoun.
func findProfile(d *doc) (profile, bool) {
	// Profiles put the heading near the top and the biography right under
	// it; the bounds keep the search linear.
	for i, l := range d.lines[:min(len(d.lines), 60)] {
		if l == "" || len(l) > 150 || d.furniture[i] {
			continue
		}
		s := listNumber.ReplaceAllString(l, "")
		hon, rest := honorificOf(s)
		name, after := leadingName(rest, false)
		if !plausibleName(name) || len(strings.Fields(name)) > 4 || !personName(name) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(after); after != "" && !strings.ContainsRune(",(–—-|", r) {
			continue
		}
		after = degreeSuffix.ReplaceAllString(after, "") // "Name, PhD"
		last := strings.Fields(name)
		surname, given := last[len(last)-1], last[0]
		if _, ok := lookupCountry(surname); ok {
			continue // "RuralNet Zambia" names a project
		}
		first := d.nonEmpty(0) == i
		for _, b := range d.lines[i+1 : min(len(d.lines), i+12)] {
			// The biography names the person by surname, or by given
			// name where it opens with it ("Kemi is a lawyer …").
			byGiven := strings.HasPrefix(b, given+" ") && bioVerb.MatchString(strings.TrimPrefix(b, given+" "))
			if len(b) < 100 || !strings.Contains(b, surname) && !byGiven {
				continue
			}
			if aProject(b) != nil {
				break
			}
			_, bRest := honorific(b)
			// The page's first line naming a person whose surname the
			// next paragraph repeats is a profile too ("Mme Name").
			if strings.HasPrefix(bRest, name) || byGiven || pronouns.MatchString(b) || first {
				return profile{line: i, honorific: hon, name: name, after: strings.TrimSpace(after), rule: "profile heading"}, true
			}
		}
	}
	return profile{}, false
}

// Labels of a person form ("Name: Dr. Ingrid Solheim", "Position: …").
var (
	// "Speaker:" and "Title:" are left out: session pages use them.
	nameLabel     = regexp.MustCompile(`(?i)^(?:name|full name|nom|nom complet|nombre|nombre completo)$`)
	positionLabel = regexp.MustCompile(`(?i)^(?:position|job title|current position|function|designation|poste|fonction|cargo|puesto)$`)
	affilLabel    = regexp.MustCompile(`(?i)^(?:organi[sz]ation|affiliation|company|employer|institution|organisme|organización|institución|empresa)$`)
	bioLabel      = regexp.MustCompile(`(?i)^(?:biography|bio|about|profile|biographie|biografía|biografia)\s*:?\s*$`)
)

const profileFields = "labelled fields"

// fieldProfile reads a person form: a "Name:" field holding a person's
// name, with a position field or a biography heading near it.
func fieldProfile(d *doc) (profile, bool) {
	head, at := d.headAt(20)
	var p profile
	found, evidence := false, false
	for k, l := range head {
		if bioLabel.MatchString(l) {
			evidence = true
			continue
		}
		label, value, ok := field(l)
		if !ok || value == "" {
			continue
		}
		switch {
		case nameLabel.MatchString(label) && !found:
			hon, rest := honorificOf(value)
			name, after := leadingName(rest, false)
			if !plausibleName(name) || !personName(name) || after != "" && !strings.HasPrefix(after, ",") {
				continue
			}
			p = profile{line: at[k], honorific: hon, name: name, rule: profileFields}
			found = true
		case positionLabel.MatchString(label):
			p.job, evidence = value, true
		case affilLabel.MatchString(label):
			p.org = value
		case entryCountryLabel.MatchString(label):
			p.after = ", " + value
		}
	}
	return p, found && evidence
}

// personName rejects names made of words that name things, not people.
func personName(n string) bool {
	if orgNoun.MatchString(n) {
		return false // "Cairo Content Lab", "Mesh Makers Collective"
	}
	for _, w := range strings.Fields(n) {
		if isNotNameWord(w) || isTitleWord(w) && !isParticle(w) {
			return false
		}
	}
	return true
}

// bioVerb opens a biography sentence after the name.
var bioVerb = regexp.MustCompile(`^(?:is|was|has|holds|serves|works|joined|leads|heads|founded|co-founded|currently|est|es|fue|a été)\b`)

// bioOpening finds a paragraph that opens with a person's name and what
// the person is ("Name is the Internet Measurement Expert at …"), the
// shape of committee and faculty pages that have no heading per person.
func bioOpening(d *doc) (profile, bool) {
	for i, l := range d.lines[:min(len(d.lines), 80)] {
		if len(l) < 80 || d.furniture[i] {
			continue
		}
		hon, rest := honorificOf(l)
		name, after := leadingName(rest, false)
		// "Name is the …", or "Name — position of Org" (a dash, then
		// what the person is, as Russian and French profiles write it).
		if !plausibleName(name) || len(strings.Fields(name)) > 4 || !personName(name) || !bioVerb.MatchString(after) && !dashRole(after) {
			continue
		}
		if aProject(l) != nil {
			continue // "Farmers' Voice Radio is a community radio project"
		}
		// A biography opens a page or follows a heading ("Committee
		// Members"); a report's sentence about a speaker does not.
		_, at := d.headAt(3)
		prev := d.prevNonEmpty(i)
		opens := len(at) > 0 && i <= at[len(at)-1] || prev >= 0 && len(d.lines[prev]) <= 60 && !strings.HasSuffix(d.lines[prev], ".")
		if !opens {
			continue
		}
		if pronouns.MatchString(l) || strings.Count(d.text, lastWord(name)) >= 2 {
			return profile{line: i, honorific: hon, name: name, rule: "biography opening"}, true
		}
	}
	return profile{}, false
}

// degreeSuffix: degrees written after a name ("Hamid Karimi, PhD").
var degreeSuffix = regexp.MustCompile(`^(?:,\s*(?:Ph\.?\s?D\.?|M\.?B\.?A\.?|M\.?Sc\.?|M\.?A\.?|M\.?D\.?|LL\.?M\.?|Esq\.?|Jr\.?|Sr\.?|FRS|OBE|MBE))+\s*$`)

// dashRole reports "— руководитель отдела …", "– Director of …": a dash
// after a name, then a position in lower case or a title word.
func dashRole(after string) bool {
	for _, dash := range []string{"— ", "– ", "- "} {
		if rest, ok := strings.CutPrefix(after, dash); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				return false
			}
			r, _ := utf8.DecodeRuneInString(f[0])
			return unicode.IsLower(r) || isTitleWord(f[0])
		}
	}
	return false
}

// interviewAnswer finds "… Name: answer" where the answer is long and in
// the first person: a Q&A profile.
func interviewAnswer(d *doc) (profile, bool) {
	for i, l := range d.lines {
		if len(l) < 80 || d.furniture[i] || strings.HasPrefix(l, ">>") {
			continue
		}
		pre, ans, ok := strings.Cut(l, ": ")
		if !ok || len(pre) > 160 || len(strings.Fields(ans)) < 15 || countWords(firstPerson, ans, 3) < 2 {
			continue
		}
		words := strings.Fields(pre)
		if len(words) < 2 {
			continue
		}
		for n := min(3, len(words)); n >= 2; n-- {
			name := strings.Join(words[len(words)-n:], " ")
			if got, _ := leadingName(name, false); got == name && plausibleName(name) && personName(name) {
				return profile{line: i, name: name, after: strings.Join(words[:len(words)-n], " "), rule: "interview answer"}, true
			}
		}
	}
	return profile{}, false
}

// capsRun finds runs of two or three capitalised words: name candidates.
var capsRun = regexp.MustCompile(`\p{Lu}[\p{Ll}'’\-]+(?:\s+\p{Lu}[\p{Ll}'’\-]+){1,3}`)

// dropLeadWords takes the words that open a sentence off a run of
// capitalised words ("When Siti Rahmawati" gives "Siti Rahmawati").
func dropLeadWords(m string) string {
	f := strings.Fields(m)
	for len(f) > 0 && (isNotNameWord(f[0]) || isTitleWord(f[0])) {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// newsProfile finds the one person a news story is about: a full name
// written at least twice, at least twice as often as any other, with
// pronouns in the text.
func newsProfile(d *doc) (profile, bool) {
	counts := map[string]int{}
	firstAt := map[string]int{}
	for i, l := range d.lines {
		if d.furniture[i] {
			continue
		}
		for _, m := range capsRun.FindAllString(prefix(l, 4096), 50) {
			m = dropLeadWords(m)
			name, _ := leadingName(m, false)
			if name != m || !plausibleName(name) || !personName(name) {
				continue
			}
			if counts[name] == 0 {
				firstAt[name] = i
			}
			counts[name]++
		}
	}
	// A story names its person in full once, then by surname ("Hassan,
	// 27, built …"): those mentions count for the full name.
	// Furniture (a reporter's by-line) does not count.
	var content strings.Builder
	for i, l := range d.lines {
		if !d.furniture[i] && content.Len() < 64<<10 {
			content.WriteString(l)
			content.WriteByte('\n')
		}
	}
	text := content.String()
	_, head := d.headAt(4)
	for n, c := range counts {
		if len(head) == 0 || firstAt[n] > head[len(head)-1] {
			continue // only names of the opening can be the story's person
		}
		f := strings.Fields(n)
		sur := f[len(f)-1]
		if utf8.RuneCountInString(sur) < 3 {
			continue
		}
		// A surname is written with its capital: "students" is no
		// mention of a "Rural Students".
		alone := countWords(wordsRe(`(?-i:`+regexp.QuoteMeta(sur)+`)`), text, 50) - c
		counts[n] += max(0, alone)
	}
	best, second := "", 0
	for n, c := range counts {
		if c > counts[best] || c == counts[best] && n < best {
			if best != "" {
				second = max(second, counts[best])
			}
			best = n
		} else {
			second = max(second, c)
		}
	}
	pron := countWords(pronouns, d.text, 3)
	if best == "" || counts[best] < 2 || counts[best] < 2*second || pron == 0 || pron < 2 && counts[best] < 3 {
		return profile{}, false
	}
	// The story is about the person from its opening: named in the first
	// lines (headline, lede).
	if len(head) == 0 || firstAt[best] > head[len(head)-1] {
		return profile{}, false
	}
	return profile{line: firstAt[best], name: best, rule: "news profile"}, true
}

// titleBeforeQuoted reads the position written before a quoted company
// name: "Технический директор компании «…»", "Directora técnica de la
// empresa «…»"; the word before the name says "of the company".
func titleBeforeQuoted(s string, m []int) string {
	words := strings.Fields(s[:m[0]])
	if len(words) > 1 {
		words = words[:len(words)-1]
	}
	for len(words) > 1 && isFunctionWord(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// isFunctionWord: articles and prepositions that end no job title.
func isFunctionWord(w string) bool {
	switch strings.ToLower(w) {
	case "de", "la", "del", "el", "les", "le", "du", "des", "of", "the", "at", "for", "d’", "d'":
		return true
	}
	return false
}

// caselessProfile reads a profile written in a script without capitals
// (Arabic), where names cannot be told by their case: the first real line
// of a page in that script holds an honorific ("السيدة", "الدكتور"), and
// the name is the words after it, up to punctuation.
func caselessProfile(d *doc) (profile, bool) {
	i := d.nonEmpty(0)
	if i < 0 || !caselessScript(d.text) {
		return profile{}, false
	}
	words := strings.Fields(d.lines[i])
	for k := range words {
		h, rest := honorificOf(strings.Join(words[k:], " "))
		if h.Canonical == "" {
			continue
		}
		var name []string
		for _, w := range strings.Fields(rest) {
			bare := strings.TrimRight(w, "،,:؛;.-–")
			if bare != "" {
				name = append(name, bare)
			}
			if bare != w || len(name) == 3 {
				break
			}
		}
		if len(name) >= 2 {
			return profile{line: i, honorific: h, name: strings.Join(name, " "), rule: "honorific in a caseless script"}, true
		}
	}
	return profile{}, false
}

// caselessScript reports a text written mostly in a script without
// capitals (Arabic).
func caselessScript(s string) bool {
	arabic, latin := 0, 0
	for _, r := range prefix(s, 8192) {
		switch {
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case r < 0x80 && unicode.IsLetter(r):
			latin++
		}
	}
	return arabic > 2*latin && arabic > 50
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// parsePerson builds a person record from a profile page.
func parsePerson(d *doc) record.Record {
	rec := base(d, record.KindPerson)
	p, ok := fieldProfile(d)
	for _, find := range []func(*doc) (profile, bool){findProfile, bioOpening, interviewAnswer, newsProfile, caselessProfile} {
		if ok {
			break
		}
		p, ok = find(d)
	}
	rec.Name, rec.Honorific = p.name, p.honorific.Canonical
	d.note("name", p.name, "name: "+p.rule, p.line)
	if rec.Honorific == "" {
		// "Ms. Esterhuysen" later in the biography.
		if h := honorificBefore(d, lastWord(p.name)); h.Canonical != "" {
			p.honorific = h
			rec.Honorific = h.Canonical
		}
	}
	rec.JobTitle, rec.Organization = roleOf(d, p)
	rec.Bio = d.moveInline(bioOf(d, p), &rec.Contact)
	// A person's title is their position, their name being Name; the name
	// stands in when no position is found.
	rec.Title = rec.JobTitle
	if rec.Title == "" {
		rec.Title = p.name
		d.note("title", rec.Title, "title: the name (no position found)", p.line)
	} else {
		d.note("title", rec.Title, "title: the person's position", p.line)
	}
	rec.Gender = personGender(d, p.honorific, rec.Bio)
	for _, q := range quotes(d) {
		if q.quote.Speaker == "" || nameKey(q.quote.Speaker) == nameKey(rec.Name) || strings.Contains(rec.Name, q.quote.Speaker) {
			q.quote.Speaker = rec.Name
			if q.quote.Organization == "" {
				q.quote.Organization = rec.Organization
			}
		}
		rec.Quotes = append(rec.Quotes, q.quote)
	}
	rec.ActionLines = actionLines(d)
	rec.SDGs, rec.SDGTargets = sdgs(d)
	rec.Countries = personCountries(d, p)
	rec.GenderFocus = genderFocus(d, "")
	rec.ActionLinesInferred = inferActionLines(d, rec.ActionLines)
	finishMissing(&rec)
	return rec
}

// honorificBefore finds an honorific written before a surname in the text
// ("Ms. Esterhuysen").
func honorificBefore(d *doc, surname string) taxonomy.Honorific {
	if surname == "" {
		return taxonomy.Honorific{}
	}
	for _, l := range d.lines {
		for i := strings.Index(l, " "+surname); i > 0; {
			start := max(0, i-20)
			words := strings.Fields(l[start:i])
			if len(words) > 0 {
				if h, rest := taxonomy.CutHonorific(words[len(words)-1] + " " + surname); h.Canonical != "" && rest == surname {
					return h
				}
			}
			next := strings.Index(l[i+1:], " "+surname)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return taxonomy.Honorific{}
}

// roleOf reads the person's position and organization: from the heading
// (", Title of Org", "(Role)"), the line under the heading, the words
// before an interview answer, or the biography ("is the X at Org",
// "works with Org as a X", French "la fondatrice d’Org").
func roleOf(d *doc, p profile) (job, org string) {
	if p.rule == profileFields {
		if p.job != "" {
			d.note("job_title", p.job, "job title: labelled field", p.line)
		}
		return p.job, p.org
	}
	after := p.after
	if p.rule == "interview answer" {
		if m := quotedName.FindStringSubmatchIndex(after); m != nil {
			org = after[m[2]:m[3]]
			job = titleBeforeQuoted(after, m)
		} else {
			job = after
		}
		d.note("job_title", job, "job title: words before the interview answer", p.line)
		return job, org
	}
	if strings.HasPrefix(after, "(") {
		// "Dr. Name (Role)": the next line repeats it with title and org.
		if end := strings.Index(after, ")"); end > 0 {
			after = strings.TrimSpace(after[end+1:])
		}
		if j := d.nonEmpty(p.line + 1); j >= 0 {
			_, r := honorific(d.lines[j])
			if rest, ok := strings.CutPrefix(r, p.name); ok {
				rest = strings.TrimSpace(rest)
				if k := strings.Index(rest, ")"); strings.HasPrefix(rest, "(") && k > 0 {
					rest = strings.TrimSpace(rest[k+1:])
				}
				job = rest
			}
		}
	}
	after = strings.TrimSpace(strings.TrimLeft(after, ",–—-| "))
	if after == "" && p.rule == "profile heading" {
		// A panellist card: the name, then the name again run on with
		// the position and the organization ("Ms. Name Journalist and
		// Founder Org Media Moderator").
		if j := d.nonEmpty(p.line + 1); j >= 0 && len(d.lines[j]) < 250 {
			_, r := honorific(d.lines[j])
			_, r = honorific(r)
			if rest, ok := strings.CutPrefix(r, p.name); ok && strings.TrimSpace(rest) != "" {
				rest = strings.TrimSpace(rest)
				if k := strings.Index(rest, ")"); strings.HasPrefix(rest, "(") && k > 0 {
					rest = rest[k+1:] // "(Welcoming Remarks)": the part, not the position
				}
				if jt, o := runOnTitleOrg(rest); jt != "" {
					job, org = jt, o
					d.note("job_title", job, "job title: the name repeated with its position and organization", j)
					return job, org
				}
			}
		}
		// The line under a bare name heading: "Chairperson of X, Org, Country".
		if j := d.nonEmpty(p.line + 1); j >= 0 && len(d.lines[j]) < 150 && !strings.HasSuffix(d.lines[j], ".") {
			if f := strings.Fields(d.lines[j]); len(f) > 0 && (isTitleWord(f[0]) || titleNoun(positionPart(d.lines[j]))) {
				after = d.lines[j]
			}
		}
	}
	if after != "" {
		j, o := splitTitleOrg(after)
		if job == "" {
			job = j
		}
		org = o
	}
	bio := bioOf(d, p)
	if job == "" {
		job, org = appositionRole(d, p.name, org)
	}
	if job == "" {
		job, org = roleInBio(bio, p.name, org)
	}
	if org == "" {
		if m := nowWith.FindStringSubmatch(bio); m != nil {
			org = strings.TrimSpace(m[1])
		}
	}
	if job != "" {
		d.note("job_title", job, "job title: heading or biography", p.line)
	}
	return job, org
}

// splitTitleOrg splits "Dean of Engineering, Altiplano University[, Country]",
// "Head at Org", "Title of Org"; a text that does not start with a title
// word is an organization.
func splitTitleOrg(after string) (job, org string) {
	f := splitFields(after)
	if n := len(f); n > 1 {
		if _, ok := countryField(f[n-1]); ok {
			f = f[:n-1]
			after = strings.Join(f, ", ")
		}
	}
	first := strings.Fields(after)[0]
	switch {
	case !isTitleWord(first) && !titleNoun(positionPart(after)):
		return "", after
	case !isTitleWord(first) && strings.Contains(after, " at "):
		// "Data Protection Officer at Lagos State Health Service".
		i := strings.Index(after, " at ")
		return after[:i], after[i+4:]
	case strings.Contains(after, ", "):
		i := strings.LastIndex(after, ", ")
		if strings.Count(after, ", ") > 1 {
			i = strings.Index(after, ", ")
			return after[:i], strings.TrimSpace(after[i+2:])
		}
		return after[:i], after[i+2:]
	case strings.Contains(after, " at "):
		i := strings.Index(after, " at ")
		return after[:i], after[i+4:]
	case strings.Contains(after, " of "):
		i := strings.LastIndex(after, " of ")
		return after[:i], after[i+4:]
	}
	return after, ""
}

// roleInBio reads the position from the biography: "<Name|Surname|She>
// is (currently) the X at Org", "works with Org as a X", "la fondatrice d’Org".
func roleInBio(bio, name, org string) (string, string) {
	words := strings.Fields(name)
	subjects := []string{name}
	if len(words) > 0 {
		subjects = append(subjects, words[0], words[len(words)-1])
	}
	subjects = append(subjects, "She", "He")
	for _, para := range strings.Split(bio, "\n") {
		for _, sent := range strings.SplitAfter(para, ". ") {
			_, s := honorific(strings.TrimSpace(sent))
			for _, subj := range subjects {
				rest, ok := strings.CutPrefix(s, subj+" ")
				if !ok {
					continue
				}
				m := isRole.FindStringSubmatch(rest)
				if m == nil {
					continue
				}
				job := strings.TrimSpace(m[1])
				o := strings.TrimSpace(m[2])
				// "Chief Executive of the X Network and a lecturer at …":
				// the first position; "of the Org" names the organization.
				if k := secondRole.FindStringIndex(job); k != nil {
					job = job[:k[0]]
				}
				if k := strings.Index(job, " of the "); k > 0 && orgNoun.MatchString(job[k:]) {
					if o == "" {
						o = job[k+8:]
					}
					job = job[:k]
				}
				if f := strings.Fields(job); len(f) == 0 || len(f) > 12 || !isTitleWord(f[0]) && !titleNoun(job) {
					continue
				}
				if org == "" {
					org = o
				}
				return job, org
			}
		}
	}
	// "Анна Смирнова — руководитель отдела компании «Сеть Плюс».",
	// "Jane Doe – Director of Research at Acme.": a dash after the name.
	for _, subj := range []string{name} {
		i := strings.Index(bio, subj)
		if i < 0 {
			continue
		}
		rest := strings.TrimSpace(bio[i+len(subj):])
		for _, dash := range []string{"— ", "– ", "- "} {
			after, ok := strings.CutPrefix(rest, dash)
			if !ok {
				continue
			}
			if end := strings.IndexAny(after, ".;\n"); end > 0 {
				after = after[:end]
			}
			if len(strings.Fields(after)) == 0 || len(strings.Fields(after)) > 16 {
				break
			}
			if m := quotedName.FindStringSubmatchIndex(after); m != nil {
				job, o := titleBeforeQuoted(after, m), after[m[2]:m[3]]
				if org == "" {
					org = o
				}
				return job, org
			}
			job, o := splitTitleOrg(after)
			if job == "" {
				break
			}
			if org == "" {
				org = o
			}
			return job, org
		}
	}
	if m := worksAs.FindStringSubmatch(bio); m != nil {
		if org == "" {
			org = strings.TrimSpace(m[1])
		}
		return strings.TrimSpace(m[2]), org
	}
	if m := frenchRole.FindStringSubmatch(bio); m != nil {
		o := strings.TrimSpace(m[3])
		if org == "" {
			org = o
		}
		// A short organization stays in the title, as one says it:
		// "fondatrice d’Apps Tech"; a long one is only the organization.
		if len(strings.Fields(o)) <= 3 {
			return strings.TrimSpace(m[1] + " " + strings.TrimSpace(m[2])), org
		}
		return strings.TrimSpace(m[1]), org
	}
	return "", org
}

// secondRole: " and a lecturer …" after a first position.
var secondRole = regexp.MustCompile(`\s+and\s+(?:an?|the)\s+`)

// appositionRole reads "Name, founder of Org" in the first lines (a
// headline, a standfirst): the words after the name's comma when they open
// with a position.
func appositionRole(d *doc, name, org string) (string, string) {
	for _, l := range d.head(6) {
		k := strings.Index(l, name+", ")
		if k < 0 {
			continue
		}
		rest := l[k+len(name)+2:]
		if end := strings.IndexAny(rest, ".;:!?"); end >= 0 {
			rest = rest[:end]
		}
		f := strings.Fields(rest)
		if len(f) == 0 || len(f) > 8 || !isTitleWord(f[0]) || isArticle(f[0]) {
			continue
		}
		if i := strings.Index(rest, " of "); i > 0 && org == "" {
			org = strings.TrimSpace(rest[i+4:])
		}
		return strings.TrimSpace(rest), org
	}
	return "", org
}

// positionPart is the part of a heading line before its organization: up
// to " at ", ", " or " of ", at most six words ("Data Protection Officer").
func positionPart(s string) string {
	for _, sep := range []string{" at ", ", ", " of ", " – ", " - "} {
		if k := strings.Index(s, sep); k > 0 {
			s = s[:k]
		}
	}
	f := strings.Fields(s)
	if len(f) > 6 || len(f) > 0 && isArticle(f[0]) {
		return "" // "la ingeniera que conecta …" describes, it is no position
	}
	return s
}

// isArticle: articles that open a description.
func isArticle(w string) bool {
	switch strings.ToLower(w) {
	case "the", "a", "an", "la", "le", "el", "les", "los", "las", "un", "une", "una", "l'", "l’":
		return true
	}
	return false
}

// titleNoun reports a position that ends in a title noun ("Internet
// Measurement and Data Expert", "Chief of Strategic Planning").
func titleNoun(job string) bool {
	for _, w := range strings.Fields(job) {
		if isTitleWord(w) && !isParticle(strings.ToLower(w)) {
			switch strings.ToLower(w) {
			case "of", "at", "with", "and", "for", "the", "is", "was", "who", "from":
				continue
			}
			return true
		}
	}
	return false
}

// bioOf is the long paragraphs from the profile line on.
func bioOf(d *doc, p profile) string {
	var bio []string
	for i, l := range d.lines[min(p.line, len(d.lines)):] {
		if len(l) >= 80 && !d.furniture[p.line+i] && !d.contact[p.line+i] {
			bio = append(bio, l)
		}
	}
	return strings.Join(bio, "\n\n")
}

// personGender takes the gender only from evidence: the honorific, then the
// pronouns of the biography, then a page about women in technology.
func personGender(d *doc, hon taxonomy.Honorific, bio string) string {
	if hon.Gender != "" {
		return hon.Gender
	}
	she, he := 0, 0
	for _, m := range pronouns.FindAllStringSubmatch(bio, -1) {
		if shePronoun[strings.ToLower(m[1])] {
			she++
		} else {
			he++
		}
	}
	switch {
	case she > he:
		return "female"
	case he > she:
		return "male"
	}
	if womenPage.MatchString(strings.Join(d.head(3), " ")) {
		return "female"
	}
	return ""
}

// personCountries reads the countries of a profile: a country field of the
// heading, and the countries the biography names, venues excepted
// ("elected at the Conference 2014 in Busan, Republic of Korea").
func personCountries(d *doc, p profile) []string {
	var out []string
	if c, ok := headingCountry(p.after); ok {
		out = append(out, c)
		d.note("countries", c, "country: field of the profile heading", p.line)
	}
	if j := d.nonEmpty(p.line + 1); j >= 0 && p.rule == "profile heading" {
		if c, ok := headingCountry(d.lines[j]); ok && !contains(out, c) && len(d.lines[j]) < 150 {
			out = append(out, c)
			d.note("countries", c, "country: last field of the line under the heading", j)
		}
	}
	for _, c := range proseCountries(d, nil, nil) {
		if !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// headingCountry reads a country given in a heading field: "(Country)" or a
// last ", Country".
func headingCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		return countryField(s[1 : len(s)-1])
	}
	f := splitFields(s)
	if len(f) == 0 {
		return "", false
	}
	return countryField(f[len(f)-1])
}

var (
	// cardRole: the role closing a panellist card.
	cardRole = regexp.MustCompile(`(?i)\s+(?:moderator|co-?moderator|panel+ist|panelist|speaker|keynote speaker|rapporteur|chair)$`)
	// cardOrgStart: a word that opens the organization of a run-on card.
	cardOrgStart = regexp.MustCompile(`^(?:Ministry|Ministère|Ministerio|University|Université|Universidad|International|United|Government|Gouvernement|Gobierno|Department|Agency|Organi[sz]ation|Office|Commission|Council|Institute|Foundation|Fondation|Fundación|Association|The)$`)
)

// runOnTitleOrg splits a panellist card's run-on "Position Organization
// [Role]" where no comma marks the boundary: the organization opens with an
// organization word ("Ministry", "International", "University") or an
// acronym ("REAP Media"), after a word that does not bind it to the
// position ("Minister of …").
func runOnTitleOrg(s string) (job, org string) {
	s = strings.TrimSpace(cardRole.ReplaceAllString(strings.TrimSpace(s), ""))
	if k := strings.LastIndex(s, ", "); k > 0 {
		if _, ok := countryField(s[k+2:]); ok {
			s = s[:k]
		}
	}
	w := strings.Fields(s)
	// A card holds no sentence: "Name is the …" is a biography.
	if len(w) == 0 || len(s) > 160 || !upperFirst(w[0]) || strings.Contains(s, ". ") || strings.HasSuffix(s, ".") {
		return "", ""
	}
	if !isTitleWord(strings.Trim(w[0], ",")) && !titleNoun(positionPart(s)) {
		return "", ""
	}
	for k := 1; k < len(w); k++ {
		prev := strings.ToLower(strings.TrimRight(w[k-1], ","))
		if isConnectorWord(prev) || prev == "at" || prev == "and" {
			continue
		}
		if cardOrgStart.MatchString(w[k]) || isAllCapsAcronym(w[k]) && len(w[k]) >= 2 {
			return strings.TrimRight(strings.Join(w[:k], " "), ","), strings.Join(w[k:], " ")
		}
	}
	return s, ""
}
