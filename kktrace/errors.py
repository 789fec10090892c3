"""The exception hierarchy of kktrace.

"The model has gaps" is a result (a :class:`~kktrace.findings.finding.Finding`); "the input
cannot be used" is a :class:`KKTraceError`. Every subclass carries a one-line message
that names the file (and line/column where known) and says what to do. The CLI turns
any of them into that one line on stderr and exit code 2.
"""

from __future__ import annotations

from pathlib import Path


class KKTraceError(Exception):
    """Root of every error kktrace raises on purpose (bad input or usage)."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputFileError(KKTraceError):
    """A file that cannot be read: missing, unreadable, unknown extension."""


class ParseError(KKTraceError):
    """A file that cannot be parsed; names the file, line and column."""

    def __init__(
        self,
        path: Path | str,
        detail: str,
        line: int | None = None,
        column: int | None = None,
        hint: str = "fix the syntax at that place and run again",
    ) -> None:
        where = str(path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        # Parsers' messages may span lines (Oxigraph lists expected tokens over several).
        super().__init__(f"{where}: {' '.join(detail.split())} — {hint}")
        self.path = str(path)
        self.line = line
        self.column = column


class UsageError(KKTraceError):
    """A wrong option value, an unknown rule id or query name, and the like."""


class OutputError(KKTraceError):
    """An output that cannot be written (exists without --force, folder not writable)."""


class EndpointError(KKTraceError):
    """A SPARQL endpoint that cannot be reached or answers with an error."""
