package resolver

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

// benchCorpus makes n records shaped like a large data dir: 55% project
// list entries (100 per file), 30% sessions with four speakers, 15%
// profiles, with names and words drawn from pools so some recur.
func benchCorpus(n int) []record.Record {
	r := rand.New(rand.NewPCG(16, 16))
	word := func() string { return fmt.Sprintf("w%x", r.IntN(3000)) }
	name := func() string { return fmt.Sprintf("Given%d Family%d", r.IntN(300), r.IntN(400)) }
	countries := []string{"KE", "GH", "IN", "BR", "FR", "JP", "EG", "PE", "NO", "FJ"}
	recs := make([]record.Record, 0, n)
	for i := range n {
		rec := record.Record{ID: fmt.Sprint("r", i), Source: record.Source{File: fmt.Sprintf("f%d.csv", i/100)}}
		switch p := r.Float64(); {
		case p < 0.55:
			rec.Kind = record.KindProject
			ws := make([]string, 3+r.IntN(5))
			for j := range ws {
				ws[j] = word()
			}
			rec.Title = strings.Join(ws, " ")
			rec.Organization = fmt.Sprintf("Org %d Agency", r.IntN(2000))
			rec.Countries = []string{countries[r.IntN(len(countries))]}
		case p < 0.85:
			rec.Kind = record.KindSession
			rec.Source.URL = fmt.Sprintf("https://forum.example/s/%d", i)
			for range 4 {
				rec.Speakers = append(rec.Speakers, record.Person{Name: name(), Organization: fmt.Sprintf("Org %d Agency", r.IntN(2000))})
			}
		default:
			rec.Kind = record.KindPerson
			rec.Name = name()
			rec.Organization = fmt.Sprintf("Org %d Agency", r.IntN(2000))
			rec.Bio = "Works on " + word() + " and " + word() + "."
		}
		recs = append(recs, rec)
	}
	return recs
}

// BenchmarkResolve: go test -bench Resolve -benchmem ./resolver/
// (docs/IDENTITY.md has the figures with the load average).
func BenchmarkResolve(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		recs := benchCorpus(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Resolve(recs, Options{})
			}
		})
	}
}
