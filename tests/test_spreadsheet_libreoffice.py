"""The plan owner's loop through a real spreadsheet program: LibreOffice re-saves the
workbooks (as a plan owner's Excel would), and kktrace reads them back.

``soffice --headless --convert-to xlsx`` (Debian libreoffice-calc, installed by
``make system``) re-saves three workbooks in one run: the example plan, a careless copy of
it (renamed sheet, a notes column, codes in lower case, the administration's full name)
and the template; a second run saves the example as .ods. Skipped, saying why, only when soffice is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from kktrace.spreadsheet import import_file

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "buf-2015-2016.xlsx"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _careless(path: Path) -> Path:
    """The example as a hurried plan owner leaves it."""
    wb = openpyxl.load_workbook(EXAMPLE)
    goals = wb["Mål"]
    goals.title = "Mål 2015-16"
    goals.cell(row=1, column=goals.max_column + 1, value="Noter")
    goals.cell(row=2, column=goals.max_column, value="spørg skolechefen")
    plans = wb["Planer"]
    plans["F2"] = "buf"  # Ejer
    plans["G2"] = "fhp-2013-2014"  # Bidrager til
    initiatives = wb["Initiativer"]
    initiatives["H2"] = "Børne- og Ungdomsforvaltningen"  # Ansvarlig
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> dict[str, Path]:
    soffice = shutil.which("soffice")
    if soffice is None:
        message = "soffice not installed: run `make system` (Debian libreoffice-calc)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    work = tmp_path_factory.mktemp("lo")
    src = work / "src"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "careful.xlsx")
    _careless(src / "careless.xlsx")
    from kktrace import load
    from kktrace.spreadsheet import template

    (src / "template.xlsx").write_bytes(template("da", load()))
    out = work / "out"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *(str(src / n) for n in ("careful.xlsx", "careless.xlsx", "template.xlsx")),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    ods = subprocess.run(  # LibreOffice's own format, as a plan owner's LibreOffice saves it
        [
            soffice,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(out),
            str(src / "careful.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    files = {n: out / f"{n}.xlsx" for n in ("careful", "careless", "template")}
    files["ods"] = out / "careful.ods"
    assert files["ods"].exists(), ods.stdout + ods.stderr
    assert all(p.exists() for p in files.values()), proc.stdout + proc.stderr
    # really re-saved by LibreOffice, not copied
    assert all(
        p.read_bytes() != (src / p.name).read_bytes() for n, p in files.items() if n != "ods"
    )
    return files


def test_resaved_careful_plan_imports_with_no_option_beyond_o(cli, resaved, tmp_path) -> None:
    out = tmp_path / "plan.ttl"
    result = cli("import", resaved["careful"], "-o", out, cwd=tmp_path)
    assert result.code == 0, result.stderr
    original = cli("import", EXAMPLE, cwd=tmp_path)
    assert original.code == 0
    assert out.read_text(encoding="utf-8") == original.stdout


def test_plan_saved_as_ods_by_libreoffice_imports_the_same(resaved, bundled_model) -> None:
    ods = import_file(resaved["ods"], data=bundled_model, data_name="bundled")
    careful = import_file(EXAMPLE, data=bundled_model, data_name="bundled")
    assert ods.triples == careful.triples and ods.warnings == []


def test_resaved_careless_plan_costs_one_message_per_mistake(resaved, bundled_model) -> None:
    result = import_file(resaved["careless"], data=bundled_model, data_name="bundled")
    assert [w.split(": advarsel: ")[1].split(" ")[0:2] for w in result.warnings] == [
        ["arket", "'Mål"],
        ["kolonnen", "'Noter'"],
    ]
    careful = import_file(EXAMPLE, data=bundled_model, data_name="bundled")
    assert result.triples == careful.triples  # codes, case and the full name resolved


def test_resaved_template_keeps_its_dropdowns(resaved) -> None:
    wb = openpyxl.load_workbook(resaved["template"])
    ws = wb["Planer"]
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.formula1]
    assert formulas, "LibreOffice dropped the drop-downs"
    lists = wb["_lister"]
    values = {c.value for row in lists.iter_rows() for c in row if c.value}
    assert {"BUF", "ØKF", "FHP-2013-2014", "statuspost"} <= values
    assert import_file(resaved["template"]).triples == []  # example rows still skipped
