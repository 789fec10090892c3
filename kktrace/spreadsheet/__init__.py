"""Plan owners' spreadsheets: the XLSX template, import with cell-level errors, export.

* :func:`template` — the empty workbook (README sheet, drop-downs) in Danish or English.
* :func:`import_file` — an XLSX workbook or CSV file → triples, or one
  :class:`SpreadsheetError` listing every mistake ("Initiativer!H12: …").
* :func:`to_turtle` — sorted Turtle of imported triples.
* :func:`export` — a model as xlsx (re-importable, lossless), csv, jsonld, graphml, gexf.

The layout (sheets, columns, what each maps to) lives in :mod:`.layout` only.
"""

from __future__ import annotations

from kktrace.spreadsheet.errors import SpreadsheetError
from kktrace.spreadsheet.exporter import FORMATS, export
from kktrace.spreadsheet.importer import ImportResult, import_file, to_turtle
from kktrace.spreadsheet.iris import DEFAULT_BASE, slug
from kktrace.spreadsheet.template import template

__all__ = [
    "DEFAULT_BASE",
    "FORMATS",
    "ImportResult",
    "SpreadsheetError",
    "export",
    "import_file",
    "slug",
    "template",
    "to_turtle",
]
