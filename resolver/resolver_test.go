package resolver

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// entry is a project of a list: two entries of one file share the source.
func entry(id, file, title, org, country string) record.Record {
	r := record.Record{ID: id, Kind: record.KindProject, Title: title, Organization: org, Source: record.Source{File: file}}
	if country != "" {
		r.Countries = []string{country}
	}
	return r
}

// filler makes a list a list: a second entry of the same file.
func filler(file string) record.Record {
	return entry("fill-"+file, file, "Unrelated filler entry "+file, "Filler Org", "")
}

func profile(id, name, org, bio string) record.Record {
	return record.Record{ID: id, Kind: record.KindPerson, Name: name, Organization: org, Bio: bio, Gender: "female",
		Source: record.Source{URL: "https://example.org/profiles/" + id}}
}

func session(id, url string, people ...record.Person) record.Record {
	return record.Record{ID: id, Kind: record.KindSession, Title: "Session " + id, Speakers: people, Source: record.Source{URL: url}}
}

func TestResolvePairs(t *testing.T) {
	winners := func(title, org, country string) []record.Record {
		r := entry("w1", "winners.txt", title, org, country)
		r.Prize = &record.Prize{Year: 2019, Status: record.PrizeWinner}
		return []record.Record{r, filler("winners.txt")}
	}
	nominees := func(title, org, country string) []record.Record {
		r := entry("n1", "nominees.html", title, org, country)
		r.Prize = &record.Prize{Year: 2019, Status: record.PrizeNominee}
		return []record.Record{r, filler("nominees.html")}
	}
	join := func(a ...[]record.Record) []record.Record { return slices.Concat(a...) }
	tests := []struct {
		name string
		recs []record.Record
		a, b Ref
		same bool
		why  string // a reason the merge must give
	}{
		{"one project, one list in capitals, the organisation abbreviated",
			join(winners("Lagoon Water Sensors Network", "Coastal Research Institute (CRI)", "GH"),
				nominees("LAGOON WATER SENSORS NETWORK", "CRI", "GH")),
			Ref{Record: "w1"}, Ref{Record: "n1"}, true, "abbreviation CRI"},
		{"WSIS in French and ITU in Spanish",
			join(winners("CMSI Stocktaking Platform for Arab States", "UIT", ""),
				nominees("WSIS Stocktaking Platform for Arab States", "International Telecommunication Union", "")),
			Ref{Record: "w1"}, Ref{Record: "n1"}, true, "titles match 1.00"},
		{"a truncated organisation and a typo",
			join(winners("Rural Clinic Tablet Records", "Ministery of Health and Social Welfar", "TZ"),
				nominees("Rural Clinic Tablet Records", "Ministry of Health and Social Welfare", "TZ")),
			Ref{Record: "w1"}, Ref{Record: "n1"}, true, "organisations match 1.00"},
		{"initials of two organisations are no match",
			join(winners("Village Savings Ledger", "Ministry of Finance and Planning", ""),
				nominees("Village Savings Ledger", "Microfinance Fund for Peasants", "")),
			Ref{Record: "w1"}, Ref{Record: "n1"}, false, ""},
		{"same organisation, another project of the same programme",
			join(winners("Mesa Conectada: broadband for rural clinics and schools", "Ministry of Transport", "PE"),
				nominees("Puntos Mesa Conectada: maker spaces for teenagers", "Ministry of Transport", "PE")),
			Ref{Record: "w1"}, Ref{Record: "n1"}, false, ""},
		{"same title in two countries",
			join(winners("National Open Data Portal", "Digital Agency", "KE"),
				nominees("National Open Data Portal", "Digital Agency", "UG")),
			Ref{Record: "w1"}, Ref{Record: "n1"}, false, ""},
		{"same title, two organisations that differ",
			join(winners("Smart Farming Hotline", "Green Valley Cooperative", ""),
				nominees("Smart Farming Hotline", "Northern Telecom Regulator", "")),
			Ref{Record: "w1"}, Ref{Record: "n1"}, false, ""},
		{"two entries of one list are two projects",
			[]record.Record{entry("a", "list.csv", "Digital Library for Schools", "Library Board", "SG"),
				entry("b", "list.csv", "Digital Library for Schools Phase Two", "Library Board", "SG")},
			Ref{Record: "a"}, Ref{Record: "b"}, false, ""},
		{"two articles with one generic heading",
			[]record.Record{{ID: "x", Kind: record.KindProject, Title: "News and events", Source: record.Source{URL: "https://a.example/1"}},
				{ID: "y", Kind: record.KindProject, Title: "News and events", Source: record.Source{URL: "https://b.example/2"}}},
			Ref{Record: "x"}, Ref{Record: "y"}, false, ""},
		{"a press release about one list entry",
			join(nominees("Youth Drone Mapping for Flood Response (YDMFR)", "Delta Resilience Trust", "BD"),
				[]record.Record{{ID: "pr", Kind: record.KindProject, Title: "Press room", Year: 2019, Countries: []string{"CH"},
					Summary: "Our Youth Drone Mapping for Flood Response (YDMFR) programme was named a WSIS Prizes nominee in Geneva.",
					Source:  record.Source{URL: "https://delta.example/news/ydmfr"}}}),
			Ref{Record: "pr"}, Ref{Record: "n1"}, true, "names YDMFR"},
		{"an article naming two different projects joins neither",
			join(nominees("Youth Drone Mapping for Flood Response (YDMFR)", "Delta Resilience Trust", "BD"),
				winners("Solar Cold Rooms for Fish Markets (SCRFM)", "Lake Traders Union", "UG"),
				[]record.Record{{ID: "pr", Kind: record.KindProject, Title: "Prize roundup", Year: 2019,
					Summary: "Youth Drone Mapping for Flood Response (YDMFR) and Solar Cold Rooms for Fish Markets (SCRFM) were both honoured.",
					Source:  record.Source{URL: "https://news.example/roundup"}}}),
			Ref{Record: "pr"}, Ref{Record: "n1"}, false, ""},
		{"a profile and a speaker: the profile names the organisation",
			[]record.Record{profile("w-ana", "Ana Lucia Ferreira", "", "Ana leads the Brazilian Internet Steering Committee working group on inclusion."),
				session("s1", "https://forum.example/s1", record.Person{Name: "Ms. Ana Lucia Ferreira", Organization: "Brazilian Internet Steering Committee"})},
			Ref{Record: "w-ana"}, PersonRef("s1", "Ana Lucia Ferreira"), true, "the profile names the organisation"},
		{"a profile cut from the session page",
			[]record.Record{{ID: "w-bo", Kind: record.KindPerson, Name: "Bo Lindqvist", Source: record.Source{URL: "https://forum.example/s2"}},
				session("s2", "https://forum.example/s2", record.Person{Name: "Bo Lindqvist", Organization: "Nordic Spectrum Office"})},
			Ref{Record: "w-bo"}, PersonRef("s2", "Bo Lindqvist"), true, "page of the session"},
		{"two speakers with a common two-word name and nothing else",
			[]record.Record{session("s3", "https://forum.example/s3", record.Person{Name: "John Smith"}),
				session("s4", "https://forum.example/s4", record.Person{Name: "John Smith"})},
			PersonRef("s3", "John Smith"), PersonRef("s4", "John Smith"), false, ""},
		{"two speakers with a common name and one organisation, written two ways",
			[]record.Record{session("s3", "https://forum.example/s3", record.Person{Name: "John Smith", Organization: "Director, International Telecommunication Union"}),
				session("s4", "https://forum.example/s4", record.Person{Name: "SMITH, John", Organization: "ITU"})},
			PersonRef("s3", "John Smith"), PersonRef("s4", "John Smith"), true, "abbreviation ITU"},
		{"a distinctive name needs no more",
			[]record.Record{session("s5", "https://forum.example/s5", record.Person{Name: "Dr. Nomvula Thandeka Mokoena", Organization: "and the launch of"}),
				session("s6", "https://forum.example/s6", record.Person{Name: "Nomvula Thandeka Mokoena", Organization: "Ministry of ICT"})},
			PersonRef("s5", "Nomvula Thandeka Mokoena"), PersonRef("s6", "Nomvula Thandeka Mokoena"), true, "distinctive name"},
		{"a stated gender that differs",
			[]record.Record{session("s7", "https://forum.example/s7", record.Person{Name: "Jordan Lee Avery", Gender: "female"}),
				session("s8", "https://forum.example/s8", record.Person{Name: "Jordan Lee Avery", Gender: "male"})},
			PersonRef("s7", "Jordan Lee Avery"), PersonRef("s8", "Jordan Lee Avery"), false, ""},
		{"a middle initial",
			[]record.Record{session("s9", "https://forum.example/s9", record.Person{Name: "Peter K. Almasi", Organization: "Danube Data Institute"}),
				session("s10", "https://forum.example/s10", record.Person{Name: "Peter Almasi", Organization: "Danube Data Institute"})},
			PersonRef("s9", "Peter K. Almasi"), PersonRef("s10", "Peter Almasi"), true, "organisations match 1.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Resolve(tt.recs, Options{})
			ca, okA := res.Of(tt.a)
			cb, okB := res.Of(tt.b)
			if !okA || !okB {
				t.Fatalf("refs not clustered: %v %v", okA, okB)
			}
			if (ca.ID == cb.ID) != tt.same {
				t.Fatalf("same cluster = %v, want %v; clusters %+v and %+v", ca.ID == cb.ID, tt.same, ca, cb)
			}
			if tt.same && !strings.Contains(fmt.Sprint(ca.Why), tt.why) {
				t.Errorf("evidence %v does not say %q", ca.Why, tt.why)
			}
		})
	}
}

