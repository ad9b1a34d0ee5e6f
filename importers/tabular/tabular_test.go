package tabular

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

func parseFixture(t *testing.T, file string) ([]record.Record, []error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, rowErrs, err := Parse(context.Background(), file, f)
	if err != nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return recs, rowErrs
}

// byTitle finds a record by the heading it is shown under (a person's name).
func byTitle(recs []record.Record, title string) record.Record {
	for _, r := range recs {
		if r.DisplayTitle() == title {
			return r
		}
	}
	return record.Record{}
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		file    string
		format  string
		kind    record.Kind
		recs    int
		rowErrs []string
		check   func(t *testing.T, recs []record.Record)
	}{
		{"projects.csv", FormatCSV, record.KindProject, 5, []string{"line 1: columns ignored: Internal Notes"}, func(t *testing.T, recs []record.Record) {
			r := byTitle(recs, "Solar Schools Mesh")
			if r.Organization != "Lakeside Connect, Ltd." || !slices.Equal(r.Countries, []string{"KE", "UG"}) || !slices.Equal(r.SDGs, []int{4, 7}) {
				t.Errorf("solar: %+v", r)
			}
			if r.Prize == nil || r.Prize.Status != record.PrizeWinner || r.Prize.Category != "C2" || r.Event != "WSIS Prizes" {
				t.Errorf("solar prize: %+v %q", r.Prize, r.Event)
			}
			if r.URL == "" || r.ID != record.MakeID(record.KindProject, r.URL) {
				t.Errorf("solar id %q not from url %q", r.ID, r.URL)
			}
			if r := byTitle(recs, "Open Budget Explorer"); !slices.Equal(r.Countries, []string{"KR"}) || r.Prize != nil {
				t.Errorf("country with a comma: %+v", r)
			}
			if r := byTitle(recs, "Girls Code Camps"); !slices.Equal(r.SDGs, []int{4, 5}) || !slices.Equal(r.SDGTargets, []string{"5.b"}) {
				t.Errorf("targets: %v %v", r.SDGs, r.SDGTargets)
			}
			if r := byTitle(recs, "Clinic Queue by SMS"); r.Prize == nil || r.Prize.Status != record.PrizeNominee || !slices.Equal(r.ActionLines, []string{"C7.e-health"}) {
				t.Errorf("clinic: %+v", r)
			}
		}},
		{"projects.tsv", FormatTSV, record.KindProject, 4, nil, func(t *testing.T, recs []record.Record) {
			if r := byTitle(recs, `Library "Night Shift"`); r.Year != 2019 || !slices.Equal(r.ActionLines, []string{"C8"}) {
				t.Errorf("stray quotes: %+v", r)
			}
		}},
		{"projects.jsonl", FormatJSONL, record.KindProject, 4, nil, func(t *testing.T, recs []record.Record) {
			r := byTitle(recs, "Coding in Quechua")
			if r.Organization != "Andes Code School" || r.Year != 2022 || !slices.Equal(r.ActionLines, []string{"C8"}) {
				t.Errorf("aliases: %+v", r)
			}
			if r.ID != record.MakeID(record.KindProject, "projects.jsonl#id:ST-1003") {
				t.Errorf("id %q not from id column", r.ID)
			}
			if r := byTitle(recs, "Digital ID for Refugees"); r.Prize == nil || !slices.Equal(r.ActionLines, []string{"C7.e-government", "C10"}) {
				t.Errorf("nested prize / list: %+v", r)
			}
			if r := byTitle(recs, "Cyber Hygiene Radio"); !slices.Equal(r.ActionLines, []string{"C5"}) || !slices.Equal(r.Keywords, []string{"radio", "security"}) {
				t.Errorf("full action line name: %+v", r)
			}
		}},
		{"people.csv", FormatCSV, record.KindPerson, 13, nil, func(t *testing.T, recs []record.Record) {
			for _, r := range recs {
				if r.Gender != "female" || r.Name == "" || r.Contact == nil || r.Contact.Email == "" || len(r.Expertise) == 0 || len(r.Languages) == 0 || r.Bio == "" {
					t.Errorf("person %q incomplete: %+v", r.Name, r)
				}
			}
			r := byTitle(recs, "Ingrid Solberg")
			if r.Title != r.JobTitle || r.JobTitle == "" {
				t.Errorf("a person's title should be her position: %q, job title %q", r.Title, r.JobTitle)
			}
			if len(r.Expertise) != 3 || len(r.Languages) != 3 || r.Contact.Phone == "" || !slices.Equal(r.ITURegions, []string{"Europe"}) {
				t.Errorf("ingrid: %+v", r)
			}
			if r := byTitle(recs, "Grace Mwansa"); r.Honorific != "H.E." || !slices.Equal(r.ActionLines, []string{"C1", "C7.e-government"}) {
				t.Errorf("grace: %+v", r)
			}
			if r := byTitle(recs, "Sofía Benítez"); r.Contact.Website != "https://linkedin.example/sofia" {
				t.Errorf("linkedin: %+v", r.Contact)
			}
		}},
		{"people.json", FormatJSON, record.KindPerson, 3, []string{"line 17: keys ignored: favourite_colour"}, func(t *testing.T, recs []record.Record) {
			if r := byTitle(recs, "Nadia Rahman"); r.Honorific != "Dr." || r.Gender != "female" || r.Contact == nil || r.Contact.Phone == "" || r.JobTitle != "Lead Engineer" {
				t.Errorf("nadia: %+v", r)
			}
			if r := byTitle(recs, "Tomás Quispe"); r.Gender != "male" || r.Contact == nil || r.Contact.Website == "" {
				t.Errorf("explicit gender must win over the marker: %+v", r)
			}
			if r := byTitle(recs, "Wanjiru Kamau"); !slices.Equal(r.Countries, []string{"KE"}) || len(r.Expertise) != 2 {
				t.Errorf("wanjiru: %+v", r)
			}
		}},
		{"bad-rows.csv", FormatCSV, record.KindProject, 4, []string{
			"line 3: empty title (row skipped)",
			"line 4: 4 fields, header has 6 (row skipped)",
			`line 5: unparseable year "next spring" (row skipped)`,
			`line 6: unknown action line "C42" (row skipped)`,
			`line 7: unknown SDG "99" (row skipped)`,
			`line 8: country "Atlantis" not recognised`,
			`line 9: bare " in non-quoted-field (row skipped)`,
			"line 11: invalid UTF-8 replaced with U+FFFD",
		}, func(t *testing.T, recs []record.Record) {
			if r := byTitle(recs, "Unknown Place"); !slices.Contains(r.Missing, "country") {
				t.Errorf("unknown country not flagged: %+v", r)
			}
			if r := byTitle(recs, "Invalid \uFFFD bytes"); r.Organization != "Iota Org" {
				t.Errorf("invalid UTF-8 row: %+v", recs)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs, rowErrs := parseFixture(t, tt.file)
			if len(recs) != tt.recs {
				t.Fatalf("got %d records, want %d", len(recs), tt.recs)
			}
			var got []string
			for _, e := range rowErrs {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tt.rowErrs) {
				t.Errorf("row errors:\n got %q\nwant %q", got, tt.rowErrs)
			}
			for _, r := range recs {
				if r.Kind != tt.kind || r.Title == "" || r.Source.Format != tt.format {
					t.Errorf("record %q: kind %q format %q", r.Title, r.Kind, r.Source.Format)
				}
			}
			tt.check(t, recs)
		})
	}
}

