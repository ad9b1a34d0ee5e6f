package web

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"testing"

	"github.com/rs/zerolog"
)

func TestRunServesAndShutsDown(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	ctx, cancel := context.WithCancel(t.Context())
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- Run(ctx, "127.0.0.1:0", h, zerolog.Nop(), func(a net.Addr) { addrs <- a }) }()

	var addr net.Addr
	select {
	case addr = <-addrs:
	case err := <-done:
		t.Fatalf("Run returned before it was ready: %v", err)
	}
	resp, err := http.Get("http://" + addr.String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health struct{ Status string }
	err = json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || health.Status != "ok" {
		t.Fatalf("healthz: %d %+v %v", resp.StatusCode, health, err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run after cancel = %v, want nil", err)
	}
	if _, err := http.Get("http://" + addr.String() + "/healthz"); err == nil {
		t.Errorf("the server still answers after shutdown")
	}
}

func TestRunReportsListenErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = Run(t.Context(), ln.Addr().String(), http.NotFoundHandler(), zerolog.Nop(), nil)
	if err == nil {
		t.Fatal("Run on a taken port returned nil")
	}
}
