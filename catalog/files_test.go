package catalog

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/internal/devset"
)

func TestListFiles(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) string {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	report := write("docs/amreesh-bio.txt", "# A profile\n")
	// The dev set's shape: labels of the text beside it, one object.
	labels := write("docs/amreesh-bio.json", `{"kind": "person", "template": "forum page", "name": "A. Person", "organization": "ISOC"}`)
	list := write("docs/projects.json", `[{"title": "Solar kiosks"}]`)
	twinList := write("docs/winners.json", `{"source": "WSIS Prizes", "projects": [{"title": "Mesh radio"}]}`)
	write("docs/winners.md", "# Winners\n")
	lonely := write("docs/one-project.json", `{"title": "Clinic radio"}`)
	hidden := write("docs/.draft.txt", "draft")
	outside := write("elsewhere/outside.md", "# Outside\n")
	linkInside := filepath.Join(root, "docs", "link.md")
	if err := os.Symlink(outside, linkInside); err != nil {
		t.Fatal(err)
	}
	linkFile := filepath.Join(root, "file-link.md")
	if err := os.Symlink(outside, linkFile); err != nil {
		t.Fatal(err)
	}
	linkDir := filepath.Join(root, "dir-link")
	if err := os.Symlink(filepath.Join(root, "elsewhere"), linkDir); err != nil {
		t.Fatal(err)
	}

	files, skipped, err := ListFiles([]string{filepath.Join(root, "docs")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{lonely, list, report, twinList, filepath.Join(root, "docs", "winners.md")}
	if !reflect.DeepEqual(files, slices.Sorted(slices.Values(want))) {
		t.Errorf("files = %v\nwant %v", files, slices.Sorted(slices.Values(want)))
	}
	reasons := map[string]string{}
	for _, s := range skipped {
		reasons[s.Path] = s.Skipped
	}
	if !strings.Contains(reasons[labels], "beside amreesh-bio.txt") {
		t.Errorf("the label file is not skipped with a reason: %q", reasons[labels])
	}
	if !strings.Contains(reasons[linkInside], "symbolic link") {
		t.Errorf("the link inside the folder is not reported: %q", reasons[linkInside])
	}
	if _, ok := reasons[hidden]; ok {
		t.Error("hidden files are passed over quietly, not reported")
	}

	// Before, a link given as the argument was not followed and the
	// import said "imported 0 files", exit 0.
	files, skipped, err = ListFiles([]string{linkFile, linkDir})
	if err != nil || len(skipped) != 0 {
		t.Fatalf("links as arguments: %v, skipped %v", err, skipped)
	}
	if want := []string{filepath.Join(linkDir, "outside.md"), linkFile}; !reflect.DeepEqual(files, want) {
		t.Errorf("links as arguments give %v, want %v", files, want)
	}

	if _, _, err := ListFiles([]string{filepath.Join(root, "missing")}); err == nil {
		t.Error("a missing path is not an error")
	}
}

// TestDevSetLabelsAreNotImported lists the real dev set, where each
// document has its labels beside it as one JSON object (issue 17, item 18):
// importing the folder must take the documents and leave every label file
// out with a reason.
func TestDevSetLabelsAreNotImported(t *testing.T) {
	dir := devset.Dir(t)
	files, skipped, err := ListFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	labels := 0
	for _, s := range skipped {
		if strings.HasSuffix(s.Path, ".json") && strings.Contains(s.Skipped, "labels or metadata") {
			labels++
		}
	}
	for _, f := range files {
		twin := strings.TrimSuffix(f, ".json") + ".txt"
		if _, err := os.Stat(twin); strings.HasSuffix(f, ".json") && err == nil {
			t.Errorf("%s would be imported as a record", f)
		}
	}
	if labels == 0 {
		t.Fatal("no label file found in the dev set; the test checked nothing")
	}
	t.Logf("%d files to import, %d label files left out", len(files), labels)
}
