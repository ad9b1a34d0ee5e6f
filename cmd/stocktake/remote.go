package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// While a server owns a data dir (and holds the bbolt lock), `search` and
// `export` read through its public API, found in DATA/server.json: the same
// answers the commands would compute from the data dir itself.

// apiSearchBody is the part of GET /api/v1/search the CLI prints.
type apiSearchBody struct {
	Total int `json:"total"`
	Hits  []struct {
		ID    string `json:"id"`
		Kind  string `json:"kind"`
		Title string `json:"title"`
		Year  int    `json:"year"`
	} `json:"hits"`
	Facets []struct {
		Name   string `json:"name"`
		Label  string `json:"label"`
		Values []struct {
			Value    string `json:"value"`
			Label    string `json:"label"`
			Count    int    `json:"count"`
			Selected bool   `json:"selected"`
		} `json:"values"`
	} `json:"facets"`
	Query search.Understood `json:"query"`
}

// remoteClient answers fast or not at all: the server is on this machine.
func remoteClient() *http.Client {
	return &http.Client{Timeout: 5 * time.Minute}
}

// remoteGet fetches path?v from the server and checks for 200; the caller
// closes the body.
func remoteGet(ctx context.Context, si serverInfo, path string, v url.Values) (*http.Response, error) {
	u := "http://" + si.Addr + path
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := remoteClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("ask the server at %s (it owns the data dir): %w", si.Addr, err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var p struct{ Error, Field string }
		_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&p)
		if p.Field != "" {
			return nil, fmt.Errorf("%w: %s: %s", errUsage, p.Field, p.Error)
		}
		return nil, fmt.Errorf("the server at %s answered HTTP %d: %s", si.Addr, resp.StatusCode, p.Error)
	}
	return resp, nil
}

// remoteSearch runs a search on the server. With full, each hit is read
// whole from /api/v1/records/{id}, as --json prints records.
func remoteSearch(ctx context.Context, si serverInfo, v url.Values, full bool) (searchResult, error) {
	res := searchResult{Hits: []record.Record{}}
	resp, err := remoteGet(ctx, si, "/api/v1/search", v)
	if err != nil {
		return res, err
	}
	var body apiSearchBody
	err = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if err != nil {
		return res, fmt.Errorf("read the server's answer: %w", err)
	}
	res.Total, res.Query = body.Total, body.Query
	for _, f := range body.Facets {
		sf := search.Facet{Name: f.Name, Label: f.Label}
		for _, x := range f.Values {
			sf.Values = append(sf.Values, search.FacetValue{Value: x.Value, Label: x.Label, Count: x.Count, Selected: x.Selected})
		}
		res.Facets = append(res.Facets, sf)
	}
	for _, h := range body.Hits {
		r := record.Record{ID: h.ID, Kind: record.Kind(h.Kind), Title: h.Title, Year: h.Year}
		if full {
			if r, err = remoteRecord(ctx, si, h.ID); err != nil {
				return res, err
			}
			r.Body = ""
		}
		res.Hits = append(res.Hits, r)
	}
	return res, nil
}

func remoteRecord(ctx context.Context, si serverInfo, id string) (record.Record, error) {
	var r record.Record
	resp, err := remoteGet(ctx, si, "/api/v1/records/"+url.PathEscape(id), nil)
	if err != nil {
		return r, err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return r, fmt.Errorf("read record %s from the server: %w", id, err)
	}
	return r, nil
}

// remoteExport streams the server's export to w.
func remoteExport(ctx context.Context, si serverInfo, v url.Values, w io.Writer) error {
	resp, err := remoteGet(ctx, si, "/api/v1/export", v)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("export from the server at %s: %w", si.Addr, err)
	}
	return nil
}
