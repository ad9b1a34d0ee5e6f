package indexer

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/wsis-tools/stocktake/record"
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
	Bio              string          `json:"bio,omitempty"`       // filled by the reader from RecordID, never kept here
	RecordID         string          `json:"record_id,omitempty"` // the person record, when there is one
	Sessions         []SessionRef    `json:"sessions"`
	Contact          *record.Contact `json:"contact,omitempty"` // staff only; filled by the reader, never kept here

	bioText string // the bio's analysed terms, for personText
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
	persons []personRef // by person number
	rows    []*row      // the generation's rows, which persons merge from
	// text is by person number the analysed words a person is found by
	// (personText, as numbers of dict), as far as built: the people of
	// stale have "" here.
	// buildText builds the rest when a query or the settled import needs
	// it, so an import does not build a speaker's text again in every
	// batch that names them: that cost more than the rest of a batch's
	// views.
	text   []string
	stale  *roaring.Bitmap
	an     analysis.Analyzer // builds text
	dict   *termDict
	all    *roaring.Bitmap
	spoke  *roaring.Bitmap              // people with at least one session
	values []map[string]*roaring.Bitmap // by facet-table index (people facets only)
	keys   map[string]uint32            // shared with the writer: only grows
	keysMu *sync.RWMutex
	order  *peopleOrder
	terms  *peopleTerms
}

