"""``kktrace info`` and ``kktrace validate``."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from kktrace.cli.app import Lang, LangOpt, PathsArg, TableOrJson, app


@app.command()
def info(
    paths: PathsArg = None,
    fmt: Annotated[
        TableOrJson, typer.Option("--format", help="Output format.")
    ] = TableOrJson.table,
    lang: LangOpt = Lang.da,
) -> None:
    """Show what is in the model: counts per class, per plan and per administration."""
    from kktrace.model.store import load
    from kktrace.model.summary import summarise

    data = summarise(load(paths), lang=lang.value)
    if fmt is TableOrJson.json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{data['source']}: {data['files']} files, {data['triples']} triples")
    typer.echo("\nClasses")
    for name, count in data["classes"].items():
        typer.echo(f"  {name:<24} {count:>6}")
    typer.echo("\nPlans")
    for p in data["plans"]:
        typer.echo(
            f"  {p['label'][:56]:<56} {p['goals']:>4} goals {p['initiatives']:>4} initiatives"
        )
    typer.echo("\nAdministrations")
    for a in data["administrations"]:
        typer.echo(
            f"  {(a['code'] or ''):<5} {a['label'][:48]:<48} {a['plans']:>2} plans "
            f"{a['initiatives']:>4} initiatives"
        )


@app.command()
def validate(
    paths: PathsArg = None,
    lang: LangOpt = Lang.da,
) -> None:
    """Validate the model's structure with the SHACL shapes (exit 0 conforms, 1 violations)."""
    from kktrace.model.store import load
    from kktrace.rules.shacl.engine import validate as shacl_validate

    model = load(paths)
    violations = shacl_validate(model, lang=lang.value)
    for v in violations:
        path = v.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        typer.echo(
            f"{v.severity}: {model.label(v.focus, lang.value)} <{v.focus}> {path}: {v.message}"
        )
    if violations:
        typer.echo(f"{len(violations)} violation(s).", err=True)
        raise typer.Exit(1)
    typer.echo("Conforms: the model satisfies every SHACL shape.")
