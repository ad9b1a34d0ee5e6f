package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, "sqlite"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// sqliteEngine is what a user would build instead: records as JSON rows, an
// FTS5 table over the same text, facet values as (doc, facet, value) rows
// counted with GROUP BY, a table of counts per facet value kept up to date
// on insert (so the unfiltered landing page needs no GROUP BY), and the
// panel gender counts of sessions for insights. It takes facet values and
// text from the product's facet table and indexer.TextOf, so both engines
// count exactly the same values.
type sqliteEngine struct {
	db *sql.DB
}

// filterField maps a request filter to its facet-row field, as the product
// does (the facet table).
func filterField(name string) (string, bool) {
	f, ok := indexer.FacetNamed(name)
	if !ok || !f.Param {
		return "", false
	}
	return f.Field, true
}

// sqlDoc is what the SQLite side stores of a record besides its JSON.
type sqlDoc struct {
	text   indexer.Text
	people string
	facets map[string][]string // facet-row field -> values
	date   any                 // "2006-01-02" or nil
	title  string
	panel  *[3]int // women, men, unknown of a session's speakers and moderators
	event  string
	year   int
}

func docOf(r record.Record) sqlDoc {
	d := sqlDoc{text: indexer.TextOf(r), facets: map[string][]string{}, title: record.NormalizeKey(r.DisplayTitle()), event: r.Event, year: r.Year}
	for _, f := range indexer.Facets() {
		if !f.Param {
			if f.Name == indexer.FacetPerson {
				d.people = strings.Join(f.Values(r), "\n")
			}
			continue
		}
		d.facets[f.Field] = f.Values(r)
	}
	if t, err := time.Parse("2006-01-02", r.Date); err == nil {
		d.date = t.Format("2006-01-02")
	} else if r.Year > 0 {
		d.date = time.Date(r.Year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	if r.Kind == record.KindSession && len(r.Speakers)+len(r.Moderators) > 0 {
		var p [3]int
		for _, sp := range append(slices.Clone(r.Speakers), r.Moderators...) {
			switch sp.Gender {
			case "female":
				p[0]++
			case "male":
				p[1]++
			default:
				p[2]++
			}
		}
		d.panel = &p
	}
	return d
}

const sqliteSchema = `
CREATE TABLE IF NOT EXISTS docs(
	rowid INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	date TEXT,
	title_sort TEXT,
	json BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_date ON docs(date DESC, title_sort);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, summary, body, people,
	content='', tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS facets(
	doc INTEGER NOT NULL,
	facet TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY(doc, facet, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facets_fvd ON facets(facet, value, doc);
CREATE TABLE IF NOT EXISTS counts(
	facet TEXT NOT NULL,
	value TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY(facet, value)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS panels(
	doc INTEGER PRIMARY KEY,
	event TEXT NOT NULL,
	year INTEGER NOT NULL,
	women INTEGER NOT NULL,
	men INTEGER NOT NULL,
	unknown INTEGER NOT NULL
);
`

func openSQLite(ctx context.Context, dir string) (*sqliteEngine, error) {
	// WAL lets readers run beside a writer; synchronous=FULL syncs every
	// commit, as bbolt does, so import rates compare like for like. The file
	// is memory-mapped, as bbolt and Bleve's segments are, and each
	// connection gets a 32 MB page cache: the tuning a user would apply.
	dsn := "file:" + filepath.Join(dir, "bench.sqlite") +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)" +
		"&_pragma=mmap_size(2147483648)&_pragma=cache_size(-32000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	// database/sql keeps only 2 idle connections by default; a search runs
	// several statements at once and every new connection starts with a
	// cold cache, so keep enough for 8 clients' statements.
	db.SetMaxIdleConns(32)
	if _, err := db.ExecContext(ctx, sqliteSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: schema: %w", err)
	}
	// Rank like stocktake's text query: title 3x, summary 1.5x.
	if _, err := db.ExecContext(ctx, `INSERT INTO fts(fts, rank) VALUES('rank', 'bm25(3.0, 1.5, 1.0, 1.0)')`); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: rank: %w", err)
	}
	return &sqliteEngine{db: db}, nil
}

func (e *sqliteEngine) name() string { return "sqlite" }

