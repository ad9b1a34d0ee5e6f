package taxonomy

import (
	"strings"

	"github.com/biter777/countries"
)

// ITU regions (ITU-D), in the order ITU lists them.
const (
	RegionAfrica   = "Africa"
	RegionAmericas = "Americas"
	RegionArab     = "Arab States"
	RegionAsiaPac  = "Asia & Pacific"
	RegionCIS      = "CIS"
	RegionEurope   = "Europe"
)

// UN regional groups.
const (
	GroupAfrican = "African Group"
	GroupAsiaPac = "Asia-Pacific Group"
	GroupEastern = "Eastern European Group"
	GroupGRULAC  = "GRULAC"
	GroupWEOG    = "WEOG"
)

// Country is an ISO 3166-1 country with the regions it belongs to. UNGroup is
// empty for territories that are not UN member states.
type Country struct {
	Code      string `json:"code"` // ISO 3166-1 alpha-2
	Name      string `json:"name"`
	ITURegion string `json:"itu_region,omitempty"`
	UNGroup   string `json:"un_group,omitempty"`
}

// ITURegions lists the six ITU regions.
func ITURegions() []string {
	return []string{RegionAfrica, RegionAmericas, RegionArab, RegionAsiaPac, RegionCIS, RegionEurope}
}

// Membership lists by alpha-2 code. The UN groups are the electoral groups
// (Türkiye and Israel sit in WEOG, Kiribati in Asia-Pacific, the United
// States is counted with WEOG). The ITU lists follow ITU-D's regional
// offices; the rest of ITU's regions follow the continent.
const (
	africanGroup = "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW"
	asiaPacGroup = "AF BH BD BT BN KH CN CY KP FJ IN ID IR IQ JP JO KZ KI KW KG LA LB MY MV MH FM MN MM NR NP OM PK PW PG PH QA KR WS SA SG SB LK SY TJ TH TL TO TM TV AE UZ VU VN YE"
	easternGroup = "AL AM AZ BY BA BG HR CZ EE GE HU LV LT ME PL MD RO RU RS SK SI MK UA"
	grulacGroup  = "AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC SR TT UY VE"
	weogGroup    = "AD AT BE DK FI FR DE GR IS IE IT LI LU MT MC NL NO PT SM ES SE CH TR GB AU CA IL NZ US"

	ituArabStates = "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE"
	ituCIS        = "AM AZ BY KZ KG MD RU TJ TM UA UZ"
	ituEuropeAsia = "CY GE IL TR" // geographically Asian, in ITU's Europe region
)

// names that read better than the library's ISO short names.
func displayName(code string) string {
	switch code {
	case "SZ":
		return "Eswatini"
	case "TR":
		return "Türkiye"
	case "MK":
		return "North Macedonia"
	case "PS":
		return "State of Palestine"
	case "IR":
		return "Iran"
	case "TZ":
		return "Tanzania"
	case "MD":
		return "Moldova"
	case "FM":
		return "Micronesia"
	case "US":
		return "United States"
	case "VN":
		return "Viet Nam"
	case "CV":
		return "Cabo Verde"
	case "CI":
		return "Côte d'Ivoire"
	}
	return ""
}

