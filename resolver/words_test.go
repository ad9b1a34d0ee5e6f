package resolver

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// plainFold is fold as first written, lowering the whole string first.
func plainFold(s string) string {
	if !isASCII(s) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if f, _, err := transform.String(t, s); err == nil {
			s = f
		}
	}
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// plainWords is words as first written: fold, every phrase replaced, then
// each word analysed. corpus.words skips the phrases of a text that holds
// none of their first words and analyses each word once per corpus; both
// must give the same words, nil for none.
func plainWords(s string) []string {
	f := plainFold(s)
	for _, p := range phrases {
		f = strings.ReplaceAll(f, p.from, p.to)
	}
	var out []string
	for _, w := range strings.Fields(f) {
		if syn, ok := synonyms[w]; ok {
			w = syn
		}
		w = stem(w)
		if syn, ok := synonyms[w]; ok {
			w = syn
		}
		if !stopwords[w] {
			out = append(out, w)
		}
	}
	return out
}

var wordsCases = []string{
	"",
	"  ",
	"The Projects of the Ministère de l'Économie",
	"World Summit on the Information Society (WSIS) Prizes 2015",
	"united nations united nations united nations",
	"International Telecommunication Union, United Nations Development Programme",
	"Sommet mondial sur la société de l'information — Prix",
	"Cumbre Mundial sobre la Sociedad de la Información",
	"Всемирная встреча на высшем уровне по вопросам информационного общества",
	"القمة العالمية لمجتمع المعلومات",
	"food and agriculture organization of the united nations food and agriculture organization",
	"Libraries, schools and universities; ACCESS for all",
	"\xff\xfe broken UTF-8 \xc3",
	"KELVIN \u212a and İstanbul",
	"union world food nations",
}

func TestWordsAsPlain(t *testing.T) {
	w := newCorpus()
	for range 2 { // the second time from the corpus's analysed words
		for _, s := range wordsCases {
			if got, want := fold(s), plainFold(s); got != want {
				t.Errorf("fold(%q) = %q, want %q", s, got, want)
			}
			got, want := w.words(s), plainWords(s)
			if !slices.Equal(got, want) || (got == nil) != (want == nil) {
				t.Errorf("words(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

func FuzzWordsAsPlain(f *testing.F) {
	for _, s := range wordsCases {
		f.Add(s)
	}
	w := newCorpus()
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fold(s), plainFold(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
		got, want := w.words(s), plainWords(s)
		if !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Errorf("words(%q) = %q, want %q", s, got, want)
		}
	})
}
