package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake"
	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/web"
)

// axeEnv overrides where axe.min.js is read from. The value axeUnavailable
// says the environment could not fetch it (set by .ci/run).
const (
	axeEnv         = "STOCKTAKE_AXE"
	axeUnavailable = "unavailable"
)

// browserDeadline bounds the whole browser session, so a wedged Chromium
// fails the test instead of hanging CI. It is a guard, not an assertion on
// speed.
const browserDeadline = 10 * time.Minute

// maxPageBytes is the most a page may transfer (issue 7: under 150 KB).
const maxPageBytes = 150_000

// staffToken signs the staff journey in.
const staffToken = "browser-test-staff-token"

// install says how to get what the browser test needs.
const install = "apt-get install -y chromium; npm install --prefix ~/.cache/stocktake/axe axe-core@4.11.1 (or set " + axeEnv + "); see docs/UI.md"

// missing skips the test on a developer machine without the tool, saying
// so (go test -v shows it: a plain `go test` prints "ok" for a skip), but
// fails it in CI (CI=true), where .ci/run installs everything.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found; .ci/run must install it", what)
	}
	t.Skipf("SKIPPED, the browser test did not run: %s not found. To run it: %s", what, install)
}

// findChromium looks for a Chromium or Chrome binary.
func findChromium() (string, bool) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", true
	}
	return "", false
}

// findAxe returns the axe-core script, fetched at test time by .ci/run (or
// by hand), never committed.
func findAxe() (string, bool) {
	candidates := []string{os.Getenv(axeEnv), "/usr/share/nodejs/axe-core/axe.min.js"}
	if home, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, ".cache", "stocktake", "axe", "node_modules", "axe-core", "axe.min.js"))
	}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if b, err := os.ReadFile(p); err == nil && len(b) > 0 {
			return string(b), true
		}
	}
	return "", false
}

// startServer serves the demo corpus on a free local port, with staff
// sign-in, and returns its base URL; the server stops when the test ends.
func startServer(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cat, err := catalog.Open(ctx, t.TempDir(), zerolog.Nop())
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if _, err := cat.LoadDemo(ctx, stocktake.DemoFS()); err != nil {
		cancel()
		t.Fatal(err)
	}
	h := web.New(web.Config{Search: search.New(cat.Index(), cat.Store()), Records: cat.Store(), Logger: zerolog.Nop(),
		StaffToken: staffToken})
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- web.Run(ctx, "127.0.0.1:0", h, zerolog.Nop(), func(a net.Addr) { addrs <- a }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
		if err := cat.Close(); err != nil {
			t.Errorf("close catalog: %v", err)
		}
	})
	select {
	case a := <-addrs:
		return "http://" + a.String()
	case err := <-done:
		t.Fatalf("server: %v", err)
	}
	return ""
}

// viewport is a screen the journeys are walked on.
type viewport struct {
	name   string // "desktop" or "phone"
	w, h   int64
	mobile bool
}

var viewports = []viewport{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}}

// browser is one headless Chromium session on the test server.
type browser struct {
	t      *testing.T
	ctx    context.Context
	base   string
	axe    string // "" when axe-core is unavailable
	vp     viewport
	shots  bool
	timing []string // keystroke-to-results figures, for the log
}

