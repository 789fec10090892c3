"""Reading a page as its reader would: at phone width, and printed (shared by the report tests)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pypdf

#: A4 in PostScript points (210 × 297 mm), with a point of slack for rounding.
A4 = (595.28, 841.89)
#: Technical words that must not reach the committee-facing text.
JARGON = ("kkt:", "rdf:", "sh:message", "triples", "tripler", "byte for byte")


def at_phone_width(driver, page: Path, width: int = 390, height: int = 844) -> dict[str, int]:
    """Open ``page`` in a ``width`` px wide viewport; its scroll and viewport widths.

    Headless windows are at least 500 px wide, so the width is set through DevTools. Not
    as a "mobile" device: that widens the layout viewport to the content and would hide a
    sideways scroll.
    """
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.get(page.resolve().as_uri())
    return driver.execute_script(
        "return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth}"
    )


def back_to_desktop(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def printed(driver, page: Path) -> pypdf.PdfReader:
    """``page`` printed to PDF by Chromium with the page's own @page size and margins."""
    driver.get(page.resolve().as_uri())
    data = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"]
    return pypdf.PdfReader(io.BytesIO(base64.b64decode(data)))


def assert_a4_with_page_numbers(pdf: pypdf.PdfReader) -> None:
    pages = len(pdf.pages)
    assert pages >= 2, "a report this size prints on more than one page"
    for number, pdf_page in enumerate(pdf.pages, start=1):
        box = pdf_page.mediabox
        size = (float(box.width), float(box.height))
        assert abs(size[0] - A4[0]) < 1.5 and abs(size[1] - A4[1]) < 1.5, size
        if number in (1, 2, pages):
            assert f"{number} / {pages}" in pdf_page.extract_text(), f"no page number on {number}"


def committee_text(driver) -> str:
    """The text of every part of the page but the appendix for architects."""
    return driver.execute_script(
        "return [...document.body.children]"
        ".filter(e => !e.classList.contains('appendix'))"
        ".map(e => e.textContent).join('\\n')"
    )


def broken_links(driver) -> list[str]:
    """In-page links whose target id does not exist."""
    return driver.execute_script(
        "return [...document.querySelectorAll('a[href^=\"#\"]')]"
        ".map(a => a.getAttribute('href').slice(1))"
        ".filter(id => !document.getElementById(id))"
    )


def overflow_in_print(driver, page: Path) -> list[str]:
    """Elements that run past the printed line width (A4 less the 13 mm side margins).

    The page is laid out with the print stylesheet at the A4 content width in CSS pixels
    (184 mm at 96 px per inch).
    """
    width = round(184 / 25.4 * 96)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        driver.get(page.resolve().as_uri())
        return driver.execute_script(
            "return [...document.querySelectorAll('table, figure, svg, .entry, h1, h2, h3')]"
            ".filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
            ".map(e => e.tagName + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        back_to_desktop(driver)
