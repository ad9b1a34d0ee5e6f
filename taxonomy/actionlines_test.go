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
