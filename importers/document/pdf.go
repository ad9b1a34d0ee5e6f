package document

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// Limits of the PDF reader. The library reads objects and content streams;
// everything it would loop over on behalf of the file (the page tree, parent
// chains, font maps, operators) is walked here, under these caps, because a
// loop inside the library cannot be interrupted.
const (
	maxPages       = 2000     // pages read; later ones are reported as left out
	maxTreeDepth   = 32       // levels of the page tree and of /Parent chains
	maxTreeNodes   = 20000    // page tree nodes visited
	maxPageContent = 4 << 20  // one page's content streams, uncompressed
	maxInflated    = 64 << 20 // all streams of the file read so far, uncompressed
	maxFonts       = 256      // fonts per page
	maxCMapBytes   = 1 << 20  // one /ToUnicode map, uncompressed
	maxCMapEntries = 50000    // entries declared in one /ToUnicode map
	maxDifferences = 1024     // entries of an /Encoding /Differences array
	maxShowBytes   = 4 << 10  // bytes of one text-showing operator decoded
)

// PDFText returns the text layer of a PDF, page by page, up to maxText
// bytes. Scanned PDFs without text give ErrUnreadable; a page tree that
// loops, or streams that inflate past the limits, give ErrLimit. Pages that
// cannot be read, and text past maxText, are left out and reported in
// problems.
func PDFText(ctx context.Context, r io.Reader, maxText int) (text string, problems []error, err error) {
	b, err := readAll(r)
	if err != nil {
		return "", nil, err
	}
	// The library panics on many malformed files; that is a bad file, not
	// a crash.
	defer func() {
		if p := recover(); p != nil {
			text, problems, err = "", nil, fmt.Errorf("%w: malformed PDF (%v)", ErrUnreadable, p)
		}
	}()
	pr, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	x := &pdfText{ctx: ctx, maxText: maxText, fonts: map[string]pdf.TextEncoding{}}
	pages, skipped, err := pageList(pr.Trailer().Key("Root").Key("Pages"))
	if err != nil {
		return "", nil, err
	}
	if skipped > 0 {
		x.problems = append(x.problems, &Problem{Msg: fmt.Sprintf("%d pages after page %d not read", skipped, maxPages)})
	}
	for i, p := range pages {
		if err := x.page(i+1, p); err != nil {
			return "", nil, err
		}
		if x.cut {
			x.problems = append(x.problems, textCut(maxText))
			break
		}
	}
	if strings.TrimSpace(x.out.String()) == "" {
		msg := "the PDF has no text layer (scanned?)"
		if len(x.problems) > 0 {
			msg = "no page could be read: " + errors.Join(x.problems...).Error()
		}
		return "", nil, fmt.Errorf("%w: %s", ErrUnreadable, msg)
	}
	return x.out.String(), x.problems, nil
}

