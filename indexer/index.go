// Package indexer owns everything derived from the store: the Bleve
// full-text index, the facet bitmaps (with sort keys and panel counts) and
// the people directory. They move together on one clock, the store's
// change sequence: the catalog hands every committed batch to Apply (on
// import, rebuild and crash catch-up alike), which makes it filterable and
// countable at once and queues its text for the background indexer.
// Readers take a Snapshot: one immutable generation of the views.
//
// Everything here is derived data. bbolt (package store) is the truth; the
// views persist the sequence they reflect so the catalog can catch them up
// after a crash, and a missing, damaged or outdated index is rebuilt.
//
// To add a view (entity clusters, say): derive what it needs into the row
// (rows.go), maintain it in views.apply from the touched rows, and expose
// it on Snapshot. Persistence, catch-up and rebuild then come with the rows.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
)

// MappingVersion changes whenever the mapping, the document shape or the
// views' shape does; an index built under another version is rebuilt
// rather than misread.
const MappingVersion = 9

// ErrStale means the index on disk cannot be used as is (missing, corrupt or
// built under another mapping) and must be rebuilt from the store.
var ErrStale = errors.New("index missing, corrupt or out of date")

// BatchSize is the size of the batches the catalog applies on rebuild and
// of the transactions an import groups small files into.
const BatchSize = 1000

// Inside the index dir.
const (
	textDir   = "text"
	viewsFile = "views.db"
)

var (
	keyVersion = []byte("stocktake_mapping_version")
	keySeq     = []byte("stocktake_store_seq")
)

// RecordGetter reads stored records; *store.Store satisfies it. Its errors
// wrap record.ErrNotFound for unknown ids.
type RecordGetter interface {
	Get(ctx context.Context, id string) (record.Record, error)
}

// Options configure an Index.
type Options struct {
	Log zerolog.Logger
	// Records lets the text indexer read back records it was handed by id
	// when an import outran it (see maxQueued). Without it, the queue holds
	// every record until indexed.
	Records RecordGetter
}

// Index is an open index dir: the views and the full-text index.
type Index struct {
	dir      string
	opts     Options
	text     *textIndex
	views    *views
	vstore   *viewStore
	queue    *textQueue
	followed chan struct{}
}

// Open opens the index in dir. It returns ErrStale (wrapped) when there is
// no index, part of it cannot be opened, or it was built under another
// mapping.
func Open(ctx context.Context, dir string, opts Options) (*Index, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bi, err := bleve.OpenUsing(filepath.Join(dir, textDir), textConfig())
	if err != nil {
		return nil, fmt.Errorf("indexer: open %s: %w: %w", dir, ErrStale, err)
	}
	v, err := bi.GetInternal(keyVersion)
	if err != nil || readU64(v) != MappingVersion {
		bi.Close()
		return nil, fmt.Errorf("indexer: %s has mapping version %x, want %d: %w", dir, v, MappingVersion, ErrStale)
	}
	seq, err := bi.GetInternal(keySeq)
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("indexer: %s: %w: %w", dir, ErrStale, err)
	}
	vs, err := openViewStore(filepath.Join(dir, viewsFile), false)
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("%w: %w", ErrStale, err)
	}
	gen, rows, err := vs.load()
	if err != nil {
		bi.Close()
		vs.close()
		return nil, fmt.Errorf("%w: %w", ErrStale, err)
	}
	ix := newIndex(dir, bi, vs, readU64(seq), opts)
	ix.views.load(gen, rows)
	return ix, nil
}

// Create builds a fresh, empty index in dir, removing whatever was there.
func Create(ctx context.Context, dir string, opts Options) (*Index, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("indexer: remove old index: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("indexer: %w", err)
	}
	textPath := filepath.Join(dir, textDir)
	bi, err := bleve.NewUsing(textPath, NewMapping(), scorch.Name, scorch.Name, textConfig())
	if err != nil {
		return nil, fmt.Errorf("indexer: create %s: %w", dir, err)
	}
	if err := bi.SetInternal(keyVersion, u64(MappingVersion)); err != nil {
		bi.Close()
		return nil, fmt.Errorf("indexer: %w", err)
	}
	// Bleve writes its meta file world-readable; the rest of a data dir is
	// owner-only, and so is this.
	if err := os.Chmod(filepath.Join(textPath, "index_meta.json"), 0o600); err != nil && !os.IsNotExist(err) {
		bi.Close()
		return nil, fmt.Errorf("indexer: %w", err)
	}
	vs, err := openViewStore(filepath.Join(dir, viewsFile), true)
	if err != nil {
		bi.Close()
		return nil, err
	}
	return newIndex(dir, bi, vs, 0, opts), nil
}

