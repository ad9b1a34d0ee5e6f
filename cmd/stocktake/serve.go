package main

import (
	"context"
	"fmt"
	"net"

	"github.com/wsis-tools/stocktake"
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
	log, err := df.logger(e.stderr)
	if err != nil {
		return err
	}
	cat, err := df.open(ctx, log)
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
	h := web.New(web.Config{Search: search.New(cat.Index(), cat.Store()), Records: cat.Store(), Logger: log})
	return web.Run(ctx, *addr, h, log, func(a net.Addr) {
		fmt.Fprintf(e.stderr, "stocktake: serving %s on http://%s/ (Ctrl-C to stop)\n", *df.dir, a)
	})
}
