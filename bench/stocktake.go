package main

import (
	"context"
	"fmt"
	"net/http"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/web"
)

// stocktakeEngine is the product itself: a catalog data dir, its search
// service and its HTTP handler.
type stocktakeEngine struct {
	dir      string
	cat      *catalog.Catalog
	svc      *search.Service
	uncached *search.Service
}

func openStocktake(ctx context.Context, dir string) (*stocktakeEngine, error) {
	cat, err := catalog.Open(ctx, dir, zerolog.Nop())
	if err != nil {
		return nil, fmt.Errorf("stocktake: %w", err)
	}
	return &stocktakeEngine{dir: dir, cat: cat}, nil
}

func (e *stocktakeEngine) name() string { return "stocktake" }

// put stores one batch the way catalog's import does after parsing: one
// store transaction, applied to the views (filterable and counted when put
// returns), its text queued for the background indexer. Parsing is left
// out because the tabular importer has no columns for speakers, which the
// corpus needs.
func (e *stocktakeEngine) put(ctx context.Context, recs []record.Record) error {
	if err := e.cat.PutRecords(ctx, recs); err != nil {
		return fmt.Errorf("stocktake: put: %w", err)
	}
	return nil
}

// searchable waits until the text of everything put is indexed.
func (e *stocktakeEngine) searchable(ctx context.Context) error {
	if err := e.cat.WaitSearchable(ctx, nil); err != nil {
		return fmt.Errorf("stocktake: %w", err)
	}
	return nil
}

func (e *stocktakeEngine) reindex(ctx context.Context) error {
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

// uncachedService answers every request in full: no response cache. It is
// long-lived, as a running server's is.
func (e *stocktakeEngine) uncachedService() *search.Service {
	if e.uncached == nil {
		e.uncached = search.New(e.cat.Index(), e.cat.Store(), search.WithoutResponseCache())
	}
	return e.uncached
}

func (e *stocktakeEngine) search(ctx context.Context, req search.Request) (int, error) {
	resp, err := e.uncachedService().Search(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("stocktake: %w", err)
	}
	return resp.Total, nil
}

func (e *stocktakeEngine) insights(ctx context.Context, req search.Request) (int, error) {
	in, err := e.uncachedService().Insights(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("stocktake: %w", err)
	}
	return in.Total, nil
}

// people runs the people finder (/api/v1/people); SQLite has no
// counterpart, so this class is the product's alone.
func (e *stocktakeEngine) people(ctx context.Context, req search.PeopleRequest) (int, error) {
	resp, err := e.uncachedService().People(ctx, req)
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

// handler is the product's whole site. The response cache is off, so the
// HTTP figures are those of new queries.
func (e *stocktakeEngine) handler() http.Handler {
	return web.New(web.Config{Search: e.uncachedService(), Records: e.cat.Store(), Logger: zerolog.Nop()})
}

func (e *stocktakeEngine) close() error { return e.cat.Close() }
