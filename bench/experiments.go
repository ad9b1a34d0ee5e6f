package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// variant is one indexing set-up tried against the product's, to say what
// a change to the indexer would buy. Only Bleve is timed: the store is the
// same in every variant.
type variant struct {
	name    string
	batch   int
	mapping func() mapping.IndexMapping
	config  map[string]any // scorch config; nil for Bleve's defaults
	builder bool           // build offline with bleve.NewBuilder, then open
	noAll   bool           // text is searched per field, there being no _all
}

func variants() []variant {
	return []variant{
		{name: "product (batch 1000)", batch: indexer.BatchSize, mapping: indexer.NewMapping},
		{name: "batch 5000", batch: 5000, mapping: indexer.NewMapping},
		{name: "no _all field", batch: indexer.BatchSize, mapping: func() mapping.IndexMapping { return tweak(noAll) }, noAll: true},
		{name: "no term vectors", batch: indexer.BatchSize, mapping: func() mapping.IndexMapping { return tweak(noVectors) }},
		{name: "no _all, no term vectors", batch: indexer.BatchSize, mapping: func() mapping.IndexMapping {
			return tweak(func(f *mapping.FieldMapping) { noAll(f); noVectors(f) })
		}, noAll: true},
		{name: "unsafe_batch", batch: indexer.BatchSize, mapping: indexer.NewMapping, config: map[string]any{"unsafe_batch": true}},
		{name: "offline builder", batch: indexer.BatchSize, mapping: indexer.NewMapping, builder: true},
	}
}

func noAll(f *mapping.FieldMapping)     { f.IncludeInAll = false }
func noVectors(f *mapping.FieldMapping) { f.IncludeTermVectors = false }

// tweak returns the product mapping with fn applied to every field.
func tweak(fn func(*mapping.FieldMapping)) mapping.IndexMapping {
	m := indexer.NewMapping().(*mapping.IndexMappingImpl)
	for _, p := range m.DefaultMapping.Properties {
		for _, f := range p.Fields {
			fn(f)
		}
	}
	return m
}

// runExperiments indexes the first n records of the corpus under each
// variant and times the indexing and a match-all query counting the eight
// facets (the landing page's Bleve work).
func runExperiments(ctx context.Context, w io.Writer, gen *Generator, n int, dir string, only string) error {
	fmt.Fprintf(w, "| variant (%d records) | index, docs/s | index, s | match-all + 8 facets p50, ms | match-all, no facets p50, ms | `digital` + 8 facets p50, ms | `digital`, no facets p50, ms | disk, MB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n", n)
	for _, v := range variants() {
		if only != "" && v.name != only {
			continue
		}
		path := filepath.Join(dir, "variant")
		if err := os.RemoveAll(path); err != nil {
			return err
		}
		secs, err := indexVariant(ctx, v, gen, n, path)
		if err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		p50s, err := queryP50s(ctx, path, v.noAll)
		if err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		mb, err := diskMB(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "| %s | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |\n", v.name, float64(n)/secs, secs, p50s[0], p50s[1], p50s[2], p50s[3], mb)
	}
	return os.RemoveAll(filepath.Join(dir, "variant"))
}

func indexVariant(ctx context.Context, v variant, gen *Generator, n int, path string) (float64, error) {
	var docs time.Duration
	flush := func(batch []record.Record, add func(id string, doc any) error, commit func() error) error {
		t := time.Now()
		defer func() { docs += time.Since(t) }()
		for _, r := range batch {
			if err := add(r.ID, indexer.Document(r)); err != nil {
				return err
			}
		}
		return commit()
	}
	if v.builder {
		b, err := bleve.NewBuilder(path, v.mapping(), map[string]any{"batchSize": v.batch, "mergeMax": 10})
		if err != nil {
			return 0, err
		}
		err = eachBatch(ctx, gen, n, v.batch, func(batch []record.Record) error {
			return flush(batch, b.Index, func() error { return nil })
		})
		t := time.Now()
		if cerr := b.Close(); err == nil {
			err = cerr
		}
		return (docs + time.Since(t)).Seconds(), err
	}
	ix, err := bleve.NewUsing(path, v.mapping(), bleve.Config.DefaultIndexType, scorch.Name, v.config)
	if err != nil {
		return 0, err
	}
	err = eachBatch(ctx, gen, n, v.batch, func(batch []record.Record) error {
		b := ix.NewBatch()
		return flush(batch, b.Index, func() error { return ix.Batch(b) })
	})
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	return docs.Seconds(), err
}

// eachBatch hands the first n records of the corpus to fn in batches.
func eachBatch(ctx context.Context, gen *Generator, n, size int, fn func([]record.Record) error) error {
	batch := make([]record.Record, 0, size)
	for i := range n {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch = append(batch, gen.Record(i))
		if len(batch) == size || i == n-1 {
			if err := fn(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}

// queryP50s times a match-all query and a query for a term in nearly every
// document, each with and without counting the eight facets, to show what
// share of a broad query is facet counting. Top 20 hits in every case.
func queryP50s(ctx context.Context, path string, perField bool) ([4]float64, error) {
	var out [4]float64
	ix, err := bleve.Open(path)
	if err != nil {
		return out, err
	}
	defer ix.Close()
	var term bquery.Query = matchIn("digital", "_all")
	if perField {
		term = bleve.NewDisjunctionQuery(matchIn("digital", indexer.FieldTitle), matchIn("digital", indexer.FieldSummary), matchIn("digital", indexer.FieldBody))
	}
	for i, tc := range []struct {
		q      bquery.Query
		facets bool
	}{{bleve.NewMatchAllQuery(), true}, {bleve.NewMatchAllQuery(), false}, {term, true}, {term, false}} {
		var times []time.Duration
		for range 21 {
			sr := bleve.NewSearchRequestOptions(tc.q, search.DefaultSize, 0, false)
			if tc.facets {
				for _, name := range search.FacetNames {
					field, _ := filterField(name)
					sr.AddFacet(name, bleve.NewFacetRequest(field, 50))
				}
			}
			t := time.Now()
			if _, err := ix.SearchInContext(ctx, sr); err != nil {
				return out, err
			}
			times = append(times, time.Since(t))
		}
		out[i], _, _ = summarise(times[1:])
	}
	return out, nil
}

func matchIn(text, field string) bquery.Query {
	q := bleve.NewMatchQuery(text)
	q.SetField(field)
	return q
}
