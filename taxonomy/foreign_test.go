package taxonomy

import "testing"

func TestForeignCountries(t *testing.T) {
	tests := []struct{ in, code string }{
		{"Sénégal", "SN"}, {"Royaume-Uni", "GB"}, {"Tunisie", "TN"}, {"Camerounaises", "CM"},
		{"Tunisienne", "TN"}, {"Ivoiriennes", "CI"}, {"México", "MX"}, {"ecuatorianos", "EC"},
		{"United Kingdom of Great Britain and Northern Ireland", "GB"}, {"Kingdom of Saudi Arabia", "SA"},
	}
	for _, tt := range tests {
		c, ok := LookupCountry(tt.in)
		if !ok || c.Code != tt.code {
			t.Errorf("LookupCountry(%q) = %q, %v; want %q", tt.in, c.Code, ok, tt.code)
		}
	}
	// An English given name is no French country name.
	for _, s := range []string{"Frances", "Chino"} {
		if c, ok := LookupCountry(s); ok {
			t.Errorf("LookupCountry(%q) = %q", s, c.Code)
		}
	}
}

func TestLookupDemonym(t *testing.T) {
	for in, want := range map[string]string{"sénégalaise": "SN", "mexicanos": "MX", "tunisiens": "TN"} {
		if c, ok := LookupDemonym(in); !ok || c.Code != want {
			t.Errorf("LookupDemonym(%q) = %q, %v; want %q", in, c.Code, ok, want)
		}
	}
	// Languages written in lower case are not countries.
	for _, in := range []string{"français", "espagnol", "inglés", "portugais"} {
		if c, ok := LookupDemonym(in); ok {
			t.Errorf("LookupDemonym(%q) = %q, want none", in, c.Code)
		}
	}
}

func FuzzLookupDemonym(f *testing.F) {
	for _, s := range []string{"sénégalaise", "x", "", "ééééé", "nnes"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, ok := LookupDemonym(s); ok && len(c.Code) != 2 {
			t.Fatalf("code %q", c.Code)
		}
	})
}
