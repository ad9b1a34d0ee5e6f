package text

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// checkInvariants holds for any input: records come back, with known kinds,
// known action-line codes and goals 1..17.
func checkInvariants(t *testing.T, recs []record.Record, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(recs) == 0 {
		t.Fatal("no record")
	}
	for _, r := range recs {
		switch r.Kind {
		case record.KindSession, record.KindProject, record.KindPerson:
		default:
			t.Fatalf("kind %q", r.Kind)
		}
		for _, c := range r.ActionLines {
			if _, ok := taxonomy.LookupActionLine(c); !ok {
				t.Fatalf("unknown action line %q", c)
			}
		}
		for _, n := range r.SDGs {
			if n < 1 || n > 17 {
				t.Fatalf("sdg %d", n)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range fixtures(f) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(">> A:\n>> B:\nSpeaker 1: , ,\nOrganizer 1:\n1. Action Line C7 e\n“x” under “C7”")
	f.Add("1. A B – C D – Categoría No. 10\n2. E – F – ج1\nProject,Organization,Country\na,b,Peru\nc,d,Chile\nMs. A B\nX\nModerator\n« a b c d e » a expliqué X Y")
	f.Fuzz(func(t *testing.T, s string) {
		recs, err := Parse(context.Background(), "fuzz.txt", strings.NewReader(s))
		checkInvariants(t, recs, err)
	})
}

// adversarial builds about 1 MB of input that stresses each rule: one huge
// line, many capitalised words, honorifics, quotes, codes and list items.
func adversarial() []string {
	const mb = 1 << 20
	pieces := []string{
		"Ms. Ana De La Cruz Van Der Berg Founder ",
		"“quoted words that never end ",
		"Action Line C7 C4 Line 3 SDG 4 Goal 5 ",
		"Speaker 1: Name, Civil Society, African Group\n",
		"1. Action Line C1 x\nTitle\nOrg, Peru.\n",
		"Republic Of The United Kingdom Of ",
		">> NAME: who is from the\n",
		"âââ€€€ÃÃÃ¬†¬† ",
		"\t Mr. A B\t Dr. C D\t",
	}
	var out []string
	for _, p := range pieces {
		out = append(out, strings.Repeat(p, mb/len(p)+1)[:mb])
	}
	return out
}

// mixedInput interleaves chunks of every adversarial input into size
// bytes, so one parse meets all of them, each chunk at least twice.
func mixedInput(size int) string {
	var b strings.Builder
	ins := adversarial()
	chunk := min(64<<10, size/len(ins)/2)
	for off := 0; b.Len() < size; off += chunk {
		for _, in := range ins {
			b.WriteString(in[off%len(in) : off%len(in)+chunk])
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestAdversarialMegabyte parses a megabyte of adversarial input (a quarter
// of one under -race: the parser runs on one goroutine, so the race detector
// has nothing to find in it, and BenchmarkParseAdversarialMegabyte measures
// the full size).
func TestAdversarialMegabyte(t *testing.T) {
	t.Parallel()
	size := 1 << 20
	if raceDetector {
		size = 256 << 10
	}
	recs, err := Parse(context.Background(), "big.txt", strings.NewReader(mixedInput(size)))
	checkInvariants(t, recs, err)
}

func BenchmarkParseTemplates(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	var docs []string
	for _, p := range files {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, string(raw))
	}
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if _, err := Parse(context.Background(), "b.txt", strings.NewReader(d)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkParseAdversarialMegabyte(b *testing.B) {
	for i, in := range adversarial() {
		b.Run(string(rune('a'+i)), func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(context.Background(), "big.txt", strings.NewReader(in)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
