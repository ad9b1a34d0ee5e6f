package taxonomy

import "testing"

func TestParseSDG(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"SDG 5", 5, true},
		{"SDG5", 5, true},
		{"sdg-17", 17, true},
		{"Goal 4", 4, true},
		{"GOAL 10: Reduced Inequalities", 10, true},
		{"4. Quality Education", 4, true},
		{"Gender equality", 5, true},
		{"Peace,  justice & strong institutions", 16, true},
		{"SDG 0", 0, false},
		{"SDG 18", 0, false},
		{"Goal 99", 0, false},
		{"education", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseSDG(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("ParseSDG(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSDGLabels(t *testing.T) {
	goals := SDGs()
	if len(goals) != 17 {
		t.Fatalf("got %d goals, want 17", len(goals))
	}
	if got, want := SDGLabel(5), "SDG 5 – Gender equality"; got != want {
		t.Fatalf("SDGLabel(5) = %q, want %q", got, want)
	}
	for _, g := range goals {
		if n, ok := ParseSDG(g.Name); !ok || n != g.Number {
			t.Errorf("ParseSDG(%q) = %d, %v; want %d", g.Name, n, ok, g.Number)
		}
	}
}

func FuzzParseSDG(f *testing.F) {
	f.Add("SDG 5")
	f.Add("99. x")
	f.Fuzz(func(t *testing.T, s string) {
		if n, ok := ParseSDG(s); ok && (n < 1 || n > 17) {
			t.Fatalf("ParseSDG(%q) = %d", s, n)
		}
	})
}
