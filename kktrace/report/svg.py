"""Inline SVG pictures for the gap report: the matrix heatmap and the coverage bars.

Built as text with every data string escaped (labels come from many hands); the result
is :class:`markupsafe.Markup` so the autoescaping template inserts it as is. No external
reference of any kind (no ``xmlns`` URL either: inline SVG in HTML needs none).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from kktrace.report.data import CoverageRow, MatrixTable
from kktrace.report.messages import Catalogue

_CELL_W, _CELL_H, _LEFT, _GAP = 30, 22, 56, 8
_ZERO_FILL, _ZERO_STROKE = "#fbe3e1", "#c0392b"
_LOW, _HIGH = (222, 235, 247), (8, 81, 156)


def _e(text: object) -> str:
    return str(escape(str(text)))


def _fill(n: int, top: int) -> str:
    t = min(1.0, n / top) if top else 1.0
    rgb = (round(lo + (hi - lo) * t) for lo, hi in zip(_LOW, _HIGH, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def heatmap(tables: list[MatrixTable], cat: Catalogue) -> Markup:
    """Administrations (rows) × common goals of every plan (columns, grouped by plan)."""
    tables = [t for t in tables if t.goals and t.rows]
    if not tables:
        return Markup("")
    admins = [a for a, _ in tables[0].rows]
    top = max((n for t in tables for _, cells in t.rows for n in cells), default=0)
    longest = max(len(c) for t in tables for c in t.short_codes)
    rotate = longest > 4
    head = 22 + min(longest, 18) * 5 if rotate else 30
    width = _LEFT + sum(len(t.goals) * _CELL_W + _GAP for t in tables)
    height = head + len(admins) * _CELL_H + 4
    out = [
        f'<svg class="heatmap" viewBox="0 0 {width} {height}" width="{round(width * 1.3)}" '
        f'height="{round(height * 1.3)}" '
        f'role="img" aria-label="{_e(cat["heatmap_title"])}">',
        f"<title>{_e(cat['heatmap_title'])}</title>",
    ]
    for r, a in enumerate(admins):
        y = head + r * _CELL_H
        out.append(
            f'<text x="{_LEFT - 6}" y="{y + 15}" text-anchor="end" class="rl">{_e(a.code)}</text>'
        )
    x0 = _LEFT
    for t in tables:
        out.append(
            f'<text x="{x0}" y="10" class="pl">{_e(t.plan.code)}<title>{_e(t.plan.label)}</title></text>'
        )
        for c, (goal, short) in enumerate(zip(t.goals, t.short_codes, strict=True)):
            cx = x0 + c * _CELL_W + _CELL_W // 2
            place = (
                f'transform="translate({cx + 4},{head - 4}) rotate(-60)"'
                if rotate
                else f'x="{cx}" y="{head - 5}" text-anchor="middle"'
            )
            out.append(
                f'<text {place} class="cl">{_e(short[:18])}<title>{_e(goal.code)} '
                f"{_e(goal.label)}</title></text>"
            )
            for r, (a, cells) in enumerate(t.rows):
                n, x, y = cells[c], x0 + c * _CELL_W, head + r * _CELL_H
                fill, stroke = (_ZERO_FILL, _ZERO_STROKE) if n == 0 else (_fill(n, top), "#ffffff")
                ink = "#ffffff" if n and n / (top or 1) > 0.55 else "#1b1b1b"
                tip = f"{a.code} × {goal.code}: {n}"
                out.append(
                    f'<g><title>{_e(tip)}</title><rect x="{x + 1}" y="{y + 1}" width="{_CELL_W - 2}" '
                    f'height="{_CELL_H - 2}" fill="{fill}" stroke="{stroke}"/>'
                    f'<text x="{x + _CELL_W // 2}" y="{y + 15}" text-anchor="middle" '
                    f'fill="{ink}" class="cv">{n}</text></g>'
                )
        x0 += len(t.goals) * _CELL_W + _GAP
    out.append("</svg>")
    return Markup("".join(out))


def coverage_bars(rows: list[CoverageRow], cat: Catalogue) -> Markup:
    """One horizontal bar per administration: the share of local initiatives traced."""
    if not rows:
        return Markup("")
    bar_w, row_h, left = 300, 24, 56
    width, height = left + bar_w + 130, len(rows) * row_h + 8
    out = [
        f'<svg class="coverage" viewBox="0 0 {width} {height}" width="{round(width * 1.3)}" '
        f'height="{round(height * 1.3)}" '
        f'role="img" aria-label="{_e(cat["coverage_chart_title"])}">',
        f"<title>{_e(cat['coverage_chart_title'])}</title>",
    ]
    for i, row in enumerate(rows):
        y = 4 + i * row_h
        share = row.share
        done = round(bar_w * share) if share is not None else 0
        text = (
            f"{cat.pct(share)} ({row.traced}/{row.total})"
            if share is not None
            else cat["no_initiatives"]
        )
        colour = (
            "#2e7d32" if (share or 0) >= 0.8 else "#e69f00" if (share or 0) >= 0.5 else "#c0392b"
        )
        out.append(
            f"<g><title>{_e(row.admin.label)}: {_e(text)}</title>"
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" class="rl">{_e(row.admin.code)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="#eceff1"/>'
            f'<rect x="{left}" y="{y + 3}" width="{done}" height="{row_h - 8}" fill="{colour}"/>'
            f'<text x="{left + bar_w + 8}" y="{y + 15}" class="cv">{_e(text)}</text></g>'
        )
    out.append("</svg>")
    return Markup("".join(out))
