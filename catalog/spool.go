package catalog

import (
	"fmt"
	"os"
	"path/filepath"
)

// SpoolDir is the folder of a data dir where a server keeps uploads until
// they are imported. It is on the same disk as the store, so a full disk
// shows in one place, and it is emptied whenever the data dir is opened:
// only the process holding the store's lock writes there, so whatever is
// found on open was left by a process that was killed.
const SpoolDir = "spool"

// Spool returns the data dir's upload spool folder.
func (c *Catalog) Spool() string { return filepath.Join(c.dir, SpoolDir) }

// sweepSpool empties the spool folder and recreates it, owner-only.
func (c *Catalog) sweepSpool() error {
	entries, err := os.ReadDir(c.Spool())
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("catalog: %w", err)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(c.Spool(), e.Name())); err != nil {
			return fmt.Errorf("catalog: sweep upload spool: %w", err)
		}
	}
	if len(entries) > 0 {
		c.log.Info().Int("left", len(entries)).Msg("removed uploads left in the spool by a process that stopped")
	}
	if err := os.MkdirAll(c.Spool(), 0o700); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	return nil
}
