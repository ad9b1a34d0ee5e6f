package indexer

import (
	"context"
	"errors"
	"hash/crc64"
	"slices"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
)

// Entity clusters: which records describe one real project or person
// (package resolver). The views file keeps the compact part of each record
// the resolver reads (resolver.Compact), saved with the row, and the row a
// checksum of it; so the clusters are derived from the views and the staff
// links, never by reading the store again.
//
// Resolving is global (a word's rarity, an article that may name one entry
// only) and costs about half a second per 10,000 records, too much for
// every import batch to wait for. So the clusters follow the views in the
// background, like the full text: after a batch (or a change of the staff
// links) one goroutine resolves the rows of the newest generation, and
// readers use the newest clusters computed (EntityGen). A generation whose
// compact records are those already resolved keeps the clusters. A record
// newer than the clusters is its own entity until they catch up
// (WaitEntities).

// entityView is the clusters of one generation of the rows.
type entityView struct {
	gen      uint64 // views generation the clusters were computed on
	links    uint64 // version of the staff links they used
	res      resolver.Result
	of       []int32         // cluster index by doc number; -1: none
	multi    *roaring.Bitmap // docs in a cluster of two records or more
	members  [][]uint32      // record members by cluster index (only for multi)
	prizes   map[string]*roaring.Bitmap
	complete bool // computed (false: the empty view before the first run)
	// sums are the checksums of the compact records the clusters were
	// computed from, by doc number (row.entSum): a generation whose compact
	// records are the same (a batch that changed only what the resolver
	// does not read) keeps them.
	sums []uint64
	// marks are scratch space for counting clusters (*marks), one per
	// concurrent count, sized to the clusters.
	marks *sync.Pool
	// last is the snapshot last paired with these clusters (Entities).
	last *lastPairing
}

// lastPairing remembers one Snapshot.Entities result.
type lastPairing struct {
	sync.Mutex
	snap *Snapshot
	ents *Entities
}

// wholeCounts holds the entity counts of every record of one pairing of a
// snapshot with its clusters, by facet index.
type wholeCounts struct {
	mu     sync.Mutex
	counts map[int]map[string]int
}

func (w *wholeCounts) get(facet int, count func() map[string]int) map[string]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.counts == nil {
		w.counts = map[int]map[string]int{}
	}
	m, ok := w.counts[facet]
	if !ok {
		m = count()
		w.counts[facet] = m
	}
	return m
}

// marks is the scratch space of Entities.clustersOf.
type marks struct {
	mark  []uint32 // by cluster index: the stamp of the last count that met it
	stamp uint32
	buf   []uint32
}

func newMarks(clusters int) *sync.Pool {
	return &sync.Pool{New: func() any { return &marks{mark: make([]uint32, clusters), buf: make([]uint32, 256)} }}
}

// entities runs the background resolver and holds its newest result.
type entities struct {
	mu       sync.Mutex
	cur      *entityView
	changed  chan struct{} // closed and replaced whenever cur changes
	links    []resolver.Override
	linksVer uint64
	wake     chan struct{}
	stop     context.CancelFunc
	latest   func() *Snapshot
	read     entityReader
	// settle waits until the full text reflects a generation and nothing
	// is queued for it (textQueue.settle): the clusters (and the people
	// directory's text, People.buildText) are computed once the text
	// indexer has caught up, so a large import is not slowed by resolving
	// after each of its batches.
	settle func(ctx context.Context, gen uint64) error
}

// emptyEntities is the clusters before any are computed: every record its
// own entity.
func emptyEntities() *entityView {
	return &entityView{multi: roaring.New(), prizes: map[string]*roaring.Bitmap{}, marks: newMarks(0), last: &lastPairing{}}
}

// entityReader calls fn with the compact record of each of docs in their
// order (nil for none) until fn returns false; ent is valid only during
// the call (viewStore.entities).
type entityReader func(ctx context.Context, docs []uint32, fn func(n uint32, ent []byte) bool) error

func newEntities(latest func() *Snapshot, settle func(ctx context.Context, gen uint64) error, read entityReader) *entities {
	ctx, stop := context.WithCancel(context.Background())
	e := &entities{cur: emptyEntities(), changed: make(chan struct{}),
		wake: make(chan struct{}, 1), stop: stop, latest: latest, settle: settle, read: read}
	go e.run(ctx)
	return e
}

