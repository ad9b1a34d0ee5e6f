package indexer

import (
	"encoding/binary"
	"iter"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// The people directory's text is what a person is found by (personText):
// each field's analysed terms, in order, so words side by side in one
// field match as a phrase. A term is kept as its number in a dictionary
// the generations share (termDict), a uvarint of one to three bytes: as
// words, the text was 85-100 MB of the heap at 100,000 records, the
// largest part of the directory.

// fieldEnd ends each field of a person's text; terms are numbered from 1.
const fieldEnd = 0

// termDict numbers the terms of the people's text. It only grows, so a
// number names one term in every generation; the terms of people gone
// stay until a restart (a vocabulary, not a record count).
type termDict struct {
	mu    sync.RWMutex
	nums  map[string]uint32
	terms []string // by number - 1
}

func newTermDict() *termDict { return &termDict{nums: map[string]uint32{}} }

// number returns t's number, adding t when it has none.
func (d *termDict) number(t []byte) uint32 {
	d.mu.RLock()
	n, ok := d.nums[string(t)]
	d.mu.RUnlock()
	if ok {
		return n
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, ok := d.nums[string(t)]; ok {
		return n
	}
	s := string(t)
	d.terms = append(d.terms, s)
	n = uint32(len(d.terms))
	d.nums[s] = n
	return n
}

// lookup returns t's number, or 0 when no text has held t.
func (d *termDict) lookup(t string) uint32 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.nums[t]
}

// term returns the term numbered n.
func (d *termDict) term(n uint32) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.terms[n-1]
}

// textTerms yields the numbers of a person's text, fieldEnd included.
func textTerms(text string) iter.Seq[uint32] {
	return func(yield func(uint32) bool) {
		for len(text) > 0 {
			n, k := uvarint(text)
			if k <= 0 || !yield(uint32(n)) {
				return
			}
			text = text[k:]
		}
	}
}

// uvarint is binary.Uvarint of a string, without copying it into a
// []byte (FuzzUvarint holds it to the library's answers).
func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s); i++ {
		if i == binary.MaxVarintLen64 {
			return 0, -(i + 1) // overflow
		}
		b := s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -(i + 1) // overflow
			}
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// memoAnalyse returns a function analysing a text with an into its terms'
// numbers in d, each short text once: a session's title, event and year
// and the names of countries and roles recur across people. Longer texts,
// bios mostly, are each a person's own: remembering them held 50 MB until
// the directory's text was built, at 100,000 records.
func memoAnalyse(an analysis.Analyzer, d *termDict) func(string) string {
	analysed := map[string]string{}
	analyse := func(s string) string { return analyseText(an, d, s) }
	return func(s string) string {
		if len(s) > memoBytes {
			return analyse(s)
		}
		out, ok := analysed[s]
		if !ok {
			out = analyse(s)
			analysed[s] = out
		}
		return out
	}
}

// analyseText analyses s with an into its terms' numbers in d.
func analyseText(an analysis.Analyzer, d *termDict, s string) string {
	var b []byte
	for _, tok := range an.Analyze([]byte(s)) {
		b = binary.AppendUvarint(b, uint64(d.number(tok.Term)))
	}
	return string(b)
}

// memoBytes is the longest text memoAnalyse remembers: longer than most
// session titles.
const memoBytes = 200

// personText is the text a person is found by, each field through analyse
// (memoAnalyse: the index's text analyser, as the index analyses records:
// lower case, stop words out, stemmed, so queries fold plurals the same
// way), each field ended by fieldEnd, so words side by side in one field
// match as a phrase and never across two. It holds what a person's card
// shows: name, organisation, job, bio, expertise, languages, country and
// region by name, and the title, event, year and role of each session.
func personText(p *Person, analyse func(string) string) string {
	var b strings.Builder
	field := func(s string) {
		if s != "" {
			b.WriteString(analyse(s))
			b.WriteByte(fieldEnd)
		}
	}
	for _, s := range []string{p.Name, p.Organization, p.JobTitle} {
		field(s)
	}
	if p.bioText != "" {
		b.WriteString(p.bioText)
		b.WriteByte(fieldEnd)
	}
	for _, s := range []string{p.StakeholderGroup, p.Region} {
		field(s)
	}
	if c, ok := taxonomy.CountryByCode(p.Country); ok {
		field(c.Name)
	}
	for _, list := range [][]string{p.Expertise, p.Languages} {
		for _, s := range list {
			field(s)
		}
	}
	for _, s := range p.Sessions {
		field(s.Title)
		field(s.Event)
		field(s.Role)
		if s.Year > 0 {
			field(strconv.Itoa(s.Year))
		}
	}
	return b.String()
}
