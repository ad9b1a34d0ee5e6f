// Package resolver decides which records describe one real entity across
// sources: the same project in an organisation's press release, a nominee
// list and a winners list; the same woman as a profile and as a session
// speaker. It is pure: records in, clusters out, each merge with the
// evidence that made it. Staff decisions (Override) come in from the store;
// the resolver never reads or writes anything itself.
//
// Projects are compared by their normalised title (WSIS vocabulary in
// French, Spanish and Russian folded to one word, acronyms matched to the
// words they stand for), organisation and country; a news article that
// names one list entry in its lead joins that entry. People are compared by
// the person key of their name, corroborated by organisation, country or
// the session they spoke at; a distinctive name of three words or more
// needs no corroboration, only the absence of contradiction. Sessions are
// not clustered yet: each is its own cluster.
package resolver

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// Ref names one thing the resolver clusters: a record, or a person named in
// a record (a speaker or moderator of a session), by the person key of the
// name. Refs are built from record ids, which the identity rules keep
// stable across re-imports, so a staff override keyed by refs survives them.
type Ref struct {
	Record string
	Person string // taxonomy.PersonKey of the name; "" for the record itself
}

// personSep separates a record id from a person key in a ref's string form.
const personSep = "/person:"

// PersonRef is the ref of the person called name in record id.
func PersonRef(id, name string) Ref {
	return Ref{Record: id, Person: taxonomy.PersonKey(name)}
}

// String is "ID" for a record, "ID/person:KEY" for a person named in it.
func (r Ref) String() string {
	if r.Person == "" {
		return r.Record
	}
	return r.Record + personSep + r.Person
}

// cmpRefs orders refs as their strings (String) order, without building
// them.
func cmpRefs(a, b Ref) int {
	if a.Record == b.Record {
		return strings.Compare(a.Person, b.Person) // "" (the record) first
	}
	as, bs := refParts(a), refParts(b)
	var ai, aj, bi, bj int // part and byte in it
	for {
		for ai < len(as) && aj == len(as[ai]) {
			ai, aj = ai+1, 0
		}
		for bi < len(bs) && bj == len(bs[bi]) {
			bi, bj = bi+1, 0
		}
		switch {
		case ai == len(as) && bi == len(bs):
			return 0
		case ai == len(as):
			return -1
		case bi == len(bs):
			return 1
		}
		if x, y := as[ai][aj], bs[bi][bj]; x != y {
			return int(x) - int(y)
		}
		aj, bj = aj+1, bj+1
	}
}

// refParts is the pieces of r's string form.
func refParts(r Ref) [3]string {
	if r.Person == "" {
		return [3]string{r.Record}
	}
	return [3]string{r.Record, personSep, r.Person}
}

// ErrBadRef rejects a ref string that names no record.
var ErrBadRef = errors.New("a ref is a record id, or a record id followed by /person: and a name")

// ParseRef reads the string form of a ref. The person part may be a person
// key, as String writes it, or a name in any spelling, which is turned into
// its person key.
func ParseRef(s string) (Ref, error) {
	id, person, hasPerson := strings.Cut(strings.TrimSpace(s), personSep)
	if id == "" || !utf8.ValidString(s) || strings.ContainsAny(id, " \t\r\n/\x00") {
		return Ref{}, ErrBadRef
	}
	r := Ref{Record: id}
	if hasPerson {
		r.Person = person
		if !isKey(person) {
			r.Person = taxonomy.PersonKey(person)
		}
		if r.Person == "" {
			return Ref{}, ErrBadRef
		}
	}
	return r, nil
}

// isKey reports whether s has the form of a person key: lower-case words of
// letters and digits, sorted, one space apart. Such a string is kept as it
// is, so a ref's string form always reads back as the same ref.
func isKey(s string) bool {
	ws := strings.Split(s, " ")
	for i, w := range ws {
		if w == "" || (i > 0 && ws[i-1] > w) {
			return false
		}
		for _, r := range w {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.IsUpper(r) {
				return false
			}
		}
	}
	return true
}

// MarshalText writes the string form, so refs are strings in JSON.
func (r Ref) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads the string form (ParseRef).
func (r *Ref) UnmarshalText(b []byte) error {
	v, err := ParseRef(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
