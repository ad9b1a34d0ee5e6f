package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake"
)

// judgments are graded records per query.
type judgments struct {
	queries []string                  // in file order
	grades  map[string]map[string]int // query -> record key -> grade
}

func readJudgments(r io.Reader) (judgments, error) {
	j := judgments{grades: map[string]map[string]int{}}
	err := eachRow(r, 3, "query<TAB>record<TAB>grade", func(line int, parts []string) error {
		g, err := strconv.Atoi(parts[2])
		if err != nil || g < 0 || g > 3 {
			return fmt.Errorf("line %d: grade %q is not 0 to 3", line, parts[2])
		}
		q := parts[0]
		if j.grades[q] == nil {
			j.grades[q] = map[string]int{}
			j.queries = append(j.queries, q)
		}
		j.grades[q][parts[1]] = g
		return nil
	})
	return j, err
}

// judgedFiles are the judgments file and what lies beside it: a folder
// of the file system, or the demo judgments built into the binary.
type judgedFiles struct {
	fsys    fs.FS
	dir     string // for messages: where fsys is
	name    string // the judgments file in fsys
	builtIn bool
}

// judgedFilesAt are the files at path, or the built-in demo judgments.
func judgedFilesAt(path string) judgedFiles {
	if path == "" {
		return judgedFiles{fsys: stocktake.DemoJudgments(), dir: "testdata", name: "relevance.tsv", builtIn: true}
	}
	return judgedFiles{fsys: os.DirFS(filepath.Dir(path)), dir: filepath.Dir(path), name: filepath.Base(path)}
}

func (j judgedFiles) String() string {
	if j.builtIn {
		return filepath.Join(j.dir, j.name) + " (built in)"
	}
	return filepath.Join(j.dir, j.name)
}

func (j judgedFiles) load() (judgments, error) {
	f, err := j.fsys.Open(j.name)
	if err != nil {
		return judgments{}, fmt.Errorf("judgments: %w", err)
	}
	defer f.Close()
	out, err := readJudgments(f)
	if err != nil {
		return out, fmt.Errorf("%s: %w", j, err)
	}
	return out, nil
}

// readQueryTypes reads query<TAB>user type lines (relevance-queries.tsv
// beside the judgments). A missing file is no error: every query is then
// of type "all".
func (j judgedFiles) readQueryTypes() (map[string]string, error) {
	path := filepath.Join(j.dir, "relevance-queries.tsv")
	f, err := j.fsys.Open("relevance-queries.tsv")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	types := map[string]string{}
	err = eachRow(f, 2, "query<TAB>user type", func(_ int, parts []string) error {
		types[parts[0]] = parts[1]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return types, nil
}

// eachRow calls fn with the tab-separated cells of every line that is not
// blank or a # comment, requiring n cells.
func eachRow(r io.Reader, n int, want string, fn func(line int, parts []string) error) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		parts := strings.Split(t, "\t")
		if len(parts) != n {
			return fmt.Errorf("line %d: want %s", line, want)
		}
		if err := fn(line, parts); err != nil {
			return err
		}
	}
	return sc.Err()
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
