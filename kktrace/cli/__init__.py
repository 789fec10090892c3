"""The ``kktrace`` command line: a thin layer over the library.

Each command parses its options, calls one library function and formats the result.
Every :class:`~kktrace.errors.KKTraceError` becomes one line on stderr and exit code 2.
Command modules import heavy libraries (pyvis, jinja2, pyshacl, openpyxl) inside the
command function, so ``kktrace check`` does not pay for ``kktrace view``.
"""

from __future__ import annotations

import os
import sys

from .app import app

# Each module registers its commands on ``app`` when imported.
from . import info  # noqa: F401  isort: skip
from . import spreadsheet  # noqa: F401  isort: skip
from . import report  # noqa: F401  isort: skip
from . import governance  # noqa: F401  isort: skip
from . import query  # noqa: F401  isort: skip
from . import view  # noqa: F401  isort: skip
from . import check  # noqa: F401  isort: skip


def main() -> None:
    """Console-script entry point: run the app behind the one error boundary."""
    from ..errors import KKTraceError

    try:
        app()
    except KKTraceError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # a bug: one line, not a traceback, unless asked for
        if os.environ.get("KKTRACE_DEBUG"):
            raise
        print(
            f"Error: internal error ({type(exc).__name__}: {exc}) — "
            "please report it; set KKTRACE_DEBUG=1 to see the traceback",
            file=sys.stderr,
        )
        sys.exit(2)


__all__ = ["app", "main"]
