"""The bundled data's findings: a golden file, and exactly the gaps data/README.md plants.

Refresh the golden file after an intended change (then review the diff):

    KKTRACE_REFRESH_GOLDEN=1 .venv/bin/pytest tests/test_check_golden.py    (or: make golden)
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kktrace import check

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "check-bundled.json"
README = ROOT / "data" / "README.md"
KK = "https://w3id.org/kktrace/id/kk/"


@pytest.fixture(scope="module")
def bundled_report(bundled_model):
    return check(bundled_model)


def test_bundled_findings_match_golden(bundled_report) -> None:
    text = bundled_report.dumps()
    if os.environ.get("KKTRACE_REFRESH_GOLDEN", "") not in {"", "0"}:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), "no golden file: run KKTRACE_REFRESH_GOLDEN=1 pytest " + __file__
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "check output changed; if intended, refresh with KKTRACE_REFRESH_GOLDEN=1"
    )


def _iri(cell: str) -> str:
    match = re.search(r"`kk:([^`]+)`", cell)
    return KK + match.group(1) if match else ""


def planted_gaps() -> set[tuple[str, str, str, str]]:
    """(rule, severity, focus, related) of each row of the README's *Planted gaps* table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Planted gaps", 1)[1].split("\n## ", 1)[0]
    rows = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not cells[0].isdigit():
            continue
        rule = re.search(r"`([a-z-]+)`", cells[1])
        severity = re.search(r"(error|warning|info)", cells[2])
        assert rule and severity, line
        rows.add((rule.group(1), severity.group(1), _iri(cells[3]), _iri(cells[4])))
    return rows


def test_bundled_findings_are_exactly_the_planted_gaps(bundled_report) -> None:
    want = planted_gaps()
    assert want, "no planted gaps found in data/README.md"
    stated = re.search(r"Expected summary: (\d+) errors .*?, (\d+) warnings", README.read_text())
    assert stated, "data/README.md states no expected summary"
    assert bundled_report.summary == {
        "error": int(stated.group(1)),
        "warning": int(stated.group(2)),
        "info": 0,
    }
    got = {
        (f.rule, f.severity, f.focus, f.related[0] if f.related else "")
        for f in bundled_report.findings
    }
    assert got == want
