"""kktrace view: selection, layout, marking, safety of the HTML, CLI (no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kktrace import Finding, load
from kktrace.errors import UsageError
from kktrace.view import Filters, build_view, default_name, render_html, write_all_views
from kktrace.view.html import script_json, vis_assets
from kktrace.view.synthetic import node_count, synthetic_turtle

EX = "https://example.org/kk/"


def synthetic_model(tmp_path: Path, *args: int, **kwargs):
    (tmp_path / "m.ttl").write_text(synthetic_turtle(*args, **kwargs), encoding="utf-8")
    return load([tmp_path])


@pytest.fixture()
def small(tmp_path):
    return synthetic_model(tmp_path, 3, 3, 7)


def test_node_count_and_levels_top_down(small):
    view = build_view(small)
    assert len(view.nodes) == node_count(3, 3, 7)
    y = {n["level"]: [] for n in view.nodes}
    for n in view.nodes:
        y[n["level"]].append(n["y"])
    assert max(y[1]) < min(y[2]) and max(y[2]) < min(y[3])
    kinds = {e["kind"] for e in view.edges}
    assert kinds == {"supports", "partOf"}
    for e in view.edges:
        assert e["dashes"] is (e["kind"] == "partOf")


def test_findings_mark_nodes_and_orphans(small):
    orphan = EX + "li0-6"
    findings = [
        Finding("orphan-initiative", orphan, "error", "x", "supports nothing"),
        Finding("goal-without-initiative", EX + "cg2", "warning", "y", "no initiative"),
        Finding("goal-without-initiative", EX + "cg1", "info", "y", "just so you know"),
        Finding("support-cycle", EX + "lg0-0", "error", "y", "cycle"),
    ]
    view = build_view(small, findings)
    nodes = {n["id"]: n for n in view.nodes}
    assert nodes[orphan]["orphan"] and nodes[orphan]["shape"] == "diamond"
    assert nodes[orphan]["size"] > nodes[EX + "li0-0"]["size"]
    # errors red, warnings amber, info grey; the severity word in the page's language
    assert nodes[EX + "lg0-0"]["color"]["border"] == "#d7000f"
    assert nodes[EX + "cg2"]["color"]["border"] == "#e69500"
    assert nodes[EX + "cg1"]["color"]["border"] == "#8c8c8c"
    assert "advarsel · goal-without-initiative: no initiative" in nodes[EX + "cg2"]["title"]
    assert [s["label"] for s in view.meta["severities"]] == ["fejl", "advarsel", "info"]
    english = {n["id"]: n for n in build_view(small, findings, lang="en").nodes}
    assert "warning · goal-without-initiative" in english[EX + "cg2"]["title"]
    assert not nodes[EX + "li0-0"]["findings"]


def test_filters(small):
    adm = build_view(small, filters=Filters(administration="f001"))
    ids = {n["id"] for n in adm.nodes}
    assert EX + "li1-0" in ids and EX + "li0-0" not in ids and EX + "strategy" in ids
    plan = build_view(small, filters=Filters(plan=EX + "cp"))
    assert EX + "li2-3" in {n["id"] for n in plan.nodes}  # supports the common plan
    focus = build_view(small, filters=Filters(focus=EX + "lg0-1", depth=1))
    # one step each way, plus the plans of what it shows (cp: the common goal's plan)
    assert {n["id"] for n in focus.nodes} == {
        EX + "lg0-1",
        EX + "lp0",
        EX + "cg1",
        EX + "cp",
        EX + "li0-1",
        EX + "li0-4",
    }
    marked = [n["id"] for n in focus.nodes if n.get("focus")]
    assert marked == [EX + "lg0-1"] and focus.meta["focus"] == EX + "lg0-1"
    full_focus = build_view(small, filters=Filters(focus="F000-1"))  # by skos:notation
    assert EX + "strategy" in {n["id"] for n in full_focus.nodes}
    only = build_view(
        small,
        [Finding("orphan-initiative", EX + "li0-6", "error")],
        filters=Filters(findings_only=True),
    )
    assert {n["id"] for n in only.nodes} == {EX + "li0-6", EX + "lp0", EX + "cp", EX + "strategy"}


def test_unknown_filter_values_list_what_exists(small):
    with pytest.raises(UsageError, match=r"unknown administration 'XYZ'.*F000.*F001"):
        build_view(small, filters=Filters(administration="XYZ"))
    with pytest.raises(UsageError, match=r"unknown plan .*https://example.org/kk/cp"):
        build_view(small, filters=Filters(plan=EX + "nope"))
    with pytest.raises(UsageError, match=r"unknown node .*did you mean"):
        build_view(small, filters=Filters(focus=EX + "li0-66"))


def test_aggregates_beyond_the_limit_and_refuses_beyond_that(small):
    view = build_view(small, max_nodes=30)
    assert view.meta["aggregated"]
    plans = [n for n in view.nodes if n.get("aggregate")]
    assert len(plans) == 3 and all("Dobbeltklik" in n["title"] for n in plans)
    assert "3 mål · 7 initiativer" in plans[0]["label"]
    # the page can unfold each plan: its 10 members, their links, the edges they replace
    folded = view.folded[EX + "lp0"]
    assert sorted(n["id"] for n in folded["nodes"]) == sorted(
        [EX + f"lg0-{g}" for g in range(3)] + [EX + f"li0-{i}" for i in range(7)]
    )
    links = {(e[0], e[1], e[2]) for e in folded["edges"]}
    assert (EX + "li0-0", EX + "lg0-0", "supports") in links
    assert (EX + "lg0-0", EX + "cg0", "supports") in links
    dropped = {e["id"]: e for e in view.edges if e["id"] in folded["drop"]}
    assert dropped and all(EX + "lp0" in (e["from"], e["to"]) for e in dropped.values())
    # the plan's own link to the common plan comes back with the members' links
    assert (EX + "lp0", EX + "cp", "supports") in links
    with pytest.raises(UsageError, match="--administration"):
        build_view(small, max_nodes=5)


def test_page_loads_nothing_external(small):
    page = render_html(build_view(small))
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"@import", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(https?:)?//""", page, re.I)
    assert "vis-network" in page and "new vis.Network" in page


