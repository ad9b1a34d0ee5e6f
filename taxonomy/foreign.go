package taxonomy

import "strings"

// Country names and demonyms in French and Spanish, for the non-English
// pages of the WSIS world (prize announcements, profiles). Keys are folded
// without accents. Names match as written; demonyms are given in their
// base (masculine singular) form and match inflected too (foreignForms), so
// an English given name such as "Frances" is never France.
func foreignNames() map[string]string {
	return map[string]string{
		"france": "FR", "senegal": "SN", "cameroun": "CM", "cote d ivoire": "CI", "mali": "ML", "tchad": "TD",
		"benin": "BJ", "guinee": "GN", "republique democratique du congo": "CD", "maroc": "MA", "algerie": "DZ",
		"tunisie": "TN", "egypte": "EG", "mauritanie": "MR", "comores": "KM", "haiti": "HT", "belgique": "BE",
		"suisse": "CH", "allemagne": "DE", "royaume uni": "GB", "espagne": "ES", "italie": "IT", "etats unis": "US",
		"liban": "LB", "syrie": "SY", "jordanie": "JO", "arabie saoudite": "SA", "emirats arabes unis": "AE",
		"chine": "CN", "japon": "JP", "inde": "IN", "bresil": "BR", "mexique": "MX", "afrique du sud": "ZA",
		"ethiopie": "ET", "russie": "RU", "pays bas": "NL", "autriche": "AT", "grece": "GR", "turquie": "TR", "irak": "IQ",
		"indonesie": "ID", "coree du sud": "KR", "libye": "LY", "soudan": "SD", "ouganda": "UG", "tanzanie": "TZ",
		"zambie": "ZM", "namibie": "NA", "espana": "ES", "mexico": "MX", "peru": "PE", "brasil": "BR",
		"republica dominicana": "DO", "panama": "PA", "estados unidos": "US", "reino unido": "GB", "francia": "FR",
		"alemania": "DE", "italia": "IT", "suiza": "CH", "marruecos": "MA", "egipto": "EG", "sudafrica": "ZA",
		"canada": "CA", "rusia": "RU",
	}
}

// foreignDemonyms: French and Spanish demonyms in their base form.
func foreignDemonyms() map[string]string {
	return map[string]string{
		"francais": "FR", "senegalais": "SN", "camerounais": "CM", "ivoirien": "CI", "malien": "ML", "burkinabe": "BF",
		"nigerien": "NE", "tchadien": "TD", "beninois": "BJ", "togolais": "TG", "guineen": "GN", "gabonais": "GA",
		"congolais": "CG", "malgache": "MG", "marocain": "MA", "algerien": "DZ", "tunisien": "TN", "egyptien": "EG",
		"mauritanien": "MR", "rwandais": "RW", "burundais": "BI", "haitien": "HT", "belge": "BE", "allemand": "DE",
		"britannique": "GB", "italien": "IT", "canadien": "CA", "americain": "US", "libanais": "LB", "syrien": "SY",
		"jordanien": "JO", "saoudien": "SA", "qatarien": "QA", "chinois": "CN", "japonais": "JP", "indien": "IN",
		"bresilien": "BR", "nigerian": "NG", "kenyan": "KE", "sud africain": "ZA", "ethiopien": "ET", "ghaneen": "GH",
		"russe": "RU", "neerlandais": "NL", "autrichien": "AT", "portugais": "PT", "irakien": "IQ", "iranien": "IR",
		"pakistanais": "PK", "coreen": "KR", "luxembourgeois": "LU", "libyen": "LY", "soudanais": "SD", "ougandais": "UG",
		"tanzanien": "TZ", "mozambicain": "MZ", "angolais": "AO", "espanol": "ES", "mexicano": "MX", "argentino": "AR",
		"chileno": "CL", "colombiano": "CO", "peruano": "PE", "venezolano": "VE", "ecuatoriano": "EC", "boliviano": "BO",
		"paraguayo": "PY", "uruguayo": "UY", "brasileno": "BR", "cubano": "CU", "dominicano": "DO", "guatemalteco": "GT",
		"hondureno": "HN", "salvadoreno": "SV", "nicaraguense": "NI", "costarricense": "CR", "panameno": "PA",
		"estadounidense": "US", "britanico": "GB", "aleman": "DE", "italiano": "IT", "suizo": "CH", "japones": "JP",
		"marroqui": "MA", "egipcio": "EG", "sudafricano": "ZA", "canadiense": "CA",
	}
}

// languageDemonyms are demonyms that are also language names: written in
// lower case ("en français") they are languages, not countries.
func languageDemonym(f string) bool {
	switch f {
	case "francais", "anglais", "espagnol", "arabe", "allemand", "italien", "portugais", "russe", "chinois", "japonais",
		"espanol", "ingles", "frances", "aleman", "italiano", "portugues", "ruso", "chino", "japones":
		return true
	}
	return false
}

// foreignForms reduces an inflected French or Spanish demonym to its base
// forms: "Camerounaises" -> "camerounais", "tunisienne" -> "tunisien",
// "mexicana" -> "mexicano".
func foreignForms(f string) []string {
	out := []string{f}
	add := func(s string) {
		if len(s) >= 4 {
			out = append(out, s)
		}
	}
	for _, base := range []string{f, strings.TrimSuffix(f, "s")} {
		add(base)
		add(strings.TrimSuffix(base, "e"))
		if b, ok := strings.CutSuffix(base, "nne"); ok {
			add(b + "n")
		}
		if b, ok := strings.CutSuffix(base, "a"); ok {
			add(b + "o")
		}
		if b, ok := strings.CutSuffix(base, "es"); ok {
			add(b)
		}
	}
	return out
}

// foreignCountry looks up a French or Spanish name or demonym.
func foreignCountry(s string, lowercase bool) (string, bool) {
	f := foldAccents(s)
	if code, ok := foreignNames()[f]; ok && !lowercase {
		return code, true
	}
	dem := foreignDemonyms()
	for _, g := range foreignForms(f) {
		if lowercase && languageDemonym(g) {
			return "", false
		}
		if code, ok := dem[g]; ok {
			return code, true
		}
	}
	return "", false
}

// LookupDemonym reads a lower-case French or Spanish demonym
// ("sénégalaise", "mexicanos"), as those languages write nationality
// adjectives; language names ("en français") are not countries.
func LookupDemonym(s string) (Country, bool) {
	if code, ok := foreignCountry(s, true); ok {
		return CountryByCode(code)
	}
	return Country{}, false
}
