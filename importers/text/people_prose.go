package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// People in prose, read only when a page lists nobody: a report names who
// spoke in its sentences. Three shapes: an honorific before a name ("Mrs.
// Mary Uduma"), a name with its position in brackets ("Simi Olusola (CEO of
// Aspilos Foundation)"), and a position in apposition ("the Chairman of the
// event, Akinwale Akinbade"). Organizations named as organizers are not
// people.

var (
	// nameParen: two to four capitalised words, then a bracket.
	nameParen = regexp.MustCompile(`((?:\p{Lu}[\p{L}'’\-]+\s+){1,3}\p{Lu}[\p{L}'’\-]+)\s*\(([^()]{3,160})\)`)
	// appositive: a position, then ", Name".
	appositive = regexp.MustCompile(`(?i)\b(?:chairman|chairwoman|chairperson|chair|president|vice[- ]president|coordinator|director(?:[- ]general)?|minister|ceo|cto|founder|co-founder|secretary(?:[- ]general)?|head|executive director|moderator|facilitator|host|convenor|rapporteur|commissioner|governor|mayor|ambassador|representative|officer|manager|adviser|advisor|dean|rector|professor|lecturer|researcher|engineer|analyst|journalist|editor|spokesperson|speaker|panell?ist|presenter|discussant|keynote speaker|guest)\b(?:\s+(?:of|for|at)\s+[^,.;]{1,80})?,\s+`)
	// chairedBy: "a panel moderated by Name"; whoChaired: "Name, who
	// moderated the panel": the person chairing a part of the event.
	chairedBy   = regexp.MustCompile(`(?i)\b(?:moderated|chaired|facilitated|co-moderated|co-chaired)\s+by\s+`)
	whoChaired  = regexp.MustCompile(`((?:\p{Lu}[\p{L}'’\-]+\s+){1,3}\p{Lu}[\p{L}'’\-]+),\s+who\s+(?:moderated|chaired|facilitated|co-moderated|co-chaired)\b`)
	photoCredit = regexp.MustCompile(`(?i)\b(?:photo|credit|picture|image|courtesy)\b`)
	// titledName: a position written before a name, as a title ("Judge
	// Thandiwe Nkosi", "la ministra Karen Abudinen", "el investigador
	// Carlos Cortés").
	titledName = regexp.MustCompile(`(?:^|[\s(,])(?:Judge|Justice|Minister|Senator|Commissioner|Mayor|Governor|Senior Minister|Deputy Minister|(?:(?:la|el|le|the)\s+)(?:ministra|ministro|ministre|minister|jueza|juez|alcaldesa|alcalde|maire|senadora|senador|investigadora|investigador|chercheuse|chercheur|directora|director|directrice|directeur|presidenta|presidente|présidente|président|profesora|profesor|professeure|professeur|ingeniera|ingeniero|doctora|doctor|experta|experto|coordinadora|coordinador|fundadora|fundador|fondatrice|fondateur))\s+`)
)

