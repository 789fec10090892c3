"""The error an import raises: every problem in the file, at once."""

from __future__ import annotations

from pathlib import Path

from kktrace.errors import UsageError
from kktrace.spreadsheet.messages import message


class SpreadsheetError(UsageError):
    """A spreadsheet with mistakes. ``errors`` holds one line per mistake.

    ``str(exc)`` is the first line, "FILE: N errors" (in the workbook's language); each
    line of ``errors`` reads "Sheet!Cell: what is wrong — what is allowed".
    """

    def __init__(
        self,
        path: Path | str,
        errors: list[str],
        lang: str = "da",
        warnings: list[str] | None = None,
    ) -> None:
        super().__init__(message("summary", lang, file=str(path), n=len(errors)))
        self.path = str(path)
        self.errors = list(errors)
        self.lang = lang
        #: Problems that would not have stopped the import, listed with the errors.
        self.warnings = list(warnings or [])

    def lines(self) -> list[str]:
        """The summary line followed by every error line."""
        return [self.message, *self.errors]
