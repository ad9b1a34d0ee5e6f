package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// honorific splits the honorifics off a string through the one honorific
// module (taxonomy.CutHonorific) and names them in canonical form ("H.E.",
// "Amb.", "Prof.", "Dr.", "Ms.", "Mr."); H.E. wins over the rest.
func honorific(s string) (hon, rest string) {
	h, rest := taxonomy.CutHonorific(s)
	return h.Canonical, rest
}

// honorificOf is honorific with the gender the honorifics state.
func honorificOf(s string) (taxonomy.Honorific, string) {
	return taxonomy.CutHonorific(s)
}

// particles may sit lower-case inside a name.
func isParticle(w string) bool {
	switch w {
	case "de", "da", "das", "dos", "do", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "binti", "ibn", "al", "el", "y", "ter", "e":
		return true
	}
	return false
}

// titleWords end a name: a job title or role follows.
func isTitleWord(w string) bool {
	w = strings.ToLower(strings.Trim(w, ",.;:()"))
	if first, _, ok := strings.Cut(w, "-"); ok && first != "co" && first != "vice" && isTitleWord(first) {
		return true // "Director-General", "Secretary-General"
	}
	switch w {
	case "director", "deputy", "founder", "co-founder", "cofounder", "president", "vice", "vice-president", "head", "senior",
		"chief", "ceo", "cto", "coo", "minister", "ambassador", "secretary", "secretary-general", "professor", "associate",
		"assistant", "manager", "chair", "chairman", "chairwoman", "chairperson", "executive", "project", "programme",
		"program", "lead", "leader", "coordinator", "officer", "advisor", "adviser", "consultant", "researcher", "member",
		"partner", "journalist", "editor", "general", "permanent", "representative", "counsellor", "counselor",
		"commissioner", "governor", "mayor", "dean", "rector", "lecturer", "engineer", "specialist", "analyst",
		"moderator", "speaker", "panelist", "panellist", "rapporteur", "facilitator", "founding", "principal", "student",
		"fellow", "expert", "owner", "policy", "regional", "global", "national", "international", "technical", "youth",
		"board", "team", "country", "public", "digital", "research", "professional", "distinguished", "is", "was", "who", "from",
		"of", "at", "with", "and", "for", "the", "remarks", "welcoming", "opening", "closing", "keynote",
		"treasurer", "auditor", "trustee", "counsel", "attorney", "lawyer", "scientist", "economist", "architect",
		"developer", "designer", "programmer", "entrepreneur", "activist", "advocate", "teacher", "nurse", "doctor",
		"physician", "librarian", "historian", "writer", "author", "coach", "mentor", "envoy", "delegate", "vp",
		"cio", "cfo", "ciso", "cso", "evp", "svp", "intern", "volunteer", "co-chair", "cochair", "convenor", "convener",
		// French and Spanish positions.
		"directeur", "directrice", "directora", "président", "présidente", "presidente", "fondateur", "fondatrice",
		"fundador", "fundadora", "coordinateur", "coordinatrice", "coordinador", "coordinadora", "responsable", "chef",
		"jefe", "jefa", "conseiller", "conseillère", "asesor", "asesora", "ingénieur", "ingénieure", "ingeniero",
		"ingeniera", "chercheur", "chercheuse", "investigador", "investigadora", "professeur", "professeure", "profesor",
		"profesora", "ministre", "ministro", "ministra", "secrétaire", "secretario", "secretaria", "gérant", "gérante",
		"gerente", "chargé", "chargée", "consultante", "consultor", "consultora", "administrateur", "administratrice",
		"délégué", "déléguée", "représentant", "représentante", "membre", "miembro", "doyen", "doyenne", "recteur",
		"rectora", "vice-présidente", "vicepresidente", "experte", "experto", "experta":
		return true
	}
	return false
}

// notNameWords never appear in a person's name; they mark headings.
func isNotNameWord(w string) bool {
	switch strings.ToLower(strings.Trim(w, ",.;:()")) {
	case
		",.;:()", "session", "sessions", "overview", "projects", "project", "forum", "summit", "awards", "award", "report",
		"objectives", "background", "key", "group", "society", "internet", "technology", "technologies", "women", "woman",
		"day", "prizes", "prize", "winners", "winner", "nominees", "ict", "icts", "digital", "action", "line", "lines",
		"development", "goals", "track", "meeting", "workshop", "agenda", "document", "outcome", "outcomes", "policy",
		"questions", "question", "expected", "online", "participation", "format", "description", "summary", "table",
		"contents", "speakers", "moderators", "organizers", "panellists", "panelists", "thank", "you", "welcome", "contact",
		"challenges", "trends", "achievements", "global", "world", "united", "nations", "national", "international",
		"university", "institute", "ministry", "government", "foundation", "association", "coalition", "centre", "center",
		"network", "council", "committee", "union", "office", "company", "services", "african", "european", "arab", "asian",
		"pacific", "caribbean", "latin", "goal", "equality", "rights", "trust", "security", "economy", "access", "diversity",
		"inclusion", "governance", "resources", "issues", "agency", "authority", "commission", "organization",
		"organisation", "department", "platform", "programme", "program", "initiative", "bank", "institution", "school",
		"college", "academy", "secretariat", "partnership", "alliance", "federation", "introduction", "conclusion",
		"conclusions", "recommendations", "panel", "discussion", "remarks", "chapter", "news", "press", "release", "blog",
		"stories", "photo", "photos", "gallery", "video", "ltd", "inc", "llc", "gmbh", "plc",
		"hall", "room", "plenary", "auditorium", "salle", "sala", "venue", "building", "tower", "floor",
		"week", "month", "festival", "conference", "congress", "expo", "ceremony", "celebration", "hackathon",
		// Words that open sentences, capitalised only there.
		"when", "after", "as", "today", "since", "while", "before", "during", "meet", "this", "that", "these",
		"those", "last", "yesterday", "where", "how", "why", "what", "but", "so", "if", "our", "my", "dear",
		"hello", "thanks", "a", "an", "in", "on", "then", "now", "here", "there", "every", "each", "some", "many":
		return true
	}
	return false
}

