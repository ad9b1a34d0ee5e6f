//go:build race

package text

// raceDetector is true under -race, which makes the single-goroutine rules
// 20-30 times slower: tests that only load the parser use a smaller input.
const raceDetector = true
