package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/web"
)

// engine is one side of the comparison.
type engine interface {
	name() string
	put(ctx context.Context, recs []record.Record) error
	reindex(ctx context.Context) error
	search(ctx context.Context, req search.Request) (total int, err error)
	handler() http.Handler
	close() error
}

// config is what one engine run needs.
type config struct {
	engine      string
	n           int
	seed        uint64
	dir         string
	reps        int           // timed searches per query class
	clients     int           // concurrent HTTP clients
	httpTime    time.Duration // bound on the HTTP phase
	httpMax     int           // bound on HTTP requests
	batch       int           // records per import transaction
	rareName    string
	topCountry  string
	queryFilter string // only classes containing this (for quick runs)
}

// result is what one engine run measured; the parent process reads it as
// JSON from the child's stdout.
type result struct {
	Engine         string         `json:"engine"`
	N              int            `json:"n"`
	ImportSeconds  float64        `json:"import_s"`
	ImportRate     float64        `json:"import_rate"`
	ImportStore    float64        `json:"import_store_s,omitempty"` // stocktake only: bbolt part
	ImportIndex    float64        `json:"import_index_s,omitempty"` // stocktake only: Bleve part
	ReindexSeconds float64        `json:"reindex_s"`
	ImportCPU      float64        `json:"import_cpu_s"`  // user+sys CPU of the process while loading
	ReindexCPU     float64        `json:"reindex_cpu_s"` // and while reindexing
	LoadAvg        []string       `json:"loadavg"`       // 1-minute load at start and end: other work on the machine
	Classes        []classResult  `json:"classes"`
	Totals         map[string]int `json:"totals"`
	HTTP           httpResult     `json:"http"`
	PeakRSSMB      float64        `json:"peak_rss_mb"`
	Cached         *classResult   `json:"cached,omitempty"` // stocktake: repeated queries through one service
	DiskMB         float64        `json:"disk_mb"`
}

type classResult struct {
	Name    string  `json:"name"`
	P50     float64 `json:"p50_ms"`
	P99     float64 `json:"p99_ms"`
	Mean    float64 `json:"mean_ms"`
	Samples int     `json:"samples"`
	Queries int     `json:"queries"`
}

type httpResult struct {
	Clients  int     `json:"clients"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"rps"`
	P50      float64 `json:"p50_ms"`
	P99      float64 `json:"p99_ms"`
}

func openEngine(ctx context.Context, name, dir string) (engine, error) {
	switch name {
	case "stocktake":
		return openStocktake(ctx, dir)
	case "sqlite":
		return openSQLite(ctx, dir)
	}
	return nil, fmt.Errorf("unknown engine %q", name)
}

