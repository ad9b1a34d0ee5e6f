package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// MarkerFile is written into a data dir once its store holds data. A data
// dir with the marker whose store file is missing, empty or new has lost
// its store: Open refuses it rather than start empty, or load the demo
// corpus over the place where the user's data was.
const MarkerFile = "stocktake.marker"

// ErrStoreLost is returned by Open for a data dir whose marker says its
// store held data, when the store file is missing, empty, or holds nothing.
var ErrStoreLost = errors.New("the store of this data dir is missing or empty, but it held data")

// marker is the content of MarkerFile; it is for people reading it.
type marker struct {
	Since time.Time `json:"since"`
	Note  string    `json:"note"`
}

// readMarker reports whether dir has a marker, and since when.
func readMarker(dir string) (bool, time.Time, error) {
	b, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, time.Time{}, nil
	}
	if err != nil {
		return false, time.Time{}, fmt.Errorf("catalog: %w", err)
	}
	var m marker
	_ = json.Unmarshal(b, &m) // an unreadable marker still marks the dir
	return true, m.Since, nil
}

// lostStore describes a missing or empty store of a dir that held data.
func lostStore(dir, what string, since time.Time) error {
	when := ""
	if !since.IsZero() {
		when = " since " + since.Format(time.DateOnly)
	}
	return fmt.Errorf("%w: %s is %s, but %s says the data dir held records%s; "+
		"restore %s from a backup, or delete %s to start over with an empty data dir",
		ErrStoreLost, filepath.Join(dir, StoreFile), what, MarkerFile, when, StoreFile, filepath.Join(dir, MarkerFile))
}

// checkStoreFile refuses a missing or empty store file in a marked dir,
// before bbolt would create a new one in its place.
func checkStoreFile(dir string) error {
	held, since, err := readMarker(dir)
	if err != nil || !held {
		return err
	}
	fi, err := os.Stat(filepath.Join(dir, StoreFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return lostStore(dir, "missing", since)
	case err != nil:
		return fmt.Errorf("catalog: %w", err)
	case fi.Size() == 0:
		return lostStore(dir, "empty (0 bytes)", since)
	}
	return nil
}

// checkHeld compares the open store with the marker: a store that was
// never written in a marked dir was put in place of the real one; a store
// holding data in an unmarked dir (made before the marker existed) gets
// its marker now.
func (c *Catalog) checkHeld(ctx context.Context) error {
	held, since, err := readMarker(c.dir)
	if err != nil {
		return err
	}
	seq, err := c.st.Seq(ctx)
	if err != nil {
		return err
	}
	switch {
	case held && seq == 0:
		return lostStore(c.dir, "a new, empty store", since)
	case !held && seq > 0:
		return c.mark()
	}
	c.marked = held
	return nil
}

// mark writes the marker once the store holds data.
func (c *Catalog) mark() error {
	if c.marked {
		return nil
	}
	b, err := json.MarshalIndent(marker{Since: time.Now().UTC().Truncate(time.Second),
		Note: "This data dir holds records. stocktake refuses to start on it if " + StoreFile + " goes missing or empty."}, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileSync(filepath.Join(c.dir, MarkerFile), append(b, '\n')); err != nil {
		return fmt.Errorf("catalog: write %s: %w", MarkerFile, err)
	}
	c.marked = true
	return nil
}

// writeFileSync writes a small file and flushes it to disk, so the marker
// is there before anything depends on it.
func writeFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
