package text

import (
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// introduced: "Name who is", "Name, who is", "Name from the" in captions,
// as a chair introduces the panel.
var introduced = regexp.MustCompile(`([A-Z][\p{L}'’]+(?:[ -][A-Z][\p{L}'’]+){1,3}),?\s+(?:who\s+(?:is|was|will)|from\s+the)\b`)

// transcriptPeople reads caption transcripts: ">> NAME:" turns (not the
// chair or the floor) and panellists the chair introduces by name.
func transcriptPeople(d *doc, p *people) {
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
				p.add(record.Person{Name: displayName(n), Role: "Speaker"}, false, i, "speaker: caption turn \">> NAME:\"")
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