func TestInline(t *testing.T) {
	tests := []struct {
		name, file, in string
		titles         []string
		errs           int
		fatal          error
	}{
		{"semicolon csv", "a.csv", "Title;Organisation;Country\nA;Org, with comma;France\nB;Org;Spain\n", []string{"A", "B"}, 0, nil},
		{"json array", "a.json", `[{"title":"A"},{"title":"B","year":"soon"},{"title":"C"}]`, []string{"A", "C"}, 1, nil},
		{"json wrapper", "a.json", `{"count":2,"records":[{"project":"A"},{"project":"B"}]}`, []string{"A", "B"}, 0, nil},
		{"json object stream", "a", "{\"title\":\"A\"}\n{\"title\":\"B\"}\n", []string{"A", "B"}, 0, nil},
		{"json broken mid-array", "a.json", `[{"title":"A"},{"title":`, []string{"A"}, 1, nil},
		{"json not an object", "a.json", `[{"title":"A"}, 3]`, []string{"A"}, 1, nil},
		{"json scalar", "a.json", `42`, nil, 0, ErrNoColumns},
		{"jsonl bad line", "a.jsonl", "{\"title\":\"A\"}\nnot json\n{\"title\":\"B\"}", []string{"A", "B"}, 1, nil},
		{"csv no known column", "a.csv", "foo,bar\n1,2\n", nil, 0, ErrNoColumns},
		{"csv no title column", "a.csv", "country,year\nFrance,2020\n", nil, 0, ErrNoColumns},
		{"empty csv", "a.csv", "", nil, 0, ErrNoColumns},
		{"blank rows skipped", "a.csv", "title,year\n,\nA,2020\n", []string{"A"}, 0, nil},
		{"kind column wins", "a.csv", "kind,title,name\nperson,,Ada Lovelace\nproject,Looms,\nrobot,X,\n", []string{"Ada Lovelace", "Looms"}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, rowErrs, err := Parse(context.Background(), tt.file, strings.NewReader(tt.in))
			if !errors.Is(err, tt.fatal) {
				t.Fatalf("err = %v, want %v", err, tt.fatal)
			}
			var titles []string
			for _, r := range recs {
				titles = append(titles, r.Title)
			}
			if !slices.Equal(titles, tt.titles) || len(rowErrs) != tt.errs {
				t.Errorf("titles %q, row errors %v; want %q and %d errors", titles, rowErrs, tt.titles, tt.errs)
			}
		})
	}
}

