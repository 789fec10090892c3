"""One truth: every number shown in two outputs is the same in both.

Each test compares two outputs that show the same fact (the gap report vs the rule, the
status report vs the rule, the portfolio vs the named query, the matrix vs a SPARQL count,
``info`` vs the report's "what was checked"), on the bundled data and on generated data
(``benchmarks/generate.py``, two municipalities). The facts themselves are derived once,
in :mod:`kktrace.facts`; these tests hold every output to them.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from synthetic import generate_set

from kktrace import check, load
from kktrace.facts import Facts
from kktrace.model.resources import queries_dir
from kktrace.model.summary import summarise
from kktrace.report import build_gap_report
from kktrace.rules import registry
from kktrace.status.annual import initiative_facts, portfolio, status_report

ROOT = Path(__file__).resolve().parent.parent
DATE = "2026-11-26"


@pytest.fixture(scope="module", params=["bundled", "generated"])
def case(request, tmp_path_factory, bundled_model):
    """(name, model, check report) for the bundled data and two generated municipalities."""
    if request.param == "bundled":
        model = bundled_model
    else:
        out = tmp_path_factory.mktemp("synth")
        generate_set(out, 2, seed=3)
        model = load([out])
    return request.param, model, check(model)


def _named(model, name: str):
    return model.select((queries_dir() / f"{name}.rq").read_text("utf-8"))


def _rule_rows(model, rule_id: str):
    (rule,) = [r for r in registry() if r.id == rule_id]
    return model.select(rule.query)


# -- decision readiness: gap report vs the rule vs the named query ---------------------------


def test_readiness_in_report_is_the_rule(case):
    name, model, report = case
    gap = build_gap_report(model, report.findings, date=DATE)
    not_ready = {f.focus for f in report.findings if f.rule == "not-decision-ready"}
    rows = [row for table in gap.readiness for row in table.rows]
    assert rows, f"{name}: the report lists common initiatives for decision readiness"
    assert {r.initiative.iri for r in rows if not r.ready} == not_ready
    # the named query "not-decision-ready" says it has the same definition
    assert {r["initiative"].value for r in _named(model, "not-decision-ready")} == not_ready


def test_a_literal_responsible_unit_is_not_ready_anywhere(tmp_path):
    """The disagreement of issue 13: report said not ready, rule said ready."""
    data = tmp_path / "literal.ttl"
    data.write_text(
        """@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix ex: <https://example.org/> .
ex:plan a kkt:CommonActionPlan .
ex:i1 a kkt:CommonInitiative ; kkt:partOf ex:plan ; kkt:responsible "BUF" ;
  kkt:businessCase ex:bc ; kkt:funding ex:f ; kkt:priority 1 .