// nameToken reports whether w can be one word of a person's name: a
// capitalised word, an initial ("N."), a hyphenated or apostrophed name.
func nameToken(w string) bool {
	if w == "" || utf8.RuneCountInString(w) > 30 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, c := range w {
		if !unicode.IsLetter(c) && c != '-' && c != '\'' && c != '’' && c != '.' {
			return false
		}
	}
	return true
}

// isAllCapsAcronym is an upper-case word of two or more letters ("CEO",
// "ITU"), which ends a name after an honorific.
func isAllCapsAcronym(w string) bool {
	letters := 0
	for _, c := range w {
		if unicode.IsLetter(c) {
			if !unicode.IsUpper(c) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// leadingName reads a person's name at the start of s (after any honorific)
// and returns it with the rest of s. It stops at a comma, a title word, an
// acronym or a lower-case word. allCaps lets upper-case surnames through.
func leadingName(s string, allCaps bool) (name, rest string) {
	words := strings.Fields(s)
	var out []string
	i := 0
	for ; i < len(words) && len(out) < 7; i++ {
		w := words[i]
		comma := strings.HasSuffix(w, ",") || strings.HasSuffix(w, ";") || strings.HasSuffix(w, ":")
		bare := strings.TrimRight(w, ",;:")
		switch {
		case bare == "-" && len(out) > 0 && i+1 < len(words) && nameToken(words[i+1]):
			out = append(out, bare)
			continue
		case isParticle(bare) && len(out) > 0 && particleRun(words[i+1:]):
		case !nameToken(bare), isTitleWord(bare), isNotNameWord(bare):
			goto done
		case isAllCapsAcronym(bare) && !allCaps && len(out) > 0 && !strings.Contains(bare, "."):
			goto done
		}
		if word, ok := strings.CutSuffix(bare, "."); ok && utf8.RuneCountInString(word) > 1 && len(out) > 0 {
			// "Mary Uduma. Mrs. Uduma spoke": a full stop after a
			// word (not an initial) ends the sentence and the name.
			out = append(out, word)
			return strings.Join(out, " "), strings.TrimSpace(". " + strings.Join(words[i+1:], " "))
		}
		out = append(out, bare)
		if comma {
			// Keep the separator so callers can tell "Name, Org" from "Name Org".
			return strings.Join(out, " "), strings.TrimSpace(w[len(bare):] + " " + strings.Join(words[i+1:], " "))
		}
	}
done:
	if len(out) > 0 && out[len(out)-1] == "-" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, " "), strings.TrimSpace(strings.Join(words[i:], " "))
}

// particleRun reports whether the words after a particle go on with more
// particles and then a name word ("van der Berg").
func particleRun(words []string) bool {
	for _, w := range words {
		w = strings.TrimRight(w, ",;:")
		if isParticle(w) {
			continue
		}
		return nameToken(w)
	}
	return false
}

// plausibleName accepts two to six words that are not a placeholder ("xx XX").
func plausibleName(n string) bool {
	words := strings.Fields(n)
	if len(words) < 2 || len(words) > 7 {
		return false
	}
	real := 0
	for _, w := range words {
		if strings.Trim(strings.ToLower(w), "x.") == "" {
			return false
		}
		if utf8.RuneCountInString(strings.Trim(w, ".")) >= 2 {
			real++
		}
	}
	return real >= 2 || (real == 1 && len(words) >= 2 && utf8.RuneCountInString(words[0]) >= 2)
}

// nameKey folds a name for de-duplication: honorifics, case, accents and
// word order do not matter ("Mr Sofiene Hemissi" is "H.E. Sofiène Hemissi").
func nameKey(n string) string {
	return taxonomy.PersonKey(n)
}

// displayName turns an ALL-CAPS caption name ("SYLVIA CADENA") into title case.
func displayName(n string) string {
	if n != strings.ToUpper(n) {
		return n
	}
	words := strings.Fields(strings.ToLower(n))
	for i, w := range words {
		parts := strings.Split(w, "-")
		for j, p := range parts {
			r, size := utf8.DecodeRuneInString(p)
			parts[j] = string(unicode.ToUpper(r)) + p[size:]
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}
