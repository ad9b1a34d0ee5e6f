package catalog

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// diskFull is the error a write gets on a full disk.
var diskFull = &fs.PathError{Op: "write", Path: "000000000002.zap", Err: syscall.ENOSPC}

// TestIndexWriteFailureTurnsReadOnly injects the failure the disk-full
// attack produced: the index write fails after the store took the file.
// Before, the import went on to the next Bleve batch, which panicked in
// the damaged index ("assignment to entry in nil map") and ended the
// process with a stack trace.
func TestIndexWriteFailureTurnsReadOnly(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	writeJSONL(t, src, 3, 5)
	dir := filepath.Join(t.TempDir(), "data")
	c, err := Open(ctx, dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	c.fault = func(stage string) error {
		if stage == "index" {
			return diskFull
		}
		return nil
	}
	_, err = c.Import(ctx, []string{src}, ImportOptions{})
	if !errors.Is(err, ErrReadOnly) || !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("import: %v, want a read-only error saying the disk is full", err)
	}
	h := c.Health()
	if !h.ReadOnly || !strings.Contains(h.Reason, "disk of the data dir is full") || strings.Contains(h.Reason, dir) {
		t.Errorf("health = %+v, want read-only with a reason and no path", h)
	}
	// Writes stay refused even once the disk is fine: the open index is
	// not to be trusted after a failed write.
	c.fault = nil
	c.gate.probeEvery = time.Nanosecond
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("second import: %v, want ErrReadOnly", err)
	}
	stored, _ := c.Store().Count(ctx)
	c.Close()

	// The restart repairs it: the records the store took are indexed.
	c, err = Open(ctx, dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n := assertConsistent(t, c); n != stored || n == 0 {
		t.Errorf("after restart %d records consistent, want the %d stored", n, stored)
	}
	if c.Health().ReadOnly {
		t.Error("still read-only after a restart")
	}
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Errorf("import after restart: %v", err)
	}
}

// TestStoreWriteFailureTurnsReadOnlyUntilSpaceReturns fails the store
// write, then gives the disk space back.
func TestStoreWriteFailureTurnsReadOnlyUntilSpaceReturns(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	writeJSONL(t, src, 2, 5)
	free := uint64(1 << 30)
	c, err := Open(ctx, filepath.Join(t.TempDir(), "data"), zerolog.Nop(),
		WithFreeSpace(func(string) (uint64, uint64, error) { return free, 100 << 30, nil }))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.gate.probeEvery = time.Nanosecond
	c.fault = func(stage string) error {
		if stage == "store" {
			return diskFull
		}
		return nil
	}
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("import: %v, want ErrDiskFull", err)
	}
	free = 10 << 20 // the disk is still nearly full
	c.fault = nil
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("import on a nearly full disk: %v, want ErrReadOnly", err)
	}
	if n, _ := c.Store().Count(ctx); n != 0 {
		t.Errorf("%d records stored while read-only", n)
	}
	free = 1 << 30 // space returned
	if h := c.Health(); h.ReadOnly {
		t.Errorf("health = %+v after space returned", h)
	}
	res, err := c.Import(ctx, []string{src}, ImportOptions{})
	if err != nil || len(res) != 2 || res[0].Added != 5 {
		t.Errorf("import after space returned: %v, %+v", err, res)
	}
}

// TestLowDiskSpaceStopsWritesBeforeTheyFail turns read-only when the free
// space drops under MinFreeBytes, before bbolt or Bleve run out.
func TestLowDiskSpaceStopsWritesBeforeTheyFail(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	writeJSONL(t, src, 1, 5)
	c, err := Open(ctx, filepath.Join(t.TempDir(), "data"), zerolog.Nop(),
		WithFreeSpace(func(string) (uint64, uint64, error) { return MinFreeBytes - 1, 100 << 30, nil }))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Import(ctx, []string{src}, ImportOptions{})
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "MiB free") {
		t.Fatalf("import: %v, want ErrDiskFull naming the free space", err)
	}
	if _, err := c.Import(ctx, []string{src}, ImportOptions{DryRun: true}); err != nil {
		t.Errorf("a dry run writes nothing and should work: %v", err)
	}
}
