package record

import (
	"strconv"

	"github.com/wsis-tools/stocktake/taxonomy"
)

// The identity rules (docs/ARCHITECTURE.md, "Record identity") say when two
// imported records are the same stored entity, so that an import replaces a
// record only with a newer version of itself:
//
//   - a record's id hashes its kind, its source (SourceKey) and its own key
//     within that source (EntityKey);
//   - a person's own key is the person key of the name, never the job title
//     or the organisation, which change while the person stays;
//   - a document that holds one record is keyed by its title: two different
//     documents published at one URL are two records;
//   - an entry of a list (a file or page holding several records) is keyed by
//     its title and organisation, or by a key the format gives it (an id
//     column, its own URL), set by the format package;
//   - two entries of one file that would still share an id are told apart by
//     their order among the entries sharing it (Disambiguate).

// SourceKey names the document a record came from: its URL when known,
// else the base name of the file it was imported from.
func SourceKey(r Record) string {
	if r.Source.URL != "" {
		return r.Source.URL
	}
	return r.Source.File
}

// EntityKey is what tells r apart from the other entities of its source. A
// list entry (one of several records of one file) adds its organisation to
// its title, as two projects of a prize list may share a title.
func EntityKey(r Record, listEntry bool) string {
	if r.Kind == KindPerson {
		name := r.Name
		if name == "" {
			name = r.Title
		}
		return "person:" + taxonomy.PersonKey(name)
	}
	if listEntry {
		return r.Title + "#" + r.Organization
	}
	return r.Title
}

// IdentityID is the id the identity rules give r.
func IdentityID(r Record, listEntry bool) string {
	return MakeID(r.Kind, SourceKey(r)+"#"+EntityKey(r, listEntry))
}

// Disambiguate gives every record of one file a distinct id: the second and
// later records holding an id already taken in recs get an id derived from
// it and their rank among the records sharing it. Records are left in
// order, so re-importing an unchanged file yields the same ids.
func Disambiguate(recs []Record) {
	taken := make(map[string]bool, len(recs))
	for i := range recs {
		taken[recs[i].ID] = true
	}
	seen := make(map[string]int, len(recs))
	for i := range recs {
		id := recs[i].ID
		seen[id]++
		if seen[id] == 1 {
			continue
		}
		for n := seen[id]; ; n++ {
			alt := MakeID(recs[i].Kind, id+"#"+strconv.Itoa(n))
			if !taken[alt] {
				recs[i].ID, taken[alt] = alt, true
				break
			}
		}
	}
}
