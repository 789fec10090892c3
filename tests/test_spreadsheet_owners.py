"""A plan owner's loop: a new local plan written as people write it imports on the first try.

References to the project's data by id, code (as the report prints them), any case or an
administration's full name; suggestions for a miss; Excel's date conversion of codes; a
renamed sheet, an extra column and a title row cost one message each, with no knock-on
errors. Workbooks are written with openpyxl (see also test_spreadsheet_libreoffice.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from spreadsheet_helpers import BASE, KKT, headers, row

from kktrace.spreadsheet import SpreadsheetError, import_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "buf-2015-2016.xlsx"


def plan_sheets(**overrides: dict) -> dict[str, list[list]]:
    """BUF's 2015–16 plan: one plan row, one goal, one initiative (column key → value)."""
    plan = {
        "id": "BUF-2015-2016",
        "class": "lokal handlingsplan",
        "label_da": "BUFs plan 2015–2016",
        "owner": "BUF",
        "supports": "FHP-2013-2014",
        "startDate": "2015-01-01",
        "endDate": "2016-12-31",
    }
    goal = {
        "id": "BUF-2015-M01",
        "class": "lokalt mål",
        "partOf": "BUF-2015-2016",
        "supports": "FHP-2013-M01",
    }
    initiative = {
        "id": "BUF-2015-I01",
        "class": "lokalt initiativ",
        "partOf": "BUF-2015-2016",
        "supports": "BUF-2015-M01; FHP-2013-07",
        "responsible": "BUF",
        "status": "godkendt",
    }
    plan.update(overrides.get("plans", {}))
    goal.update(overrides.get("goals", {}))
    initiative.update(overrides.get("initiatives", {}))
    return {
        "Planer": [headers("plans"), row("plans", **plan)],
        "Mål": [headers("goals"), row("goals", **goal)],
        "Initiativer": [headers("initiatives"), row("initiatives", **initiative)],
    }


def save(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for values in rows:
            ws.append(values)
    wb.save(path)
    return path


def triples(path: Path, model) -> set[tuple[str, str, str]]:
    result = import_file(path, data=model, data_name="bundled")
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in result.triples}


def errors(path: Path, model, **kw) -> list[str]:
    with pytest.raises(SpreadsheetError) as info:
        import_file(path, data=model, data_name="bundled", **kw)
    return info.value.errors


def k(local: str) -> str:
    return f"<{BASE}{local}>"


SUPPORTS, OWNER, RESPONSIBLE = (f"<{KKT}{p}>" for p in ("supports", "owner", "responsible"))


# -- references as people write them --------------------------------------------------
def test_codes_case_and_full_names_resolve_to_the_data(tmp_path: Path, bundled_model) -> None:
    path = save(
        tmp_path / "plan.xlsx",
        plan_sheets(
            plans={"owner": "buf", "supports": "fhp-2013-2014"},
            goals={"supports": "FHP-2013-M01; SM5.1"},
            initiatives={"responsible": "Børne- og Ungdomsforvaltningen"},
        ),
    )
    got = triples(path, bundled_model)
    assert (k("BUF-2015-2016"), OWNER, k("BUF")) in got
    assert (k("BUF-2015-2016"), SUPPORTS, k("plan-faelles-2013-2014")) in got
    assert (k("BUF-2015-M01"), SUPPORTS, k("FHP-2013-M01")) in got
    assert (k("BUF-2015-M01"), SUPPORTS, k("SM-5-1")) in got
    # FHP-2013-07 is the code the report prints for the initiative with id FHP-2013-I07
    assert (k("BUF-2015-I01"), SUPPORTS, k("FHP-2013-I07")) in got
    assert (k("BUF-2015-I01"), RESPONSIBLE, k("BUF")) in got
    assert (k("BUF-2015-I01"), SUPPORTS, k("BUF-2015-M01")) in got


def test_a_miss_suggests_the_closest_ids_with_their_names(tmp_path: Path, bundled_model) -> None:
    path = save(
        tmp_path / "plan.xlsx",
        plan_sheets(goals={"supports": "FHP-2013-M1"}, initiatives={"responsible": "BUFF"}),
    )
    got = errors(path, bundled_model)
    assert len(got) == 2, got
    goal, initiative = got
    assert goal.startswith("Mål!G2: 'FHP-2013-M1' findes ikke i projektmappen eller de medfølgende")
    assert "mente du FHP-2013-M01 «" in goal
    assert initiative.startswith("Initiativer!H2: 'BUFF' findes ikke")
    assert "mente du BUF «Børne- og Ungdomsforvaltningen»" in initiative


