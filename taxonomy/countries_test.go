package taxonomy

import (
	"strings"
	"testing"
)

func TestLookupCountry(t *testing.T) {
	tests := []struct {
		in         string
		code       string
		itu, group string
	}{
		{"Kenya", "KE", RegionAfrica, GroupAfrican},
		{"Kenyan", "KE", RegionAfrica, GroupAfrican},
		{"Ghanaian", "GH", RegionAfrica, GroupAfrican},
		{"Cape Verde", "CV", RegionAfrica, GroupAfrican},
		{"Cabo Verde", "CV", RegionAfrica, GroupAfrican},
		{"Ivory Coast", "CI", RegionAfrica, GroupAfrican},
		{"Egypt", "EG", RegionArab, GroupAfrican},
		{"Egyptian", "EG", RegionArab, GroupAfrican},
		{"Iraq", "IQ", RegionArab, GroupAsiaPac},
		{"Brazilian", "BR", RegionAmericas, GroupGRULAC},
		{"Mexico", "MX", RegionAmericas, GroupGRULAC},
		{"United States of America", "US", RegionAmericas, GroupWEOG},
		{"UK", "GB", RegionEurope, GroupWEOG},
		{"United Kingdom", "GB", RegionEurope, GroupWEOG},
		{"Estonia", "EE", RegionEurope, GroupEastern},
		{"Türkiye", "TR", RegionEurope, GroupWEOG},
		{"Russian Federation", "RU", RegionCIS, GroupEastern},
		{"Kazakhstan", "KZ", RegionCIS, GroupAsiaPac},
		{"Fiji", "FJ", RegionAsiaPac, GroupAsiaPac},
		{"Chinese", "CN", RegionAsiaPac, GroupAsiaPac},
		{"Pakistani", "PK", RegionAsiaPac, GroupAsiaPac},
		{"Indonesian", "ID", RegionAsiaPac, GroupAsiaPac},
		{"Viet Nam", "VN", RegionAsiaPac, GroupAsiaPac},
		{"the Gambia", "GM", RegionAfrica, GroupAfrican},
		{"French", "FR", RegionEurope, GroupWEOG},
		{"KE", "KE", RegionAfrica, GroupAfrican},
		{"KEN", "KE", RegionAfrica, GroupAfrican},
		{"Israel", "IL", RegionEurope, GroupWEOG},
		{"Puerto Rico", "PR", RegionAmericas, ""}, // a territory: no UN group
	}
	for _, tt := range tests {
		c, ok := LookupCountry(tt.in)
		if !ok || c.Code != tt.code || c.ITURegion != tt.itu || c.UNGroup != tt.group {
			t.Errorf("LookupCountry(%q) = %+v, %v; want %s/%s/%s", tt.in, c, ok, tt.code, tt.itu, tt.group)
		}
	}
	for _, in := range []string{"", "in", "to", "Is", "Geneva", "Action", "Session", "the", "Women", "Internet", "Digital"} {
		if c, ok := LookupCountry(in); ok {
			t.Errorf("LookupCountry(%q) = %+v, want no country", in, c)
		}
	}
}

func TestGroupsAreDisjointAndComplete(t *testing.T) {
	seen := map[string]string{}
	for name, list := range map[string]string{"african": africanGroup, "asia": asiaPacGroup, "eastern": easternGroup, "grulac": grulacGroup, "weog": weogGroup} {
		for _, code := range strings.Fields(list) {
			if prev, dup := seen[code]; dup {
				t.Errorf("%s in both %s and %s", code, prev, name)
			}
			seen[code] = name
			if _, ok := CountryByCode(code); !ok {
				t.Errorf("%s (%s) is not a known country code", code, name)
			}
		}
	}
	// 193 UN member states; the United States is counted with WEOG although
	// it is formally an observer, and Kiribati/Israel are placed as they vote.
	if len(seen) != 193 {
		t.Errorf("UN groups hold %d countries, want 193", len(seen))
	}
}

func TestParseGroupsAndStakeholders(t *testing.T) {
	tests := []struct {
		fn   func(string) (string, bool)
		in   string
		want string
	}{
		{ParseUNGroup, "Western European and Others Group (WEOG)", GroupWEOG},
		{ParseUNGroup, "Eastern European Group", GroupEastern},
		{ParseUNGroup, "Latin American and Caribbean Group (GRULAC)", GroupGRULAC},
		{ParseUNGroup, "Asia-Pacific Group", GroupAsiaPac},
		{ParseUNGroup, "African Group", GroupAfrican},
		{ParseUNGroup, "Civil Society", ""},
		{ParseITURegion, "Asia and the Pacific", RegionAsiaPac},
		{ParseITURegion, "Arab region", RegionArab},
		{ParseITURegion, "Africa", RegionAfrica},
		{ParseITURegion, "Kenya", ""},
		{ParseStakeholder, "Civil Society", StakeholderCivil},
		{ParseStakeholder, "Private sector", StakeholderPrivate},
		{ParseStakeholder, "Intergovernmental Organisation", StakeholderIGO},
		{ParseStakeholder, "Government", StakeholderGovernment},
		{ParseStakeholder, "Technical Community", StakeholderTechnical},
		{ParseStakeholder, "Academia", StakeholderAcademia},
		{ParseStakeholder, "WEOG", ""},
	}
	for _, tt := range tests {
		got, ok := tt.fn(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("parse %q = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func FuzzLookupCountry(f *testing.F) {
	for _, s := range []string{"Kenya", "Kenyan", "KE", "Côte d'Ivoire", "(", strings.Repeat("a", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := LookupCountry(s)
		if ok && len(c.Code) != 2 {
			t.Fatalf("LookupCountry(%q) gave code %q", s, c.Code)
		}
	})
}

func BenchmarkLookupCountry(b *testing.B) {
	for b.Loop() {
		for _, s := range []string{"Kenya", "Kenyan", "Cabo Verde", "the Gambia", "Digital", "Ghanaian"} {
			LookupCountry(s)
		}
	}
}

// TestLookupCountryNoLooseMatch: the country library matches loosely
// ("Hana" was Ghana); given names and number runs are no countries, while
// the usual variants still are.
func TestLookupCountryNoLooseMatch(t *testing.T) {
	for _, s := range []string{"Hana", "Lina", "C10 C11", "2011 - 11:00 A.M", "CO 80132"} {
		if c, ok := LookupCountry(s); ok {
			t.Errorf("LookupCountry(%q) = %s, want none", s, c.Code)
		}
	}
	for s, want := range map[string]string{"Czech Republic": "CZ", "Cabo Verde": "CV", "UK": "GB", "South Korea": "KR",
		"Viet Nam": "VN", "Iran": "IR", "Holland": "NL", "United States of America": "US", "St. Lucia": "LC"} {
		if c, ok := LookupCountry(s); !ok || c.Code != want {
			t.Errorf("LookupCountry(%q) = %s, %v; want %s", s, c.Code, ok, want)
		}
	}
}
