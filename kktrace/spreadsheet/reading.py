"""Reading XLSX and CSV files into raw rows: header matching, merged cells, formulas.

This is the part that touches openpyxl and the csv module. It turns a file into
:class:`RawSheet` objects (the layout sheet each one is, and its non-empty rows as
column key → :class:`RawCell`), reporting structural problems (unknown sheets and
headers, missing columns, merged cells, formulas without a value) to :class:`Problems`.
What the cells *mean* is the business of :mod:`.importer`.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from kktrace.spreadsheet import guard
from kktrace.spreadsheet.errors import SpreadsheetError
from kktrace.spreadsheet.layout import (
    ALL_SHEETS,
    EXAMPLE_IDS,
    LISTS_NAMES,
    README_NAMES,
    Sheet,
    csv_sheet,
)
from kktrace.spreadsheet.messages import message
from kktrace.spreadsheet.values import restore_formula, text_of


@dataclass
class RawCell:
    value: Any
    ref: str  # e.g. "Initiativer!H12"
    order: tuple[int, int, int]
    hidden_by_merge: bool = False


@dataclass
class RawSheet:
    sheet: Sheet
    name: str
    index: int
    rows: list[dict[str, RawCell]] = field(default_factory=list)
    labelled: set[int] = field(default_factory=set)  # columns with a header (known or not)

    @property
    def id_keys(self) -> frozenset[str]:
        """Keys of the columns whose text names resources (read in Unicode NFC)."""
        return frozenset(c.key for c in self.sheet.columns if c.kind in guard.ID_KINDS)


class Problems:
    """The errors found so far, formatted in the workbook's language, sorted by place."""

    def __init__(self, path: Path, lang: str) -> None:
        self.path = path
        self.lang = lang
        self._items: list[tuple[tuple[int, int, int], str]] = []
        self._warnings: list[tuple[tuple[int, int, int], str, str, dict[str, object]]] = []
        #: Ids (casefolded) in the Id column of sheets that could not be read: references to
        #: them are not reported again (the sheet's own problem is).
        self.unread_ids: set[str] = set()

    def add(self, ref: str, order: tuple[int, int, int], code: str, **params: object) -> None:
        self._items.append((order, f"{ref}: {message(code, self.lang, **params)}"))

    def warn(self, ref: str, order: tuple[int, int, int], code: str, **params: object) -> None:
        """A problem that loses nothing the importer needs: reported, not fatal."""
        self._warnings.append((order, ref, code, params))

    def warning_lines(self) -> list[str]:
        """The warnings, sorted by place, each "Sheet!Cell: advarsel: …" in the file's language."""
        word = message("warning", self.lang)
        lines = [
            f"{ref}: {word}: {message(code, self.lang, **params)}"
            for _, ref, code, params in sorted(self._warnings, key=lambda w: w[0])
        ]
        return list(dict.fromkeys(lines))

    def add_file(self, code: str, **params: object) -> None:
        self._items.append(((-1, 0, 0), message(code, self.lang, file=str(self.path), **params)))

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            lines = [text for _, text in sorted(self._items, key=lambda item: item[0])]
            raise SpreadsheetError(
                self.path, list(dict.fromkeys(lines)), self.lang, self.warning_lines()
            )


def norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def header_norm(text: str) -> str:
    """A header as matched: case and spacing ignored, a required-marker ``*`` dropped."""
    return norm(str(text).rstrip().rstrip("*"))


def header_lookup(sheet: Sheet) -> dict[str, str]:
    """Normalised header (da, en or key) → column key."""
    lookup: dict[str, str] = {}
    for col in sheet.columns:
        for alias in (col.header_da, col.header_en, col.key):
            lookup.setdefault(header_norm(alias), col.key)
    return lookup


def header_matches(sheet: Sheet, headers: Sequence[Any]) -> set[str]:
    """The column keys of ``sheet`` that ``headers`` name."""
    lookup = header_lookup(sheet)
    return {
        lookup[header_norm(text_of(h))]
        for h in headers
        if not is_empty(h) and header_norm(text_of(h)) in lookup
    }


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def detect_lang(names: Iterable[str], sheets: Sequence[Sheet] = ALL_SHEETS) -> str:
    """``en`` if more of ``names`` are English-only sheet or column names than Danish-only."""
    da_names: set[str] = set()
    en_names: set[str] = set()
    for sheet in sheets:
        pairs = [(sheet.name_da, sheet.name_en)] + [
            (c.header_da, c.header_en) for c in sheet.columns
        ]
        for da, en in pairs:
            if norm(da) != norm(en):
                da_names.add(norm(da))
                en_names.add(norm(en))
    given = [norm(n) for n in names]
    en_count = sum(n in en_names for n in given)
    da_count = sum(n in da_names for n in given)
    return "en" if en_count > da_count else "da"


