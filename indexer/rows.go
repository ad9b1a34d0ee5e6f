package indexer

import (
	"time"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// row is what the views keep of one record: its facet values for the
// bitmaps (filtering, counting), and everything sorting, insights and the
// people directory need, so that no view reads the store again once the
// record is applied. Rows are persisted (rowcodec.go); the bitmaps and
// the directory are rebuilt from them in memory.
type row struct {
	id   string
	kind record.Kind
	// values are the record's facet values, on their way to the bitmaps
	// and the views file: the views drop them once the bitmaps hold them
	// (views.apply, views.load), as nothing reads them after; held, they
	// were 27-32 MB at 100,000 records. By index in the facet table.
	values [][]string
	// Sort keys: date (days since 1970, valid when dated) and title.
	dated bool
	day   int32
	title string
	// What a session reference shows in the people directory.
	refTitle string
	year     int
	event    string
	// Raw action lines and SDGs (without the added parent C7).
	actionLines []string
	sdgs        []int
	// Panel gender counts of a session's speakers and moderators.
	panel PanelCounts
	// Contributions to the people directory.
	people []contribution
	// entSum is the checksum (entitySum) of what the entity resolver reads
	// of the record (resolver.Compact) in its binary form
	// (resolver.AppendCompact). The bytes themselves live in the views
	// file (viewStore.entities), read only by a resolve: held here, they
	// were 116 MB of the heap at 100,000 records.
	entSum uint64
}

// PanelCounts counts the speakers and moderators of a session by gender.
type PanelCounts struct {
	Women, Men, Unknown int
}

// Total is the size of the panel.
func (p PanelCounts) Total() int { return p.Women + p.Men + p.Unknown }

// contribution is what one record says about one person: a profile (a
// person record) or one speaker or moderator line of a session.
type contribution struct {
	key              string
	name             string // without honorific
	honorific        string
	gender           string
	organization     string
	country          string
	stakeholderGroup string
	role             string
	profile          *profileFields // nil for a speaker or moderator line
}

// profileFields are what only a profile says of a person: kept apart,
// they left each of the far more numerous speaker lines 96 bytes smaller.
type profileFields struct {
	jobTitle string
	// bio is the profile's biography until the people directory takes the
	// row (peopleWriter.apply): it keeps the bio's analysed terms instead
	// (bioText), what people are found by. Readers show the bio from the
	// record (search.People); held, bios were 30-35 MB of the heap at
	// 100,000 records, five times their analysed terms.
	bio, bioText         string
	expertise, languages []string
}

// rowOf derives the row of r, and the compact record (resolver.Compact,
// encoded) the views file keeps for the entity resolver.
func rowOf(r record.Record) (row, []byte) {
	ent := resolver.AppendCompact(nil, resolver.Compact(r))
	w := row{
		id: r.ID, kind: r.Kind,
		title: record.NormalizeKey(r.DisplayTitle()), refTitle: r.Title, year: r.Year, event: r.Event,
		actionLines: compact(r.ActionLines), sdgs: r.SDGs, entSum: entitySum(ent),
	}
	keys := map[string]string{} // name -> taxonomy.PersonKey, which is costly
	key := func(name string) string {
		k, ok := keys[name]
		if !ok {
			k = taxonomy.PersonKey(name)
			keys[name] = k
		}
		return k
	}
	w.values = make([][]string, len(facets))
	for i, f := range facets {
		// A record's people are found through the people directory; a
		// bitmap per person would be the largest map a batch copies.
		if f.Name != FacetPerson {
			w.values[i] = f.Values(r)
		}
	}
	if t, ok := recordTime(r); ok {
		w.dated, w.day = true, int32(t.Unix()/86400)
	}
	if r.Kind == record.KindSession {
		for _, p := range panel(r) {
			switch p.Gender {
			case "female":
				w.panel.Women++
			case "male":
				w.panel.Men++
			default:
				w.panel.Unknown++
			}
		}
	}
	if r.Kind == record.KindPerson {
		name := firstNonEmpty(r.Name, r.Title)
		if key := key(name); key != "" {
			_, _, bare := taxonomy.SplitHonorific(name)
			c := contribution{key: key, name: bare, honorific: r.Honorific, gender: r.Gender, organization: r.Organization,
				profile: &profileFields{jobTitle: r.JobTitle, bio: r.Bio, expertise: compact(r.Expertise), languages: compact(r.Languages)}}
			if len(r.Countries) > 0 {
				c.country = r.Countries[0]
			}
			w.people = append(w.people, c)
		}
		return w, ent
	}
	line := func(sp record.Person, role string) {
		k := key(sp.Name)
		if k == "" {
			return
		}
		hon, g, bare := taxonomy.SplitHonorific(sp.Name)
		w.people = append(w.people, contribution{key: k, name: bare, honorific: firstNonEmpty(sp.Honorific, hon),
			gender: firstNonEmpty(sp.Gender, g), organization: sp.Organization, stakeholderGroup: sp.StakeholderGroup,
			country: sp.Country, role: firstNonEmpty(sp.Role, role)})
	}
	for _, sp := range r.Speakers {
		line(sp, "Speaker")
	}
	for _, sp := range r.Moderators {
		line(sp, "Moderator")
	}
	return w, ent
}

// recordTime is when a record happened: its date, or 1 January of its year.
func recordTime(r record.Record) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02", r.Date); err == nil {
		return t, true
	}
	if r.Year > 0 {
		return time.Date(r.Year, 1, 1, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}
