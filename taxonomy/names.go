package taxonomy

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// honorifics as written before names on WSIS and IGF pages, longest first
// so "H.E. Mr." is taken whole. The value is the gender the honorific
// states, or "" when it states none.
var honorifics = []struct{ word, gender string }{
	{"his excellency", "male"}, {"her excellency", "female"}, {"h.e.", ""}, {"he", ""},
	{"ambassador", ""}, {"amb.", ""}, {"amb", ""}, {"professor", ""}, {"prof.", ""}, {"prof", ""},
	{"dr.", ""}, {"dr", ""}, {"mrs.", "female"}, {"mrs", "female"}, {"ms.", "female"}, {"ms", "female"},
	{"miss", "female"}, {"mr.", "male"}, {"mr", "male"}, {"sir", "male"}, {"dame", "female"}, {"madam", "female"},
	{"eng.", ""}, {"hon.", ""}, {"honourable", ""}, {"honorable", ""},
}

// SplitHonorific takes the honorifics off the front of a name ("H.E. Ms.
// Amina Diallo") and returns them as written ("H.E. Ms."), the gender they
// state ("female", "male" or "" when they state none), and the bare name.
func SplitHonorific(name string) (honorific, gender, rest string) {
	rest = strings.TrimSpace(name)
	var taken []string
	for {
		low := strings.ToLower(rest)
		found := false
		for _, h := range honorifics {
			if !strings.HasPrefix(low, h.word) {
				continue
			}
			after := rest[len(h.word):]
			// A whole word only: "Dr" must not eat "Drew".
			if after != "" && !strings.HasPrefix(after, " ") && !strings.HasSuffix(h.word, ".") {
				continue
			}
			if h.word == "he" && !strings.HasPrefix(rest, "HE ") {
				continue // "HE" only in capitals: "He" starts sentences and names
			}
			taken = append(taken, strings.TrimSpace(rest[:len(h.word)]))
			if h.gender != "" {
				gender = h.gender
			}
			rest = strings.TrimSpace(after)
			found = true
			break
		}
		if !found || rest == "" {
			break
		}
	}
	if rest == "" { // the whole thing was a title, not a name
		return "", "", strings.TrimSpace(name)
	}
	return strings.Join(taken, " "), gender, rest
}

// PersonKey is the key under which two spellings of one person's name meet:
// honorifics dropped, case and diacritics folded, "Surname, Given" turned
// around, and the words sorted so word order does not matter ("HAKIM Sari"
// and "Sari Hakim" share a key).
func PersonKey(name string) string {
	_, _, rest := SplitHonorific(name)
	if last, first, ok := strings.Cut(rest, ","); ok {
		rest = first + " " + last
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, rest)
	if err != nil {
		folded = rest
	}
	words := strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	slices.Sort(words)
	return strings.Join(words, " ")
}
