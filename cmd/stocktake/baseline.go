package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/store"
)

// ranker answers a query with the first k records it would show and the
// number of records it found.
type ranker struct {
	name string
	run  func(ctx context.Context, q string, k int) ([]record.Record, int, error)
}

// relevanceRankers are the product and the plain baselines it is measured
// against: a Bleve match query (the words OR-ed, English analyser, over
// every text field), scored with Bleve's TF-IDF and with BM25. Bleve picks
// the scoring model per index, so each baseline runs on a twin index of
// the same stored records under the product's mapping; the product runs
// on its own index.
func relevanceRankers(ctx context.Context, cat *catalog.Catalog) ([]ranker, func(), error) {
	svc := search.New(cat.Index(), cat.Store(), search.WithoutResponseCache())
	rankers := []ranker{{"stocktake", func(ctx context.Context, q string, k int) ([]record.Record, int, error) {
		resp, err := svc.Search(ctx, search.Request{Q: q, Size: k})
		if err != nil {
			return nil, 0, err
		}
		recs := make([]record.Record, 0, len(resp.Hits))
		for _, h := range resp.Hits {
			recs = append(recs, *h.Record)
		}
		return recs, resp.Total, nil
	}}}
	var closers []func()
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	for _, model := range []string{index.TFIDFScoring, index.BM25Scoring} {
		bi, closeTwin, err := twinIndex(ctx, cat.Store(), model)
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		closers = append(closers, closeTwin)
		rankers = append(rankers, ranker{"bleve-or-" + strings.ReplaceAll(model, "-", ""), matchRanker(bi, cat.Store())})
	}
	return rankers, closeAll, nil
}

// matchRanker runs the baseline query, a plain match query over _all.
func matchRanker(bi bleve.Index, st *store.Store) func(ctx context.Context, q string, k int) ([]record.Record, int, error) {
	return func(ctx context.Context, q string, k int) ([]record.Record, int, error) {
		mq := bleve.NewMatchQuery(q)
		mq.SetField("_all")
		mq.Analyzer = en.AnalyzerName
		res, err := bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(mq, k, 0, false))
		if err != nil {
			return nil, 0, err
		}
		recs := make([]record.Record, 0, len(res.Hits))
		for _, h := range res.Hits {
			r, err := st.Get(ctx, h.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, 0, err
			}
			recs = append(recs, r)
		}
		return recs, int(res.Total), nil
	}
}

// twinIndex builds a temporary index of every stored record under the
// product's mapping with another scoring model. It is on disk because
// only Bleve's disk format (scorch) keeps the field lengths BM25 needs;
// an in-memory index silently scores with TF-IDF.
func twinIndex(ctx context.Context, st *store.Store, model string) (bleve.Index, func(), error) {
	m, ok := indexer.NewMapping().(*mapping.IndexMappingImpl)
	if !ok {
		return nil, nil, fmt.Errorf("relevance: unexpected mapping type %T", indexer.NewMapping())
	}
	m.ScoringModel = model
	dir, err := os.MkdirTemp("", "stocktake-relevance-"+model+"-")
	if err != nil {
		return nil, nil, err
	}
	bi, err := bleve.New(filepath.Join(dir, "index"), m)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	closeAll := func() {
		bi.Close()
		os.RemoveAll(dir)
	}
	b := bi.NewBatch()
	err = st.ForEach(ctx, func(r record.Record) error {
		return b.IndexAdvanced(indexer.Document(r, m))
	})
	if err == nil {
		err = bi.Batch(b)
	}
	if err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("relevance: %s index: %w", model, err)
	}
	return bi, closeAll, nil
}
