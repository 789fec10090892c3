"""The gap report: what the IT chiefs' forum takes to the Finance Committee.

>>> from kktrace import check, load
>>> from kktrace.report import build_gap_report
>>> from kktrace.report.render import render_html
>>> model = load()
>>> gap = build_gap_report(model, check(model).findings, lang="da", date="2026-11-26")
>>> "Ret først" in render_html(gap)
True

:func:`build_gap_report` computes the content (:mod:`.data`) from a model and a list of
findings; :func:`render_html` / :func:`render_markdown` lay it out (:mod:`.render`, Jinja2
templates in ``templates/``, texts in :mod:`.messages`); :func:`write_gap_report` writes
the HTML, the Markdown and the findings JSON into a folder.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kktrace.errors import UsageError
from kktrace.findings.finding import Finding, Report
from kktrace.model.store import BUNDLED_SOURCE
from kktrace.output import write_atomic
from kktrace.report.data import GapReport, Prepared, assemble, prepare
from kktrace.report.messages import LANGS
from kktrace.report.render import md_escape, render_html, render_markdown
from kktrace.report.rules import RuleText, registry_texts

if TYPE_CHECKING:
    from kktrace.model.store import Model

#: ``Model.source`` of the bundled data (see :func:`kktrace.model.store.load`).
_BUNDLED = BUNDLED_SOURCE


def build_gap_report(
    model: Model,
    findings: Sequence[Finding],
    *,
    lang: str = "da",
    date: str,
    rules: Mapping[str, RuleText] | None = None,
    administration: str | None = None,
    baseline: Sequence[Finding] | None = None,
    baseline_name: str = "",
    source: str | None = None,
    prepared: Prepared | None = None,
) -> GapReport:
    """The report's content for ``findings`` on ``model``.

    ``date`` is an ISO day (YYYY-MM-DD) shown in the report (never the clock); ``rules``
    defaults to the rule registry's texts; ``source`` (what was checked) defaults to the
    model's source, named in the report's language for the bundled data;
    ``administration`` is a code (skos:notation) such as "BUF" — unknown codes raise
    :class:`~kktrace.errors.UsageError` listing the known ones; ``prepared`` is
    :func:`prepare_gap_report`'s result for the same model, language and administration.
    """
    _check_lang(lang)
    check_date(date)
    if source is None and model.source not in ("", _BUNDLED):
        source = model.source
    return assemble(
        model,
        findings,
        lang=lang,
        date=date,
        rules=registry_texts(lang) if rules is None else rules,
        source=source,
        administration=administration,
        baseline=baseline,
        baseline_name=baseline_name,
        prepared=prepared,
    )


def prepare_gap_report(
    model: Model, *, lang: str = "da", administration: str | None = None
) -> Prepared:
    """The part of the report that needs no findings (matrix, coverage, readiness,
    continuity): compute it while the check runs, then pass it to :func:`build_gap_report`.

    Only reads ``model``, so it may run on another thread beside
    :func:`~kktrace.findings.run.check` (whose queries give up the GIL while they run).
    """
    _check_lang(lang)
    return prepare(model, lang=lang, administration=administration)


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise UsageError(f"--lang {lang}: unknown language — use one of {', '.join(LANGS)}")


def check_date(date: str) -> str:
    """``date`` if it is a YYYY-MM-DD day, else :class:`UsageError`."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise ValueError
        dt.date.fromisoformat(date)
    except ValueError:
        raise UsageError(
            f"--date {date}: not a day — give it as YYYY-MM-DD, e.g. 2026-11-26"
        ) from None
    return date


def output_names(lang: str, administration: str | None = None) -> dict[str, str]:
    """File names of the outputs: ``html``, ``md`` and ``json`` (the findings)."""
    tag = ""
    if administration:
        tag = "-" + (re.sub(r"[^\w-]+", "_", administration) or "_")
    return {
        "html": f"gap-report{tag}.{lang}.html",
        "md": f"gap-report{tag}.{lang}.md",
        "json": f"findings{tag}.{lang}.json",
    }


def write_gap_report(report: GapReport, out_dir: Path | str) -> list[Path]:
    """Write the HTML, Markdown and findings JSON of ``report`` into ``out_dir``."""
    names = output_names(report.lang, report.admin.notation if report.admin else None)
    out = Path(out_dir)
    return [
        write_atomic(out / names["html"], render_html(report)),
        write_atomic(out / names["md"], render_markdown(report)),
        write_atomic(out / names["json"], Report(findings=list(report.findings)).dumps()),
    ]


__all__ = [
    "GapReport",
    "Prepared",
    "RuleText",
    "build_gap_report",
    "check_date",
    "md_escape",
    "output_names",
    "prepare_gap_report",
    "render_html",
    "render_markdown",
    "write_gap_report",
]
