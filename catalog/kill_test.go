package catalog

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/record"
)

// Environment of the child process of TestKillDuringImport.
const (
	envChildData = "STOCKTAKE_TEST_CHILD_DATA"
	envChildSrc  = "STOCKTAKE_TEST_CHILD_SRC"
)

// TestKillDuringImport runs an import in a child process, kills it with
// SIGKILL at random moments, and checks after each kill that the data dir
// opens, that every committed record is searchable, and finally that the
// import completes. Then it does the same with an edited copy of the files:
// after each kill every record is either still the first edition or the
// second with the first archived as its previous version, never lost.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	const files, perFile = 40, 50
	src := t.TempDir()
	writeJSONL(t, src, files, perFile)
	data := filepath.Join(t.TempDir(), "data")
	rng := rand.New(rand.NewPCG(7, 11))
	ctx := context.Background()

	killMidImport(t, rng, data, src, func(c *Catalog) bool {
		n := assertConsistent(t, c)
		t.Logf("%d records committed", n)
		return n > 0 && n < files*perFile
	})
	c, err := Open(ctx, data, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := assertConsistent(t, c); n != files*perFile {
		t.Errorf("after the final import %d records, want %d", n, files*perFile)
	}
	c.Close()

	const edition = " (second edition)"
	writeJSONLEdition(t, src, files, perFile, edition)
	killMidImport(t, rng, data, src, func(c *Catalog) bool {
		n := assertConsistent(t, c)
		updated := assertBothEditions(t, c, edition)
		t.Logf("%d records, %d updated", n, updated)
		if n != files*perFile {
			t.Errorf("%d records after a kill during an update, want %d", n, files*perFile)
		}
		return updated > 0 && updated < n
	})
	c, err = Open(ctx, data, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if updated := assertBothEditions(t, c, edition); updated != files*perFile {
		t.Errorf("after the final update %d records are the second edition, want %d", updated, files*perFile)
	}
}

// killMidImport imports src into data in child processes killed after a
// random delay, and calls check on the reopened data dir after each kill;
// check reports whether the kill landed in the middle of the import.
func killMidImport(t *testing.T, rng *rand.Rand, data, src string, check func(*Catalog) bool) {
	t.Helper()
	killMidImportAfter(t, rng, 50, 400, data, src, check)
}

// killMidImportAfter is killMidImport with kills from minMS to minMS+spanMS
// milliseconds after the start.
func killMidImportAfter(t *testing.T, rng *rand.Rand, minMS, spanMS int, data, src string, check func(*Catalog) bool) {
	t.Helper()
	ctx := context.Background()
	midway := 0
	for round := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildImport$", "-test.count=1")
		cmd.Env = append(os.Environ(), envChildData+"="+data, envChildSrc+"="+src)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The sleep picks a kill point; nothing is asserted about time.
		time.Sleep(time.Duration(minMS+rng.IntN(spanMS)) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()

		c, err := Open(ctx, data, zerolog.Nop())
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		if check(c) {
			midway++
		}
		c.Close()
	}
	if midway == 0 {
		t.Log("no kill landed in the middle of an import on this machine; consistency was still checked")
	}
}

// assertBothEditions checks that every record is the first edition, or the
// second with the first as its archived previous version, and returns how
// many are the second.
func assertBothEditions(t *testing.T, c *Catalog, edition string) int {
	t.Helper()
	ctx := context.Background()
	updated := 0
	err := c.Store().ForEach(ctx, func(r record.Record) error {
		if !strings.HasSuffix(r.Title, edition) {
			return nil
		}
		updated++
		h, err := c.Store().History(ctx, r.ID)
		if err != nil {
			return err
		}
		if len(h.Versions) != 1 || h.Versions[0].Record.Title != strings.TrimSuffix(r.Title, edition) {
			t.Errorf("%s: updated to %q but the first edition is not archived: %+v", r.ID, r.Title, h.Versions)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return updated
}

// TestChildImport is the child process of TestKillDuringImport.
func TestChildImport(t *testing.T) {
	data, src := os.Getenv(envChildData), os.Getenv(envChildSrc)
	if data == "" || src == "" {
		t.Skip("child process of TestKillDuringImport")
	}
	ctx := context.Background()
	c, err := Open(ctx, data, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}
