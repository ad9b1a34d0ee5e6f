package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"text/tabwriter"

	"github.com/wsis-tools/stocktake/export"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// facetFlags collects repeated --facet NAME=VALUE flags.
type facetFlags []string

func (f *facetFlags) String() string     { return strings.Join(*f, ",") }
func (f *facetFlags) Set(s string) error { *f = append(*f, s); return nil }

// request builds a search request from a query and --facet flags through
// the same validation as the API, so the CLI and HTTP agree on every rule.
func request(q string, facets facetFlags, extra url.Values) (search.Request, error) {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	for _, f := range facets {
		name, value, ok := strings.Cut(f, "=")
		if !ok {
			return search.Request{}, fmt.Errorf("%w: --facet %q: want NAME=VALUE", errUsage, f)
		}
		v.Add(strings.TrimSpace(name), value)
	}
	for k, xs := range extra {
		v[k] = xs
	}
	req, err := search.ParseRequest(v)
	if err != nil {
		return req, fmt.Errorf("%w: %w", errUsage, err)
	}
	return req, nil
}

// runSearch searches the data dir and prints hits and facet counts.
func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "search", "[--data DIR] [--json] [--facet NAME=VALUE]... [--size N] QUERY")
	df := addDataFlags(fs, e)
	asJSON := fs.Bool("json", false, "print the response as JSON")
	size := fs.String("size", "", "results per page (default 20, max 100)")
	page := fs.String("page", "", "page number")
	var facets facetFlags
	fs.Var(&facets, "facet", "filter NAME=VALUE (action_line, sdg, region, country, gender_focus, kind, year, event); repeatable")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	req, err := request(strings.Join(fs.Args(), " "), facets, url.Values{"size": {*size}, "page": {*page}})
	if err != nil {
		return err
	}
	cat, _, err := df.open(ctx, e)
	if err != nil {
		return err
	}
	defer cat.Close()
	resp, err := search.New(cat.Index(), cat.Store()).Search(ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			Total  int               `json:"total"`
			Query  search.Understood `json:"query"`
			Hits   []record.Record   `json:"hits"`
			Facets []search.Facet    `json:"facets"`
		}{Total: resp.Total, Query: resp.Query, Facets: resp.Facets, Hits: []record.Record{}}
		for _, h := range resp.Hits {
			r := *h.Record
			r.Body = "" // long; `stocktake export` or the API give it
			out.Hits = append(out.Hits, r)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%d results", resp.Total)
	if resp.Query.Corrected != "" {
		fmt.Fprintf(tw, " for %q", resp.Query.Corrected)
	}
	// Applied chips filter; the others only rank and are offered
	// (--facet NAME=VALUE applies one).
	for _, c := range resp.Query.Chips {
		if c.Applied {
			fmt.Fprintf(tw, " [%s]", c.Label)
		} else if c.Count > 0 {
			fmt.Fprintf(tw, " [offered: %s (%d)]", c.Label, c.Count)
		}
	}
	fmt.Fprintln(tw)
	for _, h := range resp.Hits {
		year := ""
		if h.Year > 0 {
			year = fmt.Sprint(h.Year)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", h.ID, h.Kind, year, h.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, f := range resp.Facets {
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

// runExport writes every record matching the query and filters.
func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "[--data DIR] --format csv|jsonl [--facet NAME=VALUE]... [QUERY]")
	df := addDataFlags(fs, e)
	format := fs.String("format", "", "csv or jsonl (required)")
	var facets facetFlags
	fs.Var(&facets, "facet", "filter NAME=VALUE; repeatable")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	out, err := export.NewWriter(e.stdout, *format)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	req, err := request(strings.Join(fs.Args(), " "), facets, nil)
	if err != nil {
		return err
	}
	cat, _, err := df.open(ctx, e)
	if err != nil {
		return err
	}
	defer cat.Close()
	err = search.New(cat.Index(), cat.Store()).Each(ctx, req, func(r record.Record) error {
		return out.Write(r)
	})
	if err != nil {
		return err
	}
	return out.Flush()
}