// pageList walks the page tree depth first. Depth and node count are
// capped, so a /Kids array that contains its own node (or any cycle) ends
// with ErrLimit instead of looping. skipped counts pages past maxPages.
func pageList(root pdf.Value) (pages []pdf.Value, skipped int, err error) {
	nodes := 0
	var walk func(v pdf.Value, depth int) error
	walk = func(v pdf.Value, depth int) error {
		nodes++
		switch {
		case depth > maxTreeDepth:
			return fmt.Errorf("%w: the page tree is deeper than %d levels (it loops?)", ErrLimit, maxTreeDepth)
		case nodes > maxTreeNodes:
			return fmt.Errorf("%w: the page tree has more than %d nodes (it loops?)", ErrLimit, maxTreeNodes)
		}
		kids := v.Key("Kids")
		if v.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
			if v.Kind() != pdf.Dict {
				return nil
			}
			if len(pages) < maxPages {
				pages = append(pages, v)
			} else {
				skipped++
			}
			return nil
		}
		for i := 0; i < kids.Len(); i++ {
			if err := walk(kids.Index(i), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, 0, err
	}
	return pages, skipped, nil
}

// pdfText is the state of one extraction.
type pdfText struct {
	ctx      context.Context
	maxText  int
	out      strings.Builder
	size     int   // text bytes emitted
	inflated int64 // stream bytes inflated so far
	ops      int
	cut      bool
	problems []error
	fonts    map[string]pdf.TextEncoding // by resource name and base font
}

// stop unwinds an operator callback: the context ended or the text is full.
type stop struct{ err error }

var errFull = errors.New("text limit reached")

// page appends one page's text. A page the library cannot read is reported
// and skipped; only limits of the whole file and cancellation are errors.
func (x *pdfText) page(n int, pv pdf.Value) (err error) {
	if err := x.ctx.Err(); err != nil {
		return err
	}
	contents := pv.Key("Contents")
	if contents.Kind() != pdf.Stream && contents.Kind() != pdf.Array {
		return nil
	}
	defer func() {
		p := recover()
		switch s := p.(type) {
		case nil:
		case stop:
			if errors.Is(s.err, errFull) {
				x.cut = true
			} else {
				err = s.err
			}
		default:
			x.problems = append(x.problems, &Problem{Page: n, Msg: fmt.Sprintf("not read: malformed content (%v)", p)})
		}
	}()
	size, err := x.inflate(contents, maxPageContent)
	if err != nil {
		return err
	}
	if size > maxPageContent {
		x.problems = append(x.problems, &Problem{Page: n, Msg: fmt.Sprintf("not read: its content is larger than %d MiB uncompressed", maxPageContent>>20)})
		return nil
	}
	fonts, err := x.pageFonts(pv)
	if err != nil {
		return err
	}
	w := &textWalker{x: x, fonts: fonts, enc: latin1{}, rows: map[int64]*strings.Builder{}}
	pdf.Interpret(contents, w.op)
	w.flush()
	return nil
}

// inflate counts the uncompressed bytes of a stream, or of each stream of
// an array, reading at most limit+1 of them, and charges them to the file's
// budget.
func (x *pdfText) inflate(v pdf.Value, limit int64) (int64, error) {
	streams := []pdf.Value{v}
	if v.Kind() == pdf.Array {
		streams = streams[:0]
		for i := 0; i < v.Len() && i < 4096; i++ {
			streams = append(streams, v.Index(i))
		}
	}
	var total int64
	for _, s := range streams {
		if s.Kind() != pdf.Stream {
			continue
		}
		rc := s.Reader()
		n, err := io.Copy(io.Discard, io.LimitReader(rc, limit+1-total))
		rc.Close()
		total += n
		x.inflated += n
		if x.inflated > maxInflated {
			return 0, fmt.Errorf("%w: its streams inflate past %d MiB", ErrLimit, maxInflated>>20)
		}
		if err != nil {
			return 0, fmt.Errorf("%w: %w", ErrUnreadable, err)
		}
		if total > limit {
			break
		}
	}
	return total, nil
}

// pageFonts returns the text decoders of the fonts of a page's resources,
// inherited along at most maxTreeDepth /Parent links.
func (x *pdfText) pageFonts(pv pdf.Value) (map[string]pdf.TextEncoding, error) {
	res := pdf.Value{}
	v := pv
	for depth := 0; depth <= maxTreeDepth && v.Kind() == pdf.Dict; depth++ {
		if r := v.Key("Resources"); r.Kind() == pdf.Dict {
			res = r
			break
		}
		v = v.Key("Parent")
	}
	fonts := map[string]pdf.TextEncoding{}
	fd := res.Key("Font")
	for i, name := range fd.Keys() {
		if i >= maxFonts {
			break
		}
		fv := fd.Key(name)
		key := name + "\x00" + fv.Key("BaseFont").Name()
		enc, ok := x.fonts[key]
		if !ok {
			var err error
			if enc, err = x.encoder(fv); err != nil {
				return nil, err
			}
			x.fonts[key] = enc
		}
		fonts[name] = enc
	}
	return fonts, nil
}

// cmapCount finds the entry counts a /ToUnicode map declares before each
// block. The library's map reader loops as many times as a count says, so a
// map is only handed to it when every block has a literal count and the
// counts are sane.
var (
	cmapBlock = regexp.MustCompile(`begin(?:bfchar|bfrange|codespacerange)\b`)
	cmapCount = regexp.MustCompile(`(\d{1,9})\s+begin(?:bfchar|bfrange|codespacerange)\b`)
)

// encoder returns the decoder of one font. Fonts whose maps are oversized
// or unusual are read byte by byte instead, which keeps their text legible
// for most Western fonts and bounded for every font.
func (x *pdfText) encoder(fv pdf.Value) (pdf.TextEncoding, error) {
	if fv.Kind() != pdf.Dict {
		return latin1{}, nil
	}
	enc := fv.Key("Encoding")
	if enc.Kind() == pdf.Dict && enc.Key("Differences").Len() > maxDifferences {
		return latin1{}, nil
	}
	if tu := fv.Key("ToUnicode"); tu.Kind() == pdf.Stream && (enc.Kind() == pdf.Null || enc.Name() == "Identity-H") {
		ok, err := x.saneCMap(tu)
		if err != nil || !ok {
			return latin1{}, err
		}
	}
	f := pdf.Font{V: fv}
	return f.Encoder(), nil
}

// saneCMap reports whether a /ToUnicode map is small and declares bounded
// entry counts.
func (x *pdfText) saneCMap(tu pdf.Value) (bool, error) {
	if tu.Key("Length").Int64() > maxCMapBytes {
		return false, nil
	}
	rc := tu.Reader()
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxCMapBytes+1))
	x.inflated += int64(len(b))
	if x.inflated > maxInflated {
		return false, fmt.Errorf("%w: its streams inflate past %d MiB", ErrLimit, maxInflated>>20)
	}
	if err != nil || len(b) > maxCMapBytes {
		return false, nil
	}
	counts := cmapCount.FindAllSubmatch(b, -1)
	if len(counts) != len(cmapBlock.FindAllIndex(b, -1)) {
		return false, nil
	}
	total := 0
	for _, c := range counts {
		n, _ := strconv.Atoi(string(c[1]))
		total += n
	}
	return total <= maxCMapEntries, nil
}

