package indexer

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// textIndex is the Bleve index and what maps its hits to doc numbers.
//
// Bleve numbers documents per segment. A search reports each hit as a
// global number (the segment's offset plus its own number); segDocs turns
// a segment's numbers into doc numbers with one array per segment, built
// once from the stored ids and kept while the segment lives. Segments never
// change, so an import only pays for its new, small segments.
type textIndex struct {
	bi   bleve.Index
	an   analyzers
	nums *docNums
	gen  atomic.Uint64 // store sequence the index reflects

	mu    sync.Mutex
	segs  map[any]*segDocs
	epoch uint64 // counts mappers built, to forget unused segments

	// hitBufs holds the slices searches gather hits in (*[]uint32): a
	// query matching 100,000 records grew a new one of 2 MB each time.
	hitBufs sync.Pool
}

type segDocs struct {
	once sync.Once
	docs []int32 // segment doc number -> doc number, -1 when unknown
	err  error
	used uint64 // epoch of the last mapper that used it
}

// keepSegments is how many mappers may pass without using a segment
// before its array is dropped: long enough that concurrent searches on
// snapshots a merge apart do not rebuild each other's arrays.
const keepSegments = 256

func newTextIndex(bi bleve.Index, nums *docNums) *textIndex {
	return &textIndex{bi: bi, an: newAnalyzers(bi.Mapping()), nums: nums, segs: map[any]*segDocs{}}
}

// mapper maps the global Bleve numbers of one index snapshot to doc numbers.
type mapper struct {
	offsets []uint64
	docs    [][]int32
}

func (t *textIndex) mapperFor(r index.IndexReader) (*mapper, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("indexer: unexpected index reader %T", r)
	}
	segs := snap.Segments()
	m := &mapper{offsets: make([]uint64, len(segs)), docs: make([][]int32, len(segs))}
	t.mu.Lock()
	t.epoch++
	epoch := t.epoch
	t.mu.Unlock()
	var running uint64
	for i, ss := range segs {
		m.offsets[i] = running
		seg := ss.Segment()
		running += seg.Count()
		t.mu.Lock()
		sd := t.segs[seg]
		if sd == nil {
			sd = &segDocs{}
			t.segs[seg] = sd
		}
		sd.used = epoch
		t.mu.Unlock()
		sd.once.Do(func() {
			n := seg.Count()
			sd.docs = make([]int32, n)
			for local := range n {
				sd.docs[local] = -1
				if ss.Deleted() != nil && ss.Deleted().Contains(uint32(local)) {
					continue
				}
				id, err := ss.DocID(local)
				if err != nil {
					sd.err = err
					return
				}
				if d, ok := t.nums.get(string(id)); ok {
					sd.docs[local] = int32(d)
				}
			}
		})
		if sd.err != nil {
			return nil, fmt.Errorf("indexer: segment ids: %w", sd.err)
		}
		m.docs[i] = sd.docs
	}
	// Forget the arrays of segments merged away long ago.
	t.mu.Lock()
	for seg, sd := range t.segs {
		if sd.used+keepSegments < epoch {
			delete(t.segs, seg)
		}
	}
	t.mu.Unlock()
	return m, nil
}

// doc maps a Bleve hit to its doc number.
func (m *mapper) doc(id index.IndexInternalID) (uint32, bool) {
	if len(id) != 8 {
		return 0, false
	}
	g := binary.BigEndian.Uint64(id)
	i := sort.Search(len(m.offsets), func(i int) bool { return m.offsets[i] > g }) - 1
	if i < 0 {
		return 0, false
	}
	local := g - m.offsets[i]
	if local >= uint64(len(m.docs[i])) || m.docs[i][local] < 0 {
		return 0, false
	}
	return uint32(m.docs[i][local]), true
}

// Scored is a hit with its relevance score.
type Scored struct {
	Doc   uint32
	ID    string
	Score float64
}

// TextResult is what a text query found.
type TextResult struct {
	Hits *roaring.Bitmap // every matching record
	Top  []Scored        // the requested page of those in the ranked set, best first
}

// ErrNoText means the snapshot has no full-text index to search.
var ErrNoText = errors.New("indexer: no full-text index")

// Text runs q over the full-text index. It returns the doc numbers of every
// hit of this generation, and the page [from, from+size) by relevance of
// the hits in rank (all hits when rank is nil), in Bleve's own order. One
// pass over the hits gives both, so disjunctive facet counts (which need
// the hits without the filters) cost no second search. Bleve computes no
// facets and no highlights here: counts come from the bitmaps, snippets
// from the page's records.
func (s *Snapshot) Text(ctx context.Context, q query.Query, rank *roaring.Bitmap, from, size int) (TextResult, error) {
	if s.text == nil {
		return TextResult{}, ErrNoText
	}
	buf, _ := s.text.hitBufs.Get().(*[]uint32)
	if buf == nil {
		buf = new([]uint32)
	}
	hits := (*buf)[:0]
	defer func() {
		*buf = hits[:0]
		s.text.hitBufs.Put(buf)
	}()
	var mapErr error
	handler := func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		inner, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
		if err != nil {
			return nil, false, err
		}
		m, err := s.text.mapperFor(sctx.IndexReader)
		if err != nil {
			mapErr = err
			return nil, false, err
		}
		return func(d *search.DocumentMatch) error {
			if d == nil {
				return inner(nil)
			}
			n, ok := m.doc(d.IndexInternalID)
			if !ok || int(n) >= len(s.rows) || s.rows[n] == nil {
				sctx.DocumentMatchPool.Put(d)
				return nil
			}
			hits = append(hits, n)
			if size == 0 || (rank != nil && !rank.Contains(n)) {
				sctx.DocumentMatchPool.Put(d)
				return nil
			}
			// Equal scores rank by doc number, not by Bleve's order of
			// segments: that order moves a record behind its equals when
			// it is indexed again, and differs between two imports of one
			// corpus.
			d.HitNumber = uint64(n)
			return inner(d)
		}, loadID, nil
	}
	ctx = context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(handler))
	req := bleve.NewSearchRequestOptions(rewritePhrases(q, s.text.an.text), size, from, false)
	res, err := s.text.bi.SearchInContext(ctx, req)
	if err != nil {
		return TextResult{}, fmt.Errorf("indexer: text search: %w", errors.Join(mapErr, err))
	}
	out := TextResult{Hits: roaring.New()}
	out.Hits.AddMany(hits)
	for _, h := range res.Hits {
		n, ok := s.Doc(h.ID)
		if !ok {
			continue
		}
		out.Top = append(out.Top, Scored{Doc: n, ID: h.ID, Score: h.Score})
	}
	return out, nil
}

// TextGen is the store sequence the full-text index reflects now; it may
// be behind Gen while an import's text is indexed.
func (s *Snapshot) TextGen() uint64 { return s.text.gen.Load() }

// TextReader opens a reader of the full-text index, for term statistics and
// fuzzy dictionaries; close it after use.
func (s *Snapshot) TextReader() (index.IndexReader, error) {
	if s.text == nil {
		return nil, ErrNoText
	}
	adv, err := s.text.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("indexer: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("indexer: %w", err)
	}
	return r, nil
}

// Analyzer is the analyser of the text fields (TextAnalyzer): queries
// analyse their words with it, snippets mark what it matches.
func (s *Snapshot) Analyzer() analysis.Analyzer { return s.text.an.text }
