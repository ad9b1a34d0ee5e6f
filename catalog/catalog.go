// Package catalog is a data directory: the bbolt store (the truth) and the
// Bleve index derived from it, kept in step. It opens both, rebuilds or
// catches up the index on start, and imports files: parse, store in one
// transaction, index what changed, then record the store sequence the index
// reflects. A crash between those steps is repaired by the next Open.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/importers"
	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

// File names inside a data dir.
const (
	StoreFile = "stocktake.db"
	IndexDir  = "index"
)

// MaxFileBytes is the largest file one import accepts. Larger files are
// rejected with a reason before anything is parsed or stored, which keeps
// memory bounded; the limit is far above any real page or report.
const MaxFileBytes = importers.MaxFileBytes

// Catalog is an open data dir. Imports are serialised; searches may run
// concurrently with them.
type Catalog struct {
	dir string
	log zerolog.Logger
	st  *store.Store
	ix  *indexer.Index

	mu sync.Mutex // serialises writes: store puts and index sequence

	gate      writeGate // read-only after a write failure
	freeSpace func(dir string) (free, size uint64, err error)
	marked    bool // MarkerFile is written
	// fault, when set by a test, fails the write stage it is called with
	// ("store" or "index") as a failing disk would.
	fault func(stage string) error
}

// Open opens the data dir, creating it (owner-only) if needed. It refuses a
// damaged store file (store.ErrDamaged), and a missing or empty one where
// the data dir held data (ErrStoreLost, see MarkerFile). A missing, damaged
// or outdated index is rebuilt from the store; an index that is behind the
// store (after a crash) is caught up. The upload spool is emptied.
func Open(ctx context.Context, dir string, log zerolog.Logger, opts ...Option) (*Catalog, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if err := checkStoreFile(dir); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, filepath.Join(dir, StoreFile))
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	c := &Catalog{dir: dir, log: log, st: st, freeSpace: freeSpace}
	for _, o := range opts {
		o(c)
	}
	if err := c.checkHeld(ctx); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.sweepSpool(); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.openIndex(ctx); err != nil {
		c.Close()
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return c, nil
}

// openIndex opens the index after verifying its files, and catches it up
// with the store. A missing, damaged or outdated index is rebuilt, and so is
// one that makes Bleve panic while it opens or catches up. When a full disk
// stops the catch-up or the rebuild, the index on disk is served as it is
// and the catalog is read-only until a restart with space repairs it.
func (c *Catalog) openIndex(ctx context.Context) error {
	dir := filepath.Join(c.dir, IndexDir)
	err := indexer.Verify(dir)
	if err == nil {
		err = recovered(func() error {
			ix, err := indexer.Open(ctx, dir)
			if err != nil {
				return err
			}
			c.ix = ix
			return c.catchUp(ctx)
		})
	}
	if errors.Is(err, indexer.ErrStale) || errors.Is(err, errIndexPanic) {
		c.closeIndex()
		ev := c.log.Warn()
		if _, serr := os.Stat(dir); os.IsNotExist(serr) {
			ev = c.log.Info() // a new data dir
		}
		ev.Err(err).Msg("rebuilding the search index from the store")
		err = recovered(func() error { return c.rebuild(ctx) })
	}
	if err != nil && diskError(err) && ctx.Err() == nil {
		return c.openBehind(ctx, dir, err)
	}
	return err
}

// openBehind opens the index as it is on disk, after cause (a disk error)
// stopped bringing it up to date, and makes the catalog read-only.
func (c *Catalog) openBehind(ctx context.Context, dir string, cause error) error {
	c.closeIndex()
	err := recovered(func() error {
		ix, err := indexer.Open(ctx, dir)
		c.ix = ix
		return err
	})
	if err != nil {
		c.ix = nil
		return errors.Join(cause, err)
	}
	_ = c.failed(fmt.Errorf("the search index could not be brought up to date: %w", cause), true)
	return nil
}

// closeIndex closes the open index, if any, whatever state it is in.
func (c *Catalog) closeIndex() {
	if c.ix != nil {
		_ = recovered(c.ix.Close)
		c.ix = nil
	}
}

// errIndexPanic marks a panic inside Bleve, turned into an error.
var errIndexPanic = errors.New("the search index failed")

