"""Template, import (every error at once, cell by cell) and the id → IRI rules."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest
from spreadsheet_helpers import BASE, KKT, headers, row, small_plan, write_xlsx

from kktrace.errors import KKTraceError, UsageError
from kktrace.spreadsheet import SpreadsheetError, import_file, slug, template, to_turtle
from kktrace.spreadsheet.layout import ALL_SHEETS, CLASS_LABELS, SHEETS, STATUS_LABELS

XSD = "http://www.w3.org/2001/XMLSchema#"


def triples_of(path: Path, **kw) -> set[tuple[str, str, str]]:
    result = import_file(path, **kw)
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in result.triples}


def errors_of(path: Path, **kw) -> list[str]:
    with pytest.raises(SpreadsheetError) as info:
        import_file(path, **kw)
    exc = info.value
    assert isinstance(exc, UsageError) and isinstance(exc, KKTraceError)
    assert str(exc) == f"{path}: {len(exc.errors)} " + ("fejl" if exc.lang == "da" else "error(s)")
    return exc.errors


def iri(local: str) -> str:
    return f"<{BASE}{local}>"


# -- template ------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["da", "en"])
def test_template_has_every_sheet_readme_and_dropdowns(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(template(lang))
    wb = openpyxl.load_workbook(path)
    readme = "LÆSMIG" if lang == "da" else "README"
    assert wb.sheetnames[0] == readme
    for sheet in ALL_SHEETS:
        ws = wb[sheet.name(lang)]
        assert [c.value for c in ws[1]] == [
            c.header(lang) + (" *" if c.required else "") for c in sheet.columns
        ]
    explained = {(r[1], r[3]) for r in wb[readme].iter_rows(values_only=True) if r and len(r) > 3}
    for sheet in ALL_SHEETS:
        for col in sheet.columns:
            assert (col.header(lang), col.help(lang)) in explained
    initiatives = wb[SHEETS[4].name(lang)]
    sources = {dv.formula1 for dv in initiatives.data_validations.dataValidation} - {None}
    assert any("$A$2" in s for s in sources)  # no data given: responsible → Organisation ids
    assert len(sources) == 3  # class, status, responsible
    plans = wb[SHEETS[2].name(lang)]
    lists = [dv for dv in plans.data_validations.dataValidation if dv.formula1]
    assert len(lists) == 2  # class, owner (administration)
    assert wb.sheetnames[-1].startswith("_") and wb[wb.sheetnames[-1]].sheet_state == "hidden"


def test_template_is_deterministic_and_imports_empty(tmp_path: Path) -> None:
    assert template("da") == template("da")
    core = zipfile.ZipFile(io.BytesIO(template("da"))).read("docProps/core.xml").decode()
    assert "2010-01-01T00:00:00Z</dcterms:modified>" in core
    path = tmp_path / "t.xlsx"
    path.write_bytes(template("en"))
    assert import_file(path).triples == []


def test_layout_labels_match_the_ontology() -> None:
    import rdflib

    from kktrace.model.resources import ontology_file

    g = rdflib.Graph().parse(ontology_file())
    label = rdflib.RDFS.label
    pref = rdflib.SKOS.prefLabel
    for name, (da, en) in CLASS_LABELS.items():
        labels = {(str(lit), lit.language) for lit in g.objects(rdflib.URIRef(KKT + name), label)}
        assert {(da, "da"), (en, "en")} <= labels, name
    for name, (notation, da, en) in STATUS_LABELS.items():
        node = rdflib.URIRef(KKT + name)
        labels = {(str(lit), lit.language) for lit in g.objects(node, pref)}
        assert {(da, "da"), (en, "en")} <= labels, name
        assert str(g.value(node, rdflib.SKOS.notation)) == notation


# -- a valid workbook -----------------------------------------------------------------------
def test_import_small_plan(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", small_plan())
    got = triples_of(path)
    init = iri("OEKF-I1")
    assert (
        init,
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
        f"<{KKT}LocalInitiative>",
    ) in got
    assert (init, f"<{KKT}supports>", iri("FHP-M1")) in got
    assert (init, f"<{KKT}supports>", iri("OEKF-M1")) in got
    assert (init, f"<{KKT}budget>", f'"12.5"^^<{XSD}decimal>') in got
    assert (init, f"<{KKT}priority>", f'"1"^^<{XSD}positiveInteger>') in got
    assert (init, f"<{KKT}status>", f"<{KKT}InProgress>") in got
    assert (init, f"<{KKT}startDate>", f'"2011-02-01"^^<{XSD}date>') in got
    assert (init, "<http://www.w3.org/2000/01/rdf-schema#label>", '"Ny økonomiløsning"@da') in got
    # æøå ids: transliterated IRI, original id kept as skos:notation
    notation = "<http://www.w3.org/2004/02/skos/core#notation>"
    assert (iri("OEKF"), notation, '"ØKF"') in got
    assert (iri("plan-OEKF"), notation, '"plan-ØKF"') in got
    assert not any(s == iri("FHP") and p == notation for s, p, _ in got)
    turtle = to_turtle(import_file(path).triples)
    assert "kk:OEKF-I1 a kkt:LocalInitiative" in turtle
    assert turtle == to_turtle(import_file(path).triples)


def test_english_workbook_reads_the_same(tmp_path: Path) -> None:
    da = write_xlsx(tmp_path / "da.xlsx", small_plan("da"), "da")
    en = write_xlsx(tmp_path / "en.xlsx", small_plan("en"), "en")
    assert triples_of(da) == triples_of(en)


def test_slug_rules() -> None:
    assert slug("ØKF") == "OEKF"
    assert slug("Ærø-Å-æ") == "AEroe-AA-ae"
    assert slug("a b/c") == "a%20b%2Fc"
    assert slug("café") == "caf%C3%A9"
    for text in ("ØKF", "a b", "x%20y", "é/ü", "100%"):
        assert slug(slug(text)) == slug(text)
        ox.NamedNode(BASE + slug(text))  # a valid IRI


# -- every error at once ---------------------------------------------------------------------
def test_all_errors_reported_at_once(tmp_path: Path) -> None:
    plan = small_plan()
    plan["initiatives"] += [
        row(
            "initiatives",
            id="ØKF-I2",
            **{"class": "lokalt initiativ"},
            partOf="plan-ØKF",
            supports="FINDES-IKKE",
            status="igang",
            priority=0,
            budget="12 øre",
        ),
        row("initiatives", id="ØKF-I1", **{"class": "lokalt initiativ"}, partOf="plan-ØKF"),
        row("initiatives", label_da="uden id", **{"class": "lokalt initiativ"}),
        row("initiatives", id="ØKF-I4", **{"class": "forvaltning"}),
        row(
            "initiatives",
            id="ØKF-I5",
            **{"class": "projekt"},
            startDate="2011-02-30",
            endDate="01/02/2011",
        ),
        row("initiatives", id="ØKF-I6", budget="1.234"),
    ]
    path = write_xlsx(tmp_path / "plan.xlsx", plan)
    errors = errors_of(path)
    assert errors == [
        "Initiativer!G3: 'FINDES-IKKE' findes ikke i projektmappen — brug et id eller en kode fra "
        "Id- eller Kode-kolonnen, eller en fuld webadresse (https://…) for noget andet",
        "Initiativer!K3: '0' er ikke et helt tal større end 0 — skriv prioriteten som 1, 2, 3 …",
        "Initiativer!L3: status 'igang' er ikke en af: foreslået, godkendt, i gang, gennemført, "
        "udskudt, annulleret — vælg i listen",
        "Initiativer!O3: '12 øre' er ikke et beløb — skriv et tal i kroner, fx 1500000, 12,5, "
        "1.234.567,50 eller 3,2 mio.",
        "Initiativer!A4: id 'ØKF-I1' er allerede brugt i Initiativer!A2 — hvert id må kun bruges "
        "én gang i projektmappen",
        "Initiativer!A5: Id er tom — feltet er påkrævet",
        "Initiativer!B6: klassen 'forvaltning' hører ikke til på dette ark — flyt rækken til "
        "arket 'Organisation'",
        "Initiativer!B7: klassen 'projekt' er ikke en af: fælles initiativ, lokalt initiativ, "
        "initiativ — vælg i listen, eller skriv et IRI",
        "Initiativer!M7: '2011-02-30' er ikke en gyldig dato — skriv ÅÅÅÅ-MM-DD (fx 2011-01-31), "
        "DD-MM-ÅÅÅÅ, DD.MM.ÅÅÅÅ eller brug en Excel-dato",
        "Initiativer!N7: datoen '01/02/2011' er tvetydig (dag/måned eller måned/dag?) — skriv "
        "ÅÅÅÅ-MM-DD, fx 2011-02-01",
        "Initiativer!B8: Klasse er tom — feltet er påkrævet",
        "Initiativer!O8: '1.234' er tvetydigt (tusindtalsseparator eller decimaltegn?) — skriv "
        "1234 for 1234 kroner eller 1,234 for 1,234 kroner",
    ]


def test_english_messages_for_english_workbook(tmp_path: Path) -> None:
    plan = small_plan("en")
    plan["initiatives"].append(
        row("initiatives", id="X", **{"class": "local initiative"}, status="ongoing")
    )
    errors = errors_of(write_xlsx(tmp_path / "plan.xlsx", plan, "en"))
    assert errors == [
        "Initiatives!L3: status 'ongoing' is not one of: proposed, approved, in progress, "
        "completed, postponed, cancelled — pick from the list"
    ]


def test_lang_option_overrides_the_workbooks(tmp_path: Path) -> None:
    plan = small_plan("da")
    plan["initiatives"].append(
        row("initiatives", id="X", **{"class": "lokalt initiativ"}, status="nope")
    )
    errors = errors_of(write_xlsx(tmp_path / "plan.xlsx", plan), lang="en")
    assert errors[0].startswith("Initiativer!L3: status 'nope' is not one of: proposed")


def test_wrong_and_missing_headers(tmp_path: Path) -> None:
    bad_header = ["Id", "Klasse", "Navnn", "Klasse"]
    no_id = ["Klasse", "Navn (da)"]
    path = write_xlsx(
        tmp_path / "h.xlsx",
        {
            "initiatives": [bad_header, ["I1", "lokalt initiativ", "x", "y"]],
            "goals": [no_id, ["lokalt mål", "Et mål"]],
            "Noter": [["fri tekst"]],
            "_mine": [["ignoreres"]],
        },
    )
    errors = errors_of(path)
    assert errors[0] == "Initiativer!C1: ukendt kolonneoverskrift 'Navnn' — mente du 'Navn (da)'?"
    assert errors[1] == (
        "Initiativer!D1: kolonnen 'Klasse' findes allerede i Initiativer!B1 — "
        "brug hver kolonne én gang"
    )
    assert errors[2] == (
        "Mål!C1: kolonnen 'Id' mangler i første række — den er påkrævet på dette ark"
    )
    assert errors[3].startswith(
        "Noter!A1: ukendt ark 'Noter' — tilladte ark: Organisation, "
        "Strategi, Planer, Mål, Initiativer, Beslutninger, Status, Øvrige"
    )
    assert len(errors) == 4


def test_data_in_a_column_without_header(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "h.xlsx",
        {
            "goals": [
                ["Id", "Klasse"],
                ["M1", "lokalt mål", None, "løs tekst"],
                ["M2", "lokalt mål", None, "mere"],
            ],
        },
    )
    assert errors_of(path) == [
        "Mål!D2: kolonnen har ingen overskrift, men indeholder 'løs tekst' — skriv en overskrift "
        "i række 1 eller slet dataene"
    ]


def test_empty_rows_in_the_middle_are_skipped(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "e.xlsx",
        {
            "goals": [
                headers("goals"),
                row("goals", id="M1", **{"class": "lokalt mål"}),
                [None] * 9,
                [],
                ["", " ", None],
                row("goals", id="M2", **{"class": "lokalt mål"}, supports="M1"),
            ],
        },
    )
    got = triples_of(path)
    assert (iri("M2"), f"<{KKT}supports>", iri("M1")) in got
    assert import_file(path).rows == 2


def test_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    write_xlsx(
        path,
        {
            "goals": [
                headers("goals"),
                row("goals", id="M1", **{"class": "lokalt mål"}, partOf="P"),
                row("goals", id="M2", **{"class": "lokalt mål"}),
                row("goals", id="M3", **{"class": "lokalt mål"}),
            ],
            "plans": [headers("plans"), row("plans", id="P", **{"class": "lokal handlingsplan"})],
        },
    )
    wb = openpyxl.load_workbook(path)
    wb["Mål"].merge_cells("F2:F4")
    wb.save(path)
    assert errors_of(path) == [
        "Mål!F2: cellerne F2:F4 er flettet — ophæv fletningen og udfyld hver celle for sig"
    ]


def _set_cached_value(path: Path, sheet_index: int, formula: str, value: str) -> None:
    """Give a formula cell a stored value, as Excel does when it saves (openpyxl cannot)."""
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == f"xl/worksheets/sheet{sheet_index}.xml":
                content = content.replace(
                    f"<f>{formula}</f><v></v>".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
                ).replace(
                    f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
                )
            dst.writestr(info, content)
    path.write_bytes(out.getvalue())


def test_formulas_use_the_stored_value_or_are_reported(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "f.xlsx",
        {
            "initiatives": [
                headers("initiatives"),
                row("initiatives", id="I1", **{"class": "lokalt initiativ"}, budget="=1000*2"),
                row("initiatives", id="I2", **{"class": "lokalt initiativ"}, budget="=SUM(O2:O2)"),
            ]
        },
    )
    assert errors_of(path) == [
        "Initiativer!O2: formlen '=1000*2' har ingen gemt værdi — åbn og gem projektmappen i "
        "Excel, eller skriv værdien",
        "Initiativer!O3: formlen '=SUM(O2:O2)' har ingen gemt værdi — åbn og gem projektmappen i "
        "Excel, eller skriv værdien",
    ]
    _set_cached_value(path, 1, "1000*2", "2000")
    _set_cached_value(path, 1, "SUM(O2:O2)", "2000")
    got = triples_of(path)
    assert (iri("I1"), f"<{KKT}budget>", f'"2000"^^<{XSD}decimal>') in got
    assert (iri("I2"), f"<{KKT}budget>", f'"2000"^^<{XSD}decimal>') in got


def test_dates_as_text_and_as_numbers(tmp_path: Path) -> None:
    rows = [headers("initiatives")]
    cases = {
        "A": ("2011-03-04", "2011-03-04"),
        "B": ("04-03-2011", "2011-03-04"),
        "C": ("4.3.2011", "2011-03-04"),
        "D": (dt.datetime(2011, 3, 4), "2011-03-04"),
        "E": (dt.date(2011, 3, 4), "2011-03-04"),
        "F": (40606, "2011-03-04"),  # Excel serial number
        "G": ("40606", "2011-03-04"),
    }
    for key, (value, _) in cases.items():
        rows.append(row("initiatives", id=key, **{"class": "lokalt initiativ"}, startDate=value))
    got = triples_of(write_xlsx(tmp_path / "d.xlsx", {"initiatives": rows}))
    for key, (_, iso) in cases.items():
        assert (iri(key), f"<{KKT}startDate>", f'"{iso}"^^<{XSD}date>') in got, key
    bad = write_xlsx(
        tmp_path / "bad.xlsx",
        {
            "initiatives": [
                headers("initiatives"),
                row(
                    "initiatives",
                    id="X",
                    **{"class": "lokalt initiativ"},
                    startDate=2011,
                    endDate="31-13-2011",
                ),
            ]
        },
    )
    errors = errors_of(bad)
    assert errors[0].startswith("Initiativer!M2: '2011' er ikke en gyldig dato")
    assert errors[1].startswith("Initiativer!N2: '31-13-2011' er ikke en gyldig dato")


@pytest.mark.parametrize(
    ("value", "lexical"),
    [
        ("12,5", "12.5"),
        ("1.234.567,50", "1234567.50"),
        ("1 500 000", "1500000"),
        ("12.5", "12.5"),
        (12.5, "12.5"),
        (1500000, "1500000"),
        ("-3,25", "-3.25"),
        ("1,234,567.5", "1234567.5"),
        ("3,2 mio.", "3200000"),
        ("3,2 mio. kr.", "3200000"),
        ("1.500.000 kr.", "1500000"),
        ("2 mia.", "2000000000"),
    ],
)
def test_budgets(tmp_path: Path, value: object, lexical: str) -> None:
    path = write_xlsx(
        tmp_path / "b.xlsx",
        {
            "initiatives": [
                headers("initiatives"),
                row("initiatives", id="I", **{"class": "lokalt initiativ"}, budget=value),
            ]
        },
    )
    assert (iri("I"), f"<{KKT}budget>", f'"{lexical}"^^<{XSD}decimal>') in triples_of(path)


def test_ids_that_collide_after_transliteration(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "c.xlsx",
        {
            "organisation": [
                headers("organisation"),
                row("organisation", id="ØKF", **{"class": "forvaltning"}),
                row("organisation", id="OEKF", **{"class": "forvaltning"}),
            ]
        },
    )
    assert errors_of(path) == [
        "Organisation!A3: id 'OEKF' giver samme IRI som 'ØKF' i Organisation!A2 — vælg et id, "
        "der adskiller sig på mere end æ/ø/å"
    ]


def test_explicit_iris_and_known_resources(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "k.xlsx",
        {
            "goals": [
                headers("goals"),
                row(
                    "goals",
                    id="M1",
                    **{"class": "lokalt mål"},
                    supports="https://example.org/goal/1; FHP-2011-M01",
                ),
            ]
        },
    )
    errors = errors_of(path)
    assert len(errors) == 1 and "'FHP-2011-M01' findes ikke" in errors[0]
    got = triples_of(path, known=[ox.NamedNode(BASE + "FHP-2011-M01")])
    assert (iri("M1"), f"<{KKT}supports>", "<https://example.org/goal/1>") in got


def test_other_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        {
            "other": [
                headers("other"),
                ["X", "dcterms:source", "https://kk.dk", "id"],
                ["X", "rdfs:label", "X på dansk", "@da"],
                ["X", "kkt:priority", "3", "xsd:integer"],
                ["X", "https://example.org/p", "tekst", None],
                ["X", "nope", "tekst", None],
                ["X", "rdfs:label", "x", "xsd:"],
                ["X", "dcterms:relation", "Y", "id"],
            ]
        },
    )
    errors = errors_of(path)
    assert errors[0].startswith("Øvrige!B6: 'nope' er ikke et præfiksnavn eller IRI")
    assert errors[1].startswith("Øvrige!D7: typen 'xsd:' er ukendt")
    assert errors[2].startswith("Øvrige!C8: 'Y' findes ikke i projektmappen")


# -- files that are not workbooks -----------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [b"", b"not a zip at all", b"PK\x03\x04broken", None],
    ids=["empty", "text", "broken-zip", "zip-without-workbook"],
)
def test_corrupt_xlsx_is_a_clean_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "bad.xlsx"
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "hi")
    else:
        path.write_bytes(content)
    errors = errors_of(path)
    assert len(errors) == 1
    assert re.match(
        rf"{re.escape(str(path))}: kan ikke læses som XLSX \(.+\) — gem filen igen", errors[0]
    )


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KKTraceError, match=r"filtypen '\.xls' kan ikke læses — .* gem den som"):
        import_file(tmp_path / "plan.xls")
    with pytest.raises(KKTraceError, match=r"unknown file type '\.pdf'"):
        import_file(tmp_path / "plan.pdf", lang="en")
    with pytest.raises(KKTraceError, match="filen findes ikke"):
        import_file(tmp_path / "missing.xlsx")
