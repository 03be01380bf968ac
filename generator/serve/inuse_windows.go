package serve

import "syscall"

// errAddrInUse is the error of a listen on an address that is taken:
// Winsock's WSAEADDRINUSE, which the syscall package does not name.
const errAddrInUse = syscall.Errno(10048)
