package resolver

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// project is a project record as the resolver compares it.
type project struct {
	ref       Ref
	rec       projectText
	org       *org
	title     []string
	countries []string
	listEntry bool // one of several projects of one source (a prize list)
	// Set once the word weights are known (corpus.weigh): the title's
	// rarest words, which make candidates, and the weight of each title word.
	rare    []string
	titleW  []float64
	titleWt float64 // the sum of titleW
}

// projectText is what the project rules read of a project's record, kept
// rather than the record: a resolve of decoded records (ResolveCompact)
// then holds no whole record past its reading.
type projectText struct {
	title, organization, source string // source: record.SourceKey
	year                        int
}

// leadRunes is how much of a body counts as its lead: a one-project
// document (a press release, a news item) names the project it is about
// in its title, summary and the start of its body (mentions).
const leadRunes = 1200

func newProject(r *record.Record, listEntry bool, w *corpus) *project {
	rec := projectText{title: r.Title, organization: r.Organization, source: record.SourceKey(*r), year: r.Year}
	p := &project{ref: Ref{Record: r.ID}, rec: rec, org: w.org(r.Organization), title: w.words(r.Title), countries: r.Countries, listEntry: listEntry}
	return p
}

// Thresholds of the project rules, set on the labelled pairs of
// docs/IDENTITY.md.
const (
	sameTitle     = 0.9  // titles this close are one project unless the organisations contradict
	closeTitle    = 0.7  // ... with organisations that agree
	orgAgrees     = 0.5  // organisation match that corroborates
	orgContradict = 0.25 // organisation match below which two named organisations differ
	mentionShare  = 0.85 // share of a list entry's title found in an article's lead
	minTitleWords = 4    // shortest list-entry title the lead rule trusts
)

// firmCountries are the countries a list states for an entry ("Org,
// Country"); a document's countries are every country its text names
// (venues, partners) and say little about which project it is.
func (p *project) firmCountries() []string {
	if p.listEntry {
		return p.countries
	}
	return nil
}

// projectEvidence decides whether a and b are one project, and why. Two
// documents that are not list entries need more than a title: their titles
// are often the site's or a headline.
func projectEvidence(a, b *project, w *corpus) (float64, []string, bool) {
	if disjoint(a.firmCountries(), b.firmCountries()) {
		return 0, nil, false
	}
	t := titleDice(a, b)
	if t < closeTitle {
		return 0, nil, false // most candidate pairs: no rule below takes them
	}
	o, owhy := orgMatch(a.org, b.org, false, w)
	switch {
	case !a.listEntry && !b.listEntry && o < orgAgrees:
		return 0, nil, false
	case t >= sameTitle && (o < 0 || o >= orgContradict):
	case t >= closeTitle && o >= orgAgrees:
	default:
		return 0, nil, false
	}
	why := []string{fmt.Sprintf("titles match %.2f", t)}
	if o >= 0 {
		why = append(why, owhy)
	}
	if overlaps(a.countries, b.countries) {
		why = append(why, "same country "+strings.Join(common(a.countries, b.countries), ", "))
	}
	return t + max(o, 0), why, true
}

// projectsConflict says why a and b can never be one project, even through
// others: their lists name different countries, or they are two entries of one
// list, which does not name a project twice unless in two categories with
// the same title and organisation.
func projectsConflict(a, b *project, w *corpus) bool {
	if disjoint(a.firmCountries(), b.firmCountries()) {
		return true
	}
	if a.listEntry && b.listEntry && a.rec.source == b.rec.source {
		o, _ := orgMatch(a.org, b.org, false, w)
		return titleDice(a, b) < 0.95 || o < 0.8
	}
	return false
}

// mentionEvidence decides whether article a, a one-project document whose
// lead is lead, is about list entry b: its lead holds b's title and names
// b's organisation or an abbreviation from b's title, in the same year.
func mentionEvidence(a *project, lead []string, b *project, w *corpus) (float64, []string, bool) {
	if lead == nil || !b.listEntry || len(b.title) < minTitleWords {
		return 0, nil, false
	}
	if a.rec.year != 0 && b.rec.year != 0 && a.rec.year != b.rec.year {
		return 0, nil, false
	}
	c := containment(b.title, lead, w)
	if c < mentionShare {
		return 0, nil, false
	}
	why := []string{fmt.Sprintf("the article's lead holds %.2f of the title", c)}
	inLead := map[string]bool{}
	for _, x := range lead {
		inLead[x] = true
	}
	named := ""
	for _, x := range append(append(slices.Clone(b.org.stated), b.org.initials), capitals(b.rec.title)...) {
		if len(x) >= 3 && inLead[x] {
			named = strings.ToUpper(x)
		}
	}
	if ow := b.org.words; named == "" && len(ow) >= 2 && containment(ow, lead, w) >= 0.8 {
		named = b.rec.organization
	}
	if named == "" {
		return 0, nil, false
	}
	return c, append(why, "and names "+named), true
}

func disjoint(a, b []string) bool {
	return len(a) > 0 && len(b) > 0 && !overlaps(a, b)
}

func overlaps(a, b []string) bool { return len(common(a, b)) > 0 }

func common(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if strings.EqualFold(x, y) {
				out = append(out, x)
				break
			}
		}
	}
	return out
}
