package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake"
	"github.com/wsis-tools/stocktake/catalog"
)

// Load test settings. The full run is opt-in (STOCKTAKE_LOAD=1; CI sets
// it) so a plain `go test` stays quick.
const (
	loadWorkers      = 32
	loadShortRun     = 3 * time.Second
	loadFullRun      = 30 * time.Second
	loadImportPeriod = 200 * time.Millisecond
	loadHealthPeriod = 20 * time.Millisecond
	loadGenerated    = 1500 // projects added to the demo corpus, so insights and exports have work to do
)

// loadRequest is one request of the mix, its class and the status it must
// get when it is admitted.
type loadRequest struct {
	class, path string
	want        int
}

// loadMix is the query mix: text and facet searches, the HTML pages,
// people and insights, exports, record pages, and a share of bad requests
// that must get their 4xx. Record paths are added from the corpus.
func loadMix(ids []string) []loadRequest {
	mix := []loadRequest{
		{"search", "/api/v1/search", 200},
		{"search", "/api/v1/search?q=women", 200},
		{"search", "/api/v1/search?q=broadband+rural", 200},
		{"search", "/api/v1/search?sdg=5", 200},
		{"search", "/api/v1/search?action_line=C4&sdg=5", 200},
		{"search", "/api/v1/search?q=health&sdg=3&sort=date", 200},
		{"search", "/api/v1/search?region=Africa&kind=project", 200},
		{"search", "/api/v1/search?q=SDG+5+women+speakers+Kenya", 200},
		{"search", "/api/v1/search?sort=title&page=2&size=10", 200},
		{"search", "/api/v1/search?year=2023&year=2024&gender_focus=primary", 200},
		{"search", "/api/v1/search?q=%22community+networks%22", 200},
		{"search", "/api/v1/search?q=cyber*", 200},
		{"search", "/api/v1/search?q=teachers+district", 200},
		{"page", "/", 200},
		{"page", "/?q=women&sdg=5", 200},
		{"page", "/?action_line=C7.e-health", 200},
		{"page", "/people?q=cybersecurity", 200},
		{"page", "/insights?sdg=4", 200},
		{"insights", "/api/v1/insights", 200},
		{"insights", "/api/v1/insights?q=teachers", 200},
		{"insights", "/api/v1/insights?region=Africa", 200},
		{"people", "/api/v1/people?q=security", 200},
		{"export", "/api/v1/export?format=csv&sdg=4", 200},
		{"export", "/api/v1/export?format=jsonl", 200},
		{"bad", "/api/v1/search?sdg=99", 400},
		{"bad", "/api/v1/search?page=-1", 400},
		{"bad", "/api/v1/records/no-such-record", 404},
	}
	for i, id := range ids {
		p := "/records/" + url.PathEscape(id)
		if i%2 == 1 {
			p = "/api/v1/records/" + url.PathEscape(id)
		}
		mix = append(mix, loadRequest{"record", p, 200})
	}
	return mix
}

// loadStats are the latencies of one class of requests.
type loadStats struct {
	took []time.Duration
	shed int // answered 503 with Retry-After: no free slot
}

func (s *loadStats) summary() string {
	if len(s.took) == 0 {
		return "none"
	}
	slices.Sort(s.took)
	pct := func(p float64) time.Duration {
		return s.took[int(p*float64(len(s.took)-1))].Round(100 * time.Microsecond)
	}
	return fmt.Sprintf("%d answered, %d shed, p50 %s, p99 %s, max %s", len(s.took)-s.shed, s.shed, pct(0.5), pct(0.99), s.took[len(s.took)-1].Round(time.Millisecond))
}

