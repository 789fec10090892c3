"""kktrace status: the annual implementation status, its numbers and the missing-status rule."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from kktrace import check, load
from kktrace.status.annual import (
    STATUSES,
    initiative_facts,
    is_backwards,
    render,
    status_report,
)

CASES = Path(__file__).parent / "cases" / "missing-status"
EX = "https://example.org/"

_ENTRIES_2012 = """
SELECT ?i ?st ?b WHERE {
  ?e a kkt:StatusEntry ; kkt:about ?i ; kkt:year ?y ; kkt:status ?st .
  FILTER(STR(?y) = "2012")
  OPTIONAL { ?i kkt:budget ?b }
}"""


@pytest.fixture(scope="module")
def report_2012(bundled_model):
    return status_report(bundled_model, 2012, "da")


def test_2012_counts_match_an_independent_count(bundled_model, report_2012):
    rows = bundled_model.select(_ENTRIES_2012)
    counts = Counter(r["st"].value.rsplit("#", 1)[1] for r in rows)
    budgets: Counter[str] = Counter()
    for r in rows:
        budgets[r["st"].value.rsplit("#", 1)[1]] += Decimal(r["b"].value) if r["b"] else 0
    total = report_2012["total"]
    for s in STATUSES:
        assert total["by_status"][s] == counts.get(s, 0), s
        assert total["budget_by_status"][s] == budgets.get(s, 0), s
    assert total["by_status"]["none"] == len(report_2012["missing"])
    assert total["initiatives"] == len(rows) + len(report_2012["missing"])
    done, cancelled = counts["Completed"], counts["Cancelled"]
    assert total["completion_rate"] == round(done / (total["initiatives"] - cancelled), 4)


def test_2012_groups_add_up(report_2012):
    common = [f for f in report_2012["initiatives"] if "faelles" in (f["plan"] or "")]
    assert sum(g["initiatives"] for g in report_2012["common_plans"]) == len(common)
    assert sum(report_2012["portfolio"]["by_status"].values()) == report_2012["total"]["budget"]
    assert (
        sum(p["budget"] for p in report_2012["portfolio"]["by_plan"])
        == report_2012["total"]["budget"]
    )
    assert len(report_2012["administrations"]) == 7


def test_2012_backwards_and_missing(bundled_model, report_2012):
    facts = {f.iri: f for f in initiative_facts(bundled_model)}
    for b in report_2012["backwards"]:
        assert is_backwards(b["from"], b["status"])
        assert facts[b["iri"]].entries[2012][0] == b["status"]
    assert report_2012["backwards"], "the bundled data has initiatives that went backwards"
    for m in report_2012["missing"]:
        assert 2012 not in facts[m["iri"]].entries
        assert facts[m["iri"]].active_in(2012)


@pytest.mark.parametrize(
    ("old", "new", "back"),
    [
        ("Proposed", "Approved", False),
        ("InProgress", "Approved", True),
        ("Completed", "InProgress", True),
        ("InProgress", "Postponed", True),
        ("InProgress", "Cancelled", True),
        ("Approved", "Postponed", False),
        ("Postponed", "InProgress", False),
        ("Cancelled", "Approved", False),
    ],
)
def test_backwards_definition(old, new, back):
    assert is_backwards(old, new) is back


def _missing_status(model):
    return check(model, rules=["missing-status"], shapes=False).findings


def test_missing_status_found_and_not_found():
    found = _missing_status(load([CASES / "fails.ttl"]))
    assert {(f.focus, f.severity) for f in found} == {
        (EX + "I1", "warning"),
        (EX + "I2", "warning"),
    }
    assert "2011, 2012" in next(f.message for f in found if f.focus == EX + "I2")
    assert _missing_status(load([CASES / "passes.ttl"])) == []


def test_status_report_missing_is_the_rule(bundled_model, report_2012):
    """One definition: the report's list for a year is what the rule reports for that year."""
    from kktrace.rules import registry

    (rule,) = [r for r in registry() if r.id == "missing-status"]
    rows = bundled_model.select(rule.query)
    in_2012 = {r["focus"].value for r in rows if r["year"].value == "2012"}
    assert in_2012, "the bundled data has planted status gaps in 2012"
    assert in_2012 <= {f.focus for f in _missing_status(bundled_model)}
    assert sorted(m["iri"] for m in report_2012["missing"]) == sorted(in_2012)
    assert all(m["last_status"] in ("Approved", "InProgress") for m in report_2012["missing"])


