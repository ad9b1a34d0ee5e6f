package indexer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

func testRecords() []record.Record {
	return []record.Record{
		{ID: "p1", Kind: record.KindProject, Title: "Mobile clinics for nomadic herders", ActionLines: []string{"C7.e-health"}, SDGs: []int{3}, Countries: []string{"MN"}, Year: 2019},
		{ID: "s1", Kind: record.KindSession, Title: "Girls who code", Body: "A workshop on programming clubs.", SDGs: []int{5, 4}, GenderFocus: record.GenderPrimary,
			Speakers: []record.Person{{Name: "Dr. Amina Yusuf", Gender: "female"}, {Name: "Tomas Berg"}}},
	}
}

// applied creates an index in a temp dir and applies recs at seq.
func applied(t testing.TB, dir string, seq uint64, recs []record.Record) *Index {
	t.Helper()
	ctx := context.Background()
	ix, err := Create(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, seq, recs, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.WaitText(ctx, seq); err != nil {
		t.Fatal(err)
	}
	return ix
}

// textHits are the ids a query finds in the snapshot's full text.
func textHits(t *testing.T, s *Snapshot, field, term string) []string {
	t.Helper()
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	res, err := s.Text(context.Background(), q, nil, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return idsOf(s, res.Hits.ToArray())
}

func idsOf(s *Snapshot, docs []uint32) []string {
	var out []string
	for _, d := range docs {
		out = append(out, s.ID(d))
	}
	slices.Sort(out)
	return out
}

func TestApplyReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix := applied(t, dir, 7, testRecords())
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v; the index must be owner-only", path, info.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()

	ix, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer ix.Close()
	if ix.Gen() != 7 {
		t.Errorf("Gen = %d, want 7", ix.Gen())
	}
	if gen, _, _ := ix.TextStatus(); gen != 7 {
		t.Errorf("text gen = %d, want 7", gen)
	}
	s := ix.Snapshot()
	views := []struct {
		facet, value string
		want         []string
	}{
		{FacetActionLine, "C7.e-health", []string{"p1"}},
		{FacetActionLine, "C7", []string{"p1"}}, // the parent line is kept too
		{FacetSDG, "5", []string{"s1"}},
		{FacetKind, "session", []string{"s1"}},
		{FacetYear, "2019", []string{"p1"}},
		{FacetGenderFocus, "primary", []string{"s1"}},
		{FacetGender, "female", []string{"s1"}},
	}
	for _, tt := range views {
		var got []string
		if bm := s.Value(tt.facet, tt.value); bm != nil {
			got = idsOf(s, bm.ToArray())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("bitmap %s=%s: %v, want %v", tt.facet, tt.value, got, tt.want)
		}
	}
	texts := []struct {
		field, term string
		want        []string
	}{
		{FieldAll, "program", []string{"s1"}}, // stemmed English text of the body
		{FieldAll, "clinic", []string{"p1"}},
		{FieldTitle, "girl", []string{"s1"}},
		{FieldSDG, "5", []string{"s1"}}, // facet values stay queryable as keywords
	}
	for _, tt := range texts {
		if got := textHits(t, s, tt.field, tt.term); !slices.Equal(got, tt.want) {
			t.Errorf("text %s:%s = %v, want %v", tt.field, tt.term, got, tt.want)
		}
	}
	if p := s.People().ByKey(taxonomy.PersonKey("Amina Yusuf")); p == nil || p.Gender != "female" || p.Honorific != "Dr." || len(p.Sessions) != 1 {
		t.Errorf("people directory after reopen: %+v", p)
	}
}

func TestOpenStale(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
	}{
		{"missing", func(*testing.T, string) {}},
		{"corrupt text", func(t *testing.T, dir string) {
			applied(t, dir, 1, testRecords()).Close()
			if err := os.WriteFile(filepath.Join(dir, textDir, "index_meta.json"), []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"corrupt views", func(t *testing.T, dir string) {
			applied(t, dir, 1, testRecords()).Close()
			if err := os.WriteFile(filepath.Join(dir, viewsFile), []byte("garbage, not a bbolt file"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"views missing", func(t *testing.T, dir string) {
			applied(t, dir, 1, testRecords()).Close()
			if err := os.Remove(filepath.Join(dir, viewsFile)); err != nil {
				t.Fatal(err)
			}
		}},
		{"old mapping", func(t *testing.T, dir string) {
			ix, err := Create(ctx, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := ix.text.bi.SetInternal(keyVersion, u64(MappingVersion+1)); err != nil {
				t.Fatal(err)
			}
			ix.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			tt.setup(t, dir)
			ix, err := Open(ctx, dir, Options{})
			if !errors.Is(err, ErrStale) {
				if ix != nil {
					ix.Close()
				}
				t.Fatalf("Open = %v, want ErrStale", err)
			}
		})
	}
}

// TestApplyMovesGenerations: an update moves a record's values, a deletion
// removes it, and a snapshot taken before either still answers as it did.
func TestApplyMovesGenerations(t *testing.T) {
	ctx := context.Background()
	ix := applied(t, filepath.Join(t.TempDir(), "index"), 1, testRecords())
	defer ix.Close()
	before := ix.Snapshot()

	moved := testRecords()[0]
	moved.SDGs = []int{9}
	moved.Title = "Mobile clinics by drone"
	if err := ix.Apply(ctx, 2, []record.Record{moved}, []string{"s1"}); err != nil {
		t.Fatal(err)
	}
	if err := ix.WaitText(ctx, 2); err != nil {
		t.Fatal(err)
	}
	after := ix.Snapshot()
	checks := []struct {
		name string
		s    *Snapshot
		f, v string
		want []string
	}{
		{"old snapshot keeps SDG 3", before, FacetSDG, "3", []string{"p1"}},
		{"old snapshot keeps the session", before, FacetKind, "session", []string{"s1"}},
		{"SDG 3 is gone", after, FacetSDG, "3", nil},
		{"SDG 9 is new", after, FacetSDG, "9", []string{"p1"}},
		{"the session is deleted", after, FacetKind, "session", nil},
	}
	for _, c := range checks {
		var got []string
		if bm := c.s.Value(c.f, c.v); bm != nil {
			got = idsOf(c.s, bm.ToArray())
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if after.Len() != 1 || before.Len() != 2 {
		t.Errorf("Len before/after = %d/%d, want 2/1", before.Len(), after.Len())
	}
	if got := textHits(t, after, FieldTitle, "drone"); !slices.Equal(got, []string{"p1"}) {
		t.Errorf("updated title: %v", got)
	}
	if got := textHits(t, after, FieldTitle, "girl"); got != nil {
		t.Errorf("deleted record still found by text: %v", got)
	}
	if p := after.People().ByKey(taxonomy.PersonKey("Amina Yusuf")); p != nil {
		t.Errorf("a person named only by the deleted session is still listed: %+v", p)
	}
	if p := before.People().ByKey(taxonomy.PersonKey("Amina Yusuf")); p == nil {
		t.Error("the old generation lost its people")
	}
}

// TestPeopleDirectoryFollowsBatches: a batch recomputes only the people its
// records name; everyone else is carried over as is, so an import never
// rebuilds the directory (issue 15: it used to, for every import).
func TestPeopleDirectoryFollowsBatches(t *testing.T) {
	ctx := context.Background()
	ix := applied(t, filepath.Join(t.TempDir(), "index"), 1, testRecords())
	defer ix.Close()
	before := ix.Snapshot().People()
	next := record.Record{ID: "s2", Kind: record.KindSession, Title: "Open maps", Year: 2024,
		Speakers: []record.Person{{Name: "Tomas Berg", Gender: "male"}}}
	if err := ix.Apply(ctx, 2, []record.Record{next}, nil); err != nil {
		t.Fatal(err)
	}
	after := ix.Snapshot().People()
	amina := func(p *People) []uint32 {
		n, ok := p.keys[taxonomy.PersonKey("Amina Yusuf")]
		if !ok || int(n) >= len(p.persons) {
			return nil
		}
		return p.persons[n].docs
	}
	if a, b := amina(before), amina(after); a == nil || &a[0] != &b[0] {
		t.Errorf("a person the batch does not name was rebuilt: rows %p then %p", a, b)
	}
	key := taxonomy.PersonKey("Tomas Berg")
	tomas := after.ByKey(key)
	if tomas == nil || len(tomas.Sessions) != 2 || tomas.Gender != "male" {
		t.Errorf("the person the batch names = %+v, want 2 sessions and the gender now known", tomas)
	}
	if old := before.ByKey(key); old == nil || len(old.Sessions) != 1 {
		t.Errorf("the older generation changed: %+v", old)
	}
}

// TestPeopleTextFollowsBatches checks the people's text, built only when
// needed: a batch's changes are found by words whether the generation
// before had its text built (by a query) or not, an older generation keeps
// its own text, and queries running while batches apply see one
// generation or the next (go test -race). The generations are the
// writer's own first, so that none is built in the background.
func TestPeopleTextFollowsBatches(t *testing.T) {
	ctx := context.Background()
	profile := func(name, job string) record.Record {
		return record.Record{ID: "p-" + name, Kind: record.KindPerson, Name: name, JobTitle: job}
	}
	ix := applied(t, filepath.Join(t.TempDir(), "index"), 1,
		[]record.Record{profile("Ada Otieno", "radio engineer"), profile("Bea Lund", "farmer")})
	defer ix.Close()
	// Holding takes analysed terms: "engin" is "engineer" stemmed.
	holding := func(p *People, word string) string {
		whole, _ := p.Holding([]string{word})
		var out []string
		for _, n := range whole.ToArray() {
			out = append(out, p.person(n).Name)
		}
		return strings.Join(out, ",")
	}
	w := newPeopleWriter(ix.Snapshot().Analyzer())
	var rows []*row
	gen := emptyPeople()
	apply := func(recs ...record.Record) *People {
		rows = slices.Clone(rows)
		var touched []touch
		for _, r := range recs {
			n := slices.IndexFunc(rows, func(x *row) bool { return x.id == r.ID })
			if n < 0 {
				n = len(rows)
				rows = append(rows, nil)
			}
			after, _ := rowOf(r)
			touched = append(touched, touch{doc: uint32(n), before: rows[n], after: &after})
			rows[n] = &after
		}
		gen = w.apply(gen, rows, touched)
		return gen
	}
	gen1 := apply(profile("Ada Otieno", "radio engineer"), profile("Bea Lund", "farmer"))
	// Generation 1 is not queried: its text stays unbuilt.
	gen2 := apply(profile("Ada Otieno", "solar engineer"))
	if gen1.builtText() != nil {
		t.Fatal("generation 1 was built without a query")
	}
	for _, tt := range []struct{ word, want string }{{"solar", "Ada Otieno"}, {"radio", ""}, {"farmer", "Bea Lund"}} {
		if got := holding(gen2, tt.word); got != tt.want {
			t.Errorf("after an unqueried generation, %q finds %q, want %q", tt.word, got, tt.want)
		}
	}
	// Generation 2 was queried: the next starts from its built text.
	gen3 := apply(profile("Bea Lund", "radio host"))
	for _, tt := range []struct{ word, want string }{{"radio", "Bea Lund"}, {"farmer", ""}, {"solar", "Ada Otieno"}} {
		if got := holding(gen3, tt.word); got != tt.want {
			t.Errorf("after a queried generation, %q finds %q, want %q", tt.word, got, tt.want)
		}
	}
	if got := holding(gen1, "radio"); got != "Ada Otieno" {
		t.Errorf("the first generation finds %q for radio, want its own text (Ada Otieno)", got)
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			job := []string{"radio host", "solar engineer"}[i%2]
			if err := ix.Apply(ctx, uint64(4+i), []record.Record{profile("Ada Otieno", job)}, nil); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		p := ix.Snapshot().People()
		if got := holding(p, "engin") + holding(p, "host"); !strings.Contains(got, "Ada Otieno") {
			t.Fatalf("mid-import, Ada Otieno is neither engineer nor host: %q", got)
		}
	}
}

// TestEqualScoresKeepTheirPlace: records that score the same rank in the
// order they first arrived (their doc numbers), also after one of them is
// indexed again, which puts it last in Bleve's own order; a page cut
// between equals is then the same whenever it is asked for.
func TestEqualScoresKeepTheirPlace(t *testing.T) {
	ctx := context.Background()
	same := func(id string) record.Record {
		return record.Record{ID: id, Kind: record.KindProject, Title: "Community radio for rural schools"}
	}
	ix := applied(t, filepath.Join(t.TempDir(), "index"), 1, []record.Record{same("r1"), same("r2"), same("r3")})
	defer ix.Close()
	if err := ix.Apply(ctx, 2, []record.Record{same("r1")}, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.WaitText(ctx, 2); err != nil {
		t.Fatal(err)
	}
	q := bleve.NewMatchQuery("radio")
	q.SetField(FieldAll)
	s := ix.Snapshot()
	for _, page := range []struct{ from, size int }{{0, 3}, {0, 1}, {1, 2}} {
		res, err := s.Text(ctx, q, nil, page.from, page.size)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Top {
			got = append(got, h.ID)
		}
		want := []string{"r1", "r2", "r3"}[page.from : page.from+page.size]
		if !slices.Equal(got, want) {
			t.Errorf("page %d+%d: %v, want %v", page.from, page.size, got, want)
		}
	}
}
