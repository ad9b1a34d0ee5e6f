package resolver

import (
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// profileRunes is how much of a profile's body the resolver reads: enough
// for the organisations a profile names, and a bound on what a derived view
// must keep of each profile.
const profileRunes = 4000

// Compact returns what Resolve reads of r and nothing else, so a view can
// keep every record's part at little cost and resolve it again in memory:
// Resolve gives the same clusters, evidence and prizes on compact records
// as on whole ones.
func Compact(r record.Record) record.Record {
	c := record.Record{ID: r.ID, Kind: r.Kind, Title: r.Title, Source: record.Source{URL: r.Source.URL, File: r.Source.File}}
	if r.Prize != nil {
		p := *r.Prize
		c.Prize = &p
	}
	switch r.Kind {
	case record.KindProject:
		c.Organization, c.Countries, c.Summary, c.Year = r.Organization, r.Countries, r.Summary, r.Year
		c.Body = lead(r.Body, leadRunes)
	case record.KindPerson:
		c.Name, c.Organization, c.Countries, c.Gender = r.Name, r.Organization, r.Countries, r.Gender
		c.JobTitle, c.Bio, c.Summary = r.JobTitle, r.Bio, r.Summary
		c.Body = lead(r.Body, profileRunes)
	case record.KindSession:
		c.Speakers, c.Moderators = compactPeople(r.Speakers), compactPeople(r.Moderators)
	}
	return c
}

func compactPeople(ps []record.Person) []record.Person {
	if len(ps) == 0 {
		return nil
	}
	out := make([]record.Person, len(ps))
	for i, p := range ps {
		out[i] = record.Person{Name: p.Name, Gender: p.Gender, Organization: p.Organization, Country: p.Country}
	}
	return out
}

// lead is the first n runes of s as a string of its own: a view keeps it
// for the life of the record, and a substring would keep the whole body
// (about 1 KB per record at 100k, the largest part of the rows).
func lead(s string, n int) string {
	if c := cut(s, n); len(c) < len(s) {
		return strings.Clone(c)
	}
	return s
}

// cut returns the first n runes of s.
func cut(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
