//go:build linux || darwin || freebsd

package catalog

import "golang.org/x/sys/unix"

// freeSpace returns the bytes an unprivileged write may still use on the
// disk holding dir, and the size of that disk.
func freeSpace(dir string) (free, size uint64, err error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, 0, err
	}
	return uint64(st.Bavail) * uint64(st.Bsize), uint64(st.Blocks) * uint64(st.Bsize), nil
}
