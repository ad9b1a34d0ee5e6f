package resolver_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/importers"
	"github.com/wsis-tools/stocktake/internal/devset"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Targets of issue 16 for merging on the labelled pairs.
const (
	wantPrecision = 0.95
	wantRecall    = 0.85
)

// TestMergeQuality measures the resolver on the labelled pairs of
// testdata/labels.tsv over the real material beside the repository, parsed
// by the importers as an import would: pairwise precision and recall of
// "same entity". docs/IDENTITY.md reports the figures of this test (run it
// with -v to see them and every wrong pair).
func TestMergeQuality(t *testing.T) {
	ev := loadEval(t)
	res := resolver.Resolve(ev.recs, resolver.Options{})
	for _, kind := range []record.Kind{record.KindProject, record.KindPerson, ""} {
		var tp, fp, fn int
		var wrong []string
		for i, a := range ev.members {
			for _, b := range ev.members[i+1:] {
				if a.kind != b.kind || (kind != "" && a.kind != kind) {
					continue
				}
				ca, _ := res.Of(a.ref)
				cb, _ := res.Of(b.ref)
				gold, got := a.group == b.group, ca.ID == cb.ID
				switch {
				case gold && got:
					tp++
				case got:
					fp++
					wrong = append(wrong, "merged, should not be: "+a.String()+" ~ "+b.String())
				case gold:
					fn++
					wrong = append(wrong, "not merged: "+a.String()+" ~ "+b.String())
				}
			}
		}
		p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
		name := string(kind)
		if name == "" {
			name = "all"
		}
		lost := ev.lostPairs[kind]
		if kind == "" {
			lost = ev.lostPairs[record.KindProject] + ev.lostPairs[record.KindPerson]
		}
		t.Logf("%-7s  labelled members %4d  duplicate pairs %3d (+%d the importers did not extract)  merged right %3d  wrong %2d  missed %2d  precision %.3f  recall %.3f  recall with extraction %.3f",
			name, ev.count(kind), tp+fn, lost, tp, fp, fn, p, r, ratio(tp, tp+fn+lost))
		for _, w := range wrong {
			t.Log("  " + w)
		}
		if kind == "" && (p < wantPrecision || r < wantRecall) {
			t.Errorf("precision %.3f, recall %.3f; want at least %.2f and %.2f", p, r, wantPrecision, wantRecall)
		}
	}
}

// TestWinnersOnceWithBothSources: the 2015 nominee page and the 2015 winners
// list, resolved together, give each winner once, with the status winner
// and both sources.
func TestWinnersOnceWithBothSources(t *testing.T) {
	shared := sharedDir(t)
	nominees := parseFile(t, filepath.Join(shared, "data/real/wsis-project-prizes-2015-nominated.html"))
	winners := parseFile(t, filepath.Join(shared, "eval/dev/project/wsis-project-prizes-2015-winners-list.txt"))
	res := resolver.Resolve(append(append([]record.Record(nil), nominees...), winners...), resolver.Options{})
	fromNominees := map[string]bool{}
	for _, r := range nominees {
		fromNominees[r.ID] = true
	}
	if len(winners) < 12 {
		t.Fatalf("the winners list gave %d records, want 12", len(winners))
	}
	for _, w := range winners {
		c, _ := res.Of(resolver.Ref{Record: w.ID})
		nominee := 0
		for _, m := range c.Members {
			if fromNominees[m.Record] {
				nominee++
			}
		}
		if len(c.Members) != 2 || nominee != 1 || len(c.Sources) != 2 || c.Prize == nil || c.Prize.Status != record.PrizeWinner {
			t.Errorf("winner %q: %d members (%d from the nominee page), %d sources, prize %+v; want it once with its nominee entry, both sources, status winner",
				w.Title, len(c.Members), nominee, len(c.Sources), c.Prize)
		}
	}
	if want := len(nominees) + len(winners) - len(winners); len(res.Clusters()) != want {
		t.Errorf("%d clusters, want %d: every nominee once, each winner merged into its nominee", len(res.Clusters()), want)
	}
}

// evalMember is one labelled thing: a record or a person named in one.
type evalMember struct {
	ref   resolver.Ref
	kind  record.Kind
	file  string
	label string // title or name, for messages
	group string
}

func (m evalMember) String() string { return m.file + " [" + m.label + "]" }

type evalSet struct {
	recs      []record.Record
	members   []*evalMember
	lostPairs map[record.Kind]int // duplicate pairs with a member the importers did not extract
}

func (e *evalSet) count(kind record.Kind) int {
	n := 0
	for _, m := range e.members {
		if kind == "" || m.kind == kind {
			n++
		}
	}
	return n
}

func sharedDir(t *testing.T) string {
	t.Helper()
	return filepath.Clean(filepath.Join(devset.Dir(t), "..", ".."))
}

func parseFile(t *testing.T, path string) []record.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, _, err := importers.Parse(context.Background(), filepath.Base(path), f)
	if err != nil {
		t.Logf("%s: %v", path, err)
	}
	return recs
}

