package indexer

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// The people directory merges person records (profiles) and the speaker
// and moderator lines of sessions under taxonomy.PersonKey. It is a view
// like the bitmaps: each batch recomputes only the people its records name,
// from the rows that mention them, so an import never rebuilds it.

// Person is one person of the people finder.
type Person struct {
	Key              string          `json:"key"`
	Name             string          `json:"name"`
	Honorific        string          `json:"honorific,omitempty"`
	Gender           string          `json:"gender,omitempty"` // "female", "male" or "" (unknown)
	Organization     string          `json:"organization,omitempty"`
	JobTitle         string          `json:"job_title,omitempty"`
	Country          string          `json:"country,omitempty"`
	Region           string          `json:"region,omitempty"`
	StakeholderGroup string          `json:"stakeholder_group,omitempty"`
	Expertise        []string        `json:"expertise,omitempty"`
	Languages        []string        `json:"languages,omitempty"`
	ActionLines      []string        `json:"action_lines,omitempty"` // declared, and of the sessions spoken at
	SDGs             []int           `json:"sdgs,omitempty"`
	Bio              string          `json:"bio,omitempty"`
	RecordID         string          `json:"record_id,omitempty"` // the person record, when there is one
	Sessions         []SessionRef    `json:"sessions"`
	Contact          *record.Contact `json:"contact,omitempty"` // staff only; filled by the reader, never kept here
}

// SessionRef is a session a person spoke at or moderated.
type SessionRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Year  int    `json:"year,omitempty"`
	Event string `json:"event,omitempty"`
	Role  string `json:"role,omitempty"`
}

// People is one generation of the directory. Like Snapshot it never
// changes; returned bitmaps and people must not be modified.
type People struct {
	persons []*Person // by person number; nil when nobody has the number any more
	hay     []string  // by person number: the lower-cased text words are matched in
	all     *roaring.Bitmap
	spoke   *roaring.Bitmap              // people with at least one session
	values  []map[string]*roaring.Bitmap // by facet-table index (people facets only)
	keys    map[string]uint32            // shared with the writer: only grows
	keysMu  *sync.RWMutex
	order   *peopleOrder
}

func emptyPeople() *People {
	p := &People{all: roaring.New(), spoke: roaring.New(), values: make([]map[string]*roaring.Bitmap, len(facets)),
		keys: map[string]uint32{}, keysMu: &sync.RWMutex{}, order: &peopleOrder{}}
	for i := range p.values {
		p.values[i] = map[string]*roaring.Bitmap{}
	}
	return p
}

// Len is the number of people.
func (p *People) Len() int { return int(p.all.GetCardinality()) }

// All is the set of every person.
func (p *People) All() *roaring.Bitmap { return p.all }

// Spoke is the set of people who spoke at or moderated a session.
func (p *People) Spoke() *roaring.Bitmap { return p.spoke }

// Person returns person number n.
func (p *People) Person(n uint32) *Person {
	if int(n) >= len(p.persons) {
		return nil
	}
	return p.persons[n]
}

// ByKey returns the person with taxonomy.PersonKey key.
func (p *People) ByKey(key string) *Person {
	p.keysMu.RLock()
	n, ok := p.keys[key]
	p.keysMu.RUnlock()
	if !ok {
		return nil
	}
	return p.Person(n)
}

// Matching is the set of people of within whose text contains every word
// (lower case, matched inside words: "cyber" finds "cybersecurity"). The
// text of each person is prepared once per generation, so this is a scan
// of plain strings.
func (p *People) Matching(words []string, within *roaring.Bitmap) *roaring.Bitmap {
	out := roaring.New()
	it := within.Iterator()
	for it.HasNext() {
		n := it.Next()
		hay := p.hay[n]
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			out.Add(n)
		}
	}
	return out
}

// Filter is the set of people matching every filter but skip's (values of
// one filter OR-ed, filters AND-ed); a new bitmap.
func (p *People) Filter(filters map[string][]string, skip string) *roaring.Bitmap {
	out := p.all.Clone()
	for name, vals := range filters {
		i := facetIndex(name)
		if name == skip || len(vals) == 0 || i < 0 || !facets[i].People {
			continue
		}
		var ors []*roaring.Bitmap
		for _, v := range vals {
			if bm := p.values[i][v]; bm != nil {
				ors = append(ors, bm)
			}
		}
		out.And(roaring.FastOr(ors...))
	}
	return out
}

