"""Lay a :class:`~kktrace.report.data.GapReport` out as HTML and as Markdown (Jinja2).

HTML: autoescape on, so every label, message and IRI is escaped; a Content-Security-Policy
forbids scripts and every network fetch as a second line of defence. Markdown: every
``{{ expression }}`` passes through :func:`md_escape` (Jinja's ``finalize``), so data
cannot turn into markup; the templates' own literal text carries the markup.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import jinja2

from kktrace.model.vocab import SEVERITIES
from kktrace.report.data import GapReport
from kktrace.report.messages import Catalogue
from kktrace.report.svg import coverage_bars, heatmap

TEMPLATES = Path(__file__).resolve().parent / "templates"

_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>|&~])")
_MD_LEADING = re.compile(r"^(\s*)([#+\-=>])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


class MdSafe(str):
    """Markdown already escaped (a macro's output): :func:`md_escape` leaves it alone."""


def md_escape(value: Any) -> str:
    r"""Text that Markdown shows literally, on one line (safe in a table cell).

    Backslash-escapes the characters that start emphasis, links, code, HTML, tables
    and entities, and a leading ``#``, ``>``, list marker or ``1.`` that would start a
    block. Line breaks become spaces.

    >>> print(md_escape("<b>*x*</b> | [y](z)"))
    \<b\>\*x\*\</b\> \| \[y\](z)
    >>> print(md_escape("# heading"), md_escape("1. day"))
    \# heading 1\. day
    >>> md_escape(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    text = " ".join(str(value).split())
    text = _MD_ACTIVE.sub(r"\\\1", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    return _MD_LEADING.sub(r"\1\\\2", text)


def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=None if autoescape else md_escape,
    )
    env.filters["raw"] = MdSafe
    env.filters["md_escape"] = md_escape
    return env


def _context(report: GapReport, cat: Catalogue) -> dict[str, Any]:
    def day(iso: str | None) -> str:
        if not iso:
            return ""
        try:
            return cat.date(dt.date.fromisoformat(iso[:10]))
        except ValueError:
            return iso

    source = report.source if report.source is not None else cat["bundled_source"]
    inline = report.source if report.source is not None else cat["bundled_source_inline"]
    return {
        "r": report,
        "m": cat,
        "lang": cat.lang,
        "day": day,
        "date": day(report.date),
        "source": source,
        "summary": summary_sentences(report, cat, inline, day(report.date)),
        "heatmap": heatmap(report.matrices, cat),
        "coverage_svg": coverage_bars(report.coverage, cat),
        "severities": SEVERITIES,
    }


def summary_sentences(report: GapReport, cat: Catalogue, source: str, date: str) -> list[str]:
    """The plain-language summary, one sentence per item."""
    sc = report.severity_counts
    admin = report.admin.label if report.admin else ""
    if sum(sc.values()) == 0:
        out = [cat.fmt("sum_clean", source=source, date=date)]
    else:
        out = [
            cat.fmt(
                "sum_intro_admin" if report.admin else "sum_intro",
                source=source,
                date=date,
                admin=admin,
                errors=cat.count("n_errors", sc["error"]),
                warnings=cat.count("n_warnings", sc["warning"]),
            )
        ]
    total = sum(r.total for r in report.coverage)
    traced = sum(r.traced for r in report.coverage)
    if total:
        key = "sum_coverage_admin" if report.admin else "sum_coverage"
        out.append(cat.fmt(key, pct=cat.pct(traced / total), total=total))
    else:
        out.append(cat["sum_coverage_none"])
    unsupported = len(report.unsupported)
    if unsupported:
        key = "sum_unsupported_admin" if report.admin else "sum_unsupported"
        out.append(cat.fmt(key, n=unsupported))
    elif any(m.goals for m in report.matrices):
        out.append(cat["sum_all_supported"])
    tables = [t for t in report.readiness if not t.transition]
    needing = sum(len(t.rows) for t in tables)
    if needing:
        out.append(cat.fmt("sum_readiness", ready=sum(t.ready for t in tables), total=needing))
    elif not report.admin:
        out.append(cat["sum_readiness_none"])
    top = sorted((g for g in report.by_admin if g.total), key=lambda g: -g.total)[:3]
    if top and not report.admin:
        items = ", ".join(
            f"{g.admin.code if g.admin else cat['common_short']} ({g.total})" for g in top
        )
        out.append(cat.fmt("sum_top", items=items))
    if report.changes is not None:
        out.append(
            cat.fmt(
                "sum_changes",
                resolved=cat.count("n_findings", len(report.changes.resolved)),
                new=cat.count("n_findings", len(report.changes.new)),
            )
        )
    return out


def render_html(report: GapReport) -> str:
    """The self-contained HTML page."""
    cat = Catalogue(report.lang)
    return _environment(True).get_template("report.html.j2").render(_context(report, cat))


def render_markdown(report: GapReport) -> str:
    """The same content as Markdown (GitHub-flavoured tables; the pictures stay in HTML)."""
    cat = Catalogue(report.lang)
    return _environment(False).get_template("report.md.j2").render(_context(report, cat))