func TestPrizeStatusMerged(t *testing.T) {
	var recs []record.Record
	for i, st := range []string{record.PrizeNominee, record.PrizeWinner, record.PrizeChampion} {
		file := fmt.Sprintf("list-%d.txt", i)
		r := entry(fmt.Sprint("p", i), file, "Mobile Birth Registration", "Civil Registry Office", "SN")
		r.Prize = &record.Prize{Year: 2021, Category: "C7.e-government", Status: st}
		recs = append(recs, r, filler(file))
	}
	res := Resolve(recs, Options{})
	c, _ := res.Of(Ref{Record: "p0"})
	if len(c.Members) != 3 || c.Prize == nil || c.Prize.Status != record.PrizeWinner || len(c.Sources) != 3 {
		t.Errorf("cluster %+v: want 3 members, 3 sources, status winner", c)
	}
	if c.Title != "Mobile Birth Registration" || c.Kind != record.KindProject {
		t.Errorf("cluster heading %q kind %s", c.Title, c.Kind)
	}
}

func TestOverrides(t *testing.T) {
	recs := []record.Record{
		entry("a", "one.txt", "Telecentre Network of the Andes", "Andes Net", "PE"), filler("one.txt"),
		entry("b", "two.txt", "Telecentre Network of the Andes", "Andes Net", "PE"), filler("two.txt"),
		entry("c", "three.txt", "Telecentre Network of the Andes", "Andes Net", "PE"), filler("three.txt"),
		entry("d", "four.txt", "Harbour Storm Radio", "Coast Guard", "FJ"), filler("four.txt"),
	}
	a, b, c, d := Ref{Record: "a"}, Ref{Record: "b"}, Ref{Record: "c"}, Ref{Record: "d"}
	tests := []struct {
		name      string
		overrides []Override
		same      [][2]Ref
		apart     [][2]Ref
	}{
		{"no override", nil, [][2]Ref{{a, b}, {b, c}}, [][2]Ref{{a, d}}},
		{"split two: no chain through the third either", []Override{{A: a, B: b}}, nil, [][2]Ref{{a, b}}},
		// Staff joined a with d (another country): b and c, which d
		// contradicts, stay together apart from them.
		{"join what differs", []Override{{A: a, B: d, Join: true}}, [][2]Ref{{a, d}, {b, c}}, [][2]Ref{{a, b}}},
		{"override of a ref that is not there", []Override{{A: a, B: Ref{Record: "gone"}, Join: true}}, [][2]Ref{{a, b}}, [][2]Ref{{a, d}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkTogether(t, Resolve(recs, Options{Overrides: tt.overrides}), tt.same, tt.apart)
		})
	}
	res := Resolve(recs, Options{Overrides: []Override{{A: a, B: d, Join: true}}})
	if c, _ := res.Of(d); !strings.Contains(fmt.Sprint(c.Why), "joined by staff") {
		t.Errorf("a staff join is not explained: %+v", c.Why)
	}
}