# -- headers --------------------------------------------------------------------------
def map_headers(
    raw: RawSheet, headers: Sequence[Any], problems: Problems, row: int = 1
) -> dict[int, str] | None:
    """Column index (0-based) → column key; reports unknown, duplicate and missing headers.

    An unknown header is a warning (the column is skipped: a notes column is fine) unless
    it is close to a known one (a typo would lose data: an error naming the header meant).
    Returns None when a required column is missing (the rows cannot be read then).
    """
    import difflib

    sheet, name = raw.sheet, raw.name
    lookup = header_lookup(sheet)
    allowed = ", ".join(c.header(problems.lang) for c in sheet.columns)
    headers_by_norm: dict[str, str] = {}
    for col in sheet.columns:
        for alias in (col.header_da, col.header_en):
            for form in (header_norm(alias), header_norm(alias).split(" (")[0]):
                headers_by_norm.setdefault(form, col.header(problems.lang))
    mapping: dict[int, str] = {}
    where: dict[str, str] = {}
    for i, value in enumerate(headers):
        if is_empty(value):
            continue
        raw.labelled.add(i)
        ref = f"{name}!{column_letter(i + 1)}{row}"
        order = (raw.index, row, i + 1)
        key = lookup.get(header_norm(text_of(value)))
        if key is None:
            text = text_of(value).strip()
            close = difflib.get_close_matches(header_norm(text), list(headers_by_norm), 1, 0.8)
            if close:
                problems.add(
                    ref, order, "unknown_column_close", value=text, close=headers_by_norm[close[0]]
                )
            else:
                problems.warn(ref, order, "unknown_column_skipped", value=text, allowed=allowed)
        elif key in where:
            problems.add(
                ref, order, "duplicate_column", value=text_of(value).strip(), other=where[key]
            )
        else:
            mapping[i] = key
            where[key] = ref
    missing = [c for c in sheet.columns if c.required and c.key not in where]
    for col in missing:
        ref = f"{name}!{column_letter(len(headers) + 1)}{row}"
        problems.add(
            ref,
            (raw.index, row, len(headers) + 1),
            "missing_column",
            value=col.header(problems.lang),
        )
    return None if missing else mapping


def collect_rows(
    raw: RawSheet,
    mapping: dict[int, str],
    rows: Iterable[tuple[int, Sequence[Any]]],
    problems: Problems,
    hidden: frozenset[tuple[int, int]] = frozenset(),
) -> None:
    """Keep the non-empty rows (empty rows anywhere are skipped) as key → RawCell."""
    headerless_reported: set[int] = set()
    id_keys = raw.id_keys
    for number, values in rows:
        if all(is_empty(v) for v in values):
            continue
        cells: dict[str, RawCell] = {}
        for i, value in enumerate(values):
            key = mapping.get(i)
            ref = f"{raw.name}!{column_letter(i + 1)}{number}"
            order = (raw.index, number, i + 1)
            if key is None:
                if not is_empty(value) and i not in headerless_reported | raw.labelled:
                    headerless_reported.add(i)
                    problems.add(ref, order, "headerless_data", value=text_of(value).strip()[:40])
                continue
            if key in id_keys:
                value = guard.nfc(value)
            cells[key] = RawCell(value, ref, order, (number, i + 1) in hidden)
        first = cells.get("id") or cells.get("subject")
        if first is not None and isinstance(first.value, str) and first.value.strip()[:1] == "#":
            if first.value.strip() not in EXAMPLE_IDS:  # the template's own examples: quietly
                problems.warn(first.ref, first.order, "example_row")
            continue
        if any(not is_empty(c.value) for c in cells.values()):
            raw.rows.append(cells)


# -- XLSX -------------------------------------------------------------------------------
#: Rows searched for the header row (a title row or two above the headers is allowed).
_HEAD_ROWS = 5


def _header_row(sheet: Sheet, head: Sequence[Sequence[Any]]) -> int:
    """The row (0-based, among the first few) that best matches ``sheet``'s headers."""
    best, at = 0, 0
    for i, values in enumerate(head):
        count = len(header_matches(sheet, values))
        if count > best:
            best, at = count, i
    return at


def _sheet_by_headers(head: Sequence[Sequence[Any]], taken: set[str]) -> Sheet | None:
    """The layout sheet a renamed sheet is, judged by its headers (Id and Klasse required).

    Of the sheets whose columns the headers name best, the one with the fewest columns
    (the Mål headers fit the Strategi sheet too, but leave more of its columns empty).
    """
    best: tuple[int, int] = (2, 0)
    found = None
    for sheet in ALL_SHEETS:
        if sheet.key in taken:
            continue
        for values in head:
            keys = header_matches(sheet, values)
            required = {c.key for c in sheet.columns if c.required}
            if not required <= keys:
                continue
            score = (len(keys), -len(sheet.columns))
            if score > best:
                best, found = score, sheet
    return found


