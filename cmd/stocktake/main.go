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
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/store"
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

// Exit codes, as the README lists them.
const (
	exitOK      = 0
	exitFailure = 1 // a failure, or a file rejected
	exitUsage   = 2 // bad arguments or configuration
	exitPartial = 3 // imported, but part of the input was left out
	exitDamaged = 4 // the data dir is damaged or lost its store: restore a backup
)

// Errors that pick an exit code other than exitFailure.
var (
	// errUsage marks errors caused by bad arguments.
	errUsage = errors.New("usage")
	// errPartial marks an import that left rows or parts of files out.
	errPartial = errors.New("part of the input was left out")
)

func commands() map[string]command {
	return map[string]command{
		"parse":     {"extract records from files without storing them", runParse},
		"serve":     {"serve the search site and API (loads the demo corpus into an empty data dir)", runServe},
		"import":    {"import files and folders into the data dir", runImport},
		"search":    {"search the data dir from the command line", runSearch},
		"export":    {"export matching records as CSV or JSON Lines", runExport},
		"reindex":   {"rebuild the search index from the store", runReindex},
		"relevance": {"print nDCG@10 of judged queries for stocktake and plain baselines (demo corpus or --corpus DIR)", runRelevance},
		"history":   {"list the stored versions of a record", runHistory},
		"restore":   {"make a stored version of a record current again (also undoes delete)", runRestore},
		"delete":    {"delete a record, reversibly (restore brings it back)", runDelete},
		"clusters":  {"list the records taken for one project or person, and why", runClusters},
		"link":      {"tell the resolver two refs are one entity (join) or two (split)", runLink},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first signal asks every command to stop cleanly; with the
		// handler gone, a second one kills the process at once.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, e *env, args []string) int {
	cmds := commands()
	if len(args) == 0 {
		usage(e.stderr, cmds)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		usage(e.stdout, cmds)
		return 0
	case "--version", "-version", "version":
		fmt.Fprintln(e.stdout, versionString())
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "stocktake: unknown command %q (run 'stocktake --help' for the list)\n", args[0])
		return 2
	}
	err := c.run(ctx, e, args[1:])
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintf(e.stderr, "stocktake %s: %v\n", args[0], err)
	switch {
	case errors.Is(err, errUsage):
		return exitUsage
	case errors.Is(err, errPartial):
		return exitPartial
	case errors.Is(err, store.ErrDamaged), errors.Is(err, catalog.ErrStoreLost):
		return exitDamaged
	case ctx.Err() != nil:
		fmt.Fprintf(e.stderr, "stocktake %s: stopped by a signal\n", args[0])
	}
	return exitFailure
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
	fmt.Fprintln(w, "\nFlags may come before or after the arguments; -- ends the flags.")
	fmt.Fprintln(w, "Run 'stocktake COMMAND --help' for the flags of a command, 'stocktake --version' for the build.")
}

// versionString names the build: module version, VCS revision and time when
// the binary was built from a checkout, and the Go version.
func versionString() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "stocktake (unknown build)"
	}
	out := "stocktake " + bi.Main.Version
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+modified"
			}
		}
	}
	if rev != "" {
		out += " (" + rev[:min(len(rev), 12)] + dirty
		if at != "" {
			out += ", " + at
		}
		out += ")"
	}
	return out + " " + bi.GoVersion
}

// newFlags returns a flag set that returns errors instead of exiting or
// printing: parseFlags reports them once, and prints the usage for --help.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stdout) // PrintDefaults, for --help only
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "usage: stocktake %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, mapping flag errors to errUsage. Flags may follow
// the arguments ("search radio --data DIR"), as users type them: args are
// reordered, flags first, before the standard parser sees them. "--" ends
// the flags; everything after it is an argument.
func parseFlags(fs *flag.FlagSet, args []string) error {
	printUsage := fs.Usage
	fs.Usage = func() {} // the flag package calls it on errors too
	out := fs.Output()
	fs.SetOutput(io.Discard) // and prints its error, which run prints once
	err := fs.Parse(flagsFirst(fs, args))
	fs.Usage = printUsage
	fs.SetOutput(out)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage()
		return err
	case err != nil:
		return fmt.Errorf("%w: %v (run 'stocktake %s --help')", errUsage, err, fs.Name())
	}
	return nil
}

// flagsFirst moves the flags of args (with their values) before the other
// arguments, ending the flags with "--".
func flagsFirst(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue // unknown: Parse reports it
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return append(append(flags, "--"), rest...)
}
