package search

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// This file holds the vocabulary of the people who search: other words
// for the same thing, and the wordings of codes. Each entry is there
// because real queries need it (docs/RELEVANCE.md keeps the measurements);
// none is there for one document.

// wordGroups are words used for one another, kept where the dev set
// shows they help (docs/RELEVANCE.md lists those tried and dropped):
// women written four ways and in French and Spanish; ICT and digital,
// said of the same projects; cyber, cybersecurity and security.
var wordGroups = [][]string{
	{"women", "woman", "female", "femmes", "femme", "mujeres", "mujer"},
	{"ict", "icts", "digital", "numérique", "tic", "tics"},
	{"cyber", "cybersecurity", "cyber-security", "cybersécurité", "ciberseguridad", "security"},
}

// alShortNames are the parts of long official action-line titles that
// pages use on their own.
var alShortNames = map[string][]string{
	"C3":  {"access to information"},
	"C5":  {"confidence and security"},
	"C8":  {"cultural diversity", "linguistic diversity", "local content"},
	"C10": {"ethical dimensions"},
}

// regionWords are how pages name a region's place in running text.
var regionWords = map[string][]string{
	taxonomy.RegionAfrica:   {"africa", "african"},
	taxonomy.RegionAmericas: {"americas", "latin america", "caribbean"},
	taxonomy.RegionArab:     {"arab"},
	taxonomy.RegionAsiaPac:  {"asia pacific", "asia-pacific"},
	taxonomy.RegionEurope:   {"europe", "european"},
	taxonomy.RegionCIS:      {"cis"},
}

// eventWords are the names of the events in running text.
var eventWords = map[string][]string{
	"IGF":         {"igf", "internet governance forum"},
	"WSIS Forum":  {"wsis forum"},
	"WSIS Prizes": {"wsis prizes", "wsis prize"},
}

// codeWordings are the ways a text says a chip's value: "SDG 5", "Goal 5",
// "gender equality" for SDG 5; "C4" and "capacity building" for C4. They
// are what a part naming a code matches besides the tag itself.
func codeWordings(c Chip) []string {
	switch c.Facet {
	case "sdg":
		n := atoi(c.Value)
		out := []string{"sdg " + c.Value, "sdg" + c.Value, "goal " + c.Value}
		for _, s := range taxonomy.SDGs() {
			if s.Number == n {
				out = append(out, strings.ToLower(s.Name))
			}
		}
		return out
	case "action_line":
		if sub, ok := strings.CutPrefix(c.Value, "C7."); ok {
			return []string{sub, strings.ReplaceAll(sub, "-", "")}
		}
		if c.Value == "C7" {
			return []string{"c7", "ict applications"}
		}
		out := []string{strings.ToLower(c.Value)}
		if al, ok := taxonomy.LookupActionLine(c.Value); ok {
			out = append(out, strings.ToLower(al.Name))
		}
		return append(out, alShortNames[c.Value]...)
	case "region":
		return regionWords[c.Value]
	case "event":
		return eventWords[c.Value]
	case "country":
		if co, ok := taxonomy.CountryByCode(c.Value); ok {
			return []string{co.Name}
		}
	case "year":
		return []string{c.Value}
	}
	return nil
}

// codeName is an official name that names a code.
type codeName struct{ name, facet, value string }

// codeNameList lists the official names of SDGs and action lines of more
// than one word ("Media" alone names C9 but mostly means media), written
// as Understand leaves words: lower case, filler words out.
func codeNameList() []codeName {
	var out []codeName
	add := func(name, facet, value string) {
		var ws []string
		for _, w := range strings.Fields(taxonomy.Fold(name)) {
			if !filler[w] {
				ws = append(ws, w)
			}
		}
		if len(ws) > 1 {
			out = append(out, codeName{strings.Join(ws, " "), facet, value})
		}
	}
	for _, s := range taxonomy.SDGs() {
		add(s.Name, "sdg", strconv.Itoa(s.Number))
	}
	for _, al := range taxonomy.ActionLines() {
		if !strings.HasPrefix(al.Code, "C7.") {
			add(al.Name, "action_line", al.Code)
		}
		for _, short := range alShortNames[al.Code] {
			add(short, "action_line", al.Code)
		}
	}
	return out
}

// subRegions are groups of countries people name in queries ("Gulf
// states"); no ITU region or facet value says them.
var subRegions = []struct {
	names     []string
	countries []string
}{
	{[]string{"gulf", "gcc"}, []string{"SA", "AE", "QA", "KW", "BH", "OM"}},
	{[]string{"maghreb"}, []string{"DZ", "LY", "MA", "MR", "TN"}},
	{[]string{"sahel"}, []string{"BF", "CM", "TD", "GM", "GN", "ML", "MR", "NE", "NG", "SN"}},
	{[]string{"nordic"}, []string{"DK", "FI", "IS", "NO", "SE"}},
	{[]string{"balkans"}, []string{"AL", "BA", "BG", "HR", "GR", "XK", "ME", "MK", "RO", "RS", "SI"}},
	{[]string{"caribbean"}, []string{"AG", "BS", "BB", "BZ", "CU", "DM", "DO", "GD", "GY", "HT", "JM", "KN", "LC", "VC", "SR", "TT"}},
	{[]string{"central asia"}, []string{"KZ", "KG", "TJ", "TM", "UZ"}},
	{[]string{"southeast asia", "south-east asia", "asean"}, []string{"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"}},
	{[]string{"pacific islands"}, []string{"FJ", "KI", "MH", "FM", "NR", "PW", "PG", "WS", "SB", "TO", "TV", "VU"}},
}

// reSubRegion finds a sub-region's name, with "states", "countries" or
// "region" after it when written.
var reSubRegion = func() *regexp.Regexp {
	var names []string
	for _, r := range subRegions {
		for _, n := range r.names {
			names = append(names, strings.ReplaceAll(regexp.QuoteMeta(n), " ", `\s+`))
		}
	}
	return regexp.MustCompile(`(?i)\b(?:arab(?:ian)?\s+)?(` + strings.Join(names, "|") + `)(?:\s+(?:states|countries|region))?\b`)
}()

// subRegion returns the countries of the sub-region named in s.
func subRegion(s string) []string {
	m := reSubRegion.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	name := strings.Join(strings.Fields(strings.ToLower(m[1])), " ")
	for _, r := range subRegions {
		if slices.Contains(r.names, name) {
			return r.countries
		}
	}
	return nil
}
