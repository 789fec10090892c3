"""Named queries on the bundled data, each against an independent Python computation.

The expected rows come from the NetworkX projection (``model.graph``) and from reading
triples with ``Store.quads_for_pattern`` — never from running the query under test — and,
where data/README.md states a number or a planted gap, from that.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import networkx as nx
import pyoxigraph as ox
import pytest

from kktrace.model.namespaces import KKT
from kktrace.sparql.query import load_queries, parse_params, run_local

KK = "https://w3id.org/kktrace/id/kk/"


def kk(local: str) -> str:
    return KK + local


def values(model, predicate: str) -> dict[str, list[ox.Term]]:
    """Subject IRI → objects of ``kkt:<predicate>`` (read directly, no SPARQL)."""
    found: dict[str, list] = defaultdict(list)
    for quad in model.store.quads_for_pattern(None, ox.NamedNode(KKT + predicate), None, None):
        found[quad.subject.value].append(quad.object)
    return found


def run(model, name: str, *params: str):
    query = load_queries()[name]
    return run_local(model, query.text, parse_params(list(params), query), name)


def column(result, *names: str) -> list[tuple]:
    idx = [result.variables.index(n) for n in names]
    return [tuple(None if r[i] is None else r[i].value for i in idx) for r in result.rows]


def of_class(model, cls: str) -> set[str]:
    return {n for n, d in model.graph.nodes(data=True) if cls in d["classes"]}


def edges(model, key: str) -> list[tuple[str, str]]:
    return [(u, v) for u, v, k in model.graph.edges(keys=True) if k == key]


def plan_of(model, node: str) -> str | None:
    plans = of_class(model, "ActionPlan")
    return next((v for u, v in edges(model, "partOf") if u == node and v in plans), None)


@pytest.fixture(scope="module")
def model(bundled_model):
    return bundled_model


def test_library_has_at_least_twelve_queries_with_headers():
    queries = load_queries()
    assert len(queries) >= 12
    for q in queries.values():
        assert q.title.get("da") and q.title.get("en"), q.name
        assert q.description.get("da") and q.description.get("en"), q.name


def test_orphan_initiatives(model):
    supporting = {u for u, _ in edges(model, "supports")}
    expected = sorted(
        (i, plan_of(model, i)) for i in of_class(model, "Initiative") if i not in supporting
    )
    got = column(run(model, "orphan-initiatives"), "initiative", "plan")
    assert got == expected
    # data/README.md, planted gaps 1–3
    assert [i for i, _ in got] == [kk("SOF-2011-I11"), kk("SUF-2013-I12"), kk("TMF-2011-I11")]


def test_coverage_per_administration(model):
    g = model.supports_graph()
    levels = nx.get_node_attributes(model.graph, "level")
    expected = []
    for admin in sorted(of_class(model, "Administration")):
        plans = {
            u
            for u, v in edges(model, "owner")
            if v == admin and u in of_class(model, "LocalActionPlan")
        }
        elements = {
            u
            for u, v in edges(model, "partOf")
            if v in plans and ({"Goal", "Initiative"} & set(model.graph.nodes[u]["classes"]))
        }
        traced = {
            e for e in elements if any((levels.get(d) or 9) <= 2 for d in nx.descendants(g, e))
        }
        expected.append((admin, len(plans), len(elements), len(traced)))
    got = [
        (a, int(p), int(e), int(t))
        for a, p, e, t in column(
            run(model, "coverage-per-administration"),
            "admin",
            "plans",
            "elements",
            "traced_elements",
        )
    ]
    assert sorted(got) == expected
    # data/README.md: seven administrations, 13 local plans (BIF has one)
    assert len(got) == 7 and sum(p for _, p, _, _ in got) == 13
    one = run(model, "coverage-per-administration", "admin=kk:BUF")
    assert column(one, "admin") == [(kk("BUF"),)]


def test_trace_to_strategy(model):
    node = kk("BUF-2011-I01")
    reached = nx.descendants(model.supports_graph(), node)
    part_of = nx.DiGraph(edges(model, "partOf"))
    above = set()
    for r in reached:
        if model.graph.nodes[r]["level"] == 1 and r in part_of:
            above |= nx.descendants(part_of, r)
    got = run(model, "trace-to-strategy", f"node=<{node}>")
    assert {t for (t,) in column(got, "target")} == reached | above
    assert {n for (n,) in column(got, "node")} == {node}
    # it reaches the strategy itself
    assert kk("strategi-2010-2014") in {t for (t,) in column(got, "target")}


def test_dependents(model):
    node = kk("FHP-2011-M01")
    g = nx.DiGraph(edges(model, "supports") + edges(model, "partOf"))
    got = {d for (d,) in column(run(model, "dependents", "node=kk:FHP-2011-M01"), "dependent")}
    assert got == nx.ancestors(g, node)
    assert len(got) > 10


def test_initiatives_by_responsible(model):
    expected = sorted(u for u, v in edges(model, "responsible") if v == kk("OEKF"))
    got = column(run(model, "initiatives-by-responsible", "unit=kk:OEKF"), "initiative")
    assert sorted(i for (i,) in got) == expected
    assert expected and got
    everything = run(model, "initiatives-by-responsible")
    assert len(everything.rows) == len(edges(model, "responsible"))
    assert len(of_class(model, "Initiative")) == 214  # data/README.md: 58 + 156


def test_not_decision_ready(model):
    transition = of_class(model, "TransitionActionPlan")
    plans = of_class(model, "CommonActionPlan") - transition
    priority = values(model, "priority")
    expected = []
    for i in sorted(of_class(model, "CommonInitiative")):
        plan = plan_of(model, i)
        if plan not in plans:
            continue
        have = {k for u, _, k in model.graph.out_edges(i, keys=True)}
        missing = [p for p in ("responsible", "businessCase", "funding") if p not in have]
        missing += [] if priority.get(i) else ["priority"]
        if missing:
            expected.append((plan, i, set(missing)))
    got = [
        (p, i, set(m.split(", ")))
        for p, i, m in column(run(model, "not-decision-ready"), "plan", "initiative", "missing")
    ]
    assert got == expected
    # data/README.md, planted gap 7
    assert got == [(kk("plan-faelles-2013-2014"), kk("FHP-2013-I13"), {"businessCase"})]
    assert not run(model, "not-decision-ready", "plan=kk:plan-faelles-2011-2012").rows
    assert len(run(model, "not-decision-ready", "plan=kk:plan-faelles-2013-2014").rows) == 1


def _budgets(model) -> dict[str, Decimal]:
    return {s: Decimal(o[0].value) for s, o in values(model, "budget").items()}


def test_portfolio_by_plan(model):
    budget = _budgets(model)
    totals: dict[str, list] = defaultdict(lambda: [0, 0, Decimal(0)])
    for i in of_class(model, "Initiative"):
        plan = plan_of(model, i)
        if plan:
            totals[plan][0] += 1
            totals[plan][1] += i in budget
            totals[plan][2] += budget.get(i, Decimal(0))
    got = {
        p: [int(n), int(b), Decimal(t)]
        for p, n, b, t in column(
            run(model, "portfolio-by-plan"), "plan", "initiatives", "budgeted", "total"
        )
    }
    assert got == dict(totals)


def test_portfolio_by_focus_area(model):
    g = model.supports_graph()
    budget = _budgets(model)
    part_of = edges(model, "partOf")
    areas = of_class(model, "FocusArea")
    goals_of = {
        fa: {u for u, v in part_of if v == fa and u in of_class(model, "StrategicGoal")}
        for fa in areas
    }
    expected = {}
    for fa in areas:
        members = {
            i
            for i in of_class(model, "Initiative")
            if (nx.descendants(g, i) & ({fa} | goals_of[fa]))
        }
        expected[fa] = (len(members), sum((budget.get(i, Decimal(0)) for i in members), Decimal(0)))
    got = {
        fa: (int(n), Decimal(t))
        for fa, n, t in column(
            run(model, "portfolio-by-focus-area"), "focusArea", "initiatives", "total"
        )
    }
    assert got == expected
    assert len(got) == 5


def test_portfolio_by_status(model):
    budget = _budgets(model)
    status = values(model, "status")
    expected: dict[str | None, list] = defaultdict(lambda: [0, Decimal(0)])
    for i in of_class(model, "Initiative"):
        key = status[i][0].value if i in status else None
        expected[key][0] += 1
        expected[key][1] += budget.get(i, Decimal(0))
    got = {
        s: [int(n), Decimal(t)]
        for s, n, t in column(run(model, "portfolio-by-status"), "status", "initiatives", "total")
    }
    assert got == dict(expected)


def test_local_plans(model):
    common = of_class(model, "CommonActionPlan")
    owner = dict(edges(model, "owner"))
    expected = []
    for plan in of_class(model, "LocalActionPlan") & set(owner):
        supported = [v for u, v in edges(model, "supports") if u == plan and v in common] or [None]
        expected += [(owner.get(plan), plan, c) for c in supported]
    got = column(run(model, "local-plans"), "admin", "localPlan", "commonPlan")
    assert sorted(got, key=str) == sorted(expected, key=str)
    # data/README.md, planted gap 4: KFF's 2013–2014 plan names no common plan
    assert (kk("KFF"), kk("plan-KFF-2013-2014"), None) in got
    sof = column(run(model, "local-plans", "admin=kk:SOF"), "admin", "localPlan", "commonPlan")
    assert sof == sorted(row for row in expected if row[0] == kk("SOF"))


def test_continued_initiatives(model):
    expected = sorted(
        (plan_of(model, u), u, plan_of(model, v), v)
        for u, v in edges(model, "continues")
        if plan_of(model, u)
    )
    got = column(
        run(model, "continued-initiatives"), "plan", "initiative", "earlierPlan", "earlier"
    )
    assert sorted(got) == expected
    assert got  # the 2013–2014 plan carries initiatives on
    plan = kk("plan-faelles-2013-2014")
    only = column(
        run(model, "continued-initiatives", f"plan=<{plan}>"),
        "plan",
        "initiative",
        "earlierPlan",
        "earlier",
    )
    assert only == [row for row in expected if row[0] == plan]


def _year_span(model, i: str) -> tuple[int, int] | None:
    start, end = values(model, "startDate"), values(model, "endDate")
    plan = plan_of(model, i)
    s = (start.get(i) or start.get(plan) or [None])[0]
    e = (end.get(i) or end.get(plan) or [None])[0]
    return (int(s.value[:4]), int(e.value[:4])) if s and e else None


def test_initiatives_without_status(model):
    reported = {
        (about[0].value, year[0].value)
        for entry, about in values(model, "about").items()
        for year in [values(model, "year").get(entry, [])]
        if year
    }
    expected = sorted(
        i
        for i in of_class(model, "Initiative")
        if (span := _year_span(model, i))
        and span[0] <= 2012 <= span[1]
        and (i, "2012") not in reported
    )
    got = sorted(
        i for (i,) in column(run(model, "initiatives-without-status", "year=2012"), "initiative")
    )
    assert got == expected
    assert got


def test_status_history(model):
    about, year = values(model, "about"), values(model, "year")
    expected = sorted(
        y[0].value for e, a in about.items() if a[0].value == kk("FHP-2011-I06") for y in [year[e]]
    )
    got = column(run(model, "status-history", "initiative=kk:FHP-2011-I06"), "initiative", "year")
    assert [y for _, y in got] == expected
    assert "2012" in expected


def test_goals_without_initiative(model):
    g = model.supports_graph()
    initiatives = of_class(model, "Initiative")
    expected = sorted(
        goal for goal in of_class(model, "Goal") if not (nx.ancestors(g, goal) & initiatives)
    )
    got = sorted(g_ for (g_,) in column(run(model, "goals-without-initiative"), "goal"))
    assert got == expected


def test_focus_area_overview(model):
    g = model.supports_graph()
    part_of = edges(model, "partOf")
    got = {
        row[0]: tuple(int(x) for x in row[1:])
        for row in column(
            run(model, "focus-area-overview"),
            "focusArea",
            "strategicGoals",
            "commonGoals",
            "localGoals",
            "initiatives",
        )
    }
    for fa in of_class(model, "FocusArea"):
        sgs = {u for u, v in part_of if v == fa and u in of_class(model, "StrategicGoal")}
        reaching = set().union(*(nx.ancestors(g, t) for t in {fa} | sgs))
        assert got[fa] == (
            len(sgs),
            len(reaching & of_class(model, "CommonGoal")),
            len(reaching & of_class(model, "LocalGoal")),
            len(reaching & of_class(model, "Initiative")),
        ), fa
    # data/README.md: 11 strategic goals in 5 focus areas
    assert sum(v[0] for v in got.values()) == 11


def test_every_named_query_has_a_test():
    tested = {
        name.removeprefix("test_").replace("_", "-")
        for name in globals()
        if name.startswith("test_")
    }
    untested = set(load_queries()) - tested
    assert not untested, f"named queries without a test: {sorted(untested)}"