// put inserts one batch in one transaction: record JSON, FTS row, facet rows.
func (e *sqliteEngine) put(ctx context.Context, recs []record.Record) error {
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer tx.Rollback()
	now := time.Now().UTC()
	for i := range recs {
		recs[i].ImportedAt = now
		js, err := json.Marshal(recs[i])
		if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		doc := docOf(recs[i])
		res, err := tx.ExecContext(ctx, `INSERT INTO docs(id, date, title_sort, json) VALUES(?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET date=excluded.date, title_sort=excluded.title_sort, json=excluded.json`,
			recs[i].ID, doc.date, doc.title, js)
		if err != nil {
			return fmt.Errorf("sqlite: insert: %w", err)
		}
		rowid, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		if err := insertDerived(ctx, tx, rowid, doc); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// insertDerived writes the FTS row, facet rows, counts and panel of one
// document: the part a reindex rebuilds. (The bench never re-puts a
// record, so counts only go up.)
func insertDerived(ctx context.Context, tx *sql.Tx, rowid int64, doc sqlDoc) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO fts(rowid, title, summary, body, people) VALUES(?, ?, ?, ?, ?)`,
		rowid, doc.text.Title, doc.text.Summary, doc.text.Body, doc.people); err != nil {
		return fmt.Errorf("sqlite: fts: %w", err)
	}
	for field, vals := range doc.facets {
		for _, v := range vals {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO facets(doc, facet, value) VALUES(?, ?, ?)`, rowid, field, v); err != nil {
				return fmt.Errorf("sqlite: facets: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO counts(facet, value, n) VALUES(?, ?, 1)
				ON CONFLICT(facet, value) DO UPDATE SET n = n + 1`, field, v); err != nil {
				return fmt.Errorf("sqlite: counts: %w", err)
			}
		}
	}
	if p := doc.panel; p != nil {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO panels(doc, event, year, women, men, unknown) VALUES(?, ?, ?, ?, ?, ?)`,
			rowid, doc.event, doc.year, p[0], p[1], p[2]); err != nil {
			return fmt.Errorf("sqlite: panels: %w", err)
		}
	}
	return nil
}

// reindex rebuilds the FTS and facet tables from the stored JSON, as
// stocktake rebuilds its index from bbolt.
func (e *sqliteEngine) reindex(ctx context.Context) error {
	if _, err := e.db.ExecContext(ctx, `INSERT INTO fts(fts) VALUES('delete-all'); DELETE FROM facets; DELETE FROM counts; DELETE FROM panels;`); err != nil {
		return fmt.Errorf("sqlite: reindex: %w", err)
	}
	var last int64
	for {
		n, next, err := e.reindexBatch(ctx, last)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		last = next
	}
}

