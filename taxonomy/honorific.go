package taxonomy

import "strings"

// Honorific is what the honorifics in front of a name say. It is the one
// reading of honorifics in stocktake: the text extractor, the tabular
// importer and the people finder all go through CutHonorific.
type Honorific struct {
	Written   string // as written: "H.E. Mr.", "Mme", "Prof. Dr."
	Canonical string // one form per rank, see below: "H.E.", "Amb.", "Prof.", "Dr.", "Ms.", "Mr."
	Gender    string // "female", "male", or "" when the honorifics state none
}

// honorificWord is one honorific as it may be written (lower case), with
// its canonical form, the gender it states and its rank: when several are
// written ("H.E. Mr.", "Prof. Dr."), the highest rank names the person.
type honorificWord struct {
	word, canonical, gender string
	rank                    int
}

// honorificWords lists the forms of WSIS, IGF and news pages in English,
// French and Spanish, longest first so "Her Excellency" is taken whole.
// "Mrs." and "Mme" are written "Ms." (the labels' rule); "HE" counts only
// in capitals ("He" starts sentences and is a family name).
// The table is built once: CutHonorific runs for every name of every
// resolve, and building it per call was a third of PersonKey's allocations.
// Nothing writes to it.
var honorifics = honorificWords()

func honorificWords() []honorificWord {
	return []honorificWord{
		{"his excellency", "H.E.", "male", 5}, {"her excellency", "H.E.", "female", 5},
		{"son excellence", "H.E.", "", 5}, {"h. e.", "H.E.", "", 5}, {"h.e.", "H.E.", "", 5}, {"he", "H.E.", "", 5},
		{"ambassador", "Amb.", "", 4}, {"amb.", "Amb.", "", 4}, {"amb", "Amb.", "", 4},
		{"the honourable", "Hon.", "", 4}, {"honourable", "Hon.", "", 4}, {"honorable", "Hon.", "", 4}, {"hon.", "Hon.", "", 4},
		{"professor", "Prof.", "", 3}, {"prof.", "Prof.", "", 3}, {"prof", "Prof.", "", 3}, {"pr.", "Prof.", "", 3},
		{"dr.", "Dr.", "", 2}, {"dr", "Dr.", "", 2}, {"dra.", "Dr.", "female", 2}, {"eng.", "Eng.", "", 2}, {"engr.", "Eng.", "", 2},
		{"mrs.", "Ms.", "female", 1}, {"mrs", "Ms.", "female", 1}, {"ms.", "Ms.", "female", 1}, {"ms", "Ms.", "female", 1},
		{"miss", "Ms.", "female", 1}, {"mme.", "Ms.", "female", 1}, {"mme", "Ms.", "female", 1}, {"mlle", "Ms.", "female", 1},
		{"madame", "Ms.", "female", 1}, {"madam", "Ms.", "female", 1}, {"sra.", "Ms.", "female", 1}, {"dame", "Dame", "female", 1},
		{"mr.", "Mr.", "male", 1}, {"mr", "Mr.", "male", 1}, {"monsieur", "Mr.", "male", 1}, {"m.", "Mr.", "male", 1}, {"sr.", "Mr.", "male", 1},
		{"sir", "Sir", "male", 1}, {"mx.", "Mx.", "", 1}, {"mx", "Mx.", "", 1},
		// Arabic: Excellency, Doctor, Engineer, Mrs/Ms, Mr.
		{"معالي", "H.E.", "", 5}, {"سعادة", "H.E.", "", 5}, {"الدكتورة", "Dr.", "female", 2}, {"الدكتور", "Dr.", "male", 2},
		{"المهندسة", "Eng.", "female", 2}, {"المهندس", "Eng.", "male", 2}, {"السيدة", "Ms.", "female", 1}, {"السيد", "Mr.", "male", 1},
	}
}

// CutHonorific takes the honorifics off the front of s ("H.E. Ms. Amina
// Diallo, Minister") and returns what they say and the rest of s. A string
// that is nothing but honorifics is no name: it comes back whole, with no
// honorific.
func CutHonorific(s string) (Honorific, string) {
	rest := strings.TrimSpace(s)
	var h Honorific
	var written []string
	best := 0
	words := honorifics
	for len(written) < 4 {
		found := false
		for _, w := range words {
			if len(rest) < len(w.word) || !strings.EqualFold(rest[:len(w.word)], w.word) {
				continue
			}
			after := rest[len(w.word):]
			// A whole word only: "Dr" must not eat "Drew", nor "Ms" "Msafiri".
			if after != "" && after[0] != ' ' && !strings.HasSuffix(w.word, ".") {
				continue
			}
			if w.word == "he" && !strings.HasPrefix(rest, "HE ") {
				continue
			}
			// French "M." must be upper case and followed by a whole
			// name: "M. K. Gandhi" starts with an initial.
			if w.word == "m." && (rest[0] != 'M' || initialNext(after)) {
				continue
			}
			// An undotted short form must be capitalised: "ms" in running
			// lower-case text is no honorific.
			if !strings.HasSuffix(w.word, ".") && rest[0] >= 'a' && rest[0] <= 'z' {
				continue
			}
			written = append(written, strings.TrimSpace(rest[:len(w.word)]))
			if w.rank > best {
				best, h.Canonical = w.rank, w.canonical
			}
			if w.gender != "" {
				h.Gender = w.gender
			}
			rest = strings.TrimSpace(after)
			found = true
			break
		}
		if !found || rest == "" {
			break
		}
	}
	if rest == "" || len(written) == 0 {
		return Honorific{}, strings.TrimSpace(s)
	}
	h.Written = strings.Join(written, " ")
	return h, rest
}

// initialNext reports a text that starts with an initial ("K. Gandhi").
func initialNext(s string) bool {
	f := strings.Fields(s)
	return len(f) == 0 || len(f[0]) <= 2 && strings.HasSuffix(f[0], ".")
}

// SplitHonorific takes the honorifics off the front of a name ("H.E. Ms.
// Amina Diallo") and returns them as written ("H.E. Ms."), the gender they
// state ("female", "male" or "") and the bare name. It is CutHonorific for
// callers that keep the honorific as written.
func SplitHonorific(name string) (honorific, gender, rest string) {
	h, rest := CutHonorific(name)
	return h.Written, h.Gender, rest
}
