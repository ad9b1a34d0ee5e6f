package record

import (
	"fmt"
	"testing"
)

func TestIdentityID(t *testing.T) {
	page := Source{URL: "https://example.org/profiles", File: "a.txt"}
	person := func(name, job, org string, src Source) Record {
		return Record{Kind: KindPerson, Name: name, Title: job, JobTitle: job, Organization: org, Source: src}
	}
	project := func(title, org string, src Source) Record {
		return Record{Kind: KindProject, Title: title, Organization: org, Source: src}
	}
	tests := []struct {
		name   string
		a, b   Record
		list   bool
		wantEq bool
	}{
		{"two people with one position at one organisation", person("Alice Moreau", "Director", "UNESCO", page), person("Beatrice Okafor", "Director", "UNESCO", page), true, false},
		{"one person with a new position", person("Alice Moreau", "Director", "UNESCO", page), person("Alice Moreau", "Adviser", "ITU", page), true, true},
		{"one person, honorific and word order", person("Dr. Zoë Ngũgĩ", "", "", page), person("NGUGI, Zoe", "", "", page), false, true},
		{"two profiles at one URL", person("Amina Diallo", "", "", page), person("Chen Wei", "", "", page), false, false},
		{"two documents at one URL", project("Report of WS 12", "", page), project("Report of WS 13", "", page), false, false},
		{"one document re-imported from another file", project("Report of WS 12", "", page), project("report of ws  12", "", Source{URL: page.URL, File: "b.txt"}), false, true},
		{"no URL: the file name is the source", project("Mesh", "", Source{File: "x.txt"}), project("Mesh", "", Source{File: "y.txt"}), false, false},
		{"list entries: same title, other organisation", project("National Portal", "Ministry A", page), project("National Portal", "Ministry B", page), true, false},
		{"single document: the organisation may change", project("National Portal", "Ministry A", page), project("National Portal", "Ministry B", page), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := IdentityID(tt.a, tt.list), IdentityID(tt.b, tt.list)
			if (a == b) != tt.wantEq {
				t.Errorf("ids %s and %s, want equal=%v", a, b, tt.wantEq)
			}
		})
	}
}

func TestDisambiguate(t *testing.T) {
	recs := []Record{{ID: "w1", Kind: KindPerson}, {ID: "w2", Kind: KindPerson}, {ID: "w1", Kind: KindPerson}, {ID: "w1", Kind: KindPerson}}
	Disambiguate(recs)
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.ID] {
			t.Fatalf("id %s twice after Disambiguate: %+v", r.ID, recs)
		}
		seen[r.ID] = true
	}
	if recs[0].ID != "w1" || recs[1].ID != "w2" {
		t.Errorf("the first holder of an id must keep it: %+v", recs)
	}
	again := []Record{{ID: "w1", Kind: KindPerson}, {ID: "w2", Kind: KindPerson}, {ID: "w1", Kind: KindPerson}, {ID: "w1", Kind: KindPerson}}
	Disambiguate(again)
	for i := range recs {
		if recs[i].ID != again[i].ID {
			t.Errorf("Disambiguate is not repeatable: %v vs %v", recs, again)
		}
	}
}

func ExampleIdentityID() {
	a := Record{Kind: KindPerson, Name: "Alice Moreau", Title: "Director", Organization: "UNESCO", Source: Source{File: "people.csv"}}
	b := Record{Kind: KindPerson, Name: "Beatrice Okafor", Title: "Director", Organization: "UNESCO", Source: Source{File: "people.csv"}}
	fmt.Println("same entity:", IdentityID(a, true) == IdentityID(b, true))
	// Output: same entity: false
}
