"""``kktrace report`` through the real entry point: files, exit codes, --administration, --baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SMALL = Path(__file__).parent / "golden" / "report-small-case.ttl"
EX = "https://example.org/kk/"


def foci(path: Path) -> set[tuple[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(f["rule"], f["focus"]) for f in data["findings"]}


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    """The small case's Danish report, written once."""
    from conftest import run_kktrace

    out = tmp_path_factory.mktemp("report")
    result = run_kktrace("report", SMALL, "-o", out, "--date", "2026-11-26")
    return result, out


def test_report_writes_html_md_and_findings(small_report) -> None:
    result, out = small_report
    # the small case has an error-level finding (orphan-initiative): exit 1, files written
    assert result.code == 1, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["findings.da.json", "gap-report.da.html", "gap-report.da.md"]
    assert result.stdout.splitlines() == [
        str(out / n) for n in ["gap-report.da.html", "gap-report.da.md", "findings.da.json"]
    ]
    html = (out / "gap-report.da.html").read_text(encoding="utf-8")
    assert "Sporbarhedsmatrix" in html and "26. november 2026" in html
    assert ("orphan-initiative", EX + "LI2") in foci(out / "findings.da.json")
    # the summary line speaks the report's language, with its plural forms
    counts = json.loads((out / "findings.da.json").read_text(encoding="utf-8"))["summary"]
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"{counts['error']} fejl, ") and "error(s)" not in line


def test_same_input_same_bytes(small_report, cli, tmp_path: Path) -> None:
    _, first = small_report
    assert cli("report", SMALL, "-o", tmp_path, "--date", "2026-11-26").code == 1
    for name in ["gap-report.da.html", "gap-report.da.md", "findings.da.json"]:
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_fail_on_never_exits_0_and_english(cli, tmp_path: Path) -> None:
    result = cli(
        "report",
        SMALL,
        "-o",
        tmp_path,
        "--lang",
        "en",
        "--date",
        "2026-11-26",
        "--fail-on",
        "never",
    )
    assert result.code == 0, result.stderr
    assert "Traceability matrix" in (tmp_path / "gap-report.en.html").read_text(encoding="utf-8")
    line = result.stderr.strip().splitlines()[-1]
    assert "error(s)" not in line and ("1 error," in line or " errors, " in line), line
    assert (tmp_path / "gap-report.en.md").exists() and (tmp_path / "findings.en.json").exists()


def test_administration_report_has_only_its_findings(cli, tmp_path: Path) -> None:
    result = cli("report", SMALL, "-o", tmp_path, "--administration", "SUF", "--date", "2026-11-26")
    # SUF has warnings only
    assert result.code == 0, result.stderr
    found = foci(tmp_path / "findings-SUF.da.json")
    assert found == {("untraced-to-strategy", EX + "LI4")}
    html = (tmp_path / "gap-report-SUF.da.html").read_text(encoding="utf-8")
    assert "Sporbarhedsrapport for Sundheds- og Omsorgsforvaltningen" in html
    assert "Tablets i skolerne" not in html  # BUF's orphan
    assert "Økonomiforvaltningen" not in html


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--administration", "XYZ"], "BUF, SUF, ØKF"),
        (["--date", "26/11/2026"], "YYYY-MM-DD"),
        (["--fail-on", "sometimes"], "--fail-on"),
        (["--baseline", "nowhere.json"], "nowhere.json"),
    ],
)
def test_bad_usage_exits_2_with_one_line(cli, tmp_path: Path, args: list[str], needle: str) -> None:
    result = cli("report", SMALL, "-o", tmp_path, *args)
    assert result.code == 2
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_bad_baseline_json_exits_2(cli, tmp_path: Path) -> None:
    bad = tmp_path / "old.json"
    bad.write_text('{"findings": 3}', encoding="utf-8")
    result = cli("report", SMALL, "-o", tmp_path / "out", "--baseline", bad)
    assert result.code == 2 and "old.json" in result.stderr


def changed_case(tmp_path: Path) -> Path:
    """The small case a year on: BUF-02 now supports a goal (resolved), a new orphan BUF-03."""
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace(
        'ex:LI2 a kkt:LocalInitiative ; skos:notation "BUF-02" ; kkt:partOf ex:BUF-LP ;',
        'ex:LI2 a kkt:LocalInitiative ; skos:notation "BUF-02" ; kkt:partOf ex:BUF-LP ; kkt:supports ex:LG1 ;',
    )
    text += (
        '\nex:LI5 a kkt:LocalInitiative ; skos:notation "BUF-03" ; kkt:partOf ex:BUF-LP ;\n'
        '    rdfs:label "Ny skoleportal"@da , "New school portal"@en .\n'
    )
    new = tmp_path / "new"
    new.mkdir()
    (new / "model.ttl").write_text(text, encoding="utf-8")
    return new


@pytest.mark.parametrize("kind", ["json", "data"])
def test_baseline_shows_resolved_and_new(small_report, cli, tmp_path: Path, kind: str) -> None:
    _, first = small_report
    baseline = first / "findings.da.json" if kind == "json" else SMALL
    out = tmp_path / "out"
    result = cli(
        "report", changed_case(tmp_path), "-o", out, "--baseline", baseline, "--date", "2026-11-27"
    )
    assert result.code == 1, result.stderr
    md = (out / "gap-report.da.md").read_text(encoding="utf-8")
    changes = md.split("## Ændringer siden sidste rapport", 1)[1].split("\n## ", 1)[0]
    assert "løst: 1, nye: 1" in changes
    resolved, new = changes.split("### Nye fund", 1)
    assert "Tablets i skolerne (BUF-02)" in resolved and "BUF-03" not in resolved
    assert "Ny skoleportal (BUF-03)" in new and "BUF-02" not in new
