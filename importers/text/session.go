package text

import (
	"github.com/wsis-tools/stocktake/record"
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
	p := extractPeople(d, qs, rec.Organizers)
	rec.Speakers, rec.Moderators = p.speakers, p.moderators
	rec.ActionLines = actionLines(d)
	rec.SDGs, rec.SDGTargets = sdgs(d)
	rec.Countries = sessionCountries(d, p)
	rec.GenderFocus = genderFocus(d, rec.Title)
	rec.ActionLinesInferred = inferActionLines(d, rec.ActionLines)
	finishMissing(&rec)
	return rec
}

// sessionCountries joins the countries of the speakers (their own country
// field) with those the text names. Lines listing people are read only
// through their fields, so "Qatar University" in a title is no country;
// banners, venues and languages are skipped.
func sessionCountries(d *doc, p *people) []string {
	var out []string
	for _, per := range append(append([]record.Person{}, p.speakers...), p.moderators...) {
		if per.Country != "" && !contains(out, per.Country) {
			out = append(out, per.Country)
			d.note("countries", per.Country, "country: country field of "+per.Name, -1)
		}
	}
	people := map[int]bool{}
	for i := range p.lines {
		people[i] = true
	}
	for _, c := range proseCountries(d, people, nil) {
		if !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