ex:bc a kkt:BusinessCase . ex:f a kkt:FundingAgreement .
""",
        encoding="utf-8",
    )
    model = load([data])
    findings = check(model, rules=["not-decision-ready"], shapes=False).findings
    assert [f.focus for f in findings] == ["https://example.org/i1"]
    assert "kkt:responsible" in findings[0].message
    gap = build_gap_report(model, findings, date=DATE)
    (row,) = [r for t in gap.readiness for r in t.rows]
    assert not row.ready and row.responsible is None and row.lacks == ("responsible",)
    assert [r["initiative"].value for r in _named(model, "not-decision-ready")] == [
        "https://example.org/i1"
    ]


# -- missing status: status report vs the rule ------------------------------------------------


def test_status_report_missing_is_the_rule_every_year(case):
    name, model, report = case
    facts = Facts(model)
    rows = _rule_rows(model, "missing-status")
    assert {f.focus for f in report.findings if f.rule == "missing-status"} == {
        r["focus"].value for r in rows
    }
    years = facts.status_years
    if name == "bundled":
        assert rows, "the bundled data has planted status gaps"
    for year in years:
        try:
            status = status_report(model, year)
        except Exception:  # a year with no initiative in scope has no report
            continue
        by_rule = {r["focus"].value for r in rows if int(r["year"].value) == year}
        assert {m["iri"] for m in status["missing"]} == by_rule, year
        # everything listed as missing is active in the year by the one definition
        assert all(facts.active_in(m["iri"], year) for m in status["missing"])


def test_a_completed_initiative_is_not_active(bundled_model):
    facts = Facts(bundled_model)
    finished = [
        i for i, s in facts.own_status.items() if s == "Completed" and i not in facts.entries
    ]
    assert finished, "the bundled data has initiatives completed by their own kkt:status"
    for i in finished:
        assert not facts.active_in(i, 2012)
    listed = {m["iri"] for m in status_report(bundled_model, 2012)["missing"]}
    assert not listed & set(finished)


# -- administration: one answer in every output ---------------------------------------------


def test_administration_is_the_same_in_report_and_status(case):
    _name, model, report = case
    facts = Facts(model)
    status = status_report(model, max(facts.status_years or [2012]))
    for row in status["initiatives"]:
        assert row["administration"] == facts.administration_of(row["iri"])
    gap = build_gap_report(model, report.findings, date=DATE)
    for group in gap.by_admin:
        for rule_group in group.rules:
            for view in rule_group.findings:
                expected = facts.administration_of(view.finding.focus)
                assert (group.admin.iri if group.admin else None) == expected


def test_bundled_budget_has_an_administration(bundled_model):
    """Common initiatives' responsible units (Koncernservice, Strategisk IT) belong to ØKF
    through org:subOrganizationOf: no budget is left under "(no administration)"."""
    status = status_report(bundled_model, 2012)
    by_adm = {r["iri"]: r["budget"] for r in status["portfolio"]["by_administration"]}
    assert None not in by_adm
    assert sum(by_adm.values()) == status["portfolio"]["total"] > 0


# -- portfolio: status report vs named queries ------------------------------------------------


def test_portfolio_by_plan_matches_the_named_query(case):
    name, model, _ = case
    everything = initiative_facts(model)
    whole = portfolio(model, everything, 2012, "da")
    assert whole["scope"]["initiatives"] == len(everything)
    by_query = {
        r["plan"].value: Decimal(r["total"].value) for r in _named(model, "portfolio-by-plan")
    }
    by_report = {r["iri"]: Decimal(str(r["budget"])) for r in whole["by_plan"] if r["iri"]}
    assert by_query, f"{name}: plans with initiatives"
    assert by_report == by_query


def test_status_portfolio_states_its_scope(bundled_model):
    status = status_report(bundled_model, 2012)
    scope = status["portfolio"]["scope"]
    assert scope == {"year": 2012, "initiatives": status["total"]["initiatives"]}
    assert status["portfolio"]["total"] == status["total"]["budget"]


# -- the traceability matrix vs a SPARQL count ------------------------------------------------

_MATRIX = """
SELECT ?admin ?goal (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?goal a kkt:CommonGoal .
  ?e kkt:supports+ ?goal ; kkt:partOf ?plan .
  { ?e a kkt:LocalGoal } UNION { ?e a kkt:LocalInitiative }
  ?plan kkt:owner ?admin . ?admin a kkt:Administration .
}
GROUP BY ?admin ?goal"""


def test_matrix_cells_match_a_query(case):
    name, model, report = case
    gap = build_gap_report(model, report.findings, date=DATE)
    by_query = {
        (r["admin"].value, r["goal"].value): int(r["n"].value) for r in model.select(_MATRIX)
    }
    seen = 0
    for table in gap.matrices:
        for admin, cells in table.rows:
            for goal, n in zip(table.goals, cells, strict=True):
                assert n == by_query.get((admin.iri, goal.iri), 0), (admin.code, goal.code)
                seen += n
        # nothing is dropped: every query count for a goal of the table is in a row or "others"
        listed = {a.iri for a, _ in table.rows}
        for i, goal in enumerate(table.goals):
            elsewhere = sum(
                n for (a, g), n in by_query.items() if g == goal.iri and a not in listed
            )
            assert table.others[i] == elsewhere
    assert seen > 0, f"{name}: the matrix has contributions"


def test_matrix_counts_another_municipalitys_contribution(tmp_path):
    data = tmp_path / "two.ttl"
    data.write_text(
        """@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix ex: <https://example.org/> .
