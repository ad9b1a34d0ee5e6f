package importers

import (
	"bufio"
	"errors"
	"io"
)

// peekReader lets Detect look at the first bytes of a stream without losing them.
type peekReader struct {
	br *bufio.Reader
	n  int
}

func newPeekReader(r io.Reader, n int) *peekReader {
	return &peekReader{br: bufio.NewReaderSize(r, n), n: n}
}

// peek returns up to n bytes from the start of the stream.
func (p *peekReader) peek() ([]byte, error) {
	b, err := p.br.Peek(p.n)
	if errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
		err = nil
	}
	return b, err
}

func (p *peekReader) Read(b []byte) (int, error) { return p.br.Read(b) }
