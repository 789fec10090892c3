"""Golden file of a view's nodes and edges: the same model gives the same view.

Refresh after an intended change, then review the diff:

    KKTRACE_REFRESH_GOLDEN=1 .venv/bin/pytest tests/test_view_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kktrace import Finding, load
from kktrace.view import Filters, build_view
from kktrace.view.synthetic import synthetic_turtle

GOLDEN = Path(__file__).parent / "golden"
EX = "https://example.org/kk/"
FINDINGS = [
    Finding("orphan-initiative", EX + "li0-2", "error", "", "Initiativet understøtter intet."),
    Finding("goal-without-initiative", EX + "cg1", "warning", "", "Intet initiativ <b>."),
]


def _check(name: str, data: dict) -> None:
    path = GOLDEN / name
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("KKTRACE_REFRESH_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{path} differs — refresh with KKTRACE_REFRESH_GOLDEN=1 and review"


def test_golden_full_view(tmp_path):
    (tmp_path / "m.ttl").write_text(synthetic_turtle(2, 2, 3, orphan_every=3), encoding="utf-8")
    model = load([tmp_path])
    _check("view-synthetic.json", build_view(model, FINDINGS).data())
    focus = build_view(model, FINDINGS, filters=Filters(focus=EX + "lg0-1"), lang="en")
    _check("view-synthetic-focus-en.json", focus.data())


def test_golden_plan_period_chains(tmp_path):
    from test_view_continues import CHAIN, NEXT_PERIOD

    (tmp_path / "m.ttl").write_text(synthetic_turtle(2, 2, 3), encoding="utf-8")
    (tmp_path / "next.ttl").write_text(NEXT_PERIOD, encoding="utf-8")
    (tmp_path / "chain.ttl").write_text(CHAIN, encoding="utf-8")
    _check("view-synthetic-periods.json", build_view(load([tmp_path])).data())
