package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"

	"github.com/wsis-tools/stocktake"
	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/web"
)

// runServe opens the data dir (loading the demo corpus into an empty one)
// and serves the site until SIGINT or SIGTERM.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[--data DIR] [--addr :8080] [--no-demo]")
	df := addDataFlags(fs, e)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (use :8080 to listen on every interface)")
	noDemo := fs.Bool("no-demo", false, "do not load the demo corpus into an empty data dir")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if token := e.getenv("STOCKTAKE_STAFF_TOKEN"); token != "" {
		if err := web.CheckToken(token); err != nil {
			return fmt.Errorf("%w: STOCKTAKE_STAFF_TOKEN: %w", errUsage, err)
		}
	}
	// Bind first: a bad or taken address fails before the demo is loaded.
	ln, err := web.Listen(ctx, *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	cat, log, err := df.open(ctx, e)
	if err != nil {
		return err
	}
	defer cat.Close()
	if !*noDemo {
		loaded, err := cat.LoadDemo(ctx, stocktake.DemoFS())
		if err != nil {
			return fmt.Errorf("load demo corpus: %w", err)
		}
		if loaded {
			fmt.Fprintf(e.stderr, "stocktake: empty data dir %s: loaded the demo corpus\n", *df.dir)
		}
	}
	// The staff token signs staff in; without one, sign-in is off. The
	// hand-off token, new at each start, only lets `stocktake import` on
	// this machine hand files over (it reads it from DATA/server.json):
	// the file never holds the staff token.
	token, handoff := e.getenv("STOCKTAKE_STAFF_TOKEN"), randomToken()
	// Imports run under their own context: on shutdown the server stops
	// taking requests first (within about two seconds), then running
	// imports are cancelled (each file is stored whole or not at all; a
	// parse in progress is abandoned at once) and waited for before the
	// store closes.
	importCtx, cancelImports := context.WithCancel(context.WithoutCancel(ctx))
	imp := &trackedImporter{cat: cat}
	svc := search.New(cat.Index(), cat.Store())
	h := web.New(web.Config{Search: svc, Records: cat.Store(), Logger: log,
		StaffToken: token, HandoffToken: handoff, Importer: imp, ImportContext: importCtx, Versions: cat, Links: cat, SpoolDir: cat.Spool(), Writes: cat})
	err = web.Serve(ctx, ln, h, log, func(a net.Addr) {
		if err := writeServerInfo(*df.dir, a, handoff); err != nil {
			log.Warn().Err(err).Msg("cannot write server.json: `stocktake import` will not hand files over")
		}
		fmt.Fprintf(e.stderr, "stocktake: serving %s on http://%s/ (Ctrl-C to stop)\n", *df.dir, a)
	})
	cancelImports()
	imp.close()
	_ = os.Remove(filepath.Join(*df.dir, serverFile))
	return err
}

// trackedImporter lets serve wait for background imports before closing
// the catalog under them, and refuses new ones once closing began.
type trackedImporter struct {
	cat    *catalog.Catalog
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func (t *trackedImporter) ImportReader(ctx context.Context, name string, r io.Reader, opt catalog.ImportOptions) (catalog.FileResult, error) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return catalog.FileResult{}, fmt.Errorf("import %s: %w", name, context.Canceled)
	}
	t.wg.Add(1)
	t.mu.Unlock()
	defer t.wg.Done()
	return t.cat.ImportReader(ctx, name, r, opt)
}

// WaitSearchable waits for the full text of what was imported.
func (t *trackedImporter) WaitSearchable(ctx context.Context, progress func(left int)) error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return context.Canceled
	}
	t.wg.Add(1)
	t.mu.Unlock()
	defer t.wg.Done()
	return t.cat.WaitSearchable(ctx, progress)
}

// close waits for the imports under way and refuses later ones.
func (t *trackedImporter) close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.wg.Wait()
}
