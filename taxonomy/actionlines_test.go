package taxonomy

import "testing"

func TestParseActionLine(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"C4", "C4", true},
		{"AL C4", "C4", true},
		{"Action Line C11", "C11", true},
		{"C7 e-health", "C7.e-health", true},
		{"C7eGov", "C7.e-government", true},
		{"C7: E-government", "C7.e-government", true},
		{"C7.e-agriculture", "C7.e-agriculture", true},
		{"eHealth", "C7.e-health", true},
		{"e-Learning", "C7.e-learning", true},
		{"WSIS Actions Line 3 on Access", "C3", true},
		{"\u04211", "C1", true}, // Cyrillic capital Es
		{"C7", "C7", true},
		{"Capacity building", "C4", true},
		{"C12", "", false},
		{"C0", "", false},
		{"nothing here", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseActionLine(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("ParseActionLine(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestActionLinesAreLeavesInOrder(t *testing.T) {
	als := ActionLines()
	if len(als) != 18 {
		t.Fatalf("got %d action lines, want 18", len(als))
	}
	if als[0].Code != "C1" || als[6].Code != "C7.e-government" || als[17].Code != "C11" {
		t.Fatalf("unexpected order: %v %v %v", als[0].Code, als[6].Code, als[17].Code)
	}
	for _, al := range als {
		if got := ActionLineLabel(al.Code); got == al.Code {
			t.Errorf("ActionLineLabel(%q) has no name", al.Code)
		}
	}
}

func FuzzParseActionLine(f *testing.F) {
	f.Add("C7 e-health")
	f.Add("Line 99")
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := ParseActionLine(s)
		if ok {
			if _, found := LookupActionLine(code); !found {
				t.Fatalf("ParseActionLine(%q) = %q, not a known code", s, code)
			}
		}
	})
}

func TestActionLineByTitle(t *testing.T) {
	tests := []struct{ in, code string }{
		{"Capacity building", "C4"},
		{"capacity-building for local councils", "C4"},
		{"Access to information and knowledge\"", "C3"},
		{"Accès à l’information et au savoir", "C3"},
		{"Acces a l'information et au savoir", "C3"},
		{"Renforcement des capacités", "C4"},
		{"Creación de capacidad", "C4"},
		{"Cibersalud", "C7.e-health"},
		{"Building confidence and security in use of ICTs", "C5"},
		{"The role of governments and all stakeholders in promoting ICTs for development", "C1"},
		{"Media", "C9"},
	}
	for _, tt := range tests {
		if got, ok := ActionLineByTitle(tt.in); !ok || got != tt.code {
			t.Errorf("ActionLineByTitle(%q) = %q, %v; want %q", tt.in, got, ok, tt.code)
		}
	}
	for _, in := range []string{"", "Capacity", "Mediation", "Access to the building"} {
		if got, ok := ActionLineByTitle(in); ok {
			t.Errorf("ActionLineByTitle(%q) = %q, want none", in, got)
		}
	}
}

func TestPrizeCategory(t *testing.T) {
	for n, want := range map[int]string{1: "C1", 6: "C6", 7: "C7.e-government", 10: "C7.e-health", 14: "C7.e-science", 15: "C8", 18: "C11"} {
		if got, ok := PrizeCategory(n); !ok || got != want {
			t.Errorf("PrizeCategory(%d) = %q, want %q", n, got, want)
		}
	}
	for _, n := range []int{0, 19, -1} {
		if _, ok := PrizeCategory(n); ok {
			t.Errorf("PrizeCategory(%d) accepted", n)
		}
	}
}

func FuzzActionLineByTitle(f *testing.F) {
	for _, s := range []string{"Capacity building", "Médias", "", "C4", "\xff", "Cybersanté : x", "E-health"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if code, ok := ActionLineByTitle(s); ok {
			if _, known := LookupActionLine(code); !known {
				t.Fatalf("unknown code %q", code)
			}
		}
		code, end, ok := ActionLineTitleAt(s)
		if c, ok2 := ActionLineByTitle(s); ok != ok2 || code != c {
			t.Fatalf("ActionLineTitleAt and ActionLineByTitle disagree on %q", s)
		}
		if ok && (end <= 0 || end > len(s)) {
			t.Fatalf("end %d outside %q", end, s)
		}
	})
}

func TestActionLineTitleAt(t *testing.T) {
	tests := []struct {
		in   string
		code string
		rest string
	}{
		{"Capacity building – Code Club", "C4", " – Code Club"},
		{"Cybersanté : « Santé Mobile »", "C7.e-health", " : « Santé Mobile »"},
		{"E-health", "C7.e-health", ""},
		{"Access to information and knowledge\" Open Library", "C3", "\" Open Library"},
		{"Cultural diversity and identity, linguistic diversity and local content (Peru)", "C8", " (Peru)"},
	}
	for _, tt := range tests {
		code, end, ok := ActionLineTitleAt(tt.in)
		if !ok || code != tt.code || tt.in[end:] != tt.rest {
			t.Errorf("ActionLineTitleAt(%q) = %q, rest %q, %v; want %q, rest %q", tt.in, code, tt.in[min(end, len(tt.in)):], ok, tt.code, tt.rest)
		}
	}
	if _, _, ok := ActionLineTitleAt("Open Library of Ghana"); ok {
		t.Error("a project title read as an action line")
	}
}
