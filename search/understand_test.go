package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// chipString writes a chip as facet=value, with "!" when applied.
func chipString(c Chip) string {
	s := c.Facet + "=" + c.Value
	if c.Applied {
		s += "!"
	}
	return s
}

func TestUnderstand(t *testing.T) {
	tests := []struct {
		q     string
		text  string
		chips []string
	}{
		// Codes, places and kinds are offered, and their words searched.
		{"e-agriculture projects in Africa for SDG 2", "e-agriculture projects Africa SDG 2",
			[]string{"action_line=C7.e-agriculture", "kind=project", "region=Africa", "sdg=2"}},
		{"action line C5 cybersecurity", "action line C5 cybersecurity", []string{"action_line=C5"}},
		{"C7 e-government Gulf states", "C7 e-government Gulf states", []string{"action_line=C7.e-government"}},
		{"AI in Latin America", "AI Latin America", []string{"region=Americas"}},
		{"gobernanza de internet América Latina", "gobernanza de internet América Latina", []string{"region=Americas"}},
		{"projects in South Africa", "projects South Africa", []string{"kind=project", "country=ZA"}},
		{"WSIS Prizes 2020", "WSIS Prizes 2020", []string{"event=WSIS Prizes", "year=2020"}},
		// Official names offer their code; the words stay words.
		{"SDG 5 gender equality", "SDG 5 gender equality", []string{"sdg=5"}},
		{"C4 capacity building", "C4 capacity building", []string{"action_line=C4"}},
		{"capacity building", "capacity building", []string{"action_line=C4"}},
		// "Best practices" are not a kind of record (17.1).
		{"best practices", "best practices", nil},
		{"e-health best practices Africa", "e-health best practices Africa", []string{"action_line=C7.e-health", "region=Africa"}},
		// Women: a topic alone, a person's gender next to a role.
		{"digital skills training for women", "digital skills training women", []string{"gender_focus=primary"}},
		{"women engineers telecom", "women engineers telecom", []string{"gender=female"}},
		{"women role models girls coding", "women role-models girls coding", []string{"gender=female"}},
		// Filter syntax applies filters and leaves the text.
		{"sdg:5 al:C4 telemedicine", "telemedicine", []string{"sdg=5!", "action_line=C4!"}},
		{`region:"Asia & Pacific" country:Kenya, kind:project`, "", []string{"region=Asia & Pacific!", "country=KE!", "kind=project!"}},
		{"al:e-health year:2024 event:IGF", "", []string{"action_line=C7.e-health!", "year=2024!", "event=IGF!"}},
		// Unknown names and bad values are words.
		{"sdg:99 http://example.org note:x", "sdg:99 http://example.org note:x", nil},
		// Quoted phrases are searched as written, codes in them too.
		{`"SDG 5" in quotes`, `"SDG 5" quotes`, nil},
	}
	for _, tt := range tests {
		u := Understand(tt.q)
		var chips []string
		for _, c := range u.Chips {
			chips = append(chips, chipString(c))
		}
		if u.Text != tt.text || !slices.Equal(chips, tt.chips) {
			t.Errorf("Understand(%q) = text %q chips %v, want %q %v", tt.q, u.Text, chips, tt.text, tt.chips)
		}
	}
}

func TestUnderstandPlaces(t *testing.T) {
	u := Understand("C7 e-government Gulf states")
	var places []string
	for _, p := range u.parts {
		places = append(places, p.places...)
	}
	slices.Sort(places)
	if want := []string{"AE", "BH", "KW", "OM", "QA", "SA"}; !slices.Equal(places, want) {
		t.Errorf("Gulf states = %v, want %v", places, want)
	}
}

func FuzzUnderstand(f *testing.F) {
	for _, s := range []string{"SDG 5 women Kenya", `"e-health" C7 AL C4 goal 17 2023`, "South Africa", "С1", strings.Repeat("sdg ", 200),
		"sdg:5 region:\"Asia & Pacific\"", "\x000\x00 \x00q0\x00", "Gulf states role models", `al:"C7 e-health`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		u := Understand(q)
		for _, c := range u.Chips {
			if c.Facet == "" || c.Value == "" {
				t.Fatalf("empty chip %+v from %q", c, q)
			}
			if c.Syntax != c.Applied {
				t.Fatalf("chip %+v from %q: only filter syntax is applied by Understand", c, q)
			}
			if c.Syntax {
				if v, err := canonicalValue(c.Facet, c.Value); err != nil || v != c.Value {
					t.Fatalf("chip %+v from %q has a value the API would not accept: %v", c, q, err)
				}
			}
		}
		if strings.ContainsRune(u.Text, 0) {
			t.Fatalf("Understand(%q) leaks a placeholder into the text %q", q, u.Text)
		}
	})
}

func ExampleUnderstand() {
	u := Understand("women experts on cybersecurity in Africa sdg:5")
	fmt.Println(u.Text)
	for _, c := range u.Chips {
		fmt.Printf("%s applied=%v\n", c.Label, c.Applied)
	}
	// Output:
	// women experts cybersecurity Africa
	// SDG: SDG 5 – Gender equality applied=true
	// Gender: Female applied=false
	// Region: Africa applied=false
}