// TestBrowser walks the three users' journeys (docs/UI.md) in headless
// Chromium, on a desktop and on a phone screen: axe-core on every page
// with zero violations, no page wider than the screen, what is drawn
// checked as drawn (colours, sizes, what is in view), and screenshots.
func TestBrowser(t *testing.T) {
	chrome, ok := findChromium()
	if !ok {
		missing(t, "Chromium (chromium, chromium-browser or google-chrome)")
	}
	axe, ok := findAxe()
	switch {
	case ok:
	case os.Getenv(axeEnv) == axeUnavailable:
		// .ci/run could not fetch axe-core (no npm registry there): the
		// browser checks still run, the accessibility audit cannot.
		t.Log("axe-core is unavailable in this environment: accessibility audits are not run")
	default:
		missing(t, "axe-core (axe.min.js)")
	}
	base := startServer(t)

	ctx, cancel := context.WithTimeout(context.Background(), browserDeadline)
	defer cancel()
	ctx, cancel = chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.WindowSize(1280, 900), chromedp.Flag("hide-scrollbars", true))
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()

	b := &browser{t: t, ctx: ctx, base: base, axe: axe, shots: os.Getenv("STOCKTAKE_SCREENSHOTS") == "1"}
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			b.t, b.vp = t, vp
			opts := []chromedp.EmulateViewportOption{}
			if vp.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.w, vp.h, opts...)); err != nil {
				t.Fatal(err)
			}
			t.Run("best practices", func(t *testing.T) { b.t = t; b.bestPractices() })
			t.Run("women speakers", func(t *testing.T) { b.t = t; b.womenSpeakers() })
			t.Run("analyst", func(t *testing.T) { b.t = t; b.analyst() })
		})
	}
	b.t = t
	for _, line := range b.timing {
		t.Log(line)
	}
	// Back to the desktop (EmulateReset would keep the phone's width).
	b.vp = viewports[0]
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(b.vp.w, b.vp.h)); err != nil {
		t.Fatal(err)
	}
	t.Run("keyboard", func(t *testing.T) { b.t = t; b.keyboard() })
	t.Run("no script", func(t *testing.T) { b.t = t; b.withoutScript() })
	t.Run("axe sees violations", func(t *testing.T) { b.t = t; b.axeSeesViolations() })
}

// run runs chromedp actions and fails the test on an error.
func (b *browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates js in the page (awaiting a promise) and returns its
// JSON-decoded value.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %.100s: %v", js, err)
	}
	return v
}

// scriptOff switches JavaScript off or on in the page.
func scriptOff(off bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	})
}

// open loads a page of the site and waits for it.
func (b *browser) open(path string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// here is the current location, without the base.
func (b *browser) here() string {
	b.t.Helper()
	return eval[string](b, `location.pathname + location.search`)
}

// waitFor polls a JS condition until it is true.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](cond, chromedp.EvalAwaitPromise))
		switch {
		case err == nil && ok:
			return
		case err != nil && !strings.Contains(err.Error(), "navigated or closed"):
			// A page that navigates while the condition is read is what
			// is waited for; anything else is an error.
			b.t.Fatalf("evaluate %.100s: %v", cond, err)
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("timed out waiting for %s (%s) at %s", what, cond, b.here())
		}
		b.run("wait", chromedp.Sleep(30*time.Millisecond))
	}
}

// waitForNavigation waits until the page has left from, and its new
// document is loaded, and returns the new location.
func (b *browser) waitForNavigation(from string) string {
	b.t.Helper()
	b.waitFor("navigation from "+from, fmt.Sprintf(`location.pathname + location.search !== %q && document.readyState === "complete"`, from))
	return b.here()
}

// count reads the number at the start of the results heading ("12 records").
func (b *browser) count() int {
	b.t.Helper()
	text, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("#results-heading")))
	if err != nil {
		b.t.Fatalf("results heading: %v", err)
	}
	var n int
	if _, err := fmt.Sscan(text, &n); err != nil {
		b.t.Fatalf("results heading %q: %v", text, err)
	}
	return n
}

// violation is the part of an axe result the test reports.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func (v violation) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&s, "\n      … and %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&s, "\n      %v %s", n.Target, n.HTML)
	}
	return s.String()
}

// runAxe injects axe-core into the current page and returns its violations.
func (b *browser) runAxe() ([]violation, error) {
	loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](b.axe+";typeof axe === 'object'"))
	if err != nil {
		return nil, fmt.Errorf("inject axe: %w", err)
	}
	if !loaded {
		return nil, errors.New("inject axe: axe is not defined after loading the script")
	}
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe: %w", err)
	}
	var vs []violation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		return nil, fmt.Errorf("decode axe results: %w", err)
	}
	return vs, nil
}

