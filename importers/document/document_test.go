package document

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// testMaxText is the text limit the tests pass; hostile tests pass smaller ones.
const testMaxText = 8 << 20

// makeDOCX writes a minimal Word document whose body holds paragraphs.
func makeDOCX(t testing.TB, paras ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	var body strings.Builder
	for _, p := range paras {
		fmt.Fprintf(&body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, p)
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>`, body.String())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// makePDF writes a one-page PDF with each line as a text row, with a
// correct cross-reference table.
func makePDF(lines ...string) []byte {
	return buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		stream(textContent(lines...), false),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	)
}

// textContent is a content stream drawing each line as a row.
func textContent(lines ...string) string {
	var content strings.Builder
	content.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
	for _, l := range lines {
		fmt.Fprintf(&content, "(%s) Tj T*\n", l)
	}
	content.WriteString("ET")
	return content.String()
}

// stream is a stream object holding data, deflated when flate is set.
func stream(data string, flate bool) string {
	if !flate {
		return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(data), data)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(data))
	zw.Close()
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.String())
}

// buildPDF writes objects 1..n (object 1 the catalog) with a correct
// cross-reference table.
func buildPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pagesPDF is a PDF whose pages have the given content streams (already
// made with stream), all with font F1.
func pagesPDF(contents ...string) []byte {
	n := len(contents)
	font := 3 + 2*n
	kids := make([]string, n)
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	for i, c := range contents {
		page := 3 + 2*i
		kids[i] = fmt.Sprintf("%d 0 R", page)
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>", page+1, font),
			c)
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n)
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	return buildPDF(objs...)
}

func TestDOCXText(t *testing.T) {
	ctx := context.Background()
	got, _, err := DOCXText(ctx, bytes.NewReader(makeDOCX(t, "Mangrove Watch by SMS", "Action Line C7 e-environment &amp; SDG 14")), testMaxText)
	if err != nil {
		t.Fatal(err)
	}
	if got != "Mangrove Watch by SMS\nAction Line C7 e-environment & SDG 14\n" {
		t.Errorf("text = %q", got)
	}
	for name, in := range map[string][]byte{"not a zip": []byte("PK\x03\x04garbage"), "zip without body": emptyZip(t)} {
		if _, _, err := DOCXText(ctx, bytes.NewReader(in), testMaxText); !errors.Is(err, ErrUnreadable) {
			t.Errorf("%s: err = %v, want ErrUnreadable", name, err)
		}
	}
}

func emptyZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if _, err := zw.Create("readme.txt"); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

func TestPDFText(t *testing.T) {
	ctx := context.Background()
	got, _, err := PDFText(ctx, bytes.NewReader(makePDF("Solar Schools Kenya", "Action Line C2")), testMaxText)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Solar Schools Kenya", "Action Line C2"} {
		if !strings.Contains(got, want) {
			t.Errorf("text %q lacks %q", got, want)
		}
	}
	for name, in := range map[string][]byte{
		"truncated": makePDF("Solar Schools Kenya")[:200],
		"garbage":   []byte("%PDF-1.4\n%%EOF\n"),
		"no text":   makePDF(),
	} {
		if _, _, err := PDFText(ctx, bytes.NewReader(in), testMaxText); !errors.Is(err, ErrUnreadable) {
			t.Errorf("%s: err = %v, want ErrUnreadable", name, err)
		}
	}
}

func FuzzPDFText(f *testing.F) {
	f.Add(makePDF("Hello"))
	f.Add([]byte("%PDF-1.7\n1 0 obj << >> endobj"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = PDFText(context.Background(), bytes.NewReader(b), testMaxText) // must not panic
	})
}

func FuzzDOCXText(f *testing.F) {
	f.Add(makeDOCX(f, "Hello"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = DOCXText(context.Background(), bytes.NewReader(b), testMaxText)
	})
}
