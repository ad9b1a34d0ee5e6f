package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake"
	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// judgments are graded records per query.
type judgments struct {
	queries []string                  // in file order
	grades  map[string]map[string]int // query -> record key -> grade
}

func readJudgments(r io.Reader) (judgments, error) {
	j := judgments{grades: map[string]map[string]int{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		parts := strings.Split(t, "\t")
		if len(parts) != 3 {
			return j, fmt.Errorf("line %d: want query<TAB>record<TAB>grade", line)
		}
		g, err := strconv.Atoi(parts[2])
		if err != nil || g < 0 || g > 3 {
			return j, fmt.Errorf("line %d: grade %q is not 0 to 3", line, parts[2])
		}
		q := parts[0]
		if j.grades[q] == nil {
			j.grades[q] = map[string]int{}
			j.queries = append(j.queries, q)
		}
		j.grades[q][parts[1]] = g
	}
	return j, sc.Err()
}

// ndcg is the normalised discounted cumulative gain of ranked grades
// against all judged grades, at cutoff k (graded gain 2^g - 1).
func ndcg(ranked []int, judged []int, k int) float64 {
	dcg := func(gs []int) float64 {
		s := 0.0
		for i, g := range gs {
			if i == k {
				break
			}
			s += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
		}
		return s
	}
	ideal := append([]int(nil), judged...)
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	if d := dcg(ideal); d > 0 {
		return dcg(ranked) / d
	}
	return 0
}

// gradeOf finds a record's grade under the key judgments use: its file, and for
// records of multi-record files the file plus "#" and the title.
func gradeOf(grades map[string]int, r record.Record) (int, string) {
	file := filepath.Base(r.Source.File)
	if g, ok := grades[file+"#"+r.DisplayTitle()]; ok {
		return g, file + "#" + r.DisplayTitle()
	}
	return grades[file], file
}

// runRelevance prints nDCG@10 of the judged queries over the demo corpus
// (or a data dir).
func runRelevance(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "relevance", "[--data DIR] [JUDGMENTS.tsv]")
	data := fs.String("data", "", "data dir to search (default: a fresh one with the demo corpus)")
	verbose := fs.Bool("v", false, "print each query's score")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	path := filepath.Join("testdata", "relevance.tsv")
	if fs.NArg() > 0 {
		path = fs.Arg(0)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	j, err := readJudgments(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
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
	if *data == "" {
		if _, err := cat.LoadDemo(ctx, stocktake.DemoFS()); err != nil {
			return err
		}
	}
	svc := search.New(cat.Index(), cat.Store())
	const k = 10
	total := 0.0
	for _, q := range j.queries {
		resp, err := svc.Search(ctx, search.Request{Q: q, Size: k})
		if err != nil {
			return fmt.Errorf("query %q: %w", q, err)
		}
		var ranked []int
		seen := map[string]bool{}
		for _, h := range resp.Hits {
			g, key := gradeOf(j.grades[q], *h.Record)
			if seen[key] { // a multi-record file counts once
				g = 0
			}
			seen[key] = true
			ranked = append(ranked, g)
		}
		var judged []int
		for _, g := range j.grades[q] {
			judged = append(judged, g)
		}
		score := ndcg(ranked, judged, k)
		total += score
		if *verbose {
			fmt.Fprintf(e.stdout, "%.3f\t%d hits\t%s\n", score, resp.Total, q)
		}
	}
	fmt.Fprintf(e.stdout, "nDCG@%d = %.3f over %d judged queries (%s)\n", k, total/float64(len(j.queries)), len(j.queries), path)
	return nil
}
