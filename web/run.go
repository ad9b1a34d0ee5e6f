package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/rs/zerolog"
)

// Server timeouts. Each request also has its own deadline and write
// deadline (see Admission); writeTimeout only backs them up.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 6 * time.Minute
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
	// On shutdown, requests in flight get shutdownGrace to finish; then
	// their contexts are cancelled and they get shutdownGrace more to
	// answer; then their connections are closed. A signal stops the server
	// within about two seconds whatever it is doing.
	shutdownGrace = time.Second
)

// Run serves h on addr until ctx is done, then shuts down gracefully,
// letting requests in flight finish for a while. ready, when not nil, is
// called with the bound address once the listener is open, so callers may
// pass ":0" and learn the port.
func Run(ctx context.Context, addr string, h http.Handler, log zerolog.Logger, ready func(net.Addr)) error {
	ln, err := Listen(ctx, addr)
	if err != nil {
		return err
	}
	return Serve(ctx, ln, h, log, ready)
}

// Listen opens addr, so a caller can fail on a bad or taken address before
// doing slow work, then Serve on the listener.
func Listen(ctx context.Context, addr string) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("web: listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Serve is Run on an open listener, which it closes.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log zerolog.Logger, ready func(net.Addr)) error {
	// Requests run under a context the shutdown can cancel.
	base, cancelRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRequests()
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	log.Info().Str("addr", ln.Addr().String()).Msg("listening")
	if ready != nil {
		ready(ln.Addr())
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("web: serve: %w", err)
	case <-ctx.Done():
	}
	// ctx is done, so the shutdown gets a fresh deadline of its own.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*shutdownGrace)
	defer cancel()
	stopRequests := time.AfterFunc(shutdownGrace, cancelRequests)
	defer stopRequests.Stop()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn().Err(err).Msg("requests still running at shutdown: connections closed")
		srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("web: serve: %w", err)
	}
	log.Info().Msg("server stopped")
	return nil
}