// checkTogether checks that each pair of same is in one cluster of res,
// and each pair of apart in two; a ref in none fails.
func checkTogether(t *testing.T, res Result, same, apart [][2]Ref) {
	t.Helper()
	id := func(r Ref) string {
		c, ok := res.Of(r)
		if !ok {
			t.Fatalf("%s is in no cluster", r)
		}
		return c.ID
	}
	for _, p := range same {
		if id(p[0]) != id(p[1]) {
			t.Errorf("%s and %s apart, want together", p[0], p[1])
		}
	}
	for _, p := range apart {
		if id(p[0]) == id(p[1]) {
			t.Errorf("%s and %s together, want apart", p[0], p[1])
		}
	}
}

// TestResolveIgnoresOrder: the same records in another order give the same
// clusters, so cluster ids are stable across imports.
func TestResolveIgnoresOrder(t *testing.T) {
	recs := []record.Record{
		entry("a", "one.txt", "Telecentre Network of the Andes", "Andes Net", "PE"), filler("one.txt"),
		entry("b", "two.txt", "Telecentre Network of the Andes", "Andes Net (ANET)", "PE"), filler("two.txt"),
		profile("w1", "Mariam Al-Sayed Haddad", "ITU", ""),
		session("s1", "https://forum.example/s1", record.Person{Name: "Mariam Al-Sayed Haddad", Organization: "International Telecommunication Union"}),
	}
	want := fmt.Sprint(Resolve(recs, Options{}).Clusters())
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10 {
		rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
		if got := fmt.Sprint(Resolve(recs, Options{}).Clusters()); got != want {
			t.Fatalf("order changed the clusters:\n%s\nwant\n%s", got, want)
		}
	}
}

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		want Ref
		err  bool
	}{
		{"p0123", Ref{Record: "p0123"}, false},
		{" s1/person:Dr. Zoë NGUGI ", Ref{Record: "s1", Person: "ngugi zoe"}, false},
		{"s1/person:", Ref{}, true},
		{"", Ref{}, true},
		{"/person:ana", Ref{}, true},
		{"p1 p2", Ref{}, true},
	}
	for _, tt := range tests {
		got, err := ParseRef(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"p1", "s1/person:Ana Lima", "s1/person:/person:x", "", "\x00", "a/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRef(s)
		if err != nil {
			return
		}
		// A parsed ref round-trips through its string form.
		again, err := ParseRef(r.String())
		if err != nil || again != r {
			t.Fatalf("ParseRef(%q) = %+v; its string %q parses to %+v, %v", s, r, r.String(), again, err)
		}
	})
}

