"""kktrace view in headless Chromium: offline load, node counts, interaction, XSS, timings."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kktrace import Finding, load
from kktrace.view import Filters, build_view, write_view
from kktrace.view.synthetic import node_count, synthetic_turtle

pytestmark = pytest.mark.browser
EX = "https://example.org/kk/"
TRACE_KEYS = ("supports", "partOf")


def open_view(driver, path: Path, timeout: float = 60) -> float:
    """Load a view from file:// and wait for its stable picture; return ms to it."""
    driver.get_log("performance")  # drain earlier entries
    driver.get_log("browser")
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stable = driver.execute_script("return window.kktrace && window.kktrace.stableAt")
        if stable:
            return float(stable)
        time.sleep(0.05)
    raise AssertionError(f"{path}: no stable picture within {timeout} s")


def external_requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(("file:", "data:", "about:", "blob:")):
                urls.append(url)
    return urls


def severe_console(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def expected_trace_nodes(model, shown: set[str] | None = None) -> int:
    """Levels 1–3 plus the untyped objects of their supports/partOf links (from the model)."""
    g = model.graph
    typed = {n for n, d in g.nodes(data=True) if d["level"] in (1, 2, 3)}
    dangling = {
        v
        for u, v, k in g.edges(keys=True)
        if k in TRACE_KEYS and u in typed and g.nodes[v]["kind"] is None
    }
    return len(typed | dangling)


def _report(model):
    try:
        from kktrace.findings.run import check
    except ImportError:
        return None
    return check(model, lang="da")


def test_bundled_full_view_offline(chromium, bundled_model, tmp_path, artifacts_dir):
    report = _report(bundled_model)
    view = build_view(bundled_model, report)
    path = write_view(view, tmp_path / "strategy.html")
    ms = open_view(chromium, path)
    assert external_requests(chromium) == []
    count = chromium.execute_script("return network.body.data.nodes.length")
    assert count == expected_trace_nodes(bundled_model) == len(view.nodes)
    edges = chromium.execute_script("return network.body.data.edges.length")
    assert edges == len(view.edges)
    assert severe_console(chromium) == []
    chromium.save_screenshot(str(artifacts_dir / "view-bundled.png"))
    if report is not None:
        orphans = {f.focus for f in report.findings if f.rule == "orphan-initiative"}
        drawn = chromium.execute_script(
            "return network.body.data.nodes.get({filter: n => n.orphan}).map(n => n.id)"
        )
        assert set(drawn) == orphans
    # search finds, selects and highlights; the rest is dimmed
    name = bundled_model.label(bundled_model.nodes_of_kind("LocalInitiative")[0])
    hit = chromium.execute_script("return kktrace.search(arguments[0])", name[:20])
    assert chromium.execute_script("return network.getSelectedNodes()") == [hit]
    dimmed = chromium.execute_script(
        "return network.body.data.nodes.get({filter: n => n.color.background === '#eeeeee'}).length"
    )
    assert 0 < dimmed < count
    chromium.save_screenshot(str(artifacts_dir / "view-bundled-search.png"))
    print(f"bundled view: {count} nodes, stable picture after {ms:.0f} ms")


def test_bundled_focus_view_offline(chromium, bundled_model, tmp_path, artifacts_dir):
    import networkx as nx

    focus = bundled_model.nodes_of_kind("LocalInitiative")[0]
    view = build_view(bundled_model, _report(bundled_model), filters=Filters(focus=focus))
    path = write_view(view, tmp_path / "focus.html")
    open_view(chromium, path)
    assert external_requests(chromium) == []
    assert severe_console(chromium) == []
    g = nx.DiGraph((u, v) for u, v, k in bundled_model.graph.edges(keys=True) if k in TRACE_KEYS)
    expected = {focus} | nx.descendants(g, focus) | nx.ancestors(g, focus)
    ids = chromium.execute_script("return network.body.data.nodes.getIds()")
    assert set(ids) == expected
    assert any(bundled_model.graph.nodes[n]["kind"] == "ITStrategy" for n in ids)
    chromium.save_screenshot(str(artifacts_dir / "view-bundled-focus.png"))


PAYLOADS = (
    "<img src=x onerror=window.__xss=1>",
    "<script>window.__xss=2</script>",
    "<svg onload=window.__xss=3>",
)


def _hover(driver, node_id: str) -> str:
    """Move the real mouse over a node; return the tooltip's text once shown."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = driver.find_element(By.CSS_SELECTOR, "#kkt-network canvas")
    x, y, w, h = driver.execute_script(
        "const p = network.canvasToDOM(network.getPosition(arguments[0]));"
        "const c = arguments[1].getBoundingClientRect();"
        "return [p.x, p.y, c.width, c.height];",
        node_id,
        canvas,
    )
    actions = ActionChains(driver)
    actions.move_to_element_with_offset(canvas, int(x - w / 2) + 1, int(y - h / 2) + 1)
    actions.perform()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        text = driver.execute_script(
            "const t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' ? t.textContent : null;"
        )
        if text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"no tooltip over {node_id}")


def test_xss_payloads_run_nothing(chromium, tmp_path, artifacts_dir):
    (tmp_path / "m.ttl").write_text(synthetic_turtle(1, 1, 3, labels=PAYLOADS), encoding="utf-8")
    model = load([tmp_path])
    findings = [
        Finding("orphan-initiative", EX + "li0-0", "error", PAYLOADS[0], PAYLOADS[2]),
        Finding("support-cycle", EX + "li0-1", "error", "", PAYLOADS[1]),
    ]
    path = write_view(build_view(model, findings), tmp_path / "xss.html")
    open_view(chromium, path)
    assert chromium.execute_script("return typeof window.__xss") == "undefined"
    for index, payload in enumerate(PAYLOADS):
        node = f"{EX}li0-{index}"
        chromium.execute_script(
            "network.moveTo({position: network.getPosition(arguments[0]), scale: 1.5})", node
        )
        time.sleep(0.2)
        text = _hover(chromium, node)
        assert payload in text  # shown as text, not markup
        assert chromium.execute_script("return typeof window.__xss") == "undefined"
        chromium.execute_script("kktrace.highlight(arguments[0])", node)
        assert (
            chromium.execute_script(
                "return document.getElementById('kkt-selected-name').textContent"
            )
            == f"F000-{index} {payload}"  # code, then the label as text
        )
    chromium.save_screenshot(str(artifacts_dir / "view-xss-tooltip.png"))
    time.sleep(0.5)
    assert chromium.execute_script("return typeof window.__xss") == "undefined"
    assert external_requests(chromium) == []  # the <img src=x> never loaded


def test_click_highlights_chain(chromium, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    (tmp_path / "m.ttl").write_text(synthetic_turtle(2, 2, 4), encoding="utf-8")
    path = write_view(build_view(load([tmp_path])), tmp_path / "v.html")
    open_view(chromium, path)
    node = EX + "lg0-1"
    chromium.execute_script(
        "network.moveTo({position: network.getPosition(arguments[0]), scale: 1.5})", node
    )
    time.sleep(0.2)
    canvas = chromium.find_element(By.CSS_SELECTOR, "#kkt-network canvas")
    x, y, w, h = chromium.execute_script(
        "const p = network.canvasToDOM(network.getPosition(arguments[0]));"
        "const c = arguments[1].getBoundingClientRect(); return [p.x, p.y, c.width, c.height];",
        node,
        canvas,
    )
    ActionChains(chromium).move_to_element_with_offset(
        canvas, int(x - w / 2) + 1, int(y - h / 2) + 1
    ).click().perform()
    time.sleep(0.3)
    lit = set(
        chromium.execute_script(
            "return network.body.data.nodes.get({filter: n => n.color.background !== '#eeeeee'})"
            ".map(n => n.id)"
        )
    )
    # up: the common goal, the plans and the strategy; down: the initiatives supporting it
    for up in ("lp0", "cg1", "cp", "strategy", "sg1-1", "fa1"):
        assert EX + up in lit
    assert EX + "li0-1" in lit and EX + "li0-0" not in lit and EX + "lg1-1" not in lit
    # the filters in the page
    chromium.execute_script(
        "const s = document.getElementById('kkt-adm'); s.value = 'F001';"
        "s.dispatchEvent(new Event('change'));"
    )
    hidden = chromium.execute_script(
        "return network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)"
    )
    assert EX + "li0-0" in hidden and EX + "li1-0" not in hidden and EX + "strategy" not in hidden
    chromium.find_element(By.ID, "kkt-reset").click()
    assert (
        chromium.execute_script(
            "return network.body.data.nodes.get({filter: n => n.hidden}).length"
        )
        == 0
    )


@pytest.mark.slow
@pytest.mark.parametrize("administrations", [19, 78, 200])
def test_render_time(chromium, tmp_path, artifacts_dir, administrations):
    """Time to a stable picture: ~500, ~2,000 nodes, and 5,000 (aggregated; docs/views.md)."""
    full = node_count(administrations, 3, 21)
    (tmp_path / "m.ttl").write_text(synthetic_turtle(administrations, 3, 21), encoding="utf-8")
    model = load([tmp_path])
    started = time.perf_counter()
    view = build_view(model)
    path = write_view(view, tmp_path / "big.html")
    built = time.perf_counter() - started
    expected = len(view.nodes)
    assert view.meta["aggregated"] is (full > 2000)
    if view.meta["aggregated"]:
        assert expected == full - administrations * 24  # each local plan folded into one
    runs = sorted(open_view(chromium, path) for _ in range(3))
    assert chromium.execute_script("return network.body.data.nodes.length") == expected
    assert severe_console(chromium) == [] and external_requests(chromium) == []
    chromium.save_screenshot(str(artifacts_dir / f"view-synthetic-{full}.png"))
    timings = artifacts_dir / "view-timings.json"
    data = json.loads(timings.read_text()) if timings.exists() else {}
    data[str(full)] = {
        "drawn_nodes": expected,
        "stable_ms_median": round(runs[1]),
        "runs_ms": [round(r) for r in runs],
        "build_s": round(built, 2),
        "html_bytes": path.stat().st_size,
    }
    timings.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    assert runs[1] < 15_000
