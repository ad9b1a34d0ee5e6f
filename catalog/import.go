package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/wsis-tools/stocktake/importers"
	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
)

// MaxFileBytes is the largest file one import accepts. Larger files are
// rejected with a reason before anything is parsed or stored, which keeps
// memory bounded; the limit is far above any real page or report.
const MaxFileBytes = importers.MaxFileBytes

// ImportOptions change how an import runs.
type ImportOptions struct {
	DryRun bool             // parse and compare, store nothing
	OnFile func(FileResult) // called after each file is stored, e.g. to move a progress bar
	// OnText, when set, is called while Import waits for the full text of
	// what it stored, with the records left to index (0 at the end).
	OnText func(left int)
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

// source is a file to import: its name and how to open it.
type source struct {
	name string
	open func() (io.ReadCloser, error)
}

// Import imports files and folders (recursively, in name order). A file that
// cannot be read is reported in its FileResult and the others still import;
// the error is only for failures of the store or index themselves. Import
// returns when what it stored is searchable by text as well.
func (c *Catalog) Import(ctx context.Context, paths []string, opt ImportOptions) ([]FileResult, error) {
	files, skipped, err := ListFiles(paths)
	if err != nil {
		return nil, err
	}
	for _, r := range skipped {
		notify(opt, r)
	}
	srcs := make([]source, len(files))
	for i, p := range files {
		srcs[i] = source{name: p, open: func() (io.ReadCloser, error) {
			f, err := os.Open(p)
			if err != nil {
				return nil, err
			}
			// Refuse an oversized file before reading a byte of it.
			if fi, err := f.Stat(); err == nil && fi.Size() > MaxFileBytes {
				f.Close()
				return nil, importers.ErrTooLarge
			}
			return f, nil
		}}
	}
	results, err := c.importSources(ctx, srcs, opt)
	return append(skipped, results...), err
}

// ImportFS imports every file of fsys (the embedded demo corpus).
func (c *Catalog) ImportFS(ctx context.Context, fsys fs.FS, opt ImportOptions) ([]FileResult, error) {
	var srcs []source
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		srcs = append(srcs, source{name: path, open: func() (io.ReadCloser, error) { return fsys.Open(path) }})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return c.importSources(ctx, srcs, opt)
}

// ImportReader imports one file read from r; name gives its format and the
// file name recorded in the source. Its records are stored, filterable and
// counted when it returns; their full text follows in the background
// (WaitSearchable waits for it).
func (c *Catalog) ImportReader(ctx context.Context, name string, r io.Reader, opt ImportOptions) (FileResult, error) {
	p := parse(ctx, name, r)
	if p.err != nil {
		return p.res, p.err
	}
	if err := c.commit(ctx, []*parsed{p}, opt.DryRun); err != nil {
		return p.res, err
	}
	notify(opt, p.res)
	return p.res, nil
}

// parsed is one parsed file waiting to be stored.
type parsed struct {
	res  FileResult
	recs []record.Record
	err  error // a failure of the import itself (cancelled), not of the file
}

// parse reads one file (importers.Parse bounds its size, time and text);
// a file that cannot be read is rejected in res.
func parse(ctx context.Context, name string, r io.Reader) *parsed {
	p := &parsed{res: FileResult{Path: name}}
	recs, rowErrs, err := importers.Parse(ctx, filepath.Base(name), r)
	for _, e := range rowErrs {
		p.res.RowErrors = append(p.res.RowErrors, e.Error())
		if importers.IsLoss(e) {
			p.res.Lost++
		}
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			p.err = ctxErr
			return p
		}
		p.res.Rejected = err.Error()
		return p
	}
	if len(recs) > 0 {
		p.res.Format = recs[0].Source.Format
	}
	p.recs = recs
	return p
}

// importSources parses files in parallel and stores them in order. Small
// files are grouped into one transaction of up to indexer.BatchSize
// records (each stored whole or not at all), a larger file is stored in
// parts of that size (commitParts); every transaction is applied to the
// index at once, and its text indexed in the background.
func (c *Catalog) importSources(ctx context.Context, srcs []source, opt ImportOptions) ([]FileResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	workers := runtime.GOMAXPROCS(0)
	// Parsed files wait in order; at most 2×workers are parsed ahead of
	// the one being stored.
	slots := make([]chan *parsed, len(srcs))
	for i := range slots {
		slots[i] = make(chan *parsed, 1)
	}
	sem := make(chan struct{}, 2*workers)
	next := make(chan int)
	wg.Go(func() {
		defer close(next)
		for i := range srcs {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	})
	for range workers {
		wg.Go(func() {
			for i := range next {
				slots[i] <- parseSource(ctx, srcs[i])
			}
		})
	}

	results := make([]FileResult, 0, len(srcs))
	var group []*parsed
	held := 0
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		err := c.commit(ctx, group, opt.DryRun)
		for _, p := range group {
			results = append(results, p.res)
			if err == nil {
				notify(opt, p.res)
			}
		}
		group, held = group[:0], 0
		return err
	}
	for i := range srcs {
		var p *parsed
		select {
		case p = <-slots[i]:
			<-sem
		case <-ctx.Done():
			return results, errors.Join(ctx.Err(), flush())
		}
		if p.err != nil {
			return results, errors.Join(p.err, flush())
		}
		if p.res.Rejected != "" {
			c.log.Debug().Str("file", p.res.Path).Str("reason", p.res.Rejected).Msg("file rejected")
		}
		if held+len(p.recs) > indexer.BatchSize {
			if err := flush(); err != nil {
				return results, err
			}
		}
		group = append(group, p)
		held += len(p.recs)
	}
	if err := flush(); err != nil {
		return results, err
	}
	if opt.DryRun {
		return results, nil
	}
	return results, c.waitText(ctx, opt.OnText)
}

// parseSource opens and parses one file. A parser that panics rejects its
// file, with the reason, and the import goes on: the files are untrusted.
func parseSource(ctx context.Context, src source) (p *parsed) {
	defer func() {
		if v := recover(); v != nil {
			p = &parsed{res: FileResult{Path: src.name, Rejected: fmt.Sprintf("the parser failed on this file: %v", v)}}
		}
	}()
	f, err := src.open()
	if err != nil {
		return &parsed{res: FileResult{Path: src.name, Rejected: err.Error()}}
	}
	defer f.Close()
	return parse(ctx, src.name, f)
}

func notify(opt ImportOptions, res FileResult) {
	if opt.OnFile != nil {
		opt.OnFile(res)
	}
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
