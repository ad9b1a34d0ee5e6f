package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/search"
)

// signIn signs c in through the form and returns the response.
func signIn(t *testing.T, c *http.Client, base, token string) *http.Response {
	t.Helper()
	resp, _ := post(t, c, base+"/staff/signin", base, url.Values{"token": {token}, "next": {"/import"}})
	return resp
}

// uploadReq is a one-file upload to the import API.
func uploadReq(t *testing.T, base, name, body string) *http.Request {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(body))
	mw.Close()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+ImportPath, &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

// TestCSRFOnTheImportAPI: before, POST /api/v1/import took the staff
// session cookie without the Origin check the /import page makes, so any
// site could make a signed-in browser import files.
func TestCSRFOnTheImportAPI(t *testing.T) {
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken}, "testdata")
	c := staffClient(t)
	if resp := signIn(t, c, base, fixtureStaffToken); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	tests := []struct {
		name, origin, bearer string
		want                 int
	}{
		{"cookie, no origin", "", "", http.StatusForbidden},
		{"cookie, foreign origin", "https://evil.example", "", http.StatusForbidden},
		{"cookie, null origin", "null", "", http.StatusForbidden},
		{"cookie, from the site", base, "", http.StatusAccepted},
		{"bearer token, no origin", "", fixtureStaffToken, http.StatusAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := uploadReq(t, base, "csrf.md", "# Harbour radio\n\nStorm alerts for fishing crews.\n")
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.bearer != "" {
				req.Header.Set("Authorization", "Bearer "+tt.bearer)
			}
			if resp, body := do(t, c, req); resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tt.want, body)
			}
		})
	}
}

// TestSignInRedirectsOnlyToLocalPages: before, next=/%09/evil.example/x
// passed the check and became Location: /\t/evil.example/x, which URL
// parsers resolve to the other host.
func TestSignInRedirectsOnlyToLocalPages(t *testing.T) {
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken}, "testdata")
	for next, want := range map[string]string{
		"/\t/evil.example/x":       "/import",
		"/%09/evil.example/x":      "/import",
		"/\\evil.example":          "/import",
		"//evil.example":           "/import",
		"/./evil.example":          "/import",
		"/import/../../evil":       "/import",
		"https://evil.example/":    "/import",
		"/people":                  "/people",
		"/import/0123456789abcdef": "/import/0123456789abcdef",
		"/insights":                "/insights",
	} {
		resp, _ := post(t, staffClient(t), base+"/staff/signin", base, url.Values{"token": {fixtureStaffToken}, "next": {next}})
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != want {
			t.Errorf("next=%q: %d to %q, want 303 to %q", next, resp.StatusCode, loc, want)
		}
	}
	// The sign-in page also only carries a local target in its form.
	_, page := getWith(t, staffClient(t), base+"/staff?next="+url.QueryEscape("/\t/evil.example/x"))
	if strings.Contains(page, "evil.example") {
		t.Error("the sign-in page carries the foreign target")
	}
}

// TestSignOutRevokesTheSession: before, the cookie stayed valid for 12
// hours after signing out.
func TestSignOutRevokesTheSession(t *testing.T) {
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken}, "testdata")
	c := staffClient(t)
	resp := signIn(t, c, base, fixtureStaffToken)
	var session string
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			session = ck.Value
		}
	}
	if session == "" {
		t.Fatal("no session cookie")
	}
	if resp, _ := post(t, c, base+"/staff/signout", base, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", resp.StatusCode)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/import", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
	if resp, _ := do(t, staffClient(t), req); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a copy of the signed-out cookie still opens /import (%d)", resp.StatusCode)
	}
}

// TestBearerTokenGuessingIsThrottled: before, 13,834 wrong guesses in 5 s
// were all checked.
func TestBearerTokenGuessingIsThrottled(t *testing.T) {
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken}, "testdata")
	guess := func(token string) *http.Response {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+ImportPath+"/0123456789abcdef", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, _ := do(t, staffClient(t), req)
		return resp
	}
	for i := range maxAuthFailures {
		if resp := guess("guess"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d, want 401", i, resp.StatusCode)
		}
	}
	resp := guess("guess")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("guess past the limit: %d, Retry-After %q; want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// The pages do not check the token for a throttled client either: no
	// contact details to tell a right guess.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/api/v1/people?q=dlamini", nil)
	req.Header.Set("Authorization", "Bearer "+fixtureStaffToken)
	if _, body := do(t, staffClient(t), req); strings.Contains(body, "@") {
		t.Error("a throttled client had its token checked on the people API")
	}
}

