"""`kktrace template|import|export` through the real entry point: exit codes, stderr, files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from spreadsheet_helpers import row, small_plan, write_xlsx


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_template_then_refuse_overwrite(cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = cli("template", "-o", out, "--lang", "en")
    assert result.code == 0, result.stderr
    assert out.stat().st_size > 0
    before = digest(out)
    result = cli("template", "-o", out)
    assert result.code == 2
    assert result.stderr == f"Fejl: {out}: findes allerede — brug --force for at overskrive den\n"
    assert "Traceback" not in result.stderr
    assert digest(out) == before
    assert cli("template", "-o", out, "--force").code == 0
    assert digest(out) != before  # now Danish


def test_import_writes_turtle(cli, tmp_path: Path) -> None:
    src = write_xlsx(tmp_path / "plan.xlsx", small_plan())
    before = digest(src)
    out = tmp_path / "plan.ttl"
    result = cli("import", src, "-o", out)
    assert result.code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "kk:OEKF-I1 a kkt:LocalInitiative" in text
    assert f"{src}: 7 rækker, " in result.stderr and f"tripler → {out}" in result.stderr
    assert digest(src) == before  # the input is never modified
    again = cli("import", src, "-o", out)
    assert again.code == 2 and "findes allerede" in again.stderr
    assert cli("import", src, "-o", out, "--force").code == 0
    stdout = cli("import", src)
    assert stdout.code == 0 and stdout.stdout == text


def test_import_errors_every_line_and_nothing_written(cli, tmp_path: Path) -> None:
    plan = small_plan()
    plan["initiatives"].append(
        row("initiatives", id="X", **{"class": "lokalt initiativ"}, status="igang", supports="Y")
    )
    src = write_xlsx(tmp_path / "plan.xlsx", plan)
    out = tmp_path / "plan.ttl"
    result = cli("import", src, "-o", out)
    assert result.code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"Fejl: {src}: 2 fejl"
    assert lines[1].startswith("Initiativer!G3: 'Y' findes ikke i projektmappen eller data/")
    assert lines[2].startswith("Initiativer!L3: status 'igang' er ikke en af: foreslået,")
    assert len(lines) == 5  # + 2 warnings: KK and ØKF are in the project's data already
    assert all(": advarsel: " in line for line in lines[3:])
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]  # no temporary file left behind either


def test_import_corrupt_and_missing_files(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    result = cli("import", bad)
    assert result.code == 2
    assert f"{bad}: kan ikke læses som XLSX" in result.stderr
    assert "Traceback" not in result.stderr
    result = cli("import", tmp_path / "missing.csv")
    assert (
        result.stderr == f"Fejl: {tmp_path / 'missing.csv'}: filen findes ikke — kontrollér stien\n"
    )
    assert result.code == 2
    result = cli("import", bad, "-o", bad, "--force")
    assert result.code == 2 and "er inputfilen" in result.stderr


def test_import_csv_with_known(cli, tmp_path: Path) -> None:
    src = tmp_path / "buf.csv"
    src.write_text(
        "Id;Klasse;Navn (da);Del af;Bidrager til\n"
        "plan-X;lokal handlingsplan;Plan;;\n"
        "X-1;lokalt initiativ;Et initiativ;plan-X;plan-faelles-2011-2012\n",
        encoding="utf-8-sig",
    )
    alone = cli("import", src, "--no-known")
    assert alone.code == 2
    assert "buf.csv!E3: 'plan-faelles-2011-2012' findes ikke i projektmappen —" in alone.stderr
    from kktrace.model.resources import data_dir

    with_data = cli("import", src, "--known", data_dir())
    assert with_data.code == 0, with_data.stderr
    assert "kkt:supports kk:plan-faelles-2011-2012" in with_data.stdout
    # With no option, a folder without data/ resolves against the bundled data.
    bundled = cli("import", src, cwd=tmp_path)
    assert bundled.code == 0, bundled.stderr
    assert bundled.stdout == with_data.stdout


def test_export_all_formats(cli, tmp_path: Path) -> None:
    for fmt in ("xlsx", "csv", "jsonld", "graphml", "gexf"):
        out = tmp_path / f"model.{fmt}"
        result = cli("export", "--format", fmt, "-o", out)
        assert result.code == 0, (fmt, result.stderr)
        assert out.stat().st_size > 1000, fmt
    assert cli("export", "-o", tmp_path / "model.xlsx").code == 2  # exists, no --force
    assert cli("export", "-o", tmp_path / "model.xlsx", "--force").code == 0
    assert cli("export", "--format", "xlsx").code == 2  # a workbook needs -o
    assert cli("export", "-o", tmp_path / "x.unknown").code == 2
    back = cli("import", tmp_path / "model.xlsx", "-o", tmp_path / "back.ttl")
    assert back.code == 0, back.stderr


def test_export_round_trip_of_a_file_through_the_cli(cli, tmp_path: Path) -> None:
    src = write_xlsx(tmp_path / "plan.xlsx", small_plan())
    ttl = tmp_path / "plan.ttl"
    assert cli("import", src, "-o", ttl).code == 0
    xlsx = tmp_path / "again.xlsx"
    assert cli("export", ttl, "-o", xlsx).code == 0
    ttl2 = tmp_path / "again.ttl"
    assert cli("import", xlsx, "-o", ttl2).code == 0
    assert ttl2.read_bytes() == ttl.read_bytes()
