package store

import (
	"bytes"

	"go.etcd.io/bbolt"

	"github.com/wsis-tools/stocktake/record"
)

// The sources bucket lists the stored records of each source (URL, else
// file name), so an import can say when it adds a different entity beside
// records already stored from the same source (record.SourceKey).
var bucketSources = []byte("sources") // source key + 0x00 + id -> empty

func sourceEntry(r record.Record) []byte {
	sk := record.SourceKey(r)
	if sk == "" {
		return nil
	}
	return append(append([]byte(sk), 0), r.ID...)
}

func noteSource(tx *bbolt.Tx, r record.Record) error {
	if k := sourceEntry(r); k != nil {
		return tx.Bucket(bucketSources).Put(k, nil)
	}
	return nil
}

func forgetSource(tx *bbolt.Tx, r record.Record) error {
	if k := sourceEntry(r); k != nil {
		return tx.Bucket(bucketSources).Delete(k)
	}
	return nil
}

// knownSources returns, for each source of recs, whether the store holds a
// record of that source that is not among recs: a record of recs added at
// such a source is a new entity beside others (PutResult.NewAtSource).
func knownSources(tx *bbolt.Tx, recs []record.Record) map[string]bool {
	ids := make(map[string]bool, len(recs))
	for _, r := range recs {
		ids[r.ID] = true
	}
	known := map[string]bool{}
	c := tx.Bucket(bucketSources).Cursor()
	for _, r := range recs {
		sk := record.SourceKey(r)
		if _, done := known[sk]; done || sk == "" {
			continue
		}
		known[sk] = false
		prefix := append([]byte(sk), 0)
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if !ids[string(k[len(prefix):])] {
				known[sk] = true
				break
			}
		}
	}
	return known
}
