//go:build !windows

package serve

import "syscall"

// errAddrInUse is the error of a listen on an address that is taken.
const errAddrInUse = syscall.EADDRINUSE
