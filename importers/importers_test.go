package importers

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
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
		{"docx", "report.DOCX", "PK\x03\x04\x14\x00\x06\x00", FormatDOCX, false},
		{"pdf", "report.pdf", "%PDF-1.7\n%\xe2\xe3", FormatPDF, false},
		{"pdf that is not", "report.pdf", "<html>", "", true},
		{"docx that is not", "report.docx", "hello", "", true},
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

func TestParseDocuments(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	io.WriteString(w, `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+
		`<w:p><w:r><w:t>Mangrove Watch by SMS</w:t></w:r></w:p><w:p><w:r><w:t>Fishing villages report mangrove cutting by text message.</w:t></w:r></w:p></w:body></w:document>`)
	zw.Close()
	recs, _, err := Parse(t.Context(), "mangroves.docx", bytes.NewReader(buf.Bytes()))
	if err != nil || len(recs) != 1 || recs[0].Title != "Mangrove Watch by SMS" || recs[0].Source.Format != FormatDOCX {
		t.Fatalf("docx: %+v, %v", recs, err)
	}
	_, _, err = Parse(t.Context(), "broken.pdf", strings.NewReader("%PDF-1.4\n%%EOF\n"))
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("broken pdf: err = %v, want ErrUnsupported", err)
	}
}