func TestAuthLimiter(t *testing.T) {
	var l authLimiter
	now := time.Now()
	for range maxAuthFailures {
		if l.wait("ip:a", now) != 0 {
			t.Fatal("throttled before the limit")
		}
		l.fail("ip:a", now)
	}
	if w := l.wait("ip:a", now); w <= 0 || w > authRefill {
		t.Errorf("wait after the limit = %s, want (0, %s]", w, authRefill)
	}
	if l.wait("ip:b", now) != 0 {
		t.Error("another client is throttled")
	}
	// Not forever: one attempt comes back every authRefill, and a success
	// forgets the failures.
	if w := l.wait("ip:a", now.Add(authRefill)); w != 0 {
		t.Errorf("still throttled after %s: %s", authRefill, w)
	}
	l.succeed("ip:a")
	if l.wait("ip:a", now) != 0 {
		t.Error("throttled after a success")
	}
}

// TestDeviceCookieSurvivesGuessingFromItsAddress: before, once the
// sign-in limit of an address tripped, the right token was refused too.
// A browser that signed in before keeps its own count.
func TestDeviceCookieSurvivesGuessingFromItsAddress(t *testing.T) {
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken}, "testdata")
	staff := staffClient(t)
	if resp := signIn(t, staff, base, fixtureStaffToken); resp.StatusCode != http.StatusSeeOther || deviceFrom(resp) == "" {
		t.Fatalf("first sign-in: %d, device cookie %q", resp.StatusCode, deviceFrom(resp))
	}
	if resp, _ := post(t, staff, base+"/staff/signout", base, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatal("sign-out failed")
	}
	attacker := staffClient(t) // same address, no device cookie
	for range maxAuthFailures + 1 {
		post(t, attacker, base+"/staff/signin", base, url.Values{"token": {"guess"}})
	}
	if resp := signIn(t, attacker, base, fixtureStaffToken); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the guessing client: %d, want 429", resp.StatusCode)
	}
	if resp := signIn(t, staff, base, fixtureStaffToken); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("staff with a device cookie, same address: %d, want 303", resp.StatusCode)
	}
}

func TestCheckToken(t *testing.T) {
	for token, ok := range map[string]bool{"x": false, "fifteen-chars!!": false, "  padded-short  ": false, "sixteen-chars!!!": true, randomHex(24): true} {
		if err := CheckToken(token); (err == nil) != ok {
			t.Errorf("CheckToken(%q) = %v", token, err)
		}
	}
}

// TestDiskFullIsReadOnly: the health check says so, uploads get 503 with
// Retry-After, reads go on; once space returns, uploads work again.
func TestDiskFullIsReadOnly(t *testing.T) {
	ctx := context.Background()
	free := uint64(1 << 20)
	cat, err := catalog.Open(ctx, t.TempDir(), zerolog.Nop(),
		catalog.WithFreeSpace(func(string) (uint64, uint64, error) { return free, 100 << 30, nil }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	h := New(Config{Search: search.New(cat.Index(), cat.Store()), Records: cat.Store(), Logger: zerolog.Nop(),
		StaffToken: fixtureStaffToken, Importer: cat, ImportContext: ctx, Writes: cat, SpoolDir: cat.Spool()})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	var hz health
	getJSON(t, srv.URL+"/healthz", &hz)
	if hz.Status != "degraded" || !hz.ReadOnly || !strings.Contains(hz.Reason, "disk") || strings.Contains(hz.Reason, "/") {
		t.Errorf("healthz = %+v, want degraded, read-only, a reason without a path", hz)
	}
	req := uploadReq(t, srv.URL, "tide.md", "# Tide gauges\n\nHarbour towns share tide data.\n")
	req.Header.Set("Authorization", "Bearer "+fixtureStaffToken)
	resp, body := do(t, staffClient(t), req)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "full") {
		t.Errorf("upload on a full disk: %d, Retry-After %q, %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if resp, _ := getWith(t, staffClient(t), srv.URL+"/api/v1/search?q=tide"); resp.StatusCode != http.StatusOK {
		t.Errorf("search on a full disk: %d", resp.StatusCode)
	}
	free = 10 << 30
	time.Sleep(2100 * time.Millisecond) // the catalog measures again every 2 s
	getJSON(t, srv.URL+"/healthz", &hz)
	if hz.Status != "ok" || hz.ReadOnly {
		t.Errorf("healthz once space returned = %+v", hz)
	}
	req = uploadReq(t, srv.URL, "tide.md", "# Tide gauges\n\nHarbour towns share tide data.\n")
	req.Header.Set("Authorization", "Bearer "+fixtureStaffToken)
	if resp, body := do(t, staffClient(t), req); resp.StatusCode != http.StatusAccepted {
		t.Errorf("upload once space returned: %d %s", resp.StatusCode, body)
	}
}

// blockingSearch holds every search until released or its context ends.
type blockingSearch struct {
	*fakeSearch
	started chan struct{}
	release chan struct{}
}

func (b *blockingSearch) Search(ctx context.Context, req search.Request) (search.Response, error) {
	b.started <- struct{}{}
	select {
	case <-b.release:
		return b.fakeSearch.Search(ctx, req)
	case <-ctx.Done():
		return search.Response{}, ctx.Err()
	}
}

// TestAdmissionControl: before, nothing bounded the work of anonymous
// requests: 32 clients on uncached insights queued for a minute each, and
// /healthz waited behind them.
func TestAdmissionControl(t *testing.T) {
	s, recs := fixture()
	b := &blockingSearch{fakeSearch: s, started: make(chan struct{}, 8), release: make(chan struct{})}
	h := New(Config{Search: b, Records: recs, Logger: zerolog.Nop(),
		Admission: Admission{Queries: 1, Wait: 20 * time.Millisecond, QueryTimeout: 300 * time.Millisecond}})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	first := make(chan *http.Response, 1)
	go func() {
		resp, err := http.Get(srv.URL + "/api/v1/search?q=radio")
		if err != nil {
			t.Error(err)
		}
		first <- resp
	}()
	<-b.started // the one slot is taken

	resp, err := http.Get(srv.URL + "/api/v1/search?q=women")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("a search with no free slot: %d, Retry-After %q; want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp, err := http.Get(srv.URL + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz while the searches are busy: %v %v", resp, err)
	}
	// The held search runs into its deadline: 503, not a hang.
	if resp := <-first; resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("the search past its deadline: %v, want 503", resp)
	}
	close(b.release)
	if resp, err := http.Get(srv.URL + "/api/v1/search?q=radio"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("a search once the slot is free: %v %v", resp, err)
	}
}

