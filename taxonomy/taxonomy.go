// Package taxonomy holds the vocabularies of the WSIS world: action lines,
// SDGs, countries with their ITU region and UN regional group, and the
// stakeholder groups written on WSIS and IGF pages. Pure lookups, no I/O, no
// mutable state: every table is built by a function or is a constant.
package taxonomy

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldAccents is Fold without diacritics: "Accès à l’information" and
// "acces a l information" meet.
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < 0x80
	}
	if ascii {
		return Fold(s)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	return Fold(s)
}

// Fold lower-cases s and collapses everything that is not a letter or a
// digit into single spaces, so lookups ignore punctuation and case.
func Fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}
