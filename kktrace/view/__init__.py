"""Interactive, offline graph views of a model (``kktrace view``).

>>> from kktrace import check, load
>>> from kktrace.view.build import build_view
>>> from kktrace.view.html import render_html
>>> model = load()
>>> page = render_html(build_view(model, check(model, lang="en"), lang="en"))
>>> page.startswith("<!DOCTYPE html>") and "https://" not in page.split("<body")[0]
True

:func:`build_view` selects, lays out and styles the nodes (:mod:`.select`, :mod:`.layout`,
:mod:`.build`); :func:`render_html` makes one self-contained page (:mod:`.html`);
:func:`write_view` and :func:`write_all_views` write pages atomically.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kktrace.findings.finding import Finding, Report
from kktrace.output import write_atomic
from kktrace.view.build import MAX_NODES, View, build_view
from kktrace.view.html import render_html
from kktrace.view.select import Filters, Trace

if TYPE_CHECKING:
    from kktrace.model.store import Model

DEFAULT_DIR = Path("visualisations")

__all__ = [
    "DEFAULT_DIR",
    "MAX_NODES",
    "Filters",
    "View",
    "build_view",
    "default_name",
    "render_html",
    "write_all_views",
    "write_view",
]


def slug(text: str) -> str:
    """A file-name-safe ASCII slug (Danish letters transliterated).

    >>> slug("ØKF")
    'oekf'
    >>> slug("https://w3id.org/kktrace/id/kk/BUF-2011-07")
    'buf-2011-07'
    """
    text = text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "view"


def default_name(filters: Filters, lang: str = "da") -> str:
    """The file name a view gets in ``visualisations/`` (e.g. ``administration-buf.html``)."""
    parts = []
    if filters.administration:
        parts.append(f"administration-{slug(filters.administration)}")
    if filters.plan:
        parts.append(f"plan-{slug(filters.plan)}")
    if filters.focus:
        parts.append(f"focus-{slug(filters.focus)}")
        if filters.depth is not None:
            parts.append(f"depth{filters.depth}")
    if filters.findings_only:
        parts.append("findings")
    name = "-".join(parts) or "strategy"
    if lang != "da":
        name += f"-{lang}"
    return name + ".html"


def write_view(view: View, path: Path | str) -> Path:
    """Render ``view`` and write it atomically to ``path``."""
    return write_atomic(path, render_html(view))


def write_all_views(
    model: Model,
    findings: Report | Iterable[Finding] | None = None,
    out_dir: Path | str = DEFAULT_DIR,
    *,
    lang: str = "da",
    layout: str = "hierarchical",
) -> list[Path]:
    """Write the whole-strategy view and one view per administration that has a plan.

    Files: ``strategy.html`` and ``administration-<code>.html`` (``-en`` before ``.html``
    for English). Returns the paths written, in order.
    """
    report = list(findings.findings if isinstance(findings, Report) else findings or ())
    out = Path(out_dir)
    written = []
    every = [Filters()]
    trace = Trace.of(model)
    for adm, code in sorted(trace.codes.items(), key=lambda kv: (kv[1], kv[0])):
        if any(trace.administration_of(n) == adm for n in trace.nodes):
            every.append(Filters(administration=code or adm))
    for filters, name in zip(every, distinct_names(every, lang), strict=True):
        # one whole trace graph for every view (an administration's view from it is the
        # same as from its own part: tests/test_view_scope.py)
        view = build_view(model, report, filters=filters, layout=layout, lang=lang, trace=trace)
        written.append(write_view(view, out / name))
    return written


def distinct_names(every: Sequence[Filters], lang: str = "da") -> list[str]:
    """:func:`default_name` of each, made distinct where two would share a file.

    Codes that differ only by case or accents ("BUF" and "buf", "ØKF" and "OEKF") give the
    same slug; each of those views then gets a short stable tag of its own code, so no
    view overwrites another.
    """
    names = [default_name(f, lang) for f in every]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    out = []
    for filters, name in zip(every, names, strict=True):
        if seen[name] > 1 and filters.administration:
            tag = hashlib.sha1(filters.administration.encode("utf-8")).hexdigest()[:8]
            name = f"{name[: -len('.html')]}-{tag}.html"
        out.append(name)
    return out
