package tabular

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/record"
)

// lineTracker counts lines in what a json.Decoder has read, so an entry's
// start offset can be turned into a line number. Offsets asked for never
// decrease, so newlines before them are forgotten: memory stays bounded by
// the decoder's read-ahead.
type lineTracker struct {
	r      io.Reader
	off    int64
	nl     []int64 // offsets of newlines not yet passed
	passed int
}

func (t *lineTracker) Read(b []byte) (int, error) {
	n, err := t.r.Read(b)
	for i, c := range b[:n] {
		if c == '\n' {
			t.nl = append(t.nl, t.off+int64(i))
		}
	}
	t.off += int64(n)
	return n, err
}

// line returns the 1-based line of byte offset o.
func (t *lineTracker) line(o int64) int {
	i := 0
	for i < len(t.nl) && t.nl[i] < o {
		i++
	}
	t.passed += i
	t.nl = t.nl[i:]
	return t.passed + 1
}

// wrapperKind names the arrays of a wrapper object and the kind they imply.
func wrapperKind(key string) (record.Kind, bool) {
	switch normHeader(key) {
	case "records", "items", "data", "entries":
		return "", true
	case "projects":
		return record.KindProject, true
	case "people", "persons", "women", "experts":
		return record.KindPerson, true
	}
	return "", false
}

// unknownKeys collects JSON keys stocktake does not read, with the line
// where each was first seen, for one warning at the end.
type unknownKeys map[string]int

func (u unknownKeys) report(p *parser) {
	if len(u) == 0 {
		return
	}
	keys := make([]string, 0, len(u))
	first := 0
	for k, l := range u {
		keys = append(keys, k)
		if first == 0 || l < first {
			first = l
		}
	}
	sort.Strings(keys)
	p.problem(first, false, "keys ignored: %s", strings.Join(keys, ", "))
}

// json reads an array of objects, a wrapper object holding such an array
// under "records", "items", "projects", "people" (…), or a stream of
// objects.
func (p *parser) json(r io.Reader) error {
	if err := p.jsonStream(r); !errors.Is(err, errStopped) {
		return err
	}
	return nil
}

func (p *parser) jsonStream(r io.Reader) error {
	lt := &lineTracker{r: r}
	dec := json.NewDecoder(lt)
	dec.UseNumber()
	unknown := unknownKeys{}
	defer unknown.report(p)
	tok, err := dec.Token()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: empty JSON", ErrNoColumns)
	}
	if err != nil {
		return fmt.Errorf("read JSON: %w", err)
	}
	switch tok {
	case json.Delim('['):
		return p.jsonArray(dec, lt, p.fi, unknown)
	case json.Delim('{'):
	default:
		return fmt.Errorf("%w: JSON must be an array or an object, not %v", ErrNoColumns, tok)
	}
	startLine := lt.line(dec.InputOffset() - 1)
	obj, wrapped, err := p.jsonTop(dec, lt, unknown)
	if err != nil || wrapped {
		return err
	}
	if err := p.jsonObject(obj, startLine, p.fi, unknown); err != nil {
		return err
	}
	// Objects may follow one another (JSON Lines saved as .json).
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return p.syntax(lt, dec, err)
		}
		if err := p.jsonRaw(raw, lt.line(dec.InputOffset()-int64(len(raw))), p.fi, unknown); err != nil {
			return err
		}
	}
	return nil
}

// jsonTop reads the members of the top-level object after its "{". When a
// member is a wrapper array it is streamed and wrapped is true; otherwise
// the members are returned as one object.
func (p *parser) jsonTop(dec *json.Decoder, lt *lineTracker, unknown unknownKeys) (map[string]any, bool, error) {
	obj := map[string]any{}
	fi := p.fi
	wrapped := false
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, false, p.syntax(lt, dec, err)
		}
		key, _ := kt.(string)
		vt, err := dec.Token()
		if err != nil {
			return nil, false, p.syntax(lt, dec, err)
		}
		if kind, ok := wrapperKind(key); ok && vt == json.Delim('[') {
			wrapped = true
			sub := fi
			if kind != "" {
				sub.kind = kind
			}
			if err := p.jsonArray(dec, lt, sub, unknown); err != nil {
				return nil, false, err
			}
			continue
		}
		v, err := finish(dec, vt)
		if err != nil {
			return nil, false, p.syntax(lt, dec, err)
		}
		obj[key] = v
		// Metadata of a wrapper applies to the arrays that follow it.
		if s, ok := v.(string); ok {
			switch normHeader(key) {
			case "source", "repository", "collection", "title", "name", "dataset", "listing":
				fi.womenInTech = fi.womenInTech || womenInTech.MatchString(s)
			case "kind":
				if k, ok := parseKind(s); ok {
					fi.kind = k
				}
			}
		}
	}
	if _, err := dec.Token(); err != nil && !errors.Is(err, io.EOF) {
		return nil, false, p.syntax(lt, dec, err)
	}
	return obj, wrapped, nil
}

