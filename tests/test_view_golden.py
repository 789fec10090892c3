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


def _kinds(data: dict) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for edge in data["edges"]:
        kinds[edge["kind"]] = kinds.get(edge["kind"], 0) + 1
    return kinds


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
    full = build_view(model, FINDINGS).data()
    # Independent of the golden file: 1 strategy + 2 focus areas + 4 strategic goals, and the
    # common plan and 2 local plans with 2 goals and 3 initiatives each: 7 + 3 × 6 = 25 nodes.
    assert len(full["nodes"]) == 25
    # partOf: 4 strategic goals + 3 plans × 5 elements + 2 focus areas = 21
    assert _kinds(full)["partOf"] == 21 and set(_kinds(full)) == {"partOf", "supports"}
    orphan = next(n for n in full["nodes"] if n["id"] == EX + "li0-2")
    assert orphan["orphan"] and orphan["shape"] == "diamond" and orphan["findings"] == 1
    _check("view-synthetic.json", full)
    focus = build_view(model, FINDINGS, filters=Filters(focus=EX + "lg0-1"), lang="en")
    _check("view-synthetic-focus-en.json", focus.data())


def test_golden_plan_period_chains(tmp_path):
    from test_view_continues import CHAIN, NEXT_PERIOD

    (tmp_path / "m.ttl").write_text(synthetic_turtle(2, 2, 3), encoding="utf-8")
    (tmp_path / "next.ttl").write_text(NEXT_PERIOD, encoding="utf-8")
    (tmp_path / "chain.ttl").write_text(CHAIN, encoding="utf-8")
    data = build_view(load([tmp_path])).data()
    # the 25 nodes above + the next period's plan, goal and initiative; one edge per chain link
    assert len(data["nodes"]) == 28
    assert _kinds(data)["continues"] == 1 and _kinds(data)["successorOf"] == 1
    _check("view-synthetic-periods.json", data)
