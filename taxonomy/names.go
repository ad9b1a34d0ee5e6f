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
	// Decomposing, dropping marks and composing leave ASCII as it is; the
	// chain allocates buffers of kilobytes, and most names are ASCII.
	folded := rest
	if !isASCII(rest) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if f, _, err := transform.String(t, rest); err == nil {
			folded = f
		}
	}
	words := strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	slices.Sort(words)
	return strings.Join(words, " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