// TestLoad runs 32 concurrent clients of a mixed load (searches, pages,
// people, insights, exports, record pages) against the real server over
// the demo corpus and generated projects, while files are imported and a
// monitor polls /healthz. Every answer must be the expected one or a 503
// with Retry-After (admission control shedding load); no request may run
// past its deadline. It logs the latencies of each class and of /healthz,
// whose p99 is to stay under 100 ms; it asserts nothing about speed.
func TestLoad(t *testing.T) {
	run := loadShortRun
	if os.Getenv("STOCKTAKE_LOAD") == "1" {
		run = loadFullRun
	}
	ctx := context.Background()
	cat, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "data"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := cat.Close(); err != nil {
			t.Errorf("close catalog: %v", err)
		}
	})
	loadStart := time.Now()
	if _, err := cat.LoadDemo(ctx, stocktake.DemoFS()); err != nil {
		t.Fatal(err)
	}
	var gen strings.Builder
	for i := range loadGenerated {
		fmt.Fprintf(&gen, `{"id": "LOAD-%d", "title": "Digital skills project %d", "countries": [%q], "action_lines": [%q], "sdgs": [%d], "year": %d, "summary": "Training teachers in district %d with community radio and broadband."}`+"\n",
			i, i, []string{"Kenya", "Peru", "India", "Ghana", "Nepal"}[i%5], []string{"C4", "C2", "C7.e-learning"}[i%3], i%17+1, 2015+i%10, i)
	}
	if _, err := cat.ImportReader(ctx, "generated.jsonl", strings.NewReader(gen.String()), catalog.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo corpus and %d generated projects imported in %s", loadGenerated, time.Since(loadStart).Round(time.Millisecond))
	demo, err := cat.Store().Count(ctx)
	if err != nil || demo < 40+loadGenerated {
		t.Fatalf("corpus: %d records, %v", demo, err)
	}
	adm := Admission{}.withDefaults()
	base := startReliabilityServer(t, reliabilityHandler(cat, zerolog.Nop()))
	// Each worker cycles through the classes, so every class gets its
	// share however many requests it has.
	byClass := map[string][]loadRequest{}
	for _, r := range loadMix(slices.Sorted(maps.Keys(storedRecords(t, cat)))[:200]) {
		byClass[r.class] = append(byClass[r.class], r)
	}
	classes := slices.Sorted(maps.Keys(byClass))

	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: loadWorkers + 1},
		Timeout:   5 * time.Minute, // a guard against a hang, not a speed limit
	}
	deadline := time.Now().Add(run)
	start := time.Now()

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		stats    = map[string]*loadStats{}
		failures []string
		failed   int
	)
	for w := range loadWorkers {
		wg.Go(func() {
			mine := map[string]*loadStats{}
			var errs []string
			for i := w * 7; time.Now().Before(deadline); i++ {
				group := byClass[classes[i%len(classes)]]
				r := group[(i/len(classes))%len(group)]
				t0 := time.Now()
				shed, err := loadGet(client, base+r.path, r.want)
				took := time.Since(t0)
				st := mine[r.class]
				if st == nil {
					st = &loadStats{}
					mine[r.class] = st
				}
				st.took = append(st.took, took)
				if shed {
					st.shed++
				}
				limit := adm.QueryTimeout
				if r.class == "export" || r.class == "insights" || strings.HasPrefix(r.path, "/insights") {
					limit = adm.HeavyTimeout
				}
				if took > limit+writeGrace {
					err = errors.Join(err, fmt.Errorf("GET %s took %s, past its deadline of %s", r.path, took, limit))
				}
				if err != nil {
					errs = append(errs, err.Error())
				}
			}
			mu.Lock()
			for class, st := range mine {
				if stats[class] == nil {
					stats[class] = &loadStats{}
				}
				stats[class].took = append(stats[class].took, st.took...)
				stats[class].shed += st.shed
			}
			failed += len(errs)
			failures = append(failures, errs[:min(len(errs), 3)]...)
			mu.Unlock()
		})
	}

	// A monitor polls /healthz, as a load balancer would.
	health := &loadStats{}
	wg.Go(func() {
		for time.Now().Before(deadline) {
			t0 := time.Now()
			if _, err := loadGet(client, base+"/healthz", 200); err != nil {
				mu.Lock()
				failed++
				failures = append(failures, err.Error())
				mu.Unlock()
			}
			health.took = append(health.took, time.Since(t0))
			time.Sleep(loadHealthPeriod)
		}
	})

	// Meanwhile one writer imports a new report now and then, as staff
	// would while the site is in use.
	imported := 0
	for i := 0; time.Now().Before(deadline); i++ {
		doc := fmt.Sprintf("# Load test session number %d on tide gauges\n\nWSIS Forum 2025\nDate: 2025-03-%02d\n\n"+
			"Participants compared tide gauge networks, round %d.\n", i, i%28+1, i)
		res, err := cat.ImportReader(ctx, fmt.Sprintf("load-%d.md", i), strings.NewReader(doc), catalog.ImportOptions{})
		if err != nil || res.Rejected != "" || res.Added != 1 {
			t.Errorf("import %d while serving: %+v, %v", i, res, err)
			break
		}
		imported++
		time.Sleep(loadImportPeriod)
	}
	wg.Wait()
	elapsed := time.Since(start)

	total, shed := 0, 0
	for _, class := range slices.Sorted(maps.Keys(stats)) {
		st := stats[class]
		total += len(st.took)
		shed += st.shed
		t.Logf("%-9s %s", class, st.summary())
	}
	if total == 0 {
		t.Fatal("no request was made")
	}
	t.Logf("load: %d workers, %s, %d requests (%.0f/s), %d shed with 503, %d errors, %d files imported meanwhile; admission: %d searches, %d insights or exports at once",
		loadWorkers, elapsed.Round(time.Millisecond), total, float64(total)/elapsed.Seconds(), shed, failed, imported, adm.Queries, adm.Heavy)
	t.Logf("/healthz  %s", health.summary())
	if failed > 0 {
		t.Errorf("%d of %d requests failed; first ones:\n%s", failed, total, strings.Join(failures, "\n"))
	}

	n, err := cat.Store().Count(ctx)
	if err != nil || n != demo+imported {
		t.Errorf("store holds %d records (err %v), want %d + %d imported", n, err, demo, imported)
	}
	// Text is indexed in the background: the last reports are stored and
	// filterable at once, searchable by their words a moment later.
	if err := cat.WaitSearchable(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var found apiSearch
	getJSON(t, base+"/api/v1/search?q=tide+gauges&size=1", &found)
	if found.Total < imported {
		t.Errorf("search finds %d of the %d reports imported under load", found.Total, imported)
	}
}

