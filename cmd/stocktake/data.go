package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/store"
)

// defaultDataDir is used when neither --data nor STOCKTAKE_DATA is set.
const defaultDataDir = "stocktake-data"

// dataFlags are the flags every command that opens a data dir shares.
type dataFlags struct {
	dir      *string
	logLevel *string
}

func addDataFlags(fs *flag.FlagSet, e *env) dataFlags {
	def := e.getenv("STOCKTAKE_DATA")
	if def == "" {
		def = defaultDataDir
	}
	lvl := e.getenv("STOCKTAKE_LOG")
	if lvl == "" {
		lvl = "warn"
	}
	return dataFlags{
		dir:      fs.String("data", def, "data directory (env STOCKTAKE_DATA)"),
		logLevel: fs.String("log-level", lvl, "log level: debug, info, warn, error (env STOCKTAKE_LOG)"),
	}
}

// logger writes one JSON line per event to w; quiet (warn) by default.
func (d dataFlags) logger(w io.Writer) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(strings.ToLower(*d.logLevel))
	if err != nil || lvl == zerolog.NoLevel {
		return zerolog.Nop(), fmt.Errorf("%w: --log-level %q: want debug, info, warn or error", errUsage, *d.logLevel)
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Logger(), nil
}

// open opens the data dir with a logger to e.stderr, creating it when it
// does not exist: for the commands that write (serve, import). A lock held
// by another process becomes plain advice (still matching store.ErrLocked).
func (d dataFlags) open(ctx context.Context, e *env) (*catalog.Catalog, zerolog.Logger, error) {
	log, err := d.logger(e.stderr)
	if err != nil {
		return nil, log, err
	}
	c, err := catalog.Open(ctx, *d.dir, log)
	if errors.Is(err, store.ErrLocked) {
		return nil, log, d.locked()
	}
	return c, log, err
}

// openExisting opens a data dir that already holds a store, for the
// commands that read it: a mistyped --data must not answer "0 results"
// from an empty store made on the spot.
func (d dataFlags) openExisting(ctx context.Context, e *env) (*catalog.Catalog, zerolog.Logger, error) {
	if err := d.check(); err != nil {
		return nil, zerolog.Nop(), err
	}
	return d.open(ctx, e)
}

// errNoStore says a data dir holds no store.
var errNoStore = errors.New("no stocktake data")

// check fails when the data dir holds no store.
func (d dataFlags) check() error {
	_, err := os.Stat(filepath.Join(*d.dir, catalog.StoreFile))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w in %s (it has no %s): check --data or $STOCKTAKE_DATA; "+
			"`stocktake import --data DIR PATH...` or `stocktake serve --data DIR` creates a data dir", errNoStore, *d.dir, catalog.StoreFile)
	}
	if err != nil {
		return fmt.Errorf("data dir %s: %w", *d.dir, err)
	}
	return nil
}

// locked explains a data dir held by another process: the running server
// when it left its address in the data dir, else some other command.
func (d dataFlags) locked() error {
	if si, err := readServerInfo(*d.dir); err == nil {
		return fmt.Errorf("data dir %s is in use by the stocktake server at http://%s/ (pid %d): "+
			"stop the server first: %w", *d.dir, si.Addr, si.PID, store.ErrLocked)
	}
	return fmt.Errorf("data dir %s is in use by another stocktake process: wait for it to finish, or stop it: %w",
		*d.dir, store.ErrLocked)
}

// server returns the running server that owns the data dir, if any: the
// read commands then ask it instead of opening the locked store.
func (d dataFlags) server() (serverInfo, bool) {
	si, err := readServerInfo(*d.dir)
	return si, err == nil
}
