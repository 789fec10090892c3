"""``kktrace check`` and ``kktrace rules``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kktrace.cli.app import AdministrationOpt, Lang, LangOpt, PathsArg, PlanOpt, app
from kktrace.cli.streams import printable

if TYPE_CHECKING:
    from kktrace.findings.cache import CachedCheck
    from kktrace.findings.finding import Report
    from kktrace.model.store import Model


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    md = "md"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class RulesFormat(str, Enum):
    table = "table"
    json = "json"


RulesDirOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules-dir",
        help="A folder of your own .rq rules (same header format as the built-in ones); "
        "repeatable.",
        show_default=False,
    ),
]


@app.command()
def check(
    paths: PathsArg = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", help="Output format.")] = CheckFormat.text,
    fail_on: Annotated[
        FailOn,
        typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity."),
    ] = FailOn.error,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="Run only this rule id; repeatable.", show_default=False),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option("--skip", help="Do not run this rule id; repeatable.", show_default=False),
    ] = None,
    rules_dir: RulesDirOpt = None,
    no_shapes: Annotated[
        bool, typer.Option("--no-shapes", help="Leave out the SHACL shapes (shape-violation).")
    ] = False,
    lang: LangOpt = Lang.da,
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            help="Check a graph on this SPARQL endpoint instead of files.",
            show_default=False,
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option("--graph", help="IRI of the graph on --endpoint.", show_default=False),
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="User for --endpoint.", show_default=False)
    ] = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password", help="Password for --user.", envvar="KKTRACE_PASSWORD", show_default=False
        ),
    ] = None,
    on_server: Annotated[
        bool,
        typer.Option(
            "--on-server",
            help="With --endpoint: run the rules on the SPARQL server and fetch only the "
            "findings, instead of downloading the graph (see docs/sparql.md).",
        ),
    ] = False,
    administration: AdministrationOpt = None,
    plan: PlanOpt = None,
    cache: Annotated[
        Path | None,
        typer.Option(
            "--cache",
            help="Keep results per group of linked files in this folder and, on the next "
            "run, re-check only the files that changed (same findings as without it).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check traceability: every rule of the contract plus the SHACL shapes.

    Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 on bad input.
    With --administration or --plan, findings and exit code are those of that scope.
    A file checked without the data it refers to (a plan file alone) is told so: its
    references into the project's data are counted, not reported one by one.
    """
    from kktrace.findings.formats import to_csv, to_markdown, to_text
    from kktrace.findings.run import check as run_check
    from kktrace.model.store import load
    from kktrace.progress import progress
    from kktrace.rules import Rule, registry, select_rules

    if endpoint and paths:
        from kktrace.errors import UsageError

        raise UsageError(
            "give either PATH… or --endpoint, not both — the endpoint's graph is checked"
        )
    if endpoint and cache:
        from kktrace.errors import UsageError

        raise UsageError("--cache works on files, not on --endpoint — leave out one of them")
    if on_server:
        _on_server_usage(endpoint, administration, plan)
    rules_dirs = list(rules_dir or [])
    all_rules = registry(rules_dirs)  # a broken user rule fails before the data is loaded
    chosen = [
        r
        for r in select_rules(all_rules, rule or None, skip or ())
        if not (no_shapes and r.kind == "shacl")
    ]
    model: Model | None = None
    done: CachedCheck | None = None
    # A bar on a terminal only: never in machine formats, pipes or CI logs.
    with progress(len(chosen) + 1, "…", quiet=fmt is not CheckFormat.text) as bar:

        def step(r: Rule) -> None:
            bar.describe(r.id)
            bar.advance()

        if cache is not None:
            from kktrace.findings.cache import cached_check

            bar.describe("cache")
            done = cached_check(
                paths,
                cache,
                rules=rule or None,
                skip=skip or (),
                rule_dirs=rules_dirs,
                shapes=not no_shapes,
                lang=lang.value,
                fail_on=fail_on.value,
                on_rule=step,
            )
            report, files = done.report, done.files
        elif on_server and endpoint:
            from kktrace.findings.on_server import check_on_server

            bar.describe(endpoint)
            bar.advance()
            report = check_on_server(
                endpoint,
                graph,
                user=user,
                password=password,
                rules=rule or None,
                skip=skip or (),
                rule_dirs=rules_dirs,
                shapes=not no_shapes,
                lang=lang.value,
                fail_on=fail_on.value,
                on_rule=step,
                warn=lambda line: typer.echo(printable(line), err=True),
            )
        else:
            bar.describe(str(endpoint or "") or "load")
            if endpoint:
                from kktrace.model.remote import load_endpoint

                model = load_endpoint(endpoint, graph, user, password)
            else:
                model = load(paths)
            files = model.files
            bar.advance()
            report = run_check(
                model,
                rules=rule or None,
                skip=skip or (),
                rule_dirs=rules_dirs,
                shapes=not no_shapes,
                lang=lang.value,
                fail_on=fail_on.value,
                on_rule=step,
            )
    if paths:
        report = _outside(report, files, list(paths), lang.value, cache)
    if administration is not None or plan is not None:
        if done is not None:
            from kktrace.findings.cache import cached_scope

            report = cached_scope(done, administration, plan, lang.value)
        else:
            from kktrace.findings.scope import scope

            report = scope(report, model or load(paths), administration, plan, lang.value)
    if fmt is CheckFormat.json:
        typer.echo(report.dumps(), nl=False)
    elif fmt is CheckFormat.csv:
        typer.echo(to_csv(report), nl=False)
    elif fmt is CheckFormat.md:
        typer.echo(printable(to_markdown(report, all_rules, lang.value)), nl=False)
    else:
        typer.echo(printable(to_text(report, all_rules, lang.value)), nl=False)
    if report.fails():
        raise typer.Exit(1)