PAYLOADS = (
    "<img src=x onerror=window.__xss=1>",
    "<script>window.__xss=2</script>",
    "<svg onload=window.__xss=3>",
)


def test_payloads_are_escaped_in_tooltips_and_script_blocks(tmp_path):
    model = synthetic_model(tmp_path, 1, 1, 3, labels=PAYLOADS)
    findings = [Finding("orphan-initiative", EX + "li0-0", "error", "", PAYLOADS[1] + "&")]
    view = build_view(model, findings)
    titles = " ".join(n["title"] for n in view.nodes)
    for p in PAYLOADS:
        assert p not in titles
    assert "&lt;script&gt;window.__xss=2&lt;/script&gt;&amp;" in titles
    page = render_html(view)
    # only kktrace's own four <script> blocks open and close (vis-network's code holds
    # the string "<script>" once, for an old-IE polyfill)
    vis_js = vis_assets()[0]
    assert len(re.findall(r"<script", page, re.I)) == 4 + len(re.findall("<script", vis_js, re.I))
    assert len(re.findall(r"</script", page, re.I)) == 4
    assert "<img src=x" not in page and "<svg onload" not in page


def test_script_json_escapes_html_breakers():
    text = script_json({"a": "</script><!-- & \u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)


def test_same_input_same_bytes(tmp_path):
    m1 = synthetic_model(tmp_path / "a", 2, 2, 5) if (tmp_path / "a").mkdir() is None else None
    findings = [Finding("orphan-initiative", EX + "li0-4", "error", "", "m")]
    one = render_html(build_view(m1, findings))
    two = render_html(build_view(m1, list(reversed(findings))))
    assert one == two
    force1 = render_html(build_view(m1, layout="force"))
    force2 = render_html(build_view(m1, layout="force"))
    assert force1 == force2


def test_english_labels(small):
    view = build_view(small, lang="en")
    assert {n["name"] for n in view.nodes} >= {"IT strategy", "Common action plan"}
    assert "Search by name" in render_html(view)


def test_default_names():
    assert default_name(Filters()) == "strategy.html"
    assert default_name(Filters(administration="ØKF"), "en") == "administration-oekf-en.html"
    assert default_name(Filters(focus=EX + "li0-1", depth=2)) == "focus-li0-1-depth2.html"


def test_write_all_views(small, tmp_path):
    paths = write_all_views(small, None, tmp_path / "out")
    assert [p.name for p in paths] == [
        "strategy.html",
        "administration-f000.html",
        "administration-f001.html",
        "administration-f002.html",
    ]


def test_cli_view_and_errors(cli, tmp_path):
    out = tmp_path / "v.html"
    result = cli("view", "--focus", "https://w3id.org/kktrace/id/kk/nope", "-o", out)
    assert result.code == 2 and result.stderr.startswith("Error: unknown node")
    result = cli("view", "--administration", "NOPE", "-o", out)
    assert result.code == 2 and "ØKF" in result.stderr and "Traceback" not in result.stderr
    result = cli("view", "--depth", "2", "-o", out)
    assert result.code == 2
    result = cli("view", "--administration", "BUF", "--lang", "en", "-o", out)
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == str(out) and out.stat().st_size > 400_000


def test_cli_all_administrations(cli, tmp_path, bundled_model):
    result = cli("view", "--all-administrations", "-o", tmp_path)
    assert result.code == 0, result.stderr
    written = sorted(p.name for p in tmp_path.glob("*.html"))
    codes = [
        bundled_model.graph.nodes[a]["notation"]
        for a in bundled_model.nodes_of_kind("Administration")
    ]
    assert "strategy.html" in written and len(written) == 1 + len(codes)
