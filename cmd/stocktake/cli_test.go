package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
)

// cliGoodFiles are documents of our own writing that import cleanly: one
// session report and two people.
var cliGoodFiles = map[string]string{
	"session-library-hotspots.md": `Source: https://forum.example.net/2022/sessions/library-hotspots

# Public libraries as night-time Wi-Fi hotspots

WSIS Forum 2022, thematic workshop
Date: 2022-05-31

## WSIS action lines

- Action Line C3: Access to information and knowledge

## Outcome summary

Librarians from four towns explained how leaving the reading room router on
after closing time lets students finish homework from the car park.
`,
	"people.csv": `name,honorific,gender,organization,job_title,country,expertise,bio
Ines Carvalho,Dr.,female,Atlantic Spectrum Lab,Research Lead,Portugal,Spectrum policy,Ines studies shared spectrum for rural broadband.
Tomasz Wolski,Mr.,male,Vistula Open Data,Engineer,Poland,Open data,Tomasz maintains a registry of municipal datasets.
`,
}

// writeCLIFiles writes name→content into dir.
func writeCLIFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// storedByID reads every record of the data dir, by id.
func storedByID(t *testing.T, data string) map[string]record.Record {
	t.Helper()
	ctx := context.Background()
	cat, err := catalog.Open(ctx, data, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	out := map[string]record.Record{}
	if err := cat.Store().ForEach(ctx, func(r record.Record) error { out[r.ID] = r; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBadInputCLI runs the real command line on bad arguments and bad files
// and checks the exit code (2 usage, 1 failure) and the message of each, then
// that every record stored before is unchanged and no duplicate appeared.
func TestBadInputCLI(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	good := filepath.Join(dir, "good")
	writeCLIFiles(t, good, cliGoodFiles)
	if code, out, errs := cli(t, "import", "--data", data, good); code != 0 || !strings.Contains(out, "3 added") {
		t.Fatalf("importing the good files: exit %d\n%s%s", code, out, errs)
	}
	before := storedByID(t, data)

	bad := filepath.Join(dir, "bad")
	writeCLIFiles(t, bad, map[string]string{
		"empty.txt":        "",
		"blank.md":         " \n\t\n",
		"binary.txt":       "GIF89a\x00\x01\x02\x03\x00\x00",
		"tool.exe":         "MZ this is not a document",
		"notes.xyz":        "plain words in an unknown file type",
		"garbled":          "\xff\xfe\xfd\xfc\xfb not text",
		"latin1.txt":       "Atelier r\xe9seaux communautaires\n\nLe texte est en Latin-1, pas en UTF-8.\n",
		"truncated.html":   "<html><head><title>Half a page</title></head><body><h1>Half a pa",
		"half.json":        `[{"title":"Solar kiosks","organization":"Sun`,
		"broken-year.csv":  "title,organization,year\nFirst kiosk,Village Power,2020\nSecond kiosk,Village Power,someday\nThird kiosk,Village Power,2022\n",
		"only-header.csv":  "title,organization,year\n",
		"no-columns.csv":   "colour,flavour\nred,sweet\n",
		"deep-nest.json":   strings.Repeat("[", 100000),
		"nul-in-text.txt":  "Title line\x00 with a NUL byte\n",
		"control-chars.md": "# Title \x1b[31m in red\x1b[0m\n\nBody text.\n",
	})
	longRow := filepath.Join(dir, "long", "long-row.csv")
	writeCLIFiles(t, filepath.Dir(longRow), map[string]string{filepath.Base(longRow): "title,organization\nA short row,Harbour Radio\n\"" +
		strings.Repeat("an unterminated quote ", 400000) + "\nNever read,Nobody\n"})
	writeCLIFiles(t, bad, map[string]string{"late-nul.md": "# Late NUL\n\n" + strings.Repeat("Plain words of a report. ", 220) + "\x00 hidden\n"})
	linked := filepath.Join(dir, "linked")
	writeCLIFiles(t, linked, map[string]string{"tide-gauges.md": "# Tide gauges for harbour towns\n\nA project on SDG 14.\n"})
	link := filepath.Join(dir, "link-to-report.md")
	if err := os.Symlink(filepath.Join(linked, "tide-gauges.md"), link); err != nil {
		t.Fatal(err)
	}
	linkFolder := filepath.Join(dir, "links")
	if err := os.MkdirAll(linkFolder, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(linked, "tide-gauges.md"), filepath.Join(linkFolder, "again.md")); err != nil {
		t.Fatal(err)
	}
	emptyFolder := filepath.Join(dir, "empty-folder")
	if err := os.MkdirAll(emptyFolder, 0o700); err != nil {
		t.Fatal(err)
	}
	labelled := filepath.Join(dir, "labelled")
	writeCLIFiles(t, labelled, map[string]string{
		"kiosk-bio.txt":  "# Amara Diallo\n\nAmara runs village internet kiosks in Mali.\n",
		"kiosk-bio.json": `{"kind": "person", "template": "profile", "name": "Amara Diallo"}`,
	})
	huge := filepath.Join(dir, "huge", "huge.txt")
	writeHugeText(t, huge, catalog.MaxFileBytes+1024)
	notDir := filepath.Join(bad, "empty.txt")
	freshData := filepath.Join(dir, "fresh")

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a part of stderr
		stdout string // a part of stdout
		adds   int    // records the command adds to data
	}{
		{"no command", nil, 2, "usage: stocktake COMMAND", "", 0},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`, "", 0},
		{"unknown flag", []string{"import", "--data", data, "--bogus", good}, 2, "flag provided but not defined: -bogus", "", 0},
		{"unknown flag on search", []string{"search", "--data", data, "--colour", "x"}, 2, "flag provided but not defined", "", 0},
		{"import without a path", []string{"import", "--data", data}, 2, "no PATH given", "", 0},
		{"import of a missing path", []string{"import", "--data", data, filepath.Join(dir, "nope")}, 1, "no such file", "", 0},
		{"empty file", []string{"import", "--data", data, filepath.Join(bad, "empty.txt")}, 1, "some files were rejected", "empty file", 0},
		{"blank file", []string{"import", "--data", data, filepath.Join(bad, "blank.md")}, 1, "", "empty file", 0},
		{"binary file", []string{"import", "--data", data, filepath.Join(bad, "binary.txt")}, 1, "", "binary content", 0},
		{"executable", []string{"import", "--data", data, filepath.Join(bad, "tool.exe")}, 1, "", `unknown file type ".exe"`, 0},
		{"unknown file type", []string{"import", "--data", data, filepath.Join(bad, "notes.xyz")}, 1, "", `unknown file type ".xyz"`, 0},
		{"invalid UTF-8 without extension", []string{"import", "--data", data, filepath.Join(bad, "garbled")}, 1, "", "unsupported file", 0},
		{"file larger than the limit", []string{"import", "--data", data, huge}, 1, "", "larger than", 0},
		{"dry run of a bad file", []string{"import", "--dry-run", "--data", data, filepath.Join(bad, "binary.txt")}, 1, "", "binary content", 0},
		{"JSON cut in the middle", []string{"import", "--data", data, filepath.Join(bad, "half.json")}, 3, "part of the input was left out", "line 1", 0},
		{"deeply nested JSON", []string{"import", "--data", data, filepath.Join(bad, "deep-nest.json")}, 3, "part of the input was left out", "1 row or part left out", 0},
		{"CSV with one bad row", []string{"import", "--data", data, filepath.Join(bad, "broken-year.csv")}, 3, "part of the input was left out", "line 3", 2},
		{"CSV with an over-long row", []string{"import", "--data", data, longRow}, 3, "part of the input was left out", "rest of file not read", 1},
		{"NUL byte past the first 4 KiB", []string{"import", "--data", data, filepath.Join(bad, "late-nul.md")}, 1, "some files were rejected", "NUL byte at byte 5", 0},
		{"symbolic link to a file", []string{"import", "--data", data, link}, 0, "", "1 added", 1},
		{"folder of links only", []string{"import", "--data", data, linkFolder}, 0, "", "1 file skipped", 0},
		{"empty folder", []string{"import", "--data", data, emptyFolder}, 1, "nothing to import", "", 0},
		{"labels beside a text", []string{"import", "--data", data, labelled}, 0, "", "taken for its labels", 1},
		{"CSV with only a header", []string{"import", "--data", data, filepath.Join(bad, "only-header.csv")}, 0, "", "0 added", 0},
		{"CSV with no known column", []string{"import", "--data", data, filepath.Join(bad, "no-columns.csv")}, 1, "", "no recognised columns", 0},
		{"text with invalid UTF-8", []string{"import", "--data", data, filepath.Join(bad, "latin1.txt")}, 1, "", "not valid UTF-8", 0},
		{"truncated HTML", []string{"import", "--data", data, filepath.Join(bad, "truncated.html")}, 0, "", "1 added", 1},
		{"text with escape sequences", []string{"import", "--data", data, filepath.Join(bad, "control-chars.md")}, 0, "", "1 added", 1},
		{"text with a NUL byte", []string{"import", "--data", data, filepath.Join(bad, "nul-in-text.txt")}, 1, "", "binary content", 0},
		{"duplicate import", []string{"import", "--data", data, good}, 0, "", "0 added, 0 updated, 3 unchanged", 0},
		{"same file twice in one command", []string{"import", "--data", data, filepath.Join(good, "people.csv"), filepath.Join(good, "people.csv")}, 0, "", "0 added, 0 updated, 4 unchanged", 0},
		{"data dir is a file", []string{"search", "--data", notDir, "radio"}, 1, "stocktake search:", "", 0},
		{"reindex with a stray argument", []string{"reindex", "--data", data, data}, 2, "unexpected argument", "", 0},
		{"serve on a taken address", []string{"serve", "--data", data, "--addr", "256.0.0.1:1"}, 1, "listen on", "", 0},
		{"export without --format", []string{"export", "--data", data}, 2, `unknown format ""`, "", 0},
		{"export in an unknown format", []string{"export", "--data", data, "--format", "xml"}, 2, `unknown format "xml"`, "", 0},
		{"export with a bad filter", []string{"export", "--data", data, "--format", "csv", "--facet", "sdg=0"}, 2, "not an SDG", "", 0},
		{"sdg 99", []string{"search", "--data", data, "--facet", "sdg=99"}, 2, "not an SDG", "", 0},
		{"action line C99", []string{"search", "--data", data, "--facet", "action_line=C99"}, 2, "not a WSIS action line", "", 0},
		{"year abc", []string{"search", "--data", data, "--facet", "year=abc"}, 2, "not a year", "", 0},
		{"unknown country", []string{"search", "--data", data, "--facet", "country=Atlantis"}, 2, "not a country", "", 0},
		{"facet without a value", []string{"search", "--data", data, "--facet", "sdg"}, 2, "want NAME=VALUE", "", 0},
		{"huge size", []string{"search", "--data", data, "--size", "100000", "x"}, 2, "size: must be a whole number", "", 0},
		{"negative page", []string{"search", "--data", data, "--page", "-1", "x"}, 2, "page: must be a whole number", "", 0},
		{"query of 10,000 characters", []string{"search", "--data", data, strings.Repeat("a", 10000)}, 2, "the limit is 500", "", 0},
		{"query of invalid UTF-8", []string{"search", "--data", data, "\xff\xfe"}, 2, "not valid UTF-8", "", 0},
		{"script tag as a query", []string{"search", "--data", data, "<script>alert(1)</script>"}, 0, "", "0 results", 0},
		{"unknown log level", []string{"search", "--data", data, "--log-level", "loud", "x"}, 2, "want debug, info, warn or error", "", 0},
		{"parse without a file", []string{"parse", "--json"}, 2, "no FILE given", "", 0},
		{"parse of a missing file", []string{"parse", "--json", filepath.Join(dir, "nope.txt")}, 1, "no such file", "", 0},
		{"parse of a binary file", []string{"parse", "--json", filepath.Join(bad, "binary.txt")}, 1, "binary content", "", 0},
		{"parse of invalid UTF-8 text", []string{"parse", "--json", filepath.Join(bad, "latin1.txt")}, 1, "not valid UTF-8", "", 0},
		{"serve with an argument", []string{"serve", "--data", freshData, "extra"}, 2, `unexpected argument "extra"`, "", 0},
		{"serve on a bad address", []string{"serve", "--data", freshData, "--no-demo", "--addr", "127.0.0.1:99999"}, 1, "listen", "", 0},
	}
	added := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := cli(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %.500s\nstderr: %.500s", code, tt.code, out, errs)
			}
			if !strings.Contains(errs, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%.500s", tt.stderr, errs)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%.500s", tt.stdout, out)
			}
		})
		added += tt.adds
	}

	after := storedByID(t, data)
	for id, r := range before {
		if !reflect.DeepEqual(after[id], r) {
			t.Errorf("record %s changed:\nbefore %+v\nafter  %+v", id, r, after[id])
		}
	}
	if len(after) != len(before)+added {
		t.Errorf("%d records after the bad input, want %d + %d", len(after), len(before), added)
	}
	for id, r := range after {
		if !utf8.ValidString(r.Title) || !utf8.ValidString(r.Body) || !utf8.ValidString(r.Summary) {
			t.Errorf("record %s stores invalid UTF-8: %q", id, r.Title)
		}
	}
	checkOwnerOnly(t, data)
}

// writeHugeText writes a readable text file of size bytes.
func writeHugeText(t *testing.T, path string, size int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	line := []byte("Delegates compared notes on rural broadband and spectrum sharing.\n")
	buf := bytes.Repeat(line, size/len(line)+1)
	if err := os.WriteFile(path, buf[:size], 0o600); err != nil {
		t.Fatal(err)
	}
}

// checkOwnerOnly checks that nothing in the data dir (store, index, their
// folders) is open to group or others.
func checkOwnerOnly(t *testing.T, data string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(data, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		n++
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s has mode %v, want no access for group and others", path, perm)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 3 {
		t.Errorf("only %d entries in the data dir; the check saw no store or index", n)
	}
}

// TestImportIntoLockedDataDir checks that import fails at once with advice
// when another holder has the data dir open, instead of waiting on the lock.
func TestImportIntoLockedDataDir(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	writeCLIFiles(t, filepath.Join(dir, "good"), cliGoodFiles)
	cat, err := catalog.Open(context.Background(), data, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	code, out, errs := cli(t, "import", "--data", data, filepath.Join(dir, "good"))
	if code != 1 || !strings.Contains(errs, "in use by another stocktake process") {
		t.Errorf("exit %d, want 1 with advice\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if n, err := cat.Store().Count(context.Background()); err != nil || n != 0 {
		t.Errorf("store holds %d records (err %v), want 0", n, err)
	}
}