// inList reports whether code is one of the space-separated codes of list.
func inList(list, code string) bool {
	i := strings.Index(list, code)
	for i >= 0 {
		if (i == 0 || list[i-1] == ' ') && (i+len(code) == len(list) || list[i+len(code)] == ' ') {
			return true
		}
		j := strings.Index(list[i+1:], code)
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// CountryByCode returns the country with the ISO 3166-1 alpha-2 code (any case).
func CountryByCode(code string) (Country, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != 2 {
		return Country{}, false
	}
	c := countries.ByName(code)
	if !c.IsValid() || c.Alpha2() != code {
		return Country{}, false
	}
	return build(c), true
}

func build(c countries.CountryCode) Country {
	code := c.Alpha2()
	out := Country{Code: code, Name: displayName(code)}
	if out.Name == "" {
		out.Name = c.String()
	}
	switch {
	case inList(africanGroup, code):
		out.UNGroup = GroupAfrican
	case inList(asiaPacGroup, code):
		out.UNGroup = GroupAsiaPac
	case inList(easternGroup, code):
		out.UNGroup = GroupEastern
	case inList(grulacGroup, code):
		out.UNGroup = GroupGRULAC
	case inList(weogGroup, code):
		out.UNGroup = GroupWEOG
	}
	switch {
	case inList(ituArabStates, code):
		out.ITURegion = RegionArab
	case inList(ituCIS, code):
		out.ITURegion = RegionCIS
	case inList(ituEuropeAsia, code):
		out.ITURegion = RegionEurope
	default:
		switch c.Region() {
		case countries.RegionAF:
			out.ITURegion = RegionAfrica
		case countries.RegionNA, countries.RegionSA:
			out.ITURegion = RegionAmericas
		case countries.RegionAS, countries.RegionOC:
			out.ITURegion = RegionAsiaPac
		case countries.RegionEU:
			out.ITURegion = RegionEurope
		}
	}
	return out
}

// LookupCountry resolves a country name, a common variant ("Cape Verde",
// "Ivory Coast", "UK"), an ISO alpha-2/alpha-3 code or a demonym ("Kenyan",
// "Ghanaian"). Two- and three-letter inputs count as codes only when written
// in upper case, so words like "in", "to" or "Is" never become countries.
func LookupCountry(s string) (Country, bool) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ".,;:()"))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "the "), "The ")
	if s == "" || len(s) > 60 {
		return Country{}, false
	}
	if len(s) <= 3 && s != strings.ToUpper(s) {
		return Country{}, false
	}
	if c, ok := byName(s); ok {
		return c, true
	}
	if code, ok := irregularDemonym(Fold(s)); ok {
		return CountryByCode(code)
	}
	if code, ok := foreignCountry(s, false); ok {
		return CountryByCode(code)
	}
	// Regular demonyms: Kenyan, Ghanaian, Brazilian, Chinese, Pakistani.
	f := Fold(s)
	if len(f) < 5 || strings.Contains(f, " ") {
		return Country{}, false
	}
	for _, suf := range []struct{ cut, add string }{
		{"ian", ""}, {"ian", "ia"}, {"an", ""}, {"an", "a"}, {"n", ""}, {"ese", ""}, {"ese", "a"}, {"i", ""}, {"ean", "ea"}, {"ish", ""}, {"an", "o"},
	} {
		if base, ok := strings.CutSuffix(f, suf.cut); ok && len(base) >= 3 {
			if c, ok := byName(base + suf.add); ok {
				return c, true
			}
		}
	}
	return Country{}, false
}

func byName(s string) (Country, bool) {
	if code, ok := variant(Fold(s)); ok {
		return CountryByCode(code)
	}
	c := countries.ByName(s)
	if !c.IsValid() || c.Alpha2() == "" || len(c.Alpha2()) != 2 {
		return Country{}, false
	}
	// The library also matches loosely ("Hana" is Ghana, "TO GO" Togo):
	// only its name, its start ("Iran" for "Iran (Islamic Republic of)")
	// or a code written as one is taken.
	name, in := compactFold(c.String()), compactFold(s)
	if in != name && !(len(in) >= 4 && strings.HasPrefix(name, in)) && s != c.Alpha2() && s != c.Alpha3() {
		return Country{}, false
	}
	return build(c), true
}

// compactFold folds s without accents and spaces.
func compactFold(s string) string {
	return strings.ReplaceAll(foldAccents(s), " ", "")
}

