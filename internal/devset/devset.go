// Package devset locates the real, hand-labelled development documents that
// live beside the repository (../shared/eval/dev), for tests that measure
// the product on real pages. The documents are never copied into the
// repository; tests that need them skip when they are absent.
package devset

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the dev set folder, or skips t when it is not there (a clean
// clone on a machine without the shared material).
func Dir(t testing.TB) string {
	t.Helper()
	d, ok := Find()
	if !ok {
		t.Skip("real dev set not found (../shared/eval/dev beside the repository); skipping")
	}
	return d
}

// Find looks for ../shared/eval/dev next to the module root, walking up
// from the working directory.
func Find() (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "eval", "dev")
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d, true
			}
			return "", false
		}
		if filepath.Dir(dir) == dir {
			return "", false
		}
	}
}
