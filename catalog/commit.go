package catalog

import (
	"context"
	"fmt"
	"sort"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

// commit stores the records of files (or plans it, on a dry run), counts
// each file's outcome, and applies what changed to the index. Files are
// stored in one transaction, but for a file of more than indexer.BatchSize
// records: that one is stored in parts of BatchSize (commitParts).
func (c *Catalog) commit(ctx context.Context, files []*parsed, dryRun bool) error {
	if !dryRun && len(files) == 1 && len(files[0].recs) > indexer.BatchSize {
		return c.commitParts(ctx, files[0])
	}
	return c.commitTx(ctx, files, dryRun, nil)
}

// commitParts stores a large file in transactions of indexer.BatchSize
// records, each applied to the index as it commits, so neither a bbolt
// transaction nor the index's batch holds the whole file. Each record is
// still stored whole with its previous version archived; a kill between
// parts leaves the parts before it stored, and importing the file again
// finds them unchanged and stores the rest.
func (c *Catalog) commitParts(ctx context.Context, p *parsed) error {
	along := make(map[string]bool, len(p.recs))
	for _, r := range p.recs {
		along[r.ID] = true
	}
	for from := 0; from < len(p.recs); from += indexer.BatchSize {
		part := &parsed{res: FileResult{Path: p.res.Path}, recs: p.recs[from:min(from+indexer.BatchSize, len(p.recs))]}
		err := c.commitTx(ctx, []*parsed{part}, false, along)
		p.res.Added += part.res.Added
		p.res.Updated += part.res.Updated
		p.res.Unchanged += part.res.Unchanged
		p.res.KeptDeleted += part.res.KeptDeleted
		p.res.NewAtSource += part.res.NewAtSource
		p.res.Replaced += part.res.Replaced
		if err != nil {
			return err
		}
	}
	return nil
}

// commitTx stores the records of files in one transaction; along are the
// ids of the rest of their file when they are one part of it.
func (c *Catalog) commitTx(ctx context.Context, files []*parsed, dryRun bool, along map[string]bool) error {
	var recs []record.Record
	for _, p := range files {
		recs = append(recs, p.recs...)
	}
	if len(recs) == 0 {
		return nil
	}
	if !dryRun {
		if err := c.beforeWrite(); err != nil {
			return fmt.Errorf("catalog: import %s: %w", files[0].res.Path, err)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []store.PutResult
	var err error
	if dryRun {
		out, err = c.st.Plan(ctx, recs)
	} else {
		err = c.storeWrite(func() (err error) { out, err = c.st.PutPart(ctx, recs, along); return err })
		if err == nil {
			err = c.mark()
		}
	}
	if err != nil {
		return fmt.Errorf("catalog: import %s: %w", files[0].res.Path, err)
	}
	// The first results are recs', in order; records an earlier reading of
	// a file gave and this one does not follow (Replaced), by source.
	at := 0
	changed := map[string]int{} // id -> index in recs of its last changed version
	for _, p := range files {
		for range p.recs {
			switch out[at].Status {
			case store.Added:
				p.res.Added++
			case store.Updated:
				p.res.Updated++
			case store.Unchanged:
				p.res.Unchanged++
			case store.KeptDeleted:
				p.res.KeptDeleted++
			}
			if out[at].NewAtSource {
				p.res.NewAtSource++
			}
			if out[at].Status == store.Added || out[at].Status == store.Updated {
				changed[out[at].ID] = at
			}
			at++
		}
	}
	var gone []string
	for _, r := range out[at:] {
		if r.Status == store.Replaced {
			gone = append(gone, r.ID)
			if p := c.fileOf(ctx, files, r.ID, dryRun); p != nil {
				p.res.Replaced++
			}
		}
	}
	if dryRun || len(changed)+len(gone) == 0 {
		return nil
	}
	// Put gave recs their stored imported_at. An id stored twice in the
	// transaction is applied once, as its last version: the one stored.
	idx := make([]int, 0, len(changed))
	for _, i := range changed {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	apply := make([]record.Record, len(idx))
	for k, i := range idx {
		apply[k] = recs[i]
	}
	seq, err := c.st.Seq(ctx)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	// After a failed index write the index is left alone: the records are
	// in the store, and the next Open applies them.
	if err := c.indexWrite(ctx, func() error { return c.ix.Apply(ctx, seq, apply, gone) }); err != nil {
		return fmt.Errorf("catalog: index: %w", err)
	}
	return nil
}

// fileOf finds which file of a transaction replaced record id: the one
// whose bytes (sha256) the replaced record was read from. Rare (a file read
// again by a newer extractor), so the lookup may read the store.
func (c *Catalog) fileOf(ctx context.Context, files []*parsed, id string, dryRun bool) *parsed {
	if len(files) == 1 {
		return files[0]
	}
	h, err := c.st.History(ctx, id)
	if err != nil {
		return nil
	}
	sum := ""
	switch {
	case dryRun && h.Current != nil:
		sum = h.Current.Source.SHA256
	case len(h.Versions) > 0:
		sum = h.Versions[0].Record.Source.SHA256
	}
	for _, p := range files {
		if len(p.recs) > 0 && sum != "" && p.recs[0].Source.SHA256 == sum {
			return p
		}
	}
	return nil
}

// PutRecords stores records that did not come from a file (generated or
// converted elsewhere), in transactions of up to indexer.BatchSize, and
// applies them to the index, as an import does after parsing. It returns once they are stored,
// filterable and counted; WaitSearchable waits for their full text.
func (c *Catalog) PutRecords(ctx context.Context, recs []record.Record) error {
	return c.commit(ctx, []*parsed{{res: FileResult{Path: "records"}, recs: recs}}, false)
}
