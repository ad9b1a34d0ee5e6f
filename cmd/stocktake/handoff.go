package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/web"
)

// serverFile is written into the data dir by a running server (owner-only)
// so that `stocktake import` on the same dir can hand its files over
// instead of waiting on the bbolt lock.
const serverFile = "server.json"

type serverInfo struct {
	Addr  string `json:"addr"`  // host:port reachable from this machine
	Token string `json:"token"` // the hand-off token: imports only, never a sign-in
	PID   int    `json:"pid"`
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// writeServerInfo records where the server listens; a wildcard address is
// reached through loopback.
func writeServerInfo(dir string, addr net.Addr, token string) error {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	b, err := json.Marshal(serverInfo{Addr: net.JoinHostPort(host, port), Token: token, PID: os.Getpid()})
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, serverFile), b)
}

// writeAtomic replaces the file at path with b, owner-only, so that a
// reader (an import looking for the server) sees the old file or the new
// one, never a half-written one, even after a crash: a temporary file in
// the same directory, synced, then renamed over path.
func writeAtomic(path string, b []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	// The rename itself is durable once the directory is synced.
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func readServerInfo(dir string) (serverInfo, error) {
	var si serverInfo
	b, err := os.ReadFile(filepath.Join(dir, serverFile))
	if err != nil {
		return si, err
	}
	if err := json.Unmarshal(b, &si); err != nil || si.Addr == "" || si.Token == "" {
		return si, fmt.Errorf("%s is not a stocktake server file", serverFile)
	}
	return si, nil
}

// handOff uploads files to the server that owns dir and waits for its job.
func handOff(ctx context.Context, si serverInfo, files []string, progress func(done int)) ([]catalog.FileResult, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := func() error {
			for _, p := range files {
				f, err := os.Open(p)
				if err != nil {
					return err
				}
				part, err := mw.CreateFormFile("file", filepath.Base(p))
				if err == nil {
					_, err = io.Copy(part, f)
				}
				f.Close()
				if err != nil {
					return err
				}
			}
			return mw.Close()
		}()
		pw.CloseWithError(err)
	}()
	base := "http://" + si.Addr
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+web.ImportPath, pr)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+si.Token)
	var job web.Job
	client := handOffClient()
	if err := doJSON(client, req, http.StatusAccepted, &job); err != nil {
		return nil, fmt.Errorf("hand files to the server at %s: %w", si.Addr, err)
	}
	for job.State == "running" {
		select {
		case <-ctx.Done():
			return job.Results, fmt.Errorf("stopped waiting; the server goes on with job %s: %w", job.ID, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+web.ImportPath+"/"+job.ID, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+si.Token)
		if err := doJSON(client, req, http.StatusOK, &job); err != nil {
			return job.Results, fmt.Errorf("import job %s: %w", job.ID, err)
		}
		if progress != nil {
			progress(job.Done)
		}
	}
	if job.State == "failed" {
		return job.Results, fmt.Errorf("the server's import job %s failed: %s", job.ID, job.Error)
	}
	return job.Results, nil
}

// handOffClient fails fast: a server that does not answer in seconds is
// not one to wait for.
func handOffClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Minute, Transport: &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 3 * time.Second}).DialContext,
		ResponseHeaderTimeout: 5 * time.Minute,
	}}
}

func doJSON(client *http.Client, req *http.Request, want int, v any) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		var p struct{ Error string }
		_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&p)
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, p.Error)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}
