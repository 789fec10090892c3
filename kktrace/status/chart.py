"""Inline SVG for the status report: the budget by status, year by year.

What the year's tables cannot show: how the money moved from "in progress" to "completed"
(or to "postponed") from one status year to the next. Every data string is escaped; the
result is :class:`markupsafe.Markup`; no external reference of any kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup

from kktrace.report.svg import esc, svg_open

#: Colours per status (colour-blind safe where it matters: done green, stopped orange/grey,
#: no entry red).
COLOURS = {
    "Proposed": "#b6c8dc",
    "Approved": "#6b9ac4",
    "InProgress": "#0b3d66",
    "Completed": "#2e7d32",
    "Postponed": "#e69f00",
    "Cancelled": "#9aa0a6",
    "none": "#c0392b",
}
_LEFT, _BAR_W, _ROW, _TOP = 48, 420, 30, 8


def budget_by_year(
    years: Sequence[Mapping[str, Any]],
    statuses: Sequence[str],
    name: Callable[[str], str],
    money: Callable[[Any], str],
    title: str,
) -> Markup:
    """One stacked bar per status year with a budget: its budget split by status."""
    rows = [y for y in years if y["budget"]]
    if not rows:
        return Markup("")
    used = [s for s in statuses if any(y["budget_by_status"][s] for y in rows)]
    top = max(y["budget"] for y in rows)
    legend_y = _TOP + len(rows) * _ROW + 10
    height = legend_y + 22 * ((len(used) + 2) // 3) + 4
    width = _LEFT + _BAR_W + 130
    out = [svg_open("years", width, height, title)]
    for i, y in enumerate(rows):
        top_y = _TOP + i * _ROW
        out.append(f'<text x="{_LEFT - 8}" y="{top_y + 16}" text-anchor="end">{y["year"]}</text>')
        x = float(_LEFT)
        for s in used:
            value = y["budget_by_status"][s]
            if not value:
                continue
            w = _BAR_W * value / top
            out.append(
                f'<rect x="{x:.1f}" y="{top_y + 4}" width="{w:.1f}" height="18" '
                f'fill="{COLOURS.get(s, "#888")}"><title>{y["year"]} · {esc(name(s))}: '
                f"{esc(money(value))}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{top_y + 17}">{esc(money(y["budget"]))}</text>')
    for j, s in enumerate(used):
        lx = _LEFT + (j % 3) * 170
        ly = legend_y + (j // 3) * 22
        out.append(
            f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{COLOURS.get(s, "#888")}"/>'
            f'<text x="{lx + 17}" y="{ly + 11}">{esc(name(s))}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
