package record

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// MakeID derives a stable id from a record's kind and a source key (the
// source URL, or the sha256 of the file content, plus "#title" for sources
// that hold several records). The same source always yields the same id, so
// importing it again updates the record instead of adding a duplicate.
func MakeID(kind Kind, key string) string {
	sum := sha256.Sum256([]byte(string(kind) + "\x00" + NormalizeKey(key)))
	prefix := "r"
	switch kind {
	case KindProject:
		prefix = "p"
	case KindSession:
		prefix = "s"
	case KindPerson:
		prefix = "w"
	}
	return prefix + hex.EncodeToString(sum[:8])
}

// NormalizeKey folds case and runs of space and punctuation so that trivial
// differences in a title or URL do not change an id.
func NormalizeKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(":/.#?=&-_", r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}