func TestGenderNeverGuessed(t *testing.T) {
	in := "name,organization,job title\nMaria Garcia,Org,Engineer\n"
	recs, _, err := Parse(context.Background(), "people.csv", strings.NewReader(in))
	if err != nil || len(recs) != 1 {
		t.Fatal(recs, err)
	}
	if recs[0].Kind != record.KindPerson || recs[0].Gender != "" {
		t.Errorf("gender guessed without a column or marker: %+v", recs[0])
	}
}

// TestLargeCSVBoundedMemory streams 50 MB of CSV through a pipe and checks
// the heap stays far below the input size.
func TestLargeCSVBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	// The stream is more than twice maxHeap: enough to show memory does not
	// grow with the input, small enough for a -race run in CI.
	const size, maxHeap = 20 << 20, 8 << 20
	pr, pw := io.Pipe()
	rows := 0
	go func() {
		written := 0
		n, _ := fmt.Fprintln(pw, "title,organization,country,action line,sdgs,year,description")
		written += n
		for i := 0; written < size; i++ {
			n, err := fmt.Fprintf(pw, "Project %d,\"Org %d, Inc.\",Kenya,C4,\"4; 5\",2020,%s\n", i, i, strings.Repeat("words ", 20))
			if err != nil {
				return
			}
			written += n
			rows++
		}
		pw.Close()
	}()
	var ms runtime.MemStats
	var peak uint64
	got := 0
	_, err := ParseFunc(context.Background(), "big.csv", pr, func(record.Record) error {
		got++
		if got%20000 == 0 {
			// Collect first: what counts is the live heap, not garbage
			// the collector has not reached yet.
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != rows {
		t.Fatalf("parsed %d rows, wrote %d", got, rows)
	}
	t.Logf("%d rows, peak live heap %d MiB", got, peak>>20)
	if peak > maxHeap {
		t.Errorf("peak heap %d MiB for a %d MiB stream, want at most %d MiB", peak>>20, size>>20, maxHeap>>20)
	}
}

func TestUnterminatedQuoteIsBounded(t *testing.T) {
	r := io.MultiReader(strings.NewReader("title,year\nA,2020\n\"B,"), strings.NewReader(strings.Repeat("x", maxRowBytes+(1<<20))))
	recs, rowErrs, err := Parse(context.Background(), "q.csv", r)
	if err != nil || len(recs) != 1 || len(rowErrs) != 1 {
		t.Fatalf("recs %d, rowErrs %v, err %v", len(recs), rowErrs, err)
	}
}

func BenchmarkParseCSV(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("title,organization,country,action line,sdgs,year\n")
	for i := range 10000 {
		fmt.Fprintf(&sb, "Project %d,Org %d,Kenya,C4,4; 5,2020\n", i, i)
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseFunc(context.Background(), "b.csv", strings.NewReader(in), func(record.Record) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func fuzzSeeds(f *testing.F, files ...string) {
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzParseCSV(f *testing.F) {
	fuzzSeeds(f, "projects.csv", "people.csv", "bad-rows.csv", "projects.tsv")
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, _, err := Parse(context.Background(), "f.csv", strings.NewReader(string(b)))
		if err != nil && len(recs) > 0 {
			t.Fatal("records returned with a fatal error")
		}
		for _, r := range recs {
			if r.Title == "" || r.Kind == "" {
				t.Fatalf("record without title or kind: %+v", r)
			}
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	fuzzSeeds(f, "people.json", "projects.jsonl")
	f.Add([]byte(`{"items":[{"title":"a","sdgs":[1,{"x":2}],"contact":{"email":3}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, name := range []string{"f.json", "f.jsonl"} {
			recs, _, err := Parse(context.Background(), name, strings.NewReader(string(b)))
			if err != nil && len(recs) > 0 {
				t.Fatal("records returned with a fatal error")
			}
			for _, r := range recs {
				if r.Title == "" || r.Kind == "" {
					t.Fatalf("record without title or kind: %+v", r)
				}
			}
		}
	})
}
