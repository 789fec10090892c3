"""An administration's view is built from that administration's part of the model only.

``Trace.for_view`` reads the trace components of the administration's plans from the
store's indexes (``project(model, around=...)``) instead of projecting the whole model, and
``Facts`` reads a few hundred nodes' links one by one. These tests build every view both
ways — the part, and the whole trace graph as before — and compare the pages byte for byte,
on the bundled data, the benchmark generator's data and a small hostile data set (two
municipalities in one folder, links across them, blank-node plans, a sub-unit as owner,
dangling links, an element in two plans, an untyped node with links).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic import generate_set

from kktrace import check, load
from kktrace.errors import UsageError
from kktrace.facts import Facts
from kktrace.model.store import EDGE_PROPERTIES, project
from kktrace.view import Filters, build_view, render_html
from kktrace.view.select import Trace

TRACE_LINKS = ("supports", "partOf", "continues", "successorOf")
ROOT = Path(__file__).resolve().parent.parent
S = "https://example.org/s/"

HOSTILE = """\
@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix s: <https://example.org/s/> .

s:mA a kkt:Municipality ; skos:notation "M2" ; rdfs:label "Aby"@da .
s:mB a kkt:Municipality ; skos:notation "M1" ; rdfs:label "Bby"@da .
s:admA a kkt:Administration ; skos:notation "X" ; org:unitOf s:mA ; rdfs:label "X i Aby"@da .
s:unitA org:unitOf s:admA ; rdfs:label "Kontor"@da .
s:admB a kkt:Administration ; skos:notation "x" ; org:unitOf s:mB ; rdfs:label "x i Bby"@da .
s:admB2 a kkt:Administration ; skos:notation "Y" ; org:unitOf s:mB .
s:admC a kkt:Administration ; skos:notation "Z" ; org:unitOf s:mB .

s:sA a kkt:ITStrategy ; rdfs:label "Strategi A"@da .
s:faA a kkt:FocusArea ; kkt:partOf s:sA ; rdfs:label "Fokus"@da .
s:sgA a kkt:StrategicGoal ; kkt:partOf s:faA ; kkt:supports s:faA .
s:cpA a kkt:CommonActionPlan ; kkt:owner s:mA ; kkt:supports s:sA ;
    kkt:startDate "2011-01-01"^^xsd:date ; kkt:endDate "2012-12-31"^^xsd:date .
s:cgA a kkt:CommonGoal ; kkt:partOf s:cpA ; kkt:supports s:sgA ; skos:notation "CG1" .
s:ciA a kkt:CommonInitiative ; kkt:partOf s:cpA ; kkt:supports s:cgA ;
    kkt:responsible s:admB2 .
s:lpA a kkt:LocalActionPlan ; kkt:owner s:unitA ; kkt:supports s:cpA ;
    rdfs:label "Lokal plan 2011–2012"@da ;
    kkt:startDate "2011-01-01"^^xsd:date ; kkt:endDate "2012-12-31"^^xsd:date .
s:lpA2 a kkt:LocalActionPlan ; kkt:owner s:unitA ; kkt:successorOf s:lpA ;
    kkt:startDate "2013-01-01"^^xsd:date ; kkt:endDate "2014-12-31"^^xsd:date .
s:lgA a kkt:LocalGoal ; kkt:partOf s:lpA ; kkt:supports s:cgA ; skos:notation "G1", "G0" .
s:liA a kkt:LocalInitiative ; kkt:partOf s:lpA ; kkt:supports s:lgA, s:nowhere .
s:liA2 a kkt:LocalInitiative ; kkt:partOf s:lpA2 ; kkt:continues s:liA ; kkt:supports s:lgB .
_:bp a kkt:LocalActionPlan ; kkt:owner s:admB ; kkt:supports s:cpA ; rdfs:label "Blank"@da .
_:bg a kkt:LocalGoal ; kkt:partOf _:bp .
s:lgB a kkt:LocalGoal ; kkt:partOf _:bp ; kkt:supports s:cgA .
s:lpB2 a kkt:LocalActionPlan ; kkt:owner s:admB2 .
s:liB2 a kkt:LocalInitiative ; kkt:partOf s:lpB2 ; kkt:continues s:liA .
s:sB a kkt:ITStrategy ; rdfs:label "Strategi B"@da .
s:lpB3 a kkt:LocalActionPlan ; kkt:owner s:admB2 ; kkt:supports s:sB .
s:liB3 a kkt:LocalInitiative ; kkt:partOf s:lpB3, s:lpA .
s:lpC a kkt:LocalActionPlan ; kkt:owner s:admC ; kkt:supports s:sB .
s:untyped kkt:supports s:cgA ; kkt:partOf s:lpC .
s:admD a kkt:Administration ; skos:notation "D" ; org:unitOf s:mB .
s:lpD a kkt:LocalActionPlan ; kkt:owner s:admD ; kkt:supports s:elsewhere .
s:liD a kkt:LocalInitiative ; kkt:partOf s:lpD ; kkt:supports s:lpD .
"""


@pytest.fixture(scope="module", params=["bundled", "hostile", "generated"])
def data(request, tmp_path_factory) -> list[Path]:
    if request.param == "bundled":
        return []
    out = tmp_path_factory.mktemp(request.param)
    if request.param == "hostile":
        (out / "h.ttl").write_text(HOSTILE, encoding="utf-8")
        return [out]
    return [generate_set(out, 2, seed=7)]


def _load(paths: list[Path]):
    return load(paths or None)


def _page(model, findings, filters: Filters) -> str:
    try:
        return render_html(build_view(model, findings, filters=filters, lang="en"))
    except UsageError as exc:
        return f"UsageError: {exc}"


def _whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Views from here on use the whole trace graph, as before the part was introduced."""
    monkeypatch.setattr(Trace, "for_view", classmethod(lambda cls, model, filters: cls.of(model)))


