package indexer

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// peopleWriter is the writing side of the directory: the number of each
// person, so a batch can recompute exactly the people it touches. Which
// rows name a person is the last generation's personRef.docs.
type peopleWriter struct {
	an     analysis.Analyzer // the index's text analyser, for personText
	dict   *termDict         // the numbers of the text's terms, for every generation
	keysMu sync.RWMutex
	keys   map[string]uint32 // person key -> number; only grows
}

func newPeopleWriter(an analysis.Analyzer) *peopleWriter {
	return &peopleWriter{an: an, dict: newTermDict(), keys: map[string]uint32{}}
}

// takeBios replaces the bios of r's profiles by their analysed terms. r
// is a row of the generation being made, seen by no reader yet.
func (w *peopleWriter) takeBios(r *row) {
	if r == nil {
		return
	}
	for _, c := range r.people {
		if pf := c.profile; pf != nil && pf.bio != "" {
			pf.bioText, pf.bio = analyseText(w.an, w.dict, pf.bio), ""
		}
	}
}

// mention is a change to the rows naming one person: doc stops naming
// them, or starts to (named).
type mention struct {
	doc   uint32
	named bool
}

// apply returns the directory after the touched rows changed; rows are the
// new generation's rows by doc number, and old is the directory apply
// returned last.
func (w *peopleWriter) apply(old *People, rows []*row, touched []touch) *People {
	affected := map[string][]mention{}
	for _, t := range touched {
		w.takeBios(t.after)
		if t.before != nil {
			for _, c := range t.before.people {
				affected[c.key] = append(affected[c.key], mention{doc: t.doc})
			}
		}
		if t.after != nil {
			for _, c := range t.after.people {
				affected[c.key] = append(affected[c.key], mention{doc: t.doc, named: true})
			}
		}
	}
	if len(affected) == 0 {
		return old
	}
	// The text starts from the old generation's, built if a query built
	// it; people it left stale stay stale.
	p := &People{persons: old.persons, rows: rows, text: old.text, stale: old.stale.Clone(), an: w.an, dict: w.dict,
		all: old.all.Clone(), spoke: old.spoke.Clone(),
		values: slices.Clone(old.values), keys: w.keys, keysMu: &w.keysMu, order: &peopleOrder{},
		terms: &peopleTerms{}}
	if built := old.builtText(); built != nil {
		p.text, p.stale = built, roaring.New()
	}
	if p.persons == nil {
		p.persons, p.text = []personRef{}, []string{}
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
		var docs []uint32
		if known && int(n) < len(old.persons) {
			docs = slices.Clone(old.persons[n].docs)
		}
		for _, m := range affected[key] {
			docs = slices.DeleteFunc(docs, func(d uint32) bool { return d == m.doc })
			if m.named {
				docs = append(docs, m.doc)
			}
		}
		if !known && len(docs) == 0 {
			continue
		}
		if !known {
			n = uint32(len(p.persons))
			w.keysMu.Lock()
			w.keys[key] = n
			w.keysMu.Unlock()
			p.persons = append(p.persons, personRef{})
			p.text = append(p.text, "")
		} else if !copied {
			p.persons, p.text = slices.Clone(p.persons), slices.Clone(p.text)
			copied = true
		}
		if prev := old.person(n); prev != nil {
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
			p.persons[n], p.text[n] = personRef{}, ""
			p.stale.Remove(n)
			p.all.Remove(n)
			p.spoke.Remove(n)
			continue
		}
		slices.SortFunc(docs, func(a, b uint32) int { return cmp.Compare(rows[a].id, rows[b].id) })
		person := mergePerson(key, docs, rows)
		p.persons[n], p.text[n] = personRef{key: key, docs: slices.Clip(docs), sessions: len(person.Sessions)}, ""
		p.stale.Add(n)
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
			if pf := c.profile; pf != nil {
				p.Name, p.RecordID, p.bioText = c.name, r.id, pf.bioText
				setIf(&p.Honorific, c.honorific, true)
				setIf(&p.Gender, c.gender, true)
				setIf(&p.Organization, c.organization, true)
				setIf(&p.JobTitle, pf.jobTitle, true)
				setIf(&p.Country, c.country, true)
				p.Expertise = union(p.Expertise, pf.expertise)
				p.Languages = union(p.Languages, pf.languages)
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