func (e *sqliteEngine) reindexBatch(ctx context.Context, after int64) (int, int64, error) {
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT rowid, json FROM docs WHERE rowid > ? ORDER BY rowid LIMIT ?`, after, indexer.BatchSize)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: %w", err)
	}
	type row struct {
		id  int64
		rec record.Record
	}
	var batch []row
	for rows.Next() {
		var r row
		var js []byte
		if err := rows.Scan(&r.id, &js); err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("sqlite: %w", err)
		}
		if err := json.Unmarshal(js, &r.rec); err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("sqlite: %w", err)
		}
		batch = append(batch, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("sqlite: %w", err)
	}
	for _, r := range batch {
		if err := insertDerived(ctx, tx, r.id, docOf(r.rec)); err != nil {
			return 0, 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("sqlite: %w", err)
	}
	if len(batch) == 0 {
		return 0, after, nil
	}
	return len(batch), batch[len(batch)-1].id, nil
}

// sqliteResult mirrors what stocktake's search returns: a total, a page of
// decoded records and the counts of every facet.
type sqliteResult struct {
	Total  int                       `json:"total"`
	Hits   []record.Record           `json:"hits"`
	Facets map[string]map[string]int `json:"facets"`
}

// search answers req with stocktake's semantics: filters understood from the
// text are applied, values OR-ed within a filter and AND-ed across, and a
// facet with a selection is counted without its own selection. The
// statements run concurrently, as stocktake's per-facet queries do.
func (e *sqliteEngine) search(ctx context.Context, req search.Request) (int, error) {
	res, err := e.query(ctx, req)
	return res.Total, err
}

func (e *sqliteEngine) query(ctx context.Context, req search.Request) (sqliteResult, error) {
	und := search.Understand(req.Q)
	active := map[string][]string{}
	for k, vs := range req.Filters {
		active[k] = slices.Clone(vs)
	}
	// As the product's query policy: only filter syntax ("sdg:5") filters;
	// chips understood from plain words rank there, and are not modelled.
	for _, c := range und.Chips {
		if c.Syntax && !slices.Contains(active[c.Facet], c.Value) {
			active[c.Facet] = append(active[c.Facet], c.Value)
		}
	}
	match := ftsQuery(und.Text)
	size := req.Size
	if size <= 0 {
		size = search.DefaultSize
	}
	page := max(req.Page, 1)

	res := sqliteResult{Facets: map[string]map[string]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var errs []error
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	var mainFacets []string
	for _, name := range search.FacetNames() {
		if len(active[name]) == 0 {
			mainFacets = append(mainFacets, name)
			continue
		}
		wg.Go(func() {
			counts, err := e.counts(ctx, match, active, name, []string{name})
			if err != nil {
				fail(err)
				return
			}
			mu.Lock()
			res.Facets[name] = counts[name]
			mu.Unlock()
		})
	}
	wg.Go(func() {
		counts, err := e.counts(ctx, match, active, "", mainFacets)
		if err != nil {
			fail(err)
			return
		}
		mu.Lock()
		maps.Copy(res.Facets, counts)
		mu.Unlock()
	})
	wg.Go(func() {
		hits, total, err := e.page(ctx, match, active, size, (page-1)*size)
		if err != nil {
			fail(err)
			return
		}
		mu.Lock()
		res.Hits, res.Total = hits, total
		mu.Unlock()
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return sqliteResult{}, fmt.Errorf("sqlite: search: %w", err)
	}
	return res, nil
}

// hitSet returns SQL selecting the matching doc ids, and its arguments.
// skip names a filter left out (for disjunctive counts). An empty string
// means every document.
func hitSet(match string, active map[string][]string, skip string) (string, []any) {
	var parts []string
	var args []any
	if match != "" {
		parts = append(parts, `SELECT rowid FROM fts WHERE fts MATCH ?`)
		args = append(args, match)
	}
	names := slices.Sorted(maps.Keys(active))
	for _, name := range names {
		vals := active[name]
		field, ok := filterField(name)
		if name == skip || len(vals) == 0 || !ok {
			continue
		}
		parts = append(parts, `SELECT DISTINCT doc FROM facets WHERE facet = ? AND value IN (?`+strings.Repeat(", ?", len(vals)-1)+`)`)
		args = append(args, field)
		for _, v := range vals {
			args = append(args, v)
		}
	}
	return strings.Join(parts, " INTERSECT "), args
}

// counts counts the values of facets over the hit set without skip's filter.
func (e *sqliteEngine) counts(ctx context.Context, match string, active map[string][]string, skip string, facets []string) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	if len(facets) == 0 {
		return out, nil
	}
	set, args := hitSet(match, active, skip)
	fields := make([]any, len(facets))
	byField := map[string]string{}
	for i, f := range facets {
		field, _ := filterField(f)
		fields[i] = field
		byField[field] = f
	}
	in := `facet IN (?` + strings.Repeat(", ?", len(facets)-1) + `)`
	var q string
	if set == "" {
		q = `SELECT facet, value, n FROM counts WHERE ` + in
		args = fields
	} else {
		// CROSS JOIN fixes the order: walk the hits and look up each one's
		// rows by primary key. Left free, SQLite picks a scan of the facet's
		// whole index when one facet is asked for, 30-100x slower.
		q = `WITH hits(doc) AS MATERIALIZED (` + set + `)
			SELECT f.facet, f.value, count(*) FROM hits CROSS JOIN facets f ON f.doc = hits.doc
			WHERE f.` + in + ` GROUP BY f.facet, f.value`
		args = append(args, fields...)
	}
	rows, err := e.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var field, value string
		var n int
		if err := rows.Scan(&field, &value, &n); err != nil {
			return nil, err
		}
		name := byField[field]
		if out[name] == nil {
			out[name] = map[string]int{}
		}
		out[name][value] = n
	}
	return out, rows.Err()
}

// page returns one page of decoded records, best first (bm25 with text,
// newest first without), and the total.
func (e *sqliteEngine) page(ctx context.Context, match string, active map[string][]string, limit, offset int) ([]record.Record, int, error) {
	set, args := hitSet(match, active, "")
	var total int
	var q string
	var qargs []any
	switch {
	case set == "":
		if err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM docs`).Scan(&total); err != nil {
			return nil, 0, err
		}
		q = `SELECT json FROM docs ORDER BY date DESC, title_sort LIMIT ? OFFSET ?`
		qargs = []any{limit, offset}
	default:
		if err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+set+`)`, args...).Scan(&total); err != nil {
			return nil, 0, err
		}
		switch filters, fargs := hitSet("", active, ""); {
		case match != "" && filters == "":
			q = `SELECT d.json FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?`
			qargs = []any{match, limit, offset}
		case match != "":
			// The unary + keeps the filter out of FTS5's plan: pushed down,
			// it turns the ranked scan into one lookup per filtered doc
			// and a sort, about 15x slower on a 2,000-record trial.
			q = `SELECT d.json FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ? AND +fts.rowid IN (` + filters + `) ORDER BY rank LIMIT ? OFFSET ?`
			qargs = append(append([]any{match}, fargs...), limit, offset)
		default:
			q = `SELECT json FROM docs WHERE rowid IN (` + set + `) ORDER BY date DESC, title_sort LIMIT ? OFFSET ?`
			qargs = append(args, limit, offset)
		}
	}
	rows, err := e.db.QueryContext(ctx, q, qargs...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var hits []record.Record
	for rows.Next() {
		var js []byte
		if err := rows.Scan(&js); err != nil {
			return nil, 0, err
		}
		var r record.Record
		if err := json.Unmarshal(js, &r); err != nil {
			return nil, 0, err
		}
		hits = append(hits, r.Public())
	}
	return hits, total, rows.Err()
}