// errStopped unwinds the JSON reader after a syntax error was recorded.
var errStopped = errors.New("stopped at invalid JSON")

// syntax records a JSON syntax error as the last row problem: nothing after
// it can be trusted.
func (p *parser) syntax(lt *lineTracker, dec *json.Decoder, err error) error {
	p.problem(lt.line(dec.InputOffset()), true, "invalid JSON: %v; rest of file not read", err)
	return errStopped
}

// finish decodes the rest of a value whose first token was already read.
func finish(dec *json.Decoder, tok json.Token) (any, error) {
	switch tok {
	case json.Delim('{'):
		m := map[string]any{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			vt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := finish(dec, vt)
			if err != nil {
				return nil, err
			}
			k, _ := kt.(string)
			m[k] = v
		}
		_, err := dec.Token()
		return m, err
	case json.Delim('['):
		var a []any
		for dec.More() {
			vt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := finish(dec, vt)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return tok, nil
}

// jsonArray streams the entries of an array whose "[" was read.
func (p *parser) jsonArray(dec *json.Decoder, lt *lineTracker, fi fileInfo, unknown unknownKeys) error {
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return p.syntax(lt, dec, err)
		}
		line := lt.line(dec.InputOffset() - int64(len(raw)))
		if len(raw) > maxRowBytes {
			p.problem(line, true, "entry longer than 8 MiB")
			continue
		}
		if err := p.jsonRaw(raw, line, fi, unknown); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return p.syntax(lt, dec, err)
	}
	return nil
}

// jsonRaw decodes one entry and emits it.
func (p *parser) jsonRaw(raw []byte, line int, fi fileInfo, unknown unknownKeys) error {
	if !utf8.Valid(raw) {
		// encoding/json would replace silently; say so.
		p.problem(line, false, "invalid UTF-8 replaced with U+FFFD")
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		p.problem(line, true, "invalid JSON: %v", err)
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		p.problem(line, true, "entry is not a JSON object")
		return nil
	}
	return p.jsonObject(obj, line, fi, unknown)
}

func (p *parser) jsonObject(obj map[string]any, line int, fi fileInfo, unknown unknownKeys) error {
	rw := row{line: line, vals: map[string][]string{}}
	addJSON(rw, obj, line, unknown, 0)
	for _, vs := range rw.vals {
		validate(vs)
	}
	return p.emit(rw, fi)
}

// addJSON maps an object's keys to fields. A nested object ("contact":
// {"email": …}, "prize": {"status": …}) contributes its own keys.
func addJSON(rw row, obj map[string]any, line int, unknown unknownKeys, depth int) {
	for k, v := range obj {
		if m, ok := v.(map[string]any); ok {
			if depth < 2 {
				addJSON(rw, m, line, unknown, depth+1)
			}
			continue
		}
		f := fieldOf(normHeader(k))
		if f == "" {
			if _, seen := unknown[k]; !seen && len(unknown) < 100 {
				unknown[k] = line
			}
			continue
		}
		rw.vals[f] = append(rw.vals[f], scalars(v)...)
	}
}

// scalars flattens a JSON value to strings; arrays give one string each.
func scalars(v any) []string {
	switch x := v.(type) {
	case nil:
		return []string{""}
	case string:
		return []string{x}
	case json.Number:
		return []string{x.String()}
	case bool:
		return []string{fmt.Sprint(x)}
	case []any:
		var out []string
		for _, e := range x {
			if _, nested := e.(map[string]any); !nested {
				out = append(out, scalars(e)...)
			}
		}
		if out == nil {
			out = []string{""}
		}
		return out
	}
	return nil
}

// jsonl reads one JSON object per line; a bad line is skipped.
func (p *parser) jsonl(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	unknown := unknownKeys{}
	defer unknown.report(p)
	for line := 1; ; line++ {
		b, tooLong, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read JSON lines: %w", err)
		}
		switch {
		case tooLong:
			p.problem(line, true, "entry longer than 8 MiB")
		case len(bytes.TrimSpace(b)) > 0:
			if err := p.jsonRaw(b, line, p.fi, unknown); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// readLine reads one line, dropping (and flagging) lines over maxRowBytes
// instead of buffering them.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > maxRowBytes {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, tooLong, err
		}
	}
}