// poke asks the resolver goroutine to catch up with the newest generation.
func (e *entities) poke() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// close stops the goroutine. A resolve it is running stops reading the
// views file at its next chunk (viewStore.entities); its result is dropped, so
// Close does not wait for it. Closing the file waits for a chunk being
// read, and one read after fails.
func (e *entities) close() { e.stop() }

func (e *entities) view() *entityView {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cur
}

func (e *entities) setLinks(links []resolver.Override) {
	e.mu.Lock()
	e.links = links
	e.linksVer++
	e.mu.Unlock()
	e.poke()
}

func (e *entities) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-e.wake:
		}
		// Settle on the newest generation, again while batches keep
		// coming: resolving as soon as the text reached the generation of
		// the wake-up resolved a large import's whole corpus once in its
		// middle (a second resolve's CPU, and its working set on top of
		// the import's). A failed text indexer reports its own error
		// (TextStatus); the clusters follow the views all the same.
		snap := e.latest()
		for {
			_ = e.settle(ctx, snap.gen)
			if ctx.Err() != nil {
				return
			}
			next := e.latest()
			if next.gen == snap.gen {
				break
			}
			snap = next
		}
		// The import has settled too for the people directory's text: the
		// people it changed are analysed here rather than by the first
		// people query to need them (which still inverts the text).
		snap.people.buildText()
		e.mu.Lock()
		links, ver, cur := e.links, e.linksVer, e.cur
		e.mu.Unlock()
		if cur.complete && cur.gen == snap.gen && cur.links == ver {
			continue
		}
		var v *entityView
		if cur.complete && cur.links == ver && sameEntities(cur.sums, snap.rows) {
			v = cur.follow(snap)
		} else {
			var ok bool
			if v, ok = resolveRows(ctx, snap, links, e.read); !ok {
				// The file holds another generation's records: a batch
				// saved after snap (it poked again) or not saved yet
				// (Index.Apply pokes once it is).
				continue
			}
		}
		if ctx.Err() != nil {
			return
		}
		v.links = ver
		e.mu.Lock()
		e.cur = v
		close(e.changed)
		e.changed = make(chan struct{})
		e.mu.Unlock()
	}
}