// ftsQuery turns the text part of a query into FTS5 syntax with stocktake's
// meaning: any word or quoted phrase matches (the product's recall; it also
// matches other words for a word and records tagged with a code the words
// name, which this does not model). Each word is quoted so no FTS5
// operator can be injected.
func ftsQuery(text string) string {
	var terms []string
	for i, part := range strings.Split(text, `"`) {
		words := strings.FieldsFunc(part, func(r rune) bool { return !isWordRune(r) })
		if len(words) == 0 {
			continue
		}
		if i%2 == 1 {
			terms = append(terms, `"`+strings.Join(words, " ")+`"`)
			continue
		}
		for _, w := range words {
			terms = append(terms, `"`+w+`"`)
		}
	}
	return strings.Join(terms, " OR ")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// handler serves /api/v1/search over the SQLite engine with the product's
// request parsing, so HTTP throughput compares like for like.
func (e *sqliteEngine) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/search", func(w http.ResponseWriter, r *http.Request) {
		req, err := search.ParseRequest(r.URL.Query())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		res, err := e.query(r.Context(), req)
		if err != nil {
			http.Error(w, "search failed", http.StatusInternalServerError)
			return
		}
		// The same shape as stocktake's API: hits without bodies, counts.
		type hit struct {
			ID, Kind, Title, Event string
			Year                   int
		}
		out := struct {
			Total  int
			Hits   []hit
			Facets map[string]map[string]int
		}{Total: res.Total, Facets: res.Facets}
		for _, h := range res.Hits {
			out.Hits = append(out.Hits, hit{h.ID, string(h.Kind), h.Title, h.Event, h.Year})
		}
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(out); err != nil {
			return // the client went away; nothing left to tell it
		}
	})
	return mux
}

func (e *sqliteEngine) close() error { return e.db.Close() }

// sqliteInsights is what the product's Insights computes, from SQL.
type sqliteInsights struct {
	Total, People int
	Matrix        map[[2]string]int         // action line, SDG -> records
	Counts        map[string]map[string]int // year, country, region -> value -> records
	Panels        map[string][4]int         // "event year" -> sessions, women, men, unknown
}