// textConfig tunes Bleve's segment merging to the text indexer's batches.
// Bleve counts every segment under FloorSegmentSize documents (2,000 by
// default) as that size, so small segments already merged were merged
// again with each new one: at 20,000 records the merges cost 2.5 times
// what they do with the floor at a batch (docs/BENCHMARKS.md, issue 18).
func textConfig() map[string]any {
	return map[string]any{"scorchMergePlanOptions": map[string]any{"FloorSegmentSize": textBatch}}
}

func newIndex(dir string, bi bleve.Index, vs *viewStore, textGen uint64, opts Options) *Index {
	text := newTextIndex(bi, &docNums{nums: map[string]uint32{}})
	text.gen.Store(textGen)
	queue := newTextQueue(textGen)
	ix := &Index{dir: dir, opts: opts, text: text, views: newViews(text, queue.settle, vs.entities), vstore: vs,
		queue: queue, followed: make(chan struct{})}
	go ix.follow(opts.Records, opts.Log)
	return ix
}

// Close stops the text indexer after its current batch and closes the
// index. Text still queued is caught up by the next start.
func (ix *Index) Close() error {
	ix.views.ents.close()
	ix.queue.close()
	<-ix.followed
	return errors.Join(ix.text.bi.Close(), ix.vstore.close())
}

// Apply makes recs (just committed to the store at sequence seq) and the
// deletion of the records gone part of the views: filterable and counted
// when Apply returns, persisted with seq, and queued for the full-text
// index. Batches must come in sequence order. A rebuild applies its batches
// with seq 0 and then an empty batch with the store's sequence, so a crash
// half-way leaves generation 0 and a complete catch-up.
func (ix *Index) Apply(ctx context.Context, seq uint64, recs []record.Record, gone []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	changes := make([]change, 0, len(recs)+len(gone))
	// Rows are encoded for the views file now: the views drop their
	// facet values once the bitmaps hold them.
	encs := make(map[string][]byte, len(recs))
	ents := make(map[string][]byte, len(recs))
	for _, r := range recs {
		w, ent := rowOf(r)
		changes = append(changes, change{id: r.ID, row: &w})
		encs[r.ID], ents[r.ID] = encodeRow(w), ent
	}
	for _, id := range gone {
		changes = append(changes, change{id: id})
	}
	saved := ix.views.apply(seq, changes)
	// The text follows whatever the views hold, even when persisting them
	// fails: the next start catches the file up from the store.
	ix.queue.push(textItem{seq: seq, recs: recs, gone: gone}, ix.opts.Records != nil)
	err := ix.vstore.save(seq, saved, encs, ents)
	// The resolver reads the compact records from the file: a resolve
	// that began before the save found them missing and waits for this.
	ix.views.ents.poke()
	return err
}

// Snapshot returns the current generation of the views.
func (ix *Index) Snapshot() *Snapshot { return ix.views.snapshot() }

// Gen is the store sequence the views reflect.
func (ix *Index) Gen() uint64 { return ix.views.snapshot().gen }

// TextStatus reports the store sequence the full-text index reflects, how
// many records wait to be indexed, and the error that stopped the text
// indexer, if any.
func (ix *Index) TextStatus() (gen uint64, backlog int, err error) { return ix.queue.status() }

// WaitText waits until the full text reflects store sequence gen.
func (ix *Index) WaitText(ctx context.Context, gen uint64) error { return ix.queue.wait(ctx, gen) }

// Count is the number of records in the views.
func (ix *Index) Count() int { return ix.views.snapshot().Len() }

// SetLinks replaces the staff decisions the entity clusters follow (the
// store's links); the clusters are computed again in the background.
func (ix *Index) SetLinks(links []resolver.Override) { ix.views.ents.setLinks(links) }

// WaitEntities waits until the entity clusters reflect generation gen and
// the newest staff links.
func (ix *Index) WaitEntities(ctx context.Context, gen uint64) error {
	return ix.views.ents.wait(ctx, gen)
}
