package text

import (
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// evidenceTextMax cuts the line quoted in evidence: enough to recognise it.
const evidenceTextMax = 160

// note records that rule gave field its value from line i (an index into
// d.lines; -1 when the value comes from no single line, such as the URL or
// a count over the whole text).
func (d *doc) note(field, value, rule string, i int) {
	ev := record.Evidence{Field: field, Value: prefix(value, evidenceTextMax), Rule: rule}
	if i >= 0 && i < len(d.lines) {
		ev.Line = d.first + i
		ev.Text = prefix(d.lines[i], evidenceTextMax)
	}
	d.ev = append(d.ev, ev)
}

// lineOf finds the index of the first line holding s, or -1; for evidence of
// values found in the joined text.
func (d *doc) lineOf(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return -1
	}
	for i, l := range d.lines {
		if strings.Contains(l, s) {
			return i
		}
	}
	return -1
}
