"""The layered layout: edge crossings of the bundled whole-strategy view, labels, grouping."""

from __future__ import annotations

import re

import pytest

from kktrace.view import build_view
from kktrace.view.layout import crossings, pack

#: Edge crossings of the bundled whole-strategy view before the layered layout (commit
#: 020476f, 2026-11-29): ``crossings(view.nodes, view.edges)`` over the built view of
#: ``build_view(load(), check(load()))`` — 303 nodes, 725 edges (394 supports, 286 partOf,
#: 37 continues, 8 successorOf), every edge drawn then, each counted as a straight segment
#: between its nodes' x, y; pairs sharing a node never count. 10,174 of them were between
#: supports/partOf edges alone.
CROSSINGS_BEFORE = 13_729


@pytest.fixture(scope="module")
def bundled_view(bundled_model):
    from kktrace.findings.run import check

    return build_view(bundled_model, check(bundled_model))


def test_crossings_counts_proper_crossings_only():
    nodes = [
        {"id": a, "x": x, "y": y}
        for a, x, y in (("a", 0, 0), ("b", 10, 10), ("c", 10, 0), ("d", 0, 10), ("e", 20, 0))
    ]
    x = [{"from": "a", "to": "b"}, {"from": "c", "to": "d"}]
    assert crossings(nodes, x) == 1
    assert crossings(nodes, [*x, {"from": "a", "to": "c"}]) == 1  # shares ends, crosses none
    assert crossings(nodes, [x[0], {**x[1], "hidden": True}]) == 0  # not drawn
    assert crossings(nodes, [{"from": "a", "to": "c"}, {"from": "b", "to": "e"}]) == 0


def test_bundled_strategy_view_has_at_most_half_the_crossings(bundled_view):
    drawn = crossings(bundled_view.nodes, bundled_view.edges)
    print(f"crossings of the drawn edges: {drawn} (before: {CROSSINGS_BEFORE})")
    assert drawn <= CROSSINGS_BEFORE // 2
    # the edges drawn only in focus are an element's partOf to its own plan (its block's
    # frame says it) and kkt:continues (lit one step from a clicked node)
    quiet = {e["kind"] for e in bundled_view.edges if e.get("quiet")}
    assert quiet == {"partOf", "continues"}
    plan_of = {n["id"]: n["plan"] for n in bundled_view.nodes}
    for e in bundled_view.edges:
        if e["kind"] == "partOf" and e.get("quiet"):
            assert plan_of[e["from"]] == e["to"]
    # drawing every edge, the layout alone still crosses less than before
    every = [{**e, "hidden": False} for e in bundled_view.edges]
    assert crossings(bundled_view.nodes, every) < CROSSINGS_BEFORE


def test_layout_keys_reproduce_the_positions(bundled_view):
    keys = {n["id"]: n["lk"] for n in bundled_view.nodes}
    assert pack(keys) == {n["id"]: (n["x"], n["y"]) for n in bundled_view.nodes}


def test_bands_top_down_and_plans_grouped(bundled_view):
    by_kind: dict[str, list[dict]] = {}
    for n in bundled_view.nodes:
        by_kind.setdefault(n["kind"], []).append(n)
    ys = {k: [n["y"] for n in v] for k, v in by_kind.items()}
    assert max(ys["ITStrategy"]) < min(ys["FocusArea"]) < min(ys["StrategicGoal"])
    assert max(ys["StrategicGoal"]) < min(ys["CommonActionPlan"] + ys["TransitionActionPlan"])
    assert max(ys["CommonInitiative"]) < min(ys["LocalActionPlan"])
    # every plan's elements sit in one block: x within the block, no other plan's inside
    plans = {n["plan"] for n in bundled_view.nodes if n["kind"] == "LocalActionPlan"}
    spans = {}
    for p in plans:
        xs = [n["x"] for n in bundled_view.nodes if n["plan"] == p]
        ys_ = [n["y"] for n in bundled_view.nodes if n["plan"] == p]
        spans[p] = (min(xs), max(xs), min(ys_), max(ys_))
    for p, (x0, x1, y0, y1) in spans.items():
        for q, (a0, a1, b0, b1) in spans.items():
            if p != q:
                assert x1 < a0 or a1 < x0 or y1 < b0 or b1 < y0, (p, q)
    # headings name the administration and the period
    blocks = bundled_view.meta["blocks"]
    assert blocks["https://w3id.org/kktrace/id/kk/plan-BUF-2011-2012"]["title"] == (
        "BUF · 2011–2012"
    )


def test_labels_keep_what_identifies_the_node(bundled_view):
    for n in bundled_view.nodes:
        if n["kind"] in ("ITStrategy", "FocusArea") or "ActionPlan" in n["kind"]:
            assert n["label"] == n["name"]  # never cut; wraps instead
        period = re.search(r"\d{4}–\d{4}$", n["name"])
        if period:
            assert n["label"].endswith(period.group(0)), n["label"]
    # same-row labels cannot overlap: each wraps narrower than its row's slot
    from kktrace.view.layout import SLOT
    from kktrace.view.style import style_of

    for n in bundled_view.nodes:
        st = style_of(n["kind"] or None)
        assert n["widthConstraint"]["maximum"] < SLOT[st.row]


def test_bundled_view_same_bytes_and_offline(bundled_model, bundled_view):
    from kktrace.findings.run import check
    from kktrace.view import render_html

    one = render_html(bundled_view)
    two = render_html(build_view(bundled_model, check(bundled_model)))
    assert one == two
    # offline: an http(s) address only as data — in the JSON block, as an option's value or
    # a button's data-adm (IRIs of plans and administrations), never anything that loads
    data = re.search(r'<script type="application/json" id="kkt-data">.*?</script>', one, re.S)
    rest = one.replace(data.group(0), "") if data else one
    from kktrace.view.html import vis_assets

    rest = rest.replace(vis_assets()[0], "").replace(vis_assets()[1], "")
    rest = re.sub(r'(<option value|data-adm)="https://[^"<>]*"', "", rest)
    assert not re.search(r"https?://", rest.replace(bundled_view.meta["source"], ""))
