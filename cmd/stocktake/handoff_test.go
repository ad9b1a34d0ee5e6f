package main

import (
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestServerInfoWrittenAtomically: the hand-off file is owner-only, leaves
// no temporary file behind, gives a wildcard address as loopback, and a
// reader running beside a writer that keeps replacing it never sees a
// partial file.
func TestServerInfoWrittenAtomically(t *testing.T) {
	tests := []struct {
		name, listen, want string
	}{
		{"loopback", "127.0.0.1:8080", "127.0.0.1:8080"},
		{"wildcard", "0.0.0.0:9000", "127.0.0.1:9000"},
		{"ipv6 wildcard", "[::]:9001", "127.0.0.1:9001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			addr, err := net.ResolveTCPAddr("tcp", tt.listen)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeServerInfo(dir, addr, "token-1"); err != nil {
				t.Fatal(err)
			}
			si, err := readServerInfo(dir)
			if err != nil || si.Addr != tt.want || si.Token != "token-1" || si.PID != os.Getpid() {
				t.Fatalf("read back %+v, %v; want %s", si, err, tt.want)
			}
			fi, err := os.Stat(filepath.Join(dir, serverFile))
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("mode %v, %v; want 0600", fi.Mode().Perm(), err)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 1 {
				t.Errorf("%d files in the dir, want only %s", len(ents), serverFile)
			}
		})
	}

	dir := t.TempDir()
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	if err := writeServerInfo(dir, addr, "first"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			tok := "a-much-longer-token-than-the-first-one"
			if i%2 == 0 {
				tok = "short"
			}
			if err := writeServerInfo(dir, addr, tok); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for range 2000 {
		if _, err := readServerInfo(dir); err != nil {
			t.Errorf("a reader saw a partial file: %v", err)
			break
		}
	}
	close(stop)
	wg.Wait()
}
