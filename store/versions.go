package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wsis-tools/stocktake/record"
)

// Nothing stored is lost by an import, a delete or a restore: the version a
// write replaces is first copied to the versions bucket, in the same
// transaction, so a kill at any moment leaves either the old state or the
// new state with the old one archived. Deleting archives the record and
// leaves a tombstone, so imports do not bring it back until it is restored.

var (
	// versions holds one nested bucket per record id: version number (8
	// bytes, from the nested bucket's sequence) -> archived version JSON.
	bucketVersions = []byte("versions")
	// deleted holds the ids deleted on purpose: id -> version number of the
	// archived record.
	bucketDeleted = []byte("deleted")
)

// MaxVersions is how many archived versions are kept per record; older ones
// are dropped when a newer is archived. An import that changes a record
// every day keeps the last seven weeks of it.
const MaxVersions = 50

// ErrNoVersion is returned by Restore for a version the record does not have.
var ErrNoVersion = errors.New("no such version")

// Reason says why a version stopped being the current one.
type Reason string

// Reasons of archived versions.
const (
	ReasonUpdated  Reason = "updated"  // an import replaced it
	ReasonDeleted  Reason = "deleted"  // Delete removed it
	ReasonRestored Reason = "restored" // Restore put an older version in its place
	ReasonReplaced Reason = "replaced" // a new reading of the same file no longer gave it
)

// Version is an archived state of a record.
type Version struct {
	N      uint64        `json:"version"`
	Saved  time.Time     `json:"saved"` // when it stopped being current
	Reason Reason        `json:"reason"`
	Record record.Record `json:"record"`
}

// storedVersion is a Version as stored: the record as its original bytes.
type storedVersion struct {
	Saved  time.Time       `json:"saved"`
	Reason Reason          `json:"reason"`
	Record json.RawMessage `json:"record"`
}

// History is what the store holds of one id.
type History struct {
	ID       string         `json:"id"`
	Current  *record.Record `json:"current,omitempty"` // nil when deleted
	Deleted  bool           `json:"deleted"`
	Versions []Version      `json:"versions"` // newest first
}

// archive copies the stored bytes of id, about to be replaced or removed,
// into its version bucket and returns the version number.
func archive(tx *bbolt.Tx, id string, old []byte, why Reason, now time.Time) (uint64, error) {
	vb, err := tx.Bucket(bucketVersions).CreateBucketIfNotExists([]byte(id))
	if err != nil {
		return 0, err
	}
	n, err := vb.NextSequence()
	if err != nil {
		return 0, err
	}
	buf, err := json.Marshal(storedVersion{Saved: now, Reason: why, Record: old})
	if err != nil {
		return 0, err
	}
	if err := vb.Put(u64(n), buf); err != nil {
		return 0, err
	}
	// Drop the oldest beyond MaxVersions. The cursor walks oldest first.
	c := vb.Cursor()
	excess := -MaxVersions
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		excess++
	}
	for k, _ := c.First(); k != nil && excess > 0; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return 0, err
		}
		excess--
	}
	return n, nil
}

// isDeleted reports whether id was deleted on purpose and not restored.
func isDeleted(tx *bbolt.Tx, id string) bool {
	return tx.Bucket(bucketDeleted).Get([]byte(id)) != nil
}

// History returns the current record of id and its archived versions,
// newest first; ErrNotFound when the store never held id.
func (s *Store) History(ctx context.Context, id string) (History, error) {
	h := History{ID: id}
	if err := ctx.Err(); err != nil {
		return h, err
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		if cur := tx.Bucket(bucketRecords).Get([]byte(id)); cur != nil {
			h.Current = new(record.Record)
			if err := json.Unmarshal(cur, h.Current); err != nil {
				return fmt.Errorf("decode %s: %w", id, err)
			}
		}
		h.Deleted = isDeleted(tx, id)
		vb := tx.Bucket(bucketVersions).Bucket([]byte(id))
		if vb == nil {
			return nil
		}
		c := vb.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			ver, err := decodeVersion(k, v)
			if err != nil {
				return fmt.Errorf("decode %s version %d: %w", id, readU64(k), err)
			}
			h.Versions = append(h.Versions, ver)
		}
		return nil
	})
	if err == nil && h.Current == nil && len(h.Versions) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return h, fmt.Errorf("store: history %q: %w", id, err)
	}
	return h, nil
}

