package web

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/wsis-tools/stocktake/catalog"
)

// ImportPath is where staff upload files while the server owns the data.
const ImportPath = "/api/v1/import"

// maxUploadBytes bounds one upload request (all its files together).
const maxUploadBytes = 256 << 20

// maxJobs is how many finished import jobs the server remembers.
const maxJobs = 50

// Importer imports one file. *catalog.Catalog satisfies it.
type Importer interface {
	ImportReader(ctx context.Context, name string, r io.Reader, opt catalog.ImportOptions) (catalog.FileResult, error)
}

// textWaiter is an Importer whose files are stored and filterable first and
// searchable by text a moment later (*catalog.Catalog): a job then waits for
// the text before it says done, showing the records left.
type textWaiter interface {
	WaitSearchable(ctx context.Context, progress func(left int)) error
}

// errImportOff is answered as 503.
var errImportOff = errors.New("imports are disabled: the server has no staff token")

// Job is an import running or done in the server.
type Job struct {
	ID       string               `json:"id"`
	State    string               `json:"state"` // "running", "done", "failed"
	Files    int                  `json:"files"`
	Done     int                  `json:"done"`
	TextLeft int                  `json:"text_left"` // records stored but not yet searchable by text
	Results  []catalog.FileResult `json:"results"`
	Error    string               `json:"error,omitempty"`
	Started  time.Time            `json:"started"`
	Finished time.Time            `json:"finished,omitzero"`
}

// jobTable holds the server's import jobs.
type jobTable struct {
	mu    sync.Mutex
	jobs  map[string]*Job
	order []string
}

func (t *jobTable) add(j *Job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.jobs == nil {
		t.jobs = map[string]*Job{}
	}
	t.jobs[j.ID] = j
	t.order = append(t.order, j.ID)
	for len(t.order) > maxJobs {
		delete(t.jobs, t.order[0])
		t.order = t.order[1:]
	}
}

// snapshot returns a copy of the job, safe to encode while it runs.
func (t *jobTable) snapshot(id string) (Job, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	j, ok := t.jobs[id]
	if !ok {
		return Job{}, false
	}
	c := *j
	c.Results = append([]catalog.FileResult(nil), j.Results...)
	return c, true
}

// recent returns copies of the jobs, newest first.
func (t *jobTable) recent() []Job {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Job, 0, len(t.order))
	for i := len(t.order) - 1; i >= 0; i-- {
		out = append(out, *t.jobs[t.order[i]])
	}
	return out
}

func (t *jobTable) update(j *Job, fn func(*Job)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fn(j)
}

// registerImport adds the import routes.
func (s *server) registerImport(r *mux.Router) {
	r.HandleFunc(ImportPath, s.handleImport).Methods(http.MethodPost)
	r.HandleFunc(ImportPath+"/{id}", s.only(nil, s.handleImportJob)).Methods(http.MethodGet, http.MethodHead)
}

// handleImport accepts a multipart upload (any number of "file" parts),
// spools the files to a private temp dir so the request ends quickly, and
// imports them in the background. It answers 202 with the job.
func (s *server) handleImport(w http.ResponseWriter, r *http.Request) {
	if s.importer == nil || (s.staffToken == "" && s.handoffToken == "") {
		writeJSON(w, http.StatusServiceUnavailable, problem{Error: errImportOff.Error()})
		return
	}
	if err := s.authorizeImport(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.refuseWrites(w, r) {
		return
	}
	job, err := s.startJob(r)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusBadRequest, problem{Error: err.Error(), Field: "file"})
		return
	}
	w.Header().Set("Location", ImportPath+"/"+job.ID)
	writeJSON(w, http.StatusAccepted, job)
}

// startJob spools the upload's files and imports them in the background,
// returning the job as it starts. The API and the import page share it.
func (s *server) startJob(r *http.Request) (Job, error) {
	prefix := "upload-"
	if s.spoolDir == "" {
		prefix = "stocktake-upload-" // in the system's temporary folder
	}
	dir, err := os.MkdirTemp(s.spoolDir, prefix)
	if err != nil {
		return Job{}, err
	}
	files, err := spool(r, dir)
	if err != nil {
		os.RemoveAll(dir)
		return Job{}, err
	}
	id := make([]byte, 8)
	_, _ = rand.Read(id)
	job := &Job{ID: hex.EncodeToString(id), State: "running", Files: len(files), Results: []catalog.FileResult{}, Started: time.Now().UTC()}
	s.jobs.add(job)
	s.log.Info().Str("job", job.ID).Int("files", len(files)).Msg("import started")
	go s.runJob(job, dir, files)
	snap, _ := s.jobs.snapshot(job.ID)
	return snap, nil
}

type spooled struct{ name, path string }

// spool writes every file part of the upload into dir. The body is already
// capped at maxUploadBytes by limitBody.
func spool(r *http.Request, dir string) ([]spooled, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fmt.Errorf("want a multipart/form-data upload with file parts: %w", err)
	}
	var files []spooled
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		name := filepath.Base(part.FileName())
		if part.FormName() != "file" || name == "." || name == "/" || name == "" {
			part.Close()
			continue
		}
		path := filepath.Join(dir, fmt.Sprintf("%04d", len(files)))
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(f, part)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		part.Close()
		if err != nil {
			return nil, err
		}
		files = append(files, spooled{name: name, path: path})
	}
	if len(files) == 0 {
		return nil, errors.New(`no file parts: send each file as a form part named "file"`)
	}
	return files, nil
}

// runJob imports the spooled files in the background. It runs outside any
// handler, so it recovers its own panics: a failed job, not a dead server.
func (s *server) runJob(job *Job, dir string, files []spooled) {
	defer os.RemoveAll(dir)
	ctx := s.importCtx
	var failure error
	func() {
		defer func() {
			if p := recover(); p != nil {
				failure = fmt.Errorf("import failed: %v", p)
			}
		}()
		for _, f := range files {
			res, err := s.importFile(ctx, f)
			if err != nil {
				failure = err
				return
			}
			s.jobs.update(job, func(j *Job) { j.Results = append(j.Results, res); j.Done++ })
		}
		if w, ok := s.importer.(textWaiter); ok {
			failure = w.WaitSearchable(ctx, func(left int) {
				s.jobs.update(job, func(j *Job) { j.TextLeft = left })
			})
		}
	}()
	s.jobs.update(job, func(j *Job) {
		j.Finished = time.Now().UTC()
		j.State = "done"
		if failure != nil {
			j.State, j.Error = "failed", failure.Error()
		}
	})
	ev := s.log.Info()
	if failure != nil {
		ev = s.log.Error().Err(failure)
	}
	ev.Str("job", job.ID).Int("files", job.Files).Msg("import finished")
}

func (s *server) importFile(ctx context.Context, f spooled) (catalog.FileResult, error) {
	fh, err := os.Open(f.path)
	if err != nil {
		return catalog.FileResult{}, err
	}
	defer fh.Close()
	return s.importer.ImportReader(ctx, f.name, fh, catalog.ImportOptions{})
}

// handleImportJob reports a job's progress and results.
func (s *server) handleImportJob(w http.ResponseWriter, r *http.Request) {
	if c, err := s.staff(r); !s.isHandoff(r) && (err != nil || c == noCredential) {
		s.fail(w, r, cmp.Or(err, errUnauthorized))
		return
	}
	job, ok := s.jobs.snapshot(mux.Vars(r)["id"])
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	writeJSON(w, http.StatusOK, job)
}