def test_comma_between_ids_says_semicolon(tmp_path: Path, bundled_model) -> None:
    path = save(tmp_path / "plan.xlsx", plan_sheets(goals={"supports": "FHP-2013-M01, SM5.1"}))
    assert errors(path, bundled_model) == [
        "Mål!G2: 'FHP-2013-M01, SM5.1' indeholder ',' — flere id'er adskilles med ';', "
        "fx 'FHP-2013-M01; SM5.1'"
    ]


def test_without_data_a_reference_says_what_was_searched(tmp_path: Path) -> None:
    path = save(tmp_path / "plan.xlsx", plan_sheets())
    with pytest.raises(SpreadsheetError) as info:
        import_file(path)
    assert info.value.errors[0] == (
        "Planer!F2: 'BUF' findes ikke i projektmappen — brug et id eller en kode fra Id- eller "
        "Kode-kolonnen, eller en fuld webadresse (https://…) for noget andet"
    )


# -- Excel's date conversion -------------------------------------------------------------
def test_codes_excel_turned_into_dates_are_flagged(tmp_path: Path, bundled_model) -> None:
    sheets = plan_sheets()
    sheets["Mål"][1][4] = dt.datetime(2015, 1, 1)  # the Kode column: "1.1" typed
    sheets["Initiativer"][1][6] = dt.datetime(2015, 5, 1)  # Bidrager til: "5.1" typed
    got = errors(save(tmp_path / "plan.xlsx", sheets), bundled_model)
    assert got == [
        "Mål!E2: cellen er en dato (2015-01-01): Excel har lavet det, der blev skrevet "
        "(fx '1.1'), om til en dato — formatér kolonnen som Tekst (Formatér celler > Tekst) og "
        "skriv værdien igen",
        "Initiativer!G2: cellen er en dato (2015-05-01): Excel har lavet det, der blev skrevet "
        "(fx '1.5'), om til en dato — formatér kolonnen som Tekst (Formatér celler > Tekst) og "
        "skriv værdien igen",
    ]


# -- one message per mistake, no knock-on errors -----------------------------------------
def test_renamed_sheet_and_extra_column_cost_one_warning_each(
    tmp_path: Path, bundled_model
) -> None:
    sheets = plan_sheets()
    goals = sheets.pop("Mål")
    goals[0].append("Noter")
    goals[1].append("husk at spørge Mette")
    sheets["Mål 2015-16"] = goals
    path = save(tmp_path / "plan.xlsx", sheets)
    result = import_file(path, data=bundled_model, data_name="bundled")
    assert result.warnings == [
        "Mål 2015-16!A1: advarsel: arket 'Mål 2015-16' er læst som arket 'Mål' ud fra "
        "kolonneoverskrifterne — omdøb det til 'Mål' for at undgå denne advarsel",
        "Mål 2015-16!L1: advarsel: kolonnen 'Noter' kendes ikke og springes over (noter o.l. er "
        "i orden) — kendte overskrifter: Id, Klasse, Navn (da), Navn (en), Kode, Del af, "
        "Bidrager til, Start, Slut, Beskrivelse (da), Beskrivelse (en)",
    ]
    got = {(str(t.subject), str(t.predicate), str(t.object)) for t in result.triples}
    assert (k("BUF-2015-I01"), SUPPORTS, k("BUF-2015-M01")) in got
    assert not any("Mette" in o for _, _, o in got)


def test_unreadable_sheet_gives_no_knock_on_errors(tmp_path: Path, bundled_model) -> None:
    sheets = plan_sheets()
    goals = sheets.pop("Mål")
    sheets["Noter til mål"] = [["Id", "Navn (da)"], ["BUF-2015-M01", "et mål"]]
    del goals
    got = errors(save(tmp_path / "plan.xlsx", sheets), bundled_model)
    # the sheet's own problem, once; not "BUF-2015-M01 findes ikke" on the Initiativer sheet
    assert len(got) == 1 and got[0].startswith("Noter til mål!A1: ukendt ark 'Noter til mål'")


def test_title_row_above_the_headers_is_a_warning(tmp_path: Path, bundled_model) -> None:
    sheets = plan_sheets()
    sheets["Initiativer"].insert(0, ["BUFs initiativer 2015–2016"])
    result = import_file(save(tmp_path / "p.xlsx", sheets), data=bundled_model, data_name="x")
    assert result.warnings == [
        "Initiativer!A1: advarsel: kolonneoverskrifterne står i række 2; rækkerne over dem "
        "springes over"
    ]
    got = {(str(t.subject), str(t.predicate), str(t.object)) for t in result.triples}
    assert (k("BUF-2015-I01"), RESPONSIBLE, k("BUF")) in got