def _remember_ids(head: Sequence[Sequence[Any]], problems: Problems) -> None:
    """The ids under an Id header of a sheet that cannot be read (see ``unread_ids``)."""
    for i, values in enumerate(head):
        for col, value in enumerate(values):
            if not is_empty(value) and header_norm(text_of(value)) in ("id", "subjekt", "subject"):
                problems.unread_ids.update(
                    norm(text_of(r[col]))
                    for r in head[i + 1 :]
                    if len(r) > col and not is_empty(r[col])
                )
                return


_FORMULA_ERRORS = {
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
}


def _load(path: Path, data_only: bool, lang: str, read_only: bool = False) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, data_only=data_only, read_only=read_only)
    except Exception as exc:  # openpyxl raises many types for corrupt files; all mean "not XLSX"
        detail = f"{type(exc).__name__}: {exc}".strip()[:160]
        problems = Problems(path, lang)
        problems.add_file("unreadable", kind="XLSX", detail=detail)
        problems.raise_if_any()
        raise AssertionError("unreachable") from None


def read_workbook(path: Path, lang: str | None = None) -> tuple[list[RawSheet], Problems]:
    """Read every known sheet of an XLSX workbook into raw rows."""
    # Read-only mode streams the sheets (about twice as fast on big sheets); merged
    # ranges, which it does not expose, are read from the sheet XML (see _merged).
    guard.screen_workbook(path, lang or "da")
    wb = _load(path, data_only=False, lang=lang or "da", read_only=True)
    names = [ws.title for ws in wb.worksheets]
    headers_seen: list[str] = []
    for ws in wb.worksheets:
        for cell in next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ()):
            if isinstance(cell, str):
                headers_seen.append(cell)
    lang = lang or detect_lang(names + headers_seen)
    problems = Problems(path, lang)
    by_name: dict[str, Sheet] = {}
    for layout_sheet in ALL_SHEETS:
        by_name.setdefault(norm(layout_sheet.name_da), layout_sheet)
        by_name.setdefault(norm(layout_sheet.name_en), layout_sheet)
    skipped = {norm(n) for n in (*README_NAMES, *LISTS_NAMES)}
    allowed = ", ".join(s.name(lang) for s in ALL_SHEETS)
    cached: list[Any] = []  # the data-only workbook, loaded on the first formula
    raws: list[RawSheet] = []
    seen_sheets: set[str] = set()
    for index, ws in enumerate(wb.worksheets):
        title = ws.title
        if title.startswith("_") or norm(title) in skipped:
            continue
        # The rows as the sheet's XML holds them, not padded to the extent it declares
        # (one stray cell in XFD1048576 would make that a billion empty cells).
        ws.reset_dimensions()
        rows = ws.iter_rows()
        head_cells = list(islice(rows, _HEAD_ROWS))
        head = [[getattr(c, "value", None) for c in r] for r in head_cells]
        sheet: Sheet | None = by_name.get(norm(title))
        if sheet is not None and sheet.key in seen_sheets:
            sheet = None
        renamed = sheet is None
        if sheet is None:
            sheet = _sheet_by_headers(head, seen_sheets)
        if sheet is None:
            problems.add(
                f"{title}!A1", (index, 0, 0), "unknown_sheet", value=title, allowed=allowed
            )
            _remember_ids(head + [[getattr(c, "value", None) for c in r] for r in rows], problems)
            continue
        at = _header_row(sheet, head)
        if renamed:
            problems.warn(
                f"{title}!A1", (index, 0, 0), "sheet_renamed", value=title, sheet=sheet.name(lang)
            )
        if at > 0:
            problems.warn(f"{title}!A1", (index, 0, 1), "title_row", row=at + 1)
        seen_sheets.add(sheet.key)
        raw = RawSheet(sheet, title, index)
        raws.append(raw)
        guard.warn_hidden(path, ws, raw, problems)
        hidden = _merged(path, ws, raw, problems)
        mapping = map_headers(raw, head[at] if head else [], problems, row=at + 1)
        if mapping is None:
            rest = [[getattr(c, "value", None) for c in r] for r in rows]
            _remember_ids(head[at:] + rest, problems)
            continue
        first = [
            (n, [_cell_value(c, n, ws, raw, problems, cached, path) for c in cells])
            for n, cells in enumerate(head_cells[at + 1 :], start=at + 2)
        ]

        def values(
            rows: Iterable[Any] = rows,
            ws: Any = ws,
            raw: RawSheet = raw,
            start: int = len(head) + 1,
        ) -> Iterable[tuple[int, list[Any]]]:
            for number, row in enumerate(rows, start=start):
                yield number, [_cell_value(c, number, ws, raw, problems, cached, path) for c in row]

        collect_rows(raw, mapping, chain(first, values()), problems, hidden)
    wb.close()  # read-only workbooks keep the file open until closed
    if not raws and not problems:
        problems.add_file("no_sheets", allowed=allowed)
    guard.check_id_clashes(raws, problems)
    return raws, problems


