package indexer

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"github.com/wsis-tools/stocktake/store"
)

// Verify checks the files of the index in dir before Open maps them: each
// segment against the CRC-32 its writer put in its last four bytes, and
// Bleve's bbolt file and the views' as the store checks its file. Bleve
// trusts both: a damaged segment panics in a search or in a background
// merge, where nothing can recover it. A missing dir is not an error (Open
// reports ErrStale for it); a damaged file gives ErrStale, so the catalog
// rebuilds. The cost is one read of the index, linear in its size.
func Verify(dir string) error {
	segs, err := filepath.Glob(filepath.Join(dir, textDir, "store", "*.zap"))
	if err != nil {
		return fmt.Errorf("indexer: %w", err)
	}
	for _, seg := range segs {
		if err := verifySegment(seg); err != nil {
			return fmt.Errorf("indexer: segment %s: %w: %w", filepath.Base(seg), ErrStale, err)
		}
	}
	for _, f := range []string{filepath.Join(dir, textDir, "store", "root.bolt"), filepath.Join(dir, viewsFile)} {
		if err := store.CheckFile(f); err != nil {
			return fmt.Errorf("indexer: %w: %w", ErrStale, err)
		}
	}
	return nil
}

// verifySegment compares a segment's content with the CRC-32 (IEEE) of
// everything before its last four bytes, where zap writes it.
func verifySegment(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() < 4 {
		return fmt.Errorf("%d bytes, too short", fi.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.LimitReader(f, fi.Size()-4)); err != nil {
		return err
	}
	var want [4]byte
	if _, err := io.ReadFull(f, want[:]); err != nil {
		return err
	}
	if got := h.Sum32(); got != binary.BigEndian.Uint32(want[:]) {
		return fmt.Errorf("checksum %08x, want %08x (damaged)", got, binary.BigEndian.Uint32(want[:]))
	}
	return nil
}
