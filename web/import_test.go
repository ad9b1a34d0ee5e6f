package web

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/search"
)

// TestImportWhileServing uploads files to a running server that owns the
// data dir and checks the job's results and that the records are found.
func TestImportWhileServing(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cat, err := catalog.Open(ctx, t.TempDir(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	const token = "s3cret-staff-token"
	h := New(Config{Search: search.New(cat.Index(), cat.Store()), Records: cat.Store(), Logger: zerolog.Nop(),
		StaffToken: token, Importer: cat, ImportContext: ctx})
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- Run(ctx, "127.0.0.1:0", h, zerolog.Nop(), func(a net.Addr) { addrs <- a }) }()
	base := "http://" + (<-addrs).String()
	defer func() { cancel(); <-done }()

	upload := func(tok string, files map[string]string) *http.Response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for name, content := range files {
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write([]byte(content))
		}
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, base+ImportPath, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	files := map[string]string{
		"kiosks.md":  "Source: https://example.org/kiosks\n\n# Solar kiosks for market towns\n\nA project bringing charging and internet kiosks to market towns.\n",
		"binary.pdf": "%PDF-1.4\x00\x01\x02",
	}
	for _, tok := range []string{"", "wrong-token"} {
		resp := upload(tok, files)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("upload with token %q: status %d, want 401", tok, resp.StatusCode)
		}
	}
	resp := upload(token, files)
	var job Job
	json.NewDecoder(resp.Body).Decode(&job)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted || job.ID == "" || resp.Header.Get("Location") == "" {
		t.Fatalf("upload: status %d, job %+v", resp.StatusCode, job)
	}
	// Poll the job; the deadline only guards against a hang, it is not a
	// performance assertion.
	deadline := time.Now().Add(30 * time.Second)
	for job.State == "running" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		req, _ := http.NewRequest(http.MethodGet, base+resp.Header.Get("Location"), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(r.Body).Decode(&job)
		r.Body.Close()
	}
	if job.State != "done" || job.Done != 2 || len(job.Results) != 2 {
		t.Fatalf("job = %+v", job)
	}
	added, rejected := 0, 0
	for _, r := range job.Results {
		added += r.Added
		if r.Rejected != "" {
			rejected++
		}
	}
	if added != 1 || rejected != 1 {
		t.Errorf("results %+v: want 1 added and the binary file rejected", job.Results)
	}
	var found apiSearch
	getJSON(t, base+"/api/v1/search?q=kiosks", &found)
	if found.Total != 1 {
		t.Errorf("the imported record is not searchable: total %d", found.Total)
	}
}

func TestImportDisabledWithoutToken(t *testing.T) {
	h := New(Config{Search: &fakeSearch{}, Records: fakeRecords{}, Logger: zerolog.Nop()})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, ImportPath, nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503 when no staff token is configured", rec.Code)
	}
}
