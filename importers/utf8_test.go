package importers

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

func TestUTF8Reader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"ascii", "plain text", true},
		{"multibyte", "Zoë in Ngũgĩ's café — “quoted” 日本", true},
		{"latin1", "Caf\xe9 in Dakar", false},
		{"truncated rune at end", "abc\xe2\x80", false},
		{"lone continuation", "a\x80b", false},
		{"empty", "", true},
	}
	for _, tt := range tests {
		// One byte per read splits every multi-byte rune across reads.
		for _, r := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
			out, err := io.ReadAll(&utf8Reader{r: r})
			if tt.ok && (err != nil || string(out) != tt.in) {
				t.Errorf("%s: got %q, %v", tt.name, out, err)
			}
			if !tt.ok && !errors.Is(err, ErrNotUTF8) {
				t.Errorf("%s: err = %v, want ErrNotUTF8", tt.name, err)
			}
		}
	}
}

func TestParseRejectsInvalidUTF8(t *testing.T) {
	// Invalid bytes far past the sniffed head are caught too.
	late := strings.Repeat("Fine text line.\n", 2000) + "Caf\xe9\n"
	for name, in := range map[string]string{"early.txt": "Caf\xe9 in Dakar\n", "late.txt": late, "rows.csv": "title\nCaf\xe9\n"} {
		_, _, err := Parse(t.Context(), name, bytes.NewReader([]byte(in)))
		if !errors.Is(err, ErrNotUTF8) {
			t.Errorf("%s: err = %v, want ErrNotUTF8", name, err)
		}
	}
}

func FuzzUTF8Reader(f *testing.F) {
	f.Add([]byte("Zoë"), uint8(1))
	f.Add([]byte("a\xe9b"), uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, chunk uint8) {
		var r io.Reader = bytes.NewReader(b)
		if chunk%2 == 1 {
			r = iotest.OneByteReader(r)
		}
		out, err := io.ReadAll(&utf8Reader{r: r})
		valid := err == nil
		if valid != utf8.Valid(b) {
			t.Fatalf("input %q: err %v", b, err)
		}
		if valid && !bytes.Equal(out, b) {
			t.Fatalf("output %q differs from input %q", out, b)
		}
	})
}
