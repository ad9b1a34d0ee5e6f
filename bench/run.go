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
	"runtime/pprof"
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
	insights(ctx context.Context, req search.Request) (total int, err error)
	handler() http.Handler
	close() error
}

// Engines that index text after storing (stocktake) wait for it here;
// the others are searchable once put returns.
type textFollower interface {
	searchable(ctx context.Context) error
}

// peopleFinder is an engine with a people finder (stocktake only).
type peopleFinder interface {
	people(ctx context.Context, req search.PeopleRequest) (int, error)
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
	memProfile  string // heap profile after the import, to this file (+ engine and size)
	importOnly  bool   // stop after the import (peak memory and disk are then the import's)
}

// result is what one engine run measured; the parent process reads it as
// JSON from the child's stdout.
type result struct {
	Engine string `json:"engine"`
	N      int    `json:"n"`
	// Import: stored and filterable when put returns (StoreSeconds, the
	// sum of the puts), searchable by text once the text stage caught up
	// (SearchableSeconds, from the first put to then). Generating the
	// corpus is not timed; GenSeconds says how long it took.
	StoreSeconds      float64        `json:"store_s"`
	SearchableSeconds float64        `json:"searchable_s"`
	StoreRate         float64        `json:"store_rate"`
	SearchableRate    float64        `json:"searchable_rate"`
	GenSeconds        float64        `json:"gen_s"`
	ImportCPU         float64        `json:"import_cpu_s"` // user+sys CPU of the process while importing, generation excluded
	ImportLoad        [2]string      `json:"import_load"`  // 1-minute load average at the start and end of the import
	ReindexSeconds    float64        `json:"reindex_s"`
	ReindexCPU        float64        `json:"reindex_cpu_s"`
	LoadAvg           []string       `json:"loadavg"` // 1-minute load at start and end: other work on the machine
	Classes           []classResult  `json:"classes"`
	Totals            map[string]int `json:"totals"`
	HTTP              httpResult     `json:"http"`
	PeakRSSMB         float64        `json:"peak_rss_mb"`      // VmHWM: resident peak, mapped files included
	PeakAnonMB        float64        `json:"peak_anon_mb"`     // sampled RssAnon peak: the process's own memory
	PeakFileMB        float64        `json:"peak_file_mb"`     // sampled RssFile peak: mapped bbolt, index and SQLite pages
	Cached            *classResult   `json:"cached,omitempty"` // stocktake: repeated queries through one service
	DiskMB            float64        `json:"disk_mb"`
}

