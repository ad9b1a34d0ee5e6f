package indexer

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"go.etcd.io/bbolt"
)

// The views are persisted as their rows, in a bbolt file of their own
// beside the Bleve index: one transaction per applied batch writes the
// batch's rows and the generation, so after a crash the file holds whole
// batches and says which store sequence they reach. On start the rows are
// decoded and the bitmaps and directory rebuilt in memory, without reading
// the store. The records' compact parts for the entity resolver stay in the
// file: only a resolve reads them (viewStore.entities).

var (
	bucketRows = []byte("rows")     // doc number (4 bytes) -> encoded row
	bucketEnts = []byte("entities") // doc number -> resolver.AppendCompact
	bucketMeta = []byte("meta")
	keyGen     = []byte("gen")
	keyFormat  = []byte("format")
)

type viewStore struct {
	db *bbolt.DB
}

// openViewStore opens (create: creates) the views file.
func openViewStore(path string, create bool) (*viewStore, error) {
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second, FreelistType: bbolt.FreelistMapType})
	if err != nil {
		return nil, fmt.Errorf("indexer: views %s: %w", path, err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil && !create {
			return errors.New("no views in the file")
		}
		for _, b := range [][]byte{bucketRows, bucketEnts, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta = tx.Bucket(bucketMeta)
		if create {
			return meta.Put(keyFormat, u64(rowFormat*1000+MappingVersion))
		}
		if f := meta.Get(keyFormat); len(f) != 8 || binary.BigEndian.Uint64(f) != rowFormat*1000+MappingVersion {
			return fmt.Errorf("views format %x, want %d", f, rowFormat*1000+MappingVersion)
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("indexer: views %s: %w", path, err)
	}
	return &viewStore{db: db}, nil
}

func (v *viewStore) close() error { return v.db.Close() }

// load reads the generation and the rows by doc number (nil for gaps).
func (v *viewStore) load() (uint64, []*row, error) {
	var gen uint64
	var rows []*row
	intern := map[string]string{}
	err := v.db.View(func(tx *bbolt.Tx) error {
		gen = readU64(tx.Bucket(bucketMeta).Get(keyGen))
		rb := tx.Bucket(bucketRows)
		rows = make([]*row, 0, rb.Stats().KeyN)
		return rb.ForEach(func(k, val []byte) error {
			if len(k) != 4 {
				return fmt.Errorf("bad row key %x", k)
			}
			n := int(binary.BigEndian.Uint32(k))
			r, err := decodeRow(val, intern)
			if err != nil {
				return err
			}
			for len(rows) <= n {
				rows = append(rows, nil)
			}
			rows[n] = &r
			return nil
		})
	})
	if err != nil {
		return 0, nil, fmt.Errorf("indexer: load views: %w", err)
	}
	return gen, rows, nil
}

// save writes the changed rows (nil: removed), encoded (encs, by record
// id: encodeRow), with their compact records (ents, by record id), and the
// generation, in one transaction.
func (v *viewStore) save(gen uint64, rows map[uint32]*row, encs, ents map[string][]byte) error {
	err := v.db.Update(func(tx *bbolt.Tx) error {
		rb, eb := tx.Bucket(bucketRows), tx.Bucket(bucketEnts)
		key := make([]byte, 4)
		// In key order: new records get rising numbers, appended to the trees.
		for _, n := range slices.Sorted(maps.Keys(rows)) {
			r := rows[n]
			binary.BigEndian.PutUint32(key, n)
			if r == nil {
				if err := errors.Join(rb.Delete(key), eb.Delete(key)); err != nil {
					return err
				}
				continue
			}
			enc, okEnc := encs[r.id]
			ent, okEnt := ents[r.id]
			if !okEnc || !okEnt {
				return fmt.Errorf("no encoded row or compact record for %s", r.id)
			}
			if err := errors.Join(rb.Put(key, enc), eb.Put(key, ent)); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyGen, u64(gen))
	})
	if err != nil {
		return fmt.Errorf("indexer: save views: %w", err)
	}
	return nil
}

// entityChunk is how many compact records entities reads per read
// transaction: a resolve takes seconds, and a transaction open that long
// would hold up a writer that must grow the file.
const entityChunk = 1000

// entities calls fn with the compact record of each of docs, in their
// order (nil for a doc the file lacks), until fn returns false. ent is
// valid only during the call. The records are read a chunk per
// transaction, so a batch saved meanwhile may show in the later chunks:
// the caller checks what it reads against its rows (resolveRows).
func (v *viewStore) entities(ctx context.Context, docs []uint32, fn func(n uint32, ent []byte) bool) error {
	key := make([]byte, 4)
	for len(docs) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := docs[:min(entityChunk, len(docs))]
		docs = docs[len(chunk):]
		more := true
		err := v.db.View(func(tx *bbolt.Tx) error {
			eb := tx.Bucket(bucketEnts)
			for _, n := range chunk {
				binary.BigEndian.PutUint32(key, n)
				if more = fn(n, eb.Get(key)); !more {
					return nil
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("indexer: read entities: %w", err)
		}
		if !more {
			return nil
		}
	}
	return nil
}

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

func readU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
