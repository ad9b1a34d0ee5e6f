package taxonomy

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// ActionLine is one WSIS action line of the Geneva Plan of Action. C7 is
// split into its eight sub-lines; the sub-lines are the leaves used as tags.
type ActionLine struct {
	Code    string
	Name    string
	Aliases []string
	// Titles are the official titles in English, French and Spanish and
	// their common variants, as prize categories and relevance fields
	// write them; see ActionLineByTitle.
	Titles []string
}

// c7Subs are the C7 sub-lines in the order of the Plan of Action.
var c7Subs = [...]string{"government", "business", "learning", "health", "employment", "environment", "agriculture", "science"}

// ActionLines returns the 18 leaf action lines in order: C1..C6, the C7
// sub-lines, C8..C11. The slice is new on every call; the Aliases and
// Titles in it are shared and must not be modified.
func ActionLines() []ActionLine { return slices.Clone(actionLineTable()) }

// actionLineTable is the table, built once: facet labels and extraction
// look codes up in it for every value and every line, and building it
// (with its official titles) on each lookup cost a fifth of a landing
// page's facets at 100,000 records.
var actionLineTable = sync.OnceValue(buildActionLines)

func buildActionLines() []ActionLine {
	// C1's long official title is shortened to the form used in facets.
	names := []string{
		"Promotion of ICTs for development by governments and all stakeholders",
		"Information and communication infrastructure",
		"Access to information and knowledge",
		"Capacity building",
		"Building confidence and security in the use of ICTs",
		"Enabling environment",
	}
	titles := officialTitles()
	var out []ActionLine
	for i, n := range names {
		code := "C" + strconv.Itoa(i+1)
		out = append(out, ActionLine{Code: code, Name: n, Titles: titles[code]})
	}
	for _, s := range c7Subs {
		code := "C7.e-" + s
		out = append(out, ActionLine{Code: code, Name: "ICT applications: e-" + s, Aliases: []string{"e-" + s, "e" + s}, Titles: titles[code]})
	}
	for i, n := range []string{
		"Cultural diversity and identity, linguistic diversity and local content",
		"Media",
		"Ethical dimensions of the Information Society",
		"International and regional cooperation",
	} {
		code := "C" + strconv.Itoa(i+8)
		out = append(out, ActionLine{Code: code, Name: n, Titles: titles[code]})
	}
	return out
}

// officialTitles are the action-line titles of the Geneva Plan of Action in
// English, French and Spanish, with the variants prize categories use.
func officialTitles() map[string][]string {
	return map[string][]string{
		// Long titles are kept to their distinctive start: titles match
		// as a prefix of the text.
		"C1": {"The role of public governance authorities and all stakeholders",
			"The role of governments and all stakeholders", "The role of government and all stakeholders",
			"Promotion of ICTs for development", "Rôle des autorités publiques et de toutes les parties",
			"Papel de los gobiernos y de todas las partes"},
		"C2": {"Information and communication infrastructure", "Infrastructure de l'information et de la communication",
			"Infraestructura de la información y la comunicación"},
		"C3": {"Access to information and knowledge", "Accès à l'information et au savoir", "Accès à l'information et aux connaissances",
			"Acceso a la información y al conocimiento"},
		"C4": {"Capacity building", "Capacity-building", "Renforcement des capacités", "Creación de capacidad", "Creación de capacidades", "Desarrollo de capacidades"},
		"C5": {"Building confidence and security in the use of ICTs", "Building confidence and security in use of ICTs",
			"Établir la confiance et la sécurité dans l'utilisation des TIC", "Etablir la confiance et la sécurité dans l'utilisation des TIC",
			"Creación de confianza y seguridad en la utilización de las TIC"},
		"C6":               {"Enabling environment", "Environnement propice", "Entorno habilitador", "Entorno propicio"},
		"C7.e-government":  {"E-government", "Cybergouvernement", "Administration électronique", "Gobierno electrónico", "Cibergobierno"},
		"C7.e-business":    {"E-business", "Commerce électronique", "Cybercommerce", "Negocio electrónico", "Comercio electrónico", "Cibernegocio"},
		"C7.e-learning":    {"E-learning", "Téléenseignement", "Cyberenseignement", "Aprendizaje electrónico", "Ciberenseñanza", "Enseñanza electrónica"},
		"C7.e-health":      {"E-health", "Télésanté", "Cybersanté", "Cibersalud", "Salud electrónica"},
		"C7.e-employment":  {"E-employment", "Télétravail", "Cyberemploi", "Ciberempleo", "Empleo electrónico"},
		"C7.e-environment": {"E-environment", "Cyberécologie", "Environnement électronique", "Ciberecología", "Medio ambiente electrónico"},
		"C7.e-agriculture": {"E-agriculture", "Cyberagriculture", "Agriculture électronique", "Ciberagricultura", "Agricultura electrónica"},
		"C7.e-science":     {"E-science", "Cyberscience", "Ciberciencia", "Ciencia electrónica"},
		"C8": {"Cultural diversity and identity, linguistic diversity and local content",
			"Diversité et identité culturelles, diversité linguistique et contenus locaux",
			"Diversidad e identidad culturales, diversidad lingüística y contenido local"},
		"C9":  {"Media", "Médias", "Medios de comunicación"},
		"C10": {"Ethical dimensions of the Information Society", "Dimensions éthiques de la société de l'information", "Dimensiones éticas de la sociedad de la información"},
		"C11": {"International and regional cooperation", "Coopération internationale et régionale", "Cooperación internacional y regional"},
	}
}

