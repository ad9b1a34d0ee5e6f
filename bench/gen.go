package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Generator makes a synthetic corpus. Record i depends only on the seed and
// i, so both engines (in separate processes) see the same records, in any
// batch order, without holding the corpus in memory.
type Generator struct {
	seed      uint64
	countries []taxonomy.Country // ~150, in popularity order (Zipf-weighted picks)
	lines     []string           // the 18 leaf action-line codes
	v         vocab
}

// corpusCountries is how many countries the corpus draws from.
const corpusCountries = 150

// NewGenerator prepares the vocabularies of a corpus.
func NewGenerator(seed uint64) *Generator {
	g := &Generator{seed: seed, v: newVocab()}
	var all []taxonomy.Country
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if c, ok := taxonomy.CountryByCode(string([]rune{a, b})); ok && c.ITURegion != "" && c.Code == string([]rune{a, b}) {
				all = append(all, c)
			}
		}
	}
	// A seeded shuffle decides which countries exist and how popular they are.
	r := rand.New(rand.NewPCG(seed, 0xC0FFEE))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	g.countries = all[:min(corpusCountries, len(all))]
	for _, al := range taxonomy.ActionLines() {
		g.lines = append(g.lines, al.Code)
	}
	return g
}

// Countries returns the codes the corpus uses, most frequent first.
func (g *Generator) Countries() []string {
	out := make([]string, len(g.countries))
	for i, c := range g.countries {
		out[i] = c.Code
	}
	return out
}

// Record returns record i of the corpus.
func (g *Generator) Record(i int) record.Record {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)+1))
	var rec record.Record
	switch p := r.Float64(); {
	case p < 0.55:
		rec.Kind = record.KindProject
	case p < 0.85:
		rec.Kind = record.KindSession
	default:
		rec.Kind = record.KindPerson
	}
	rec.ID = record.MakeID(rec.Kind, fmt.Sprintf("bench:%d", i))
	rec.Source = record.Source{File: fmt.Sprintf("bench-%03d.jsonl", i/1000), Format: "jsonl", URL: fmt.Sprintf("https://example.org/bench/%d", i)}

	rec.ActionLines = g.actionLines(r)
	rec.SDGs = sdgs(r)
	for _, c := range g.pickCountries(r) {
		rec.Countries = append(rec.Countries, c.Code)
		if !slices.Contains(rec.ITURegions, c.ITURegion) {
			rec.ITURegions = append(rec.ITURegions, c.ITURegion)
		}
		if c.UNGroup != "" && !slices.Contains(rec.UNRegionalGroups, c.UNGroup) {
			rec.UNRegionalGroups = append(rec.UNRegionalGroups, c.UNGroup)
		}
	}
	rec.GenderFocus = genderFocus(r)
	rec.Keywords = g.words(r, 2+r.IntN(4))
	body := g.paragraph(r, 80+r.IntN(301))
	year := 2005 + r.IntN(21)

	switch rec.Kind {
	case record.KindProject:
		rec.Title = g.title(r)
		rec.Body = body
		rec.Organization = g.orgName(r)
		rec.Year = year
		rec.Event = fmt.Sprintf("WSIS Prizes %d", year)
		if r.IntN(3) == 0 {
			rec.Prize = &record.Prize{Year: year, Category: rec.ActionLines[0], Status: pick(r, []string{record.PrizeNominee, record.PrizeNominee, record.PrizeChampion, record.PrizeWinner})}
		}
	case record.KindSession:
		rec.Title = g.title(r)
		rec.Body = body
		rec.Year = year
		rec.Date = fmt.Sprintf("%d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))
		rec.Event = fmt.Sprintf("%s %d", pick(r, []string{"WSIS Forum", "WSIS Forum", "IGF", "IGF", "Regional IGF", "WSIS+10 Review", "ITU Kaleidoscope"}), year)
		rec.SessionID = fmt.Sprintf("%d/%03d", year, r.IntN(400))
		rec.Organizers = []record.Organizer{{Name: g.orgName(r)}}
		for range r.IntN(9) {
			rec.Speakers = append(rec.Speakers, g.person(r))
		}
		if r.IntN(2) == 0 {
			rec.Moderators = []record.Person{g.person(r)}
		}
	case record.KindPerson:
		p := g.person(r)
		rec.Name, rec.Honorific, rec.Gender = p.Name, p.Honorific, p.Gender
		// People come mostly from women-in-tech listings.
		if r.IntN(10) < 8 {
			rec.Gender = "female"
		}
		rec.Title = p.Name
		rec.Organization = p.Organization
		rec.JobTitle = pick(r, g.v.jobTitles)
		rec.Bio = body
		rec.Expertise = g.words(r, 1+r.IntN(4))
		rec.Languages = []string{pick(r, g.v.languages)}
		if r.IntN(2) == 0 {
			rec.Languages = append(rec.Languages, pick(r, g.v.languages))
		}
	}
	return rec
}