func (e *sqliteEngine) insights(ctx context.Context, req search.Request) (int, error) {
	in, err := e.insightsData(ctx, req)
	return in.Total, err
}

// insightsData answers the product's insights with GROUP BY queries over
// the hit set (projects and sessions; people counted apart), run
// concurrently like the search's statements.
func (e *sqliteEngine) insightsData(ctx context.Context, req search.Request) (sqliteInsights, error) {
	und := search.Understand(req.Q)
	active := map[string][]string{}
	for k, vs := range req.Filters {
		active[k] = slices.Clone(vs)
	}
	// As the product's query policy: only filter syntax ("sdg:5") filters;
	// chips understood from plain words rank there, and are not modelled.
	for _, c := range und.Chips {
		if c.Syntax && !slices.Contains(active[c.Facet], c.Value) {
			active[c.Facet] = append(active[c.Facet], c.Value)
		}
	}
	set, args := hitSet(ftsQuery(und.Text), active, "")
	if set == "" {
		set = `SELECT rowid FROM docs`
	}
	kind, _ := filterField(indexer.FacetKind)
	persons := `SELECT doc FROM facets WHERE facet = '` + kind + `' AND value = 'person'`
	with := `WITH hits(doc) AS MATERIALIZED (` + set + `), recs(doc) AS MATERIALIZED (SELECT doc FROM hits EXCEPT ` + persons + `) `
	al, _ := filterField(indexer.FacetActionLine)
	sdg, _ := filterField(indexer.FacetSDG)
	out := sqliteInsights{Matrix: map[[2]string]int{}, Counts: map[string]map[string]int{}, Panels: map[string][4]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var errs []error
	query := func(q string, row func(rows *sql.Rows) error) {
		wg.Go(func() {
			rows, err := e.db.QueryContext(ctx, with+q, args...)
			if err == nil {
				defer rows.Close()
				for err == nil && rows.Next() {
					mu.Lock()
					err = row(rows)
					mu.Unlock()
				}
				if err == nil {
					err = rows.Err()
				}
			}
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	query(`SELECT (SELECT count(*) FROM recs), (SELECT count(*) FROM hits) - (SELECT count(*) FROM recs)`, func(r *sql.Rows) error {
		return r.Scan(&out.Total, &out.People)
	})
	query(`SELECT a.value, s.value, count(*) FROM recs CROSS JOIN facets a ON a.doc = recs.doc AND a.facet = '`+al+`'
		JOIN facets s ON s.doc = recs.doc AND s.facet = '`+sdg+`' GROUP BY a.value, s.value`, func(r *sql.Rows) error {
		var a, s string
		var n int
		err := r.Scan(&a, &s, &n)
		out.Matrix[[2]string{a, s}] = n
		return err
	})
	var fields []string
	for _, name := range []string{indexer.FacetYear, indexer.FacetCountry, indexer.FacetRegion} {
		f, _ := filterField(name)
		fields = append(fields, "'"+f+"'")
	}
	query(`SELECT f.facet, f.value, count(*) FROM recs CROSS JOIN facets f ON f.doc = recs.doc
		WHERE f.facet IN (`+strings.Join(fields, ", ")+`) GROUP BY f.facet, f.value`, func(r *sql.Rows) error {
		var f, v string
		var n int
		err := r.Scan(&f, &v, &n)
		if out.Counts[f] == nil {
			out.Counts[f] = map[string]int{}
		}
		out.Counts[f][v] = n
		return err
	})
	query(`SELECT p.event, p.year, count(*), sum(p.women), sum(p.men), sum(p.unknown) FROM recs CROSS JOIN panels p ON p.doc = recs.doc
		GROUP BY p.event, p.year`, func(r *sql.Rows) error {
		var ev string
		var year, sessions, w, m, u int
		err := r.Scan(&ev, &year, &sessions, &w, &m, &u)
		out.Panels[fmt.Sprintf("%s %d", ev, year)] = [4]int{sessions, w, m, u}
		return err
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return out, fmt.Errorf("sqlite: insights: %w", err)
	}
	return out, nil
}