// runEngine loads the corpus into a fresh dir and measures one engine.
func runEngine(ctx context.Context, cfg config, log zerolog.Logger) (result, error) {
	res := result{Engine: cfg.engine, N: cfg.n, Totals: map[string]int{}}
	if err := os.RemoveAll(cfg.dir); err != nil {
		return res, fmt.Errorf("clean %s: %w", cfg.dir, err)
	}
	if err := os.MkdirAll(cfg.dir, 0o700); err != nil {
		return res, fmt.Errorf("make %s: %w", cfg.dir, err)
	}
	e, err := openEngine(ctx, cfg.engine, cfg.dir)
	if err != nil {
		return res, err
	}
	// Closed once, early on success (disk size is read after), or here.
	closeOnce := sync.OnceValue(e.close)
	defer closeOnce()

	res.LoadAvg = append(res.LoadAvg, loadAvg())
	gen := NewGenerator(cfg.seed)
	// Only the puts are timed: generating the corpus is not the engines' work.
	var importTime time.Duration
	batch := make([]record.Record, 0, cfg.batch)
	for i := range cfg.n {
		batch = append(batch, gen.Record(i))
		if len(batch) == cfg.batch || i == cfg.n-1 {
			t, c := time.Now(), cpuTime()
			if err := e.put(ctx, batch); err != nil {
				return res, err
			}
			importTime += time.Since(t)
			res.ImportCPU += (cpuTime() - c).Seconds()
			batch = batch[:0]
		}
	}
	res.ImportSeconds = importTime.Seconds()
	res.ImportRate = float64(cfg.n) / res.ImportSeconds
	if st, ok := e.(*stocktakeEngine); ok {
		res.ImportStore, res.ImportIndex = st.importSplit()
	}
	log.Info().Str("engine", cfg.engine).Float64("records_per_s", res.ImportRate).Msg("imported")

	start, cpu := time.Now(), cpuTime()
	if err := e.reindex(ctx); err != nil {
		return res, err
	}
	res.ReindexSeconds = time.Since(start).Seconds()
	res.ReindexCPU = (cpuTime() - cpu).Seconds()
	log.Info().Str("engine", cfg.engine).Float64("s", res.ReindexSeconds).Msg("reindexed")

	queries := mix(cfg.rareName, cfg.topCountry)
	if cfg.queryFilter != "" {
		queries = slices.DeleteFunc(queries, func(q query) bool { return !strings.Contains(q.class, cfg.queryFilter) })
	}
	reqs := make([]search.Request, len(queries))
	for i, q := range queries {
		if reqs[i], err = search.ParseRequest(q.values()); err != nil {
			return res, fmt.Errorf("query %q: %w", q.params, err)
		}
		// The first run of each query warms caches and gives its total.
		total, err := e.search(ctx, reqs[i])
		if err != nil {
			return res, fmt.Errorf("query %q: %w", q.params, err)
		}
		res.Totals[q.params] = total
	}
	for _, class := range classNames() {
		var idx []int
		for i, q := range queries {
			if q.class == class {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			continue
		}
		cr, err := timeClass(class, idx, cfg.reps, func(i int) error {
			_, err := e.search(ctx, reqs[i])
			return err
		})
		if err != nil {
			return res, err
		}
		res.Classes = append(res.Classes, cr)
		log.Info().Str("engine", cfg.engine).Str("class", class).Float64("p50_ms", cr.P50).Float64("p99_ms", cr.P99).Msg("queries")
	}
	if st, ok := e.(*stocktakeEngine); ok {
		all := make([]int, len(reqs))
		for i := range all {
			all[i] = i
		}
		for _, i := range all {
			if err := st.searchCached(ctx, reqs[i]); err != nil { // fills the cache
				return res, err
			}
		}
		cr, err := timeClass("any, repeated (response cache hit)", all, cfg.reps, func(i int) error {
			return st.searchCached(ctx, reqs[i])
		})
		if err != nil {
			return res, err
		}
		res.Cached = &cr
	}

	if res.HTTP, err = loadHTTP(ctx, e.handler(), queries, cfg); err != nil {
		return res, err
	}
	log.Info().Str("engine", cfg.engine).Float64("rps", res.HTTP.RPS).Msg("http")

	res.PeakRSSMB, err = peakRSSMB()
	if err != nil {
		return res, err
	}
	if err := closeOnce(); err != nil {
		return res, err
	}
	res.LoadAvg = append(res.LoadAvg, loadAvg())
	res.DiskMB, err = diskMB(cfg.dir)
	return res, err
}

// loadHTTP serves h on a loopback port and runs cfg.clients clients, each
// cycling through the query mix, until cfg.httpTime or cfg.httpMax.
func loadHTTP(ctx context.Context, h http.Handler, queries []query, cfg config) (httpResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	addrc := make(chan net.Addr, 1)
	served := make(chan error, 1)
	go func() {
		served <- web.Run(ctx, "127.0.0.1:0", h, zerolog.Nop(), func(a net.Addr) { addrc <- a })
	}()
	var base string
	select {
	case a := <-addrc:
		base = "http://" + a.String() + "/api/v1/search?"
	case err := <-served:
		return httpResult{}, fmt.Errorf("http: %w", err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.clients}, Timeout: time.Minute}

	var sent, errs atomic.Int64
	deadline := time.Now().Add(cfg.httpTime)
	lat := make([][]time.Duration, cfg.clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range cfg.clients {
		wg.Go(func() {
			for k := c; ; k += cfg.clients {
				if time.Now().After(deadline) || sent.Add(1) > int64(cfg.httpMax) {
					return
				}
				// Pages 1-50 of each query: more distinct requests than the
				// product's response cache holds, so this is uncached work.
				q := queries[k%len(queries)].params
				page := 1 + (k/len(queries))%50
				u := base + q + "&page=" + strconv.Itoa(page)
				if q == "" {
					u = base + "page=" + strconv.Itoa(page)
				}
				t := time.Now()
				if !get(ctx, client, u) {
					errs.Add(1)
				}
				lat[c] = append(lat[c], time.Since(t))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cancel()
	if err := <-served; err != nil && !errors.Is(err, context.Canceled) {
		return httpResult{}, fmt.Errorf("http: %w", err)
	}
	all := slices.Concat(lat...)
	out := httpResult{Clients: cfg.clients, Requests: len(all), Errors: int(errs.Load()), Seconds: elapsed.Seconds()}
	out.RPS = float64(len(all)) / elapsed.Seconds()
	out.P50, out.P99, _ = summarise(all)
	return out, nil
}

func get(ctx context.Context, client *http.Client, u string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err == nil && resp.StatusCode == http.StatusOK
}

// summarise returns p50, p99 (nearest rank) and the mean, in milliseconds.
func summarise(ds []time.Duration) (p50, p99, mean float64) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	rank := func(p float64) float64 {
		i := int(p*float64(len(s))+0.999999) - 1
		return ms(s[min(max(i, 0), len(s)-1)])
	}
	return rank(0.50), rank(0.99), ms(sum / time.Duration(len(s)))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// peakRSSMB reads the process's peak resident set (VmHWM) from /proc.
func peakRSSMB() (float64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("peak rss: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				return 0, fmt.Errorf("peak rss: %w", err)
			}
			return float64(kb) / 1024, nil
		}
	}
	return 0, fmt.Errorf("peak rss: no VmHWM in /proc/self/status")
}

// diskMB is the size of the files under dir.
func diskMB(dir string) (float64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("disk size: %w", err)
	}
	return float64(total) / (1 << 20), nil
}

// timeClass runs the queries idx of one class reps times in turn.
func timeClass(class string, idx []int, reps int, run func(i int) error) (classResult, error) {
	times := make([]time.Duration, 0, reps)
	for k := range reps {
		t := time.Now()
		if err := run(idx[k%len(idx)]); err != nil {
			return classResult{}, err
		}
		times = append(times, time.Since(t))
	}
	cr := classResult{Name: class, Samples: len(times), Queries: len(idx)}
	cr.P50, cr.P99, cr.Mean = summarise(times)
	return cr, nil
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAvg is the machine's 1-minute load average, or "?".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}
