package importers

import (
	"errors"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		head    string
		want    string
		wantErr bool
	}{
		{"text", "a.txt", "IGF 2021 WS #1", FormatText, false},
		{"markdown", "a.md", "# Title", FormatText, false},
		{"html", "a.HTML", "<html>", FormatHTML, false},
		{"csv", "a.csv", "title,country", FormatCSV, false},
		{"tsv", "a.tsv", "title\tcountry", FormatTSV, false},
		{"jsonl", "a.jsonl", `{"title":"x"}`, FormatJSONL, false},
		{"sniff html", "page", "  <!DOCTYPE html>", FormatHTML, false},
		{"sniff json", "data", `[{"a":1}]`, FormatJSON, false},
		{"sniff text", "notes", "plain words", FormatText, false},
		{"empty", "a.txt", "  \n\t", "", true},
		{"binary", "a.txt", "ab\x00cd", "", true},
		{"unknown ext", "a.exe", "MZ", "", true},
		{"invalid utf8 no ext", "blob", "\xff\xfe\xfd\xfc\xfb", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.file, []byte(tt.head))
			if tt.wantErr {
				if !errors.Is(err, ErrUnsupported) {
					t.Fatalf("Detect(%q) err = %v, want ErrUnsupported", tt.file, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Detect(%q) = %q, %v; want %q", tt.file, got, err, tt.want)
			}
		})
	}
}

func TestValidPrefixToleratesCutRune(t *testing.T) {
	b := []byte("caf\xc3\xa9")
	if !validPrefix(b[:len(b)-1]) {
		t.Fatal("a multi-byte rune cut by the sniff length must not count as invalid")
	}
	if validPrefix([]byte("\xff\xfe\xfd\xfc\xfb")) {
		t.Fatal("garbage must be invalid")
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("a.txt", []byte("hello"))
	f.Add("x", []byte("\x00\xff"))
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		format, err := Detect(name, head)
		if (err == nil) == (format == "") {
			t.Fatalf("Detect(%q) = %q, %v: want exactly one of format and error", name, format, err)
		}
	})
}
