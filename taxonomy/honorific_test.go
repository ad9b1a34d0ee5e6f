package taxonomy

import (
	"fmt"
	"testing"
)

func TestCutHonorific(t *testing.T) {
	tests := []struct{ in, canonical, written, gender, rest string }{
		{"H.E. Mr. Arvid Lund, Minister", "H.E.", "H.E. Mr.", "male", "Arvid Lund, Minister"},
		{"HE Ms. Amina Diallo", "H.E.", "HE Ms.", "female", "Amina Diallo"},
		{"Her Excellency Rosa Ortiz", "H.E.", "Her Excellency", "female", "Rosa Ortiz"},
		{"Amb. Teresa Gomes", "Amb.", "Amb.", "", "Teresa Gomes"},
		{"Prof. Dr. Jan van der Berg", "Prof.", "Prof. Dr.", "", "Jan van der Berg"},
		{"Mrs. Mary Uduma", "Ms.", "Mrs.", "female", "Mary Uduma"},
		{"Mme Khedija Ghariani", "Ms.", "Mme", "female", "Khedija Ghariani"},
		{"Mr Sofiene Hemissi", "Mr.", "Mr", "male", "Sofiene Hemissi"},
		{"Dr.Ayo Bello", "Dr.", "Dr.", "", "Ayo Bello"},
		{"Dra. Lucía Pérez", "Dr.", "Dra.", "female", "Lucía Pérez"},
		{"Drew Carter", "", "", "", "Drew Carter"},
		{"Msafiri Juma", "", "", "", "Msafiri Juma"},
		{"He Wei", "", "", "", "He Wei"},
		{"ms jones", "", "", "", "ms jones"},
		{"Mr.", "", "", "", "Mr."},
	}
	for _, tt := range tests {
		h, rest := CutHonorific(tt.in)
		if h.Canonical != tt.canonical || h.Written != tt.written || h.Gender != tt.gender || rest != tt.rest {
			t.Errorf("CutHonorific(%q) = %+v, %q; want %q %q %q, %q", tt.in, h, rest, tt.canonical, tt.written, tt.gender, tt.rest)
		}
	}
}

func FuzzCutHonorific(f *testing.F) {
	for _, s := range []string{"H.E. Mr. A", "HE", "Mme", "Dr.X", "Prof. Dr. Ms. Mr. Y", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, rest := CutHonorific(s)
		if len(rest) > len(s) {
			t.Fatalf("rest %q longer than %q", rest, s)
		}
		if h.Canonical == "" && h.Written != "" || h.Canonical != "" && rest == "" {
			t.Fatalf("inconsistent %+v rest %q", h, rest)
		}
	})
}

func ExampleCutHonorific() {
	h, name := CutHonorific("H.E. Ms. Amina Diallo")
	fmt.Println(h.Canonical, h.Written, h.Gender, name)
	// Output: H.E. H.E. Ms. female Amina Diallo
}

func TestCutHonorificFrenchM(t *testing.T) {
	for _, tt := range []struct{ in, canon, rest string }{
		{"M. Pierre Lefèvre", "Mr.", "Pierre Lefèvre"},
		{"M. K. Gandhi", "", "M. K. Gandhi"},
		{"m. pierre", "", "m. pierre"},
	} {
		h, rest := CutHonorific(tt.in)
		if h.Canonical != tt.canon || rest != tt.rest {
			t.Errorf("CutHonorific(%q) = %q, %q; want %q, %q", tt.in, h.Canonical, rest, tt.canon, tt.rest)
		}
	}
}