// Counts counts a people facet's values over set.
func (p *People) Counts(facet string, set *roaring.Bitmap) map[string]int {
	m := map[string]int{}
	i := facetIndex(facet)
	if i < 0 {
		return m
	}
	for v, bm := range p.values[i] {
		if n := int(set.AndCardinality(bm)); n > 0 {
			m[v] = n
		}
	}
	return m
}

type peopleOrder struct {
	once  sync.Once
	order []uint32
}

// Page returns one page of set, most sessions first, then by key: the
// people staff most likely want.
func (p *People) Page(set *roaring.Bitmap, from, size int) []*Person {
	p.order.once.Do(func() {
		o := p.all.ToArray()
		slices.SortFunc(o, func(a, b uint32) int {
			x, y := p.persons[a], p.persons[b]
			if c := cmp.Compare(len(y.Sessions), len(x.Sessions)); c != 0 {
				return c
			}
			return cmp.Compare(x.Key, y.Key)
		})
		p.order.order = o
	})
	var out []*Person
	for _, n := range p.order.order {
		if len(out) == size {
			break
		}
		if !set.Contains(n) {
			continue
		}
		if from > 0 {
			from--
			continue
		}
		out = append(out, p.persons[n])
	}
	return out
}

// peopleWriter is the writing side of the directory: which rows mention
// each person, so a batch can recompute exactly the people it touches.
type peopleWriter struct {
	keysMu  sync.RWMutex
	keys    map[string]uint32   // person key -> number; only grows
	mention map[string][]uint32 // person key -> doc numbers of the rows naming them
}

func newPeopleWriter() *peopleWriter {
	return &peopleWriter{keys: map[string]uint32{}, mention: map[string][]uint32{}}
}

// apply returns the directory after the touched rows changed; rows are the
// new generation's rows by doc number.
func (w *peopleWriter) apply(old *People, rows []*row, touched []touch) *People {
	affected := map[string]bool{}
	for _, t := range touched {
		if t.before != nil {
			for _, c := range t.before.people {
				affected[c.key] = true
				w.mention[c.key] = slices.DeleteFunc(w.mention[c.key], func(d uint32) bool { return d == t.doc })
			}
		}
		if t.after != nil {
			for _, c := range t.after.people {
				affected[c.key] = true
				if !slices.Contains(w.mention[c.key], t.doc) {
					w.mention[c.key] = append(w.mention[c.key], t.doc)
				}
			}
		}
	}
	if len(affected) == 0 {
		return old
	}
	p := &People{persons: old.persons, hay: old.hay, all: old.all.Clone(), spoke: old.spoke.Clone(),
		values: slices.Clone(old.values), keys: w.keys, keysMu: &w.keysMu, order: &peopleOrder{}}
	if p.persons == nil {
		p.persons, p.hay = []*Person{}, []string{}
	}
	copied := false
	mapsCopied := make([]bool, len(facets))
	fresh := map[*roaring.Bitmap]bool{}
	bitmap := func(i int, v string, create bool) *roaring.Bitmap {
		if !mapsCopied[i] {
			m := make(map[string]*roaring.Bitmap, len(p.values[i])+1)
			for k, bm := range p.values[i] {
				m[k] = bm
			}
			p.values[i] = m
			mapsCopied[i] = true
		}
		bm := p.values[i][v]
		switch {
		case bm == nil && !create:
			return nil
		case bm == nil:
			bm = roaring.New()
		case !fresh[bm]:
			bm = bm.Clone()
		}
		fresh[bm] = true
		p.values[i][v] = bm
		return bm
	}
	keys := make([]string, 0, len(affected))
	for k := range affected {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		w.keysMu.RLock()
		n, known := w.keys[key]
		w.keysMu.RUnlock()
		docs := w.mention[key]
		if !known && len(docs) == 0 {
			continue
		}
		if !known {
			n = uint32(len(p.persons))
			w.keysMu.Lock()
			w.keys[key] = n
			w.keysMu.Unlock()
			p.persons = append(p.persons, nil)
			p.hay = append(p.hay, "")
		} else if !copied {
			p.persons, p.hay = slices.Clone(p.persons), slices.Clone(p.hay)
			copied = true
		}
		if prev := p.persons[n]; prev != nil {
			for i, f := range facets {
				if f.People {
					for _, v := range personValues(prev, f.Name) {
						if bm := bitmap(i, v, false); bm != nil {
							bm.Remove(n)
						}
					}
				}
			}
		}
		if len(docs) == 0 {
			delete(w.mention, key)
			p.persons[n], p.hay[n] = nil, ""
			p.all.Remove(n)
			p.spoke.Remove(n)
			continue
		}
		slices.SortFunc(docs, func(a, b uint32) int { return cmp.Compare(rows[a].id, rows[b].id) })
		person := mergePerson(key, docs, rows)
		p.persons[n], p.hay[n] = person, haystack(person)
		p.all.Add(n)
		if len(person.Sessions) > 0 {
			p.spoke.Add(n)
		} else {
			p.spoke.Remove(n)
		}
		for i, f := range facets {
			if f.People {
				for _, v := range personValues(person, f.Name) {
					bitmap(i, v, true).Add(n)
				}
			}
		}
	}
	for i, m := range p.values {
		if mapsCopied[i] {
			for v, bm := range m {
				if bm.IsEmpty() {
					delete(m, v)
				}
			}
		}
	}
	return p
}

