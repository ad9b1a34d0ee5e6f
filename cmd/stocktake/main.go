// Command stocktake imports WSIS projects, session reports and people into a
// bbolt store, indexes them with Bleve and serves faceted search.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand. run gets the arguments after the subcommand name.
type command struct {
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand may touch of the outside world; tests swap it.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
}

// errUsage marks errors caused by bad arguments: exit code 2, not 1.
var errUsage = errors.New("usage")

func commands() map[string]command {
	return map[string]command{
		"parse":     {"extract records from files without storing them", runParse},
		"serve":     {"serve the search site and API (loads the demo corpus into an empty data dir)", runServe},
		"import":    {"import files and folders into the data dir", runImport},
		"search":    {"search the data dir from the command line", runSearch},
		"export":    {"export matching records as CSV or JSON Lines", runExport},
		"reindex":   {"rebuild the search index from the store", runReindex},
		"relevance": {"print nDCG@10 of judged queries over the demo corpus (testdata/relevance.tsv)", runRelevance},
		"history":   {"list the stored versions of a record", runHistory},
		"restore":   {"make a stored version of a record current again (also undoes delete)", runRestore},
		"delete":    {"delete a record, reversibly (restore brings it back)", runDelete},
		"clusters":  {"list the records taken for one project or person, and why", runClusters},
		"link":      {"tell the resolver two refs are one entity (join) or two (split)", runLink},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, e *env, args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "stocktake: unknown command %q\n\n", args[0])
		usage(e.stderr, cmds)
		return 2
	}
	err := c.run(ctx, e, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.stderr, "stocktake %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(e.stderr, "stocktake %s: %v\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: stocktake COMMAND [flags] [args]\n\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'stocktake COMMAND --help' for the flags of a command.")
}

// newFlags returns a flag set that prints its usage to e.stderr and returns
// errors instead of exiting.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: stocktake %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, mapping flag errors to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}
