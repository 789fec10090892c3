"""The gap report in headless Chromium: renders, fetches nothing, logs no error, runs no script."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_report import PAYLOADS, RULES, hostile_case, hostile_findings

from kktrace.model.store import load
from kktrace.report import build_gap_report, render_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
README_SHOT = ROOT / "docs" / "img" / "report-da.png"
REFRESH = os.environ.get("KKTRACE_REFRESH_GOLDEN", "") not in {"", "0"}


def open_page(driver, path: Path) -> None:
    driver.get_log("browser")  # drop what earlier tests left
    driver.get_log("performance")
    driver.get(path.resolve().as_uri())


def requests_made(driver, page: Path) -> list[str]:
    """URLs the page asked for beyond itself (browser-internal chrome:// pages aside)."""
    own = page.resolve().as_uri()
    urls: list[str] = []
    started = False  # events before the page's own request belong to the start-up tab
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        url = message["params"]["request"]["url"]
        if url == own:
            started = True
        elif started and not url.startswith(("chrome://", "about:")):
            urls.append(url)
    assert started, "the page's own request was not logged"
    return urls


def severe(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_golden_report_renders_offline(chromium, artifacts_dir: Path, lang: str) -> None:
    page = GOLDEN / f"report-{lang}.html"
    open_page(chromium, page)
    heading = chromium.find_element("css selector", "h1").text
    assert heading.startswith("Sporbarhedsrapport" if lang == "da" else "Traceability gap report")
    # the matrix, the pictures and decision readiness are there and laid out
    for selector in (
        "table.matrix",
        "svg.heatmap",
        "svg.coverage",
        "table.readiness",
        "table.findings",
    ):
        element = chromium.find_element("css selector", selector)
        assert element.size["width"] > 100, selector
    others = requests_made(chromium, page)
    assert others == [], f"the report fetched {others}"
    assert severe(chromium) == []
    chromium.save_screenshot(str(artifacts_dir / f"report-{lang}.png"))
    height = chromium.execute_script("return document.documentElement.scrollHeight")
    chromium.set_window_size(1200, min(int(height) + 100, 16000))
    try:
        chromium.save_screenshot(str(artifacts_dir / f"report-{lang}-full.png"))
    finally:
        chromium.set_window_size(1400, 1000)
    if lang == "da" and (REFRESH or not README_SHOT.exists()):
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(artifacts_dir / "report-da.png", README_SHOT)


def test_hostile_labels_show_as_text_and_run_nothing(
    chromium, artifacts_dir: Path, tmp_path: Path
) -> None:
    model = load([hostile_case(tmp_path)])
    gap = build_gap_report(model, hostile_findings(), lang="da", date="2026-11-26", rules=RULES)
    page = tmp_path / "hostile.html"
    page.write_text(render_html(gap), encoding="utf-8")
    open_page(chromium, page)
    text = chromium.find_element("tag name", "body").text
    for payload in PAYLOADS:
        assert payload in text
    assert chromium.execute_script("return typeof window.__xss") == "undefined"
    assert chromium.execute_script("return document.querySelectorAll('script, img').length") == 0
    assert requests_made(chromium, page) == []
    assert severe(chromium) == []
    chromium.execute_script("document.getElementById('findings').scrollIntoView()")
    chromium.save_screenshot(str(artifacts_dir / "report-hostile.png"))