// checkPage runs the checks every page passes: no axe violation, nothing
// wider than the screen, the page weight; and takes its screenshot.
func (b *browser) checkPage(name string) {
	b.t.Helper()
	if b.axe != "" {
		vs, err := b.runAxe()
		if err != nil {
			b.t.Fatal(err)
		}
		for _, v := range vs {
			b.t.Errorf("%s (%s): axe: %s", name, b.vp.name, v)
		}
	}
	if overflow := eval[int](b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); overflow > 0 {
		b.t.Errorf("%s: the page is %d px wider than the %s screen", name, overflow, b.vp.name)
	}
	// Page weight: the bytes the browser fetched for the page (HTML, CSS,
	// script, headers included); a file served from the cache counts with
	// its body size, as on a cold load.
	weight := eval[int](b, `performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).reduce((n, e) => n + (e.transferSize || e.encodedBodySize), 0)`)
	b.t.Logf("%s page (%s): %d bytes transferred", name, b.vp.name, weight)
	if weight == 0 || weight > maxPageBytes {
		b.t.Errorf("%s page transferred %d bytes, want 1..%d", name, weight, maxPageBytes)
	}
	b.screenshot(name)
}

// shotPages are the pages whose screenshots the README shows.
var shotPages = []string{"search", "record", "people", "insights"}

// screenshot saves the visible screen as docs/screenshots/NAME.png (desktop)
// or NAME-phone.png, when STOCKTAKE_SCREENSHOTS=1.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	if !b.shots || !slices.Contains(shotPages, name) {
		return
	}
	// No focus ring or hover in the picture.
	eval[bool](b, `(document.activeElement && document.activeElement.blur(), scrollTo(0, 0), true)`)
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if b.vp.name != "desktop" {
		name += "-" + b.vp.name
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// axeSeesViolations: zero violations only means something if axe does
// report them: an image without a text alternative must be caught.
func (b *browser) axeSeesViolations() {
	if b.axe == "" {
		b.t.Skip("axe-core unavailable")
	}
	b.open("/")
	eval[bool](b, `(document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/static/style.css">'), true)`)
	vs, err := b.runAxe()
	if err != nil {
		b.t.Fatal(err)
	}
	if !slices.ContainsFunc(vs, func(v violation) bool { return v.ID == "image-alt" }) {
		b.t.Errorf("axe missed an image without alt text; it reported %v", vs)
	}
}

// withoutScript: with JavaScript off, searching, a facet and a record's
// way back still work (the script only enhances).
func (b *browser) withoutScript() {
	b.run("switch script off", scriptOff(true))
	defer b.run("switch script on", scriptOff(false))
	b.open("/")
	b.run("type a query", chromedp.SendKeys(chromedp.CSS("#q"), "e-agriculture Africa"+kb.Enter))
	results := b.waitForNavigation("/")
	if !strings.Contains(results, "q=e-agriculture+Africa") || b.count() == 0 {
		b.t.Errorf("without script: %s with %d results", results, b.count())
	}
	if n := eval[int](b, `document.querySelectorAll(".facet-filter").length`); n != 0 {
		b.t.Errorf("%d facet filter boxes without script", n)
	}
	facet := eval[string](b, `document.querySelector(".facets .facet a").getAttribute("href")`)
	b.run("tick a facet", chromedp.Click(chromedp.CSS(".facets .facet a")))
	if got := b.waitForNavigation(results); got != facet {
		b.t.Errorf("without script the facet link led to %s, want %s", got, facet)
	}
	results = facet
	b.run("open a record", chromedp.Click(chromedp.CSS(".hits li h3 a")))
	record := b.waitForNavigation(results)
	b.run("back", chromedp.Click(chromedp.CSS(".breadcrumb a")))
	if back := b.waitForNavigation(record); back != results {
		b.t.Errorf("without script the record links back to %s, want %s", back, results)
	}
}
