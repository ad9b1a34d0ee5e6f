package tabular

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// IsExport reports whether the start of a JSON file reads as a list of
// projects or people: an array, or an object holding such an array under a
// wrapper key ("records", "projects", "people", …) next to nothing but the
// metadata a wrapper may carry (source, title, kind, …). Anything else
// gives false: a single record, or an object with keys of its own, like
// the labels a dev set keeps beside each document (even labels that hold a
// "projects" array). A wrapper array that runs past the head counts as an
// export: labels are small.
func IsExport(head []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(head))
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	if tok == json.Delim('[') {
		return true
	}
	if tok != json.Delim('{') {
		return false
	}
	wrapped := false
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return false
		}
		key, _ := kt.(string)
		_, wrapper := wrapperKind(key)
		if !wrapper && !wrapperMeta(key) {
			return false
		}
		vt, err := dec.Token()
		if err != nil {
			return false
		}
		_, err = finish(dec, vt)
		isArray := wrapper && vt == json.Delim('[')
		switch {
		case isArray && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)):
			return true
		case err != nil:
			return false
		}
		wrapped = wrapped || isArray
	}
	return wrapped
}

// wrapperMeta reports whether key is metadata a wrapper object may carry
// beside its arrays (jsonTop reads them).
func wrapperMeta(key string) bool {
	switch normHeader(key) {
	case "source", "repository", "collection", "title", "name", "dataset", "listing", "kind", "description", "url", "updated", "date", "version", "count", "total":
		return true
	}
	return false
}
