"""Plan-period chains in the views: kkt:continues and kkt:successorOf as their own edges."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kktrace import load
from kktrace.view import Filters, build_view, render_html, write_view
from kktrace.view.style import CONTINUES_COLOUR, SUCCESSOR_COLOUR
from kktrace.view.synthetic import synthetic_turtle

EX = "https://example.org/kk/"

#: A second common plan that follows the first, with an initiative carrying on ci0.
NEXT_PERIOD = """@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/kk/> .
ex:cp2 a kkt:CommonActionPlan ; kkt:supports ex:strategy ; kkt:owner ex:forum ;
    rdfs:label "Fælles handlingsplan 2"@da , "Common action plan 2"@en .
ex:cg9 a kkt:CommonGoal ; kkt:partOf ex:cp2 ; kkt:supports ex:sg0-0 ;
    rdfs:label "Fælles mål 9"@da .
ex:ci9 a kkt:CommonInitiative ; kkt:partOf ex:cp2 ; kkt:supports ex:cg9 ;
    rdfs:label "Fælles initiativ 9 <b>"@da , "Common initiative 9 <b>"@en .
"""
CHAIN = """@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix ex: <https://example.org/kk/> .
ex:cp2 kkt:successorOf ex:cp .
ex:ci9 kkt:continues ex:ci0 .
"""


def _model(tmp_path: Path, *, chain: bool = True):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "m.ttl").write_text(synthetic_turtle(2, 2, 3), encoding="utf-8")
    (tmp_path / "next.ttl").write_text(NEXT_PERIOD, encoding="utf-8")
    if chain:
        (tmp_path / "chain.ttl").write_text(CHAIN, encoding="utf-8")
    return load([tmp_path])


@pytest.fixture()
def periods(tmp_path):
    return _model(tmp_path / "chain")


def _chain_edges(view):
    return {(e["from"], e["to"], e["kind"]): e for e in view.edges if e.get("chain")}


def test_continues_and_successor_edges_have_their_own_style(periods):
    view = build_view(periods)
    chain = _chain_edges(view)
    assert set(chain) == {
        (EX + "ci9", EX + "ci0", "continues"),
        (EX + "cp2", EX + "cp", "successorOf"),
    }
    cont = chain[EX + "ci9", EX + "ci0", "continues"]
    succ = chain[EX + "cp2", EX + "cp", "successorOf"]
    plain = [e for e in view.edges if e["kind"] in ("supports", "partOf")]
    styles = {cont["color"]["color"], succ["color"]["color"]} | {e["color"]["color"] for e in plain}
    assert len(styles) == 4  # two new colours
    assert cont["dashes"] != succ["dashes"] and cont["arrows"] == "to"
    assert cont["physics"] is False and succ["physics"] is False
    # the edge tooltip is escaped text
    assert cont["title"] == "Fælles initiativ 9 &lt;b&gt; viderefører Fælles initiativ 0"
    assert view.meta["has_continues"] and view.meta["has_successor"]
    # ids follow the sorted (from, to, kind) order
    assert [e["id"] for e in view.edges] == [f"e{i}" for i in range(len(view.edges))]
    keys = [(e["from"], e["to"], e["kind"]) for e in view.edges]
    assert keys == sorted(keys)


def test_tooltips_name_predecessor_and_continuation(periods):
    nodes = {n["id"]: n for n in build_view(periods).nodes}
    assert (
        '<div class="kkt-chain">Viderefører: Fælles initiativ 0 (Fælles handlingsplan)</div>'
        in nodes[EX + "ci9"]["title"]
    )
    assert (
        "Videreført af: Fælles initiativ 9 &lt;b&gt; (Fælles handlingsplan 2)"
        in nodes[EX + "ci0"]["title"]
    )
    assert "Efterfølger: Fælles handlingsplan</div>" in nodes[EX + "cp2"]["title"]
    assert "Efterfølges af: Fælles handlingsplan 2</div>" in nodes[EX + "cp"]["title"]
    en = {n["id"]: n for n in build_view(periods, lang="en").nodes}
    assert "Continues: Fælles initiativ 0 (Common action plan)" in en[EX + "ci9"]["title"]
    assert "Continued by: Common initiative 9 &lt;b&gt;" in en[EX + "ci0"]["title"]
    assert "kkt-chain" not in en[EX + "ci1"]["title"]


def test_chain_edges_do_not_move_nodes(periods, tmp_path):
    without = _model(tmp_path / "plain", chain=False)
    pos = {n["id"]: (n["x"], n["y"]) for n in build_view(periods).nodes}
    assert pos == {n["id"]: (n["x"], n["y"]) for n in build_view(without).nodes}
    force = {n["id"]: (n["x"], n["y"]) for n in build_view(periods, layout="force").nodes}
    assert force == pos


def test_filter_hiding_one_end_drops_the_edge(periods):
    view = build_view(periods, filters=Filters(plan=EX + "cp2"))
    ids = {n["id"] for n in view.nodes}
    assert EX + "ci9" in ids and EX + "ci0" not in ids and EX + "cp" not in ids
    assert not _chain_edges(view)
    assert not view.meta["has_continues"]
    # the tooltip still names the predecessor that is not drawn
    ci9 = next(n for n in view.nodes if n["id"] == EX + "ci9")
    assert "Viderefører: Fælles initiativ 0" in ci9["title"]
    focus = build_view(periods, filters=Filters(focus=EX + "ci0", depth=1))
    assert not _chain_edges(focus)
    focus_ids = {n["id"] for n in focus.nodes}
    assert all(e["from"] in focus_ids and e["to"] in focus_ids for e in focus.edges)


def test_legend_shows_the_new_edges(periods):
    page = render_html(build_view(periods))
    assert f'stroke="{CONTINUES_COLOUR}"' in page and f'stroke="{SUCCESSOR_COLOUR}"' in page
    assert "/svg> viderefører (pil mod det tidligere initiativ)</li>" in page
    assert "/svg> efterfølger (pil mod den tidligere plan)</li>" in page
    en = render_html(build_view(periods, lang="en"))
    assert "/svg> continues (arrow to the earlier initiative)</li>" in en
    # no such edge drawn, no legend entry
    narrow = render_html(build_view(periods, lang="en", filters=Filters(plan=EX + "cp2")))
    assert f'stroke="{CONTINUES_COLOUR}"' not in narrow


def _triples(model, prop: str) -> set[tuple[str, str]]:
    rows = model.select(f"SELECT DISTINCT ?a ?b WHERE {{ ?a kkt:{prop} ?b }}")
    return {(r["a"].value, r["b"].value) for r in rows}


@pytest.mark.parametrize("filters", [Filters(), Filters(administration="BUF")])
def test_bundled_chain_edges_match_the_model(bundled_model, filters):
    view = build_view(bundled_model, filters=filters)
    drawn = {n["id"] for n in view.nodes}
    for prop in ("continues", "successorOf"):
        expected = {(a, b) for a, b in _triples(bundled_model, prop) if a in drawn and b in drawn}
        got = [(e["from"], e["to"]) for e in view.edges if e["kind"] == prop]
        assert len(got) == len(set(got)) == len(expected)
        assert set(got) == expected
    if not filters.administration:
        assert len(_triples(bundled_model, "continues")) > 0
        assert sum(e["kind"] == "continues" for e in view.edges) > 0


@pytest.mark.browser
def test_click_lights_continuation_one_step(chromium, periods, tmp_path):
    from test_view_browser import open_view, severe_console

    path = write_view(build_view(periods), tmp_path / "v.html")
    open_view(chromium, path)
    chromium.execute_script("kktrace.highlight(arguments[0])", EX + "ci9")
    lit = set(
        chromium.execute_script(
            "return network.body.data.nodes.get({filter: n => n.color.background !== '#eeeeee'})"
            ".map(n => n.id)"
        )
    )
    # its own chain up, and one step along the plan-period chain — not the predecessor's plan
    assert {EX + "ci9", EX + "cg9", EX + "cp2", EX + "strategy", EX + "ci0"} <= lit
    assert EX + "cg0" not in lit and EX + "cp" not in lit
    counts = chromium.find_element("id", "kkt-selected-counts").text
    assert "1 i plan-periode-kæden" in counts
    # the page filter hides the continues edge with its hidden end
    chromium.execute_script(
        "const s = document.getElementById('kkt-plan'); s.value = arguments[0];"
        "s.dispatchEvent(new Event('change'));",
        EX + "cp2",
    )
    time.sleep(0.1)
    hidden = chromium.execute_script(
        "return network.body.data.edges.get({filter: e => e.hidden}).map(e => e.kind)"
    )
    assert "continues" in hidden and "successorOf" in hidden
    assert not severe_console(chromium)
