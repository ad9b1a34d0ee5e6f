package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandLineConventions checks what a new user types: flags after
// the arguments, --help on stdout with exit 0, each error printed once,
// --version, typed numbers, and unknown filter names refused.
func TestCommandLineConventions(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	good := filepath.Join(dir, "good")
	writeCLIFiles(t, good, cliGoodFiles)
	if code, out, errs := cli(t, "import", good, "--data", data); code != 0 || !strings.Contains(out, "3 added") {
		t.Fatalf("import with the flag after the path: exit %d\n%s%s", code, out, errs)
	}

	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string // parts of each
	}{
		{"flag after the query", []string{"search", "hotspots", "--data", data}, 0, "1 result\n", ""},
		{"flags on both sides", []string{"search", "--json", "hotspots", "--data", data, "--size", "5"}, 0, `"total": 1`, ""},
		{"double dash ends the flags", []string{"search", "--data", data, "--", "--size"}, 0, "0 results", ""},
		{"help of a command", []string{"search", "--help"}, 0, "usage: stocktake search", ""},
		{"help of the program", []string{"--help"}, 0, "usage: stocktake COMMAND", ""},
		{"help command", []string{"help"}, 0, "commands:", ""},
		{"version flag", []string{"--version"}, 0, "stocktake ", ""},
		{"version command", []string{"version"}, 0, "go1.", ""},
		{"size is a number", []string{"search", "--data", data, "--size", "ten", "x"}, 2, "", `invalid value "ten" for flag -size`},
		{"unknown facet name", []string{"search", "--data", data, "--facet", "colour=blue", "x"}, 2, "", "colour: unknown parameter"},
		{"typo in a facet name", []string{"export", "--data", data, "--format", "csv", "--facet", "sgd=5"}, 2, "", "sgd: unknown parameter; did you mean sdg?"},
		{"one result", []string{"search", "--data", data, "library"}, 0, "1 result\n", ""},
		{"one file imported", []string{"import", "--data", data, filepath.Join(good, "people.csv")}, 0, "imported 1 file:", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := cli(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d, want %d\nstdout (want %q): %.400s\nstderr (want %q): %.400s", code, tt.code, tt.stdout, out, tt.stderr, errs)
			}
			if code == 0 && errs != "" {
				t.Errorf("stderr on success: %s", errs)
			}
		})
	}

	// An error is printed once, on stderr, with a pointer to --help.
	code, out, errs := cli(t, "import", "--bogus", "--data", data, good)
	if code != 2 || out != "" || strings.Count(errs, "-bogus") != 1 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "stocktake import --help") {
		t.Errorf("unknown flag: exit %d\nstdout: %q\nstderr: %q", code, out, errs)
	}
}

// TestReadCommandsNeedAStore: a mistyped --data must not create an empty
// data dir and answer "0 results".
func TestReadCommandsNeedAStore(t *testing.T) {
	typo := filepath.Join(t.TempDir(), "stocktake-dta")
	for _, args := range [][]string{
		{"search", "radio"},
		{"export", "--format", "csv"},
		{"reindex"},
		{"history", "some-id"},
		{"delete", "some-id"},
		{"restore", "some-id", "1"},
		{"clusters"},
		{"link", "join", "a", "b"},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, out, errs := cli(t, append(args, "--data", typo)...)
			if code != 1 || !strings.Contains(errs, "no stocktake data in "+typo) || strings.Contains(out, "results") {
				t.Errorf("exit %d, want 1 naming the dir\nstdout: %s\nstderr: %s", code, out, errs)
			}
			if _, err := os.Stat(typo); !os.IsNotExist(err) {
				t.Errorf("%s was created (%v)", typo, err)
			}
		})
	}
}

// TestImportWarningsAreNotSkips: rows imported without a value they could
// not read are warnings; only rows left out are "skipped".
func TestImportWarningsAreNotSkips(t *testing.T) {
	dir := t.TempDir()
	writeCLIFiles(t, dir, map[string]string{"projects.csv": "title,organization,country,year\n" +
		"Mesh radios for fishers,Coastal Link,Atlantis,2021\n" +
		"School solar labs,Bright Desk,Kenya,2022\n" +
		"Clinic tablets,Health Bridge,Narnia,2020\n" +
		"Undated kiosk,Village Power,Ghana,someday\n"})
	code, out, errs := cli(t, "import", "--data", filepath.Join(dir, "data"), filepath.Join(dir, "projects.csv"))
	for _, want := range []string{"3 added", "1 row or part left out", "2 warnings", `country "Atlantis" not recognised`, "(row skipped)", "imported 1 file:"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q (exit %d):\n%s%s", want, code, out, errs)
		}
	}
	if code != 3 {
		t.Errorf("exit %d, want 3 (part of the input left out)", code)
	}
}
