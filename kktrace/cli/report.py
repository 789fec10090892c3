"""``kktrace report``: the gap report (HTML + Markdown + findings JSON) in a folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from kktrace.cli.app import Lang, LangOpt, PathsArg, app


@app.command()
def report(
    paths: PathsArg = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder to write the report into.")
    ] = Path("reports"),
    lang: LangOpt = Lang.da,
    administration: Annotated[
        str | None,
        typer.Option(
            "--administration",
            help="Report for one administration only (its code, e.g. BUF).",
            show_default=False,
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="An earlier findings JSON (findings.<lang>.json of an earlier report) or an "
            "earlier version of the data (file or folder): show resolved and new findings.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The day the report shows, YYYY-MM-DD. Default: today. Give it to get the "
            "same bytes from the same data on any day.",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a reported finding is at or above this "
            "severity (error|warning|info|never).",
        ),
    ] = "error",
) -> None:
    """Write the gap report: gap-report.<lang>.html, gap-report.<lang>.md, findings.<lang>.json.

    Exit 0 when nothing reported is at or above --fail-on, 1 when something is (the
    report is written either way), 2 on bad input.
    """
    from kktrace.errors import UsageError
    from kktrace.findings.baseline import load_baseline
    from kktrace.findings.finding import FAIL_ON_RANK, Report
    from kktrace.findings.run import check, rule_threads
    from kktrace.model.store import load
    from kktrace.progress import progress
    from kktrace.report import (
        build_gap_report,
        check_date,
        prepare_gap_report,
        write_gap_report,
    )
    from kktrace.report.messages import Catalogue
    from kktrace.report.rules import registry_texts

    if fail_on not in FAIL_ON_RANK:
        raise UsageError(f"--fail-on {fail_on}: unknown — use one of {', '.join(FAIL_ON_RANK)}")
    day = check_date(date) if date else dt.date.today().isoformat()
    # A bar on a terminal only (stderr); the written paths go to stdout after it.
    with progress(4, "load") as bar:
        model = load(paths)
        bar.advance()
        bar.describe("check")
        if rule_threads() > 1:
            # The report's model-only part (matrix, coverage, readiness, continuity) is
            # computed beside the check: its queries give up the GIL while they run.
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kktrace-report")
            try:
                pending = pool.submit(
                    prepare_gap_report, model, lang=lang.value, administration=administration
                )
                checked = check(model, lang=lang.value)
                prepared = pending.result()
            finally:
                pool.shutdown(wait=False, cancel_futures=True)
        else:
            checked = check(model, lang=lang.value)
            prepared = prepare_gap_report(model, lang=lang.value, administration=administration)
        bar.advance()
        bar.describe("report")
        texts = {k: v for k, v in registry_texts(lang.value).items() if k in set(checked.rules)}
        old = load_baseline(baseline, lang.value) if baseline is not None else None
        gap = build_gap_report(
            model,
            checked.findings,
            lang=lang.value,
            date=day,
            rules=texts,
            administration=administration,
            baseline=old,
            baseline_name=str(baseline) if baseline is not None else "",
            source=", ".join(str(p) for p in paths) if paths else None,
            prepared=prepared,
        )
        bar.advance()
        bar.describe("write")
        written = write_gap_report(gap, output)
        bar.advance()
    for path in written:
        typer.echo(str(path))
    typer.echo(Catalogue(lang.value).summary_line(gap.severity_counts, administration), err=True)
    if Report(findings=list(gap.findings)).fails(fail_on):
        raise typer.Exit(1)
