package resolver

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// fold lowercases s, drops diacritics and turns every run of characters that
// are not letters or digits into one space, with a space at each end so
// phrases can be replaced on word boundaries.
func fold(s string) string {
	if !isASCII(s) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if f, _, err := transform.String(t, s); err == nil {
			s = f
		}
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	space := true
	// Lowering rune by rune is strings.ToLower without its copy of s.
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				b.WriteByte(byte(r))
				space = false
				continue
			}
		} else if r = unicode.ToLower(r); unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// phrases are names written out in full that sources also abbreviate, in
// the languages WSIS material comes in; each becomes the one word its
// abbreviation is (after fold).
var phrases = []struct{ from, to string }{
	{" world summit on the information society ", " wsis "},
	{" sommet mondial sur la societe de l information ", " wsis "},
	{" cumbre mundial sobre la sociedad de la informacion ", " wsis "},
	{" всемирнои встречи на высшем уровне по вопросам информационного общества ", " wsis "},
	{" всемирная встреча на высшем уровне по вопросам информационного общества ", " wsis "},
	{" القمة العالمية لمجتمع المعلومات ", " wsis "},
	{" international telecommunications union ", " itu "},
	{" international telecommunication union ", " itu "},
	{" union internationale des telecommunications ", " itu "},
	{" union internacional de telecomunicaciones ", " itu "},
	{" международныи союз электросвязи ", " itu "},
	{" united nations educational scientific and cultural organization ", " unesco "},
	{" food and agriculture organization of the united nations ", " fao "},
	{" food and agriculture organization ", " fao "},
	{" united nations development programme ", " undp "},
	{" united nations ", " un "},
	{" nations unies ", " un "},
	{" naciones unidas ", " un "},
}

// synonyms fold single words: translated abbreviations, British and
// American spellings, prize words.
var synonyms = map[string]string{
	"cmsi": "wsis", "smsi": "wsis", "ввуио": "wsis", "вврио": "wsis",
	"uit": "itu", "мсэ": "itu",
	"onu": "un", "oon": "un",
	"programme": "program", "programa": "program", "programm": "program",
	"centre": "center", "centro": "center",
	"organisation": "organization", "organizacion": "organization",
	"ministere": "ministry", "ministerio": "ministry", "ministery": "ministry",
	"premio": "prize", "premios": "prize", "prix": "prize", "award": "prize", "awards": "prize",
	"telecommunication": "telecom", "telecommunications": "telecom", "telecomunicaciones": "telecom",
}

// stopwords carry no identity: function words of the languages met, and
// words every project title or organisation may hold.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the of and for in on a an to with by at from as its their our into through via
		de la le les des du et l d un une en au aux pour par sur
		el los las y del para por con una
		project projects projet proyecto initiative`) {
		stopwords[w] = true
	}
}

// legalForms end organisation names without naming them.
var legalForms = map[string]bool{
	"ltd": true, "pvt": true, "inc": true, "llc": true, "gmbh": true, "spa": true, "sa": true, "plc": true,
	"co": true, "limited": true, "corp": true, "srl": true, "ag": true, "bv": true, "onlus": true,
}

// titleWords are positions written into organisation fields of speaker
// lines ("Director, Ministry of ICT"); they say nothing of the organisation.
var titleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`director directora directeur deputy head chair chairman chairperson vice founder cofounder
		president minister secretary senior manager officer executive chief coordinator lead professor associate
		assistant adviser advisor member board ceo cto cfo coo expert specialist consultant fellow dr mr ms mrs`) {
		titleWords[w] = true
	}
}

// phraseStarts are the first words of phrases: a text without any of them
// has no phrase to replace.
var phraseStarts = map[string]bool{}

func init() {
	for _, p := range phrases {
		phraseStarts[strings.Fields(p.from)[0]] = true
	}
}

// lexeme is what words makes of one folded word: the word it becomes
// (interned, so the words of every text share one copy), whether it is
// kept, and whether a phrase may start with it.
type lexeme struct {
	word        string
	keep        bool
	phraseStart bool
}

// words returns the identity-bearing words of s: folded, phrases and
// synonyms applied, plurals lightly stemmed, stopwords dropped. Each folded
// word is analysed once per corpus: texts share most of their words.
func (w *corpus) words(s string) []string {
	f := fold(s)
	out, ok := w.split(f, true)
	if !ok {
		for _, p := range phrases {
			f = strings.ReplaceAll(f, p.from, p.to)
		}
		out, _ = w.split(f, false)
	}
	return out
}

// split returns the words of folded text f, or false when f holds the first
// word of a phrase and stop is set.
func (w *corpus) split(f string, stop bool) ([]string, bool) {
	var out []string
	for i := 0; i < len(f); {
		if f[i] == ' ' {
			i++
			continue
		}
		j := strings.IndexByte(f[i:], ' ')
		if j < 0 {
			j = len(f) - i
		}
		tok := f[i : i+j]
		i += j
		lx, ok := w.lex[tok]
		if !ok {
			// The key is a copy: f may be a long text that the corpus must
			// not keep.
			key := strings.Clone(tok)
			lx = analyse(key)
			w.lex[key] = lx
		}
		if stop && lx.phraseStart {
			return nil, false
		}
		if lx.keep {
			if out == nil {
				out = make([]string, 0, 8)
			}
			out = append(out, lx.word)
		}
	}
	return out, true
}

// analyse applies synonyms, stemming and stopwords to one folded word.
func analyse(tok string) lexeme {
	x := tok
	if syn, ok := synonyms[x]; ok {
		x = syn
	}
	x = stem(x)
	if syn, ok := synonyms[x]; ok {
		x = syn
	}
	return lexeme{word: x, keep: !stopwords[x], phraseStart: phraseStarts[tok]}
}

// stem folds an English plural: "schools" and "school" meet, "access" stays.
func stem(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// org is an organisation name analysed for matching.
type org struct {
	name     string
	words    []string // without legal forms
	bare     []string // also without position words, for speaker lines ("Director, Ministry of ICT")
	stated   []string // abbreviations written in capitals
	initials string   // the abbreviation its words imply
}

func newOrg(name string, c *corpus) *org {
	o := &org{name: name}
	for _, w := range c.words(name) {
		if legalForms[w] {
			continue
		}
		o.words = append(o.words, w)
		if !titleWords[w] {
			o.bare = append(o.bare, w)
		}
	}
	o.stated, o.initials = acronyms(name)
	return o
}

// acronyms returns the abbreviations a name states, words written in
// capitals ("RSE", "SIPC"), and the one it implies, the initials of its
// words ("Association for Progressive Communications" implies "apc"), folded.
func acronyms(s string) (stated []string, initials string) {
	stated = capitals(s)
	var in []rune
	for _, w := range strings.Fields(fold(s)) {
		if stopwords[w] || legalForms[w] {
			continue
		}
		in = append(in, []rune(w)[0])
	}
	if len(in) >= 3 && len(in) <= 8 {
		initials = string(in)
	}
	return stated, initials
}

// capitals are the words of s written in capitals, folded: the
// abbreviations a name or title states ("ARDYIS").
func capitals(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if n := len([]rune(w)); n >= 2 && n <= 8 && w == strings.ToUpper(w) && strings.ToLower(w) != w {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