// TestSearchesQueueForTheirSlot: a search that finds the slot taken waits
// for it (by default up to a second) and is answered, rather than refused:
// with the 100 ms wait of before, eight users on two cores had 45 % of
// their searches refused.
func TestSearchesQueueForTheirSlot(t *testing.T) {
	s, recs := fixture()
	b := &blockingSearch{fakeSearch: s, started: make(chan struct{}, 8), release: make(chan struct{})}
	h := New(Config{Search: b, Records: recs, Logger: zerolog.Nop(),
		Admission: Admission{Queries: 1}})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	get := func(path string) chan int {
		c := make(chan int, 1)
		go func() {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Error(err)
				c <- 0
				return
			}
			resp.Body.Close()
			c <- resp.StatusCode
		}()
		return c
	}
	first := get("/api/v1/search?q=radio")
	<-b.started // the one slot is taken
	second := get("/api/v1/search?q=women")
	time.Sleep(300 * time.Millisecond) // the second search waits in the queue
	close(b.release)
	for i, c := range []chan int{first, second} {
		if code := <-c; code != http.StatusOK {
			t.Errorf("search %d: %d, want 200 once the slot is free", i+1, code)
		}
	}
}

// TestUploadsSpoolInTheDataDir: uploads wait in the data dir's spool,
// which Open sweeps, rather than in the system's temporary folder, where
// every killed server left its uploads behind.
func TestUploadsSpoolInTheDataDir(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cat, err := catalog.Open(ctx, dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	started := make(chan struct{})
	release := make(chan struct{})
	h := New(Config{Search: search.New(cat.Index(), cat.Store()), Records: cat.Store(), Logger: zerolog.Nop(),
		StaffToken: fixtureStaffToken, Importer: heldImporter{cat, started, release}, ImportContext: ctx, SpoolDir: cat.Spool()})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	req := uploadReq(t, srv.URL, "tide.md", "# Tide gauges\n\nHarbour towns share tide data.\n")
	req.Header.Set("Authorization", "Bearer "+fixtureStaffToken)
	if resp, body := do(t, staffClient(t), req); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	<-started
	entries, _ := os.ReadDir(cat.Spool())
	close(release)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "upload-") {
		t.Errorf("spool holds %v while the job runs, want one upload folder", entries)
	}
}

// heldImporter waits for release before importing.
type heldImporter struct {
	*catalog.Catalog
	started, release chan struct{}
}

func (h heldImporter) ImportReader(ctx context.Context, name string, r io.Reader, opt catalog.ImportOptions) (catalog.FileResult, error) {
	close(h.started)
	<-h.release
	return h.Catalog.ImportReader(ctx, name, r, opt)
}
