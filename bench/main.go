// Command bench measures stocktake against SQLite FTS5 on the same
// generated corpus and query mix: import rate, reindex time, query latency
// per class with all facet counts, HTTP throughput, peak RSS and disk size.
//
//	go run ./bench -n 10000,100000 -out docs/bench-results.md
//
// Each engine runs in a child process of its own (the same binary with
// -child), so peak RSS is that engine's alone and one cannot warm the
// other's caches.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rs/zerolog"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	sizes := fl.String("n", "10000,100000", "corpus sizes, comma-separated (1000000 is supported and slow)")
	engines := fl.String("engines", "stocktake,sqlite", "engines to run, comma-separated")
	seed := fl.Uint64("seed", 1, "corpus seed")
	reps := fl.Int("reps", 100, "timed searches per query class")
	clients := fl.Int("clients", 8, "concurrent HTTP clients")
	httpTime := fl.Duration("http-time", 10*time.Second, "bound on the HTTP phase")
	httpMax := fl.Int("http-max", 20000, "bound on HTTP requests")
	batch := fl.Int("batch", 1000, "records per import transaction")
	work := fl.String("dir", "", "work dir for the data (default: a temp dir, removed afterwards)")
	out := fl.String("out", "", "write the markdown report to this file instead of stdout")
	only := fl.String("only", "", "run only query classes whose name contains this")
	verbose := fl.Bool("v", false, "log progress to stderr")
	child := fl.String("child", "", "internal: run one engine and print its result as JSON")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of each engine run to FILE.ENGINE.N")
	memProfile := fl.String("memprofile", "", "write a heap profile after each engine's import to FILE.ENGINE.N")
	importOnly := fl.Bool("import-only", false, "measure the import alone: no reindex, queries or HTTP phase")
	if err := fl.Parse(args); err != nil {
		return err
	}
	level := zerolog.WarnLevel
	if *verbose {
		level = zerolog.InfoLevel
	}
	log := zerolog.New(zerolog.ConsoleWriter{Out: stderr, TimeFormat: time.TimeOnly}).Level(level).With().Timestamp().Logger()

	gen := NewGenerator(*seed)
	cfg := config{
		seed: *seed, reps: *reps, clients: *clients, httpTime: *httpTime, httpMax: *httpMax,
		batch: *batch, rareName: gen.RareName(), topCountry: gen.Countries()[0], queryFilter: *only,
		memProfile: *memProfile, importOnly: *importOnly,
	}

	if *child != "" {
		n, err := strconv.Atoi(*sizes)
		if err != nil || *work == "" {
			return fmt.Errorf("-child needs one -n and a -dir")
		}
		cfg.engine, cfg.n, cfg.dir = *child, n, *work
		if *cpuProfile != "" {
			f, err := os.Create(fmt.Sprintf("%s.%s.%d", *cpuProfile, *child, n))
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer pprof.StopCPUProfile()
		}
		res, err := runEngine(ctx, cfg, log)
		if err != nil {
			return err
		}
		return json.NewEncoder(stdout).Encode(res)
	}

	dir := *work
	if dir == "" {
		tmp, err := os.MkdirTemp("", "stocktake-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var runs []sizeRun
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("bad size %q", s)
		}
		sr := sizeRun{n: n}
		for _, eng := range strings.Split(*engines, ",") {
			eng = strings.TrimSpace(eng)
			fmt.Fprintf(stderr, "bench: %s at %d records...\n", eng, n)
			res, err := runChild(ctx, self, args, eng, n, filepath.Join(dir, fmt.Sprintf("%s-%d", eng, n)), stderr)
			if err != nil {
				return fmt.Errorf("%s at %d: %w", eng, n, err)
			}
			sr.results = append(sr.results, res)
		}
		runs = append(runs, sr)
	}
	var b bytes.Buffer
	writeReport(&b, runs, cfg, machine())
	return writeOut(stdout, *out, b.Bytes())
}

// writeOut writes the report to the file named out, or to stdout.
func writeOut(stdout io.Writer, out string, b []byte) error {
	if out == "" {
		_, err := stdout.Write(b)
		return err
	}
	return os.WriteFile(out, b, 0o644)
}

// runChild runs one engine in a child process with the parent's flags.
func runChild(ctx context.Context, self string, args []string, eng string, n int, dir string, stderr io.Writer) (result, error) {
	childArgs := append(append([]string(nil), args...), "-child", eng, "-n", strconv.Itoa(n), "-dir", dir, "-out", "")
	cmd := exec.CommandContext(ctx, self, childArgs...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, stderr
	if err := cmd.Run(); err != nil {
		return result{}, err
	}
	var res result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return result{}, fmt.Errorf("child output: %w", err)
	}
	return res, os.RemoveAll(dir)
}

// machine describes where the figures were measured.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if first, _, ok := strings.Cut(string(b), "\n"); ok {
			f := strings.Fields(first)
			if len(f) >= 2 {
				if kb, err := strconv.Atoi(f[1]); err == nil {
					mem = fmt.Sprintf(", %.1f GiB RAM", float64(kb)/(1<<20))
				}
			}
		}
	}
	return fmt.Sprintf("%d CPUs (%s)%s, %s %s/%s", runtime.NumCPU(), model, mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
