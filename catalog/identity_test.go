package catalog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// TestIdentityOnImport checks the identity rules end to end (issue 16,
// issue 15 item 4): different entities never replace each other, the same
// entity is updated in place, and importing unchanged files changes
// nothing.
func TestIdentityOnImport(t *testing.T) {
	type file struct{ name, body string }
	type step struct {
		files                     []file
		added, updated, unchanged int
		newAtSource               int
		stored                    int
	}
	const profileURL = "Source: https://example.org/women-in-digital/profiles\n"
	tests := []struct {
		name  string
		steps []step
	}{
		{"tabular people with the same job title and organisation stay two", []step{
			{files: []file{{"people.csv", "Name,Job Title,Organization\nAlice Moreau,Director,UNESCO\nBeatrice Okafor,Director,UNESCO\n"}},
				added: 2, stored: 2},
			{files: []file{{"people.csv", "Name,Job Title,Organization\nAlice Moreau,Director,UNESCO\nBeatrice Okafor,Director,UNESCO\n"}},
				unchanged: 2, stored: 2},
		}},
		{"a person's new job title updates the same person", []step{
			{files: []file{{"staff.csv", "Name,Job Title,Organization\nAlice Moreau,Director,UNESCO\n"}}, added: 1, stored: 1},
			{files: []file{{"staff.csv", "Name,Job Title,Organization\nAlice Moreau,Deputy Director-General,UNESCO\n"}}, updated: 1, stored: 1},
		}},
		{"two people with one name in one file are both kept, and stay unchanged", []step{
			{files: []file{{"panel.csv", "Name,Job Title,Organization\nMaria Garcia,Engineer,ITU\nMaria Garcia,Minister,Ministry of ICT\n"}},
				added: 2, stored: 2},
			{files: []file{{"panel.csv", "Name,Job Title,Organization\nMaria Garcia,Engineer,ITU\nMaria Garcia,Minister,Ministry of ICT\n"}},
				unchanged: 2, stored: 2},
		}},
		{"profiles of one page imported as separate files are separate records", []step{
			{files: []file{{"amina.txt", profileURL + "Amina Diallo\nFounder, Dakar Code Club\n\nAmina teaches girls to code in Dakar.\n"}},
				added: 1, stored: 1},
			{files: []file{{"chen.txt", profileURL + "Chen Wei\nChief Engineer, Pacific Fibre Lab\n\nChen builds undersea cable monitoring.\n"}},
				added: 1, newAtSource: 1, stored: 2},
			{files: []file{
				{"amina.txt", profileURL + "Amina Diallo\nFounder, Dakar Code Club\n\nAmina teaches girls to code in Dakar.\n"},
				{"chen.txt", profileURL + "Chen Wei\nChief Engineer, Pacific Fibre Lab\n\nChen builds undersea cable monitoring.\n"},
			}, unchanged: 2, stored: 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c, err := Open(ctx, t.TempDir(), zerolog.Nop())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			for i, st := range tt.steps {
				src := t.TempDir()
				var paths []string
				for _, f := range st.files {
					p := filepath.Join(src, f.name)
					if err := os.WriteFile(p, []byte(f.body), 0o600); err != nil {
						t.Fatal(err)
					}
					paths = append(paths, p)
				}
				rs, err := c.Import(ctx, paths, ImportOptions{})
				if err != nil {
					t.Fatal(err)
				}
				var a, u, un, nas int
				for _, r := range rs {
					if r.Rejected != "" {
						t.Fatalf("step %d: %s rejected: %s", i, r.Path, r.Rejected)
					}
					a, u, un, nas = a+r.Added, u+r.Updated, un+r.Unchanged, nas+r.NewAtSource
				}
				if a != st.added || u != st.updated || un != st.unchanged || nas != st.newAtSource {
					t.Errorf("step %d: added/updated/unchanged/new-at-source = %d/%d/%d/%d, want %d/%d/%d/%d",
						i, a, u, un, nas, st.added, st.updated, st.unchanged, st.newAtSource)
				}
				if n := assertConsistent(t, c); n != st.stored {
					t.Errorf("step %d: %d records stored, want %d", i, n, st.stored)
				}
			}
		})
	}
}

// TestManyTabularPeople: 4,000 generated people, many sharing a job title
// and organisation and some sharing a name, are 4,000 records, and a second
// import of the file finds every one unchanged (issue 15: 74 of 4,000
// vanished, and every re-import reported 148 updated).
func TestManyTabularPeople(t *testing.T) {
	ctx := context.Background()
	var b strings.Builder
	b.WriteString("Name,Job Title,Organization,Country\n")
	titles := []string{"Director", "Engineer", "Researcher", "Minister"}
	orgs := []string{"UNESCO", "ITU", "Ministry of ICT", "Open Data Lab"}
	const n = 4000
	for i := range n {
		// 1,000 given names x 3 family names: every name recurs.
		fmt.Fprintf(&b, "Given%d Family%d,%s,%s,Kenya\n", i%1000, i%3, titles[i%len(titles)], orgs[i%len(orgs)])
	}
	path := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Open(ctx, t.TempDir(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i, want := range []FileResult{{Added: n}, {Unchanged: n}} {
		rs, err := c.Import(ctx, []string{path}, ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := rs[0]; got.Added != want.Added || got.Updated != 0 || got.Unchanged != want.Unchanged || len(got.RowErrors) > 0 {
			t.Errorf("import %d: %+v, want %d added, %d unchanged", i+1, got, want.Added, want.Unchanged)
		}
	}
	if got, _ := c.Store().Count(ctx); got != n {
		t.Errorf("%d people stored, want %d", got, n)
	}
}
