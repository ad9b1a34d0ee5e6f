package text

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// cp1252High maps the Windows-1252 characters of bytes 0x80..0x9F back to
// their byte, so UTF-8 that was decoded as Windows-1252 can be re-encoded.
func cp1252High() map[rune]byte {
	return map[rune]byte{
		'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
		'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91,
		'’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98,
		'™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
	}
}

// fixMojibake repairs UTF-8 text that went through a Latin-1/Windows-1252
// decoding ("â€™" for "’", "Ã©" for "é"): a lead-byte character followed by
// continuation-byte characters is re-encoded when the bytes form one valid
// rune. One pass, linear in the input.
func fixMojibake(s string) string {
	if !strings.ContainsAny(s, "ÂÃâ¬") {
		return s
	}
	// Mac Roman rendering of a UTF-8 no-break space.
	s = strings.ReplaceAll(s, "¬†", " ")
	high := cp1252High()
	asByte := func(r rune) (byte, bool) {
		if r >= 0x80 && r <= 0xFF {
			return byte(r), true
		}
		b, ok := high[r]
		return b, ok
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		need := 0
		switch {
		case r >= 0xC2 && r <= 0xDF:
			need = 1
		case r >= 0xE0 && r <= 0xEF:
			need = 2
		}
		if need > 0 && i+need < len(rs) {
			buf := []byte{byte(r)}
			ok := true
			for k := 1; k <= need; k++ {
				c, isByte := asByte(rs[i+k])
				if !isByte || c < 0x80 || c > 0xBF {
					ok = false
					break
				}
				buf = append(buf, c)
			}
			if ok {
				if dec, size := utf8.DecodeRune(buf); dec != utf8.RuneError && size == len(buf) {
					b.WriteRune(dec)
					i += need
					continue
				}
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

var (
	// Cyrillic Es typed for a Latin C in action-line codes ("С1").
	cyrillicC = regexp.MustCompile(`[Сс](\d)`)
	// Arabic jeem written for C in action-line codes ("ج1", "ج ٧").
	arabicC = regexp.MustCompile(`ج\s?([0-9٠-٩]{1,2})`)
	// Markdown emphasis and underline tags that only decorate.
	decoration = strings.NewReplacer("**", "", "__", "", "<u>", "", "</u>", "", "\\*", "*")
	spaceRuns  = regexp.MustCompile(`[ \f\v]{2,}`)
	// Markdown heading marks, taken off each line by newDoc, which keeps
	// the level as layout.
	mdHeading = regexp.MustCompile(`^[ \t]*#{1,6}[ \t]+`)
)

// arabicDigits maps Arabic-Indic digits to ASCII ones.
var arabicDigits = strings.NewReplacer("٠", "0", "١", "1", "٢", "2", "٣", "3", "٤", "4", "٥", "5", "٦", "6", "٧", "7", "٨", "8", "٩", "9")

// normalize cleans the whole document: valid UTF-8, repaired mojibake, plain
// spaces and hyphens, Latin C in action-line codes, no Markdown decoration.
func normalize(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.TrimPrefix(s, "\uFEFF")
	s = fixMojibake(s)
	s = strings.NewReplacer(
		"\r\n", "\n", "\r", "\n",
		"\u00a0", " ", "\u202f", " ", "\u2007", " ", "\u2009", " ",
		"\u2010", "-", "\u2011", "-",
		"\u200b", "", "\u200c", "", "\u200d", "", "\u00ad", "",
	).Replace(s)
	s = cyrillicC.ReplaceAllString(s, "C$1")
	s = arabicC.ReplaceAllStringFunc(s, func(m string) string {
		return "C" + arabicDigits.Replace(arabicC.FindStringSubmatch(m)[1])
	})
	// Arabic-Indic digits are digits: years, numbers and categories read
	// the same in every script.
	s = arabicDigits.Replace(s)
	s = decoration.Replace(s)
	return spaceRuns.ReplaceAllString(s, " ")
}

// bulletPrefix matches list markers at the start of a line.
var bulletPrefix = regexp.MustCompile(`^(?:[-*•❖▪◦·●o]\s+|[-*•❖▪◦·●])+\s*`)

// stripBullet removes list markers from a trimmed line.
func stripBullet(s string) string {
	return strings.TrimSpace(bulletPrefix.ReplaceAllString(s, ""))
}

// collapse turns every run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
