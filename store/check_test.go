package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/wsis-tools/stocktake/record"
)

// filled writes n records of about 2 KiB into a new store and closes it.
func filled(t *testing.T, n int) string {
	t.Helper()
	s, path := open(t)
	recs := make([]record.Record, n)
	for i := range recs {
		recs[i] = record.Record{ID: fmt.Sprintf("p%05d", i), Kind: record.KindProject,
			Title: fmt.Sprintf("Project %d", i), Body: strings.Repeat(fmt.Sprintf("marker-%05d ", i), 170)}
	}
	if _, err := s.Put(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// usedSize is the size the pages of the store at path need.
func usedSize(t *testing.T, path string) int64 {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin(false)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	return tx.Size()
}

// TestOpenRefusesDamagedFiles damages a store the ways a disk or a person
// does. Before the check, the truncated file crashed the process with
// SIGBUS or SIGSEGV on first use, and garbage in a page panicked.
func TestOpenRefusesDamagedFiles(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"cut to half of its pages", func(t *testing.T, path string) {
			if err := os.Truncate(path, usedSize(t, path)/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"cut to 100 bytes", func(t *testing.T, path string) {
			if err := os.Truncate(path, 100); err != nil {
				t.Fatal(err)
			}
		}},
		{"4 KiB of random bytes over records", func(t *testing.T, path string) {
			overwrite(t, path, "marker-01000", randomBytes(4096))
		}},
		{"a record value overwritten", func(t *testing.T, path string) {
			overwrite(t, path, "marker-00500", bytes.Repeat([]byte(`"}`), 32))
		}},
		{"not a bbolt file", func(t *testing.T, path string) {
			if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 4096), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filled(t, 2000)
			tt.damage(t, path)
			before, _ := os.ReadFile(path)
			s, err := Open(context.Background(), path)
			if err == nil {
				s.Close()
			}
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("Open = %v, want ErrDamaged", err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("Open changed the damaged file; a backup could no longer be compared with it")
			}
		})
	}
}

func TestOpenAcceptsSoundFiles(t *testing.T) {
	path := filled(t, 2000)
	// One damaged meta page is what a crash during a commit leaves: bbolt
	// falls back on the other one, and so does the check.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(randomBytes(64), 32); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.Count(context.Background()); n == 0 {
		t.Error("records lost")
	}
}

// overwrite writes b over the file at the page holding the first
// occurrence of marker.
func overwrite(t *testing.T, path, marker string, b []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, []byte(marker))
	if at < 0 {
		t.Fatalf("%s not in the file", marker)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, int64(at)); err != nil {
		t.Fatal(err)
	}
}

func randomBytes(n int) []byte {
	rng := rand.New(rand.NewPCG(15, 6))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}
