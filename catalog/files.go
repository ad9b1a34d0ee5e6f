package catalog

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wsis-tools/stocktake/importers/tabular"
)

// sidecarHead is how much of a JSON file is read to tell a list of entries
// from a single object.
const sidecarHead = 64 << 10

// ListFiles expands the paths given to an import into files, sorted for a
// repeatable order. A path that is a symbolic link is followed: the user
// named it. Folders are walked recursively; inside them hidden files and
// folders are passed over, and these are left out with a reason, returned
// in skipped:
//   - symbolic links (they may lead anywhere; name them to import them);
//   - anything that is not a regular file;
//   - a .json file beside a file of the same name in another format (a.json
//     next to a.txt) that holds one object rather than a list of entries:
//     the labels or metadata of that file, not a project or people export.
//
// A path that does not exist is an error; one that is not a regular file or
// a folder is returned as rejected.
func ListFiles(paths []string) (files []string, skipped []FileResult, err error) {
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("catalog: %w", err)
		}
		switch {
		case fi.Mode().IsRegular():
			files = append(files, p)
		case fi.IsDir():
			f, s, err := walkFolder(p)
			if err != nil {
				return nil, nil, err
			}
			files, skipped = append(files, f...), append(skipped, s...)
		default:
			skipped = append(skipped, FileResult{Path: p, Rejected: "not a regular file or a folder"})
		}
	}
	sort.Strings(files)
	return files, skipped, nil
}

// walkFolder lists the files below dir (see ListFiles).
func walkFolder(dir string) (files []string, skipped []FileResult, err error) {
	byFolder := map[string][]string{}
	err = fs.WalkDir(os.DirFS(dir), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		path := filepath.Join(dir, filepath.FromSlash(rel))
		hidden := rel != "." && strings.HasPrefix(d.Name(), ".")
		switch {
		case hidden && d.IsDir():
			return fs.SkipDir
		case hidden || d.IsDir():
		case d.Type()&fs.ModeSymlink != 0:
			skipped = append(skipped, FileResult{Path: path, Skipped: "a symbolic link inside a folder is not followed; name it on its own to import it"})
		case !d.Type().IsRegular():
			skipped = append(skipped, FileResult{Path: path, Skipped: "not a regular file"})
		default:
			folder := filepath.Dir(path)
			byFolder[folder] = append(byFolder[folder], path)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("catalog: %w", err)
	}
	for _, list := range byFolder {
		f, s := dropSidecars(list)
		files, skipped = append(files, f...), append(skipped, s...)
	}
	return files, skipped, nil
}

// dropSidecars leaves out the .json files of one folder that sit beside a
// file of the same name in another format and hold a single object.
func dropSidecars(list []string) (files []string, skipped []FileResult) {
	stems := map[string]string{} // stem -> a non-JSON file with it
	for _, p := range list {
		if ext := filepath.Ext(p); !strings.EqualFold(ext, ".json") {
			stems[strings.TrimSuffix(p, ext)] = p
		}
	}
	for _, p := range list {
		ext := filepath.Ext(p)
		twin, ok := stems[strings.TrimSuffix(p, ext)]
		if !strings.EqualFold(ext, ".json") || !ok || isExport(p) {
			files = append(files, p)
			continue
		}
		skipped = append(skipped, FileResult{Path: p, Skipped: fmt.Sprintf("one JSON object beside %s: taken for its labels or metadata, "+
			"not a list of projects or people, so not imported (import the file on its own to read it as a record)", filepath.Base(twin))})
	}
	return files, skipped
}

// isExport reports whether a JSON file starts like a list of entries;
// a file that cannot be read is imported, so that its error is reported.
func isExport(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, sidecarHead))
	if err != nil {
		return true
	}
	return tabular.IsExport(head)
}