def test_wording_of_dates_and_amounts(tmp_path: Path, bundled_model) -> None:
    sheets = plan_sheets(
        plans={"endDate": "31/12/2016", "budget": "3,2 mio."},
        initiatives={"startDate": "01-03-15", "budget": "1.500"},
    )
    got = errors(save(tmp_path / "plan.xlsx", sheets), bundled_model)
    assert got == [
        "Initiativer!M2: '01-03-15' har et tocifret årstal — skriv hele årstallet, fx 01-03-2015",
        "Initiativer!O2: '1.500' er tvetydigt (tusindtalsseparator eller decimaltegn?) — skriv "
        "1500 for 1500 kroner eller 1,5 for 1,5 kroner",
    ]


# -- the example workbook, through the real CLI ------------------------------------------
def test_the_example_plan_imports_with_no_option_beyond_o(cli, tmp_path: Path) -> None:
    src = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, src)
    out = tmp_path / "buf.ttl"
    result = cli("import", src, "-o", out, cwd=tmp_path)  # no data/ here: the bundled data
    assert result.code == 0, result.stderr
    assert result.stderr == f"{src}: 8 rækker, 65 tripler → {out}\n"
    text = out.read_text(encoding="utf-8")
    assert "kkt:supports kk:plan-faelles-2013-2014" in text
    assert "kkt:successorOf kk:plan-BUF-2013-2014" in text
    assert "kkt:continues kk:BUF-2013-I01" in text


# -- the template --------------------------------------------------------------------------
def _list_values(wb: openpyxl.Workbook, formula: str) -> list[str]:
    """The values a drop-down's ``='_lister'!$C$2:$C$9`` range lists."""
    sheet, cells = formula.lstrip("=").rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[cells.replace("$", "")] for c in row if c.value is not None]


def _dropdown(wb: openpyxl.Workbook, sheet: str, column: str) -> list[str]:
    ws = wb[sheet]
    letter = next(c.column_letter for c in ws[1] if c.value.rstrip(" *") == column)
    for dv in ws.data_validations.dataValidation:
        if dv.formula1 and str(dv.sqref).startswith(f"{letter}2:"):
            return _list_values(wb, dv.formula1)
    return []


def test_template_dropdowns_list_real_values(cli, tmp_path: Path, bundled_model) -> None:
    out = tmp_path / "buf-plan.xlsx"
    result = cli("template", "-o", out, cwd=tmp_path)
    assert result.code == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    codes = sorted(
        bundled_model.graph.nodes[a]["notation"]
        for a in bundled_model.nodes_of_kind("Administration")
    )
    assert _dropdown(wb, "Planer", "Ejer")[: len(codes)] == sorted(codes, key=str.casefold)
    assert "BUF" in _dropdown(wb, "Initiativer", "Ansvarlig")
    assert "FHP-2013-2014" in _dropdown(wb, "Planer", "Bidrager til")
    assert "FHP-2013-M01" in _dropdown(wb, "Mål", "Bidrager til")
    # the Status sheet's class drop-down lists its classes, not the status values
    assert _dropdown(wb, "Status", "Klasse") == ["implementeringsstatus", "statuspost"]
    assert _dropdown(wb, "Status", "Status")[0] == "foreslået"


def test_template_examples_prompts_text_columns_and_print_layout(tmp_path: Path) -> None:
    from kktrace.spreadsheet import template
    from kktrace.spreadsheet.layout import ALL_SHEETS

    path = tmp_path / "buf-2015-2016.xlsx"
    path.write_bytes(template("da", filename=path.name))
    wb = openpyxl.load_workbook(path)
    for sheet in ALL_SHEETS:
        ws = wb[sheet.name("da")]
        headers = [c.value for c in ws[1]]
        assert headers[0].endswith(" *")  # required columns are marked in the header row
        assert str(ws["A2"].value).startswith("#")  # one example row
        prompts = {
            str(dv.sqref).split(":")[0]: dv.prompt for dv in ws.data_validations.dataValidation
        }
        assert len(prompts) == len(sheet.columns) and all(prompts.values())
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
        assert ws.column_dimensions["A"].number_format == "@"  # ids stay text
    readme = "\n".join(str(v) for row in wb["LÆSMIG"].iter_rows(values_only=True) for v in row if v)
    for term in ("rdfs:", "skos:", "IRI", "tripel", "triple", "org:unitOf"):
        assert term not in readme, term
    assert "Planer (én række: selve planen), Mål og Initiativer" in readme
    assert "kktrace import buf-2015-2016.xlsx -o buf-2015-2016.ttl" in readme
    # the example rows are skipped on import: the template imports to nothing
    assert import_file(path).triples == []


