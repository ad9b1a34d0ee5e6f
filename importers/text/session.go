package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

var (
	// "Organizer" / "Organizers:" / "Co-organizers" alone on a line.
	organizerHeading = regexp.MustCompile(`(?i)^(?:co-?)?organi[sz](?:ers?|ing (?:institutions?|organi[sz]ations?))\s*:?\s*$`)
	// "Organizer: A; B" (no number: numbered fields are IGF's).
	organizerInline = regexp.MustCompile(`(?i)^(?:co-?)?organi[sz](?:ers?|ed by|ing (?:institutions?|organi[sz]ations?))\s*:\s*(\S.{1,200})$`)
	organizingField = regexp.MustCompile(`(?i)organi[sz]ations?(?:/s)?\s+organi[sz]ing`)
	summaryOfLabel  = regexp.MustCompile(`(?i)^summary of session\s*:`)
	// The next field label of a WSIS template ends the organizer field.
	fieldLabel = regexp.MustCompile(`(?i)^(?:relevance|main outcomes|title|key achievements|quotes)\b`)
	urlLine    = regexp.MustCompile(`^<?https?://\S+>?$`)
	// A trailing "(ACRONYM)" of an organization name.
	trailingAcronym = regexp.MustCompile(`\s*\(([A-Z][A-Za-z0-9 .&-]{1,12})\)\s*$`)
	// An "(ACRONYM)" right at the start of s.
	leadingAcronym = regexp.MustCompile(`^\s*\(([A-Z][A-Za-z0-9 .&-]{1,12})\)`)
)

// parseSession builds the record of a session report or session page.
func parseSession(d *doc) record.Record {
	rec := base(d, record.KindSession)
	rec.Title = sessionTitle(d)
	rec.SessionID = sessionIDOf(d)
	rec.Format, _ = formatOf(d)
	rec.Organizers = organizers(d, rec.Title)
	qs := quotes(d)
	for _, q := range qs {
		rec.Quotes = append(rec.Quotes, q.quote)
	}
	p := extractPeople(d, qs)
	rec.Speakers, rec.Moderators = p.speakers, p.moderators
	rec.ActionLines = actionLines(d)
	rec.SDGs, rec.SDGTargets = sdgs(d)
	rec.Countries = sessionCountries(d, p)
	rec.GenderFocus = genderFocus(d, rec.Title)
	if rec.Event == "" {
		rec.Event = detectEvent(d)
	}
	finishMissing(&rec)
	return rec
}

// sessionCountries joins the countries of the speakers (their own country
// field) with those named in the prose. Lines listing people are read only
// through their fields, so "Qatar University" in a title is no country;
// banner lines are skipped.
func sessionCountries(d *doc, p people) []string {
	var out []string
	seen := map[string]bool{}
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, per := range append(append([]record.Person{}, p.speakers...), p.moderators...) {
		add(per.Country)
	}
	var prose []string
	for _, l := range d.lines {
		if l == "" || bannerLine(l) || speakerN.MatchString(l) || turn.MatchString(l) {
			continue
		}
		if _, ok := igfFields(l); ok {
			continue
		}
		if hon, _ := honorific(stripBullet(l)); hon != "" || strings.Contains(l, "\t") && honorificCell(l) {
			continue
		}
		prose = append(prose, l)
	}
	budget := maxCountryLookups
	for _, c := range countriesIn(prose, &budget) {
		add(c)
	}
	return out
}

// honorificCell reports whether any tab-separated cell starts with an honorific.
func honorificCell(l string) bool {
	for _, c := range strings.Split(l, "\t") {
		if h, _ := honorific(stripBullet(strings.TrimSpace(c))); h != "" {
			return true
		}
	}
	return false
}

