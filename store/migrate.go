package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/wsis-tools/stocktake/record"
)

// Schema versions:
//
//	1  records, changes, meta.
//	2  + versions, deleted, sources, links, aliases; ids by the identity
//	   rules of record.IdentityID. Opening a version 1 file migrates it in
//	   one transaction (migrateV1).
//
// aliases maps an id that no longer exists to the one that took its place:
// moved by the migration, or replaced by a new reading of its file.
var bucketAliases = []byte("aliases") // old id -> id now

// buckets are created on Open.
var buckets = [][]byte{bucketRecords, bucketChanges, bucketMeta, bucketVersions, bucketDeleted, bucketSources, bucketLinks, bucketAliases}

// upgrade brings the schema of an open file to SchemaVersion.
func upgrade(tx *bbolt.Tx) error {
	for _, b := range buckets {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bucketMeta)
	v := meta.Get(keySchema)
	if v == nil {
		return meta.Put(keySchema, u64(SchemaVersion))
	}
	got := binary.BigEndian.Uint64(v)
	if got > SchemaVersion {
		return fmt.Errorf("schema version %d is newer than this stocktake (%d)", got, SchemaVersion)
	}
	if got < 2 {
		if err := migrateV1(tx); err != nil {
			return fmt.Errorf("migrate schema 1 to 2: %w", err)
		}
	}
	return meta.Put(keySchema, u64(SchemaVersion))
}

// migrateV1 gives stored records the ids of the identity rules where the old
// rules got them wrong, and fills the sources bucket.
//
// Version 1 keyed a one-record document by its source URL alone (or the
// file's sha256), so two documents at one URL replaced each other, and a
// person of a list by file + title + organisation, where a person's title is
// the job title, so two directors of one organisation were one record. Such
// ids are recognised by recomputing the old rule from the stored fields;
// every other id (list entries of projects, id columns, listing entries)
// is the same under both rules and stays. A moved record leaves an alias,
// so old links still find it, and is marked changed so the index follows.
func migrateV1(tx *bbolt.Tx) error {
	b := tx.Bucket(bucketRecords)
	moves := map[string]record.Record{} // old id -> record with its new id
	claimed := map[string]bool{}
	err := b.ForEach(func(k, v []byte) error {
		var r record.Record
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode %s: %w", k, err)
		}
		next := v2ID(r)
		if next == r.ID || claimed[next] || b.Get([]byte(next)) != nil {
			return nil // already right, or the new id is taken: keep the old one
		}
		claimed[next] = true
		r.ID = next
		moves[string(k)] = r
		return nil
	})
	if err != nil {
		return err
	}
	var changed []string
	for old, r := range moves {
		buf, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if err := b.Delete([]byte(old)); err != nil {
			return err
		}
		if err := b.Put([]byte(r.ID), buf); err != nil {
			return err
		}
		if err := tx.Bucket(bucketAliases).Put([]byte(old), []byte(r.ID)); err != nil {
			return err
		}
		changed = append(changed, old, r.ID)
	}
	if len(changed) > 0 {
		if err := bumpChange(tx, changed...); err != nil {
			return err
		}
	}
	return b.ForEach(func(_, v []byte) error {
		var r record.Record
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		return noteSource(tx, r)
	})
}

// v2ID is the id of a record stored by schema 1 under the identity rules.
func v2ID(r record.Record) string {
	single := r.Source.URL
	if single == "" {
		single = r.Source.SHA256
	}
	switch {
	case single != "" && r.ID == record.MakeID(r.Kind, single):
		return record.IdentityID(r, false)
	case r.Kind == record.KindPerson && r.ID == record.MakeID(r.Kind, record.SourceKey(r)+"#"+r.Title+"#"+r.Organization):
		return record.IdentityID(r, true)
	}
	return r.ID
}

// Renamed returns the id that took the place of id: the schema migration
// gave the record a new one, or a new reading of its one-record file did.
// Links to the old id still lead somewhere.
func (s *Store) Renamed(ctx context.Context, id string) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	var to string
	err := s.db.View(func(tx *bbolt.Tx) error {
		to = string(tx.Bucket(bucketAliases).Get([]byte(id)))
		return nil
	})
	if err != nil {
		return "", false, fmt.Errorf("store: alias: %w", err)
	}
	return to, to != "", nil
}