# -- export for one plan owner -------------------------------------------------------------
def test_export_one_administration_round_trips(cli, tmp_path: Path, bundled_model) -> None:
    out = tmp_path / "buf.xlsx"
    result = cli("export", "--administration", "buf", "-o", out)
    assert result.code == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    plans = [r[0] for r in wb["Planer"].iter_rows(min_row=2, values_only=True)]
    assert plans == ["plan-BUF-2011-2012", "plan-BUF-2013-2014"]
    initiatives = list(wb["Initiativer"].iter_rows(min_row=2, values_only=True))
    assert len(initiatives) == 24 and wb["Initiativer"].auto_filter.ref == "A1:S25"
    part_of = [r[5] for r in initiatives]
    assert part_of == sorted(part_of)  # grouped by plan
    cells = [
        v
        for name in ("Planer", "Mål", "Initiativer")
        for row in wb[name].iter_rows(min_row=2, values_only=True)
        for v in row
        if isinstance(v, str)
    ]
    assert not [v for v in cells if "https://" in v]  # short ids for the known data
    assert wb["Planer"].column_dimensions["C"].width >= len(
        "Børne- og Ungdomsforvaltningens it-handlingsplan 2013–2014"
    )
    # importing it against the project's data gives back exactly BUF's triples
    again = import_file(out, data=bundled_model, data_name="bundled")
    from kktrace.spreadsheet.exporter import data_triples, owner_scope

    only = owner_scope(bundled_model, "BUF", None)
    want = {t for t in data_triples(bundled_model) if t.subject in only}
    assert len(want) > 300 and {_same(t) for t in again.triples} == {_same(t) for t in want}


def _same(t) -> tuple[str, str, str]:
    """A triple as compared: Oxigraph stores xsd:positiveInteger as xsd:integer."""
    return (str(t.subject), str(t.predicate), str(t.object).replace("#positiveInteger", "#integer"))


def test_a_row_copied_from_the_data_is_a_warning(tmp_path: Path, bundled_model) -> None:
    sheets = plan_sheets()
    sheets["Organisation"] = [
        headers("organisation"),
        row("organisation", id="BUF", **{"class": "forvaltning"}, label_da="BUF"),
    ]
    result = import_file(save(tmp_path / "p.xlsx", sheets), data=bundled_model, data_name="x")
    assert result.warnings == [
        "Organisation!A2: advarsel: 'BUF' findes allerede i projektets data — rækken behøver "
        "ikke stå i projektmappen (henvis blot til id'et eller koden); slet den, medmindre du "
        "vil ændre elementet"
    ]


# -- .ods ----------------------------------------------------------------------------------
def _ods(path: Path, rows: list[list], merged: tuple[int, int] | None = None) -> Path:
    """An ODS file written with odfpy: one table "Mål", ``rows`` of text cells, a huge run
    of repeated empty rows before the last row, and optionally a cell spanning 2 columns."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Mål")
    for r, values in enumerate(rows):
        if r == len(rows) - 1:
            table.addElement(TableRow(numberrowsrepeated=1_000_000))  # empty, never expanded
        tr = TableRow()
        for c, value in enumerate(values):
            attrs = {"valuetype": "string"}
            if merged == (r, c):
                attrs["numbercolumnsspanned"] = 2
            cell = TableCell(**attrs)
            if value:
                cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def test_ods_reads_like_xlsx(tmp_path: Path, bundled_model) -> None:
    rows = [
        ["Id", "Klasse", "Del af", "Bidrager til"],
        ["BUF-2015-M01", "lokalt mål", "", "fhp-2013-m01"],
        ["BUF-2015-M02", "lokalt mål", "", "SM5.1"],
    ]
    result = import_file(_ods(tmp_path / "p.ods", rows), data=bundled_model, data_name="x")
    got = {(str(t.subject), str(t.predicate), str(t.object)) for t in result.triples}
    assert (k("BUF-2015-M01"), SUPPORTS, k("FHP-2013-M01")) in got
    assert (k("BUF-2015-M02"), SUPPORTS, k("SM-5-1")) in got
    rows[1][2] = "x"
    bad = _ods(tmp_path / "bad.ods", rows, merged=(1, 2))
    with pytest.raises(SpreadsheetError) as info:
        import_file(bad, data=bundled_model, data_name="x")
    assert info.value.path == str(bad)
    assert info.value.errors[0].startswith("Mål!C2: cellerne C2:D2 er flettet")


def test_importing_again_over_the_plan_in_data_finds_no_copy(cli, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    target = Path("data") / "lokale-planer" / "buf-2015-2016.ttl"
    first = cli("import", EXAMPLE, "-o", target, cwd=tmp_path)
    again = cli("import", EXAMPLE, "-o", target, "--force", cwd=tmp_path)
    assert first.code == 0 and again.code == 0, again.stderr
    # its own earlier version is not "already in the project's data"
    assert again.stderr == f"{EXAMPLE}: 8 rækker, 65 tripler → {target}\n"
    check = cli("check", "data", "--administration", "BUF", "--format", "json", cwd=tmp_path)
    assert check.code == 0  # warnings only: the plan's period, the 2013–14 initiatives dropped
