"""The gap report in headless Chromium: renders, fetches nothing, logs no error, runs no script."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from reading import (
    JARGON,
    assert_a4_with_page_numbers,
    at_phone_width,
    back_to_desktop,
    broken_links,
    committee_text,
    overflow_in_print,
    printed,
)
from test_report import PAYLOADS, RULES, hostile_case, hostile_findings

from kktrace.model.store import load
from kktrace.report import build_gap_report, render_html
from kktrace.report.data import finding_anchor
from kktrace.report.messages import Catalogue

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
        "svg.periods",
        "ol.fixfirst",
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


# -- read as the forum and the committee read it ------------------------------------------


def findings_of(lang: str) -> list[dict]:
    """The findings the golden reports show (rule, focus, severity: the same in every language)."""
    return json.loads((GOLDEN / "check-bundled.json").read_text(encoding="utf-8"))["findings"]


def test_fix_first_starts_with_the_error_that_blocks_a_decision(chromium) -> None:
    open_page(chromium, GOLDEN / "report-da.html")
    items = chromium.find_elements("css selector", "#fix-first ol.fixfirst > li")
    assert len(items) >= 5
    first = items[0]
    assert "error" in first.get_attribute("class").split()
    assert first.find_element("css selector", ".sev").text == "FEJL"
    assert first.find_element("css selector", ".blocker").text == "Blokerer beslutning"
    # it links to its finding, and that finding is the not-decision-ready one
    target = first.find_element("css selector", "a[href^='#f-']").get_attribute("href")
    blocker = next(f for f in findings_of("da") if f["rule"] == "not-decision-ready")
    assert target.endswith("#" + finding_anchor(blocker["rule"], blocker["focus"]))
    # errors before warnings, and the section comes before everything else
    severities = [li.get_attribute("class").split()[0] for li in items]
    assert severities == sorted(severities, key=lambda s: s != "error")
    top = chromium.execute_script(
        "return [...document.querySelectorAll('body > section')].map(s => s.id)"
    )
    assert top[0] == "fix-first"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_each_badge_shows_its_findings_own_severity(chromium, lang: str) -> None:
    open_page(chromium, GOLDEN / f"report-{lang}.html")
    cat = Catalogue(lang)
    shown = chromium.execute_script(
        "return [...document.querySelectorAll('#findings .entry')].map(e =>"
        " [e.id, e.querySelector('.sev').className, e.querySelector('.sev').textContent])"
    )
    by_anchor = {finding_anchor(f["rule"], f["focus"]): f for f in findings_of(lang)}
    assert len(shown) >= 8
    for anchor, css, text in shown:
        severity = by_anchor[anchor]["severity"]
        assert css == f"sev sev-{severity}" and text == cat.severity(severity), anchor
    # the finding whose severity is not its rule's default shows its own
    ready = next(f for f in findings_of(lang) if f["rule"] == "not-decision-ready")
    assert ready["severity"] == "error" and registry_severity("not-decision-ready") == "warning"
    badge = chromium.find_element(
        "css selector", f"#{finding_anchor(ready['rule'], ready['focus'])} .sev"
    )
    assert badge.text.upper() == cat.severity("error").upper()


def registry_severity(rule_id: str) -> str:
    from kktrace.rules import registry

    return next(r.severity for r in registry() if r.id == rule_id)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_committee_sections_speak_plainly_and_every_link_lands(chromium, lang: str) -> None:
    open_page(chromium, GOLDEN / f"report-{lang}.html")
    text = committee_text(chromium).casefold()
    for word in JARGON:
        assert word not in text, word
    for name in ("gap-report", ".ttl", ".json"):
        assert name not in text, name
    appendix = chromium.find_element("id", "appendix").get_attribute("textContent")
    assert "kkt:" in appendix  # the technical detail moved, it did not vanish
    assert broken_links(chromium) == []
    # units are spelled out where they first appear
    body = chromium.find_element("tag name", "body").get_attribute("textContent")
    units = {
        "da": ("Koncernservice", "Strategisk IT"),
        "en": ("Corporate Services", "Strategic IT"),
    }
    for name, code in zip(units[lang], ("KS", "SIT"), strict=True):
        assert body.index(f"{name} ({code})") <= body.index(code)


def test_matrix_cell_opens_to_its_goals_and_initiatives(chromium) -> None:
    open_page(chromium, GOLDEN / "report-da.html")
    cell = chromium.find_element("css selector", "table.matrix td details")
    count = int(cell.find_element("tag name", "summary").text)
    items = cell.find_elements("css selector", "li")
    assert not items[0].is_displayed()
    cell.find_element("tag name", "summary").click()
    assert len(items) == count > 0
    assert items[0].is_displayed() and items[0].find_element("css selector", ".code").text
    # row and column totals are there; a row without a local plan says so
    assert chromium.find_elements("css selector", "table.matrix tr.total")
    noplan = chromium.find_element("css selector", "table.matrix tr.noplan")
    assert "ingen lokal plan for perioden" in noplan.text
    summary = chromium.find_element("css selector", "#summary .summary").text
    assert "Ingen lokal plan for perioden" in summary


@pytest.mark.parametrize("lang", ["da", "en"])
def test_report_fits_a_phone(chromium, artifacts_dir: Path, lang: str) -> None:
    try:
        widths = at_phone_width(chromium, GOLDEN / f"report-{lang}.html")
        assert widths["scroll"] <= widths["inner"] == 390, widths
        # text tables are blocks, the contents list does not overlap the report
        display = chromium.execute_script(
            "return getComputedStyle(document.querySelector('table.findings, table.stack tr')).display"
        )
        assert display == "block"
        nav = chromium.find_element("css selector", "nav.toc").rect
        first = chromium.find_element("id", "fix-first").rect
        assert nav["y"] + nav["height"] <= first["y"]
        chromium.save_screenshot(str(artifacts_dir / f"report-{lang}-390.png"))
    finally:
        back_to_desktop(chromium)


def test_report_prints_on_a4_with_page_numbers(chromium) -> None:
    pdf = printed(chromium, GOLDEN / "report-da.html")
    assert_a4_with_page_numbers(pdf)
    text = pdf.pages[0].extract_text()
    assert "Ret først" in text
    assert overflow_in_print(chromium, GOLDEN / "report-da.html") == []
