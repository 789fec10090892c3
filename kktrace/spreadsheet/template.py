"""Writing workbooks in the template layout: the empty template and exported models.

One writer serves both: :func:`write_workbook` takes rows per sheet (possibly none) and
adds the README sheet, headers, drop-downs (class, status, administration) and the hidden
list sheet. The bytes are deterministic: fixed document dates and fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kktrace.errors import OutputError

if TYPE_CHECKING:
    from kktrace.model.store import Model
from kktrace.spreadsheet.layout import (
    ALL_SHEETS,
    EXAMPLES,
    LISTS_NAMES,
    OTHER,
    README_NAMES,
    SHEETS,
    STATUSES,
    Column,
    Sheet,
    class_label,
    status_label,
)
from kktrace.spreadsheet.values import xlsx_text_problem

#: The fixed creation date of every workbook kktrace writes (no clock time in outputs).
FIXED_DATE = dt.datetime(2010, 1, 1)
#: Rows that carry drop-downs beyond the last filled row.
SPARE_ROWS = 1000

_README_INTRO = {
    "da": [
        "kktrace – skabelon til handlingsplaner",
        "",
        "En lokal handlingsplan skal bruge tre ark: Planer (én række: selve planen), Mål og "
        "Initiativer. Forvaltningen, den fælles handlingsplan, dens mål og initiativer og "
        "jeres tidligere plan findes allerede i projektets data: skriv blot deres id eller kode, "
        "som rapporten viser dem (fx BUF, FHP-2013-2014, FHP-2013-M01, BUF-2013-01). De øvrige "
        "ark (Organisation, Strategi, Beslutninger, Status, Øvrige) kan stå tomme.",
        "Række 1 er kolonneoverskrifterne; lad dem stå. Kolonner med * skal udfyldes. Række 2 "
        "er et eksempel (id'et begynder med #) og springes over ved indlæsning; slet den eller "
        "lad den stå. Én række = én ting. Tomme rækker springes over. Klik på en celle for at "
        "se, hvad der skal stå i den.",
        "Id'et binder arkene sammen: 'Del af', 'Bidrager til', 'Ejer', 'Ansvarlig' m.fl. "
        "indeholder id'er eller koder; flere adskilles med ';' (ikke ','). Store og små "
        "bogstaver er ligegyldige; en forvaltning kan også skrives med sit fulde navn.",
        "Id-, kode- og henvisningskolonnerne er formateret som tekst, så Excel ikke laver en "
        "kode som 1.1 om til en dato. Indsætter du data fra et andet sted, så brug 'Indsæt "
        "værdier'.",
        "Datoer: ÅÅÅÅ-MM-DD, en Excel-dato eller DD-MM-ÅÅÅÅ. Beløb i kroner: 1500000, "
        "1.234.567,50 eller 3,2 mio. Undgå flettede celler; formler skal have en gemt værdi.",
        "Indlæs med:  {command}   (alle fejl vises på én gang; ved fejl skrives intet).",
        "Arket 'Øvrige' er for arkitekter: det rummer alt, de andre ark ikke har kolonner til.",
        "",
    ],
    "en": [
        "kktrace – action plan template",
        "",
        "A local action plan needs three sheets: Plans (one row: the plan itself), Goals and "
        "Initiatives. The administration, the common action plan, its goals and initiatives and "
        "your earlier plan are already in the project's data: just write their id or code as "
        "the report shows it (e.g. BUF, FHP-2013-2014, FHP-2013-M01, BUF-2013-01). The other "
        "sheets (Organisation, Strategy, Decisions, Status, Other) may stay empty.",
        "Row 1 holds the column headers; keep them. Columns marked * must be filled in. Row 2 "
        "is an example (its id starts with #) and is skipped on import; delete it or leave it. "
        "One row = one thing. Empty rows are skipped. Click a cell to see what goes in it.",
        "Ids tie the sheets together: 'Part of', 'Supports', 'Owner', 'Responsible' etc. hold "
        "ids or codes; separate several with ';' (not ','). Case does not matter; an "
        "administration may also be written by its full name.",
        "The id, code and link columns are formatted as text, so Excel does not turn a code "
        "such as 1.1 into a date. When pasting from elsewhere, use 'Paste values'.",
        "Dates: YYYY-MM-DD, an Excel date or DD-MM-YYYY. Amounts in DKK: 1500000, "
        "1,234,567.50 or 3.2 mio. Avoid merged cells; formulas must have a stored value.",
        "Import with:  {command}   (every error is shown at once; on errors nothing is written).",
        "The sheet 'Other' is for architects: it holds whatever the other sheets have no "
        "column for.",
        "",
    ],
}
_README_HEAD = {
    "da": ("Ark", "Kolonne", "Påkrævet", "Forklaring"),
    "en": ("Sheet", "Column", "Required", "Explanation"),
}
#: Column kinds written as text, so Excel keeps a code such as 1.1 as typed.
_TEXT_KINDS = ("id", "refs", "classes", "string")
_EXAMPLE_FONT = {"italic": True, "color": "808080"}


def header_text(col: Column, lang: str) -> str:
    """The header as written: required columns marked with ``*`` (the importer ignores it)."""
    return f"{col.header(lang)} *" if col.required else col.header(lang)


def write_workbook(
    lang: str,
    rows: Mapping[str, Sequence[Sequence[Any]]] | None = None,
    *,
    data: Model | None = None,
    examples: bool = False,
    filename: str = "plan.xlsx",
    autofilter: bool = False,
) -> bytes:
    """A workbook in the template layout holding ``rows`` (sheet key → rows of cell values).

    Cell values are ``str`` (always written as text, never as a formula), ``int``,
    ``float``, ``datetime.date`` (written as an Excel date) or ``None``. ``data`` fills the
    owner/responsible and supports drop-downs with the units and plans of the project's
    data; ``examples`` writes one example row per sheet (id starting with ``#``);
    ``filename`` is the file the README's import line names.
    """
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = rows or {}
    wb = openpyxl.Workbook()
    readme = wb.active
    readme.title = README_NAMES[0] if lang == "da" else README_NAMES[1]
    _write_readme(readme, lang, Font, Alignment, filename)
    lists = wb.create_sheet(LISTS_NAMES[0] if lang == "da" else LISTS_NAMES[1])
    list_ranges = _write_lists(lists, lang, data)
    lists.sheet_state = "hidden"
    org_name = SHEETS[0].name(lang)
    for sheet in ALL_SHEETS:
        ws = wb.create_sheet(sheet.name(lang))
        ws.append([header_text(c, lang) for c in sheet.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        data_rows = list(rows.get(sheet.key, []))
        first = 2
        if examples and sheet.key in EXAMPLES:
            example = EXAMPLES[sheet.key]
            ws.append([example.get(c.key) for c in sheet.columns])
            for cell in ws[2]:
                cell.font = Font(**_EXAMPLE_FONT)
                cell.data_type = "s"
            first = 3
        for r, values in enumerate(data_rows, start=first):
            for c, value in enumerate(values, start=1):
                if value is None:
                    continue
                if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                    raise OutputError(
                        f"{sheet.name(lang)}!{get_column_letter(c)}{r}: the value holds control "
                        "characters that XLSX cannot store — remove them from the data"
                    )
                if isinstance(value, str) and (problem := xlsx_text_problem(value)):
                    raise OutputError(
                        f"{sheet.name(lang)}!{get_column_letter(c)}{r} ({values[0]}): {problem} "
                        "— export as jsonld (or csv) to keep it, or shorten the text in the data"
                    )
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with '='
                    if sheet.columns[c - 1].kind in _TEXT_KINDS:
                        cell.number_format = "@"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        last = first + len(data_rows) + SPARE_ROWS
        for i, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(i)
            dim = ws.column_dimensions[letter]
            dim.width = 14 if col.kind in ("date", "decimal", "posint", "gyear") else 24
            if col.kind == "lang" and data_rows:  # long names (a plan's years at the end)
                longest = max(len(str(r[i - 1] or "")) for r in data_rows)
                dim.width = min(max(24, longest + 2), 80)
            if col.kind in _TEXT_KINDS:
                dim.number_format = "@"  # typed values stay text (no 1.1 → 1 January)
            source = _list_source(sheet, col, list_ranges, org_name, last)
            _validation(ws, col, lang, source, f"{letter}2:{letter}{last}")
        _print_layout(ws)
        if autofilter and data_rows:
            ws.auto_filter.ref = (
                f"A1:{get_column_letter(len(sheet.columns))}{first + len(data_rows) - 1}"
            )
    wb.move_sheet(lists, offset=len(wb.sheetnames))
    wb.active = 0
    wb.properties.creator = "kktrace"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _list_source(
    sheet: Sheet, col: Column, ranges: Mapping[str, str], org_name: str, last: int
) -> str | None:
    """The range a column's drop-down lists, if it has one."""
    if col.kind == "classes" and f"class:{sheet.key}" in ranges:
        return ranges[f"class:{sheet.key}"]
    if col.kind == "status":
        return ranges["status"]
    if col.key in ("owner", "responsible"):
        return ranges.get("units") or f"'{org_name}'!$A$2:$A${max(last, 2)}"
    if col.key == "supports" and sheet.key in ("plans", "goals"):
        return ranges.get(f"supports:{sheet.key}")
    return None


def _validation(ws: Any, col: Column, lang: str, source: str | None, cells: str) -> None:
    """The cell prompt (the column's help) and, where there is one, the drop-down."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if source:
        dv = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        dv.errorStyle = "warning"  # several ids with ';' or a code are still allowed
        dv.showErrorMessage = True
    else:
        dv = DataValidation(allow_blank=True)
    dv.showInputMessage = True
    dv.promptTitle = col.header(lang)[:32]
    dv.prompt = col.help(lang)[:255]
    dv.add(cells)
    ws.add_data_validation(dv)


def _print_layout(ws: Any) -> None:
    """A4 landscape, all columns on one page width, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _write_readme(ws: Any, lang: str, font: Any, alignment: Any, filename: str) -> None:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    command = f"kktrace import {filename} -o {stem}.ttl"
    wrap = alignment(wrap_text=True, vertical="top")
    for line in _README_INTRO[lang]:
        ws.append([line.format(command=command)] if line else [])
        if len(line) > 100:  # a paragraph: across the four columns, wrapped, on paper too
            row = ws.max_row
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
            ws.cell(row=row, column=1).alignment = wrap
            ws.row_dimensions[row].height = 15 * (len(line) // 120 + 1)
    ws["A1"].font = font(bold=True, size=14)
    ws.append(list(_README_HEAD[lang]))
    for cell in ws[ws.max_row]:
        cell.font = font(bold=True)
    yes, no = ("ja", "") if lang == "da" else ("yes", "")
    for sheet in ALL_SHEETS:
        ws.append([sheet.name(lang), "", "", sheet.help_da if lang == "da" else sheet.help_en])
        for cell in ws[ws.max_row]:
            cell.font = font(bold=True)
        for col in sheet.columns:
            ws.append(["", col.header(lang), yes if col.required else no, col.help(lang)])
            ws.cell(row=ws.max_row, column=4).alignment = wrap
    for letter, width in (("A", 16), ("B", 24), ("C", 10), ("D", 90)):
        ws.column_dimensions[letter].width = width
    _print_layout(ws)
    ws.print_title_rows = None


def _write_lists(ws: Any, lang: str, data: Model | None) -> dict[str, str]:
    """The drop-down lists, one column each; returns list key → absolute range."""
    from openpyxl.utils import get_column_letter

    columns: list[tuple[str, list[str]]] = [
        (f"class:{sheet.key}", [class_label(c, lang) for c in sheet.classes]) for sheet in SHEETS
    ]
    columns.append(("status", [status_label(s, lang) for s in STATUSES]))
    if data is not None:
        columns += [(key, values) for key, values in known_lists(data).items() if values]
    ranges: dict[str, str] = {}
    for i, (key, values) in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.cell(row=1, column=i, value=key)
        for r, value in enumerate(values, start=2):
            ws.cell(row=r, column=i, value=value).data_type = "s"
        ranges[key] = f"'{ws.title}'!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def known_lists(data: Model) -> dict[str, list[str]]:
    """Drop-down values from the project's data: codes of units and of what plans support.

    ``units`` — administrations, then the other units (forum, committees); ``supports:plans``
    — the common plans; ``supports:goals`` — the common goals and strategic goals. Each by
    its code (what the report prints; the importer reads codes), else its id.
    """
    g = data.graph

    def codes(*kinds: str) -> list[str]:
        out = []
        for node in data.nodes_of_kind(*kinds):
            code = g.nodes[node].get("notation") or node.rstrip("/").rsplit("/", 1)[-1]
            out.append(code)
        return sorted(set(out), key=_natural)

    return {
        "units": codes("Administration") + [c for c in codes("Forum", "Committee")],
        "supports:plans": codes("CommonActionPlan"),
        "supports:goals": codes("CommonGoal") + codes("StrategicGoal"),
    }


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text))


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so equal workbooks are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into <dcterms:modified>; pin it.
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    content,
                )
            dst.writestr(fixed, content)
    return out.getvalue()


def template(lang: str = "da", data: Model | None = None, filename: str = "plan.xlsx") -> bytes:
    """The template workbook in ``lang``: one example row per sheet, cell prompts, and with
    ``data`` drop-downs of the project's administrations, units, common plans and goals."""
    return write_workbook(lang, data=data, examples=True, filename=filename)


def sheet_names(lang: str) -> list[str]:
    """The data sheets of the template, in order (for tests and docs)."""
    return [s.name(lang) for s in ALL_SHEETS]


__all__ = ["FIXED_DATE", "OTHER", "Sheet", "sheet_names", "template", "write_workbook"]
