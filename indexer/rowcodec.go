package indexer

import (
	"fmt"

	"github.com/wsis-tools/stocktake/internal/wire"
	"github.com/wsis-tools/stocktake/record"
)

// Rows are persisted in a compact binary form (package wire): decoding
// 100,000 of them at start must cost far less than reading the store's JSON
// again. The facet lists follow the order of the facet table, which is why
// rowFormat names the table's shape.

// rowFormat changes with the encoding or the facet table; views persisted
// under another format are rebuilt from the store.
const rowFormat = 4

func encodeRow(r row) []byte {
	w := &wire.Writer{B: make([]byte, 0, 256)}
	w.Str(r.id)
	w.Str(string(r.kind))
	w.Uint(uint64(len(r.values)))
	for _, vs := range r.values {
		w.Strs(vs)
	}
	w.Bool(r.dated)
	w.Int(int64(r.day))
	w.Str(r.title)
	w.Str(r.refTitle)
	w.Int(int64(r.year))
	w.Str(r.event)
	w.Strs(r.actionLines)
	w.Uint(uint64(len(r.sdgs)))
	for _, n := range r.sdgs {
		w.Int(int64(n))
	}
	w.Uint(uint64(r.panel.Women))
	w.Uint(uint64(r.panel.Men))
	w.Uint(uint64(r.panel.Unknown))
	w.Uint(uint64(len(r.people)))
	for _, c := range r.people {
		w.Str(c.key)
		pf := c.profile
		if pf == nil {
			pf = &profileFields{}
		}
		w.Bool(c.profile != nil)
		for _, s := range []string{c.name, c.honorific, c.gender, c.organization, pf.jobTitle, c.country, c.stakeholderGroup, c.role, pf.bio} {
			w.Str(s)
		}
		w.Strs(pf.expertise)
		w.Strs(pf.languages)
	}
	w.Uint(r.entSum)
	return w.B
}

func decodeRow(b []byte, intern map[string]string) (row, error) {
	r := &wire.Reader{B: b, Intern: intern}
	var w row
	w.id = r.Str()
	w.kind = record.Kind(r.Str())
	n := r.Uint()
	if n != uint64(len(facets)) {
		return row{}, fmt.Errorf("row has %d facets, the table %d", n, len(facets))
	}
	w.values = make([][]string, n)
	for i := range w.values {
		w.values[i] = r.Strs()
	}
	w.dated = r.Bool()
	w.day = int32(r.Int())
	w.title = r.Str()
	w.refTitle = r.Str()
	w.year = int(r.Int())
	w.event = r.Str()
	w.actionLines = r.Strs()
	if k := r.Count(); k > 0 {
		w.sdgs = make([]int, k)
		for i := range w.sdgs {
			w.sdgs[i] = int(r.Int())
		}
	}
	w.panel.Women = int(r.Uint())
	w.panel.Men = int(r.Uint())
	w.panel.Unknown = int(r.Uint())
	if k := r.Count(); k > 0 {
		w.people = make([]contribution, k)
		for i := range w.people {
			c := &w.people[i]
			c.key = r.Str()
			profile := r.Bool()
			var pf profileFields
			for _, s := range []*string{&c.name, &c.honorific, &c.gender, &c.organization, &pf.jobTitle, &c.country, &c.stakeholderGroup, &c.role, &pf.bio} {
				*s = r.Str()
			}
			pf.expertise = r.Strs()
			pf.languages = r.Strs()
			if profile {
				c.profile = &pf
			}
		}
	}
	w.entSum = r.Uint()
	if r.Err == nil && len(r.B) != 0 {
		r.Err = fmt.Errorf("%d bytes after the row", len(r.B))
	}
	if r.Err != nil {
		return row{}, fmt.Errorf("indexer: decode row: %w", r.Err)
	}
	return w, nil
}
