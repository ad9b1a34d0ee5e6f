package text

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/record"
)

// profile is the heading of a person profile.
type profile struct {
	line      int
	honorific string
	name      string
	after     string // ", Title of Org", "(Role)", ", Organization"
}

var (
	listNumber = regexp.MustCompile(`^\d{1,2}[.)]\s+`)
	pronouns   = regexp.MustCompile(`(?i)\b(she|her|hers|herself|he|his|him|himself)\b`)
	isTitle    = regexp.MustCompile(`^(?:[Tt]he\s+)?([A-Z][^.;]{3,140}?)(?:\.\s|\.$|;|$)`)
	nowWith    = regexp.MustCompile(`\b(?:is now with|now works (?:at|for)|works (?:at|for)|is (?:employed )?(?:at|with))\s+([A-Z][\w&.'’\- ]{2,80}?)(?:[.,;]|$)`)
	womenPage  = regexp.MustCompile(`(?i)\bwomen\b|\bgirls\b|\bwomen'?s\b|\bfemale\b`)
)

// findProfile finds a profile heading ("Name", "n. Name, Title of Org",
// "Dr. Name (Role)", "Name, Organization") followed by a biography that
// starts with the name or speaks of the person with a pronoun.
func findProfile(d *doc) (profile, bool) {
	// Profiles put the heading near the top and the biography right under
	// it; the bounds keep the search linear.
	for i, l := range d.lines[:min(len(d.lines), 60)] {
		if l == "" || len(l) > 150 {
			continue
		}
		s := listNumber.ReplaceAllString(l, "")
		hon, rest := honorific(s)
		name, after := leadingName(rest, false)
		if !plausibleName(name) || len(strings.Fields(name)) > 4 {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(after); after != "" && !strings.ContainsRune(",(–—-|", r) {
			continue
		}
		last := strings.Fields(name)
		surname := last[len(last)-1]
		for _, b := range d.lines[i+1 : min(len(d.lines), i+12)] {
			if len(b) < 100 || !strings.Contains(b, surname) {
				continue
			}
			if isAProject.MatchString(b) {
				break
			}
			_, bRest := honorific(b)
			if strings.HasPrefix(bRest, name) || pronouns.MatchString(b) {
				return profile{line: i, honorific: hon, name: name, after: strings.TrimSpace(after)}, true
			}
		}
	}
	return profile{}, false
}

// parsePerson builds a person record from a profile page.
func parsePerson(d *doc) record.Record {
	rec := base(d, record.KindPerson)
	p, _ := findProfile(d)
	rec.Name, rec.Honorific, rec.Title = p.name, p.honorific, p.name
	after := p.after
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
				rec.JobTitle = rest
			}
		}
	}
	after = strings.TrimSpace(strings.TrimLeft(after, ",–—-| "))
	if after != "" {
		first := strings.Fields(after)[0]
		switch {
		case isTitleWord(first) && strings.Contains(after, ", "):
			// "Dean of Engineering, Altiplano University".
			i := strings.LastIndex(after, ", ")
			rec.JobTitle, rec.Organization = after[:i], after[i+2:]
		case isTitleWord(first) && strings.Contains(after, " at "):
			i := strings.Index(after, " at ")
			rec.JobTitle, rec.Organization = after[:i], after[i+4:]
		case isTitleWord(first) && strings.Contains(after, " of "):
			i := strings.LastIndex(after, " of ")
			rec.JobTitle, rec.Organization = after[:i], after[i+4:]
		case isTitleWord(first):
			rec.JobTitle = after
		default:
			rec.Organization = after
		}
	}
	var bio []string
	for _, l := range d.lines[p.line+1:] {
		if len(l) >= 80 {
			bio = append(bio, l)
		}
	}
	rec.Bio = strings.Join(bio, "\n\n")
	if len(bio) > 0 {
		_, b := honorific(bio[0])
		if rest, ok := strings.CutPrefix(b, p.name+" is "); ok && rec.JobTitle == "" {
			if m := isTitle.FindStringSubmatch(rest); m != nil {
				rec.JobTitle = strings.TrimSpace(m[1])
			}
		}
	}
	if rec.Organization == "" {
		if m := nowWith.FindStringSubmatch(rec.Bio); m != nil {
			rec.Organization = strings.TrimSpace(m[1])
		}
	}
	// A person's title is their position, their name being Name; the name
	// stands in when no position is found.
	if rec.JobTitle != "" {
		rec.Title = rec.JobTitle
	}
	rec.Gender = personGender(d, rec.Honorific, rec.Bio)
	for _, q := range quotes(d) {
		q.quote.Speaker = rec.Name
		rec.Quotes = append(rec.Quotes, q.quote)
	}
	rec.ActionLines = actionLines(d)
	rec.SDGs, rec.SDGTargets = sdgs(d)
	if c, ok := headingCountry(after); ok {
		rec.Countries = []string{c}
	}
	rec.GenderFocus = genderFocus(d, "")
	finishMissing(&rec)
	return rec
}

// personGender takes the gender only from evidence: the honorific, then the
// pronouns of the biography, then a page about women in technology.
func personGender(d *doc, hon, bio string) string {
	if g := genderOfHonorific(hon); g != "" {
		return g
	}
	she, he := 0, 0
	for _, m := range pronouns.FindAllString(bio, -1) {
		switch strings.ToLower(m) {
		case "she", "her", "hers", "herself":
			she++
		default:
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
