package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/wsis-tools/stocktake/export"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/store"
)

// facetFlags collects repeated --facet NAME=VALUE flags.
type facetFlags []string

func (f *facetFlags) String() string     { return strings.Join(*f, ",") }
func (f *facetFlags) Set(s string) error { *f = append(*f, s); return nil }

// params builds the API parameters of a query and --facet flags. An unknown
// filter name is a usage error naming it, as the API answers 400.
func params(q string, facets facetFlags) (url.Values, error) {
	v := url.Values{}
	for _, f := range facets {
		name, value, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("%w: --facet %q: want NAME=VALUE", errUsage, f)
		}
		v.Add(strings.TrimSpace(name), value)
	}
	if err := search.CheckParams(v, search.FilterNames()); err != nil {
		return nil, fmt.Errorf("%w: --facet %w", errUsage, err)
	}
	if q != "" {
		v.Set("q", q)
	}
	return v, nil
}

// request validates API parameters with the same rules as the API, so the
// CLI and HTTP agree on every rule.
func request(v url.Values) (search.Request, error) {
	req, err := search.ParseRequest(v)
	if err != nil {
		return req, fmt.Errorf("%w: %w", errUsage, err)
	}
	return req, nil
}

// searchResult is what `search` prints, read from the data dir or from the
// server that owns it.
type searchResult struct {
	Total  int               `json:"total"`
	Query  search.Understood `json:"query"`
	Hits   []record.Record   `json:"hits"`
	Facets []search.Facet    `json:"facets"`
}

// runSearch searches the data dir and prints hits and facet counts. While a
// server owns the data dir, it asks the server.
func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "search", "[--data DIR] [--json] [--facet NAME=VALUE]... [--size N] [--page N] QUERY")
	df := addDataFlags(fs, e)
	asJSON := fs.Bool("json", false, "print the response as JSON")
	size := fs.Int("size", search.DefaultSize, "results per page (max 100)")
	sources := fs.Bool("records", false, "list every source record (default: one result per project or person)")
	page := fs.Int("page", 1, "page number")
	var facets facetFlags
	fs.Var(&facets, "facet", "filter NAME=VALUE ("+strings.Join(search.FacetNames(), ", ")+"); repeatable")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v, err := params(strings.Join(fs.Args(), " "), facets)
	if err != nil {
		return err
	}
	v.Set("size", strconv.Itoa(*size))
	v.Set("page", strconv.Itoa(*page))
	if *sources {
		v.Set("records", search.RecordsSources)
	}
	req, err := request(v)
	if err != nil {
		return err
	}
	var res searchResult
	cat, _, err := df.openExisting(ctx, e)
	switch {
	case errors.Is(err, store.ErrLocked):
		si, ok := df.server()
		if !ok {
			return err
		}
		if res, err = remoteSearch(ctx, si, v, *asJSON); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		defer cat.Close()
		if err := cat.WaitSearchable(ctx, nil); err != nil {
			return err
		}
		resp, err := search.New(cat.Index(), cat.Store()).Search(ctx, req)
		if err != nil {
			return err
		}
		res = searchResult{Total: resp.Total, Query: resp.Query, Facets: resp.Facets, Hits: []record.Record{}}
		for _, h := range resp.Hits {
			r := *h.Record
			r.Body = "" // long; `stocktake export` or the API give it
			res.Hits = append(res.Hits, r)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return printResult(e, res)
}

func printResult(e *env, res searchResult) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, plural(res.Total, "result", "results"))
	if res.Query.Corrected != "" {
		fmt.Fprintf(tw, " for %q", res.Query.Corrected)
	}
	// Applied chips filter; the others only rank and are offered
	// (--facet NAME=VALUE applies one).
	for _, c := range res.Query.Chips {
		if c.Applied {
			fmt.Fprintf(tw, " [%s]", c.Label)
		} else if c.Count > 0 {
			fmt.Fprintf(tw, " [offered: %s (%d)]", c.Label, c.Count)
		}
	}
	fmt.Fprintln(tw)
	for _, h := range res.Hits {
		year := ""
		if h.Year > 0 {
			year = fmt.Sprint(h.Year)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", h.ID, h.Kind, year, h.DisplayTitle())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, f := range res.Facets {
		var parts []string
		for i, v := range f.Values {
			if i == 8 {
				parts = append(parts, "…")
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%d)", v.Value, v.Count))
		}
		if len(parts) > 0 {
			fmt.Fprintf(e.stdout, "%s: %s\n", f.Label, strings.Join(parts, ", "))
		}
	}
	return nil
}

// plural is "1 file", "2 files".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// runExport writes every record matching the query and filters. While a
// server owns the data dir, it streams the server's export.
func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "[--data DIR] --format csv|jsonl [--records] [--facet NAME=VALUE]... [QUERY]")
	df := addDataFlags(fs, e)
	format := fs.String("format", "", "csv or jsonl (required)")
	sources := fs.Bool("records", false, "every source record (default: one row per project or person, with its merged prize status)")
	var facets facetFlags
	fs.Var(&facets, "facet", "filter NAME=VALUE; repeatable")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	out, err := export.NewWriter(e.stdout, *format)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	v, err := params(strings.Join(fs.Args(), " "), facets)
	if err != nil {
		return err
	}
	if *sources {
		v.Set("records", search.RecordsSources)
	}
	req, err := request(v)
	if err != nil {
		return err
	}
	cat, _, err := df.openExisting(ctx, e)
	if errors.Is(err, store.ErrLocked) {
		si, ok := df.server()
		if !ok {
			return err
		}
		v.Set("format", *format)
		return remoteExport(ctx, si, v, e.stdout)
	}
	if err != nil {
		return err
	}
	defer cat.Close()
	if err := cat.WaitSearchable(ctx, nil); err != nil {
		return err
	}
	// Public records, as the server's export gives: the same file either way.
	err = search.New(cat.Index(), cat.Store()).Each(ctx, req, func(r record.Record) error {
		return out.Write(r.Public())
	})
	if err != nil {
		return err
	}
	return out.Flush()
}
