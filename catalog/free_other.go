//go:build !(linux || darwin || freebsd)

package catalog

import "errors"

// freeSpace is not measured on this system: only a failed write turns the
// catalog read-only.
func freeSpace(string) (free, size uint64, err error) {
	return 0, 0, errors.New("free space is not measured on this system")
}
