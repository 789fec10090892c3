"""Building small workbooks and models for the spreadsheet tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from kktrace.spreadsheet.layout import ALL_SHEETS

BASE = "https://w3id.org/kktrace/id/kk/"
KKT = "https://w3id.org/kktrace/def#"
SHEET = {s.key: s for s in ALL_SHEETS}


def row(sheet: str, **values: Any) -> list[Any]:
    """One row of ``sheet`` with the given column keys filled in."""
    cols = SHEET[sheet].columns
    unknown = set(values) - {c.key for c in cols}
    assert not unknown, unknown
    return [values.get(c.key) for c in cols]


def headers(sheet: str, lang: str = "da") -> list[str]:
    return [c.header(lang) for c in SHEET[sheet].columns]


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]], lang: str = "da") -> Path:
    """A plain openpyxl workbook: sheet name (or layout key) → rows incl. the header row."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        title = SHEET[name].name(lang) if name in SHEET else name
        ws = wb.create_sheet(title)
        for values in rows:
            ws.append(values)
    wb.save(path)
    return path


def small_plan(lang: str = "da") -> dict[str, list[list[Any]]]:
    """A valid little model: municipality, administration, common + local plan, goal, initiatives."""
    return {
        "organisation": [
            headers("organisation", lang),
            row("organisation", id="KK", **{"class": "kommune"}, label_da="Københavns Kommune"),
            row(
                "organisation",
                id="ØKF",
                **{"class": "forvaltning"},
                label_da="Økonomiforvaltningen",
                label_en="Finance Administration",
                unitOf="KK",
            ),
        ],
        "plans": [
            headers("plans", lang),
            row(
                "plans",
                id="FHP",
                **{"class": "fælles handlingsplan"},
                label_da="Fælles plan",
                startDate="2011-01-01",
                endDate="2012-12-31",
            ),
            row(
                "plans",
                id="plan-ØKF",
                **{"class": "lokal handlingsplan"},
                label_da="ØKF's plan",
                owner="ØKF",
                supports="FHP",
                startDate="2011-01-01",
                endDate="2012-12-31",
            ),
        ],
        "goals": [
            headers("goals", lang),
            row(
                "goals", id="FHP-M1", **{"class": "fælles mål"}, label_da="Fælles mål", partOf="FHP"
            ),
            row(
                "goals",
                id="ØKF-M1",
                **{"class": "lokalt mål"},
                label_da="Bedre økonomi",
                partOf="plan-ØKF",
                supports="FHP-M1",
            ),
        ],
        "initiatives": [
            headers("initiatives", lang),
            row(
                "initiatives",
                id="ØKF-I1",
                **{"class": "lokalt initiativ"},
                label_da="Ny økonomiløsning",
                partOf="plan-ØKF",
                supports="ØKF-M1; FHP-M1",
                responsible="ØKF",
                priority=1,
                status="i gang",
                budget="12,5",
                startDate="01-02-2011",
                endDate="2011-12-31",
            ),
        ],
    }