func decodeVersion(k, v []byte) (Version, error) {
	var sv storedVersion
	if err := json.Unmarshal(v, &sv); err != nil {
		return Version{}, err
	}
	ver := Version{N: readU64(k), Saved: sv.Saved, Reason: sv.Reason}
	return ver, json.Unmarshal(sv.Record, &ver.Record)
}

// Delete removes the record id from the store, keeping it as an archived
// version and a tombstone: later imports leave it deleted (PutResult
// KeptDeleted) until Restore brings a version back. It returns the number of
// the version holding the deleted record.
func (s *Store) Delete(ctx context.Context, id string) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n uint64
	err := s.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketRecords)
		cur := b.Get([]byte(id))
		if cur == nil {
			return ErrNotFound
		}
		var r record.Record
		if err := json.Unmarshal(cur, &r); err != nil {
			return fmt.Errorf("decode %s: %w", id, err)
		}
		var err error
		if n, err = archive(tx, id, cur, ReasonDeleted, now()); err != nil {
			return err
		}
		if err := tx.Bucket(bucketDeleted).Put([]byte(id), u64(n)); err != nil {
			return err
		}
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
		if err := forgetSource(tx, r); err != nil {
			return err
		}
		return bumpChange(tx, id)
	})
	if err != nil {
		return 0, fmt.Errorf("store: delete %q: %w", id, err)
	}
	return n, nil
}

// Restore makes archived version n of id the current record again, archiving
// the current one (if any) and lifting a deletion. Restoring a version equal
// to the current record changes nothing. It returns the restored record.
func (s *Store) Restore(ctx context.Context, id string, n uint64) (record.Record, error) {
	var r record.Record
	if err := ctx.Err(); err != nil {
		return r, err
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		vb := tx.Bucket(bucketVersions).Bucket([]byte(id))
		var v []byte
		if vb != nil {
			v = vb.Get(u64(n))
		}
		if vb == nil && tx.Bucket(bucketRecords).Get([]byte(id)) == nil {
			return ErrNotFound
		}
		if v == nil {
			return fmt.Errorf("version %d: %w", n, ErrNoVersion)
		}
		ver, err := decodeVersion(u64(n), v)
		if err != nil {
			return fmt.Errorf("decode version %d: %w", n, err)
		}
		r = ver.Record
		r.ID = id // a version archived before a migration may carry the old id
		buf, err := json.Marshal(r)
		if err != nil {
			return err
		}
		b := tx.Bucket(bucketRecords)
		cur := b.Get([]byte(id))
		wasDeleted := isDeleted(tx, id)
		if bytes.Equal(cur, buf) && !wasDeleted {
			return nil
		}
		if cur != nil {
			if _, err := archive(tx, id, cur, ReasonRestored, now()); err != nil {
				return err
			}
			var prev record.Record
			if err := json.Unmarshal(cur, &prev); err == nil {
				if err := forgetSource(tx, prev); err != nil {
					return err
				}
			}
		}
		if err := tx.Bucket(bucketDeleted).Delete([]byte(id)); err != nil {
			return err
		}
		if err := b.Put([]byte(id), buf); err != nil {
			return err
		}
		if err := noteSource(tx, r); err != nil {
			return err
		}
		return bumpChange(tx, id)
	})
	if err != nil {
		return record.Record{}, fmt.Errorf("store: restore %q: %w", id, err)
	}
	return r, nil
}

// bumpChange takes the next sequence number and records ids as changed by
// it, so the index catches up with the change. Call it once per
// transaction.
func bumpChange(tx *bbolt.Tx, ids ...string) error {
	meta := tx.Bucket(bucketMeta)
	seq := readU64(meta.Get(keySeq)) + 1
	if err := meta.Put(keySeq, u64(seq)); err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.Bucket(bucketChanges).Put([]byte(id), u64(seq)); err != nil {
			return err
		}
	}
	return nil
}

// now is the time stamp of archived versions, in the precision of ImportedAt.
func now() time.Time { return time.Now().UTC().Truncate(time.Second) }