type classResult struct {
	Name    string  `json:"name"`
	P50     float64 `json:"p50_ms"`
	P99     float64 `json:"p99_ms"`
	Mean    float64 `json:"mean_ms"`
	CPU     float64 `json:"cpu_s"`  // user+sys CPU of the process over the class's samples
	Wall    float64 `json:"wall_s"` // wall time over the class's samples
	Load    string  `json:"load"`   // 1-minute load average when the class started
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
	mem := sampleMemory(ctx)
	e, err := openEngine(ctx, cfg.engine, cfg.dir)
	if err != nil {
		return res, err
	}
	// Closed once, early on success (disk size is read after), or here.
	closeOnce := sync.OnceValue(e.close)
	defer closeOnce()

	res.LoadAvg = append(res.LoadAvg, loadAvg())
	if err := importCorpus(ctx, e, cfg, &res); err != nil {
		return res, err
	}
	anon, file := mem()
	log.Info().Str("engine", cfg.engine).Float64("stored_per_s", res.StoreRate).Float64("searchable_per_s", res.SearchableRate).
		Float64("peak_anon_mb", anon).Float64("peak_file_mb", file).Msg("imported")
	if cfg.memProfile != "" {
		if err := writeHeapProfile(fmt.Sprintf("%s.%s.%d", cfg.memProfile, cfg.engine, cfg.n)); err != nil {
			return res, err
		}
	}
	if cfg.importOnly {
		return finish(res, cfg, mem, closeOnce)
	}

	start, cpu := time.Now(), cpuTime()
	if err := e.reindex(ctx); err != nil {
		return res, err
	}
	res.ReindexSeconds = time.Since(start).Seconds()
	res.ReindexCPU = (cpuTime() - cpu).Seconds()
	anon, file = mem()
	log.Info().Str("engine", cfg.engine).Float64("s", res.ReindexSeconds).Float64("peak_anon_mb", anon).Float64("peak_file_mb", file).Msg("reindexed")

	srv, err := serve(ctx, e.handler())
	if err != nil {
		return res, err
	}
	defer srv.stop()
	run, queries, err := asker(ctx, e, srv, cfg)
	if err != nil {
		return res, err
	}
	// The first run of each query warms caches and gives its total.
	for i, q := range queries {
		total, err := run(i)
		if errors.Is(err, errUnsupported) {
			continue
		}
		if err != nil {
			return res, fmt.Errorf("query %s %q: %w", q.ask, q.params, err)
		}
		res.Totals[q.key()] = total
	}
	for _, class := range classNames() {
		var idx []int
		for i, q := range queries {
			if _, ok := res.Totals[q.key()]; ok && q.class == class {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			continue
		}
		cr, err := timeClass(class, idx, cfg.reps, func(i int) error {
			_, err := run(i)
			return err
		})
		if err != nil {
			return res, err
		}
		res.Classes = append(res.Classes, cr)
		log.Info().Str("engine", cfg.engine).Str("class", class).Float64("p50_ms", cr.P50).Float64("p99_ms", cr.P99).Msg("queries")
	}
	if st, ok := e.(*stocktakeEngine); ok && cfg.queryFilter == "" {
		var all []int
		reqs := map[int]search.Request{}
		for i, q := range queries {
			if q.ask == askSearch {
				req, err := search.ParseRequest(q.values())
				if err != nil {
					return res, err
				}
				reqs[i] = req
				all = append(all, i)
				if err := st.searchCached(ctx, req); err != nil { // fills the cache
					return res, err
				}
			}
		}
		cr, err := timeClass("any search, repeated (response cache hit)", all, cfg.reps, func(i int) error {
			return st.searchCached(ctx, reqs[i])
		})
		if err != nil {
			return res, err
		}
		res.Cached = &cr
	}

	if res.HTTP, err = loadHTTP(ctx, srv.base, queries, cfg); err != nil {
		return res, err
	}
	log.Info().Str("engine", cfg.engine).Float64("rps", res.HTTP.RPS).Msg("http")

	srv.stop()
	return finish(res, cfg, mem, closeOnce)
}

// finish reads the peak memory, closes the engine and sizes its data dir.
func finish(res result, cfg config, mem func() (anon, file float64), closeEngine func() error) (result, error) {
	var err error
	res.PeakRSSMB, err = peakRSSMB()
	if err != nil {
		return res, err
	}
	res.PeakAnonMB, res.PeakFileMB = mem()
	if err := closeEngine(); err != nil {
		return res, err
	}
	res.LoadAvg = append(res.LoadAvg, loadAvg())
	res.DiskMB, err = diskMB(cfg.dir)
	return res, err
}

// importCorpus loads the corpus in batches of cfg.batch records. Each batch
// is generated before its put starts; only puts, and the wait for the text
// to catch up, are timed.
func importCorpus(ctx context.Context, e engine, cfg config, res *result) error {
	gen := NewGenerator(cfg.seed)
	res.ImportLoad[0] = loadAvg()
	var store, genTime, genCPU time.Duration
	begin, cpu0 := time.Now(), cpuTime()
	batch := make([]record.Record, 0, cfg.batch)
	for i := range cfg.n {
		g, gc := time.Now(), cpuTime()
		batch = append(batch, gen.Record(i))
		genTime += time.Since(g)
		genCPU += cpuTime() - gc
		if len(batch) == cfg.batch || i == cfg.n-1 {
			t := time.Now()
			if err := e.put(ctx, batch); err != nil {
				return err
			}
			store += time.Since(t)
			batch = batch[:0]
		}
	}
	if f, ok := e.(textFollower); ok {
		if err := f.searchable(ctx); err != nil {
			return err
		}
	}
	searchable := time.Since(begin) - genTime
	res.ImportCPU = (cpuTime() - cpu0 - genCPU).Seconds()
	res.ImportLoad[1] = loadAvg()
	res.StoreSeconds, res.SearchableSeconds, res.GenSeconds = store.Seconds(), searchable.Seconds(), genTime.Seconds()
	res.StoreRate = float64(cfg.n) / res.StoreSeconds
	res.SearchableRate = float64(cfg.n) / res.SearchableSeconds
	return nil
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.WriteHeapProfile(f)
}

// errUnsupported: the engine has no counterpart of what the query asks.
var errUnsupported = errors.New("not supported by this engine")

// asker returns a function that runs query i of the mix against e, and the
// mix, filtered by cfg.queryFilter.
func asker(ctx context.Context, e engine, srv *server, cfg config) (func(i int) (int, error), []query, error) {
	queries := mix(cfg.rareName, cfg.topCountry)
	if cfg.queryFilter != "" {
		queries = slices.DeleteFunc(queries, func(q query) bool { return !strings.Contains(q.class, cfg.queryFilter) })
	}
	reqs := make([]search.Request, len(queries))
	people := make([]search.PeopleRequest, len(queries))
	for i, q := range queries {
		var err error
		if q.ask == askPeople {
			people[i], err = search.ParsePeopleRequest(q.values())
		} else {
			reqs[i], err = search.ParseRequest(q.values())
		}
		if err != nil {
			return nil, nil, fmt.Errorf("query %q: %w", q.params, err)
		}
	}
	_, hasPage := e.(*stocktakeEngine)
	client := &http.Client{Timeout: time.Minute}
	run := func(i int) (int, error) {
		q := queries[i]
		switch q.ask {
		case askInsights:
			return e.insights(ctx, reqs[i])
		case askPeople:
			if p, ok := e.(peopleFinder); ok {
				return p.people(ctx, people[i])
			}
			return 0, errUnsupported
		case askAPI:
			return httpGet(ctx, client, srv.base+"/api/v1/search?"+q.params)
		case askPage:
			if !hasPage {
				return 0, errUnsupported
			}
			return httpGet(ctx, client, srv.base+"/?"+q.params)
		}
		return e.search(ctx, reqs[i])
	}
	return run, queries, nil
}

// httpGet fetches u and returns the size of the body, failing on any status
// but 200.
func httpGet(ctx context.Context, client *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	// The body size differs between engines; 0 keeps totals comparable.
	_ = n
	return 0, err
}

// server serves an engine's handler on a loopback port.
type server struct {
	base   string
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

func serve(ctx context.Context, h http.Handler) (*server, error) {
	ctx, cancel := context.WithCancel(ctx)
	s := &server{cancel: cancel, done: make(chan error, 1)}
	addrc := make(chan net.Addr, 1)
	go func() {
		s.done <- web.Run(ctx, "127.0.0.1:0", h, zerolog.Nop(), func(a net.Addr) { addrc <- a })
	}()
	select {
	case a := <-addrc:
		s.base = "http://" + a.String()
		return s, nil
	case err := <-s.done:
		cancel()
		return nil, fmt.Errorf("http: %w", err)
	}
}

func (s *server) stop() {
	s.once.Do(func() {
		s.cancel()
		<-s.done
	})
}

// loadHTTP runs cfg.clients clients against the search API at base, each
// cycling through the search queries of the mix, until cfg.httpTime or
// cfg.httpMax.
func loadHTTP(ctx context.Context, base string, queries []query, cfg config) (httpResult, error) {
	var params []string
	for _, q := range queries {
		if q.ask == askSearch {
			params = append(params, q.params)
		}
	}
	if len(params) == 0 {
		return httpResult{}, nil
	}
	base += "/api/v1/search?"
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
				q := params[k%len(params)]
				page := 1 + (k/len(params))%50
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

// timeClass runs the queries idx of one class reps times in turn, with the
// CPU the process used meanwhile and the load average when it started.
func timeClass(class string, idx []int, reps int, run func(i int) error) (classResult, error) {
	times := make([]time.Duration, 0, reps)
	load, cpu, wall := loadAvg(), cpuTime(), time.Now()
	for k := range reps {
		t := time.Now()
		if err := run(idx[k%len(idx)]); err != nil {
			return classResult{}, err
		}
		times = append(times, time.Since(t))
	}
	cr := classResult{Name: class, Samples: len(times), Queries: len(idx), Load: load,
		CPU: (cpuTime() - cpu).Seconds(), Wall: time.Since(wall).Seconds()}
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

// sampleMemory samples the process's resident anonymous and file-backed
// memory every 100 ms until ctx ends; the returned function reads the
// peaks in MB.
func sampleMemory(ctx context.Context) func() (anon, file float64) {
	var mu sync.Mutex
	var peakAnon, peakFile float64
	read := func() {
		b, err := os.ReadFile("/proc/self/status")
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(b), "\n") {
			for key, peak := range map[string]*float64{"RssAnon:": &peakAnon, "RssFile:": &peakFile} {
				if rest, ok := strings.CutPrefix(line, key); ok {
					kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
					if err == nil {
						mu.Lock()
						*peak = max(*peak, float64(kb)/1024)
						mu.Unlock()
					}
				}
			}
		}
	}
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() (float64, float64) {
		read()
		mu.Lock()
		defer mu.Unlock()
		return peakAnon, peakFile
	}
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