// ActionLineByTitle reads an action line named by its official title at
// the start of s, in English, French or Spanish ("Capacity building",
// "Accès à l'information et au savoir", "Cibersalud"), case, accents and
// punctuation ignored; the longest title that fits wins. Callers decide
// whether the context makes a title a tag (a prize category, a relevance
// field): in running prose "capacity building" is a topic, not a tag.
func ActionLineByTitle(s string) (string, bool) {
	t, ok := titleAt(s)
	return t.code, ok
}

// foldedTitle is an official title folded once, with its code and word
// count.
type foldedTitle struct {
	code, folded string
	words        int
}

// foldedTitles are computed once: the lookup folds only its input. The
// table is never written after it is built.
var foldedTitles = func() []foldedTitle {
	var out []foldedTitle
	for _, al := range actionLineTable() {
		for _, t := range al.Titles {
			f := foldAccents(t)
			out = append(out, foldedTitle{al.Code, f, len(strings.Fields(f))})
		}
	}
	return out
}()

// titleAt finds the longest official title at the start of s. Only the
// first runs of s that a title can cover are folded.
func titleAt(s string) (foldedTitle, bool) {
	f := foldAccents(prefixWords(s, 16))
	if f == "" {
		return foldedTitle{}, false
	}
	var best foldedTitle
	for _, t := range foldedTitles {
		if len(t.folded) > len(best.folded) && (f == t.folded || strings.HasPrefix(f, t.folded+" ")) {
			best = t
		}
	}
	return best, best.code != ""
}

// prefixWords cuts s after n runs of white space: no official title has
// more words, so a long line need not be folded whole.
func prefixWords(s string, n int) string {
	seen := 0
	for i, r := range s {
		if r == ' ' || r == '\t' || r == '\n' {
			if seen++; seen >= n {
				return s[:i]
			}
		}
	}
	return s
}

// ActionLineTitleAt is ActionLineByTitle that also says where the title
// ends in s (a byte offset), so a caller can take the title off a line
// ("Category 3 Access to information and knowledge – Open Library").
func ActionLineTitleAt(s string) (code string, end int, ok bool) {
	t, ok := titleAt(s)
	if !ok {
		return "", 0, false
	}
	code = t.code
	// The title matched as whole folded words: it ends after as many runs
	// of letters and digits as it has words.
	words := t.words
	in := false
	for i, r := range s {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if alnum && !in {
			words--
		}
		if !alnum && in && words == 0 {
			return code, i, true
		}
		in = alnum
	}
	return code, len(s), true
}

// PrizeCategory maps a WSIS Prizes category number (1..18) to its action
// line: categories 1-6 are C1-C6, 7-14 the C7 sub-lines in order, 15-18
// C8-C11.
func PrizeCategory(n int) (string, bool) {
	switch {
	case n >= 1 && n <= 6:
		return "C" + strconv.Itoa(n), true
	case n >= 7 && n <= 14:
		return "C7.e-" + c7Subs[n-7], true
	case n >= 15 && n <= 18:
		return "C" + strconv.Itoa(n-7), true
	}
	return "", false
}

// LookupActionLine returns the action line with a canonical code. "C7", the
// parent of the sub-lines, is found too.
func LookupActionLine(code string) (ActionLine, bool) {
	if code == "C7" {
		return ActionLine{Code: "C7", Name: "ICT applications"}, true
	}
	for _, al := range actionLineTable() {
		if al.Code == code {
			return al, true
		}
	}
	return ActionLine{}, false
}

// ActionLineLabel is the code and name shown in facets: "C4 – Capacity building".
func ActionLineLabel(code string) string {
	al, ok := LookupActionLine(code)
	if !ok {
		return code
	}
	return al.Code + " – " + al.Name
}

var (
	// "C7 e-health", "C7eGov", "C7: E-government", "C7.e-health".
	alC7Sub = regexp.MustCompile(`(?i)\bc\s*7\s*[.:]?\s*(?:ict applications\s*[:-]?\s*)?e\s*-?\s*([a-z]+)`)
	// "C4", "AL C4", "Action Line C4".
	alCode = regexp.MustCompile(`(?i)\bc\s*(\d{1,2})\b`)
	// "Line 3", "Action Line 3 on Access".
	alLine = regexp.MustCompile(`(?i)\bline\s+(\d{1,2})\b`)
	// "eHealth", "e-health".
	alSub = regexp.MustCompile(`(?i)\be\s*-?\s*(government|gov|business|learning|health|employment|environment|agriculture|science)\b`)
)

// ParseActionLine reads one action-line mention ("AL C4", "C7 e-health",
// "eHealth", "Line 3 on Access", Cyrillic "С1") and returns its canonical
// code. It does not scan running text: that is the importers' job.
func ParseActionLine(s string) (string, bool) {
	s = strings.NewReplacer("С", "C", "с", "c", "\u00a0", " ", "\u2011", "-").Replace(s)
	if m := alC7Sub.FindStringSubmatch(s); m != nil {
		if code, ok := subLine(m[1]); ok {
			return code, true
		}
	}
	for _, re := range []*regexp.Regexp{alCode, alLine} {
		if m := re.FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(m[1])
			switch {
			case n == 7:
				return "C7", true
			case n >= 1 && n <= 11:
				return "C" + strconv.Itoa(n), true
			default:
				return "", false
			}
		}
	}
	if m := alSub.FindStringSubmatch(s); m != nil {
		return subLine(m[1])
	}
	f := strings.ToLower(strings.TrimSpace(s))
	for _, al := range actionLineTable() {
		if f == strings.ToLower(al.Name) {
			return al.Code, true
		}
	}
	return "", false
}

// subLine maps a C7 sub-line word ("health", "Gov") to its code.
func subLine(w string) (string, bool) {
	w = strings.ToLower(w)
	for _, s := range c7Subs {
		if w == s || (len(w) >= 3 && strings.HasPrefix(s, w)) {
			return "C7.e-" + s, true
		}
	}
	return "", false
}
