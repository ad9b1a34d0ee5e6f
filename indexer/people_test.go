package indexer

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

// TestPeopleHolding: a person is found by the words of every field of the
// card, analysed like records (plurals fold), a word as the start of a
// longer one apart from whole words, and a phrase only within one field.
func TestPeopleHolding(t *testing.T) {
	recs := []record.Record{
		{ID: "a", Kind: record.KindPerson, Name: "Ada Otieno", JobTitle: "Network Engineer", Organization: "Telecommunications Authority",
			Countries: []string{"KE"}, Expertise: []string{"Spectrum"}, Bio: "She plans rural broadband for county clinics."},
		{ID: "b", Kind: record.KindPerson, Name: "Bea Lund", JobTitle: "Journalist", Organization: "Nordic Radio", Countries: []string{"NO"}},
		{ID: "s", Kind: record.KindSession, Title: "Open spectrum", Year: 2021, Event: "IGF",
			Moderators: []record.Person{{Name: "Bea Lund"}}},
	}
	ix := applied(t, filepath.Join(t.TempDir(), "index"), 1, recs)
	defer ix.Close()
	snap := ix.Snapshot()
	dir := snap.People()
	// The bio is kept as its analysed terms only; readers show the record's.
	for _, r := range snap.rows {
		for _, c := range r.people {
			if pf := c.profile; pf != nil && (pf.bio != "" || r.id == "a" && pf.bioText == "") {
				t.Errorf("row %s keeps bio %q, analysed %q", r.id, pf.bio, pf.bioText)
			}
		}
	}
	names := func(set []uint32) string {
		var out []string
		for _, n := range set {
			out = append(out, dir.person(n).Name)
		}
		slices.Sort(out)
		return strings.Join(out, ",")
	}
	for _, tt := range []struct {
		words          string
		whole, started string
	}{
		{"engineers", "Ada Otieno", ""},         // plural folded by the analyser
		{"telecom", "", "Ada Otieno"},           // the start of a longer word
		{"Kenya", "Ada Otieno", ""},             // the country, by name
		{"Africa", "Ada Otieno", ""},            // the region, by name
		{"moderator", "Bea Lund", ""},           // a session role
		{"IGF 2021", "", ""},                    // two fields: not a phrase
		{"open spectrum", "Bea Lund", ""},       // a session title
		{"network engineer", "Ada Otieno", ""},  // a phrase in one field
		{"engineer telecommunications", "", ""}, // not side by side
		{"spe", "", ""},                         // too short to start a word
		{"nordic radi", "", "Bea Lund"},         // a phrase whose last word starts one
		{"journalists", "Bea Lund", ""},         // plural
		{"Ada", "Ada Otieno", ""},               // a name
		{"nobody", "", ""},                      // no one
		{"rural broadband", "Ada Otieno", ""},   // a phrase of the bio
		{"broadband engineer", "", ""},          // the bio and the job: two fields
	} {
		var terms []string
		for _, tok := range snap.Analyzer().Analyze([]byte(tt.words)) {
			terms = append(terms, string(tok.Term))
		}
		whole, started := dir.Holding(terms)
		if got := names(whole.ToArray()); got != tt.whole {
			t.Errorf("%q as whole words: %q, want %q", tt.words, got, tt.whole)
		}
		if got := names(started.ToArray()); got != tt.started {
			t.Errorf("%q as the start of a word: %q, want %q", tt.words, got, tt.started)
		}
	}
}

// BenchmarkPeopleInverted measures what the first query with words pays
// after a batch changed the directory: inverting the people's text (go
// test -run XXX -bench PeopleInverted ./indexer).
func BenchmarkPeopleInverted(b *testing.B) {
	words := strings.Fields("network engineer journalist security researcher rural broadband telemedicine open data policy director spectrum regulator radio literacy women clinics farmers mobile money")
	var recs []record.Record
	for i := range 4000 {
		w := func(k int) string { return words[(i*7+k*13)%len(words)] }
		recs = append(recs, record.Record{ID: fmt.Sprintf("person%05d", i), Kind: record.KindPerson,
			Name: fmt.Sprintf("Person %d %s", i, w(1)), JobTitle: w(2) + " " + w(3), Organization: w(4) + " " + w(5) + " Institute",
			Countries: []string{[]string{"KE", "NO", "BR", "IN"}[i%4]}, Expertise: []string{w(6), w(7) + " " + w(8)},
			Bio: strings.Repeat(w(9)+" "+w(10)+" "+w(11)+" ", 8)})
	}
	ix := applied(b, filepath.Join(b.TempDir(), "index"), 1, recs)
	defer ix.Close()
	dir := ix.Snapshot().People()
	b.Logf("%d people", dir.Len())
	for b.Loop() {
		dir.terms = &peopleTerms{}
		dir.inverted()
	}
}

// FuzzUvarint: the people text's reader of term numbers agrees with
// encoding/binary on any bytes, and reads back what a text was built of.
func FuzzUvarint(f *testing.F) {
	for _, s := range []string{"", "\x00", "\x7f", "\x80\x01", "\xff\xff\xff\xff\x0f", strings.Repeat("\xff", 10) + "\x01", strings.Repeat("\x80", 11)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, k := uvarint(s)
		wn, wk := binary.Uvarint([]byte(s))
		if n != wn || k != wk {
			t.Fatalf("uvarint(%q) = %d, %d; binary.Uvarint %d, %d", s, n, k, wn, wk)
		}
		var nums []uint32
		var text []byte
		for _, b := range []byte(s) {
			nums = append(nums, uint32(b)*uint32(len(s)+1)<<8)
			text = binary.AppendUvarint(text, uint64(nums[len(nums)-1]))
		}
		if got := slices.Collect(textTerms(string(text))); !slices.Equal(got, nums) {
			t.Fatalf("textTerms read %v, want %v", got, nums)
		}
	})
}
