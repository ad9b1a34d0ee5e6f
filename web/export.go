package web

import (
	"fmt"
	"net/http"

	"github.com/wsis-tools/stocktake/export"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// exportContentType is the content type of an export format; ok is false
// for formats the export does not write.
func exportContentType(format string) (string, bool) {
	switch format {
	case "csv":
		return "text/csv; charset=utf-8", true
	case "jsonl":
		return "application/x-ndjson; charset=utf-8", true
	}
	return "", false
}

// handleExport streams every record matching the filters through
// Searcher.Each, so the file holds exactly the records the search page
// counts. A failure before the first byte is sent (bad parameters, a search
// that fails at once) gets a proper error status. A failure after the
// download has started aborts the connection, so the client sees a broken
// download rather than a short file that looks complete.
func (s *server) handleExport(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	format := params.Get("format")
	contentType, ok := exportContentType(format)
	if !ok {
		s.fail(w, r, &search.FieldError{Field: "format", Msg: `must be "csv" or "jsonl"`})
		return
	}
	params.Del("format")
	req, err := search.ParseRequest(params)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// page and size are validated like everywhere else, but the export
	// covers all matches.
	req.Page = 1

	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+downloadName("records", params, format)+`"`)
	if r.Method == http.MethodHead {
		return
	}
	sw := &sentWriter{w: w}
	out, err := export.NewWriter(sw, format)
	if err == nil {
		err = s.search.Each(r.Context(), req, func(rec record.Record) error {
			if err := out.Write(rec.Public()); err != nil {
				return fmt.Errorf("export %s: %w", rec.ID, err)
			}
			return nil
		})
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil && !sw.sent {
		w.Header().Del("Content-Disposition")
		s.fail(w, r, err)
		return
	}
	if err != nil {
		s.log.Error().Err(err).Str("path", r.URL.Path).Msg("export aborted")
		panic(http.ErrAbortHandler)
	}
}

// sentWriter remembers whether any byte reached the client, after which the
// status can no longer change.
type sentWriter struct {
	w    http.ResponseWriter
	sent bool
}

func (s *sentWriter) Write(b []byte) (int, error) {
	if len(b) > 0 {
		s.sent = true
	}
	n, err := s.w.Write(b)
	if err != nil {
		return n, fmt.Errorf("send export: %w", err)
	}
	return n, nil
}
