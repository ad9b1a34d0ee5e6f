package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// cli runs one command line against a fresh env and returns its outputs.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// sessionFixtures copies the five session reports of web/testdata (our own
// writing) into a folder of their own and returns it.
func sessionFixtures(t *testing.T) string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "web", "testdata", "*.md"))
	if err != nil || len(paths) != 5 {
		t.Fatalf("want the 5 session fixtures of web/testdata, got %d (%v)", len(paths), err)
	}
	dir := t.TempDir()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestImportTwiceAndReindex is the repeatability promise: importing the
// same folder twice adds nothing, and a rebuilt index answers the same.
func TestImportTwiceAndReindex(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	fixtures := sessionFixtures(t)

	code, out, errs := cli(t, "import", "--data", data, fixtures)
	if code != 0 || !strings.Contains(out, "5 added, 0 updated, 0 unchanged") {
		t.Fatalf("first import: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli(t, "import", "--data", data, fixtures)
	if code != 0 || !strings.Contains(out, "0 added, 0 updated, 5 unchanged") {
		t.Fatalf("second import: exit %d\n%s%s", code, out, errs)
	}

	queries := [][]string{{"women"}, {"--facet", "kind=session", "health"}, {"--facet", "year=2024"}, {"rural"}}
	before := make([][]string, len(queries))
	for i, q := range queries {
		before[i] = searchIDs(t, data, q)
	}
	if code, out, errs := cli(t, "reindex", "--data", data); code != 0 || !strings.Contains(out, "reindexed 5 records") {
		t.Fatalf("reindex: exit %d\n%s%s", code, out, errs)
	}
	for i, q := range queries {
		if after := searchIDs(t, data, q); !slices.Equal(before[i], after) {
			t.Errorf("search %v: %v before reindex, %v after", q, before[i], after)
		}
	}
	if len(before[0]) == 0 {
		t.Error("the query 'women' found nothing in the fixtures; the comparison proves little")
	}
}

func searchIDs(t *testing.T, data string, q []string) []string {
	t.Helper()
	code, out, errs := cli(t, append([]string{"search", "--data", data, "--json"}, q...)...)
	if code != 0 {
		t.Fatalf("search %v: exit %d %s", q, code, errs)
	}
	var resp struct {
		Hits []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range resp.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestExportMatchesSearchTotal(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out, errs := cli(t, "import", "--data", data, sessionFixtures(t)); code != 0 {
		t.Fatalf("import: %s%s", out, errs)
	}
	code, out, errs := cli(t, "export", "--data", data, "--format", "jsonl", "--facet", "kind=session")
	if code != 0 {
		t.Fatalf("export: exit %d %s", code, errs)
	}
	lines := strings.Count(out, "\n")
	code, csvOut, _ := cli(t, "export", "--data", data, "--format", "csv", "--facet", "kind=session")
	if code != 0 || strings.Count(csvOut, "\n") < lines+1 {
		t.Errorf("csv export has fewer rows than the jsonl export (%d records)", lines)
	}
	if lines != 5 {
		t.Errorf("export wrote %d records, want the 5 sessions", lines)
	}
	if strings.Contains(out, `"contact"`) {
		t.Error("export leaks contact details")
	}
}

// TestWomenInTechCSVSearchable imports the demo's women-in-tech CSV and
// finds one person through each of her fields.
func TestWomenInTechCSVSearchable(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out, errs := cli(t, "import", "--data", data, filepath.Join("..", "..", "testdata", "demo", "women-in-tech.csv")); code != 0 {
		t.Fatalf("import: %s%s", out, errs)
	}
	const who = "Efua Mensah-Boateng"
	tests := [][]string{
		{"Mensah-Boateng"},             // name
		{"Volta", "Digital", "Health"}, // organization
		{"medical", "informatics"},     // job title
		{"telemedicine"},               // expertise
		{"teleconsultation"},           // bio
		{"--facet", "country=Ghana", "--facet", "kind=person", "--facet", "action_line=C7.e-health"},
		{"--facet", "sdg=3", "--facet", "language=Twi"},
		{"--facet", "region=Africa", "--facet", "gender=female", "health"},
	}
	for _, q := range tests {
		code, out, errs := cli(t, append([]string{"search", "--data", data, "--json"}, q...)...)
		if code != 0 {
			t.Fatalf("search %v: %s", q, errs)
		}
		var resp struct {
			Hits []struct {
				Name    string
				Contact any
			}
		}
		if err := json.Unmarshal([]byte(out), &resp); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range resp.Hits {
			found = found || h.Name == who
			if h.Contact != nil {
				t.Errorf("search %v shows contact details", q)
			}
		}
		if !found {
			t.Errorf("search %v does not find %s", q, who)
		}
	}
}
