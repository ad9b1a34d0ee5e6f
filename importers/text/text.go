// Package text extracts records from plain-text and Markdown documents.
package text

import (
	"bufio"
	"context"
	"io"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// Parse is a placeholder until the extractor lands: it takes the first line as title.
func Parse(ctx context.Context, name string, r io.Reader) ([]record.Record, error) {
	sc := bufio.NewScanner(r)
	rec := record.Record{Kind: record.KindSession}
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" {
			rec.Title = t
			break
		}
	}
	return []record.Record{rec}, sc.Err()
}
