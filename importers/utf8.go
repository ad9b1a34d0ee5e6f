package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// ErrNotUTF8 rejects files that are not UTF-8. Guessing a legacy encoding
// would silently store wrong text; the user is told to re-save the file.
var ErrNotUTF8 = fmt.Errorf("%w: not valid UTF-8 (re-save the file as UTF-8)", ErrUnsupported)

// utf8Reader passes bytes through and fails with ErrNotUTF8 at the first
// invalid sequence, holding back a rune split across two reads, and with
// ErrBinary at the first NUL byte: text formats never hold one, and a NUL
// past the sniffed head is as binary as one inside it.
type utf8Reader struct {
	r     io.Reader
	carry []byte // an incomplete rune at the end of the last read
	off   int64  // bytes checked so far, for the error message
	err   error  // sticky: once invalid, always invalid
}

func (u *utf8Reader) Read(p []byte) (int, error) {
	if u.err != nil {
		return 0, u.err
	}
	n, err := u.r.Read(p)
	if n > 0 {
		buf := append(u.carry, p[:n]...)
		// Keep back up to UTFMax-1 trailing bytes that may start a rune
		// completed by the next read.
		cut := len(buf)
		for i := 1; i < utf8.UTFMax && i <= len(buf); i++ {
			if b := buf[len(buf)-i]; utf8.RuneStart(b) {
				if !utf8.FullRune(buf[len(buf)-i:]) {
					cut = len(buf) - i
				}
				break
			}
		}
		if !utf8.Valid(buf[:cut]) {
			u.err = fmt.Errorf("near byte %d: %w", u.off, ErrNotUTF8)
			return 0, u.err
		}
		if i := bytes.IndexByte(buf[:cut], 0); i >= 0 {
			u.err = fmt.Errorf("%w: a NUL byte at byte %d", ErrBinary, u.off+int64(i))
			return 0, u.err
		}
		u.off += int64(cut)
		u.carry = append(u.carry[:0:0], buf[cut:]...)
	}
	if errors.Is(err, io.EOF) && len(u.carry) > 0 {
		u.err = fmt.Errorf("at the end of the file: %w", ErrNotUTF8)
		return n, u.err
	}
	return n, err
}
