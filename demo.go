// Package stocktake holds what the whole module shares at its root: the
// bundled demo corpus, embedded so `stocktake serve` on an empty data dir
// shows a useful page without any download.
package stocktake

import (
	"embed"
	"io/fs"
)

//go:embed testdata/demo
var demo embed.FS

//go:embed testdata/relevance.tsv
var judged embed.FS

// DemoFS returns the demo corpus (testdata/demo), original writing in the
// formats stocktake imports.
func DemoFS() fs.FS {
	sub, err := fs.Sub(demo, "testdata/demo")
	if err != nil {
		panic(err) // the path is fixed at compile time by the embed directive
	}
	return sub
}

// DemoJudgments returns the judged queries over the demo corpus
// (relevance.tsv), so `stocktake relevance` runs from any directory.
func DemoJudgments() fs.FS {
	sub, err := fs.Sub(judged, "testdata")
	if err != nil {
		panic(err) // the path is fixed at compile time by the embed directive
	}
	return sub
}