// loadGet fetches u and checks its status, reading the whole body so the
// connection is reused. A 503 with Retry-After is load shed by admission
// control: shed is true and it is no error.
func loadGet(c *http.Client, u string, want int) (shed bool, err error) {
	resp, err := c.Get(u)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return false, fmt.Errorf("GET %s: reading the body: %w", u, err)
	}
	if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" && want != http.StatusServiceUnavailable {
		return true, nil
	}
	if resp.StatusCode != want {
		return false, fmt.Errorf("GET %s: status %d, want %d: %.200s", u, resp.StatusCode, want, b)
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && !json.Valid(b) {
		return false, fmt.Errorf("GET %s: invalid JSON", u)
	}
	return false, nil
}

// TestShutdownUnderLoad cancels the server while clients are busy. Run must
// return cleanly, and every response a client got must be whole: shutdown
// may refuse new connections, never cut an answer short or fail it.
func TestShutdownUnderLoad(t *testing.T) {
	cat := openReliabilityCatalog(t, reliabilityFixtures)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, "127.0.0.1:0", reliabilityHandler(cat, zerolog.Nop()), zerolog.Nop(), func(a net.Addr) { addrs <- a })
	}()
	var base string
	select {
	case a := <-addrs:
		base = "http://" + a.String()
	case err := <-done:
		t.Fatalf("Run: %v", err)
	}

	paths := []string{"/api/v1/search", "/api/v1/search?q=radio&sdg=9", "/api/v1/search?kind=project&sort=title", "/healthz"}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadWorkers}, Timeout: time.Minute}
	var whole atomic.Int64
	var mu sync.Mutex
	var bad []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range loadWorkers {
		wg.Go(func() {
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				problem := shutdownGet(ctx, client, base+paths[i%len(paths)])
				if problem == "" {
					whole.Add(1)
					continue
				}
				mu.Lock()
				bad = append(bad, problem)
				mu.Unlock()
			}
		})
	}
	// Shut down once the clients are well under way.
	for whole.Load() < 200 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	err := <-done
	close(stop)
	wg.Wait()
	if err != nil {
		t.Errorf("Run after cancel under load = %v, want nil", err)
	}
	if len(bad) > 0 {
		t.Errorf("%d bad responses around shutdown; first: %s", len(bad), bad[0])
	}
	n, err := cat.Store().Count(context.Background())
	if err != nil || n != 4 {
		t.Errorf("store holds %d records after shutdown (err %v), want 4", n, err)
	}
}

// shutdownGet fetches u and describes what went wrong, or returns "". A
// failure to connect once the server is shutting down (ctx done) is the
// expected refusal, not a problem.
func shutdownGet(ctx context.Context, c *http.Client, u string) string {
	resp, err := c.Get(u)
	if err != nil {
		if ctx.Err() != nil {
			return ""
		}
		return fmt.Sprintf("GET %s before shutdown: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return fmt.Sprintf("GET %s: cut short: %v", u, err)
	case resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "":
		// Shed by admission control: a whole answer.
	case resp.StatusCode != http.StatusOK:
		return fmt.Sprintf("GET %s: status %d", u, resp.StatusCode)
	case !json.Valid(b):
		return fmt.Sprintf("GET %s: body is not whole JSON (%d bytes)", u, len(b))
	}
	return ""
}

// TestSlowHeadersAreCut opens a connection that never finishes its request
// headers (slowloris) and checks the server closes it rather than holding
// it open. It waits for the server's header timeout, so it runs only with
// STOCKTAKE_LOAD=1.
func TestSlowHeadersAreCut(t *testing.T) {
	if os.Getenv("STOCKTAKE_LOAD") != "1" {
		t.Skip("waits for the header timeout; set STOCKTAKE_LOAD=1 to run it")
	}
	base := startReliabilityServer(t, reliabilityHandler(openReliabilityCatalog(t, reliabilityFixtures), zerolog.Nop()))
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: stocktake\r\nX-Slow: "); err != nil {
		t.Fatal(err)
	}
	// Our own deadline, far beyond the server's header timeout, only keeps a
	// broken server from hanging the test.
	if err := conn.SetReadDeadline(time.Now().Add(20 * readHeaderTimeout)); err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept a connection with unfinished headers open for %s", 20*readHeaderTimeout)
	}
}
