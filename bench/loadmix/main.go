// Command loadmix puts a mixed load on a running stocktake server from a
// process of its own, so that the server's latencies are not those of a
// client sharing its scheduler (as in web's TestLoad): N clients cycle
// through searches, the search and people pages, insights, exports and
// record pages while a monitor polls /healthz, as a load balancer would.
// It is bounded in time and in requests, and only talks to the base URL it
// is given (a server you started on 127.0.0.1):
//
//	go run ./cmd/stocktake serve --data /tmp/loaddata --addr 127.0.0.1:8089 &
//	go -C bench run ./loadmix -base http://127.0.0.1:8089 -clients 32 -d 30s
//
// It prints p50, p99 and max per class and for /healthz, the number of
// requests shed with 503 (admission control) and of errors.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadmix:", err)
		os.Exit(1)
	}
}

// mix is the request mix: class and path. Text varies so that most
// requests miss the server's response cache.
func mix(ids []string) []req {
	words := []string{"digital", "women", "health", "broadband", "skills", "radio", "data", "youth", "cybersecurity", "agriculture"}
	var out []req
	for i, w := range words {
		out = append(out,
			req{"search api", "/api/v1/search?q=" + url.QueryEscape(w) + fmt.Sprintf("&page=%d", 1+i%3)},
			req{"search page", "/?q=" + url.QueryEscape(w+" "+words[(i+3)%len(words)])},
			req{"people", "/people?q=" + url.QueryEscape(w)},
			req{"insights", fmt.Sprintf("/api/v1/insights?sdg=%d", 1+i%17)},
			req{"insights", "/insights?q=" + url.QueryEscape(w)},
			req{"export", "/api/v1/export?format=csv&q=" + url.QueryEscape(w)},
		)
	}
	for _, id := range ids {
		out = append(out, req{"record page", "/records/" + url.PathEscape(id)})
	}
	return out
}

type req struct{ class, path string }

// stats are the latencies of one class.
type stats struct {
	took []time.Duration
	shed int
	errs int
}

func (s *stats) line() string {
	if len(s.took) == 0 {
		return "no requests"
	}
	slices.Sort(s.took)
	pct := func(p float64) time.Duration { return s.took[int(p*float64(len(s.took)-1))] }
	return fmt.Sprintf("%6d requests, %4d shed, %3d errors, p50 %8s, p99 %8s, max %8s",
		len(s.took), s.shed, s.errs, pct(0.5).Round(100*time.Microsecond), pct(0.99).Round(100*time.Microsecond), s.took[len(s.took)-1].Round(time.Millisecond))
}

func run(args []string, out io.Writer) error {
	fl := flag.NewFlagSet("loadmix", flag.ContinueOnError)
	base := fl.String("base", "", "server base URL, e.g. http://127.0.0.1:8089 (required)")
	clients := fl.Int("clients", 32, "concurrent clients")
	dur := fl.Duration("d", 30*time.Second, "bound on the run's time")
	maxReq := fl.Int("max", 200000, "bound on the number of requests")
	period := fl.Duration("health-every", 50*time.Millisecond, "pause between two /healthz polls")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *base == "" {
		return errors.New("-base is required")
	}
	ctx := context.Background()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients + 1}, Timeout: 5 * time.Minute}
	ids, err := recordIDs(ctx, client, *base)
	if err != nil {
		return err
	}
	reqs := mix(ids)

	var (
		mu      sync.Mutex
		byClass = map[string]*stats{}
		sent    atomic.Int64
		wg      sync.WaitGroup
	)
	deadline := time.Now().Add(*dur)
	start := time.Now()
	for c := range *clients {
		wg.Go(func() {
			mine := map[string]*stats{}
			for k := c * 7; time.Now().Before(deadline) && sent.Add(1) <= int64(*maxReq); k++ {
				r := reqs[k%len(reqs)]
				st := mine[r.class]
				if st == nil {
					st = &stats{}
					mine[r.class] = st
				}
				t0 := time.Now()
				code, err := get(ctx, client, *base+r.path)
				st.took = append(st.took, time.Since(t0))
				switch {
				case err != nil || (code != http.StatusOK && code != http.StatusServiceUnavailable):
					st.errs++
				case code == http.StatusServiceUnavailable:
					st.shed++
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for class, st := range mine {
				all := byClass[class]
				if all == nil {
					all = &stats{}
					byClass[class] = all
				}
				all.took = append(all.took, st.took...)
				all.shed += st.shed
				all.errs += st.errs
			}
		})
	}
	// The monitor has a connection of its own, like a load balancer's.
	health := &stats{}
	monitor := &http.Client{Timeout: 10 * time.Second}
	wg.Go(func() {
		for time.Now().Before(deadline) {
			t0 := time.Now()
			code, err := get(ctx, monitor, *base+"/healthz")
			health.took = append(health.took, time.Since(t0))
			if err != nil || code != http.StatusOK {
				health.errs++
			}
			time.Sleep(*period)
		}
	})
	wg.Wait()
	elapsed := time.Since(start)

	total := 0
	for _, class := range slices.Sorted(maps.Keys(byClass)) {
		total += len(byClass[class].took)
		fmt.Fprintf(out, "%-12s %s\n", class, byClass[class].line())
	}
	fmt.Fprintf(out, "%-12s %s\n", "/healthz", health.line())
	fmt.Fprintf(out, "%d clients, %s, %d requests (%.0f/s)\n", *clients, elapsed.Round(time.Millisecond), total, float64(total)/elapsed.Seconds())
	return nil
}

// recordIDs reads up to 50 record ids from the search API, for record pages.
func recordIDs(ctx context.Context, client *http.Client, base string) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/search?size=50", nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("first search: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, fmt.Errorf("first search: %w", err)
	}
	var ids []string
	for _, r := range body.Hits {
		ids = append(ids, r.ID)
	}
	return ids, nil
}

// get fetches u, reads the body and returns the status.
func get(ctx context.Context, client *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}