// loadEval reads testdata/labels.tsv and parses the files it names.
func loadEval(t *testing.T) *evalSet {
	t.Helper()
	shared := sharedDir(t)
	lf, err := os.Open(filepath.Join("testdata", "labels.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	ev := &evalSet{lostPairs: map[record.Kind]int{}}
	parsed := map[string][]record.Record{}
	byRef := map[resolver.Ref]*evalMember{}
	expected := map[string]int{} // members named per group
	found := map[string]int{}
	kindOf := map[string]record.Kind{}
	sc := bufio.NewScanner(lf)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "#") || strings.TrimSpace(text) == "" {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 4 {
			t.Fatalf("labels.tsv:%d: want 4 tab-separated columns", line)
		}
		group, kind, pattern, sel := f[0], record.Kind(f[1]), f[2], f[3]
		files, err := filepath.Glob(filepath.Join(shared, pattern))
		if err != nil || len(files) == 0 {
			t.Fatalf("labels.tsv:%d: no file matches %s", line, pattern)
		}
		if group != "*" && group != "-" {
			expected[group]++
			kindOf[group] = kind
		}
		for _, path := range files {
			rel, _ := filepath.Rel(shared, path)
			if _, ok := parsed[rel]; !ok {
				parsed[rel] = parseFile(t, path)
				ev.recs = append(ev.recs, parsed[rel]...)
			}
			picked := pick(t, parsed[rel], kind, sel, path)
			if group != "*" && group != "-" && len(picked) > 0 {
				found[group]++
			}
			for _, m := range picked {
				m.file = rel
				switch {
				case group == "-":
					delete(byRef, m.ref)
				case group == "*":
					if _, ok := byRef[m.ref]; !ok {
						m.group = "solo:" + m.ref.String()
						byRef[m.ref] = m
					}
				default:
					m.group = group
					byRef[m.ref] = m
				}
			}
		}
	}
	for _, m := range byRef {
		ev.members = append(ev.members, m)
	}
	for g, n := range expected {
		pairs := n * (n - 1) / 2
		k := found[g]
		ev.lostPairs[kindOf[g]] += pairs - k*(k-1)/2
		if k < n {
			t.Logf("group %s: %d of %d members extracted by the importers", g, k, n)
		}
	}
	return ev
}

// pick returns the members of one file that a selector names.
func pick(t *testing.T, recs []record.Record, kind record.Kind, sel, path string) []*evalMember {
	t.Helper()
	var all []*evalMember
	for _, r := range recs {
		if kind == record.KindProject && r.Kind == record.KindProject {
			all = append(all, &evalMember{ref: resolver.Ref{Record: r.ID}, kind: kind, label: r.Title})
		}
		if kind != record.KindPerson {
			continue
		}
		if r.Kind == record.KindPerson {
			all = append(all, &evalMember{ref: resolver.Ref{Record: r.ID}, kind: kind, label: r.Name})
		}
		if r.Kind == record.KindSession {
			for _, p := range append(append([]record.Person(nil), r.Moderators...), r.Speakers...) {
				if ref := resolver.PersonRef(r.ID, p.Name); ref.Person != "" {
					all = append(all, &evalMember{ref: ref, kind: kind, label: p.Name})
				}
			}
		}
	}
	switch {
	case sel == "all" && kind == record.KindPerson:
		// Only people the file's label names: extraction noise (a
		// heading read as a name) is not a person to resolve.
		names := labelNames(t, path)
		var out []*evalMember
		seen := map[resolver.Ref]bool{}
		for _, m := range all {
			if names[loose(m.label)] && !seen[m.ref] {
				seen[m.ref] = true
				out = append(out, m)
			}
		}
		return out
	case sel == "all":
		return all
	case sel == "one":
		if len(recs) != 1 {
			t.Logf("%s: selector one, but the file gave %d records", path, len(recs))
			return nil
		}
		return all[:min(1, len(all))]
	case strings.HasPrefix(sel, "t:"):
		var out []*evalMember
		for _, m := range all {
			if m.ref.Person == "" && hash8(strings.Join(strings.Fields(strings.ToLower(m.label)), " ")) == sel[2:] {
				out = append(out, m)
			}
		}
		return out
	case strings.HasPrefix(sel, "p:"):
		for _, m := range all {
			if hash8(taxonomy.PersonKey(m.label)) == sel[2:] {
				return []*evalMember{m}
			}
		}
		return nil
	}
	t.Fatalf("unknown selector %q", sel)
	return nil
}

// labelNames returns the loose keys of the people a dev file's label names.
func labelNames(t *testing.T, path string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(strings.TrimSuffix(path, filepath.Ext(path)) + ".json")
	if err != nil {
		return nil
	}
	var lab struct {
		Name                             string
		Speakers, Moderators, Organizers []struct{ Name string }
	}
	if err := json.Unmarshal(b, &lab); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	names := map[string]bool{loose(lab.Name): lab.Name != ""}
	for _, list := range [][]struct{ Name string }{lab.Speakers, lab.Moderators, lab.Organizers} {
		for _, p := range list {
			if p.Name != "" {
				names[loose(p.Name)] = true
			}
		}
	}
	return names
}

// loose is the person key without initials, as the resolver matches names.
func loose(name string) string {
	var kept []string
	for _, w := range strings.Fields(taxonomy.PersonKey(name)) {
		if len([]rune(w)) > 1 {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

func hash8(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:8]
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
