package resolver

import (
	"cmp"
	"iter"
	"slices"
	"sort"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// Override is a staff decision: A and B are one entity (Join) or are not.
// Joins are applied first and always hold; a split stops every merge that
// would put A and B in one cluster, directly or through others.
type Override struct {
	A, B Ref
	Join bool
}

// Options change how Resolve works.
type Options struct {
	Overrides []Override
}

// Evidence is why two members of a cluster were merged.
type Evidence struct {
	A       Ref      `json:"a"`
	B       Ref      `json:"b"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
	Staff   bool     `json:"staff,omitempty"` // a staff join
}

// Cluster is one entity: the records (and people named in records) that
// describe it.
type Cluster struct {
	ID      string        `json:"id"` // the smallest member ref: stable while that member exists
	Kind    record.Kind   `json:"kind"`
	Title   string        `json:"title"`
	Members []Ref         `json:"members"`         // sorted
	Sources []string      `json:"sources"`         // distinct source URLs or file names, sorted
	Prize   *record.Prize `json:"prize,omitempty"` // the highest status any member reports
	Why     []Evidence    `json:"why,omitempty"`   // one per merge
}

// Result is the clusters of a Resolve, in order of id.
//
// Most clusters are one ref alone (people named once, projects listed
// once): those keep the ref and what its Cluster shows, and are made into a
// Cluster when asked for, and only the members of the others are in a map.
// A result of the bench corpus at 100,000 records held 79 MB as a slice of
// Clusters and a map of every ref, 30 MB so (docs/IDENTITY.md).
type Result struct {
	slots []slot
	of    map[Ref]int // slot of each member of a cluster of several
}

// slot is one cluster: several (multi), or the ref alone.
type slot struct {
	multi  *Cluster
	ref    Ref
	title  string
	source string
	kind   record.Kind
	prize  *record.Prize
}

// Len is the number of clusters.
func (r Result) Len() int { return len(r.slots) }

// At returns cluster i (0 <= i < Len).
func (r Result) At(i int) Cluster {
	s := &r.slots[i]
	if s.multi != nil {
		return *s.multi
	}
	var prize *record.Prize
	if s.prize != nil {
		p := *s.prize
		prize = &p
	}
	return Cluster{ID: s.ref.String(), Kind: s.kind, Title: s.title, Members: []Ref{s.ref}, Sources: []string{s.source}, Prize: prize}
}

// Clusters returns every cluster, in order of id.
func (r Result) Clusters() []Cluster {
	out := make([]Cluster, r.Len())
	for i := range out {
		out[i] = r.At(i)
	}
	return out
}

// Index returns the index of the cluster holding ref.
func (r Result) Index(ref Ref) (int, bool) {
	if i, ok := r.of[ref]; ok {
		return i, true
	}
	i, ok := slices.BinarySearchFunc(r.slots, ref, func(s slot, ref Ref) int { return cmpRefs(s.id(), ref) })
	return i, ok && r.slots[i].multi == nil
}

// Of returns the cluster holding ref.
func (r Result) Of(ref Ref) (Cluster, bool) {
	i, ok := r.Index(ref)
	if !ok {
		return Cluster{}, false
	}
	return r.At(i), true
}

// id is the ref whose string is the slot's cluster id.
func (s *slot) id() Ref {
	if s.multi != nil {
		return s.multi.Members[0]
	}
	return s.ref
}

// item is one ref being clustered.
type item struct {
	ref    Ref
	kind   record.Kind
	title  string
	source string // record.SourceKey of its record
	prize  *record.Prize
	proj   *project
	pers   *person
}

// edge is a candidate merge.
type edge struct {
	a, b int
	ev   Evidence
}

// Resolve clusters recs. Every record is in exactly one cluster, and every
// person named as a speaker or moderator of a session is too (with the
// profiles of the same person). The result does not depend on the order of
// recs.
func Resolve(recs []record.Record, opt Options) Result {
	sorted := make([]*record.Record, len(recs))
	for i := range recs {
		sorted[i] = &recs[i]
	}
	slices.SortFunc(sorted, func(a, b *record.Record) int { return cmp.Compare(a.ID, b.ID) })
	return resolve(slices.Values(sorted), opt)
}

// ResolveCompact clusters the records encoded in ents (AppendCompact;
// those that do not decode are left out) as Resolve clusters the decoded
// records. ents must yield them in order of id, and may be ranged over more
// than once; each is decoded when it is yielded, and its bytes are not used
// after, so a view can feed them from its file without holding them all
// (116 MB at 100,000 records).
func ResolveCompact(ents iter.Seq[[]byte], opt Options) Result {
	return resolve(func(yield func(*record.Record) bool) {
		for b := range ents {
			if r, err := DecodeCompact(b); err == nil && !yield(&r) {
				return
			}
		}
	}, opt)
}

// resolve clusters recs, sorted by id. They may be read more than once,
// and each record only while it is read.
func resolve(recs iter.Seq[*record.Record], opt Options) Result {
	w := newCorpus()
	items := collect(recs, staffRefs(opt.Overrides), w)
	for _, it := range items {
		if it.proj != nil {
			w.weigh(it.proj)
		}
	}
	u := newUnion(len(items))
	var why []Evidence
	for _, o := range opt.Overrides {
		a, okA := items.find(o.A)
		b, okB := items.find(o.B)
		if !okA || !okB || a == b {
			continue
		}
		if o.Join {
			if u.union(a, b) {
				why = append(why, Evidence{A: o.A, B: o.B, Score: 1, Reasons: []string{"joined by staff"}, Staff: true})
			}
		} else {
			u.split(a, b)
		}
	}
	conflict := func(a, b int) bool {
		x, y := items[a], items[b]
		switch {
		case x.kind != y.kind:
			return true
		case x.proj != nil && y.proj != nil:
			return projectsConflict(x.proj, y.proj, w)
		case x.pers != nil && y.pers != nil:
			return personsConflict(x.pers, y.pers)
		}
		return false
	}
	edges := candidates(items, w)
	sort.SliceStable(edges, func(i, j int) bool { return edges[i].ev.Score > edges[j].ev.Score })
	for _, e := range edges {
		if u.canJoin(e.a, e.b, conflict) && u.union(e.a, e.b) {
			why = append(why, e.ev)
		}
	}
	// An article about one project joins it last, once the lists have been
	// merged: it must name entries of one cluster only.
	for _, e := range mentions(recs, items, w, u) {
		if u.canJoin(e.a, e.b, conflict) && u.union(e.a, e.b) {
			why = append(why, e.ev)
		}
	}
	return u.clusters(items, why)
}

// staffRefs returns the refs that staff decisions name.
func staffRefs(os []Override) map[Ref]bool {
	refs := map[Ref]bool{}
	for _, o := range os {
		refs[o.A], refs[o.B] = true, true
	}
	return refs
}

// collect turns records into items: each record, and each person named in
// a session. The words of project titles and profiles are counted into w
// as they are read.
//
// A person is compared only with the people of the same loose key (name
// without initials). One whose loose key no other person has, or who is
// too short to match, and whom no staff decision names, is lonely: its
// item keeps its ref and heading, and not what comparing would read. Most
// people named in sessions are, and their organisations analysed were
// the largest part of a resolve's memory.
func collect(recs iter.Seq[*record.Record], staff map[Ref]bool, w *corpus) itemList {
	perSource := map[string]int{}
	looseCount := map[string]int{}
	for r := range recs {
		switch r.Kind {
		case record.KindProject:
			perSource[record.SourceKey(*r)]++
		case record.KindPerson:
			loose, _ := looseKey(w.personKey(profileName(r)))
			looseCount[loose]++
		case record.KindSession:
			for _, key := range sessionKeys(r, w) {
				loose, _ := looseKey(key)
				looseCount[loose]++
			}
		}
	}
	lonely := func(ref Ref, loose string, words int) bool {
		return (words < minNameWords || looseCount[loose] < 2) && !staff[ref]
	}
	var items itemList
	for r := range recs {
		src := record.SourceKey(*r)
		it := &item{ref: Ref{Record: r.ID}, kind: r.Kind, title: r.DisplayTitle(), source: src, prize: r.Prize}
		switch r.Kind {
		case record.KindProject:
			it.proj = newProject(r, perSource[src] > 1, w)
			w.add(it.proj.title)
		case record.KindPerson:
			p := newProfile(r, lonely, w)
			w.add(p.text)
			if !p.lonely {
				it.pers = p
			}
		}
		items = append(items, it)
		if r.Kind == record.KindSession {
			for _, p := range speakers(r, lonely, w) {
				it := &item{ref: p.ref, kind: record.KindPerson, title: p.name, source: src}
				if !p.lonely {
					it.pers = p
				}
				items = append(items, it)
			}
		}
	}
	// Records come in order of id, and each session's people in order of
	// key, so this is a check.
	if !slices.IsSortedFunc(items, cmpItems) {
		slices.SortStableFunc(items, cmpItems)
	}
	return items
}

// itemList is items in order of record id, each record before the people named in
// it, who are in order of person key: found by binary search (a map of
// them was 15 MB of a resolve at 100,000 records).
type itemList []*item

func cmpItems(a, b *item) int {
	return cmp.Or(strings.Compare(a.ref.Record, b.ref.Record), strings.Compare(a.ref.Person, b.ref.Person))
}

// find returns the index of ref's item.
func (its itemList) find(ref Ref) (int, bool) {
	return slices.BinarySearchFunc(its, &item{ref: ref}, cmpItems)
}

// maxPostings bounds the projects compared through one shared word: a word
// in more titles than this tells few of them apart, and comparing all of
// them grows with the square of the corpus. Titles with the same words
// are compared whatever their words.
const maxPostings = 256

// candidates compares projects that share one of their rarest title words
// (unless that word is in more than maxPostings titles) or all their words,
// and people with the same loose key.
func candidates(items []*item, w *corpus) []edge {
	var edges []edge
	postings := map[string][]int{}
	sameWords := map[string][]int{}
	people := map[string][]int{}
	titleKeys := make([]string, len(items))
	for i, it := range items {
		switch {
		case it.proj != nil:
			for _, x := range it.proj.rare {
				postings[x] = append(postings[x], i)
			}
			ws := slices.Clone(it.proj.title)
			slices.Sort(ws)
			if k := strings.Join(slices.Compact(ws), " "); k != "" {
				titleKeys[i] = k
				sameWords[k] = append(sameWords[k], i)
			}
		case it.pers != nil && it.pers.words >= minNameWords:
			people[it.pers.loose] = append(people[it.pers.loose], i)
		}
	}
	// i meets j through a word of its rarest exactly when j meets i, so
	// each pair is compared once, from its first item; mark[j] == i+1 says
	// j was compared with i already.
	mark := make([]int, len(items))
	var near [][]int
	for i, it := range items {
		if it.proj == nil {
			continue
		}
		near = near[:0]
		for _, x := range it.proj.rare {
			if len(postings[x]) <= maxPostings {
				near = append(near, postings[x])
			}
		}
		near = append(near, sameWords[titleKeys[i]])
		for _, js := range near {
			for _, j := range js {
				if j <= i || mark[j] == i+1 {
					continue
				}
				mark[j] = i + 1
				if s, why, ok := projectEvidence(it.proj, items[j].proj, w); ok {
					edges = append(edges, edge{a: i, b: j, ev: Evidence{A: it.ref, B: items[j].ref, Score: s, Reasons: why}})
				}
			}
		}
	}
	keys := make([]string, 0, len(people))
	for k := range people {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		group := people[k]
		for x := range group {
			for y := x + 1; y < len(group); y++ {
				a, b := items[group[x]], items[group[y]]
				if a.ref.Record == b.ref.Record {
					continue // two keys of one session that only differ by initials
				}
				if s, why, ok := personEvidence(a.pers, b.pers, w); ok {
					edges = append(edges, edge{a: group[x], b: group[y], ev: Evidence{A: a.ref, B: b.ref, Score: s, Reasons: why}})
				}
			}
		}
	}
	return edges
}

// rarest returns up to n of the rarest distinct words of ws.
func rarest(ws []string, w *corpus, n int) []string {
	out := slices.Clone(ws)
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(w.df[a], w.df[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out = slices.Compact(out)
	return out[:min(n, len(out))]
}

// mentions links each one-project document to the list entries its lead
// names, when they all are one cluster already. The leads are read from
// recs again, each while it is read: held from the first reading, they
// were the largest part of a resolve's memory (72 MB at 100,000 records,
// most of them one-project documents).
func mentions(recs iter.Seq[*record.Record], items itemList, w *corpus, u *union) []edge {
	postings := map[string][]int{}
	for i, it := range items {
		if it.proj != nil && it.proj.listEntry {
			for _, x := range it.proj.rare[:min(2, len(it.proj.rare))] { // its 2 rarest words
				postings[x] = append(postings[x], i)
			}
		}
	}
	if len(postings) == 0 {
		return nil // no list entry to name
	}
	var edges []edge
	for r := range recs {
		i, ok := items.find(Ref{Record: r.ID})
		if !ok || items[i].proj == nil || items[i].proj.listEntry {
			continue
		}
		it := items[i]
		lead := w.words(r.Title + "\n" + r.Summary + "\n" + cut(r.Body, leadRunes))
		var hits []edge
		seen := map[int]bool{}
		for _, x := range lead {
			for _, j := range postings[x] {
				if seen[j] {
					continue
				}
				seen[j] = true
				if s, why, ok := mentionEvidence(it.proj, lead, items[j].proj, w); ok {
					hits = append(hits, edge{a: i, b: j, ev: Evidence{A: it.ref, B: items[j].ref, Score: s, Reasons: why}})
				}
			}
		}
		if len(hits) == 0 {
			continue
		}
		one := true
		for _, h := range hits[1:] {
			one = one && u.find(h.b) == u.find(hits[0].b)
		}
		if one {
			edges = append(edges, hits[0])
		}
	}
	return edges
}
