package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
	"github.com/wsis-tools/stocktake/store"
)

// runClusters prints the entities the resolver finds in the data dir: each
// group of records (and people named in sessions) taken for one project or
// person, with the evidence of each merge.
func runClusters(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "clusters", "[--data DIR] [--kind project|person] [--json]")
	df := addDataFlags(fs, e)
	kind := fs.String("kind", "", "only clusters of this kind: project or person")
	asJSON := fs.Bool("json", false, "print every cluster (singletons too) as JSON lines")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if k := record.Kind(*kind); k != "" && k != record.KindProject && k != record.KindPerson {
		return fmt.Errorf("%w: --kind %q: want project or person", errUsage, *kind)
	}
	cat, _, err := df.openExisting(ctx, e)
	if err != nil {
		return err
	}
	defer cat.Close()
	res, err := resolve(ctx, cat)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	merged := 0
	for i := range res.Len() {
		c := res.At(i)
		if *kind != "" && string(c.Kind) != *kind {
			continue
		}
		if *asJSON {
			if err := enc.Encode(c); err != nil {
				return err
			}
			continue
		}
		if len(c.Members) < 2 {
			continue
		}
		merged++
		fmt.Fprintf(e.stdout, "%s %q: %d members, %d sources", c.Kind, c.Title, len(c.Members), len(c.Sources))
		if c.Prize != nil {
			fmt.Fprintf(e.stdout, ", prize %d %s", c.Prize.Year, c.Prize.Status)
		}
		fmt.Fprintln(e.stdout)
		for _, ev := range c.Why {
			fmt.Fprintf(e.stdout, "  %s ~ %s: %s\n", ev.A, ev.B, strings.Join(ev.Reasons, "; "))
		}
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "%d entities with more than one record or mention\n", merged)
	}
	return nil
}

// resolve clusters every stored record under the staff links.
func resolve(ctx context.Context, cat *catalog.Catalog) (resolver.Result, error) {
	var recs []record.Record
	if err := cat.Store().ForEach(ctx, func(r record.Record) error { recs = append(recs, r); return nil }); err != nil {
		return resolver.Result{}, err
	}
	links, err := cat.Overrides(ctx)
	if err != nil {
		return resolver.Result{}, err
	}
	return resolver.Resolve(recs, resolver.Options{Overrides: links}), nil
}

// runLink records a staff decision about two refs: one entity (join), two
// (split), or no decision (clear). It holds across re-imports.
func runLink(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "link", "[--data DIR] join|split|clear REF REF")
	df := addDataFlags(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 3 {
		return fmt.Errorf("%w: want join, split or clear and two refs (a record id, or ID/person:NAME for a speaker)", errUsage)
	}
	verb := fs.Arg(0)
	if verb != "join" && verb != "split" && verb != "clear" {
		return fmt.Errorf("%w: %q: want join, split or clear", errUsage, verb)
	}
	var refs [2]resolver.Ref
	for i, s := range fs.Args()[1:] {
		r, err := resolver.ParseRef(s)
		if err != nil {
			return fmt.Errorf("%w: %q: %v", errUsage, s, err)
		}
		refs[i] = r
	}
	cat, _, err := df.openExisting(ctx, e)
	if err != nil {
		return err
	}
	defer cat.Close()
	a, b := refs[0].String(), refs[1].String()
	if verb == "clear" {
		if err := cat.ClearLink(ctx, refs[0], refs[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "cleared the decision about %s and %s\n", a, b)
		return nil
	}
	res, err := resolve(ctx, cat)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if _, ok := res.Of(r); !ok {
			return fmt.Errorf("%s: %w (a record id, or ID/person:NAME of a speaker of that record)", r, store.ErrNotFound)
		}
	}
	kind := store.Join
	if verb == "split" {
		kind = store.Split
	}
	if err := cat.SetLink(ctx, refs[0], refs[1], kind); err != nil {
		if errors.Is(err, store.ErrBadLink) {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "%s %s and %s; this holds when the sources are imported again\n", map[string]string{"join": "joined", "split": "split"}[verb], a, b)
	return nil
}
