"""Take the network away from a process, at the kernel, before it runs untrusted SPARQL.

pyoxigraph answers ``SERVICE`` by opening an HTTP connection itself and offers no switch to
stop it. kktrace refuses such queries by parsing them (:mod:`kktrace.sparql.guard`); the
processes that run queries for the endpoint are additionally unable to open an Internet
socket at all: a seccomp filter makes ``socket(AF_INET…)`` and ``socket(AF_INET6…)`` fail
with ``EACCES``, so a query the parser misread still cannot reach the network. (A query
cannot touch the file system: Oxigraph's SPARQL has no function that reads files and
``LOAD`` is an update, which is never run.)

The filter is permanent for the process and its children; apply it only in a process
forked for the purpose. It needs Linux on x86-64 or AArch64; elsewhere
:func:`forbid_network` returns False and the parser alone stands guard.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct
import sys

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_PR_SET_PDEATHSIG = 1
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_EACCES = 0x00050000 | 13  # SECCOMP_RET_ERRNO | EACCES
_AF_UNIX = 1

#: machine → (AUDIT_ARCH value, syscall numbers of socket(2) and socketpair(2))
_ARCHES = {
    "x86_64": (0xC000003E, (41, 53, 0x40000000 + 41, 0x40000000 + 53)),
    "aarch64": (0xC00000B7, (198, 199)),
}


def _filter(arch: int, numbers: tuple[int, ...]) -> bytes:
    """A classic-BPF seccomp program: socket()/socketpair() only for AF_UNIX."""
    ld_w_abs, jeq_k, ret_k = 0x20, 0x15, 0x06
    prog: list[tuple[int, int, int, int]] = [
        (ld_w_abs, 0, 0, 4),  # A = seccomp_data.arch
        (jeq_k, 1, 0, arch),  # same arch: go on; else allow (another ABI is not ours)
        (ret_k, 0, 0, _RET_ALLOW),
        (ld_w_abs, 0, 0, 0),  # A = seccomp_data.nr
    ]
    # One jump per socket syscall number to the argument check, which comes right after.
    count = len(numbers)
    for i, number in enumerate(numbers):
        prog.append((jeq_k, count - i, 0, number))
    prog.append((ret_k, 0, 0, _RET_ALLOW))  # not a socket call
    prog += [
        (ld_w_abs, 0, 0, 16),  # A = low half of args[0] (the address family)
        (jeq_k, 0, 1, _AF_UNIX),
        (ret_k, 0, 0, _RET_ALLOW),
        (ret_k, 0, 0, _RET_EACCES),
    ]
    return b"".join(struct.pack("HBBI", *ins) for ins in prog)


def forbid_network() -> bool:
    """Make every later Internet socket of this process fail; True when in force."""
    if not sys.platform.startswith("linux") or platform.machine() not in _ARCHES:
        return False
    arch, numbers = _ARCHES[platform.machine()]
    code = _filter(arch, numbers)
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(code, len(code))

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = Program(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    result = libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0)
    return bool(result == 0)


def die_with_parent() -> None:
    """Ask the kernel to kill this process when the process that forked it ends."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0)  # SIGKILL


def network_forbidden_in_child() -> bool:
    """Whether :func:`forbid_network` works here: tried in a throw-away child process."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        import socket

        code = 1
        if forbid_network():
            try:
                socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            except PermissionError:
                code = 0
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


__all__ = ["die_with_parent", "forbid_network", "network_forbidden_in_child"]
