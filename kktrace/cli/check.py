"""``kktrace check`` and ``kktrace rules``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kktrace.cli.app import Lang, LangOpt, PathsArg, app


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
) -> None:
    """Check traceability: every rule of the contract plus the SHACL shapes.

    Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 on bad input.
    """
    from kktrace.findings.formats import to_csv, to_markdown, to_text
    from kktrace.findings.run import check as run_check
    from kktrace.model.remote import load_endpoint
    from kktrace.model.store import load
    from kktrace.progress import progress
    from kktrace.rules import Rule, registry, select_rules

    if endpoint and paths:
        from kktrace.errors import UsageError

        raise UsageError(
            "give either PATH… or --endpoint, not both — the endpoint's graph is checked"
        )
    rules_dirs = list(rules_dir or [])
    all_rules = registry(rules_dirs)  # a broken user rule fails before the data is loaded
    chosen = [
        r
        for r in select_rules(all_rules, rule or None, skip or ())
        if not (no_shapes and r.kind == "shacl")
    ]
    # A bar on a terminal only: never in machine formats, pipes or CI logs.
    with progress(len(chosen) + 1, "…", quiet=fmt is not CheckFormat.text) as bar:
        bar.describe(str(endpoint or "") or "load")
        model = load_endpoint(endpoint, graph, user, password) if endpoint else load(paths)
        bar.advance()

        def step(r: Rule) -> None:
            bar.describe(r.id)
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
    if fmt is CheckFormat.json:
        typer.echo(report.dumps(), nl=False)
    elif fmt is CheckFormat.csv:
        typer.echo(to_csv(report), nl=False)
    elif fmt is CheckFormat.md:
        typer.echo(to_markdown(report, all_rules, lang.value), nl=False)
    else:
        typer.echo(to_text(report, all_rules, lang.value), nl=False)
    if report.fails():
        raise typer.Exit(1)


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
