package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeRefusesAShortStaffToken(t *testing.T) {
	var out, errb strings.Builder
	e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(k string) string {
		if k == "STOCKTAKE_STAFF_TOKEN" {
			return "x" // before, a one-character token was accepted
		}
		return ""
	}}
	code := run(t.Context(), e, []string{"serve", "--data", filepath.Join(t.TempDir(), "data"), "--addr", "127.0.0.1:0"})
	if code != exitUsage || !strings.Contains(errb.String(), "at least 16") {
		t.Errorf("exit %d, stderr %q; want 2 naming the minimum length", code, errb.String())
	}
}

// TestDamagedDataDirExitCode: a damaged or lost store is refused with exit
// 4 by every command, and serve does not load the demo over it.
func TestDamagedDataDirExitCode(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	writeCLIFiles(t, filepath.Join(dir, "good"), cliGoodFiles)
	if code, out, errs := cli(t, "import", "--data", data, filepath.Join(dir, "good")); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	store := filepath.Join(data, "stocktake.db")
	if err := os.Truncate(store, 4096); err != nil { // cut short: less than its two meta pages
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"search", "--data", data, "library"},
		{"import", "--data", data, filepath.Join(dir, "good")},
		{"reindex", "--data", data},
	} {
		code, _, errs := cli(t, args...)
		if code != exitDamaged || !strings.Contains(errs, "damaged") {
			t.Errorf("%s on a damaged store: exit %d, %q; want 4 saying it is damaged", args[0], code, errs)
		}
	}
	if err := os.Remove(store); err != nil {
		t.Fatal(err)
	}
	code, _, errs := cli(t, "serve", "--data", data, "--addr", "127.0.0.1:0")
	if code != exitDamaged || !strings.Contains(errs, "missing") || strings.Contains(errs, "demo") {
		t.Errorf("serve on a lost store: exit %d, %q; want 4, and no demo", code, errs)
	}
	if _, err := os.Stat(store); err == nil {
		t.Error("serve created a new store in place of the lost one")
	}
}

// TestDiskFullCLI imports into a data dir on a small tmpfs until the disk
// is full. Before, the import ended in a Bleve panic and a stack trace.
// Mounting needs root on Linux; elsewhere the test skips, and
// catalog's injected-failure tests cover the same path.
func TestDiskFullCLI(t *testing.T) {
	mnt := filepath.Join(t.TempDir(), "small")
	if err := os.MkdirAll(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := mountTmpfs(mnt, "size=2m"); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v)", err)
	}
	t.Cleanup(func() { _ = unmount(mnt) })
	src := t.TempDir()
	for f := range 8 {
		var b strings.Builder
		for i := range 250 {
			fmt.Fprintf(&b, `{"id": "D-%d-%d", "title": "Disk test project %d-%d", "countries": ["Kenya"], "summary": "%s"}`+"\n",
				f, i, f, i, strings.Repeat("community networks and spectrum ", 20))
		}
		if err := os.WriteFile(filepath.Join(src, fmt.Sprintf("batch-%02d.jsonl", f)), []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(mnt, "data")
	code, out, errs := cli(t, "import", "--data", data, src)
	t.Logf("import on a full disk: exit %d\n%s%s", code, lastLines(out, 2), errs)
	if code != exitFailure || !strings.Contains(errs, "disk full") || strings.Contains(errs+out, "goroutine ") {
		t.Fatalf("exit %d, want 1 saying the disk is full, without a stack trace", code)
	}
	// The records stored before the disk filled up can still be searched.
	code, out, errs = cli(t, "search", "--data", data, "--size", "1", "community networks")
	t.Logf("search on the full disk: exit %d\n%s%s", code, lastLines(out, 2), errs)
	if code != 0 || strings.Contains(errs+out, "goroutine ") {
		t.Fatal("search on the full disk failed")
	}
	// Space returns: the same import completes and everything is found.
	if err := remountTmpfs(mnt, "size=64m"); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := cli(t, "import", "--data", data, src); code != 0 {
		t.Fatalf("import once space returned: exit %d\n%s%s", code, lastLines(out, 3), errs)
	}
	if code, out, _ := cli(t, "search", "--data", data, "--json", "--records", "--size", "1", "disk test project"); code != 0 || !strings.Contains(out, `"total": 2000`) {
		t.Errorf("search once space returned: exit %d, %.300s", code, out)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n") + "\n"
}
