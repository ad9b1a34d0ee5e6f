package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// staffClient is a browser-like client: cookies kept, redirects not
// followed, so each step can be checked.
func staffClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// post sends a form as a page of origin would.
func post(t *testing.T, c *http.Client, target, origin string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	return do(t, c, req)
}

func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func getWith(t *testing.T, c *http.Client, target string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, c, req)
}

func TestStaffSignInAndImportPage(t *testing.T) {
	var logs lockedBuffer
	base := startTestServer(t, Config{StaffToken: fixtureStaffToken, Logger: zerolog.New(&logs).Level(zerolog.DebugLevel)}, "testdata")
	var bodies []string
	keep := func(_ *http.Response, body string) string { bodies = append(bodies, body); return body }

	t.Run("refused", func(t *testing.T) {
		c := staffClient(t)
		tests := []struct {
			name, origin, token string
			want                int
		}{
			{"no origin", "", fixtureStaffToken, http.StatusForbidden},
			{"foreign origin", "https://evil.example", fixtureStaffToken, http.StatusForbidden},
			{"wrong token", base, "nope", http.StatusUnauthorized},
			{"empty token", base, "", http.StatusUnauthorized},
		}
		for _, tt := range tests {
			resp, body := post(t, c, base+"/staff/signin", tt.origin, url.Values{"token": {tt.token}})
			keep(resp, body)
			if resp.StatusCode != tt.want {
				t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.want)
			}
			if len(resp.Cookies()) > 0 {
				t.Errorf("%s: a cookie was set", tt.name)
			}
		}
		// People details stay hidden without a session.
		if _, body := getWith(t, c, base+"/people?q=dlamini"); strings.Contains(body, "@") {
			t.Error("the public people page shows an e-mail address")
		}
	})

	t.Run("redirect stays on the site", func(t *testing.T) {
		for _, next := range []string{"//evil.example", "https://evil.example/x", "/\\evil.example", "evil"} {
			c := staffClient(t)
			resp, body := post(t, c, base+"/staff/signin", base, url.Values{"token": {fixtureStaffToken}, "next": {next}})
			keep(resp, body)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/import" {
				t.Errorf("next=%q: status %d, Location %q; want 303 to /import", next, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
	})

	t.Run("cookie tampering", func(t *testing.T) {
		c := staffClient(t)
		resp, _ := post(t, c, base+"/staff/signin", base, url.Values{"token": {fixtureStaffToken}, "next": {"/people"}})
		var cookie *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == sessionCookie {
				cookie = ck
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || strings.Contains(cookie.Value, fixtureStaffToken) {
			t.Fatalf("session cookie = %+v", cookie)
		}
		for name, v := range map[string]string{
			"other id":      strings.Repeat("0", len(cookie.Value)),
			"one char more": cookie.Value + "0",
			"one char less": cookie.Value[1:],
			"upper case":    strings.ToUpper(cookie.Value),
			"empty":         "",
			"old format":    "99999999999." + strings.Repeat("0", 64),
			"device cookie": deviceFrom(resp),
		} {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/import", nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: v})
			if resp, _ := do(t, staffClient(t), req); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("%s: /import answered %d, want a redirect to sign in", name, resp.StatusCode)
			}
		}
	})

	t.Run("import through the page", func(t *testing.T) {
		c := staffClient(t)
		if resp, _ := getWith(t, c, base+"/import"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/staff?next=") {
			t.Fatalf("/import before sign-in: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, body := post(t, c, base+"/staff/signin", base, url.Values{"token": {fixtureStaffToken}, "next": {"/import"}})
		keep(resp, body)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d %s", resp.StatusCode, body)
		}
		if _, body := getWith(t, c, base+"/people?q=dlamini"); !strings.Contains(body, "@") {
			t.Error("signed-in staff do not see contact details on /people")
		}
		page := keep(getWith(t, c, base+"/import"))
		if !strings.Contains(page, `enctype="multipart/form-data"`) {
			t.Fatal("the import page has no upload form")
		}

		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		fw, _ := mw.CreateFormFile("file", "harbour-radio.md")
		io.WriteString(fw, "Source: https://example.org/harbour\n\n# Harbour radio alerts\n\nA project sending storm alerts to fishing crews by radio, SDG 14.\n")
		fw, _ = mw.CreateFormFile("file", "blob.txt")
		fw.Write([]byte{0, 1, 2})
		mw.Close()
		upload := func(origin string) *http.Response {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/import", bytes.NewReader(form.Bytes()))
			req.Header.Set("Content-Type", mw.FormDataContentType())
			if origin != "" {
				req.Header.Set("Origin", origin)
			}
			resp, body := do(t, c, req)
			keep(resp, body)
			return resp
		}
		if resp := upload("https://evil.example"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("upload from a foreign origin: %d, want 403", resp.StatusCode)
		}
		resp = upload(base)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/import/") {
			t.Fatalf("upload: %d, Location %q", resp.StatusCode, loc)
		}
		// Poll the job page; the deadline guards against a hang only.
		var job string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			job = keep(getWith(t, c, base+loc))
			if !strings.Contains(job, `http-equiv="refresh"`) {
				break
			}
		}
		for _, want := range []string{"Done.", "harbour-radio.md", "blob.txt", "Rejected: ", "<progress"} {
			if !strings.Contains(job, want) {
				t.Errorf("the finished job page lacks %q", want)
			}
		}
		if _, body := getWith(t, c, base+"/api/v1/search?q=harbour"); !strings.Contains(body, "Harbour radio alerts") {
			t.Error("the uploaded record is not searchable")
		}
		if resp, _ := post(t, c, base+"/staff/signout", base, nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("sign-out: %d", resp.StatusCode)
		}
		if resp, _ := getWith(t, c, base+"/import"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("/import after sign-out: %d, want a redirect to sign in", resp.StatusCode)
		}
	})

	t.Run("rate limit", func(t *testing.T) {
		c := staffClient(t)
		var last *http.Response
		for range maxAuthFailures + 1 {
			resp, body := post(t, c, base+"/staff/signin", base, url.Values{"token": {"guess"}})
			keep(resp, body)
			last = resp
		}
		if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
			t.Errorf("after %d failures: %d, Retry-After %q; want 429 with Retry-After", maxAuthFailures+1, last.StatusCode, last.Header.Get("Retry-After"))
		}
	})

	for _, b := range append(bodies, logs.String()) {
		if strings.Contains(b, fixtureStaffToken) {
			t.Fatal("the staff token appears in a response or in the log")
		}
	}
}

// deviceFrom returns the device cookie a sign-in set, or "".
func deviceFrom(resp *http.Response) string {
	for _, ck := range resp.Cookies() {
		if ck.Name == deviceCookie {
			return ck.Value
		}
	}
	return ""
}
