package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

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

// sourceScan is what the stored records of the sources of a Put say about
// it.
type sourceScan struct {
	// known: the store holds a record of that source that is not among
	// the records put: one of them added there is a new entity beside
	// others (PutResult.NewAtSource).
	known map[string]bool
	// reread are stored records that an earlier reading of the very same
	// file produced (same source, same file hash) and this reading does
	// not: the same document read by an older extractor or id rule. This
	// reading replaces them.
	reread []storedRecord
}

type storedRecord struct {
	rec record.Record
	raw []byte
}

// scanSources reads the stored records of the sources of recs; along are
// the ids of the rest of their file, stored in other transactions.
func scanSources(tx *bbolt.Tx, recs []record.Record, along map[string]bool) (sourceScan, error) {
	ids := make(map[string]bool, len(recs))
	hash := map[string]string{} // source key -> file hash of the records put
	for _, r := range recs {
		ids[r.ID] = true
		if sk := record.SourceKey(r); sk != "" && r.Source.SHA256 != "" {
			hash[sk] = r.Source.SHA256
		}
	}
	scan := sourceScan{known: map[string]bool{}}
	b := tx.Bucket(bucketRecords)
	c := tx.Bucket(bucketSources).Cursor()
	for _, r := range recs {
		sk := record.SourceKey(r)
		if _, done := scan.known[sk]; done || sk == "" {
			continue
		}
		scan.known[sk] = false
		prefix := append([]byte(sk), 0)
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id := string(k[len(prefix):])
			if ids[id] || along[id] {
				continue
			}
			raw := b.Get([]byte(id))
			var prev record.Record
			if raw == nil {
				continue
			}
			if err := json.Unmarshal(raw, &prev); err != nil {
				return scan, fmt.Errorf("decode %s: %w", id, err)
			}
			if h := hash[sk]; h != "" && prev.Source.SHA256 == h {
				scan.reread = append(scan.reread, storedRecord{rec: prev, raw: raw})
				continue
			}
			scan.known[sk] = true
		}
	}
	return scan, nil
}

// replaceReread archives and removes the records an earlier reading of the
// same files produced, marking them changed at seq. When the file gave one
// record, the old id becomes an alias of it, so links still lead there.
func replaceReread(tx *bbolt.Tx, recs []record.Record, scan sourceScan, seq uint64, now time.Time) ([]PutResult, error) {
	perSource := map[string][]string{}
	for _, r := range recs {
		sk := record.SourceKey(r)
		perSource[sk] = append(perSource[sk], r.ID)
	}
	var res []PutResult
	for _, old := range scan.reread {
		id := old.rec.ID
		if _, err := archive(tx, id, old.raw, ReasonReplaced, now); err != nil {
			return nil, err
		}
		if err := tx.Bucket(bucketRecords).Delete([]byte(id)); err != nil {
			return nil, err
		}
		if err := forgetSource(tx, old.rec); err != nil {
			return nil, err
		}
		if err := tx.Bucket(bucketChanges).Put([]byte(id), u64(seq)); err != nil {
			return nil, err
		}
		if to := perSource[record.SourceKey(old.rec)]; len(to) == 1 {
			if err := tx.Bucket(bucketAliases).Put([]byte(id), []byte(to[0])); err != nil {
				return nil, err
			}
		}
		res = append(res, PutResult{ID: id, Status: Replaced})
	}
	return res, nil
}