// TestLonelyPeople: a person no one else could match keeps no comparison
// state, and is still a cluster of its own; staff decisions and shared
// names still merge.
func TestLonelyPeople(t *testing.T) {
	f := func(name, gender string) record.Person {
		return record.Person{Name: name, Gender: gender, Organization: "Ministry of Posts"}
	}
	recs := []record.Record{
		session("s1", "https://forum.example/s1", f("Tomasz Wierzbicki", "male"), f("Ines Duarte Costa", "female"), f("Ayo", "")),
		session("s2", "https://forum.example/s2", f("Ines Duarte Costa", "female"), f("Ines Duarte Costa", "")),
		profile("p1", "Kalani Mahoe", "Pacific Link", "Kalani works on island connectivity."),
		profile("p2", "Liesel Brandt", "Ministry of Posts", ""),
	}
	tomasz := Ref{Record: "s1", Person: taxonomy.PersonKey("Tomasz Wierzbicki")}
	ines1, ines2 := Ref{Record: "s1", Person: taxonomy.PersonKey("Ines Duarte Costa")}, Ref{Record: "s2", Person: taxonomy.PersonKey("Ines Duarte Costa")}
	ayo := Ref{Record: "s1", Person: taxonomy.PersonKey("Ayo")}
	kalani, liesel := Ref{Record: "p1"}, Ref{Record: "p2"}

	items := collect(func(yield func(*record.Record) bool) {
		for i := range recs {
			if !yield(&recs[i]) {
				return
			}
		}
	}, staffRefs([]Override{{A: tomasz, B: liesel, Join: true}}), newCorpus())
	for ref, compared := range map[Ref]bool{tomasz: true, ines1: true, ines2: true, ayo: false, kalani: false, liesel: true} {
		i, ok := items.find(ref)
		if !ok {
			t.Fatalf("no item for %s", ref)
		}
		if got := items[i].pers != nil; got != compared {
			t.Errorf("%s: comparison state kept = %v, want %v", ref, got, compared)
		}
		if items[i].title == "" || items[i].kind != record.KindPerson {
			t.Errorf("%s: item %+v lost its heading or kind", ref, items[i])
		}
	}

	tests := []struct {
		name      string
		overrides []Override
		same      [][2]Ref
		apart     [][2]Ref
	}{
		{"no decisions", nil, [][2]Ref{{ines1, ines2}}, [][2]Ref{{tomasz, liesel}, {kalani, ayo}}},
		{"staff join of two different names", []Override{{A: tomasz, B: liesel, Join: true}}, [][2]Ref{{tomasz, liesel}, {ines1, ines2}}, [][2]Ref{{kalani, ayo}}},
		{"staff join of two lonely names", []Override{{A: kalani, B: ayo, Join: true}}, [][2]Ref{{kalani, ayo}}, [][2]Ref{{tomasz, liesel}}},
		{"staff split", []Override{{A: ines1, B: ines2}}, nil, [][2]Ref{{ines1, ines2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Resolve(recs, Options{Overrides: tt.overrides})
			checkTogether(t, res, tt.same, tt.apart)
			if c, _ := res.Of(ayo); tt.overrides == nil && (c.Title != "Ayo" || c.Kind != record.KindPerson || len(c.Members) != 1) {
				t.Errorf("lonely cluster %+v: want Ayo alone, the heading Ayo, kind person", c)
			}
		})
	}
}

// TestResultLookups: every member of every cluster finds its cluster,
// clusters come in order of id, and a ref in none finds nothing. Record
// ids that are prefixes of one another test the order of refs.
func TestResultLookups(t *testing.T) {
	var recs []record.Record
	for i, id := range []string{"a", "a-b", "a.b", "ab", "b", "b0"} {
		// Each title twice over the ids: "a" and "ab" are one project.
		recs = append(recs, entry(id, fmt.Sprintf("list-%d.txt", i), fmt.Sprintf("Rural Fibre Links %d", i%4), "Fibre Trust", "KE"), filler(fmt.Sprintf("list-%d.txt", i)))
		recs = append(recs, session(id+"/s", "https://forum.example/"+id, record.Person{Name: "Wanjiru Kamau Otieno"}, record.Person{Name: fmt.Sprintf("Speaker Number%c", 'a'+i)}))
	}
	res := Resolve(recs, Options{})
	all := res.Clusters()
	if len(all) != res.Len() {
		t.Fatalf("Clusters has %d, Len %d", len(all), res.Len())
	}
	merged := 0
	for i, c := range all {
		if i > 0 && all[i-1].ID >= c.ID {
			t.Errorf("cluster %d (%s) after %s: not in order of id", i, c.ID, all[i-1].ID)
		}
		if len(c.Members) > 1 {
			merged++
		}
		for _, m := range c.Members {
			if j, ok := res.Index(m); !ok || j != i {
				t.Errorf("Index(%s) = %d, %v; want %d", m, j, ok, i)
			}
			if got, ok := res.Of(m); !ok || got.ID != c.ID {
				t.Errorf("Of(%s) = %s, %v; want %s", m, got.ID, ok, c.ID)
			}
		}
	}
	if merged < 2 {
		t.Errorf("%d clusters of several, want at least 2 (the repeated titles, the repeated speaker): the test lost its point", merged)
	}
	for _, ref := range []Ref{{Record: "a0"}, {Record: "a", Person: "zz"}, {Record: ""}, {Record: "c"}} {
		if c, ok := res.Of(ref); ok {
			t.Errorf("Of(%s) = %s, want none", ref, c.ID)
		}
	}
}

// FuzzCmpRefs: refs order as their strings do.
func FuzzCmpRefs(f *testing.F) {
	f.Add("a", "", "a", "x")
	f.Add("a", "x", "a-b", "")
	f.Add("a/person:", "b", "a", "b")
	f.Fuzz(func(t *testing.T, ar, ap, br, bp string) {
		a, b := Ref{Record: ar, Person: ap}, Ref{Record: br, Person: bp}
		want := strings.Compare(a.String(), b.String())
		if got := cmpRefs(a, b); (got > 0) != (want > 0) || (got < 0) != (want < 0) {
			t.Errorf("cmpRefs(%q, %q) = %d, strings compare %d", a, b, got, want)
		}
	})
}
