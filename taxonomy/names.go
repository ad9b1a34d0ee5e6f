package taxonomy

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

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
