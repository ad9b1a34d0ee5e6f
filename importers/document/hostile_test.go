package document

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The hostile documents below are generated here, never committed. Before
// the bounded reader, the first two looped forever inside the PDF library
// and the inflation cases produced tens of MiB of text from a few KiB.

func TestPDFPageTreeThatContainsItself(t *testing.T) {
	for name, pages := range map[string]string{
		"kids holds its own node": "<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
		"two nodes in a cycle":    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	} {
		t.Run(name, func(t *testing.T) {
			pdfBytes := buildPDF(
				"<< /Type /Catalog /Pages 2 0 R >>",
				pages,
				"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
			)
			_, _, err := PDFText(context.Background(), bytes.NewReader(pdfBytes), testMaxText)
			if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "loops") {
				t.Errorf("err = %v, want ErrLimit naming the loop", err)
			}
		})
	}
}

func TestPDFWideFanOutIsCapped(t *testing.T) {
	// Every node lists the next node 64 times: a tree of 64^20 paths in
	// a few hundred bytes.
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>"}
	for i := 2; i < 22; i++ {
		objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count 1 >>", strings.Repeat(fmt.Sprintf("%d 0 R ", i+1), 64)))
	}
	objs = append(objs, "<< /Type /Page >>")
	_, _, err := PDFText(context.Background(), bytes.NewReader(buildPDF(objs...)), testMaxText)
	if !errors.Is(err, ErrLimit) {
		t.Errorf("err = %v, want ErrLimit", err)
	}
}

func TestPDFParentChainThatLoops(t *testing.T) {
	// The page inherits its resources through /Parent, which points back
	// at the page: the library's own lookup never returns.
	pdfBytes := buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>",
		stream(textContent("Community radio in the Sahel"), false),
	)
	got, _, err := PDFText(context.Background(), bytes.NewReader(pdfBytes), testMaxText)
	if err != nil || !strings.Contains(got, "Community radio in the Sahel") {
		t.Errorf("text = %q, %v", got, err)
	}
}

func TestPDFInflation(t *testing.T) {
	ctx := context.Background()
	bomb := stream(strings.Repeat("(digital inclusion) Tj T*\n", (maxPageContent/26)+1000), true)
	normal := stream(textContent("Rural broadband cooperatives"), false)

	t.Run("a page over the page limit is left out, the others read", func(t *testing.T) {
		if len(bomb) > 64<<10 {
			t.Fatalf("the bomb is %d bytes; it should be small", len(bomb))
		}
		got, problems, err := PDFText(ctx, bytes.NewReader(pagesPDF(bomb, normal)), testMaxText)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, "Rural broadband cooperatives") || strings.Contains(got, "digital inclusion") {
			t.Errorf("text = %.200q", got)
		}
		if len(problems) != 1 || !strings.Contains(problems[0].Error(), "page 1: not read") {
			t.Errorf("problems = %v, want page 1 reported", problems)
		}
	})

	t.Run("streams inflating past the file budget refuse the file", func(t *testing.T) {
		pages := make([]string, maxInflated/maxPageContent+2)
		for i := range pages {
			pages[i] = bomb
		}
		_, _, err := PDFText(ctx, bytes.NewReader(pagesPDF(pages...)), testMaxText)
		if !errors.Is(err, ErrLimit) {
			t.Errorf("err = %v, want ErrLimit", err)
		}
	})

	t.Run("text past the limit is cut and reported", func(t *testing.T) {
		page := stream(strings.Repeat("(mobile money for farmers) Tj T*\n", 2000), true)
		const maxText = 64 << 10
		got, problems, err := PDFText(ctx, bytes.NewReader(pagesPDF(page, page, page)), maxText)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > maxText || len(got) < maxText/2 {
			t.Errorf("text is %d bytes, want close to %d", len(got), maxText)
		}
		if len(problems) != 1 || !strings.Contains(problems[0].Error(), "text cut") {
			t.Errorf("problems = %v, want the cut reported", problems)
		}
	})
}

