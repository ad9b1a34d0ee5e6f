package text

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update rewrites the golden files: go test ./importers/text -run TestGolden -update
var update = flag.Bool("update", false, "rewrite testdata/golden/*.json from the current extractor")

// fixtures lists every fixture document of testdata, the variants
// included.
func fixtures(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{"*.txt", "*.md", filepath.Join("variants", "*.txt")} {
		m, err := filepath.Glob(filepath.Join("testdata", pat))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) == 0 {
		t.Fatal("no fixtures")
	}
	return out
}

// TestGolden checks the full JSON of every fixture's records against
// testdata/golden/<fixture>.json, so a change in any field shows in review.
// Refresh with -update after checking the differences are intended.
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, path := range fixtures(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := Parse(context.Background(), name, bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(recs, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			rel, _ := filepath.Rel("testdata", path)
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(rel, filepath.Ext(rel))+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("records differ from %s; diff the output of `stocktake parse --json %s` against it, then run with -update if the change is intended", golden, path)
			}
		})
	}
}

// TestExplainNamesRuleAndLine: every record says which rule gave its kind
// and title, and evidence that cites a line cites a line of the file.
func TestExplainNamesRuleAndLine(t *testing.T) {
	t.Parallel()
	for _, path := range fixtures(t) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(string(b), "\n") + 1
		norm := normalize(string(b))
		recs, err := Parse(context.Background(), path, bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			fields := map[string]bool{}
			for _, ev := range r.Explain {
				fields[ev.Field] = true
				if ev.Rule == "" {
					t.Errorf("%s: evidence without a rule: %+v", path, ev)
				}
				if ev.Line < 0 || ev.Line > lines {
					t.Errorf("%s: evidence cites line %d of %d", path, ev.Line, lines)
				}
				if ev.Line > 0 && !strings.Contains(norm, strings.TrimSpace(ev.Text)[:min(20, len(strings.TrimSpace(ev.Text)))]) {
					t.Errorf("%s: evidence text %q not in the file", path, ev.Text)
				}
			}
			if !fields["kind"] {
				t.Errorf("%s: no evidence for the kind", path)
			}
			if r.Title != "" && !fields["title"] && r.Kind != "project" {
				t.Errorf("%s: title %q without evidence", path, r.Title)
			}
		}
	}
}