// prosePeople reads people from the sentences of a report.
//
// chairsOnly reads only the people chairing the event ("moderated by
// Name", "Facilitator, Ms Name"): a page whose lists name its speakers
// may name its moderator in a sentence.
func prosePeople(d *doc, p *people, orgs []record.Organizer, chairsOnly bool) {
	isOrg := map[string]bool{}
	for _, o := range orgs {
		isOrg[nameKey(o.Name)] = true
	}
	add := func(per record.Person, i int, rule string) {
		if isOrg[nameKey(per.Name)] {
			return
		}
		// A sentence is no people list: its countries still count.
		if marked := p.lines[i]; !marked {
			defer delete(p.lines, i)
		}
		for _, o := range orgs {
			// "Moctar Yedaly Free Software …": a run-on of an organizer.
			if strings.HasPrefix(taxonomy.Fold(per.Name)+" ", taxonomy.Fold(o.Name)+" ") {
				return
			}
		}
		p.add(per, moderatorRole(per.Role), i, rule)
	}
	for _, pg := range d.paragraphs() {
		i, l := pg.line, pg.text
		if len(l) < 60 || turn.MatchString(l) {
			continue
		}
		for _, loc := range honorificStarts(l) {
			if chairsOnly {
				break
			}
			hon, rest := honorificOf(l[loc:])
			name, _ := leadingName(rest, false)
			if hon.Canonical == "" || !plausibleName(name) || !personName(name) || photoCredit.MatchString(l[max(0, loc-30):loc]) {
				continue
			}
			add(record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender}, i, "speaker: honorific and name in the report's prose")
		}
		for _, m := range nameParen.FindAllStringSubmatchIndex(l, 40) {
			if chairsOnly {
				break
			}
			words := strings.Fields(l[m[2]:m[3]])
			inner := l[m[4]:m[5]]
			f := strings.Fields(inner)
			if len(f) == 0 || !isTitleWord(f[0]) && !titleNoun(strings.Join(f[:min(3, len(f))], " ")) {
				continue
			}
			// The name is the last two to four words before the bracket.
			for n := min(4, len(words)); n >= 2; n-- {
				cand := strings.Join(words[len(words)-n:], " ")
				if name, _ := leadingName(cand, false); name == cand && plausibleName(name) && personName(name) {
					per := record.Person{Name: name}
					_, per.Organization = splitTitleOrg(inner)
					add(per, i, "speaker: name with its position in brackets")
					break
				}
			}
		}
		for _, loc := range titledName.FindAllStringIndex(l, 20) {
			if chairsOnly {
				break
			}
			name, _ := leadingName(l[loc[1]:], false)
			if plausibleName(name) && personName(name) {
				add(record.Person{Name: name}, i, "speaker: position before the name (\""+strings.TrimSpace(l[loc[0]:loc[1]])+" Name\")")
			}
		}
		for _, loc := range chairedBy.FindAllStringIndex(l, 20) {
			hon, rest := honorificOf(l[loc[1]:])
			if name, _ := leadingName(rest, false); plausibleName(name) && personName(name) {
				add(record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender, Role: "Moderator"}, i, "speaker: \"moderated by Name\" in the report's prose")
			}
		}
		for _, m := range whoChaired.FindAllStringSubmatch(l, 20) {
			if name, _ := leadingName(m[1], false); name == m[1] && plausibleName(name) && personName(name) {
				add(record.Person{Name: name, Role: "Moderator"}, i, "speaker: \"Name, who moderated\" in the report's prose")
			}
		}
		for _, loc := range appositive.FindAllStringIndex(l, 20) {
			hon, rest := honorificOf(l[loc[1]:])
			name, _ := leadingName(rest, false)
			if plausibleName(name) && personName(name) {
				role := strings.TrimSpace(strings.TrimRight(l[loc[0]:loc[1]], ", "))
				per := record.Person{Name: name, Honorific: hon.Canonical, Gender: hon.Gender}
				if w := strings.ToLower(strings.Fields(role)[0]); w == "moderator" || w == "host" || w == "rapporteur" || w == "facilitator" {
					per.Role = "Moderator"
				}
				if chairsOnly && per.Role == "" {
					continue
				}
				add(per, i, "speaker: position in apposition (\""+prefix(role, 40)+", Name\")")
			}
		}
	}
}

// honorificStarts lists the byte offsets of words in l that start an
// honorific ("Mr.", "Mrs.", "H.E.", "Dr.").
func honorificStarts(l string) []int {
	var out []int
	for i := 0; i < len(l); i++ {
		if i > 0 && l[i-1] != ' ' && l[i-1] != '(' && l[i-1] != ',' {
			continue
		}
		c := l[i]
		if c != 'M' && c != 'D' && c != 'H' && c != 'P' && c != 'A' && c != 'S' {
			continue
		}
		if h, _ := honorificOf(prefix(l[i:], 40)); h.Canonical != "" {
			out = append(out, i)
			if len(out) >= 40 {
				break
			}
		}
	}
	return out
}