func TestPDFFontMapWithHugeCounts(t *testing.T) {
	// A /ToUnicode map that declares a billion entries: the library's map
	// reader would loop a billion times per block.
	for name, cmap := range map[string]string{
		"a billion entries":     "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n999999999 beginbfchar\n<01> <0041>\nendbfchar\nendcmap",
		"a count from a def":    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/n 999999999999 def n beginbfchar\n<01> <0041>\nendbfchar\nendcmap",
		"an ordinary small map": "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n1 beginbfchar\n<41> <0042>\nendbfchar\nendcmap",
	} {
		t.Run(name, func(t *testing.T) {
			pdfBytes := buildPDF(
				"<< /Type /Catalog /Pages 2 0 R >>",
				"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
				"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
				stream(textContent("AAA"), false),
				"<< /Type /Font /Subtype /Type0 /BaseFont /Hostile /ToUnicode 6 0 R >>",
				stream(cmap, true),
			)
			got, _, err := PDFText(context.Background(), bytes.NewReader(pdfBytes), testMaxText)
			if err != nil || strings.TrimSpace(got) == "" {
				t.Errorf("text = %q, %v", got, err)
			}
		})
	}
}

func TestPDFCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := PDFText(ctx, bytes.NewReader(makePDF("Telemedicine vans")), testMaxText)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestDOCXInflation(t *testing.T) {
	ctx := context.Background()
	for name, declared := range map[string]uint64{
		"a header declaring a body past the limit": maxDOCXXML + 1,
		"a header that lies about the size":        1 << 20,
	} {
		t.Run(name, func(t *testing.T) {
			body := inflating(t, maxDOCXXML+(1<<20))
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
				CompressedSize64: uint64(len(body)), UncompressedSize64: declared})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(body)
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			if buf.Len() > 1<<20 {
				t.Fatalf("the bomb is %d bytes; it should be small", buf.Len())
			}
			// A header over the limit is refused before inflating; one that
			// lies is refused once the body passes what it declared (the
			// zip reader's own check), long before the limit.
			_, _, err = DOCXText(ctx, bytes.NewReader(buf.Bytes()), testMaxText)
			if !errors.Is(err, ErrLimit) && !errors.Is(err, ErrUnreadable) {
				t.Errorf("err = %v, want the file refused", err)
			}
		})
	}
	t.Run("text past the limit is cut and reported", func(t *testing.T) {
		paras := make([]string, 3000)
		for i := range paras {
			paras[i] = fmt.Sprintf("Paragraph %d on school connectivity", i)
		}
		const maxText = 32 << 10
		got, problems, err := DOCXText(ctx, bytes.NewReader(makeDOCX(t, paras...)), maxText)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > maxText || !strings.HasSuffix(got, "\n") {
			t.Errorf("text is %d bytes ending %q, want at most %d cut at a line end", len(got), got[len(got)-10:], maxText)
		}
		if len(problems) != 1 || !strings.Contains(problems[0].Error(), "text cut") {
			t.Errorf("problems = %v", problems)
		}
	})
}

// inflating returns a deflate stream that inflates to at least n bytes of
// XML text. It compresses two MiB and repeats the second block, which only
// refers back to the run of letters before it, instead of compressing n
// bytes (slow under the race detector).
func inflating(t *testing.T, n int) []byte {
	t.Helper()
	var out bytes.Buffer
	fw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	fw.Write([]byte(`<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>`))
	fw.Write(chunk)
	fw.Flush()
	head := out.Len()
	fw.Write(chunk)
	fw.Flush()
	block := append([]byte(nil), out.Bytes()[head:]...)
	for written := 2 << 20; written < n; written += 1 << 20 {
		out.Write(block)
	}
	// End with a final empty stored block.
	out.Write([]byte{0x01, 0x00, 0x00, 0xff, 0xff})
	return out.Bytes()
}
