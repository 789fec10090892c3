"""The ``kktrace`` command line: a thin layer over the library.

Each command parses its options, calls one library function and formats the result.
Every :class:`~kktrace.errors.KKTraceError` becomes one line on stderr and exit code 2.
Command modules import heavy libraries (pyvis, jinja2, pyshacl, openpyxl) inside the
command function, so ``kktrace check`` does not pay for ``kktrace view``.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from kktrace.cli.app import app

# Each module registers its commands on ``app`` when imported.
from kktrace.cli import info  # noqa: F401  isort: skip
from kktrace.cli import spreadsheet  # noqa: F401  isort: skip
from kktrace.cli import report  # noqa: F401  isort: skip
from kktrace.cli import governance  # noqa: F401  isort: skip
from kktrace.cli import query  # noqa: F401  isort: skip
from kktrace.cli import view  # noqa: F401  isort: skip
from kktrace.cli import check  # noqa: F401  isort: skip
from kktrace.cli import sources  # noqa: F401  isort: skip


def _click_errors() -> tuple[Any, Any]:
    """Click's ``ClickException`` and ``NoArgsIsHelpError`` as the installed typer uses them
    (its own vendored copy of click in new versions, click itself in older ones); found at
    run time, hence `Any` for the type checker."""
    import typer

    base = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    module = sys.modules[base.__module__]
    return base, getattr(module, "NoArgsIsHelpError", ())


def main() -> None:
    """Console-script entry point: run the app behind the one error boundary."""
    import typer

    from kktrace.cli.streams import StdoutError, guard_stdout, printable, silence_stdout
    from kktrace.errors import KKTraceError

    click_error, no_args_is_help = _click_errors()
    # rdflib logs a traceback for every ill-typed literal ("2011-13-45"^^xsd:date) it
    # meets; kktrace reports those itself (shape-violation), so stderr stays one line.
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    try:
        guard_stdout()
        code = app(standalone_mode=False)
        if sys.stdout is not None:
            sys.stdout.flush()
    except no_args_is_help as exc:  # bare ``kktrace``: the help text (exit 2)
        exc.show()
        sys.exit(exc.exit_code)
    except click_error as exc:  # a wrong option or argument: one line, exit 2
        command = exc.ctx.command_path if getattr(exc, "ctx", None) else "kktrace"
        message = _one_line(exc.format_message())
        print(f"Error: {message} — see {command} --help", file=sys.stderr)
        sys.exit(2)
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        sys.exit(130)
    except KKTraceError as exc:
        if isinstance(exc, StdoutError):
            silence_stdout()
        print(f"Error: {printable(_one_line(str(exc)))}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except OSError as exc:
        if exc.filename is None:
            _internal(exc)
        # A file the user named that the OS refuses (name too long, a loop of links …).
        print(
            f"Error: {exc.filename}: cannot be used ({exc.strerror or exc}) — check the path",
            file=sys.stderr,
        )
        sys.exit(2)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # a bug: one line, not a traceback, unless asked for
        _internal(exc)
    sys.exit(code if isinstance(code, int) else 0)


def _internal(exc: Exception) -> None:
    if os.environ.get("KKTRACE_DEBUG"):
        raise exc
    print(
        f"Error: internal error ({type(exc).__name__}: {_one_line(str(exc))}) — "
        "please report it; set KKTRACE_DEBUG=1 to see the traceback",
        file=sys.stderr,
    )
    sys.exit(2)


def _one_line(message: str) -> str:
    """``message`` with its line breaks folded: an error is one line on stderr."""
    return " ".join(message.split()) if "\n" in message or "\r" in message else message


__all__ = ["app", "main"]