// latin1 reads one byte per character: the fallback decoder.
type latin1 struct{}

func (latin1) Decode(raw string) string {
	r := make([]rune, len(raw))
	for i := 0; i < len(raw); i++ {
		r[i] = rune(raw[i])
	}
	return string(r)
}

// textWalker follows the text operators of one page. It tracks the
// baseline of each line so text is laid out in rows from the top of the
// page down, in the order it is drawn within a row.
type textWalker struct {
	x       *pdfText
	fonts   map[string]pdf.TextEncoding
	enc     pdf.TextEncoding
	y       float64 // baseline of the current line
	leading float64
	rows    map[int64]*strings.Builder
}

func (w *textWalker) op(stk *pdf.Stack, op string) {
	w.x.ops++
	if w.x.ops%256 == 0 {
		if err := w.x.ctx.Err(); err != nil {
			panic(stop{err})
		}
	}
	args := make([]pdf.Value, stk.Len())
	for i := len(args) - 1; i >= 0; i-- {
		args[i] = stk.Pop()
	}
	num := func(i int) float64 {
		if i < 0 || i >= len(args) {
			return 0
		}
		return args[i].Float64()
	}
	switch op {
	case "BT":
		w.y = 0
	case "Tf":
		if len(args) == 2 {
			if enc, ok := w.fonts[args[0].Name()]; ok {
				w.enc = enc
			} else {
				w.enc = latin1{}
			}
		}
	case "Tm":
		w.y = num(5)
	case "Td":
		w.y += num(1)
	case "TD":
		w.leading = -num(1)
		w.y += num(1)
	case "TL":
		w.leading = num(0)
	case "T*":
		w.y -= w.leading
	case "'", "\"":
		w.y -= w.leading
		if len(args) > 0 {
			w.show(args[len(args)-1].RawString())
		}
	case "Tj":
		if len(args) > 0 {
			w.show(args[0].RawString())
		}
	case "TJ":
		if len(args) == 0 {
			return
		}
		var b strings.Builder
		arr := args[0]
		for i := 0; i < arr.Len() && b.Len() < maxShowBytes; i++ {
			switch e := arr.Index(i); e.Kind() {
			case pdf.String:
				b.WriteString(e.RawString())
			case pdf.Integer, pdf.Real:
				// A large negative adjustment (in thousandths of an em)
				// is how many producers draw a space.
				if e.Float64() < -200 {
					b.WriteByte(' ')
				}
			}
		}
		w.show(b.String())
	}
}

// show decodes and appends the text of one showing operator.
func (w *textWalker) show(raw string) {
	if len(raw) > maxShowBytes {
		raw = raw[:maxShowBytes]
	}
	s := clean(w.enc.Decode(raw))
	if strings.TrimSpace(s) == "" {
		return
	}
	w.x.size += len(s) + 1
	if w.x.size > w.x.maxText {
		w.flush()
		panic(stop{errFull})
	}
	key := int64(math.Round(w.y))
	row := w.rows[key]
	if row == nil {
		row = &strings.Builder{}
		w.rows[key] = row
	}
	if row.Len() > 0 && !strings.HasSuffix(row.String(), " ") && !strings.HasPrefix(s, " ") {
		row.WriteByte(' ')
	}
	row.WriteString(s)
}

// flush writes the page's rows, top first, and a blank line.
func (w *textWalker) flush() {
	if len(w.rows) == 0 {
		return
	}
	keys := make([]int64, 0, len(w.rows))
	for k := range w.rows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] > keys[j] })
	for _, k := range keys {
		w.x.out.WriteString(strings.TrimSpace(w.rows[k].String()))
		w.x.out.WriteByte('\n')
	}
	w.x.out.WriteByte('\n')
	w.rows = map[int64]*strings.Builder{}
}

// clean makes decoded text valid UTF-8 without control characters; fonts
// without a usable map decode to arbitrary bytes.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	if !strings.ContainsFunc(s, func(r rune) bool { return r != '\t' && unicode.IsControl(r) || r == utf8.RuneError }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || !unicode.IsControl(r) && r != utf8.RuneError {
			return r
		}
		return -1
	}, s)
}
