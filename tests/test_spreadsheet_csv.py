"""CSV import (delimiters, BOM, Danish numbers), fuzzing, and a 10,000-row sheet."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spreadsheet_helpers import BASE, KKT, headers, row, write_xlsx

from kktrace.errors import KKTraceError
from kktrace.spreadsheet import ImportResult, SpreadsheetError, import_file

XSD = "http://www.w3.org/2001/XMLSchema#"
HEADER = "Id;Klasse;Navn (da);Del af;Bidrager til;Budget (kr.);Start;Status"


def triples(path: Path) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in import_file(path).triples}


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf8", "utf8-bom"])
@pytest.mark.parametrize("sep", [";", ","])
def test_csv_plan(tmp_path: Path, sep: str, bom: bytes) -> None:
    lines = [
        HEADER,
        "P;lokal handlingsplan;Plan for Ærø;;;;01.01.2011;",
        'I1;lokalt initiativ;Første "skridt";P;;"12,5";2011-02-01;i gang',
        ";;;;;;;",
        'I2;lokalt initiativ;Andet, måske;P;I1;"1.234.567,50";15-03-2011;udskudt',
    ]
    text = "\r\n".join(line.replace(";", sep) if sep == "," else line for line in lines)
    if sep == ",":  # quote the fields holding commas
        text = text.replace('"12,5"', '"12,5"').replace("Andet, måske", '"Andet, måske"')
    path = tmp_path / "plan.csv"
    path.write_bytes(bom + text.encode("utf-8"))
    got = triples(path)
    i1, i2 = f"<{BASE}I1>", f"<{BASE}I2>"
    assert (i1, f"<{KKT}budget>", f'"12.5"^^<{XSD}decimal>') in got
    assert (i2, f"<{KKT}budget>", f'"1234567.50"^^<{XSD}decimal>') in got
    assert (i2, f"<{KKT}startDate>", f'"2011-03-15"^^<{XSD}date>') in got
    assert (i2, f"<{KKT}supports>", i1) in got
    assert (f"<{BASE}P>", f"<{KKT}startDate>", f'"2011-01-01"^^<{XSD}date>') in got


def test_csv_errors_name_file_cell_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        HEADER + "\nI1;lokalt initiativ;x;P;I9;12 øre;03/12/2011;igang\n", encoding="utf-8"
    )
    with pytest.raises(SpreadsheetError) as info:
        import_file(path)
    assert [e.split(" — ")[0] for e in info.value.errors] == [
        "plan.csv!D2: 'P' findes ikke i projektmappen",
        "plan.csv!E2: 'I9' findes ikke i projektmappen",
        "plan.csv!F2: '12 øre' er ikke et beløb",
        "plan.csv!G2: datoen '03/12/2011' er tvetydig (dag/måned eller måned/dag?)",
        "plan.csv!H2: status 'igang' er ikke en af: foreslået, godkendt, i gang, gennemført, "
        "udskudt, annulleret",
    ]


@pytest.mark.parametrize(
    ("content", "start"),
    [
        (b"", "plan.csv: filen er tom"),
        ("Id;Klasse\nÆ;lokalt mål\n".encode("cp1252"), "plan.csv: filen er ikke UTF-8"),
        (b'Id;Klasse\n"I1;lokalt m\xc3\xa5l\n', "plan.csv:2: CSV-fejl"),
        (b"Ident;Klasse\nI1;lokalt m\xc3\xa5l\n", "plan.csv!C1: kolonnen 'Id' mangler"),
    ],
    ids=["empty", "cp1252", "open-quote", "bad-header"],
)
def test_bad_csv_files(tmp_path: Path, content: bytes, start: str) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError) as info:
        import_file(path)
    first = info.value.errors[0].replace(f"{tmp_path}/", "")
    assert first.startswith(start), first
    assert " — " in first  # says what to do


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_fuzz_csv_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.csv"
        path.write_bytes(data)
        # Any other exception fails the test; a clean error must say something.
        try:
            result = import_file(path)
        except KKTraceError as exc:
            assert str(exc).strip()
        else:
            assert isinstance(result, ImportResult)


_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "lokalt initiativ",
            "i gang",
            "12,5",
            "1.234",
            "2011-13-01",
            "01-02-2011",
            "I1",
            "I1;I2",
            "=1+1",
            '"',
            ";",
            ",",
            "\n",
            "https://x y",
            "_:b",
            "<bad>",
            "kkt:Nope",
            "0",
            "-1",
            "40606",
            "\x00",
        ]
    ),
)
_headers = st.lists(
    st.sampled_from(
        [
            "Id",
            "Klasse",
            "Navn (da)",
            "Bidrager til",
            "Budget (kr.)",
            "Start",
            "Prioritet",
            "Status",
            "Del af",
            "Ansvarlig",
            "År",
            "Kode",
            "???",
            "",
        ]
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_headers, st.lists(st.lists(_cell, max_size=9), max_size=6), st.sampled_from([";", ","]))
def test_fuzz_csv_structured(head: list[str], rows: list[list[str]], sep: str) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep)
    writer.writerow(head)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        try:
            import_file(path)
        except SpreadsheetError as exc:
            assert exc.errors and all(isinstance(e, str) and e for e in exc.errors)
        except KKTraceError:
            pass


@pytest.mark.slow
def test_ten_thousand_rows(tmp_path: Path) -> None:
    rows = [headers("initiatives")]
    rows.append(row("initiatives", id="P", **{"class": "lokalt initiativ"}))
    for i in range(10_000):
        rows.append(
            row(
                "initiatives",
                id=f"I{i:05d}",
                **{"class": "lokalt initiativ"},
                label_da=f"Initiativ {i} æøå",
                label_en=f"Initiative {i}",
                supports="P",
                priority=i + 1,
                status="i gang",
                startDate="2011-01-01",
                endDate="31-12-2012",
                budget="1.234,50",
            )
        )
    path = write_xlsx(tmp_path / "big.xlsx", {"initiatives": rows})
    start = time.perf_counter()
    result = import_file(path)
    seconds = time.perf_counter() - start
    print(f"\n10,000-row import: {seconds:.2f} s, {len(result.triples)} triples")
    assert result.rows == 10_001
    assert len(result.triples) == 1 + 10_000 * 9
    assert seconds < 60