// variant maps a folded name variant the library does not know to its code.
func variant(f string) (string, bool) {
	switch f {
	case "the gambia", "gambia":
		return "GM", true
	case "drc", "dr congo":
		return "CD", true
	case "türkiye", "turkiye":
		return "TR", true
	case "state of palestine":
		return "PS", true
	case "holy see", "vatican":
		return "VA", true
	case "lao pdr":
		return "LA", true
	case "korea republic of", "republic of korea":
		return "KR", true
	case "great britain", "britain":
		return "GB", true
	case "united states", "america":
		return "US", true
	case "united kingdom of great britain and northern ireland", "united kingdom of great britain":
		return "GB", true
	case "kingdom of saudi arabia":
		return "SA", true
	case "uae":
		return "AE", true
	case "uk":
		return "GB", true
	case "united states of america", "usa":
		return "US", true
	case "south korea", "korea":
		return "KR", true
	case "north korea":
		return "KP", true
	case "czech republic", "czechia":
		return "CZ", true
	case "cabo verde", "cape verde":
		return "CV", true
	case "ivory coast", "cote d ivoire":
		return "CI", true
	case "laos":
		return "LA", true
	case "macedonia", "north macedonia":
		return "MK", true
	case "eswatini", "swaziland":
		return "SZ", true
	case "burma":
		return "MM", true
	case "palestine":
		return "PS", true
	case "republic of the congo", "congo brazzaville":
		return "CG", true
	case "east timor", "timor leste":
		return "TL", true
	case "holland":
		return "NL", true
	case "st lucia":
		return "LC", true
	case "st kitts and nevis":
		return "KN", true
	case "st vincent and the grenadines":
		return "VC", true
	case "republic of moldova":
		return "MD", true
	case "united republic of tanzania":
		return "TZ", true
	case "russia":
		return "RU", true
	case "syria":
		return "SY", true
	case "bolivia plurinational state of":
		return "BO", true
	case "venezuela bolivarian republic of":
		return "VE", true
	case "micronesia federated states of":
		return "FM", true
	}
	return "", false
}

// irregularDemonym maps a folded demonym the suffix rules cannot derive.
func irregularDemonym(f string) (string, bool) {
	switch f {
	case "french":
		return "FR", true
	case "british", "welsh", "scottish", "english":
		return "GB", true
	case "swiss":
		return "CH", true
	case "dutch":
		return "NL", true
	case "german":
		return "DE", true
	case "irish":
		return "IE", true
	case "filipino", "filipina":
		return "PH", true
	case "american":
		return "US", true
	case "thai":
		return "TH", true
	case "emirati":
		return "AE", true
	case "malagasy":
		return "MG", true
	case "ivorian":
		return "CI", true
	case "lao":
		return "LA", true
	case "greek":
		return "GR", true
	case "danish":
		return "DK", true
	case "swedish":
		return "SE", true
	case "finnish":
		return "FI", true
	case "norwegian":
		return "NO", true
	case "polish":
		return "PL", true
	case "spanish":
		return "ES", true
	case "turkish":
		return "TR", true
	case "peruvian":
		return "PE", true
	case "congolese":
		return "CD", true
	case "mexican":
		return "MX", true
	case "argentine", "argentinian":
		return "AR", true
	case "chilean":
		return "CL", true
	case "icelandic":
		return "IS", true
	case "portuguese":
		return "PT", true
	case "maltese":
		return "MT", true
	case "vietnamese":
		return "VN", true
	case "kyrgyz":
		return "KG", true
	case "tajik":
		return "TJ", true
	case "uzbek":
		return "UZ", true
	case "kazakh", "kazakhstani":
		return "KZ", true
	case "afghan":
		return "AF", true
	case "saudi":
		return "SA", true
	case "omani":
		return "OM", true
	case "yemeni":
		return "YE", true
	case "somali":
		return "SO", true
	case "sudanese":
		return "SD", true
	case "basotho":
		return "LS", true
	case "motswana", "batswana":
		return "BW", true
	case "zimbabwean":
		return "ZW", true
	case "malawian":
		return "MW", true
	case "cameroonian":
		return "CM", true
	case "beninese":
		return "BJ", true
	case "togolese":
		return "TG", true
	case "burkinabe":
		return "BF", true
	case "nigerien":
		return "NE", true
	case "guinean":
		return "GN", true
	case "new zealander", "kiwi":
		return "NZ", true
	case "fijian":
		return "FJ", true
	case "samoan":
		return "WS", true
	case "tongan":
		return "TO", true
	}
	return "", false
}

