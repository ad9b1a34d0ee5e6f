package search

import "fmt"

// recoverTo turns a panic of the goroutine it is deferred in into *err.
// Searches start goroutines; a panic in one (the index library on damaged
// data) would end the process, out of reach of the HTTP server's recovery.
func recoverTo(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("search: panic: %v", p)
	}
}
