"""Reading OpenDocument spreadsheets (.ods, LibreOffice's own format) with odfpy.

openpyxl reads only XLSX, so an ODS file is first turned into an XLSX workbook in memory —
cell by cell: text, numbers, dates, booleans, the stored value of a formula, merged ranges
and hidden rows — and then read like any workbook (:func:`kktrace.spreadsheet.reading.
read_workbook`), so every check and message is the same. Before odfpy parses the file, it
is screened like an XLSX (parts capped in size, no DTD: :mod:`.guard`). Repeated empty
rows and cells (ODS writes "1,048,000 empty rows" as one element) are skipped, never
expanded.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

#: A repeated non-empty row or cell is written at most this many times (no sheet is larger).
_MAX_REPEAT = 10_000


def read_ods(path: Path, lang: str | None = None) -> tuple[list[Any], Any]:
    """Read an ODS file into raw sheets (see :func:`read_workbook`)."""
    from kktrace.spreadsheet.errors import SpreadsheetError
    from kktrace.spreadsheet.guard import screen_workbook
    from kktrace.spreadsheet.reading import Problems, read_workbook

    problems = Problems(path, lang or "da")
    screen_workbook(path, lang or "da")  # raises InputFileError naming the part
    try:
        data = ods_to_xlsx(path)
    except Exception as exc:  # odfpy raises many types for damaged files: all mean "not ODS"
        detail = f"{type(exc).__name__}: {exc}".strip()[:160]
        problems.add_file("unreadable", kind="ODS", detail=detail)
        problems.raise_if_any()
        raise AssertionError("unreachable") from None
    with tempfile.TemporaryDirectory(prefix="kktrace-ods-") as folder:
        tmp = Path(folder) / (path.stem + ".xlsx")
        tmp.write_bytes(data)
        try:
            raws, found = read_workbook(tmp, lang)
        except SpreadsheetError as exc:
            raise SpreadsheetError(path, exc.errors, exc.lang, exc.warnings) from None
    found.path = path
    return raws, found


def ods_to_xlsx(path: Path) -> bytes:
    """The cells of every table of an ODS file as XLSX bytes (values only, no styles)."""
    import io

    import openpyxl
    from odf.opendocument import load
    from odf.table import Table

    doc = load(str(path))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for table in doc.spreadsheet.getElementsByType(Table):
        ws = wb.create_sheet(_title(table.getAttribute("name") or "Sheet"))
        _fill(ws, table)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _title(name: str) -> str:
    return name[:31]  # XLSX's limit; the importer matches sheets by name or headers


def _fill(ws: Any, table: Any) -> None:
    from odf.table import CoveredTableCell, TableCell, TableRow

    row_number = 0
    merges: list[tuple[int, int, int, int]] = []
    for row in _rows(table, TableRow):
        repeat = int(row.getAttribute("numberrowsrepeated") or 1)
        cells = [c for c in row.childNodes if c.qname[1] in ("table-cell", "covered-table-cell")]
        values = list(_cells(cells, TableCell, CoveredTableCell))
        if not any(v is not None for _, v, _ in values):
            row_number += repeat
            continue
        hidden = (row.getAttribute("visibility") or "visible") != "visible"
        for _ in range(min(repeat, _MAX_REPEAT)):
            row_number += 1
            for column, value, span in values:
                if value is not None:
                    ws.cell(row=row_number, column=column, value=value)
                if span != (1, 1):
                    merges.append(
                        (row_number, column, row_number + span[0] - 1, column + span[1] - 1)
                    )
            if hidden:
                ws.row_dimensions[row_number].hidden = True
    for top, left, bottom, right in merges:  # after the values: merging hides covered cells
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def _rows(table: Any, row_type: Any) -> list[Any]:
    """The rows of a table, also those inside row groups and header rows."""
    return table.getElementsByType(row_type)


def _cells(cells: list[Any], cell_type: Any, covered_type: Any) -> Any:
    """(column, value, (rows, columns) spanned) for each non-empty cell of a row."""
    column = 0
    for cell in cells:
        repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
        value = None if cell.qname[1] == "covered-table-cell" else _value(cell)
        if value is None:
            column += repeat
            continue
        span = (
            int(cell.getAttribute("numberrowsspanned") or 1),
            int(cell.getAttribute("numbercolumnsspanned") or 1),
        )
        for _ in range(min(repeat, _MAX_REPEAT)):
            column += 1
            yield column, value, span


def _value(cell: Any) -> Any:
    """A cell's value as openpyxl writes it: str, int/float, datetime, bool, or None."""
    from odf import teletype
    from odf.text import P

    kind = cell.getAttribute("valuetype")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.getAttribute("value"))
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "date":
        text = cell.getAttribute("datevalue")
        parsed = dt.datetime.fromisoformat(text)
        return parsed
    if kind == "boolean":
        return cell.getAttribute("booleanvalue") == "true"
    paragraphs = [teletype.extractText(p) for p in cell.getElementsByType(P)]
    text = "\n".join(paragraphs)
    return text if text != "" else None
