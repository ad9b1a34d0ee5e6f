package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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

// open opens the data dir with a logger to e.stderr, turning a lock held
// by a server into advice (still matching store.ErrLocked).
func (d dataFlags) open(ctx context.Context, e *env) (*catalog.Catalog, zerolog.Logger, error) {
	log, err := d.logger(e.stderr)
	if err != nil {
		return nil, log, err
	}
	c, err := catalog.Open(ctx, *d.dir, log)
	if errors.Is(err, store.ErrLocked) {
		return nil, log, fmt.Errorf("data dir %s is in use by another stocktake process (a running server?): "+
			"stop it first, or upload files to the server with POST /api/v1/import: %w", *d.dir, store.ErrLocked)
	}
	return c, log, err
}
