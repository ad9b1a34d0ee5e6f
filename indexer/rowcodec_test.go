package indexer

import (
	"reflect"
	"testing"
)

// FuzzDecodeRow: persisted rows are read back at every start; damaged bytes
// are an error, never a panic, and a row that decodes encodes to one that
// decodes the same.
func FuzzDecodeRow(f *testing.F) {
	for _, r := range testRecords() {
		w, _ := rowOf(r)
		f.Add(encodeRow(w))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := decodeRow(b, map[string]string{})
		if err != nil {
			return
		}
		again, err := decodeRow(encodeRow(w), map[string]string{})
		if err != nil || !reflect.DeepEqual(again, w) {
			t.Fatalf("re-encoding %q: %v\n%+v\nagainst\n%+v", b, err, again, w)
		}
	})
}
