"""How much memory the process holds, and giving freed memory back to the system.

Oxigraph allocates through the C library's ``malloc``. What a query frees is kept by
glibc for the next allocation, in the *arena* of the thread that freed it: with the rules
on two threads, each thread's arena keeps the high-water mark of its own queries, and the
process's peak is the sum (at 98 municipalities: 366 MiB with two threads, 299 MiB with
one). :func:`release` hands the free pages of every arena back (``malloc_trim``), so a
thread's next query starts from what is really in use. Elsewhere than on glibc the
functions do nothing (and :func:`resident` says 0).
"""

from __future__ import annotations

import ctypes
import os
from functools import cache

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident() -> int:
    """The process's resident memory in bytes now (0 where ``/proc`` does not say)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


@cache
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols, the C library's among them
        libc.malloc_trim  # noqa: B018 — glibc only
    except (OSError, AttributeError):
        return None
    return libc


def release() -> None:
    """Give the pages that ``malloc`` holds free in any arena back to the system."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
