"""Write examples/buf-2015-2016.xlsx: BUF's local IT action plan 2015–2016 in the template.

The plan a plan owner would write: only the sheets a local plan needs (Planer, Mål,
Initiativer), references to the common plan, its goals and initiatives, the administration
and the earlier plan written as the report prints them (codes such as FHP-2013-M01 and
BUF-2013-01, the administration's code BUF). Illustrative content. Run from the project
folder: ``python examples/make_buf_2015_2016.py``; then ``kktrace import
examples/buf-2015-2016.xlsx -o buf-2015-2016.ttl`` reads it with no further option.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kktrace.spreadsheet.layout import SHEETS
from kktrace.spreadsheet.template import write_workbook

PLAN = {
    "id": "BUF-2015-2016",
    "class": "lokal handlingsplan",
    "label_da": "Børne- og Ungdomsforvaltningens it-handlingsplan 2015–2016",
    "owner": "BUF",
    "supports": "FHP-2013-2014",
    "successorOf": "BUF-2013-2014",
    "startDate": dt.date(2015, 1, 1),
    "endDate": dt.date(2016, 12, 31),
}
GOALS = [
    ("BUF-2015-M01", "Digitale læremidler i hele skoleforløbet", "FHP-2013-M01"),
    ("BUF-2015-M02", "Enkel digital kontakt med forældre", "FHP-2013-M02"),
    ("BUF-2015-M03", "Stabil it på skoler og i dagtilbud", "FHP-2013-M06"),
]
INITIATIVES = [
    # id, name, supports, continues, status, start, end, budget
    (
        "BUF-2015-01",
        "Trådløst netværk – sidste etape",
        "BUF-2015-M03; FHP-2013-04",
        "BUF-2013-01",
        "godkendt",
        (2015, 1, 1),
        (2015, 12, 31),
        "3,2 mio.",
    ),
    (
        "BUF-2015-02",
        "Skoleportal – læremidler til alle klassetrin",
        "BUF-2015-M01",
        "BUF-2013-02",
        "godkendt",
        (2015, 1, 1),
        (2016, 12, 31),
        "4.500.000",
    ),
    (
        "BUF-2015-03",
        "Dagtilbudsportal – drift og videreudvikling",
        "BUF-2015-M02",
        "BUF-2013-04",
        "i gang",
        (2015, 1, 1),
        (2016, 6, 30),
        "1.200.000",
    ),
    (
        "BUF-2015-04",
        "Digital Post til forældre – alle breve",
        "BUF-2015-M02; FHP-2013-08",
        "BUF-2013-07",
        "foreslået",
        (2015, 3, 1),
        (2016, 12, 31),
        "800000",
    ),
]


def rows() -> dict[str, list[list[object]]]:
    """Rows per sheet key, in the layout's column order."""
    columns = {s.key: [c.key for c in s.columns] for s in SHEETS}

    def line(sheet: str, values: dict[str, object]) -> list[object]:
        return [values.get(key) for key in columns[sheet]]

    goals = [
        line(
            "goals",
            {
                "id": i,
                "class": "lokalt mål",
                "label_da": name,
                "partOf": PLAN["id"],
                "supports": sup,
            },
        )
        for i, name, sup in GOALS
    ]
    initiatives = [
        line(
            "initiatives",
            {
                "id": i,
                "class": "lokalt initiativ",
                "label_da": name,
                "partOf": PLAN["id"],
                "supports": sup,
                "continues": cont,
                "responsible": "BUF",
                "priority": rank,
                "status": status,
                "startDate": dt.date(*start),
                "endDate": dt.date(*end),
                "budget": budget,
            },
        )
        for rank, (i, name, sup, cont, status, start, end, budget) in enumerate(INITIATIVES, 1)
    ]
    return {"plans": [line("plans", PLAN)], "goals": goals, "initiatives": initiatives}


def main() -> None:
    out = Path(__file__).with_name("buf-2015-2016.xlsx")
    out.write_bytes(write_workbook("da", rows()))
    print(out)


if __name__ == "__main__":
    main()
