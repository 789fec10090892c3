"""``kktrace check --administration/--plan``: one plan owner's findings and exit code.

And a plan file checked alone: references into the project's data are counted in one
line instead of one dangling-reference finding each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kktrace.facts import Facts

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/kktrace/id/kk/"
EXAMPLE = ROOT / "examples" / "buf-2015-2016.xlsx"


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


@pytest.fixture(scope="module")
def buf_plan(tmp_path_factory) -> Path:
    """The example BUF 2015–16 plan, imported to Turtle."""
    from kktrace import load
    from kktrace.spreadsheet import import_file, to_turtle

    out = tmp_path_factory.mktemp("plan") / "buf-2015-2016.ttl"
    result = import_file(EXAMPLE, data=load(), data_name="bundled")
    out.write_text(to_turtle(result.triples), encoding="utf-8")
    return out


def test_administration_scopes_findings_and_exit_code(cli, bundled_model) -> None:
    everything = cli("check", "--format", "json")
    sof = cli("check", "--format", "json", "--administration", "sof")
    buf = cli("check", "--format", "json", "--administration", "Børne- og Ungdomsforvaltningen")
    assert everything.code == 1 and sof.code == 1 and buf.code == 0
    facts = Facts(bundled_model)
    whose = {f["focus"]: facts.administration_of(f["focus"]) for f in findings(everything)}
    assert set(whose.values()) - {BASE + "SOF"}, "the bundled data has others' findings too"
    assert findings(sof) == [f for f in findings(everything) if whose[f["focus"]] == BASE + "SOF"]
    assert findings(sof) and findings(buf) == []
    assert json.loads(sof.stdout)["summary"]["error"] >= 1


def test_summary_line_in_the_chosen_language(cli) -> None:
    da = cli("check", "--administration", "SOF")
    en = cli("check", "--administration", "SOF", "--lang", "en")
    assert da.stdout.splitlines()[-1].startswith("I alt: 1 fejl, 1 advarsler")
    assert en.stdout.splitlines()[-1].startswith("Total: 1 errors, 1 warnings")


def test_plan_scope_with_the_new_local_plan(cli, buf_plan: Path) -> None:
    data = ROOT / "data"
    whole = cli("check", data, buf_plan, "--format", "json", "--fail-on", "warning")
    plan = cli(
        "check",
        data,
        buf_plan,
        "--format",
        "json",
        "--plan",
        "BUF-2015-2016",
        "--fail-on",
        "warning",
    )
    old = cli(
        "check",
        data,
        buf_plan,
        "--format",
        "json",
        "--plan",
        "buf-2013-2014",
        "--fail-on",
        "warning",
    )
    assert whole.code == 1 and plan.code == 1 and old.code == 1
    new_foci = {f["focus"] for f in findings(plan)}
    assert new_foci == {BASE + "BUF-2015-2016"}  # its period does not overlap FHP 2013–14
    # The 2013–14 initiatives the new plan does not carry on: dropped without decision.
    dropped = sorted(f["focus"] for f in findings(old) if f["rule"] == "dropped-without-decision")
    assert dropped == [BASE + f"BUF-2013-I{n:02d}" for n in (5, 6, 10, 11, 12)]
    assert all(
        f["focus"].startswith(BASE + "BUF-2013") or f["focus"] == BASE + "plan-BUF-2013-2014"
        for f in findings(old)
    )


def test_unknown_administration_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("check", "--administration", "XYZ")
    assert result.code == 2
    assert "--administration XYZ: findes ikke i data — brug en af: BIF, BUF" in result.stderr
    english = cli("export", "--administration", "XYZ", "-o", tmp_path / "x.xlsx", "--lang", "en")
    assert english.code == 2
    assert english.stderr.startswith("Error: --administration XYZ: not found in the data")


def test_a_plan_file_alone_says_references_point_outside(
    cli, buf_plan: Path, tmp_path: Path
) -> None:
    alone = cli("check", buf_plan, "--format", "json", cwd=tmp_path)
    assert alone.code == 1  # other findings remain (the plan supports nothing it can see)
    assert not [f for f in findings(alone) if f["rule"] == "dangling-reference"]
    assert alone.stderr.startswith(f"Bemærk: 15 henvisninger peger uden for {buf_plan.name} (fx ")
    assert "tilføj projektets datamappe: kktrace check " in alone.stderr
    # A reference to nothing anywhere is still a dangling reference.
    typo = tmp_path / "typo.ttl"
    typo.write_text(
        buf_plan.read_text(encoding="utf-8").replace("kk:FHP-2013-M01", "kk:FHP-2013-M99"),
        encoding="utf-8",
    )
    result = cli("check", typo, "--format", "json", cwd=tmp_path)
    dangling = [f for f in findings(result) if f["rule"] == "dangling-reference"]
    assert [f["related"] for f in dangling] == [[BASE + "FHP-2013-M99"]]
    assert "Bemærk: 14 henvisninger peger uden for typo.ttl" in result.stderr


def test_report_matrix_shows_each_local_plans_period(cli, buf_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = cli("report", ROOT / "data", buf_plan, "-o", out, "--date", "2026-11-29")
    assert result.code in (0, 1), result.stderr
    md = (out / "gap-report.da.md").read_text(encoding="utf-8")
    # BUF's 2013–14 and 2015–16 plans both support the common plan 2013–14: both periods shown
    assert "| BUF (2013–2014, 2015–2016) |" in md
    assert "| BUF (2011–2012) |" in md
