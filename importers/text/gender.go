package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

var (
	womenTerm  = regexp.MustCompile(`(?i)\b(?:women|women's|women’s|girls?|girls'|female|feminis\w*|queer|femmes?|filles?|féminin\w*|mujer(?:es)?|niñas?|женщин\w*|девушк\w*)\b`)
	genderTerm = regexp.MustCompile(`(?i)\bgender\b`)
	// Panel composition, not the topic: "3 women", "gender balanced".
	composition   = regexp.MustCompile(`(?i)\b\d+\s+(?:women|girls)\b|\bgender[- ]balanced?\b|\bwoman\b`)
	sentenceSplit = regexp.MustCompile(`[.!?]\s+|\n+`)
	titleGender   = regexp.MustCompile(`(?i)\b(?:women|women's|women’s|woman|girls?|gender|female|feminis\w*|femmes?|filles?|mujer(?:es)?|niñas?|género|genre)\b`)
)

// genderFocus grades how much a document is about women, girls and gender:
// primary when the title or heading says so or women and girls fill the
// text; significant when they come up in several sentences (or often for a
// short text); mention when named at all. Sentences are counted, not words,
// so one "women and girls" stays one mention.
func genderFocus(d *doc, title string) string {
	text := composition.ReplaceAllString(d.text, " ")
	women, gender := 0, 0
	for _, s := range sentenceSplit.Split(text, -1) {
		switch {
		case womenTerm.MatchString(s):
			women++
		case genderTerm.MatchString(s):
			gender++
		}
	}
	perK := float64(women) * 1000 / float64(max(len(text), 1))
	head := title + "\n" + strings.Join(d.head(2), "\n")
	switch {
	case titleGender.MatchString(head) || perK >= 3:
		return record.GenderPrimary
	case women >= 3 || perK >= 1 || gender >= 4:
		return record.GenderSignificant
	case women+gender > 0:
		return record.GenderMention
	}
	return record.GenderNone
}
