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
from typing import Any

from kktrace.errors import OutputError
from kktrace.spreadsheet.layout import (
    ALL_SHEETS,
    LISTS_NAMES,
    OTHER,
    README_NAMES,
    SHEETS,
    STATUSES,
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
        "Udfyld et ark pr. slags ting: Organisation, Strategi, Planer, Mål, Initiativer, "
        "Beslutninger, Status. Første række er kolonneoverskrifterne; lad dem stå. "
        "Én række = én ting. Tomme rækker springes over.",
        "Id'et binder arkene sammen: 'Del af', 'Bidrager til', 'Ejer', 'Ansvarlig' m.fl. "
        "skal indeholde id'er fra Id-kolonnen (flere adskilles med ';'). Et fuldt IRI "
        "(https://…) peger på noget uden for projektmappen.",
        "Id'er bliver til IRI'er: æ ø å skrives ae oe aa, andre specialtegn procentkodes "
        "(ØKF → …/OEKF); det oprindelige id gemmes som kode.",
        "Datoer: ÅÅÅÅ-MM-DD, Excel-datoer eller DD-MM-ÅÅÅÅ. Beløb: 1500000, 12,5 eller "
        "1.234.567,50. Undgå flettede celler; formler skal have en gemt værdi.",
        "Indlæs med:  kktrace import plan.xlsx -o plan.ttl   (alle fejl vises på én gang; "
        "ved fejl skrives intet).",
        "Arket 'Øvrige' rummer alt, de andre ark ikke har kolonner til (ét tripel pr. række).",
        "",
    ],
    "en": [
        "kktrace – action plan template",
        "",
        "Fill in one sheet per kind of thing: Organisation, Strategy, Plans, Goals, "
        "Initiatives, Decisions, Status. The first row holds the column headers; keep them. "
        "One row = one thing. Empty rows are skipped.",
        "Ids tie the sheets together: 'Part of', 'Supports', 'Owner', 'Responsible' etc. "
        "hold ids from the Id column (separate several with ';'). A full IRI (https://…) "
        "points outside the workbook.",
        "Ids become IRIs: æ ø å are written ae oe aa, other special characters are "
        "percent-encoded (ØKF → …/OEKF); the original id is kept as the code.",
        "Dates: YYYY-MM-DD, Excel dates or DD-MM-YYYY. Amounts: 1500000, 12.5 or Danish "
        "1.234.567,50. Avoid merged cells; formulas must have a stored value.",
        "Import with:  kktrace import plan.xlsx -o plan.ttl   (every error is shown at once; "
        "on errors nothing is written).",
        "The sheet 'Other' holds whatever the other sheets have no column for (one triple per row).",
        "",
    ],
}
_README_HEAD = {
    "da": ("Ark", "Kolonne", "Påkrævet", "Forklaring"),
    "en": ("Sheet", "Column", "Required", "Explanation"),
}


def write_workbook(lang: str, rows: Mapping[str, Sequence[Sequence[Any]]] | None = None) -> bytes:
    """A workbook in the template layout holding ``rows`` (sheet key → rows of cell values).

    Cell values are ``str`` (always written as text, never as a formula), ``int``,
    ``float``, ``datetime.date`` (written as an Excel date) or ``None``.
    """
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = rows or {}
    wb = openpyxl.Workbook()
    readme = wb.active
    readme.title = README_NAMES[0] if lang == "da" else README_NAMES[1]
    _write_readme(readme, lang, Font)
    lists = wb.create_sheet(LISTS_NAMES[0] if lang == "da" else LISTS_NAMES[1])
    list_ranges = _write_lists(lists, lang)
    lists.sheet_state = "hidden"
    org_name = SHEETS[0].name(lang)
    for sheet in ALL_SHEETS:
        ws = wb.create_sheet(sheet.name(lang))
        headers = [c.header(lang) for c in sheet.columns]
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        data = rows.get(sheet.key, [])
        for r, values in enumerate(data, start=2):
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
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        last = len(data) + 1 + SPARE_ROWS
        for i, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = 14 if col.kind in ("date", "decimal") else 24
            source = None
            if col.kind == "classes" and sheet.key in list_ranges:
                source = list_ranges[sheet.key]
            elif col.kind == "status":
                source = list_ranges["status"]
            elif col.key in ("owner", "responsible"):
                source = f"'{org_name}'!$A$2:$A${max(last, 2)}"
            if source:
                dv = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
                dv.errorStyle = "warning"  # several ids with ';' or an IRI are still allowed
                dv.showErrorMessage = True
                dv.add(f"{letter}2:{letter}{last}")
                ws.add_data_validation(dv)
    wb.move_sheet(lists, offset=len(wb.sheetnames))
    wb.active = 0
    wb.properties.creator = "kktrace"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _write_readme(ws: Any, lang: str, font: Any) -> None:
    for line in _README_INTRO[lang]:
        ws.append([line] if line else [])
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
    for letter, width in (("A", 16), ("B", 24), ("C", 10), ("D", 120)):
        ws.column_dimensions[letter].width = width


def _write_lists(ws: Any, lang: str) -> dict[str, str]:
    """The drop-down lists, one column each; returns list key → absolute range."""
    from openpyxl.utils import get_column_letter

    columns: list[tuple[str, list[str]]] = [
        (sheet.key, [class_label(c, lang) for c in sheet.classes]) for sheet in SHEETS
    ]
    columns.append(("status", [status_label(s, lang) for s in STATUSES]))
    ranges: dict[str, str] = {}
    for i, (key, values) in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.cell(row=1, column=i, value=key)
        for r, value in enumerate(values, start=2):
            ws.cell(row=r, column=i, value=value)
        ranges[key] = f"'{ws.title}'!${letter}$2:${letter}${len(values) + 1}"
    return ranges


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


def template(lang: str = "da") -> bytes:
    """The empty template workbook in ``lang``."""
    return write_workbook(lang)


def sheet_names(lang: str) -> list[str]:
    """The data sheets of the template, in order (for tests and docs)."""
    return [s.name(lang) for s in ALL_SHEETS]


__all__ = ["FIXED_DATE", "OTHER", "Sheet", "sheet_names", "template", "write_workbook"]