// wait blocks until the clusters reflect generation gen and the newest
// staff links.
func (e *entities) wait(ctx context.Context, gen uint64) error {
	for {
		e.mu.Lock()
		cur, ch, ver := e.cur, e.changed, e.linksVer
		e.mu.Unlock()
		if cur.complete && cur.gen >= gen && cur.links >= ver {
			return nil
		}
		e.poke()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// entitySum is the checksum rows keep of their compact record: equal sums
// stand for equal records. A collision would keep stale clusters until
// the next change, at odds of one in 2^64.
func entitySum(ent []byte) uint64 { return crc64.Checksum(ent, crc64.MakeTable(crc64.ECMA)) }

// sameEntities reports whether rows hold the compact records whose sums
// are sums, at the same doc numbers; a false answer only costs a resolve.
func sameEntities(sums []uint64, rows []*row) bool {
	for n := range max(len(sums), len(rows)) {
		var a, b uint64
		if n < len(sums) {
			a = sums[n]
		}
		if n < len(rows) && rows[n] != nil {
			b = rows[n].entSum
		}
		if a != b {
			return false
		}
	}
	return true
}

// sumsOf is the entSum of each row by doc number, 0 for none.
func sumsOf(rows []*row) []uint64 {
	sums := make([]uint64, len(rows))
	for n, r := range rows {
		if r != nil {
			sums[n] = r.entSum
		}
	}
	return sums
}

// follow returns v for snap, whose compact records are v's: the same
// clusters at the same doc numbers (a record keeps its number).
func (v *entityView) follow(snap *Snapshot) *entityView {
	next := *v
	next.gen = snap.gen
	next.last = &lastPairing{}
	next.sums = sumsOf(snap.rows)
	next.of = make([]int32, len(snap.rows))
	copy(next.of, v.of)
	for n := len(v.of); n < len(next.of); n++ {
		next.of[n] = -1
	}
	return &next
}

// resolveRows clusters the compact records of snap's rows, as read holds
// them, in order of record id. It reads them more than once (a resolve
// reads its input in passes), never holding them all. false when what read
// holds is not snap's, record for record: a batch saved meanwhile, or
// applied and not saved yet.
func resolveRows(ctx context.Context, snap *Snapshot, links []resolver.Override, read entityReader) (*entityView, bool) {
	docs := snap.all.ToArray()
	slices.SortFunc(docs, func(a, b uint32) int { return strings.Compare(snap.rows[a].id, snap.rows[b].id) })
	ok := true
	ents := func(yield func([]byte) bool) {
		if !ok {
			return
		}
		if err := read(ctx, docs, func(n uint32, ent []byte) bool {
			if ent == nil || snap.rows[n].entSum != entitySum(ent) {
				ok = false
				return false
			}
			return yield(ent)
		}); err != nil {
			ok = false
		}
	}
	// A record whose bytes do not decode stays its own entity.
	res := resolver.ResolveCompact(ents, resolver.Options{Overrides: links})
	if !ok {
		return nil, false
	}
	v := &entityView{gen: snap.gen, res: res, of: make([]int32, len(snap.rows)), multi: roaring.New(),
		members: make([][]uint32, res.Len()), prizes: map[string]*roaring.Bitmap{}, complete: true, sums: sumsOf(snap.rows),
		marks: newMarks(res.Len()), last: &lastPairing{}}
	for i := range v.of {
		v.of[i] = -1
	}
	for ci := range res.Len() {
		c := res.At(ci)
		var docs []uint32
		for _, m := range c.Members {
			if m.Person != "" {
				continue
			}
			if n, ok := snap.Doc(m.Record); ok {
				v.of[n] = int32(ci)
				docs = append(docs, n)
			}
		}
		if len(docs) < 2 {
			continue
		}
		v.members[ci] = docs
		v.multi.AddMany(docs)
		if c.Prize != nil {
			for _, s := range prizeValues(record.Record{Prize: c.Prize}) {
				bm := v.prizes[s]
				if bm == nil {
					bm = roaring.New()
					v.prizes[s] = bm
				}
				bm.AddMany(docs)
			}
		}
	}
	return v, true
}

// Entities is one generation of the views seen by entity: the same
// snapshot, with the newest clusters computed. Its prize facet is the
// clusters' merged status (nominee < champion < winner) for records of a
// cluster of several, so filtering and counting by prize treat a cluster as
// one project.
type Entities struct {
	*Snapshot
	v *entityView
	// whole is what the landing page counts, computed once per pairing.
	whole *wholeCounts
}

// Entities returns this snapshot with the newest clusters. Call it once per
// request: the clusters may move on between calls.
func (s *Snapshot) Entities() *Entities {
	v := emptyEntities()
	if s.ents != nil {
		v = s.ents.view()
	}
	// The pairing is the same for every request on this snapshot until
	// the clusters move on: it is made once.
	v.last.Lock()
	defer v.last.Unlock()
	if v.last.snap != s {
		v.last.snap, v.last.ents = s, s.pairWith(v)
	}
	return v.last.ents
}

// pairWith is s seen through the clusters v.
func (s *Snapshot) pairWith(v *entityView) *Entities {
	es := *s
	es.values = make([]map[string]*roaring.Bitmap, len(s.values))
	copy(es.values, s.values)
	i := facetIndex(FacetPrize)
	if !v.multi.IsEmpty() {
		m := make(map[string]*roaring.Bitmap, len(s.values[i]))
		for val, bm := range s.values[i] {
			m[val] = roaring.AndNot(bm, v.multi)
		}
		for val, bm := range v.prizes {
			docs := roaring.And(bm, s.all)
			if old := m[val]; old != nil {
				docs.Or(old)
			}
			m[val] = docs
		}
		es.values[i] = m
	}
	return &Entities{Snapshot: &es, v: v, whole: &wholeCounts{}}
}

// EntityGen is the generation the clusters were computed on (it may be
// behind Gen), and the version of the staff links they used.
func (e *Entities) EntityGen() (gen, links uint64) { return e.v.gen, e.v.links }

// Key is the entity of doc n: the same key for every record of one
// cluster. A record the clusters do not know yet is its own entity.
func (e *Entities) Key(n uint32) uint64 {
	if int(n) < len(e.v.of) && e.v.of[n] >= 0 && e.v.multi.Contains(n) {
		return uint64(e.v.of[n])
	}
	return 1<<32 | uint64(n)
}

// Cluster returns the cluster of doc n (false for a record the clusters do
// not know yet).
func (e *Entities) Cluster(n uint32) (resolver.Cluster, bool) {
	if int(n) >= len(e.v.of) || e.v.of[n] < 0 {
		return resolver.Cluster{}, false
	}
	return e.v.res.At(int(e.v.of[n])), true
}

// Members returns the records of doc n's entity in this snapshot, n first.
func (e *Entities) Members(n uint32) []uint32 {
	out := []uint32{n}
	if int(n) >= len(e.v.of) || e.v.of[n] < 0 {
		return out
	}
	for _, m := range e.v.members[e.v.of[n]] {
		if m != n && e.all.Contains(m) {
			out = append(out, m)
		}
	}
	return out
}

// Of returns the cluster of a ref (a record id, or a person named in one).
func (e *Entities) Of(ref resolver.Ref) (resolver.Cluster, bool) { return e.v.res.Of(ref) }

// Distinct counts the entities of set.
func (e *Entities) Distinct(set *roaring.Bitmap) int {
	in := roaring.And(set, e.v.multi)
	return int(set.GetCardinality()-in.GetCardinality()) + e.clustersOf(in)
}

// Counts counts the entities of set with each value of the facet: the
// value's records outside clusters of several, plus the clusters they meet.
// The counts of every record (the landing page) are computed once per
// pairing of a snapshot with its clusters (Snapshot.Entities) and shared:
// the map must not be modified.
func (e *Entities) Counts(facet string, set *roaring.Bitmap) map[string]int {
	i := facetIndex(facet)
	if i < 0 {
		return map[string]int{}
	}
	if set.GetCardinality() == e.all.GetCardinality() && set.Equals(e.all) {
		return e.whole.get(i, func() map[string]int { return e.counts(i, set) })
	}
	return e.counts(i, set)
}

func (e *Entities) counts(i int, set *roaring.Bitmap) map[string]int {
	m := map[string]int{}
	in := roaring.And(set, e.v.multi)
	for v, bm := range e.values[i] {
		n := int(set.AndCardinality(bm))
		if n == 0 {
			continue
		}
		if !in.IsEmpty() {
			shared := roaring.And(in, bm)
			n += e.clustersOf(shared) - int(shared.GetCardinality())
		}
		m[v] = n
	}
	return m
}

// clustersOf counts the clusters the records of docs belong to; docs are
// all in clusters of several. A mark per cluster, stamped with a number
// of its own per call, stands in for a set: with a map per facet value,
// counting was 13 of the 18 ms of the landing page at 100,000 records.
func (e *Entities) clustersOf(docs *roaring.Bitmap) int {
	if docs.IsEmpty() {
		return 0
	}
	st := e.v.marks.Get().(*marks)
	defer e.v.marks.Put(st)
	st.stamp++
	if st.stamp == 0 { // wrapped: old marks could match again
		clear(st.mark)
		st.stamp = 1
	}
	n := 0
	it := docs.ManyIterator()
	for k := it.NextMany(st.buf); k > 0; k = it.NextMany(st.buf) {
		for _, d := range st.buf[:k] {
			if c := e.v.of[d]; st.mark[c] != st.stamp {
				st.mark[c] = st.stamp
				n++
			}
		}
	}
	return n
}

// Page returns one page of set's entities in the given order, each by its
// first record in that order.
func (e *Entities) Page(set *roaring.Bitmap, order, from, size int) []uint32 {
	var out []uint32
	if size <= 0 {
		return nil
	}
	_ = e.Each(set, order, func(n uint32) error {
		if from > 0 {
			from--
			return nil
		}
		out = append(out, n)
		if len(out) == size {
			return errStop
		}
		return nil
	})
	return out
}

// Each calls fn with the first record of each entity of set, in the given
// order.
func (e *Entities) Each(set *roaring.Bitmap, order int, fn func(n uint32) error) error {
	seen := map[uint64]bool{}
	err := e.Snapshot.Each(set, order, func(n uint32) error {
		if e.v.multi.Contains(n) {
			k := e.Key(n)
			if seen[k] {
				return nil
			}
			seen[k] = true
		}
		return fn(n)
	})
	if err == errStop {
		return nil
	}
	return err
}

// Collapse keeps the first record of each entity of ranked docs.
func (e *Entities) Collapse(docs []Scored) []Scored {
	seen := map[uint64]bool{}
	out := docs[:0:0]
	for _, d := range docs {
		if e.v.multi.Contains(d.Doc) {
			k := e.Key(d.Doc)
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, d)
	}
	return out
}

// errStop ends a walk early.
var errStop = errors.New("stop")
