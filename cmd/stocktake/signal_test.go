package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/importers"
	"github.com/wsis-tools/stocktake/web"
)

// envChildArgs carries the command line of TestChildMain, as JSON.
const envChildArgs = "STOCKTAKE_TEST_MAIN_ARGS"

// TestChildMain is the real program (main, with its signal handling) in a
// child process of the signal tests.
func TestChildMain(t *testing.T) {
	raw := os.Getenv(envChildArgs)
	if raw == "" {
		t.Skip("child process of the signal tests")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	os.Args = append([]string{"stocktake"}, args...)
	main()
}

// child starts the program with args in a process of its own.
func child(t *testing.T, env []string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	raw, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildMain$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), envChildArgs+"="+string(raw)), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out, &errb
}

// stop sends sig and waits for the process; the guard only catches a
// hang. It returns the exit code and how long the process took to go.
func stop(t *testing.T, cmd *exec.Cmd, sig os.Signal) (int, time.Duration) {
	t.Helper()
	sent := time.Now()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("the process did not stop within a minute of %v", sig)
	}
	return cmd.ProcessState.ExitCode(), time.Since(sent)
}

// waitForOpen waits until the child has path open: it is reading or
// parsing it, so main's signal handling is in place. Where /proc is not
// there to tell, it waits two seconds.
func waitForOpen(t *testing.T, cmd *exec.Cmd, path string) {
	t.Helper()
	fds := fmt.Sprintf("/proc/%d/fd", cmd.Process.Pid)
	if _, err := os.Stat(fds); err != nil {
		time.Sleep(2 * time.Second)
		return
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		entries, _ := os.ReadDir(fds)
		for _, e := range entries {
			if target, _ := os.Readlink(filepath.Join(fds, e.Name())); target == path {
				return
			}
		}
	}
	t.Fatalf("the child never opened %s", path)
}

// slowReport is a text report at the text limit: extracting it takes
// seconds, so a signal lands while it is being parsed.
func slowReport(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# Spectrum sharing in rural districts\n\n")
	for b.Len() < importers.MaxTextBytes-200 {
		b.WriteString("Delegates compared notes on backhaul costs, shared towers and local ownership.\n")
	}
	path := filepath.Join(dir, "slow-report.md")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSignalsStopParseAndImport sends SIGTERM to `parse` and SIGINT to
// `import` while they read a slow file. Before, both ran their parser to
// the end (or forever, on a PDF whose page tree loops); now they stop at
// once, without output for the unfinished file and without storing it.
func TestSignalsStopParseAndImport(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	report := slowReport(t, dir)

	t.Run("parse", func(t *testing.T) {
		cmd, out, errb := child(t, nil, "parse", "--json", report)
		waitForOpen(t, cmd, report)
		code, took := stop(t, cmd, syscall.SIGTERM)
		t.Logf("parse stopped %s after SIGTERM, exit %d", took.Round(time.Millisecond), code)
		if code != exitFailure || out.Len() > 0 || !strings.Contains(errb.String(), "canceled") {
			t.Errorf("exit %d, stdout %d bytes, stderr %q; want exit 1, no record and the cancellation said", code, out.Len(), errb.String())
		}
	})

	t.Run("import", func(t *testing.T) {
		data := filepath.Join(dir, "data")
		cmd, _, errb := child(t, nil, "import", "--data", data, report)
		waitForOpen(t, cmd, report)
		code, took := stop(t, cmd, os.Interrupt)
		t.Logf("import stopped %s after SIGINT, exit %d", took.Round(time.Millisecond), code)
		if code != exitFailure || !strings.Contains(errb.String(), "stopped by a signal") {
			t.Errorf("exit %d, stderr %q; want exit 1 saying it was stopped", code, errb.String())
		}
		if n := storedCount(t, data); n != 0 {
			t.Errorf("%d records stored from the interrupted file", n)
		}
	})
}

// TestSignalStopsServeWithAnUploadRunning uploads a slow file to a child
// `serve`, then sends SIGTERM while the job parses it. Before, the job and
// with it the server ran on until the parser finished (or forever).
func TestSignalStopsServeWithAnUploadRunning(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	report := slowReport(t, dir)
	data := filepath.Join(dir, "data")
	token := "serve-signal-test-token-4b1e"
	cmd, _, errb := child(t, []string{"STOCKTAKE_STAFF_TOKEN=" + token}, "serve", "--data", data, "--addr", "127.0.0.1:0", "--no-demo")
	si := waitForServer(t, data, cmd, errb)

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "slow-report.md")
	b, _ := os.ReadFile(report)
	fw.Write(b)
	mw.Close()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+si.Addr+web.ImportPath, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	// The job parses a spooled copy; give it a moment to start.
	time.Sleep(time.Second)
	code, took := stop(t, cmd, syscall.SIGTERM)
	t.Logf("serve stopped %s after SIGTERM with an import running, exit %d", took.Round(time.Millisecond), code)
	if code != exitOK {
		t.Errorf("serve exit %d: %s", code, errb.String())
	}
	if n := storedCount(t, data); n != 0 {
		t.Errorf("%d records stored: the import ran to its end instead of being cancelled", n)
	}
}

// waitForServer waits for a child server to write its server.json.
func waitForServer(t *testing.T, data string, cmd *exec.Cmd, errb *bytes.Buffer) serverInfo {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if si, err := readServerInfo(data); err == nil {
			return si
		}
		if cmd.ProcessState != nil {
			break
		}
	}
	_ = cmd.Process.Kill()
	t.Fatalf("the server never started: %s", errb.String())
	return serverInfo{}
}

// storedCount opens the data dir and counts its records.
func storedCount(t *testing.T, data string) int {
	t.Helper()
	if _, err := os.Stat(data); os.IsNotExist(err) {
		return 0
	}
	c, err := catalog.Open(context.Background(), data, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	n, err := c.Store().Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
