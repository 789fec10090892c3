"""Hostile workbooks: screened before openpyxl reads them, and ids made unambiguous.

* Every part of the zip may unpack to at most :data:`MAX_PART_BYTES` (a zip bomb of 821 KB
  unpacked to 800 MB of sheet XML). The size a zip member declares is a safe bound: Python's
  ``zipfile`` never hands out more than it and fails the CRC check on a member that lies.
* No XML part may carry a DTD (``<!DOCTYPE``): Office never writes one, and entities are how
  XXE and "billion laughs" attacks begin.
* Hidden sheets, rows and columns are reported as warnings: their content is imported, and
  the person who imports should know it is there.
* Ids and references are read in Unicode NFC; two ids that differ only by case or by
  normalisation are refused, naming both cells (they would become two IRIs that people
  read as one).
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import iterparse

from kktrace.errors import InputFileError
from kktrace.model.screen import has_doctype
from kktrace.spreadsheet.messages import message

if TYPE_CHECKING:
    from kktrace.spreadsheet.reading import Problems, RawSheet

#: The most one part of an XLSX file (a sheet's XML, the shared strings) may unpack to.
MAX_PART_BYTES = 64 * 1024 * 1024

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: Columns whose text names resources: read in NFC so that a reference finds its id.
ID_KINDS = frozenset({"id", "refs", "subject"})


def screen_workbook(path: Path, lang: str) -> None:
    """Refuse parts too large to unpack and XML parts with a DTD: one line naming the part."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # openpyxl reports a file that is no zip in its own words
    with archive:
        for info in archive.infolist():
            if info.file_size > MAX_PART_BYTES:
                raise InputFileError(
                    message(
                        "part_too_large",
                        lang,
                        file=str(path),
                        part=info.filename,
                        size=-(-info.file_size // (1024 * 1024)),
                        limit=MAX_PART_BYTES // (1024 * 1024),
                    )
                )
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(info) as handle:
                    declared = has_doctype(handle)  # type: ignore[arg-type]
            except (OSError, zipfile.BadZipFile, RuntimeError, EOFError):
                continue  # a damaged member: openpyxl reports it
            if declared:
                raise InputFileError(message("xml_dtd", lang, file=str(path), part=info.filename))


def hidden_rows_and_columns(path: Path, member: str) -> tuple[list[int], list[str]]:
    """Numbers of the hidden rows and letters of the hidden columns of one sheet's XML."""
    from openpyxl.utils import get_column_letter

    rows: list[int] = []
    cols: list[str] = []
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as handle:
            for _, elem in iterparse(handle):
                tag = elem.tag
                if tag == f"{_NS_MAIN}row":
                    if _true(elem.get("hidden")) and len(elem):
                        rows.append(int(elem.get("r", "0")))
                    elem.clear()
                elif tag == f"{_NS_MAIN}col" and _true(elem.get("hidden")):
                    low, high = int(elem.get("min", "1")), int(elem.get("max", "1"))
                    cols.extend(get_column_letter(c) for c in range(low, min(high, 16384) + 1)[:3])
                elif tag == f"{_NS_MAIN}sheetData":
                    break
    except (KeyError, OSError, zipfile.BadZipFile, SyntaxError, ValueError):
        return [], []
    return rows, cols


def _true(value: str | None) -> bool:
    return value in ("1", "true")


def warn_hidden(path: Path, ws: Any, raw: RawSheet, problems: Problems) -> None:
    """Warn about a hidden sheet and about hidden rows that hold data and hidden columns."""
    if ws.sheet_state != "visible":
        problems.warn(f"{raw.name}!A1", (raw.index, 0, 2), "hidden_sheet", value=raw.name)
    member = getattr(ws, "_worksheet_path", None)
    if not member:
        return
    rows, cols = hidden_rows_and_columns(path, member)
    if rows:
        shown = ", ".join(str(r) for r in rows[:5]) + (" …" if len(rows) > 5 else "")
        problems.warn(f"{raw.name}!A{rows[0]}", (raw.index, rows[0], 0), "hidden_rows", rows=shown)
    if cols:
        problems.warn(
            f"{raw.name}!{cols[0]}1", (raw.index, 0, 3), "hidden_cols", cols=", ".join(cols)
        )


def nfc(value: Any) -> Any:
    """A text cell in Unicode NFC; any other value as it is."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def check_id_clashes(raws: list[RawSheet], problems: Problems) -> None:
    """Refuse two ids that differ only by case or Unicode normalisation, naming both cells."""
    seen: dict[str, tuple[str, str]] = {}
    for raw in raws:
        for row in raw.rows:
            cell = row.get("id")
            if cell is None or not isinstance(cell.value, str) or not cell.value.strip():
                continue
            text = cell.value.strip()
            key = unicodedata.normalize("NFC", text).casefold()
            if key not in seen:
                seen[key] = (text, cell.ref)
                continue
            other_text, other_ref = seen[key]
            if other_text != text:
                problems.add(
                    cell.ref,
                    cell.order,
                    "id_case_clash",
                    value=text,
                    other_value=other_text,
                    other=other_ref,
                )