// ParseITURegion reads an ITU region as written ("Asia-Pacific", "Arab region",
// "Asia and the Pacific") and returns its canonical name.
func ParseITURegion(s string) (string, bool) {
	f := Fold(s)
	switch {
	case f == "":
		return "", false
	case strings.Contains(f, "arab"):
		return RegionArab, true
	case strings.Contains(f, "asia") && strings.Contains(f, "pacific"), f == "asia", f == "apac":
		return RegionAsiaPac, true
	case f == "cis" || strings.Contains(f, "commonwealth of independent"):
		return RegionCIS, true
	case f == "africa" || f == "african region" || f == "sub saharan africa":
		return RegionAfrica, true
	case f == "americas" || f == "the americas" || f == "latin america" || f == "latin america and the caribbean" || f == "north america":
		return RegionAmericas, true
	case f == "europe" || f == "european region":
		return RegionEurope, true
	}
	return "", false
}

// ParseUNGroup reads a UN regional group as IGF pages write it ("Western
// European and Others Group (WEOG)", "Intergovernmental Organization" is not
// one) and returns its canonical short name.
func ParseUNGroup(s string) (string, bool) {
	f := Fold(s)
	switch {
	case f == "":
		return "", false
	case strings.Contains(f, "weog") || strings.Contains(f, "western european"):
		return GroupWEOG, true
	case strings.Contains(f, "grulac") || strings.Contains(f, "latin american and caribbean"):
		return GroupGRULAC, true
	case strings.Contains(f, "eastern european"):
		return GroupEastern, true
	case strings.Contains(f, "asia pacific") || strings.Contains(f, "asia and the pacific") || strings.Contains(f, "asian"):
		return GroupAsiaPac, true
	case strings.Contains(f, "african"):
		return GroupAfrican, true
	case f == "intergovernmental organization" || f == "intergovernmental organisation":
		// IGF forms offer this in the regional-group field for IGO staff.
		return "Intergovernmental Organization", true
	}
	return "", false
}

// Stakeholder groups as WSIS and IGF pages name them.
const (
	StakeholderGovernment = "Government"
	StakeholderPrivate    = "Private Sector"
	StakeholderCivil      = "Civil Society"
	StakeholderTechnical  = "Technical Community"
	StakeholderIGO        = "Intergovernmental Organization"
	StakeholderAcademia   = "Academia"
)

// ParseStakeholder reads a stakeholder group ("civil society", "Private
// sector", "Intergovernmental Organisation", "Academic community") and
// returns its canonical name.
func ParseStakeholder(s string) (string, bool) {
	f := Fold(s)
	switch {
	case f == "":
		return "", false
	case strings.HasPrefix(f, "government") || f == "public sector":
		return StakeholderGovernment, true
	case strings.HasPrefix(f, "private sector") || f == "business" || f == "industry":
		return StakeholderPrivate, true
	case strings.HasPrefix(f, "civil society") || f == "ngo" || f == "non governmental organization":
		return StakeholderCivil, true
	case strings.HasPrefix(f, "technical community") || f == "technical and academic community":
		return StakeholderTechnical, true
	case strings.HasPrefix(f, "intergovernmental organi") || strings.HasPrefix(f, "international organi"):
		return StakeholderIGO, true
	case strings.HasPrefix(f, "academi"):
		return StakeholderAcademia, true
	}
	return "", false
}