func emptyPeople() *People {
	p := &People{stale: roaring.New(), dict: newTermDict(), all: roaring.New(), spoke: roaring.New(), values: make([]map[string]*roaring.Bitmap, len(facets)),
		keys: map[string]uint32{}, keysMu: &sync.RWMutex{}, order: &peopleOrder{},
		terms: &peopleTerms{}}
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

// personRef is what the directory keeps of one person: the rows naming
// them, from which the Person is merged when asked for (mergePerson).
// Kept merged, the people were 60-77 MB of the heap at 100,000 records;
// a page of them is merged in microseconds.
type personRef struct {
	key      string
	docs     []uint32 // in record id order; nil when nobody has the number any more
	sessions int      // len(Person.Sessions), for the default order
}

// person returns person number n, nil for none.
func (p *People) person(n uint32) *Person {
	if int(n) >= len(p.persons) || p.persons[n].docs == nil {
		return nil
	}
	r := p.persons[n]
	return mergePerson(r.key, r.docs, p.rows)
}

// ByKey returns the person with taxonomy.PersonKey key.
func (p *People) ByKey(key string) *Person {
	p.keysMu.RLock()
	n, ok := p.keys[key]
	p.keysMu.RUnlock()
	if !ok {
		return nil
	}
	return p.person(n)
}

// minStart is the shortest word matched as the start of a longer one:
// "ai" must not find "aid".
const minStart = 4

// peopleTerms is the directory's text, whole, and inverted: for each
// analysed term the people whose text holds it, and the terms sorted for
// finding those that begin with a word. The text is built once per
// generation by the first query with words or once the text index has
// caught up (entities.run), whichever comes first; the inversion only by
// the first query with words.
type peopleTerms struct {
	textOnce sync.Once
	text     []string // every person's text, stale ones built
	built    atomic.Bool
	once     sync.Once
	post     []*roaring.Bitmap // by term number
	vocab    []vocabTerm       // the terms of post, sorted
}

type vocabTerm struct {
	term string
	num  uint32
}

// posting is the people whose text holds term number n; nil for none.
func (t *peopleTerms) posting(n uint32) *roaring.Bitmap {
	if int(n) >= len(t.post) {
		return nil
	}
	return t.post[n]
}

// buildText builds the text of the people this generation left stale.
func (p *People) buildText() []string {
	p.terms.textOnce.Do(func() {
		text := p.text
		if !p.stale.IsEmpty() {
			text = slices.Clone(p.text)
			analyse := memoAnalyse(p.an, p.dict)
			for it := p.stale.Iterator(); it.HasNext(); {
				n := it.Next()
				text[n] = personText(p.person(n), analyse)
			}
		}
		p.terms.text = text
		p.terms.built.Store(true)
	})
	return p.terms.text
}

func (p *People) inverted() *peopleTerms {
	p.terms.once.Do(func() {
		var post []*roaring.Bitmap
		for n, text := range p.buildText() {
			for t := range textTerms(text) {
				if t == fieldEnd {
					continue
				}
				if int(t) >= len(post) {
					post = append(post, make([]*roaring.Bitmap, int(t)+1-len(post))...)
				}
				if post[t] == nil {
					post[t] = roaring.New()
				}
				post[t].Add(uint32(n))
			}
		}
		var vocab []vocabTerm
		for t, bm := range post {
			if bm != nil {
				bm.RunOptimize()
				vocab = append(vocab, vocabTerm{p.dict.term(uint32(t)), uint32(t)})
			}
		}
		slices.SortFunc(vocab, func(a, b vocabTerm) int { return strings.Compare(a.term, b.term) })
		p.terms.post, p.terms.vocab = post, vocab
	})
	return p.terms
}

// builtText is this generation's whole text once buildText has built it,
// for the next generation to start from; nil before.
func (p *People) builtText() []string {
	if !p.terms.built.Load() {
		return nil
	}
	return p.terms.text
}

// Holding finds terms (analysed with the index's text analyser, in order)
// in people's text (personText, built for the people a batch changed on
// the first query of a generation):
// whole is the people whose text holds them as whole words side by side
// in one field; started, the others, whose text holds them with the last
// one only as the start of a word ("telecom" in "telecommunications").
// Both are new bitmaps.
func (p *People) Holding(terms []string) (whole, started *roaring.Bitmap) {
	whole, started = roaring.New(), roaring.New()
	if len(terms) == 0 {
		return whole, started
	}
	inv := p.inverted()
	nums := make([]uint32, len(terms)) // 0: a term no text holds
	for i, t := range terms {
		nums[i] = p.dict.lookup(t)
	}
	last, lastNum := terms[len(terms)-1], nums[len(nums)-1]
	var starts []*roaring.Bitmap
	startNums := map[uint32]bool{} // terms the last one starts
	if len([]rune(last)) >= minStart {
		i, _ := slices.BinarySearchFunc(inv.vocab, last, func(v vocabTerm, t string) int { return strings.Compare(v.term, t) })
		for _, v := range inv.vocab[i:] {
			if !strings.HasPrefix(v.term, last) {
				break
			}
			if v.term != last {
				starts = append(starts, inv.post[v.num])
				startNums[v.num] = true
			}
		}
	}
	if bm := inv.posting(lastNum); bm != nil {
		whole.Or(bm)
	}
	started = roaring.FastOr(starts...)
	for _, n := range nums[:len(nums)-1] {
		bm := inv.posting(n)
		if bm == nil {
			return roaring.New(), roaring.New()
		}
		whole.And(bm)
		started.And(bm)
	}
	started.AndNot(whole)
	if len(terms) == 1 {
		return whole, started
	}
	// The terms are all there; as a phrase in one field only in some.
	it := roaring.Or(whole, started).Iterator()
	whole, started = roaring.New(), roaring.New()
	var seq []uint32
	for it.HasNext() {
		n := it.Next()
		seq = slices.AppendSeq(seq[:0], textTerms(p.terms.text[n])) // Holding built it
		switch phraseMatch(seq, nums, startNums) {
		case wholeMatch:
			whole.Add(n)
		case startMatch:
			started.Add(n)
		}
	}
	return whole, started
}

type textMatch int

const (
	noMatch textMatch = iota
	startMatch
	wholeMatch
)

// phraseMatch says how text (term numbers, fields ended by fieldEnd) holds
// the terms key side by side: as whole words, or with the last one as the
// start of a longer word, one of starts.
func phraseMatch(text, key []uint32, starts map[uint32]bool) textMatch {
	found := noMatch
	head, last := key[:len(key)-1], key[len(key)-1]
	for i := 0; i+len(key) <= len(text); i++ {
		if !slices.Equal(text[i:i+len(head)], head) {
			continue
		}
		switch t := text[i+len(head)]; {
		case t == last && last != fieldEnd:
			return wholeMatch
		case starts[t]:
			found = startMatch
		}
	}
	return found
}

// Having is the set of people with value of a people facet; nil when
// nobody has it.
func (p *People) Having(facet, value string) *roaring.Bitmap {
	i := facetIndex(facet)
	if i < 0 || !facets[i].People {
		return nil
	}
	return p.values[i][value]
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
	rank  []int // by person number: the place in order
}

// sorted returns the people in the default order: most sessions first,
// then by key (the people staff most likely want); computed once per
// generation.
func (p *People) sorted() *peopleOrder {
	p.order.once.Do(func() {
		o := p.all.ToArray()
		slices.SortFunc(o, func(a, b uint32) int {
			x, y := p.persons[a], p.persons[b]
			if c := cmp.Compare(y.sessions, x.sessions); c != 0 {
				return c
			}
			return cmp.Compare(x.key, y.key)
		})
		p.order.order = o
		p.order.rank = make([]int, len(p.persons))
		for i, n := range o {
			p.order.rank[n] = i
		}
	})
	return p.order
}

// Page returns one page of set in the default order (sorted).
func (p *People) Page(set *roaring.Bitmap, from, size int) []*Person {
	var out []*Person
	for _, n := range p.sorted().order {
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
		out = append(out, p.person(n))
	}
	return out
}

// Ranked returns one page of set by score (by person number, highest
// first), ties in the default order.
func (p *People) Ranked(set *roaring.Bitmap, score []float64, from, size int) []*Person {
	rank := p.sorted().rank
	ns := set.ToArray()
	slices.SortFunc(ns, func(a, b uint32) int {
		if c := cmp.Compare(score[b], score[a]); c != 0 {
			return c
		}
		return cmp.Compare(rank[a], rank[b])
	})
	var out []*Person
	for _, n := range ns[min(from, len(ns)):] {
		if len(out) == size {
			break
		}
		out = append(out, p.person(n))
	}
	return out
}

// Numbers is how many person numbers there are: the length of a score
// slice for Ranked.
func (p *People) Numbers() int { return len(p.persons) }