// recovered runs fn, turning a panic into an error wrapping errIndexPanic.
func recovered(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", errIndexPanic, p)
		}
	}()
	return fn()
}

// Close closes the index and the store. Closing twice is harmless.
func (c *Catalog) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	if c.ix != nil {
		errs = append(errs, c.ix.Close())
		c.ix = nil
	}
	if c.st != nil {
		errs = append(errs, c.st.Close())
		c.st = nil
	}
	return errors.Join(errs...)
}

// Store returns the record store.
func (c *Catalog) Store() *store.Store { return c.st }

// Index returns the search index.
func (c *Catalog) Index() *indexer.Index { return c.ix }

// Reindex rebuilds the index from the store. The caller must not search
// while it runs: the index is closed and replaced.
func (c *Catalog) Reindex(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != nil {
		if err := c.ix.Close(); err != nil {
			return fmt.Errorf("catalog: %w", err)
		}
		c.ix = nil
	}
	if err := c.rebuild(ctx); err != nil {
		return fmt.Errorf("catalog: reindex: %w", err)
	}
	return nil
}

// rebuild creates a fresh index and indexes every stored record. The store
// sequence is read first: writes are serialised, so nothing can slip in
// between, and a crash mid-way leaves a sequence of 0 and a full rebuild.
func (c *Catalog) rebuild(ctx context.Context) error {
	seq, err := c.st.Seq(ctx)
	if err != nil {
		return err
	}
	ix, err := indexer.Create(ctx, filepath.Join(c.dir, IndexDir))
	if err != nil {
		return err
	}
	c.ix = ix
	batch := make([]record.Record, 0, indexer.BatchSize)
	n := 0
	err = c.st.ForEach(ctx, func(r record.Record) error {
		batch = append(batch, r)
		n++
		if len(batch) == cap(batch) {
			err := ix.Index(ctx, batch)
			batch = batch[:0]
			return err
		}
		return nil
	})
	if err == nil {
		err = ix.Index(ctx, batch)
	}
	if err == nil {
		err = ix.SetSeq(seq)
	}
	if err != nil {
		return err
	}
	c.log.Info().Int("records", n).Msg("index rebuilt")
	return nil
}

