package main

import "syscall"

func mountTmpfs(dir, opts string) error {
	return syscall.Mount("tmpfs", dir, "tmpfs", 0, opts)
}

func remountTmpfs(dir, opts string) error {
	return syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, opts)
}

func unmount(dir string) error { return syscall.Unmount(dir, 0) }
