package catalog

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/indexer"
)

// TestLargeFileInParts: a file of more than indexer.BatchSize records is
// stored in transactions of BatchSize, and counts as one file: a new file
// adds every record (none "beside" the file's own other parts), the same
// file again finds every record unchanged and replaces none, an edited one
// updates every record.
func TestLargeFileInParts(t *testing.T) {
	const n = 2*indexer.BatchSize + 500
	ctx := context.Background()
	src := t.TempDir()
	c, err := Open(ctx, filepath.Join(t.TempDir(), "data"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tests := []struct {
		name    string
		edition string
		want    FileResult
		txs     uint64 // store transactions that changed something
	}{
		{"new", "", FileResult{Added: n}, 3},
		{"again", "", FileResult{Unchanged: n}, 0},
		{"edited", " (second edition)", FileResult{Updated: n}, 3},
	}
	for _, tt := range tests {
		writeJSONLEdition(t, src, 1, n, tt.edition)
		before, err := c.Store().Seq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.Import(ctx, []string{src}, ImportOptions{})
		if err != nil || len(res) != 1 {
			t.Fatalf("%s: %+v, %v", tt.name, res, err)
		}
		got := res[0]
		got.Path, got.Format = "", ""
		if got.Added != tt.want.Added || got.Updated != tt.want.Updated || got.Unchanged != tt.want.Unchanged ||
			got.NewAtSource != 0 || got.Replaced != 0 || got.Rejected != "" {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
		after, err := c.Store().Seq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after-before != tt.txs {
			t.Errorf("%s: %d store transactions, want %d", tt.name, after-before, tt.txs)
		}
		if m := assertConsistent(t, c); m != n {
			t.Errorf("%s: %d records stored, want %d", tt.name, m, n)
		}
	}
}

// TestKillDuringLargeFileImport kills imports of one file stored in parts:
// after each kill the data dir is consistent (every stored record in the
// views and the text), and a final import completes the file.
func TestKillDuringLargeFileImport(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	const n = 5 * indexer.BatchSize
	src := t.TempDir()
	writeJSONL(t, src, 1, n)
	data := filepath.Join(t.TempDir(), "data")
	// Parsing the file comes first and takes a while: later kills than
	// killMidImport's land in the middle of storing it.
	killMidImportAfter(t, rand.New(rand.NewPCG(3, 5)), 200, 2000, data, src, func(c *Catalog) bool {
		m := assertConsistent(t, c)
		t.Logf("%d records committed", m)
		return m > 0 && m < n
	})
	ctx := context.Background()
	c, err := Open(ctx, data, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	res, err := c.Import(ctx, []string{src}, ImportOptions{})
	if err != nil || len(res) != 1 || res[0].Added+res[0].Unchanged != n || res[0].NewAtSource != 0 || res[0].Replaced != 0 {
		t.Fatalf("final import: %+v, %v", res, err)
	}
	if m := assertConsistent(t, c); m != n {
		t.Errorf("after the final import %d records, want %d", m, n)
	}
}
