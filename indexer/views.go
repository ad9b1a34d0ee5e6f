package indexer

import (
	"context"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Doc numbers: every record the views hold has a number (uint32), its bit
// in every bitmap. Numbers are handed out in the order records first
// arrive and never reused, so a number means one record id for good.

// docNums maps record ids to doc numbers. It only grows, so readers of an
// older generation may look up ids it did not hold yet: they check the
// number against their own rows.
type docNums struct {
	mu   sync.RWMutex
	nums map[string]uint32
}

func (d *docNums) get(id string) (uint32, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	n, ok := d.nums[id]
	return n, ok
}

// views is the writing side of the derived views: rows, bitmaps and the
// people directory, moved from one generation to the next by apply. Each
// generation is published as an immutable Snapshot: a batch copies what it
// changes (a bitmap, a value map, the row slice) and shares the rest, so
// readers never lock.
type views struct {
	mu     sync.Mutex // one writer at a time
	text   *textIndex
	nums   *docNums
	people *peopleWriter
	ents   *entities
	cur    *Snapshot // guarded by curMu for readers
	curMu  sync.RWMutex
}

func newViews(text *textIndex, settle func(ctx context.Context, gen uint64) error, read entityReader) *views {
	v := &views{text: text, nums: text.nums, people: newPeopleWriter(text.an.text)}
	v.ents = newEntities(v.snapshot, settle, read)
	v.cur = &Snapshot{all: roaring.New(), values: make([]map[string]*roaring.Bitmap, len(facets)),
		people: emptyPeople(), nums: v.nums, text: text, orders: &orders{}, ents: v.ents}
	for i := range v.cur.values {
		v.cur.values[i] = map[string]*roaring.Bitmap{}
	}
	return v
}

// snapshot returns the current generation.
func (v *views) snapshot() *Snapshot {
	v.curMu.RLock()
	defer v.curMu.RUnlock()
	return v.cur
}

// change is one record of a batch: its new row, or a deletion.
type change struct {
	id  string
	row *row // nil: the record is gone
}

// apply moves the views to generation gen with the changed records and
// returns the rows it changed by doc number (nil: removed), to persist.
func (v *views) apply(gen uint64, changes []change) map[uint32]*row {
	v.mu.Lock()
	defer v.mu.Unlock()
	old := v.snapshot()
	b := newBatchWriter(old, gen)
	var touched []touch
	changed := make(map[uint32]*row, len(changes))
	for _, c := range changes {
		n, known := v.nums.get(c.id)
		if !known && c.row == nil {
			continue
		}
		if !known {
			n = uint32(len(b.rows))
			v.nums.mu.Lock()
			v.nums.nums[c.id] = n
			v.nums.mu.Unlock()
			b.rows = append(b.rows, nil)
		}
		prev := b.rows[n]
		b.setRow(n, c.row)
		if c.row != nil {
			c.row.values = nil // in the bitmaps now
		}
		touched = append(touched, touch{doc: n, before: prev, after: c.row})
		changed[n] = c.row
	}
	next := b.finish()
	next.people = v.people.apply(next.people, next.rows, touched)
	v.curMu.Lock()
	v.cur = next
	v.curMu.Unlock()
	v.ents.poke()
	return changed
}

// touch is one doc number a batch changed, with its rows before and after.
type touch struct {
	doc           uint32
	before, after *row
}

// batchWriter builds the next Snapshot from the current one, copying each
// shared structure the first time the batch changes it.
type batchWriter struct {
	s          *Snapshot
	rows       []*row
	shared     int // rows slots older generations can read
	rowsCopied bool
	maps       []bool                   // value maps copied, by facet index
	fresh      map[*roaring.Bitmap]bool // bitmaps this batch owns
	allCopied  bool
}

func newBatchWriter(old *Snapshot, gen uint64) *batchWriter {
	s := &Snapshot{gen: gen, all: old.all, values: slices.Clone(old.values), people: old.people, nums: old.nums, text: old.text, orders: &orders{}, ents: old.ents}
	return &batchWriter{s: s, rows: old.rows, shared: len(old.rows), maps: make([]bool, len(facets)), fresh: map[*roaring.Bitmap]bool{}}
}

// setRow replaces the row of doc n, updating every bitmap.
func (b *batchWriter) setRow(n uint32, r *row) {
	prev := b.rows[n]
	if int(n) < b.shared && !b.rowsCopied {
		// Older generations still read this slot: copy the slice once.
		b.rows = slices.Clone(b.rows)
		b.rowsCopied = true
	}
	if prev != nil {
		// Rows do not keep their values (row.values): the bitmaps that
		// hold n say which they were, a few hundred to check per facet.
		for i := range facets {
			for v, bm := range b.s.values[i] {
				if bm.Contains(n) {
					b.bitmap(i, v, false).Remove(n)
				}
			}
		}
	}
	b.rows[n] = r
	if !b.allCopied {
		b.s.all = b.s.all.Clone()
		b.allCopied = true
	}
	if r == nil {
		b.s.all.Remove(n)
		return
	}
	b.s.all.Add(n)
	for i, vs := range r.values {
		for _, v := range vs {
			b.bitmap(i, v, true).Add(n)
		}
	}
}

// bitmap returns a bitmap of facet i's value v this batch may change,
// creating it when create is set (else nil when there is none).
func (b *batchWriter) bitmap(i int, v string, create bool) *roaring.Bitmap {
	if !b.maps[i] {
		m := make(map[string]*roaring.Bitmap, len(b.s.values[i])+1)
		for k, bm := range b.s.values[i] {
			m[k] = bm
		}
		b.s.values[i] = m
		b.maps[i] = true
	}
	bm := b.s.values[i][v]
	switch {
	case bm == nil && !create:
		return nil
	case bm == nil:
		bm = roaring.New()
	case !b.fresh[bm]:
		bm = bm.Clone()
	}
	b.fresh[bm] = true
	b.s.values[i][v] = bm
	return bm
}

func (b *batchWriter) finish() *Snapshot {
	for i, m := range b.s.values {
		if !b.maps[i] {
			continue
		}
		for v, bm := range m {
			if bm.IsEmpty() {
				delete(m, v)
			}
		}
	}
	for bm := range b.fresh {
		bm.RunOptimize()
	}
	b.s.rows = b.rows
	return b.s
}

// load builds the views from persisted rows (doc number order) in one go.
func (v *views) load(gen uint64, rows []*row) {
	v.mu.Lock()
	defer v.mu.Unlock()
	s := &Snapshot{gen: gen, rows: rows, all: roaring.New(), values: make([]map[string]*roaring.Bitmap, len(facets)), nums: v.nums, text: v.text, orders: &orders{}, ents: v.ents}
	for i := range s.values {
		s.values[i] = map[string]*roaring.Bitmap{}
	}
	v.nums.mu.Lock()
	var touched []touch
	for n, r := range rows {
		if r == nil {
			continue
		}
		v.nums.nums[r.id] = uint32(n)
		s.all.Add(uint32(n))
		for i, vs := range r.values {
			for _, val := range vs {
				bm := s.values[i][val]
				if bm == nil {
					bm = roaring.New()
					s.values[i][val] = bm
				}
				bm.Add(uint32(n))
			}
		}
		touched = append(touched, touch{doc: uint32(n), after: r})
		r.values = nil // in the bitmaps now
	}
	v.nums.mu.Unlock()
	for _, m := range s.values {
		for _, bm := range m {
			bm.RunOptimize()
		}
	}
	s.people = v.people.apply(emptyPeople(), rows, touched)
	v.curMu.Lock()
	v.cur = s
	v.curMu.Unlock()
	v.ents.poke()
}
