"""The gap report of the bundled data, byte for byte, in Danish and English.

Refresh after an intended change (data, rules, templates, texts) and review the diff::

    KKTRACE_REFRESH_GOLDEN=1 .venv/bin/pytest tests/test_report_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kktrace.findings.run import check
from kktrace.report import build_gap_report, render_html, render_markdown

GOLDEN = Path(__file__).parent / "golden"
DATE = "2026-11-26"
REFRESH = os.environ.get("KKTRACE_REFRESH_GOLDEN", "") not in {"", "0"}


@pytest.fixture(scope="module", params=["da", "en"])
def rendered(request, bundled_model) -> tuple[str, dict[str, str]]:
    lang = request.param
    findings = check(bundled_model, lang=lang).findings
    gap = build_gap_report(bundled_model, findings, lang=lang, date=DATE)
    return lang, {"html": render_html(gap), "md": render_markdown(gap)}


@pytest.mark.parametrize("ext", ["html", "md"])
def test_golden(rendered, ext: str) -> None:
    lang, outputs = rendered
    path = GOLDEN / f"report-{lang}.{ext}"
    if REFRESH:
        path.write_text(outputs[ext], encoding="utf-8", newline="\n")
    assert path.exists(), (
        f"{path} missing: run KKTRACE_REFRESH_GOLDEN=1 .venv/bin/pytest {__file__}"
    )
    expected = path.read_text(encoding="utf-8")
    assert outputs[ext] == expected, (
        f"{path.name} differs from the report of the bundled data; if the change is intended, "
        "run KKTRACE_REFRESH_GOLDEN=1 .venv/bin/pytest tests/test_report_golden.py and review the diff"
    )
