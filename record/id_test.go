package record

import "testing"

func TestMakeID(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string
		kindA  Kind
		kindB  Kind
		wantEq bool
	}{
		{"same key", "https://example.org/a", "https://example.org/a", KindSession, KindSession, true},
		{"case and spacing folded", "file#My  Project", "file#my project", KindProject, KindProject, true},
		{"different key", "file#Alpha", "file#Beta", KindProject, KindProject, false},
		{"different kind", "k", "k", KindProject, KindPerson, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := MakeID(tt.kindA, tt.a), MakeID(tt.kindB, tt.b)
			if (a == b) != tt.wantEq {
				t.Fatalf("MakeID(%q)=%s, MakeID(%q)=%s, want equal=%v", tt.a, a, tt.b, b, tt.wantEq)
			}
			if len(a) != 17 {
				t.Fatalf("id %q: want 17 characters", a)
			}
		})
	}
}
