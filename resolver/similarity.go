package resolver

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// corpus holds what one Resolve learns of its records: a weight for each
// word by how rare it is among the texts (inverse document frequency), so
// "portal" counts for less than "beatona" when two titles are compared,
// and each organisation name analysed once.
type corpus struct {
	n    int
	df   map[string]int
	orgs map[string]*org
	keys map[string]string // name -> person key: names recur across sessions
	lex  map[string]lexeme // folded word -> what words makes of it
	last map[string]int    // word -> the last text add counted it in
}

func newCorpus() *corpus {
	return &corpus{df: map[string]int{}, orgs: map[string]*org{}, keys: map[string]string{}, lex: map[string]lexeme{}, last: map[string]int{}}
}

// personKey is taxonomy.PersonKey, computed once per spelling.
func (w *corpus) personKey(name string) string {
	k, ok := w.keys[name]
	if !ok {
		k = taxonomy.PersonKey(name)
		w.keys[name] = k
	}
	return k
}

// org returns the analysis of an organisation name.
func (w *corpus) org(name string) *org {
	o, ok := w.orgs[name]
	if !ok {
		o = newOrg(name, w)
		w.orgs[name] = o
	}
	return o
}

// add counts the distinct words of one text.
func (w *corpus) add(ws []string) {
	w.n++
	for _, x := range ws {
		if w.last[x] != w.n { // x's first time in this text
			w.last[x] = w.n
			w.df[x]++
		}
	}
}

func (w *corpus) of(x string) float64 {
	return math.Log(1 + float64(w.n+1)/float64(w.df[x]+1))
}

// sameWord reports whether two words are one, allowing the slips of copied
// lists: one typo in a long word ("Ministery"), or a word cut short at the
// end of a truncated line ("Informatio").
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) >= 6 && strings.HasPrefix(b, a) {
		return true
	}
	return len(a) >= 6 && editDistanceOne(a, b)
}

// editDistanceOne reports whether a and b differ by exactly one insertion,
// deletion or substitution (len(a) <= len(b)).
func editDistanceOne(a, b string) bool {
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// overlap returns the weight of the words of a found in b (each word of b
// used once) and the total weights of a and b.
func overlap(a, b []string, w *corpus) (common, wa, wb float64) {
	var buf [16]bool
	used := buf[:0]
	if len(b) <= len(buf) {
		used = buf[:len(b)]
	} else {
		used = make([]bool, len(b))
	}
	for _, x := range a {
		wx := w.of(x)
		wa += wx
		for j, y := range b {
			if !used[j] && sameWord(x, y) {
				used[j] = true
				common += wx
				break
			}
		}
	}
	for _, y := range b {
		wb += w.of(y)
	}
	return common, wa, wb
}

// weigh sets what each project needs of the word weights, once they are
// known: its title's rarest words and the weight of each title word.
func (w *corpus) weigh(p *project) {
	p.rare = rarest(p.title, w, 3)
	p.titleW = make([]float64, len(p.title))
	for i, x := range p.title {
		p.titleW[i] = w.of(x)
		p.titleWt += p.titleW[i]
	}
}

// titleDice is dice of the titles of a and b, from their weights.
func titleDice(a, b *project) float64 {
	var buf [16]bool
	used := buf[:0]
	if len(b.title) <= len(buf) {
		used = buf[:len(b.title)]
	} else {
		used = make([]bool, len(b.title))
	}
	common := 0.0
	for i, x := range a.title {
		for j, y := range b.title {
			if !used[j] && sameWord(x, y) {
				used[j] = true
				common += a.titleW[i]
				break
			}
		}
	}
	if a.titleWt+b.titleWt == 0 {
		return 0
	}
	return 2 * common / (a.titleWt + b.titleWt)
}

// containment is the weighted share of the words of a found in b, 0..1.
func containment(a, b []string, w *corpus) float64 {
	common, wa, _ := overlap(a, b, w)
	if wa == 0 {
		return 0
	}
	return common / wa
}

// orgMatch scores two organisation names 0..1: the share of the shorter
// name's words found in the longer, or 1 when one is an abbreviation of
// the other ("ITU", "Ricerca sul Sistema Energetico (RSE)"). It returns -1
// when either is unknown.
func orgMatch(a, b *org, dropTitles bool, w *corpus) (float64, string) {
	wa, wb := a.words, b.words
	if dropTitles {
		wa, wb = a.bare, b.bare
	}
	if len(wa) == 0 || len(wb) == 0 {
		return -1, ""
	}
	if ab, ok := abbreviates(a, b, wb); ok {
		return 1, "organisations match by abbreviation " + strings.ToUpper(ab)
	}
	if ab, ok := abbreviates(b, a, wa); ok {
		return 1, "organisations match by abbreviation " + strings.ToUpper(ab)
	}
	if len(wb) < len(wa) {
		wa, wb = wb, wa
	}
	s := containment(wa, wb, w)
	return s, fmt.Sprintf("organisations match %.2f", s)
}

// abbreviates reports whether an abbreviation that a states is one of b's
// abbreviations or words, or b states one that a's initials make. Initials
// are never matched with initials: "Ministry of Finance" and "Microfinance
// Foundation" are not one organisation.
func abbreviates(a, b *org, bWords []string) (string, bool) {
	for _, x := range a.stated {
		if x == b.initials || slices.Contains(b.stated, x) || slices.Contains(bWords, x) {
			return x, true
		}
	}
	if a.initials != "" && slices.Contains(b.stated, a.initials) {
		return a.initials, true
	}
	return "", false
}