// actionLines picks 1-3 distinct leaf codes; C7 sub-lines are common.
func (g *Generator) actionLines(r *rand.Rand) []string {
	n := 1 + r.IntN(3)
	var out []string
	for len(out) < n {
		var c string
		if r.IntN(5) < 2 {
			c = pick(r, g.lines[6:14]) // the C7 sub-lines
		} else {
			c = g.lines[zipf(r, len(g.lines))]
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// sdgs picks 1-4 distinct goals; 4, 5 and 9 are the most frequent.
func sdgs(r *rand.Rand) []int {
	n := 1 + r.IntN(4)
	var out []int
	for len(out) < n {
		var s int
		if r.IntN(2) == 0 {
			s = []int{4, 5, 9}[r.IntN(3)]
		} else {
			s = 1 + r.IntN(17)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// pickCountries picks 1-2 distinct countries, Zipf-weighted.
func (g *Generator) pickCountries(r *rand.Rand) []taxonomy.Country {
	a := g.countries[zipf(r, len(g.countries))]
	if r.IntN(3) != 0 {
		return []taxonomy.Country{a}
	}
	b := g.countries[zipf(r, len(g.countries))]
	if b.Code == a.Code {
		return []taxonomy.Country{a}
	}
	return []taxonomy.Country{a, b}
}

func genderFocus(r *rand.Rand) string {
	switch p := r.IntN(100); {
	case p < 10:
		return record.GenderPrimary
	case p < 25:
		return record.GenderSignificant
	case p < 45:
		return record.GenderMention
	default:
		return record.GenderNone
	}
}

func (g *Generator) person(r *rand.Rand) record.Person {
	p := record.Person{Name: g.personName(r), Organization: g.orgName(r)}
	switch r.IntN(5) {
	case 0, 1:
		p.Honorific, p.Gender = pick(r, []string{"Ms.", "Mrs.", "Dr.", "Prof."}), "female"
	case 2, 3:
		p.Honorific, p.Gender = pick(r, []string{"Mr.", "Dr.", "H.E. Mr.", "Prof."}), "male"
	}
	if p.Honorific == "Dr." || p.Honorific == "Prof." {
		// A title alone says nothing about gender: leave it unknown half the time.
		if r.IntN(2) == 0 {
			p.Gender = ""
		}
	}
	p.StakeholderGroup = pick(r, []string{taxonomy.StakeholderGovernment, taxonomy.StakeholderCivil, taxonomy.StakeholderPrivate, taxonomy.StakeholderTechnical, taxonomy.StakeholderIGO, taxonomy.StakeholderAcademia})
	p.Country = g.countries[zipf(r, len(g.countries))].Code
	return p
}

// zipf returns an index in [0, n) with probability roughly proportional to
// 1/(i+1): a few values are frequent, most are rare, as in real listings.
func zipf(r *rand.Rand, n int) int {
	// Inverse-transform sampling of the continuous 1/x law on [1, n+1).
	x := int(math.Pow(float64(n+1), r.Float64())) - 1
	return min(max(x, 0), n-1)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// words draws n distinct vocabulary terms, Zipf-weighted.
func (g *Generator) words(r *rand.Rand, n int) []string {
	var out []string
	for len(out) < n {
		w := g.v.vocabulary[zipf(r, len(g.v.vocabulary))]
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// paragraph writes n words of sentences built from the vocabulary.
func (g *Generator) paragraph(r *rand.Rand, n int) string {
	var b strings.Builder
	for n > 0 {
		sentence := []string{pick(r, g.v.subjects), pick(r, g.v.verbs)}
		for range 4 + r.IntN(9) {
			if r.IntN(4) == 0 {
				sentence = append(sentence, pick(r, g.v.fillers))
			}
			sentence = append(sentence, g.v.vocabulary[zipf(r, len(g.v.vocabulary))])
		}
		s := strings.Join(sentence, " ")
		// Subjects have two words; count words, not slice entries.
		words := strings.Fields(s)
		if len(words) > n {
			words = words[:n]
		}
		n -= len(words)
		s = strings.Join(words, " ")
		b.WriteString(strings.ToUpper(s[:1]) + s[1:] + ". ")
	}
	return strings.TrimSpace(b.String())
}

func (g *Generator) title(r *rand.Rand) string {
	return fmt.Sprintf("%s %s %s %s", pick(r, g.v.titleHeads), g.v.vocabulary[zipf(r, 60)], pick(r, []string{"for", "and", "through", "in support of"}), g.v.vocabulary[zipf(r, len(g.v.vocabulary))])
}

func (g *Generator) orgName(r *rand.Rand) string {
	return fmt.Sprintf("%s %s %s", pick(r, g.v.orgHeads), capitalise(g.syllableWord(r, 2+r.IntN(2))), pick(r, g.v.orgTails))
}

func (g *Generator) personName(r *rand.Rand) string {
	return capitalise(g.syllableWord(r, 2+r.IntN(2))) + " " + capitalise(g.syllableWord(r, 2+r.IntN(3)))
}

func (g *Generator) syllableWord(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pick(r, g.v.syllables))
	}
	return b.String()
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// RareName returns the surname of the first woman in the people records: a
// term that only a handful of records contain, whatever the seed.
func (g *Generator) RareName() string {
	for i := 0; ; i++ {
		r := g.Record(i)
		if r.Kind == record.KindPerson && r.Gender == "female" {
			_, surname, _ := strings.Cut(r.Name, " ")
			return surname
		}
	}
}
