package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

// TestDamagedIndexDoesNotEndTheProcess overwrites a few hundred bytes of
// the segment of an open index at a random place, as a failed write or a
// bad disk leaves it, and searches. Bleve panics on many of them. A search
// starts no goroutine of its own (the text query runs on the caller's, the
// rest is bitmaps), so every panic reaches the caller, which the HTTP
// server recovers; one in another goroutine would end this test's process.
func TestDamagedIndexDoesNotEndTheProcess(t *testing.T) {
	failed, callerPanics := 0, 0
	for seed := range uint64(16) {
		ctx := context.Background()
		dir := t.TempDir()
		st, err := store.Open(ctx, filepath.Join(dir, "stocktake.db"))
		if err != nil {
			t.Fatal(err)
		}
		ix, err := indexer.Create(ctx, filepath.Join(dir, "index"), indexer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		recs := make([]record.Record, 50)
		for i := range recs {
			recs[i] = record.Record{ID: fmt.Sprint("r", i), Kind: record.KindProject, Title: "Radio for farmers",
				Summary: "Community radio in Kenya", Countries: []string{"KE"}, SDGs: []int{5}}
		}
		put(t, st, ix, recs)
		segs, _ := filepath.Glob(filepath.Join(dir, "index", "text", "store", "*.zap"))
		rng := rand.New(rand.NewPCG(seed, 7))
		for _, seg := range segs {
			damage(t, rng, seg)
		}
		for _, req := range []Request{
			{Filters: map[string][]string{"sdg": {"5"}, "kind": {"project"}}},
			{Q: "radio", Filters: map[string][]string{"sdg": {"5"}}},
		} {
			err := func() (err error) {
				defer func() {
					if p := recover(); p != nil {
						err = fmt.Errorf("panic on the caller's goroutine: %v", p)
					}
				}()
				_, err = New(ix, st, WithoutResponseCache()).Search(ctx, req)
				return err
			}()
			switch {
			case err == nil:
			case strings.Contains(err.Error(), "panic on the caller's goroutine"):
				callerPanics++
			default:
				failed++
			}
		}
		ix.Close()
		st.Close()
	}
	t.Logf("of 32 searches over damaged indexes, %d failed with an error and %d panicked on the caller's goroutine", failed, callerPanics)
}

// damage overwrites 64 to 319 bytes of a file, in place, at a random place.
func damage(t *testing.T, rng *rand.Rand, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 64+rng.IntN(256))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	if _, err := f.WriteAt(b, int64(rng.IntN(int(fi.Size())-len(b)))); err != nil {
		t.Fatal(err)
	}
}

func TestSnippetOfALongBody(t *testing.T) {
	for name, body := range map[string]string{
		"long words":    strings.Repeat("broadband ", 100000),
		"spaces first":  strings.Repeat(" ", 5000) + strings.Repeat("é", 100000),
		"short":         "Radio for farmers.",
		"one long rune": strings.Repeat("€", 1000),
	} {
		got := (&marker{}).snippet(record.Record{Body: body})
		runes := []rune(got)
		if len(runes) > snippetRunes+1 || strings.ContainsRune(got, '\uFFFD') {
			t.Errorf("%s: snippet of %d runes %.40q", name, len(runes), got)
		}
		if long := len(body) > 8*snippetRunes; long != strings.HasSuffix(got, "…") {
			t.Errorf("%s: ellipsis %v for a body of %d bytes", name, !long, len(body))
		}
	}
}
