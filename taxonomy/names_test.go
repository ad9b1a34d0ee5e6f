package taxonomy

import (
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func TestSplitHonorific(t *testing.T) {
	tests := []struct{ in, hon, gender, rest string }{
		{"H.E. Ms. Amina Diallo", "H.E. Ms.", "female", "Amina Diallo"},
		{"Mr. Tomás Ibarra", "Mr.", "male", "Tomás Ibarra"},
		{"Dr. Lena Kovač", "Dr.", "", "Lena Kovač"},
		{"Prof. Dr. Ravi Menon", "Prof. Dr.", "", "Ravi Menon"},
		{"Amb. Keli Nasau", "Amb.", "", "Keli Nasau"},
		{"Drew Carter", "", "", "Drew Carter"},
		{"Msafiri Juma", "", "", "Msafiri Juma"},
		{"He Wei", "", "", "He Wei"},
		{"HE Mr Omar Haddad", "HE Mr", "male", "Omar Haddad"},
		{"Mrs Ana Silva", "Mrs", "female", "Ana Silva"},
		{"Dr.", "", "", "Dr."},
	}
	for _, tt := range tests {
		hon, g, rest := SplitHonorific(tt.in)
		if hon != tt.hon || g != tt.gender || rest != tt.rest {
			t.Errorf("SplitHonorific(%q) = %q, %q, %q; want %q, %q, %q", tt.in, hon, g, rest, tt.hon, tt.gender, tt.rest)
		}
	}
}

func TestPersonKey(t *testing.T) {
	same := [][]string{
		{"Dr. Zoë Ngũgĩ", "ZOE NGUGI", "Ngugi, Zoe"},
		{"Ms. Sari Wulandari Hakim", "HAKIM Sari Wulandari"},
		{"José  de la Cruz", "Jose de la Cruz"},
	}
	for _, names := range same {
		want := PersonKey(names[0])
		for _, n := range names[1:] {
			if got := PersonKey(n); got != want {
				t.Errorf("PersonKey(%q) = %q, want %q as for %q", n, got, want, names[0])
			}
		}
	}
	if PersonKey("Ana Silva") == PersonKey("Ana Souza") {
		t.Error("different people share a key")
	}
}

func FuzzPersonKey(f *testing.F) {
	for _, s := range []string{"H.E. Ms. Amina", "Dr.", ",", "Ngugi, Zoe", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _, rest := SplitHonorific(s)
		if len(rest) > len(s) {
			t.Fatalf("rest %q longer than input %q", rest, s)
		}
		_ = PersonKey(s)
		asciiUnfolded(t, s)
	})
}

// asciiUnfolded checks what PersonKey's fast path relies on: folding
// diacritics leaves an ASCII string as it is.
func asciiUnfolded(t *testing.T, s string) {
	t.Helper()
	if !isASCII(s) {
		return
	}
	chain := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if f, _, err := transform.String(chain, s); err != nil || f != s {
		t.Errorf("folding ASCII %q gave %q, %v", s, f, err)
	}
}

func TestASCIIUnfolded(t *testing.T) {
	var all []byte
	for b := range 0x80 {
		all = append(all, byte(b))
	}
	for _, s := range []string{"", "H.E. Ms. Amina Diallo", "Ngugi, Zoe", "O'Brien-Smith Jr.", string(all)} {
		asciiUnfolded(t, s)
	}
}
