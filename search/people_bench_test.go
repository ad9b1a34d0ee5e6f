package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

// peopleBenchCorpus makes profiles people with names, organisations, job
// titles, expertise, languages, a country and a bio of a few sentences, and
// sessions sessions with four to seven speakers and a moderator, half of
// them profiled people, the rest people named only there.
func peopleBenchCorpus(profiles, sessions int) []record.Record {
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	first := strings.Fields("Amina Grace Olga Mei Priya Sofia Lina Nadia Ruth Ana Ivan Kofi Omar Lars Raj Tomas Yusuf Chen Diego Emeka")
	last := strings.Fields("Okafor Ivanova Tanaka Sharma Rossi Haddad Mensah Silva Novak Kim Diallo Larsen Costa Petrov Nguyen Garcia Hassan Muller Otieno Park")
	orgs := strings.Split("Telecom Regulatory Authority|National CERT|Digital Health Institute|Open Data Lab|Rural Broadband Fund|University of Technology|Ministry of ICT|Women in Tech Network|Fintech Association|Media Literacy Centre", "|")
	jobs := strings.Split("Network Engineer|Security Researcher|Policy Director|Journalist|Data Scientist|Programme Manager|Professor of Computer Science|Head of Connectivity|Founder and CEO|Legal Counsel", "|")
	expertise := strings.Split("Cybersecurity|Incident response|E-health|Telemedicine|Open data|Broadband|Spectrum|E-agriculture|Digital identity|AI ethics|Media literacy|Capacity building|Mobile money|E-learning", "|")
	langs := strings.Fields("English French Spanish Arabic Russian Chinese Portuguese Swahili Hindi")
	countries := []string{"KE", "GH", "NG", "IN", "BR", "MX", "EE", "FJ", "EG", "KZ", "ID", "PE", "US", "FR", "JP", "SN", "ZA", "AE", "JO", "UA"}
	sentences := strings.Split("She leads a national response team.|He runs rural connectivity projects.|Her work brings women into engineering.|He trains journalists in data security.|She designs telemedicine services for district clinics.|They advise regulators on spectrum auctions.|She studies how farmers use mobile advice.|He builds open data portals for cities", "|")
	name := func(i int) string {
		return fmt.Sprintf("%s %s %s", first[i%len(first)], last[(i/len(first))%len(last)], last[(i*7)%len(last)]) + fmt.Sprintf(" %d", i)
	}
	var recs []record.Record
	for i := range profiles {
		bio := pick(sentences) + " " + pick(sentences) + " " + pick(sentences)
		recs = append(recs, record.Record{
			ID: fmt.Sprintf("person%06d", i), Kind: record.KindPerson, Name: name(i),
			Gender: []string{"female", "female", "male", ""}[rng.IntN(4)], Organization: pick(orgs), JobTitle: pick(jobs),
			Expertise: []string{pick(expertise), pick(expertise)}, Languages: []string{pick(langs), "English"},
			Countries: []string{pick(countries)}, Bio: bio,
		})
	}
	for i := range sessions {
		var speakers []record.Person
		for j := range 4 + rng.IntN(4) {
			n := name(rng.IntN(profiles))
			if j%2 == 1 {
				n = name(profiles + i*8 + j) // named only here
			}
			speakers = append(speakers, record.Person{Name: n, Organization: pick(orgs), Country: pick(countries)})
		}
		recs = append(recs, record.Record{
			ID: fmt.Sprintf("session%06d", i), Kind: record.KindSession, Year: 2010 + rng.IntN(15), Event: pick([]string{"IGF", "WSIS Forum"}),
			Title:    fmt.Sprintf("%s and %s session %d", pick(expertise), pick(expertise), i),
			Speakers: speakers, Moderators: []record.Person{{Name: name(rng.IntN(profiles))}},
		})
	}
	return recs
}

// BenchmarkPeople measures the people finder over about 6,000 people
// (2,500 profiles, 600 sessions): every person scored, ranked and counted
// per query (go test -run XXX -bench People -benchtime 200x ./search).
func BenchmarkPeople(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ix, err := indexer.Create(ctx, filepath.Join(dir, "index"), indexer.Options{Records: st})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	recs := peopleBenchCorpus(2500, 600)
	for i := 0; i < len(recs); i += indexer.BatchSize {
		put(b, st, ix, recs[i:min(i+indexer.BatchSize, len(recs))])
	}
	svc := New(ix, st, WithoutResponseCache())
	b.Logf("%d people", ix.Snapshot().People().Len())
	for _, bc := range []struct {
		name string
		req  PeopleRequest
	}{
		{"everyone", PeopleRequest{}},
		{"cybersecurity-kenya", PeopleRequest{Q: "cybersecurity Kenya"}},
		{"women-engineers-telecom", PeopleRequest{Q: "women engineers telecom"}},
		{"region+filter", PeopleRequest{Q: "journalist Africa", Filters: map[string][]string{FilterGender: {"female"}}}},
		{"typo", PeopleRequest{Q: "cybersecurty"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.People(ctx, bc.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
