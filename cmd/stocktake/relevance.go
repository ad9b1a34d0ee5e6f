package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake"
	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
)

// relevanceK is the nDCG cutoff: the first page a person reads.
const relevanceK = 10

// runRelevance prints nDCG@10 of judged queries for the product and for
// plain baselines over the same records, overall, per user type and (with
// -v) per query. The records come from a corpus folder imported into a
// temporary data dir through the normal import path, from an existing
// data dir, or (by default) from the demo corpus.
func runRelevance(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "relevance", "[--corpus DIR [--include GLOB] | --data DIR] [-v] [--explain] [JUDGMENTS.tsv]")
	corpus := fs.String("corpus", "", "folder of documents to import into a temporary data dir; judged records are paths under it")
	include := fs.String("include", "*.txt", "with --corpus: import only files whose name matches this glob (the dev set's .json files are labels)")
	data := fs.String("data", "", "existing data dir to search instead of a corpus")
	verbose := fs.Bool("v", false, "print each query's scores")
	explain := fs.Bool("explain", false, "print the product's first page of each query with the grades")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *corpus != "" && *data != "" {
		return fmt.Errorf("%w: --corpus and --data exclude each other", errUsage)
	}
	if _, err := filepath.Match(*include, ""); err != nil {
		return fmt.Errorf("%w: --include %q: %v", errUsage, *include, err)
	}
	path := "" // the judgments built in (testdata/relevance.tsv): any working directory will do
	switch {
	case fs.NArg() == 1:
		path = fs.Arg(0)
	case fs.NArg() > 1, *corpus != "" && fs.NArg() == 0:
		return fmt.Errorf("%w: want one judgments file", errUsage)
	}
	files := judgedFilesAt(path)
	j, err := files.load()
	if err != nil {
		return err
	}
	types, err := files.readQueryTypes()
	if err != nil {
		return err
	}
	if *data != "" {
		// An existing data dir, never an empty one made by a typo.
		if err := (dataFlags{dir: data}).check(); err != nil {
			return err
		}
	}

	dir := *data
	if dir == "" {
		tmp, err := os.MkdirTemp("", "stocktake-relevance-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	cat, err := catalog.Open(ctx, dir, zerolog.Nop())
	if err != nil {
		return err
	}
	defer cat.Close()
	keys := corpusKeys{}
	switch {
	case *corpus != "":
		if keys, err = importCorpus(ctx, e, cat, *corpus, *include); err != nil {
			return err
		}
	case *data == "":
		if _, err := cat.LoadDemo(ctx, stocktake.DemoFS()); err != nil {
			return err
		}
	}
	rankers, closeAll, err := relevanceRankers(ctx, cat)
	if err != nil {
		return err
	}
	defer closeAll()
	rep, err := evaluate(ctx, j, types, keys, rankers, *explain)
	if err != nil {
		return err
	}
	records, err := cat.Store().Count(ctx)
	if err != nil {
		return err
	}
	src := "demo corpus"
	switch {
	case *corpus != "":
		src = fmt.Sprintf("corpus %s (%d files)", *corpus, len(keys))
	case *data != "":
		src = "data dir " + *data
	}
	fmt.Fprintf(e.stdout, "nDCG@%d of %d judged queries in %s over the %s, %d records\n\n", relevanceK, len(j.queries), files, src, records)
	rep.print(e.stdout, *verbose)
	return nil
}

// corpusKeys maps a file's base name to its path under the corpus folder,
// the key judgments name it by. Empty, a record's key is its file name.
type corpusKeys map[string]string

// importCorpus imports the files of dir matching include through the
// catalog, as `stocktake import` would, and returns their keys.
func importCorpus(ctx context.Context, e *env, cat *catalog.Catalog, dir, include string) (corpusKeys, error) {
	all, _, err := catalog.ListFiles([]string{dir}) // files left out (links, label files) are no documents
	if err != nil {
		return nil, err
	}
	keys := corpusKeys{}
	var files []string
	for _, p := range all {
		if ok, _ := filepath.Match(include, filepath.Base(p)); !ok {
			continue
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return nil, err
		}
		base := filepath.Base(p)
		if prev, dup := keys[base]; dup {
			// Records remember their file's base name only.
			return nil, fmt.Errorf("corpus: %s and %s have the same file name", prev, rel)
		}
		keys[base] = filepath.ToSlash(rel)
		files = append(files, p)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("corpus %s: no file matches %q", dir, include)
	}
	results, err := cat.Import(ctx, files, catalog.ImportOptions{})
	if err != nil {
		return nil, err
	}
	// Search answers by entity: wait for the clusters too.
	if err := cat.WaitSearchable(ctx, nil); err != nil {
		return nil, err
	}
	for _, r := range results {
		if r.Rejected != "" {
			fmt.Fprintf(e.stderr, "relevance: %s rejected: %s\n", r.Path, r.Rejected)
		}
	}
	return keys, nil
}

// key is the judgment key of r, and its grade: the file's key plus "#"
// and the title for records of multi-record files when judged so, else
// the file's key.
func (k corpusKeys) grade(grades map[string]int, r record.Record) (int, string) {
	file := filepath.Base(r.Source.File)
	if rel, ok := k[file]; ok {
		file = rel
	}
	if g, ok := grades[file+"#"+r.DisplayTitle()]; ok {
		return g, file + "#" + r.DisplayTitle()
	}
	return grades[file], file
}

// queryScore is one ranker's answer to one query.
type queryScore struct {
	ndcg  float64
	total int
}

// report holds every ranker's score of every query, and the first page
// of the first ranker (the product) for --explain.
type report struct {
	rankers []string
	queries []string
	types   map[string]string
	scores  map[string][]queryScore // query -> score per ranker
	pages   map[string][]string     // query -> "rank grade key (title)"
}

func evaluate(ctx context.Context, j judgments, types map[string]string, keys corpusKeys, rankers []ranker, explain bool) (report, error) {
	rep := report{queries: j.queries, types: types, scores: map[string][]queryScore{}, pages: map[string][]string{}}
	for _, r := range rankers {
		rep.rankers = append(rep.rankers, r.name)
	}
	for _, q := range j.queries {
		var judged []int
		for _, g := range j.grades[q] {
			judged = append(judged, g)
		}
		for i, r := range rankers {
			recs, total, err := r.run(ctx, q, relevanceK)
			if err != nil {
				return rep, fmt.Errorf("%s: query %q: %w", r.name, q, err)
			}
			var ranked []int
			seen := map[string]bool{}
			for n, rec := range recs {
				g, key := keys.grade(j.grades[q], rec)
				if seen[key] { // a multi-record file counts once
					g = 0
				}
				seen[key] = true
				ranked = append(ranked, g)
				if i == 0 && explain {
					rep.pages[q] = append(rep.pages[q], fmt.Sprintf("%2d  %d  %s  (%s)", n+1, g, key, rec.DisplayTitle()))
				}
			}
			rep.scores[q] = append(rep.scores[q], queryScore{ndcg(ranked, judged, relevanceK), total})
		}
	}
	return rep, nil
}

// typeOf is a query's user type, "-" when the set has none.
func (r report) typeOf(q string) string {
	if t := r.types[q]; t != "" {
		return t
	}
	return "-"
}

// print writes the table: mean nDCG per user type and overall, the
// number of queries without any result, and with verbose each query.
func (r report) print(w io.Writer, verbose bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	header := func(first string) {
		fmt.Fprintf(tw, "%s\tqueries\t%s\t\n", first, strings.Join(r.rankers, "\t"))
	}
	var order []string
	for _, q := range r.queries {
		if t := r.typeOf(q); !slices.Contains(order, t) {
			order = append(order, t)
		}
	}
	header("user type")
	row := func(label string, keep func(q string) bool) {
		n := 0
		sums := make([]float64, len(r.rankers))
		for _, q := range r.queries {
			if !keep(q) {
				continue
			}
			n++
			for i, s := range r.scores[q] {
				sums[i] += s.ndcg
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t", label, n)
		for _, s := range sums {
			fmt.Fprintf(tw, "%.3f\t", s/float64(max(n, 1)))
		}
		fmt.Fprintln(tw)
	}
	if len(order) > 1 || order[0] != "-" {
		for _, t := range order {
			row(t, func(q string) bool { return r.typeOf(q) == t })
		}
	}
	row("all", func(string) bool { return true })
	fmt.Fprintf(tw, "zero results\t\t")
	for i := range r.rankers {
		zero := 0
		for _, q := range r.queries {
			if r.scores[q][i].total == 0 {
				zero++
			}
		}
		fmt.Fprintf(tw, "%d\t", zero)
	}
	fmt.Fprintln(tw)
	tw.Flush()
	if !verbose && len(r.pages) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\thits\ttype\tquery\n", strings.Join(r.rankers, "\t"))
	for _, q := range r.queries {
		for _, s := range r.scores[q] {
			fmt.Fprintf(tw, "%.3f\t", s.ndcg)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", r.scores[q][0].total, r.typeOf(q), q)
		for _, line := range r.pages[q] {
			fmt.Fprintf(tw, "%s%s\n", strings.Repeat("\t", len(r.rankers)+2), line)
		}
	}
	tw.Flush()
}
