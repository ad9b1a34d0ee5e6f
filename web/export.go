package web

import (
	"fmt"
	"net/http"

	"github.com/wsis-tools/stocktake/export"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// exportPageSize is the page size used to walk all matches; the largest
// search allows, to keep the number of queries low.
const exportPageSize = 100

// recordWriter is what the export handler needs of an export.Writer.
type recordWriter interface {
	Write(record.Record) error
	Flush() error
}

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

// handleExport streams every record matching the filters. The first page is
// fetched before anything is written, so bad parameters and a failing
// search still get a proper error status. A failure after the download has
// started aborts the connection, so the client sees a broken download
// rather than a short file that looks complete. Records changed while the
// export pages through the results may be missed or repeated.
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
	req.Page, req.Size = 1, exportPageSize
	resp, err := s.search.Search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}

	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="stocktake-export.`+format+`"`)
	if r.Method == http.MethodHead {
		return
	}
	out, err := export.NewWriter(w, format)
	if err == nil {
		err = s.writeAllHits(r, out, req, resp)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		s.log.Error().Err(err).Str("path", r.URL.Path).Msg("export aborted")
		panic(http.ErrAbortHandler)
	}
}

// writeAllHits writes the records of resp and of every following page.
func (s *server) writeAllHits(r *http.Request, out recordWriter, req search.Request, resp search.Response) error {
	written := 0
	for {
		for _, h := range resp.Hits {
			rec, err := s.hitRecord(r, h)
			if err != nil {
				return err
			}
			if err := out.Write(rec.Public()); err != nil {
				return fmt.Errorf("export %s: %w", h.ID, err)
			}
		}
		written += len(resp.Hits)
		if len(resp.Hits) == 0 || written >= resp.Total {
			return nil
		}
		req.Page++
		var err error
		if resp, err = s.search.Search(r.Context(), req); err != nil {
			return fmt.Errorf("export page %d: %w", req.Page, err)
		}
	}
}

// hitRecord is the full record of a hit: search attaches it, and the store
// is asked when it did not.
func (s *server) hitRecord(r *http.Request, h search.Hit) (record.Record, error) {
	if h.Record != nil {
		return *h.Record, nil
	}
	rec, err := s.records.Get(r.Context(), h.ID)
	if err != nil {
		return record.Record{}, fmt.Errorf("export %s: %w", h.ID, err)
	}
	return rec, nil
}
