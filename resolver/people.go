package resolver

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// person is a person record, or a person named in a session, as the
// resolver compares them.
type person struct {
	ref       Ref
	name      string // as written, for the cluster's heading
	loose     string // person key without initials: "Peter A. Bruck" meets "Peter Bruck"
	words     int    // words of the loose key
	org       *org
	countries []string
	gender    string
	source    string // source of the record the person is in
	profile   bool   // a person record, not a name in a session
	// text is the distinct words of a profile's job, bio and body, sorted:
	// read as a set (containment, corpus.add), and a bio's words repeat
	// (kept in order, the texts were 62 MB of a resolve at 100,000 records).
	text   []string
	lonely bool // no one to compare with (collect): only ref and name are set
}

// looseKey is a person key without one-letter words (initials).
func looseKey(key string) (string, int) {
	var kept []string
	for _, w := range strings.Fields(key) {
		if len([]rune(w)) > 1 {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " "), len(kept)
}

// profileName is the name of a person record.
func profileName(r *record.Record) string {
	if r.Name != "" {
		return r.Name
	}
	return r.Title
}

// newProfile reads a person record. Its text is read even when the person
// is lonely (collect), as it counts in the words' rarity.
func newProfile(r *record.Record, lonely func(ref Ref, loose string, words int) bool, w *corpus) *person {
	p := &person{ref: Ref{Record: r.ID}, name: profileName(r), profile: true,
		text: distinct(w.words(r.JobTitle + "\n" + r.Bio + "\n" + r.Summary + "\n" + cut(r.Body, profileRunes)))}
	if p.loose, p.words = looseKey(w.personKey(p.name)); lonely(p.ref, p.loose, p.words) {
		p.loose, p.lonely = "", true
		return p
	}
	p.org, p.countries, p.gender, p.source = w.org(r.Organization), r.Countries, r.Gender, record.SourceKey(*r)
	return p
}

// sessionKeys returns the distinct person keys of the people named in
// session r.
func sessionKeys(r *record.Record, w *corpus) []string {
	var keys []string
	for _, sp := range slices.Concat(r.Moderators, r.Speakers) {
		if k := w.personKey(sp.Name); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// speakers returns the people named as speakers or moderators of r, one per
// person key (a name listed twice is one person; the first values win,
// gaps are filled from the others), in order of key. A lonely person
// (collect) has only its ref and name.
func speakers(r *record.Record, lonely func(ref Ref, loose string, words int) bool, w *corpus) []*person {
	var out []*person
	byKey := map[string]*person{}
	for _, sp := range slices.Concat(r.Moderators, r.Speakers) {
		ref := Ref{Record: r.ID, Person: w.personKey(sp.Name)}
		if ref.Person == "" {
			continue
		}
		var countries []string
		if sp.Country != "" {
			countries = []string{sp.Country}
		}
		if p := byKey[ref.Person]; p != nil {
			if p.lonely {
				continue
			}
			if len(p.org.words) == 0 {
				p.org = w.org(sp.Organization)
			}
			p.gender = cmpOr(p.gender, sp.Gender)
			if p.countries == nil {
				p.countries = countries
			}
			continue
		}
		p := &person{ref: ref, name: sp.Name}
		if p.loose, p.words = looseKey(ref.Person); lonely(ref, p.loose, p.words) {
			p.loose, p.lonely = "", true
		} else {
			p.org, p.countries, p.gender, p.source = w.org(sp.Organization), countries, sp.Gender, record.SourceKey(*r)
		}
		byKey[ref.Person] = p
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *person) int { return strings.Compare(a.ref.Person, b.ref.Person) })
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// minNameWords is the shortest name the resolver matches: one word is a
// surname or a given name alone, shared by too many people.
const minNameWords = 2

// distinctiveWords is the length of a name that needs no corroboration.
const distinctiveWords = 3

// personEvidence decides whether a and b (with the same loose key) are one
// person, and why: nothing may contradict it, and something must support
// it unless the name is distinctive.
func personEvidence(a, b *person, w *corpus) (float64, []string, bool) {
	if personsConflict(a, b) || a.words < minNameWords {
		return 0, nil, false
	}
	why := []string{fmt.Sprintf("same name (%s)", a.loose)}
	score := 1.0
	if o, owhy := orgMatch(a.org, b.org, true, w); o >= orgAgrees {
		why, score = append(why, owhy), score+o
	}
	if overlaps(a.countries, b.countries) {
		why, score = append(why, "same country "+strings.Join(common(a.countries, b.countries), ", ")), score+1
	}
	if a.profile != b.profile && a.source != "" && a.source == b.source {
		why, score = append(why, "the profile comes from the page of the session"), score+1
	}
	for _, pair := range [][2]*person{{a, b}, {b, a}} {
		prof, other := pair[0], pair[1]
		if ow := other.org.bare; prof.profile && len(ow) >= 2 && containment(ow, prof.text, w) >= 0.8 {
			why, score = append(why, "the profile names the organisation "+other.org.name), score+1
		}
	}
	if len(why) == 1 {
		if a.words < distinctiveWords {
			return 0, nil, false
		}
		why = append(why, fmt.Sprintf("a distinctive name of %d words, nothing contradicts", a.words))
	}
	return score, why, true
}

// personsConflict says why a and b can never be one person: a stated
// gender or country that differs.
func personsConflict(a, b *person) bool {
	return (a.gender != "" && b.gender != "" && a.gender != b.gender) || disjoint(a.countries, b.countries)
}

// distinct returns the distinct words of ws, sorted, in a slice of their
// own size: a profile's words repeat, and its text is kept for the whole
// resolve (clipping alone kept the array of every word).
func distinct(ws []string) []string {
	slices.Sort(ws)
	return slices.Clone(slices.Compact(ws))
}