ex:A a kkt:Municipality . ex:B a kkt:Municipality .
ex:forum a kkt:Forum ; org:unitOf ex:A .
ex:a1 a kkt:Administration ; org:unitOf ex:A .
ex:b1 a kkt:Administration ; org:unitOf ex:B .
ex:cp a kkt:CommonActionPlan ; kkt:owner ex:forum .
ex:cg a kkt:CommonGoal ; kkt:partOf ex:cp .
ex:lpa a kkt:LocalActionPlan ; kkt:owner ex:a1 .
ex:lpb a kkt:LocalActionPlan ; kkt:owner ex:b1 .
ex:ga a kkt:LocalGoal ; kkt:partOf ex:lpa ; kkt:supports ex:cg .
ex:gb a kkt:LocalGoal ; kkt:partOf ex:lpb ; kkt:supports ex:cg .
""",
        encoding="utf-8",
    )
    model = load([data])
    gap = build_gap_report(model, [], date=DATE)
    (table,) = gap.matrices
    assert [(a.iri, cells) for a, cells in table.rows] == [("https://example.org/a1", [1])]
    assert table.others == [1]


# -- info vs the report's "what was checked" ---------------------------------------------------


def test_info_counts_match_the_report(case, cli):
    name, model, report = case
    info = summarise(model)
    gap = build_gap_report(model, report.findings, date=DATE)
    c = Counter(info["classes"])
    assert gap.facts["plans"] == (c["CommonActionPlan"], c["LocalActionPlan"])
    assert gap.facts["goals"] == (c["CommonGoal"], c["LocalGoal"])
    assert gap.facts["initiatives"] == (c["CommonInitiative"], c["LocalInitiative"])
    assert gap.facts["administrations"] == c["Administration"] == len(info["administrations"])
    assert gap.facts["triples"] == info["triples"] and gap.facts["files"] == info["files"]
    coverage = {row.admin.iri: row.total for row in gap.coverage}
    for adm in info["administrations"]:
        assert coverage[adm["iri"]] == adm["initiatives"], adm["code"]
    if name == "bundled":  # and the real entry point says the same
        res = cli("info", "--format", "json")
        assert res.code == 0, res.stderr
        assert json.loads(res.stdout)["classes"] == info["classes"]


# -- named queries that say "same definition as the rule X" -----------------------------------


def _same_definition_queries() -> list[tuple[str, str]]:
    """(query name, rule id) for every named query whose description claims the rule's
    definition (read from the header, so a new claim is tested without editing this file)."""
    import re

    from kktrace.sparql.query import load_queries

    pairs = []
    for name, q in load_queries().items():
        found = re.search(r"Same definition as the rule ([a-z-]+)", q.description_in("en"))
        if found:
            pairs.append((name, found.group(1)))
    return sorted(pairs)


def test_same_definition_claims_are_found():
    assert {rule for _, rule in _same_definition_queries()} >= {
        "orphan-initiative",
        "goal-without-initiative",
        "not-decision-ready",
    }


@pytest.mark.parametrize(("query", "rule"), _same_definition_queries())
def test_named_query_returns_the_rules_nodes(case, query, rule):
    name, model, report = case
    rows = _named(model, query)
    # the focus column is the query's first variable other than ?plan (?initiative, ?goal …)
    first = next((v for v in rows[0] if v != "plan"), None) if rows else None
    by_query = {r[first].value for r in rows} if first else set()
    by_rule = {f.focus for f in report.findings if f.rule == rule}
    assert by_query == by_rule, (name, query)


def test_views_place_plans_under_the_same_administration(case):
    from kktrace.view.select import Trace

    name, model, _ = case
    facts = Facts(model)
    trace = Trace.of(model)
    plans = sorted(set(trace.plan_of.values()))
    assert plans, f"{name}: the view has plans"
    for plan in plans:
        assert trace.administration_of(plan) == (facts.administration_of(plan) or "")
    local = [n for n in trace.nodes if trace.nodes[n]["kind"] in ("LocalGoal", "LocalInitiative")]
    assert local and all(trace.administration_of(n) == facts.administration_of(n) for n in local)
