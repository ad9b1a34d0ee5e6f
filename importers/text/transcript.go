package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// introduced: "Name who is", "Name, who is", "Name from the" in captions,
// as a chair introduces the panel.
var introduced = regexp.MustCompile(`([A-Z][\p{L}'’]+(?:[ -][A-Z][\p{L}'’]+){1,3}),?\s+(?:who\s+(?:is|was|will)|from\s+the)\b`)

// nameTurns reads transcripts written "Name: what they said" without
// caption marks: two or more people taking turns are speakers (one person
// answering is an interview, read by the quotes).
func nameTurns(d *doc, p *people) {
	type turnAt struct {
		name string
		line int
	}
	var turns []turnAt
	who := map[string]bool{}
	for i, l := range d.lines {
		pre, said, ok := strings.Cut(l, ": ")
		// A turn is speech: a few sentences, not a heading's subtitle.
		if !ok || d.furniture[i] || len(pre) > 40 || len(strings.Fields(said)) < 8 || !strings.ContainsAny(said, ".?!") {
			continue
		}
		if name, after := leadingName(pre, true); name == pre && after == "" && plausibleName(name) && personName(name) && !acronymFirst(name) && !orgLike(name) {
			turns = append(turns, turnAt{displayName(name), i})
			who[nameKey(name)] = true
		}
	}
	if len(who) < 2 {
		return
	}
	for _, t := range turns {
		p.add(record.Person{Name: t.name, Role: "Speaker"}, false, t.line, "speaker: transcript turn \"Name: …\"")
	}
}

// transcriptPeople reads caption transcripts: ">> NAME:" turns (not the
// chair or the floor) and panellists the chair introduces by name.
func transcriptPeople(d *doc, p *people) {
	nameTurns(d, p)
	turns := 0
	for _, l := range d.lines {
		if turn.MatchString(l) {
			turns++
		}
	}
	if turns < 2 {
		return
	}
	for i, l := range d.lines {
		if m := turn.FindStringSubmatch(l); m != nil {
			if n := strings.TrimSpace(m[1]); !genericTurn(n) {
				marked := p.lines[i]
				p.add(record.Person{Name: displayName(n), Role: "Speaker"}, false, i, "speaker: caption turn \">> NAME:\"")
				if !marked {
					delete(p.lines, i) // the turn is speech: its countries count
				}
			}
		}
		for _, m := range introduced.FindAllStringSubmatch(l, -1) {
			name, _ := leadingName(m[1], false)
			if plausibleName(name) && name == m[1] {
				p.add(record.Person{Name: name, Role: "Speaker"}, false, i, "speaker: introduced in a caption (\"Name, who is …\")")
			}
		}
	}
}
