package indexer

import (
	"math"
	"testing"
)

func TestBestPlusTie(t *testing.T) {
	for _, c := range []struct {
		scores map[int]float64
		want   float64
	}{
		{map[int]float64{0: 1, 1: 3, 2: 2}, 3.3},
		{map[int]float64{0: 2}, 2},
		{nil, 0},
	} {
		if got := bestPlusTie(0.1, c.scores); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("bestPlusTie(%v) = %v, want %v", c.scores, got, c.want)
		}
	}
}
