//go:build !linux

package main

import "errors"

var errNoMount = errors.New("mounting a tmpfs needs Linux")

func mountTmpfs(string, string) error   { return errNoMount }
func remountTmpfs(string, string) error { return errNoMount }
func unmount(string) error              { return errNoMount }