def _filters(model) -> list[Filters]:
    trace = Trace.of(model)
    codes = sorted(set(trace.codes.values()))
    plans = sorted(n for n in trace.nodes if trace.plan_of.get(n) == n)
    some = [Filters(administration=c) for c in codes]
    some += [Filters(administration=c, findings_only=True) for c in codes]
    some += [Filters(administration=codes[0], plan=p) for p in plans[:6]]
    some += [Filters(administration=codes[-1], focus=n) for n in sorted(trace.nodes)[:6]]
    some += [
        Filters(administration=codes[0], plan="G0"),  # a code, not an IRI: resolved as before
        Filters(administration="no-such-administration"),
        Filters(administration=S + "unitA"),  # not an administration
    ]
    return some


def test_administration_views_are_the_same_from_the_part(data, monkeypatch):
    model = _load(data)
    findings = check(_load(data), lang="en")
    every = _filters(_load(data))
    part = [_page(model, findings, f) for f in every]
    scoped = [f for f in every if f.administration in Trace.of(_load(data)).codes.values()]
    assert scoped, "the data has administrations"
    whole_model = _load(data)
    _whole(monkeypatch)
    whole = [_page(whole_model, findings, f) for f in every]
    for filters, a, b in zip(every, part, whole, strict=True):
        assert a == b, filters
    assert any(p.startswith("<!DOCTYPE html>") for p in part)


def test_an_administration_view_does_not_project_the_whole_model(data):
    model = _load(data)
    trace = Trace.of(_load(data))
    code = sorted(c for a, c in trace.codes.items() if a in set(trace.plan_admin.values()))[0]
    view = build_view(model, filters=Filters(administration=code))
    assert view.nodes
    assert "graph" not in model.__dict__  # the whole NetworkX projection was never built
    part = Trace.for_view(model, Filters(administration=code))
    assert part.partial and set(part.nodes) <= set(trace.nodes)
    if data:  # two municipalities (the bundled data is one trace component)
        assert set(part.nodes) < set(trace.nodes)


def test_the_part_of_the_projection_has_the_whole_projections_data(data):
    model = _load(data)
    whole = _load(data).graph
    trace = Trace.of(_load(data))
    plans = sorted(p for p in set(trace.plan_of.values()))
    for around in ([], plans[:1], plans[-2:]):
        part = project(model, around=around)
        for n, d in part.nodes(data=True):
            assert whole.nodes[n] == d, n
        linked = {u for u, _, _ in part.edges(keys=True)}
        assert set(around) <= linked | set(part.nodes)
        for u in linked:
            assert sorted(part.out_edges(u, keys=True)) == sorted(whole.out_edges(u, keys=True))
            # the part is closed under the links that join a trace component
            joined = {e for e in whole.in_edges(u, keys=True) if e[2] in TRACE_LINKS}
            assert joined <= set(part.in_edges(u, keys=True)), u


def test_facts_links_one_by_one_equal_the_whole_index(data):
    model = _load(data)
    one_by_one, indexed = Facts(model), Facts(model)
    one_by_one.ONE_BY_ONE = 10**9
    indexed.ONE_BY_ONE = 0
    nodes = sorted(model.graph.nodes)
    for key in EDGE_PROPERTIES:
        for n in nodes:
            assert one_by_one.links(n, key) == indexed.links(n, key), (n, key)
            assert one_by_one.linked_from(n, key) == indexed.linked_from(n, key), (n, key)
    assert one_by_one._indexes == {}  # really read one by one
    assert set(indexed._indexes) == set(EDGE_PROPERTIES)


def test_undrawn_findings_are_capped_in_order_with_labels():
    from kktrace import Finding
    from kktrace.view.build import UNDRAWN_MAX

    model = load()
    trace = Trace.of(model)
    adm = sorted(a for a in trace.codes if a in set(trace.plan_admin.values()))[0]
    view = build_view(model, filters=Filters(administration=trace.codes[adm]))
    drawn = {n["id"] for n in view.nodes}
    hidden = sorted(n for n in trace.nodes if n not in drawn)[: UNDRAWN_MAX + 50]
    assert len(hidden) > UNDRAWN_MAX
    findings = [Finding("b-rule", n, "warning", "x", f"w {n}") for n in hidden]
    findings += [Finding("a-rule", n, "error", "x", f"e {n}") for n in hidden[:3]]
    undrawn = build_view(model, findings, filters=Filters(administration=adm)).meta["undrawn"]
    assert len(undrawn) == UNDRAWN_MAX
    assert [u["focus"] for u in undrawn[:3]] == hidden[:3]
    assert {u["severity"] for u in undrawn[:3]} == {"error"}
    assert [u["focus"] for u in undrawn[3:]] == hidden[: UNDRAWN_MAX - 3]
    assert all(u["label"] == model.label(u["focus"]) for u in undrawn)
    assert any(u["label"] != u["focus"] for u in undrawn)
