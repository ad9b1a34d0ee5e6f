package indexer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// benchRecords makes n records shaped like the bench module's corpus:
// Zipf-drawn words from a 200-word vocabulary, a few facet values each,
// sessions with speakers.
func benchRecords(n int) []record.Record {
	rng := rand.New(rand.NewPCG(5, 8))
	vocab := make([]string, 200)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%03dterm", i)
	}
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
	text := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteString(vocab[zipf.Uint64()])
			b.WriteByte(' ')
		}
		return b.String()
	}
	als := taxonomy.ActionLines()
	countries := []string{"KE", "GH", "NG", "IN", "BR", "MX", "EE", "FJ", "EG", "KZ", "ID", "PE", "US", "FR", "JP"}
	recs := make([]record.Record, n)
	for i := range recs {
		c := countries[rng.IntN(len(countries))]
		cc, _ := taxonomy.CountryByCode(c)
		r := record.Record{
			ID: fmt.Sprintf("r%07d", i), Kind: []record.Kind{record.KindProject, record.KindProject, record.KindSession, record.KindPerson}[rng.IntN(4)],
			Title: text(4 + rng.IntN(6)), Summary: text(20 + rng.IntN(30)), Body: text(80 + rng.IntN(300)),
			ActionLines: []string{als[rng.IntN(len(als))].Code, als[rng.IntN(len(als))].Code},
			SDGs:        []int{1 + rng.IntN(17), 1 + rng.IntN(17)},
			Countries:   []string{c}, ITURegions: []string{cc.ITURegion},
			Year: 2005 + rng.IntN(20), Event: []string{"IGF", "WSIS Forum", "WSIS Prizes"}[rng.IntN(3)],
		}
		switch r.Kind {
		case record.KindSession:
			for k := range rng.IntN(8) {
				r.Speakers = append(r.Speakers, record.Person{Name: fmt.Sprintf("Person %d", rng.IntN(n/2+1)+k), Gender: []string{"female", "male", ""}[rng.IntN(3)]})
			}
		case record.KindPerson:
			r.Name = fmt.Sprintf("Person %d", rng.IntN(n/2+1))
			r.Expertise = []string{vocab[zipf.Uint64()]}
		}
		recs[i] = r
	}
	return recs
}

// BenchmarkApply measures the views' side of an import: rows derived,
// bitmaps and directory moved to the next generation, rows persisted;
// 1,000-record batches onto an index of 20,000.
func BenchmarkApply(b *testing.B) {
	recs := benchRecords(21000)
	ctx := context.Background()
	ix, err := Create(ctx, filepath.Join(b.TempDir(), "index"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for i := 0; i < 20000; i += 1000 {
		if err := ix.Apply(ctx, uint64(i/1000+1), recs[i:i+1000], nil); err != nil {
			b.Fatal(err)
		}
	}
	if err := ix.WaitText(ctx, 20); err != nil {
		b.Fatal(err)
	}
	ix.queue.close() // measure the views alone
	seq := uint64(100)
	for b.Loop() {
		seq++
		changes := make([]change, 0, 1000)
		encs, ents := map[string][]byte{}, map[string][]byte{}
		for _, r := range recs[20000:] {
			w, ent := rowOf(r)
			changes = append(changes, change{id: r.ID, row: &w})
			encs[r.ID], ents[r.ID] = encodeRow(w), ent
		}
		saved := ix.views.apply(seq, changes)
		if err := ix.vstore.save(seq, saved, encs, ents); err != nil {
			b.Fatal(err)
		}
	}
}

var benchTextBatch = 1000

// BenchmarkIndexText measures the full-text side: 1,000 records in one
// Bleve batch.
func BenchmarkIndexText(b *testing.B) {
	recs := benchRecords(benchTextBatch)
	ctx := context.Background()
	ix, err := Create(ctx, filepath.Join(b.TempDir(), "index"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for b.Loop() {
		if _, err := ix.indexText([]textItem{{recs: recs}}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
