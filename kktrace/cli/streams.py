"""Standard output as kktrace writes to it: failures become one clear line, not a traceback.

A reader that goes away (``kktrace info | head -1``), a closed descriptor (``>&-``), a full
disk (``> /dev/full``) or an encoding that cannot show the data (``PYTHONIOENCODING=latin-1``)
all surface as :class:`StdoutError`, which the CLI's error boundary prints as one line with
exit code 2. Terminal control characters in data are never the CLI's to send:
:func:`printable` removes them from text meant for a terminal.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from typing import Any, TextIO

from kktrace.errors import KKTraceError


class StdoutError(KKTraceError):
    """Standard output cannot take what kktrace writes."""


class GuardedStdout:
    """A proxy for ``sys.stdout`` turning write failures into :class:`StdoutError`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            raise StdoutError(
                f"standard output: its encoding {exc.encoding} cannot show {bad!r} — set "
                "PYTHONIOENCODING=utf-8 (or write to a file with -o where there is one)"
            ) from None
        except OSError as exc:
            raise stdout_error(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise stdout_error(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def stdout_error(exc: OSError) -> StdoutError:
    """The one-line error for an OS error while writing standard output."""
    if exc.errno == errno.EPIPE:
        return StdoutError(
            "standard output was closed before kktrace finished writing (broken pipe) — "
            "the output is incomplete; read all of it or write it to a file"
        )
    return StdoutError(
        f"standard output cannot be written ({exc.strerror or exc}) — the output is "
        "incomplete; check where it goes (disk space, a closed descriptor)"
    )


def guard_stdout() -> None:
    """Install :class:`GuardedStdout`; refuse to run when there is no standard output."""
    if sys.stdout is None:
        raise StdoutError(
            "standard output is closed — run kktrace with its output going to a terminal, "
            "a file or a pipe"
        )
    if not isinstance(sys.stdout, GuardedStdout):
        sys.stdout = GuardedStdout(sys.stdout)  # type: ignore[assignment]


def silence_stdout() -> None:
    """After a failed write: point descriptor 1 at /dev/null so the exit flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    sys.stdout = None  # type: ignore[assignment]


# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that make a terminal show text in another order than it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without terminal control characters (escape sequences, bells, BiDi overrides).

    >>> printable("ok\\x1b]0;pwned\\x07 \\x1b[31mred\\x1b[0m")
    'ok]0;pwned [31mred[0m'
    """
    return _CONTROL.sub("", text)
