package catalog

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/store"
)

// importedDataDir is a closed data dir holding 3 × 50 records.
func importedDataDir(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	src := t.TempDir()
	writeJSONL(t, src, 3, 50)
	dir := filepath.Join(t.TempDir(), "data")
	c, err := Open(ctx, dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOpenRefusesALostStore: before, a data dir whose store file was
// deleted, emptied or replaced opened as a new, empty one, and serve then
// loaded the demo corpus in place of the user's data.
func TestOpenRefusesALostStore(t *testing.T) {
	tests := []struct {
		name, want string
		lose       func(t *testing.T, path string)
	}{
		{"deleted", "is missing", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}},
		{"truncated to 0 bytes", "is empty", func(t *testing.T, path string) {
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
		}},
		{"replaced by a new store", "a new, empty store", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			st, err := store.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := importedDataDir(t)
			tt.lose(t, filepath.Join(dir, StoreFile))
			before, _ := os.Stat(filepath.Join(dir, StoreFile))
			c, err := Open(context.Background(), dir, zerolog.Nop())
			if err == nil {
				c.Close()
			}
			if !errors.Is(err, ErrStoreLost) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), MarkerFile) {
				t.Fatalf("Open = %v, want ErrStoreLost saying %q and naming the marker", err, tt.want)
			}
			after, _ := os.Stat(filepath.Join(dir, StoreFile))
			if (before == nil) != (after == nil) || before != nil && before.Size() != after.Size() {
				t.Error("Open touched the store file it refused")
			}
			// Deleting the marker is the documented way to start over.
			if err := os.Remove(filepath.Join(dir, MarkerFile)); err != nil {
				t.Fatal(err)
			}
			c, err = Open(context.Background(), dir, zerolog.Nop())
			if err != nil {
				t.Fatalf("Open after removing the marker: %v", err)
			}
			c.Close()
		})
	}
}

func TestOpenMarksDataDirsThatHoldData(t *testing.T) {
	dir := importedDataDir(t)
	if _, err := os.Stat(filepath.Join(dir, MarkerFile)); err != nil {
		t.Fatalf("no marker after an import: %v", err)
	}
	// A data dir made before the marker existed gets one when opened.
	if err := os.Remove(filepath.Join(dir, MarkerFile)); err != nil {
		t.Fatal(err)
	}
	c, err := Open(context.Background(), dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := os.Stat(filepath.Join(dir, MarkerFile)); err != nil {
		t.Errorf("no marker after opening a data dir with data: %v", err)
	}
	// An empty data dir gets none.
	empty := filepath.Join(t.TempDir(), "empty")
	c, err = Open(context.Background(), empty, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := os.Stat(filepath.Join(empty, MarkerFile)); err == nil {
		t.Error("an empty data dir was marked")
	}
}

func TestOpenRefusesADamagedStore(t *testing.T) {
	dir := importedDataDir(t)
	path := filepath.Join(dir, StoreFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	c, err := Open(context.Background(), dir, zerolog.Nop())
	if err == nil {
		c.Close()
	}
	if !errors.Is(err, store.ErrDamaged) {
		t.Errorf("Open = %v, want store.ErrDamaged", err)
	}
}

// TestDamagedIndexSegmentIsRebuilt writes 4 KiB of random bytes into each
// segment of the index, at random places. Before, Bleve panicked while
// opening it, on every start (serve and reindex alike); the README
// promises a rebuild.
func TestDamagedIndexSegmentIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	for i := range 4 { // one segment per import
		src := t.TempDir()
		writeJSONL(t, src, 1, 300)
		b, err := os.ReadFile(filepath.Join(src, "batch-000.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(strings.ReplaceAll(string(b), `"P-0-`, fmt.Sprintf(`"P-%d-`, i)))
		if err := os.WriteFile(filepath.Join(src, "batch-000.jsonl"), b, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Open(ctx, dir, zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	segs, _ := filepath.Glob(filepath.Join(dir, IndexDir, "text", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment to damage")
	}
	rng := rand.New(rand.NewPCG(0, 96))
	for _, seg := range segs {
		junk := make([]byte, 4096)
		for i := range junk {
			junk[i] = byte(rng.Uint32())
		}
		f, err := os.OpenFile(seg, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := f.Stat()
		if _, err := f.WriteAt(junk[:min(len(junk), int(fi.Size())/2)], int64(rng.IntN(int(fi.Size())/2))); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	c, err := Open(ctx, dir, zerolog.Nop())
	if err != nil {
		t.Fatalf("Open with damaged segments: %v", err)
	}
	defer c.Close()
	if n := assertConsistent(t, c); n != 1200 {
		t.Errorf("%d records after the rebuild, want 1200", n)
	}
	if err := c.Reindex(ctx); err != nil {
		t.Errorf("reindex: %v", err)
	}
}

func TestOpenSweepsTheUploadSpool(t *testing.T) {
	dir := importedDataDir(t)
	left := filepath.Join(dir, SpoolDir, "upload-123", "0000")
	if err := os.MkdirAll(filepath.Dir(left), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(left, []byte("an upload a killed server never imported"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Open(context.Background(), dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	entries, err := os.ReadDir(c.Spool())
	if err != nil || len(entries) != 0 {
		t.Errorf("spool after Open: %v entries, %v", len(entries), err)
	}
}