// catchUp indexes the records changed since the sequence the index reflects.
func (c *Catalog) catchUp(ctx context.Context) error {
	stSeq, err := c.st.Seq(ctx)
	if err != nil {
		return err
	}
	ixSeq, err := c.ix.Seq()
	if err != nil {
		return err
	}
	if ixSeq == stSeq {
		return nil
	}
	if ixSeq > stSeq {
		// The index claims writes the store does not have (a store file
		// restored from a backup): trust the store and rebuild.
		c.ix.Close()
		c.ix = nil
		return c.rebuild(ctx)
	}
	var recs []record.Record
	var gone []string // deleted, or moved to a new id by a migration
	err = c.st.ChangedSince(ctx, ixSeq, func(id string) error {
		r, err := c.st.Get(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			gone = append(gone, id)
			return nil
		}
		if err != nil {
			return err
		}
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		return err
	}
	if err := c.indexWrite(ctx, func() error { return c.ix.Delete(ctx, gone) }); err != nil {
		return err
	}
	if err := c.ix.Index(ctx, recs); err != nil {
		return err
	}
	c.log.Info().Int("records", len(recs)).Uint64("from_seq", ixSeq).Uint64("to_seq", stSeq).Msg("index caught up with the store")
	return c.ix.SetSeq(stSeq)
}

// ImportOptions change how an import runs.
type ImportOptions struct {
	DryRun bool             // parse and compare, store nothing
	OnFile func(FileResult) // called after each file, e.g. to move a progress bar
}

// FileResult is what happened to one file.
type FileResult struct {
	Path      string   `json:"path"`
	Format    string   `json:"format,omitempty"`
	Added     int      `json:"added"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Rejected  string   `json:"rejected,omitempty"`   // why the whole file was refused
	Skipped   string   `json:"skipped,omitempty"`    // why the file was deliberately left out (a warning)
	RowErrors []string `json:"row_errors,omitempty"` // items of the file that could not be read, and warnings
	Lost      int      `json:"lost,omitempty"`       // how many of RowErrors left input out: rows skipped, text cut

	// NewAtSource counts the added records that are different entities
	// beside records already stored from the same source URL or file name
	// (also counted in Added): nothing was replaced.
	NewAtSource int `json:"new_at_source,omitempty"`
	// KeptDeleted counts records of the file deleted by staff; the import
	// leaves them deleted (restore brings one back).
	KeptDeleted int `json:"kept_deleted,omitempty"`
	// Replaced counts records an earlier reading of this very file gave
	// and this reading does not (a newer extractor): archived, removed.
	Replaced int `json:"replaced,omitempty"`
}

// Import imports files and folders (recursively, in name order). A file that
// cannot be read is reported in its FileResult and the others still import;
// the error is only for failures of the store or index themselves.
func (c *Catalog) Import(ctx context.Context, paths []string, opt ImportOptions) ([]FileResult, error) {
	files, results, err := ListFiles(paths)
	if err != nil {
		return nil, err
	}
	for _, r := range results {
		notify(opt, r)
	}
	pend := &pendingIndex{}
	for _, p := range files {
		res, err := c.importPath(ctx, p, opt, pend)
		if err != nil {
			return results, errors.Join(err, c.flush(ctx, pend))
		}
		results = append(results, res)
	}
	return results, c.flush(ctx, pend)
}

// pendingIndex collects the changed records of several small files, so a
// folder import indexes them in Bleve batches rather than one per file.
// Each file is still stored in its own transaction; records stored but not
// yet indexed when the process dies are indexed by the next Open, because
// the index's sequence is only advanced by flush.
type pendingIndex struct {
	recs []record.Record
}

// flush indexes the pending records and records the store sequence.
func (c *Catalog) flush(ctx context.Context, pend *pendingIndex) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.indexNow(ctx, pend)
}

// indexNow indexes pend's records; c.mu must be held. After a failed
// write the index is left alone: Bleve's in-memory state is unusable then,
// and the records stay in the store, indexed by the next Open.
func (c *Catalog) indexNow(ctx context.Context, pend *pendingIndex) error {
	if len(pend.recs) == 0 {
		return nil
	}
	if c.gate.broken() {
		// The failure was reported when it happened; the records are in
		// the store, and the next Open indexes them.
		pend.recs = pend.recs[:0]
		return nil
	}
	seq, err := c.st.Seq(ctx)
	if err != nil {
		return err
	}
	err = c.indexWrite(ctx, func() error {
		if err := c.ix.Index(ctx, pend.recs); err != nil {
			return err
		}
		return c.ix.SetSeq(seq)
	})
	if err != nil {
		return err
	}
	pend.recs = pend.recs[:0]
	return nil
}

func (c *Catalog) importPath(ctx context.Context, path string, opt ImportOptions, pend *pendingIndex) (FileResult, error) {
	f, err := os.Open(path)
	if err != nil {
		res := FileResult{Path: path, Rejected: err.Error()}
		notify(opt, res)
		return res, nil
	}
	defer f.Close()
	// Refuse an oversized file before reading a byte of it.
	if fi, err := f.Stat(); err == nil && fi.Size() > MaxFileBytes {
		res := FileResult{Path: path, Rejected: importers.ErrTooLarge.Error()}
		notify(opt, res)
		return res, nil
	}
	return c.importReader(ctx, path, f, opt, pend)
}

func notify(opt ImportOptions, res FileResult) {
	if opt.OnFile != nil {
		opt.OnFile(res)
	}
}

// ImportFS imports every file of fsys (the embedded demo corpus).
func (c *Catalog) ImportFS(ctx context.Context, fsys fs.FS, opt ImportOptions) ([]FileResult, error) {
	var results []FileResult
	pend := &pendingIndex{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := fsys.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		res, err := c.importReader(ctx, path, f, opt, pend)
		results = append(results, res)
		return err
	})
	err = errors.Join(err, c.flush(ctx, pend))
	if err != nil {
		return results, fmt.Errorf("catalog: %w", err)
	}
	return results, nil
}

// ImportReader imports one file read from r; name gives its format and the
// file name recorded in the source. Its records are searchable when it
// returns.
func (c *Catalog) ImportReader(ctx context.Context, name string, r io.Reader, opt ImportOptions) (FileResult, error) {
	return c.importReader(ctx, name, r, opt, nil)
}

// importReader is ImportReader; with pend set, indexing may wait for later
// files (see pendingIndex).
func (c *Catalog) importReader(ctx context.Context, name string, r io.Reader, opt ImportOptions, pend *pendingIndex) (FileResult, error) {
	res := FileResult{Path: name}
	if !opt.DryRun {
		if err := c.beforeWrite(); err != nil {
			return res, fmt.Errorf("catalog: import %s: %w", name, err)
		}
	}
	recs, rowErrs, err := importers.Parse(ctx, filepath.Base(name), r)
	for _, e := range rowErrs {
		res.RowErrors = append(res.RowErrors, e.Error())
		if importers.IsLoss(e) {
			res.Lost++
		}
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return res, ctxErr
		}
		res.Rejected = err.Error()
		c.log.Debug().Str("file", name).Err(err).Msg("file rejected")
		notify(opt, res)
		return res, nil
	}
	if len(recs) > 0 {
		res.Format = recs[0].Source.Format
	}
	if err := c.put(ctx, recs, opt.DryRun, &res, pend); err != nil {
		return res, fmt.Errorf("catalog: import %s: %w", name, err)
	}
	notify(opt, res)
	return res, nil
}

// put stores recs in one transaction and indexes those that changed, now
// or, with pend set, once pend holds a Bleve batch.
func (c *Catalog) put(ctx context.Context, recs []record.Record, dryRun bool, res *FileResult, pend *pendingIndex) (err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []store.PutResult
	if dryRun {
		out, err = c.st.Plan(ctx, recs)
	} else {
		if err := c.storeWrite(func() (err error) { out, err = c.st.Put(ctx, recs); return err }); err != nil {
			return err
		}
		if err := c.mark(); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	changed := map[string]bool{}
	var gone []string
	for _, p := range out {
		switch p.Status {
		case store.Added:
			res.Added++
		case store.Updated:
			res.Updated++
		case store.Unchanged:
			res.Unchanged++
		case store.KeptDeleted:
			res.KeptDeleted++
		case store.Replaced:
			res.Replaced++
			gone = append(gone, p.ID)
		}
		if p.NewAtSource {
			res.NewAtSource++
		}
		if p.Status == store.Added || p.Status == store.Updated {
			changed[p.ID] = true
		}
	}
	if dryRun {
		return nil
	}
	// A crash before this is repaired on open: the store marked them changed.
	if err := c.indexWrite(ctx, func() error { return c.ix.Delete(ctx, gone) }); err != nil {
		return err
	}
	if len(changed) == 0 {
		return nil
	}
	if pend == nil {
		pend = &pendingIndex{}
		defer func() { err = errors.Join(err, c.indexNow(ctx, pend)) }()
	}
	// Put gave recs their stored imported_at; index each changed id once,
	// the last version of it in the file being the one stored (in a batch,
	// a later file's version of an id replaces an earlier one).
	for i := len(recs) - 1; i >= 0; i-- {
		if changed[recs[i].ID] {
			pend.recs = append(pend.recs, recs[i])
			delete(changed, recs[i].ID)
		}
	}
	if len(pend.recs) >= indexer.BatchSize {
		return c.indexNow(ctx, pend)
	}
	return nil
}

// LoadDemo imports fsys into a store that was never written to, so a first
// `serve` shows a useful page. A store that held data, even if it holds
// none now, is left alone; so is a data dir whose store went missing, which
// Open refuses. It reports whether it imported anything.
func (c *Catalog) LoadDemo(ctx context.Context, fsys fs.FS) (bool, error) {
	seq, err := c.st.Seq(ctx)
	if err != nil || seq > 0 || c.marked {
		return false, err
	}
	results, err := c.ImportFS(ctx, fsys, ImportOptions{})
	if err != nil {
		return false, err
	}
	added := 0
	for _, r := range results {
		added += r.Added
		if r.Rejected != "" {
			c.log.Warn().Str("file", r.Path).Str("reason", r.Rejected).Msg("demo file rejected")
		}
	}
	c.log.Info().Int("records", added).Int("files", len(results)).Msg("demo corpus loaded")
	return true, nil
}