def test_render_is_deterministic_and_escaped(bundled_model, report_2012):
    html = render(report_2012, "html")
    assert html == render(status_report(bundled_model, 2012, "da"), "html")
    assert "<script" not in html and "http://" not in html.split("<body>", 1)[1].replace(
        "http://www.w3.org", ""
    )
    hostile = json.loads(json.dumps(report_2012))
    hostile["initiatives"][0]["label"] = "<b>x</b>"
    assert "&lt;b&gt;x&lt;/b&gt;" in render(hostile, "html")
    assert "| Initiativ |" in render(report_2012, "md")


def test_cli_status_json_and_files(cli, tmp_path):
    res = cli("status", "--year", "2012", "--format", "json")
    assert res.code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["year"] == 2012 and data["total"]["initiatives"] > 0
    res = cli("status", "--year", "2012", "-o", tmp_path, "--lang", "en")
    assert res.code == 0, res.stderr
    page = (tmp_path / "status-2012.en.html").read_text("utf-8")
    assert "Implementation status 2012" in page and "<style>" in page
    res = cli("status", "--year", "2012", "-o", tmp_path, "--lang", "en")
    assert (tmp_path / "status-2012.en.html").read_text("utf-8") == page
    md = cli("status", "--year", "2012")
    assert md.code == 0 and md.stdout.startswith("# Implementeringsstatus 2012")


def test_cli_status_bad_year(cli):
    res = cli("status", "--year", "1990")
    assert res.code == 2 and "1990" in res.stderr and "Traceback" not in res.stderr


def test_portfolio_agrees_with_named_query(bundled_model):
    from kktrace.model.resources import queries_dir

    text = (queries_dir() / "portfolio-by-focus-area.rq").read_text("utf-8")
    by_query = {r["focusArea"].value: Decimal(r["total"].value) for r in bundled_model.select(text)}
    facts = initiative_facts(bundled_model)
    for fa, total in by_query.items():
        assert sum((f.budget or 0 for f in facts if fa in f.focus_areas), Decimal(0)) == total, fa


def test_plan_totals_agree_with_the_named_query(bundled_model, report_2012):
    """The portfolio states its scope: the year's budget per plan beside the whole plan's,
    and the whole plan's is what ``portfolio-by-plan`` sums."""
    from kktrace.model.resources import queries_dir

    text = (queries_dir() / "portfolio-by-plan.rq").read_text("utf-8")
    by_query = {r["plan"].value: Decimal(r["total"].value) for r in bundled_model.select(text)}
    plans = report_2012["portfolio"]["plans"]
    assert plans, "the 2012 scope has budgeted plans"
    for p in plans:
        assert Decimal(str(p["plan_budget"])) == by_query[p["iri"]], p["label"]
    year_total = sum(Decimal(str(p["year_budget"])) for p in plans)
    assert year_total == Decimal(str(report_2012["portfolio"]["total"]))


def test_summary_compares_with_the_year_before(bundled_model, report_2012):
    prev = report_2012["previous"]
    assert prev["year"] == 2011
    then = status_report(bundled_model, 2011, "da")["total"]
    assert (prev["initiatives"], prev["completion_rate"], prev["budget"]) == (
        then["initiatives"],
        then["completion_rate"],
        then["budget"],
    )
    (first, second, third) = summary_of(report_2012)
    assert first.startswith("I 2012 omfatter statussen 65 initiativer")
    assert "Sammenlignet med 2011" in second and "72.500.000" in second
    assert "Konsolidering til fælles ESDH-løsning (12.000.000 kr.)" in third
    assert status_report(bundled_model, 2010, "da")["previous"] is None


def summary_of(report):
    from kktrace.status.annual import summary, texts

    return summary(report, texts(report["lang"]), lambda s: s)


def test_english_numbers_and_zero_columns(bundled_model):
    en = render(status_report(bundled_model, 2012, "en"), "html")
    assert "67,500,000" in en and "67.500.000" not in en
    assert "56%" in en and "56\u00a0%" not in en
    assert "DKK 12,000,000" in en
    da = render(status_report(bundled_model, 2012, "da"), "html")
    assert "67.500.000" in da and "56\u00a0%" in da
    # no initiative is proposed or approved in 2012: those columns are left out and named
    assert '<th class="num">foreslået</th>' not in da
    assert "Statusser uden initiativer i året er udeladt: foreslået, godkendt." in da
