package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.etcd.io/bbolt"
)

// Links are staff decisions about entity resolution: two things (records,
// or people named in records, see resolver.Ref) are the same entity (join)
// or are not (split). They are keyed by the ids of what they link, which
// the identity rules keep stable across re-imports, so a decision survives
// importing the sources again.
var bucketLinks = []byte("links") // a + 0x00 + b (a < b) -> link JSON

// LinkKind is a staff decision about two refs.
type LinkKind string

// Link kinds.
const (
	Join  LinkKind = "join"
	Split LinkKind = "split"
)

// Link is one staff decision.
type Link struct {
	A    string    `json:"a"`
	B    string    `json:"b"`
	Kind LinkKind  `json:"kind"`
	At   time.Time `json:"at"`
}

// ErrBadLink rejects a link of a ref with itself, an empty or malformed ref,
// or an unknown kind.
var ErrBadLink = errors.New("a link needs two different refs and a kind (join or split)")

func linkKey(a, b string) []byte {
	if b < a {
		a, b = b, a
	}
	return []byte(a + "\x00" + b)
}

// SetLink records a staff decision about refs a and b, replacing an earlier
// one about the same pair.
func (s *Store) SetLink(ctx context.Context, a, b string, kind LinkKind) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a == "" || b == "" || a == b || strings.ContainsRune(a+b, 0) || (kind != Join && kind != Split) {
		return fmt.Errorf("store: link %q %q: %w", a, b, ErrBadLink)
	}
	if b < a {
		a, b = b, a
	}
	buf, err := json.Marshal(Link{A: a, B: b, Kind: kind, At: now()})
	if err != nil {
		return err
	}
	err = s.db.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketLinks).Put(linkKey(a, b), buf) })
	if err != nil {
		return fmt.Errorf("store: link: %w", err)
	}
	return nil
}

// ClearLink removes the staff decision about a and b; ErrNotFound when
// there is none.
func (s *Store) ClearLink(ctx context.Context, a, b string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		lb := tx.Bucket(bucketLinks)
		if lb.Get(linkKey(a, b)) == nil {
			return ErrNotFound
		}
		return lb.Delete(linkKey(a, b))
	})
	if err != nil {
		return fmt.Errorf("store: unlink %q %q: %w", a, b, err)
	}
	return nil
}

// Links returns every staff decision, in key order.
func (s *Store) Links(ctx context.Context) ([]Link, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Link
	err := s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketLinks).ForEach(func(k, v []byte) error {
			var l Link
			if err := json.Unmarshal(v, &l); err != nil {
				return fmt.Errorf("decode link %q: %w", k, err)
			}
			out = append(out, l)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: links: %w", err)
	}
	return out, nil
}
