"""The annual status report in headless Chromium, as the forum and the committee read it:
on a phone, on paper, in plain words, and agreeing with ``kktrace check``."""

from __future__ import annotations

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

from kktrace.facts import Facts
from kktrace.findings.run import check
from kktrace.status.annual import render, status_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
README_SHOT = ROOT / "docs" / "img" / "status-da.png"
REFRESH = os.environ.get("KKTRACE_REFRESH_GOLDEN", "") not in {"", "0"}


@pytest.fixture(scope="module")
def pages(bundled_model, tmp_path_factory) -> dict[tuple[int, str], Path]:
    """The status pages of every status year in the bundled data, Danish and English."""
    out = tmp_path_factory.mktemp("status")
    found = {}
    for year in Facts(bundled_model).status_years:
        for lang in ("da", "en"):
            path = out / f"status-{year}.{lang}.html"
            path.write_text(render(status_report(bundled_model, year, lang), "html"), "utf-8")
            found[(year, lang)] = path
    return found


def test_first_screen(chromium, pages, artifacts_dir: Path) -> None:
    chromium.get(pages[(2012, "da")].resolve().as_uri())
    assert chromium.find_element("tag name", "h1").text == "Implementeringsstatus 2012"
    summary = chromium.find_element("css selector", "#summary .summary").text
    assert summary.count(". ") >= 2 and "Sammenlignet med 2011" in summary
    assert chromium.find_element("css selector", "svg.years").size["width"] > 200
    assert broken_links(chromium) == []
    chromium.save_screenshot(str(artifacts_dir / "status-da.png"))
    if REFRESH or not README_SHOT.exists():
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(artifacts_dir / "status-da.png", README_SHOT)


def test_status_and_check_agree_on_missing_status(chromium, pages, bundled_model) -> None:
    """Every year's "without a status entry" list is exactly what check reports for it."""
    reported = {f.focus for f in check(bundled_model).findings if f.rule == "missing-status"}
    assert reported, "the bundled data has planted status gaps"
    listed: set[str] = set()
    for (year, lang), page in sorted(pages.items()):
        if lang != "da":
            continue
        chromium.get(page.resolve().as_uri())
        rows = chromium.find_elements("css selector", "#missing tr[data-iri]")
        iris = {r.get_attribute("data-iri") for r in rows}
        assert iris <= reported, (year, iris - reported)
        listed |= iris
    assert listed == reported


@pytest.mark.parametrize("lang", ["da", "en"])
def test_plain_words(chromium, pages, lang: str) -> None:
    chromium.get(pages[(2012, lang)].resolve().as_uri())
    text = committee_text(chromium).casefold()
    for word in (*JARGON, "missing-status", "(no administration)", "(ingen forvaltning)"):
        assert word not in text, word


@pytest.mark.parametrize("lang", ["da", "en"])
def test_fits_a_phone(chromium, pages, artifacts_dir: Path, lang: str) -> None:
    try:
        widths = at_phone_width(chromium, pages[(2012, lang)])
        assert widths["scroll"] <= widths["inner"] == 390, widths
        display = chromium.execute_script(
            "return getComputedStyle(document.querySelector('#administrations tr')).display"
        )
        assert display == "block"
        nav = chromium.find_element("css selector", "nav.toc").rect
        first = chromium.find_element("id", "summary").rect
        assert nav["y"] + nav["height"] <= first["y"]
        chromium.save_screenshot(str(artifacts_dir / f"status-{lang}-390.png"))
    finally:
        back_to_desktop(chromium)


def test_prints_on_a4_with_page_numbers(chromium, pages) -> None:
    pdf = printed(chromium, pages[(2012, "da")])
    assert_a4_with_page_numbers(pdf)
    assert "Implementeringsstatus 2012" in pdf.pages[0].extract_text()
    # the widest table fits the printed line
    for lang in ("da", "en"):
        assert overflow_in_print(chromium, pages[(2012, lang)]) == [], lang


def test_long_list_is_grouped_by_plan(chromium, pages, bundled_model) -> None:
    chromium.get(pages[(2012, "da")].resolve().as_uri())
    headings = chromium.find_elements("css selector", "#initiatives h3.plan-group")
    report = status_report(bundled_model, 2012, "da")
    plans = {i["plan_label"] for i in report["initiatives"]}
    assert len(headings) == len(plans) > 1
    counted = sum(int(h.text.rsplit("(", 1)[1].rstrip(")")) for h in headings)
    assert counted == report["total"]["initiatives"]
