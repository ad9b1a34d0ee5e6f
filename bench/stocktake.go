package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/store"
	"github.com/wsis-tools/stocktake/web"
)

// stocktakeEngine is the product itself: a catalog data dir, its search
// service and its HTTP handler.
type stocktakeEngine struct {
	dir      string
	cat      *catalog.Catalog
	svc      *search.Service
	uncached *search.Service

	// Time spent in each step of put, to show where import time goes.
	storeTime, indexTime time.Duration
}

func openStocktake(ctx context.Context, dir string) (*stocktakeEngine, error) {
	cat, err := catalog.Open(ctx, dir, zerolog.Nop())
	if err != nil {
		return nil, fmt.Errorf("stocktake: %w", err)
	}
	return &stocktakeEngine{dir: dir, cat: cat}, nil
}

func (e *stocktakeEngine) name() string { return "stocktake" }

// put stores and indexes one batch the way catalog's import does after
// parsing: one store transaction, the changed records indexed in
// Bleve batches, then the store sequence recorded in the index. Parsing is
// left out because the tabular importer has no columns for speakers, which
// the corpus needs.
func (e *stocktakeEngine) put(ctx context.Context, recs []record.Record) error {
	st, ix := e.cat.Store(), e.cat.Index()
	t0 := time.Now()
	res, err := st.Put(ctx, recs)
	if err != nil {
		return fmt.Errorf("stocktake: put: %w", err)
	}
	// Put hands back the stored imported_at in recs, as catalog relies on.
	toIndex := make([]record.Record, 0, len(res))
	for i, p := range res {
		if p.Status != store.Unchanged {
			toIndex = append(toIndex, recs[i])
		}
	}
	t1 := time.Now()
	e.storeTime += t1.Sub(t0)
	defer func() { e.indexTime += time.Since(t1) }()
	if err := ix.Index(ctx, toIndex); err != nil {
		return fmt.Errorf("stocktake: index: %w", err)
	}
	seq, err := st.Seq(ctx)
	if err != nil {
		return fmt.Errorf("stocktake: seq: %w", err)
	}
	if err := ix.SetSeq(seq); err != nil {
		return fmt.Errorf("stocktake: %w", err)
	}
	return nil
}

func (e *stocktakeEngine) reindex(ctx context.Context) error {
	e.svc, e.uncached = nil, nil // they hold the index Reindex replaces
	if err := e.cat.Reindex(ctx); err != nil {
		return fmt.Errorf("stocktake: %w", err)
	}
	return nil
}

func (e *stocktakeEngine) service() *search.Service {
	if e.svc == nil {
		e.svc = search.New(e.cat.Index(), e.cat.Store())
	}
	return e.svc
}

// search times the uncached path: the service keeps a response cache per
// index generation, so a repeated query would measure a map lookup. The
// uncached service is long-lived and warmed, as a running server's is, so
// searches without text are answered from its facet bitmaps.
func (e *stocktakeEngine) search(ctx context.Context, req search.Request) (int, error) {
	if e.uncached == nil {
		e.uncached = search.New(e.cat.Index(), e.cat.Store(), search.WithoutResponseCache())
		if err := e.uncached.Warm(ctx); err != nil {
			return 0, fmt.Errorf("stocktake: %w", err)
		}
	}
	resp, err := e.uncached.Search(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("stocktake: %w", err)
	}
	return resp.Total, nil
}

// searchCached goes through one long-lived service, as the server does: a
// repeated query is answered from its response cache.
func (e *stocktakeEngine) searchCached(ctx context.Context, req search.Request) error {
	if _, err := e.service().Search(ctx, req); err != nil {
		return fmt.Errorf("stocktake: %w", err)
	}
	return nil
}

func (e *stocktakeEngine) handler() http.Handler {
	return web.New(web.Config{Search: e.service(), Records: e.cat.Store(), Logger: zerolog.Nop()})
}

func (e *stocktakeEngine) close() error { return e.cat.Close() }

// importSplit reports seconds spent storing (Put and re-read) and indexing
// (Bleve batches and the sequence) during the import.
func (e *stocktakeEngine) importSplit() (store, index float64) {
	return e.storeTime.Seconds(), e.indexTime.Seconds()
}
