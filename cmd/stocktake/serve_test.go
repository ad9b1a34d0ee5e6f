package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestImportHandsOffToRunningServer starts `serve` on a data dir, then runs
// `import` on the same dir: the CLI must hand the files to the server
// instead of hanging on the bbolt lock.
func TestImportHandsOffToRunningServer(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var serveErr syncBuffer
	e := &env{stdout: &syncBuffer{}, stderr: &serveErr, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
	exit := make(chan int, 1)
	go func() { exit <- run(ctx, e, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--no-demo"}) }()

	// Wait for the server to announce itself in the data dir.
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(data, serverFile)); err == nil {
			break
		}
		select {
		case code := <-exit:
			t.Fatalf("serve exited with %d: %s", code, serveErr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never wrote %s: %s", serverFile, serveErr.String())
		}
	}

	// Without a staff token sign-in is off, whatever token is tried.
	if si, err := readServerInfo(data); err != nil {
		t.Fatal(err)
	} else {
		form := url.Values{"token": {si.Token}}
		req, _ := http.NewRequest(http.MethodPost, "http://"+si.Addr+"/staff/signin", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://"+si.Addr)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("sign-in with the hand-off token and no staff token: %d, want 503 (sign-in off)", resp.StatusCode)
		}
	}
	code, out, errs := cli(t, "import", "--data", data, sessionFixtures(t))
	if code != 0 || !strings.Contains(errs, "handing the files to the server") || !strings.Contains(out, "5 added") {
		t.Fatalf("import while serving: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	// search and export read through the server, and agree with each other.
	code, out, errs = cli(t, "search", "--data", data, "--size", "100", "--json", "")
	var res searchResult
	if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil || res.Total != 5 || len(res.Hits) != 5 || res.Hits[0].Title == "" {
		t.Errorf("search --json while serving: exit %d (%v), %d hits of %d\n%.300s%s", code, err, len(res.Hits), res.Total, out, errs)
	}
	if code, out, errs := cli(t, "search", "community", "networks", "--data", data); code != 0 || !strings.Contains(out, "1 result") {
		t.Errorf("search while serving: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := cli(t, "export", "--data", data, "--format", "csv"); code != 0 || strings.Count(out, "\n") < 6 {
		t.Errorf("export while serving: exit %d, %d lines\n%.300s%s", code, strings.Count(out, "\n"), out, errs)
	}
	if code, _, errs := cli(t, "search", "--data", data, "--facet", "sdg=99", "x"); code != 2 || !strings.Contains(errs, "not an SDG") {
		t.Errorf("bad filter while serving: exit %d, %s", code, errs)
	}
	// reindex cannot go through the server: it says what to do.
	if code, _, errs := cli(t, "reindex", "--data", data); code != 1 || !strings.Contains(errs, "stop the server first") || strings.Contains(errs, "upload") {
		t.Errorf("reindex while serving: exit %d, %s", code, errs)
	}
	// A dry run needs the data dir itself and says so at once.
	if code, _, errs := cli(t, "import", "--dry-run", "--data", data, sessionFixtures(t)); code != 1 || !strings.Contains(errs, "in use") {
		t.Errorf("dry run while serving: exit %d, %s", code, errs)
	}

	cancel()
	if code := <-exit; code != 0 {
		t.Errorf("serve exited with %d after shutdown: %s", code, serveErr.String())
	}
	if _, err := os.Stat(filepath.Join(data, serverFile)); !os.IsNotExist(err) {
		t.Errorf("%s left behind after shutdown", serverFile)
	}
}

// TestHandoffTokenDoesNotSignIn: DATA/server.json holds a token for the
// command line's hand-off only: it is not the staff token, it does not sign
// in, and imports handed over with it still work.
func TestHandoffTokenDoesNotSignIn(t *testing.T) {
	const staffToken = "staff-token-of-the-operator"
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var serveErr syncBuffer
	e := &env{stdout: &syncBuffer{}, stderr: &serveErr, stdin: strings.NewReader(""), getenv: func(k string) string {
		if k == "STOCKTAKE_STAFF_TOKEN" {
			return staffToken
		}
		return ""
	}}
	exit := make(chan int, 1)
	go func() { exit <- run(ctx, e, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--no-demo"}) }()
	var si serverInfo
	for deadline := time.Now().Add(20 * time.Second); ; {
		var err error
		if si, err = readServerInfo(data); err == nil {
			break
		}
		select {
		case code := <-exit:
			t.Fatalf("serve exited with %d: %s", code, serveErr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never wrote %s: %s", serverFile, serveErr.String())
		}
	}
	if si.Token == staffToken {
		t.Fatal("server.json holds the staff token")
	}
	signIn := func(token string) int {
		form := url.Values{"token": {token}, "next": {"/people"}}
		req, _ := http.NewRequest(http.MethodPost, "http://"+si.Addr+"/staff/signin", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://"+si.Addr)
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := signIn(si.Token); code != http.StatusUnauthorized {
		t.Errorf("sign-in with the hand-off token: %d, want 401", code)
	}
	if code := signIn(staffToken); code != http.StatusSeeOther {
		t.Errorf("sign-in with the staff token: %d, want 303", code)
	}
	if code, out, errs := cli(t, "import", "--data", data, sessionFixtures(t)); code != 0 || !strings.Contains(out, "5 added") {
		t.Errorf("hand-off import: exit %d\n%s%s", code, out, errs)
	}
	cancel()
	<-exit
}
