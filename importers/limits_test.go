package importers

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/record"
)

// report is a plain-text session report of about n bytes.
func report(n int) string {
	var b strings.Builder
	b.WriteString("# Community networks in rural areas\n\nWSIS Forum 2023, Action Line C2.\n\n")
	for b.Len() < n {
		b.WriteString("Speakers discussed spectrum sharing, backhaul costs and local ownership of the networks.\n")
	}
	return b.String()
}

func TestNULAnywhereIsRefused(t *testing.T) {
	// Before, only the first 4 KiB were checked: the NUL below was stored.
	pad := strings.Repeat("x", 10<<10)
	for name, content := range map[string]string{
		"report.txt": report(10<<10) + "\x00 and more",
		"people.csv": "name,organization\nAda Lovelace,Analytical Engines\n" + "Grace Hopper,US Navy " + pad + "\x00\n",
		"items.json": `[{"title":"Radio for farmers","summary":"` + pad + "\x00" + `"}]`,
		"page.html":  "<html><body><h1>Telecentres</h1><p>" + pad + "\x00</p></body></html>",
	} {
		t.Run(name, func(t *testing.T) {
			recs, _, err := Parse(context.Background(), name, strings.NewReader(content))
			if !errors.Is(err, ErrBinary) || !strings.Contains(err.Error(), "NUL byte") {
				t.Errorf("err = %v (%d records), want ErrBinary naming the NUL byte", err, len(recs))
			}
		})
	}
}

func TestLongTextIsCutAndReported(t *testing.T) {
	// Before, a text over 8 MiB lost its end without a word. Small limits
	// keep the test fast; the defaults are the same code path.
	lim := limits{file: 1 << 20, text: 64 << 10, timeout: time.Minute}
	recs, rowErrs, err := parseLimited(context.Background(), "transcript.txt", strings.NewReader(report(100<<10)), lim)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	var c *CutError
	if len(rowErrs) != 1 || !errors.As(rowErrs[0], &c) || !IsLoss(rowErrs[0]) || c.What != "text" || c.From < 100<<10 {
		t.Errorf("row problems %v: want the text cut reported", rowErrs)
	}
	if n := len(recs[0].Body); n > int(lim.text) {
		t.Errorf("body is %d bytes, want at most the %d read", n, lim.text)
	}
}

func TestCapFields(t *testing.T) {
	tests := []struct {
		field, value string
		limit        int
		set          func(*record.Record, string)
		get          func(record.Record) string
	}{
		{"title", strings.Repeat("Digital skills for women entrepreneurs ", 100), MaxTitleBytes,
			func(r *record.Record, v string) { r.Title = v }, func(r record.Record) string { return r.Title }},
		{"summary", strings.Repeat("é", MaxSummaryBytes), MaxSummaryBytes,
			func(r *record.Record, v string) { r.Summary = v }, func(r record.Record) string { return r.Summary }},
		{"bio", strings.Repeat("She leads the national CERT. ", 4000), MaxBioBytes,
			func(r *record.Record, v string) { r.Bio = v }, func(r record.Record) string { return r.Bio }},
		{"body", strings.Repeat("Zéro ", MaxBodyBytes/5), MaxBodyBytes,
			func(r *record.Record, v string) { r.Body = v }, func(r record.Record) string { return r.Body }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			recs := []record.Record{{Title: "Mesh networks", Kind: record.KindProject}}
			tt.set(&recs[0], tt.value)
			cuts := capFields(recs)
			got := tt.get(recs[0])
			if len(got) > tt.limit || len(got) < tt.limit-256 || !strings.HasPrefix(tt.value, got) || !utf8.ValidString(got) {
				t.Errorf("%s is %d bytes, want a valid prefix just under %d", tt.field, len(got), tt.limit)
			}
			if len(cuts) != 1 || !strings.Contains(cuts[0].Error(), tt.field+" of") || !IsLoss(cuts[0]) {
				t.Errorf("cuts = %v", cuts)
			}
		})
	}
}

func TestParseTimesOut(t *testing.T) {
	// A reader that never returns stands for a parser stuck in a library.
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, _, err := Parse(ctx, "stuck.txt", pr)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "took longer than") {
		t.Errorf("err = %v, want ErrLimit saying it took too long", err)
	}
}

func TestParseIsCancelled(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	_, _, err := Parse(ctx, "stuck.txt", pr)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestOversizedFileIsRefused(t *testing.T) {
	lim := limits{file: 1 << 20, text: 64 << 10, timeout: time.Minute}
	for _, name := range []string{"big.txt", "big.csv", "big.pdf"} {
		head := map[string]string{"big.txt": "# Big\n\n", "big.csv": "title\n", "big.pdf": "%PDF-1.4\n"}[name]
		r := io.MultiReader(strings.NewReader(head), bytes.NewReader(bytes.Repeat([]byte("word "), (1<<20)/5+1)))
		_, _, err := parseLimited(context.Background(), name, r, lim)
		if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "larger than 1.0 MiB") {
			t.Errorf("%s: err = %v, want ErrLimit naming the size", name, err)
		}
	}
	if defaultLimits().file != MaxFileBytes || defaultLimits().text != MaxTextBytes {
		t.Error("Parse must run under the documented limits")
	}
}