def _on_server_usage(endpoint: str | None, administration: object, plan: object) -> None:
    """--on-server needs --endpoint and works on the whole graph."""
    from kktrace.errors import UsageError

    if not endpoint:
        raise UsageError("--on-server needs --endpoint URL — the rules run on that server")
    if administration is not None or plan is not None:
        raise UsageError("--administration and --plan need the graph here: leave out --on-server")


_OUTSIDE = {
    "da": "Bemærk: {n} henvisninger peger uden for {files} (fx {example}) — tilføj projektets "
    "datamappe: kktrace check {data} {args}",
    "en": "Note: {n} references point outside {files} (e.g. {example}) — add the project's "
    "data folder: kktrace check {data} {args}",
}


def _outside(
    report: Report, checked: list[Path], given: list[Path], lang: str, cache: Path | None = None
) -> Report:
    """Leave out dangling references into the project's data, and say so once on stderr.

    With ``cache`` (``--cache``), what the project's data describes is kept there too."""
    from kktrace.findings.cache import described_nodes
    from kktrace.findings.scope import DANGLING, outside_references
    from kktrace.model.resources import data_dir, project_data

    if not any(f.rule == DANGLING for f in report.findings):
        return report
    paths, name = project_data()
    folder = paths[0] if paths else data_dir()
    # Targets the project's data describes; when that data was checked in full, no
    # dangling reference points at one of them, and real mistakes stay findings.
    described = described_nodes(paths, cache)
    report, outside = outside_references(report, described)
    if outside:
        files = ", ".join(sorted({Path(f).name for f in checked})) or "?"
        shown = name if name != "bundled" else str(folder)
        typer.echo(
            _OUTSIDE[lang].format(
                n=sum(len(f.related) for f in outside),
                files=files,
                example=outside[0].related[0].rsplit("/", 1)[-1],
                data=shown,
                args=" ".join(str(p) for p in given),
            ),
            err=True,
        )
    return report


@app.command()
def rules(
    rules_dir: RulesDirOpt = None,
    fmt: Annotated[
        RulesFormat, typer.Option("--format", help="Output format.")
    ] = RulesFormat.table,
    lang: LangOpt = Lang.da,
) -> None:
    """List every rule: id, default severity, title and where the rule lives."""
    from kktrace.rules import registry

    listed = registry(list(rules_dir or []))
    if fmt is RulesFormat.json:
        data = [
            {
                "id": r.id,
                "severity": r.severity,
                "kind": r.kind,
                "location": r.location,
                "title": dict(r.title),
                "description": dict(r.description),
                "fix": dict(r.fix),
            }
            for r in listed
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    width = max(len(r.id) for r in listed)
    for r in listed:
        typer.echo(f"{r.id:<{width}}  {r.severity:<7}  {r.text('title', lang.value)}")
        typer.echo(f"{'':<{width}}  {'':<7}  {r.location}")
