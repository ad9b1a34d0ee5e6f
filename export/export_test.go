package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

func TestCSVDefusesFormulas(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, CSV)
	if err != nil {
		t.Fatal(err)
	}
	recs := []record.Record{
		{ID: "p1", Kind: record.KindProject, Title: "=HYPERLINK(\"http://evil\")", SDGs: []int{5, 9}, ActionLines: []string{"C4", "C7.e-health"}},
		{ID: "p2", Kind: record.KindProject, Title: "@SUM(A1)", Organization: "+cmd", Summary: "-2+3"},
		{ID: "p3", Kind: record.KindProject, Title: "Plain, with \"quotes\"\nand a newline"},
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(Columns, ",") {
		t.Fatalf("got %d rows, header %v", len(rows), rows[0])
	}
	tests := []struct {
		row, col int
		want     string
	}{
		{1, 2, `'=HYPERLINK("http://evil")`},
		{1, 8, "C4; C7.e-health"},
		{1, 9, "5; 9"},
		{2, 2, "'@SUM(A1)"},
		{2, 7, "'+cmd"},
		{2, len(Columns) - 1, "'-2+3"},
		{3, 2, "Plain, with \"quotes\"\nand a newline"},
	}
	for _, tt := range tests {
		if got := rows[tt.row][tt.col]; got != tt.want {
			t.Errorf("row %d %s = %q, want %q", tt.row, Columns[tt.col], got, tt.want)
		}
	}
}

func TestJSONLAndEmpty(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, JSONL)
	_ = w.Write(record.Record{ID: "s1", Title: "<script>x</script>"})
	_ = w.Flush()
	if strings.Contains(buf.String(), "<script>") {
		t.Errorf("JSONL does not escape HTML: %s", buf.String())
	}
	var r record.Record
	if err := json.Unmarshal(buf.Bytes(), &r); err != nil || r.Title != "<script>x</script>" {
		t.Errorf("round trip = %+v, %v", r, err)
	}
	buf.Reset()
	w, _ = NewWriter(&buf, CSV)
	_ = w.Flush()
	if strings.TrimSpace(buf.String()) != strings.Join(Columns, ",") {
		t.Errorf("empty CSV = %q, want the header", buf.String())
	}
	if _, err := NewWriter(&buf, "xlsx"); err == nil {
		t.Error("NewWriter(xlsx) succeeded")
	}
}