// organizers reads "Organizer n: Name, Org" fields, the "organization(s)
// organizing the session" field of WSIS templates, and the organizer line
// that WSIS agenda pages, outcome templates and IGF session pages put between
// the title and the session number, date or format line.
func organizers(d *doc, title string) []record.Organizer {
	var out []record.Organizer
	for _, l := range d.lines {
		if m := organizerN.FindStringSubmatch(l); m != nil {
			name, org, _ := strings.Cut(m[1], ",")
			if _, ok := taxonomy.ParseStakeholder(name); ok {
				continue // "Organizer 1: Civil Society, African Group" names no one
			}
			out = append(out, record.Organizer{Name: strings.TrimSpace(name), Organization: strings.TrimSpace(org)})
		}
	}
	if len(out) > 0 {
		return out
	}
	for i, l := range d.lines {
		s := stripBullet(l)
		if m := organizerInline.FindStringSubmatch(s); m != nil {
			for _, part := range strings.Split(m[1], ";") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, organizerOf(part))
				}
			}
			continue
		}
		if !organizerHeading.MatchString(s) {
			continue
		}
		for j := i + 1; j < len(d.lines) && j < i+8; j++ {
			t := stripBullet(d.lines[j])
			if t == "" {
				if len(out) > 0 {
					break
				}
				continue
			}
			if roleSection.MatchString(t) || roleHeading.MatchString(t) || len(t) > 120 {
				break
			}
			for _, part := range strings.Split(t, ";") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, organizerOf(part))
				}
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for i, l := range d.lines {
		if !organizingField.MatchString(l) {
			continue
		}
		for j := i + 1; j < len(d.lines) && j < i+8; j++ {
			s := d.lines[j]
			if s == "" {
				if len(out) > 0 {
					break
				}
				continue
			}
			if numHeading.MatchString(s) || strings.HasPrefix(stripBullet(s), "3)") || fieldLabel.MatchString(stripBullet(s)) {
				break
			}
			for _, part := range strings.Split(stripBullet(s), ";") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, organizerOf(part))
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	titleAt := -1
	for i, l := range d.lines {
		if l != "" && (strings.Contains(collapse(l), title) || summaryOfLabel.MatchString(l)) {
			titleAt = i
			break
		}
	}
	if titleAt < 0 {
		return nil
	}
	// The first short line after the title (and a repeated title) that is
	// not a date, a URL, a room or a list of people.
	for j := titleAt + 1; j < len(d.lines) && j < titleAt+8; j++ {
		s := d.lines[j]
		if s == "" || collapse(s) == collapse(d.lines[titleAt]) || strings.Contains(s, title) {
			continue
		}
		if len(s) > 100 || urlLine.MatchString(s) || sessNum.MatchString(s) || formatLine.MatchString(s) {
			break
		}
		if date, _ := findDate(s); date != "" || organizerN.MatchString(s) || speakerN.MatchString(s) || strings.Contains(s, ":") {
			break
		}
		if !orgFollowedByMarker(d, j) {
			break
		}
		var out []record.Organizer
		for _, part := range strings.Split(s, ";") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, expandAcronym(d, organizerOf(part)))
			}
		}
		return out
	}
	return nil
}

// orgFollowedByMarker reports whether the next non-empty line after j is a
// session number, a date or a format line: what makes line j an organizer.
func orgFollowedByMarker(d *doc, j int) bool {
	k := d.nonEmpty(j + 1)
	if k < 0 {
		return false
	}
	s := d.lines[k]
	date, _ := findDate(s)
	return sessNum.MatchString(s) || formatLine.MatchString(s) || date != ""
}

// organizerOf makes an organizer from an organization name, with its
// acronym as the organization when one is given in brackets.
func organizerOf(s string) record.Organizer {
	s = collapse(s)
	o := record.Organizer{Name: s, Organization: s}
	if m := trailingAcronym.FindStringSubmatch(s); m != nil {
		o.Organization = m[1]
	}
	return o
}

// expandAcronym adds the acronym the text gives an organizer elsewhere:
// "Dynamic Coalition on X" and later "Dynamic Coalition on X (DC X)".
func expandAcronym(d *doc, o record.Organizer) record.Organizer {
	if strings.HasSuffix(o.Name, ")") {
		return o
	}
	rest := d.text
	for n := 0; n < 50; n++ {
		i := strings.Index(rest, o.Name)
		if i < 0 {
			break
		}
		rest = rest[i+len(o.Name):]
		if m := leadingAcronym.FindStringSubmatch(rest); m != nil {
			o.Name += " (" + m[1] + ")"
			o.Organization = m[1]
			break
		}
	}
	return o
}
