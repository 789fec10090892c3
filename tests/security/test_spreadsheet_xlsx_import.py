"""Hostile workbooks: zip bombs, stray far cells, hidden content, look-alike ids, DTDs."""

from __future__ import annotations

import shutil
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from input_helpers import assert_refused

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from spreadsheet_helpers import row, small_plan, write_xlsx

from kktrace.spreadsheet import SpreadsheetError, import_file
from kktrace.spreadsheet.guard import MAX_PART_BYTES


def _rewrite(src: Path, dst: Path, member: str, transform) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = transform(data)
            zout.writestr(info.filename, data)
    return dst


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "plan.xlsx", small_plan())


def test_zip_bomb_part_refused_before_unpacking(cli, plan: Path, tmp_path: Path) -> None:
    pad = b" " * (MAX_PART_BYTES + 1024)

    def bloat(data: bytes) -> bytes:
        return data.replace(b"<sheetData>", b"<sheetData>" + pad, 1)

    bomb = _rewrite(plan, tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", bloat)
    assert bomb.stat().st_size < 1024 * 1024  # a small file …
    started = time.monotonic()
    line = assert_refused(cli("import", bomb), "bomb.xlsx", "sheet1.xml", "65 MB")
    assert time.monotonic() - started < 10, line  # … refused without unpacking it


@pytest.mark.parametrize("member", ["xl/workbook.xml", "xl/worksheets/sheet2.xml"])
def test_xml_with_dtd_refused(cli, plan: Path, tmp_path: Path, member: str) -> None:
    def add_dtd(data: bytes) -> bytes:
        dtd = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY a "&e;&e;">]>'
        if data.startswith(b"<?xml"):
            decl, rest = data.split(b"?>", 1)
            return decl + b"?>" + dtd + rest
        return dtd + data

    evil = _rewrite(plan, tmp_path / "xxe.xlsx", member, add_dtd)
    assert_refused(cli("import", evil, "--lang", "en"), "xxe.xlsx", member, "DTD")


def test_stray_cell_far_away_does_not_stall(cli, plan: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(plan)
    wb["Initiativer"]["XFD1048576"] = "stray"
    far = tmp_path / "far.xlsx"
    wb.save(far)
    started = time.monotonic()
    result = cli("import", far)
    elapsed = time.monotonic() - started
    assert result.code == 2, result.stderr
    assert "XFD1048576" in result.stderr and "stray" in result.stderr
    assert elapsed < 30, elapsed  # was about 27 minutes


def test_hidden_sheet_rows_and_columns_are_warned(plan: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(plan)
    wb["Mål"].sheet_state = "hidden"
    ws = wb["Initiativer"]
    ws.row_dimensions[2].hidden = True
    ws.column_dimensions["C"].hidden = True
    hidden = tmp_path / "hidden.xlsx"
    wb.save(hidden)
    result = import_file(hidden)
    text = "\n".join(result.warnings)
    assert "arket 'Mål' er skjult" in text, text
    assert "Initiativer!A2" in text and "skjulte rækker med data (2)" in text, text
    assert "skjulte kolonner (C)" in text, text
    assert result.triples  # the content is still imported


def test_ids_differing_by_case_or_normalisation(plan: Path, tmp_path: Path) -> None:
    sheets = small_plan()
    nfd = "Cafe\u0301-I1"  # "Café" decomposed
    extra = dict(partOf="plan-ØKF", supports="ØKF-M1")
    sheets["initiatives"] += [
        row("initiatives", id="økf-i1", **{"class": "lokalt initiativ"}, label_da="a", **extra),
        row(
            "initiatives", id="Caf\u00e9-I1", **{"class": "lokalt initiativ"}, label_da="b", **extra
        ),
        row("initiatives", id=nfd, **{"class": "lokalt initiativ"}, label_da="c", **extra),
    ]
    path = write_xlsx(tmp_path / "ids.xlsx", sheets)
    with pytest.raises(SpreadsheetError) as caught:
        import_file(path, lang="en")
    errors = "\n".join(caught.value.errors)
    assert "Initiativer!A3" in errors and "'økf-i1'" in errors and "Initiativer!A2" in errors
    assert "differs only by case" in errors
    # The decomposed id is read in NFC: the same id twice, both cells named.
    assert "Initiativer!A5" in errors and "Initiativer!A4" in errors, errors


def test_references_match_ids_across_normalisation(tmp_path: Path) -> None:
    """An id typed composed and a reference typed decomposed name the same resource."""
    sheets = small_plan()
    sheets["goals"].append(
        row("goals", id="Mål-é", **{"class": "lokalt mål"}, label_da="x", partOf="plan-ØKF")
    )
    sheets["initiatives"].append(
        row(
            "initiatives",
            id="I-2",
            **{"class": "lokalt initiativ"},
            label_da="y",
            partOf="plan-ØKF",
            supports="Ma\u030al-e\u0301",  # decomposed spelling of the goal's id
        )
    )
    path = write_xlsx(tmp_path / "refs.xlsx", sheets)
    result = import_file(path)
    goal = next(t.subject for t in result.triples if t.object.value == "x")
    supports = {
        t.subject.value: t.object for t in result.triples if t.predicate.value.endswith("#supports")
    }
    assert supports[goal.value.rsplit("/", 1)[0] + "/I-2"] == goal, supports


def test_template_copy_still_imports(cli, tmp_path: Path) -> None:
    """The screening does not refuse the workbooks kktrace itself writes."""
    out = tmp_path / "export.xlsx"
    assert cli("export", "-o", out).code == 0
    copy = tmp_path / "copy.xlsx"
    shutil.copy(out, copy)
    result = cli("import", copy, "-o", tmp_path / "x.ttl")
    assert result.code == 0, result.stderr[-2000:]