// mergePerson merges what the rows docs (in record id order) say about the
// person key. A profile is the better source: it overrides speaker lines;
// otherwise the first line to give a field wins.
func mergePerson(key string, docs []uint32, rows []*row) *Person {
	p := &Person{Key: key, Sessions: []SessionRef{}}
	for _, d := range docs {
		r := rows[d]
		for _, c := range r.people {
			if c.key != key {
				continue
			}
			if c.profile {
				p.Name, p.RecordID, p.Bio = c.name, r.id, c.bio
				setIf(&p.Honorific, c.honorific, true)
				setIf(&p.Gender, c.gender, true)
				setIf(&p.Organization, c.organization, true)
				setIf(&p.JobTitle, c.jobTitle, true)
				setIf(&p.Country, c.country, true)
				p.Expertise = union(p.Expertise, c.expertise)
				p.Languages = union(p.Languages, c.languages)
				p.ActionLines = union(p.ActionLines, r.actionLines)
				p.SDGs = unionInts(p.SDGs, r.sdgs)
				continue
			}
			setIf(&p.Name, c.name, false)
			setIf(&p.Honorific, c.honorific, false)
			setIf(&p.Gender, c.gender, false)
			setIf(&p.Organization, c.organization, false)
			setIf(&p.StakeholderGroup, c.stakeholderGroup, false)
			setIf(&p.Country, c.country, false)
			p.ActionLines = union(p.ActionLines, r.actionLines)
			p.SDGs = unionInts(p.SDGs, r.sdgs)
			p.Sessions = append(p.Sessions, SessionRef{ID: r.id, Title: r.refTitle, Year: r.year, Event: r.event, Role: c.role})
		}
	}
	if c, ok := taxonomy.CountryByCode(p.Country); ok {
		p.Region = c.ITURegion
	}
	sort.SliceStable(p.Sessions, func(i, j int) bool { return p.Sessions[i].Year > p.Sessions[j].Year })
	return p
}

// haystack is the lower-cased text a person is found by.
func haystack(p *Person) string {
	var b strings.Builder
	for _, s := range []string{p.Name, p.Organization, p.JobTitle, p.Bio, p.StakeholderGroup, strings.Join(p.Expertise, " "), strings.Join(p.Languages, " ")} {
		b.WriteString(strings.ToLower(s))
		b.WriteByte(' ')
	}
	for _, s := range p.Sessions {
		b.WriteString(strings.ToLower(s.Title))
		b.WriteByte(' ')
	}
	return b.String()
}

// personValues are a person's values of a people facet.
func personValues(p *Person, facet string) []string {
	switch facet {
	case FacetGender:
		if p.Gender == "" {
			return []string{"unknown"}
		}
		return []string{p.Gender}
	case FacetRegion:
		return compact([]string{p.Region})
	case FacetCountry:
		return compact([]string{p.Country})
	case FacetGroup:
		return compact([]string{p.StakeholderGroup})
	case FacetLanguage:
		return compact(p.Languages)
	case FacetActionLine:
		return actionLineValues(p.ActionLines)
	case FacetSDG:
		out := make([]string, 0, len(p.SDGs))
		for _, n := range p.SDGs {
			out = append(out, strconv.Itoa(n))
		}
		return out
	}
	return nil
}

func setIf(dst *string, v string, override bool) {
	if v != "" && (override || *dst == "") {
		*dst = v
	}
}

func union(a, b []string) []string {
	for _, x := range b {
		if x != "" && !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}

func unionInts(a, b []int) []int {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	slices.Sort(a)
	return a
}
