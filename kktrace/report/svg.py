"""Inline SVG pictures for the gap report: the administrations across plan periods.

Built as text with every data string escaped (labels come from many hands); the result
is :class:`markupsafe.Markup` so the autoescaping template inserts it as is. No external
reference of any kind (no ``xmlns`` URL either: inline SVG in HTML needs none).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from kktrace.report.data import PeriodRow
from kktrace.report.messages import Catalogue

_LEFT, _COL, _ROW, _HEAD, _BAR = 64, 300, 30, 26, 150
_OK, _BAD, _GREY = "#2e7d32", "#c0392b", "#9aa0a6"


def esc(text: object) -> str:
    """``text`` escaped for SVG text and attributes."""
    return str(escape(str(text)))


def svg_open(cls: str, width: float, height: float, title: str) -> str:
    """The opening of an inline chart: its size, and its title for screen readers."""
    t = esc(title)
    return (
        f'<svg class="{cls}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{t}"><title>{t}</title>'
    )


def period_chart(rows: list[PeriodRow], cat: Catalogue) -> Markup:
    """Administrations (rows) × common plan periods (columns).

    Each cell: a bar as long as the administration's local initiatives in the period,
    green for those traced to the strategy and red for the rest, and a circle with the
    number of findings (red when one is an error); a grey dashed box where the
    administration has no local plan for the period. What the tables cannot show at a
    glance: which administration slipped from one period to the next.
    """
    if not rows or not rows[0].cells:
        return Markup("")
    periods = [c.plan for c in rows[0].cells]
    top = max((c.initiatives for r in rows for c in r.cells), default=0) or 1
    width = _LEFT + len(periods) * _COL
    height = _HEAD + len(rows) * _ROW + 4
    out = [svg_open("periods", width, height, cat["periods_chart_title"])]
    for j, p in enumerate(periods):
        x = _LEFT + j * _COL
        out.append(f'<text x="{x}" y="16" class="pl">{esc(p.label)}</text>')
    for i, row in enumerate(rows):
        y = _HEAD + i * _ROW
        out.append(
            f'<text x="{_LEFT - 8}" y="{y + 18}" text-anchor="end">{esc(row.admin.code)}'
            f"<title>{esc(row.admin.label)}</title></text>"
        )
        for j, c in enumerate(row.cells):
            x = _LEFT + j * _COL
            if not c.has_plan:
                out.append(
                    f'<g><rect x="{x}" y="{y + 5}" width="{_BAR}" height="16" fill="none" '
                    f'stroke="{_GREY}" stroke-dasharray="4 3"/>'
                    f'<text x="{x + 6}" y="{y + 17}" fill="#5f6368">{esc(cat["no_plan_row"])}</text>'
                )
            else:
                full = round(_BAR * c.initiatives / top)
                done = round(full * c.traced / c.initiatives) if c.initiatives else 0
                share = cat.pct(c.traced / c.initiatives) if c.initiatives else "–"
                tip = cat.fmt(
                    "periods_cell",
                    initiatives=c.initiatives,
                    pct=share,
                    findings=cat.count("n_findings", c.findings),
                )
                out.append(
                    f"<g><title>{esc(row.admin.label)} · {esc(c.plan.label)}: {esc(tip)}</title>"
                    f'<rect x="{x}" y="{y + 5}" width="{done}" height="16" fill="{_OK}"/>'
                    f'<rect x="{x + done}" y="{y + 5}" width="{full - done}" height="16" fill="{_BAD}"/>'
                    f'<text x="{x + full + 6}" y="{y + 17}">{c.initiatives} · {esc(share)}</text>'
                )
            if c.findings:
                colour = _BAD if c.errors else "#e0a000"
                cx = x + _BAR + 90
                out.append(
                    f'<circle cx="{cx}" cy="{y + 13}" r="10" fill="{colour}"/>'
                    f'<text x="{cx}" y="{y + 17}" text-anchor="middle" fill="#fff" '
                    f'font-weight="700">{c.findings}</text>'
                )
            out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))
