package catalog

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// Environment of the child process of TestKillDuringImport.
const (
	envChildData = "STOCKTAKE_TEST_CHILD_DATA"
	envChildSrc  = "STOCKTAKE_TEST_CHILD_SRC"
)

// TestKillDuringImport runs an import in a child process, kills it with
// SIGKILL at random moments, and checks after each kill that the data dir
// opens, that every committed record is searchable, and finally that the
// import completes.
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
	killedMidway := 0
	for round := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildImport$", "-test.count=1")
		cmd.Env = append(os.Environ(), envChildData+"="+data, envChildSrc+"="+src)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The sleep picks a kill point; nothing is asserted about time.
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()

		c, err := Open(ctx, data, zerolog.Nop())
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		n := assertConsistent(t, c)
		if n > 0 && n < files*perFile {
			killedMidway++
		}
		c.Close()
		t.Logf("round %d: %d records committed", round, n)
	}
	if killedMidway == 0 {
		t.Log("no kill landed in the middle of an import on this machine; consistency was still checked")
	}
	c, err := Open(ctx, data, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := assertConsistent(t, c); n != files*perFile {
		t.Errorf("after the final import %d records, want %d", n, files*perFile)
	}
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