class _Bad:
    """A cell whose problem is already reported (formula without value, error value)."""

    def __repr__(self) -> str:
        return "<reported>"


BAD = _Bad()


def _cell_value(
    cell: Any,
    number: int,
    ws: Any,
    raw: RawSheet,
    problems: Problems,
    cached: list[Any],
    path: Path,
) -> Any:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    ref = f"{raw.name}!{cell.coordinate}"
    order = (raw.index, number, cell.column)
    from_formula = cell.data_type == "f"
    if from_formula:
        if not cached:
            cached.append(_load(path, data_only=True, lang=problems.lang))
        stored = cached[0][ws.title][cell.coordinate].value
        formula = value if isinstance(value, str) else getattr(value, "text", str(value))
        if stored is None:
            problems.add(ref, order, "formula_no_value", value=formula)
            return BAD
        value = stored
    # An error is an error cell, or a formula whose cached value is an error; a text cell
    # that reads "#NAME?" (a label exported from RDF) is text.
    if cell.data_type == "e" or (
        from_formula and isinstance(value, str) and value in _FORMULA_ERRORS
    ):
        problems.add(ref, order, "cell_error", value=value)
        return BAD
    return value


def _merged(path: Path, ws: Any, raw: RawSheet, problems: Problems) -> frozenset[tuple[int, int]]:
    """Report every merged range; return the cells a merge hides (all but the top-left)."""
    from openpyxl.worksheet.cell_range import CellRange

    hidden: set[tuple[int, int]] = set()
    ranges = []
    for ref in _merge_refs(path, getattr(ws, "_worksheet_path", "")):
        try:
            ranges.append(CellRange(ref))
        except (ValueError, TypeError):
            continue
    for rng in sorted(ranges, key=lambda r: (r.min_row, r.min_col)):
        top_left = f"{column_letter(rng.min_col)}{rng.min_row}"
        order = (raw.index, rng.min_row, rng.min_col)
        problems.add(f"{raw.name}!{top_left}", order, "merged", value=rng.coord)
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                if (row, col) != (rng.min_row, rng.min_col):
                    hidden.add((row, col))
    return frozenset(hidden)


def _merge_refs(path: Path, member: str) -> list[str]:
    """The ``<mergeCell ref="…">`` ranges of one worksheet part of the XLSX zip."""
    import re
    import zipfile

    if not member:
        return []
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(member.lstrip("/"))
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    return re.findall(r'<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]+)"', xml.decode("utf-8", "replace"))


# -- CSV --------------------------------------------------------------------------------
def read_csv(path: Path, lang: str | None = None) -> tuple[list[RawSheet], Problems]:
    """Read a CSV file (one sheet's columns, ``;`` or ``,``, UTF-8 with or without BOM)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        from kktrace.errors import InputFileError

        raise InputFileError(
            f"{path}: cannot be read ({exc.strerror or exc}) — check the file"
        ) from None
    problems = Problems(path, lang or "da")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add_file("not_utf8", pos=exc.start)
        problems.raise_if_any()
        raise AssertionError("unreachable") from None
    if not text.strip():
        problems.add_file("csv_empty")
        problems.raise_if_any()
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        records = [
            [restore_formula(value) for value in record]
            for record in csv.reader(
                io.StringIO(text, newline=""), delimiter=delimiter, strict=True
            )
        ]
    except csv.Error as exc:
        line = _csv_error_line(text, delimiter)
        problems.add_file("csv_syntax", line=line, detail=str(exc))
        problems.raise_if_any()
        raise AssertionError("unreachable") from None
    start = 0
    while start < len(records) and all(is_empty(v) for v in records[start]):
        start += 1
    headers = records[start] if start < len(records) else []
    lang = lang or detect_lang(headers, [csv_sheet(path.name)])
    problems.lang = lang
    raw = RawSheet(csv_sheet(path.name), path.name, 0)
    mapping = map_headers(raw, headers, problems)
    if mapping is not None:
        rows = ((i + 1, rec) for i, rec in enumerate(records) if i > start)
        collect_rows(raw, mapping, rows, problems)
    guard.check_id_clashes([raw], problems)
    return [raw], problems


def _csv_error_line(text: str, delimiter: str) -> int:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error:
        return reader.line_num
    return 0
