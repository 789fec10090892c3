"""``kktrace info`` and ``kktrace validate``."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from kktrace.cli.app import Lang, LangOpt, PathsArg, TableOrJson, app
from kktrace.cli.streams import printable


@app.command()
def info(
    paths: PathsArg = None,
    fmt: Annotated[
        TableOrJson, typer.Option("--format", help="Output format.")
    ] = TableOrJson.table,
    lang: LangOpt = Lang.da,
) -> None:
    """Show what is in the model: counts per class, per plan and per administration."""
    from kktrace.model.store import BUNDLED_SOURCE, load
    from kktrace.model.summary import summarise

    data = summarise(load(paths), lang=lang.value)
    if fmt is TableOrJson.json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    w = _INFO_WORDS[lang.value]
    source = w["bundled"] if data["source"] == BUNDLED_SOURCE else data["source"]
    head = w["head"].format(source=source, files=data["files"], triples=data["triples"])
    typer.echo(printable(head))
    typer.echo(f"\n{w['classes']}")
    for name, count in data["classes"].items():
        typer.echo(printable(f"  {name:<24} {count:>6}"))
    typer.echo(f"\n{w['plans']}")
    # Names in full (a plan's years are at the end of its name): the counts come first.
    for p in data["plans"]:
        typer.echo(
            f"  {p['goals']:>4} {w['goals']:<5} {p['initiatives']:>4} {w['initiatives']:<11}  "
            + printable(p["label"])
        )
    typer.echo(f"\n{w['administrations']}")
    for a in data["administrations"]:
        typer.echo(
            printable(
                f"  {(a['code'] or ''):<5} {a['plans']:>2} {w['plans_n']:<6} "
                f"{a['initiatives']:>4} {w['initiatives']:<11}  {a['label']}"
            )
        )


_INFO_WORDS = {
    "da": {
        "head": "{source}: {files} filer, {triples} tripler",
        "bundled": "de medfølgende københavnske data",
        "classes": "Klasser",
        "plans": "Planer",
        "administrations": "Forvaltninger",
        "goals": "mål",
        "initiatives": "initiativer",
        "plans_n": "planer",
    },
    "en": {
        "head": "{source}: {files} files, {triples} triples",
        "bundled": "bundled Copenhagen data",
        "classes": "Classes",
        "plans": "Plans",
        "administrations": "Administrations",
        "goals": "goals",
        "initiatives": "initiatives",
        "plans_n": "plans",
    },
}


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
    w = _VALIDATE_WORDS[lang.value]
    for v in violations:
        path = v.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        severity = w.get(v.severity, v.severity)
        label = model.label(v.focus, lang.value)
        typer.echo(printable(f"{severity}: {label} <{v.focus}> {path}: {v.message}"))
    if violations:
        typer.echo(w["count"].format(n=len(violations)), err=True)
        raise typer.Exit(1)
    typer.echo(w["conforms"])


_VALIDATE_WORDS = {
    "da": {
        "Violation": "Overtrædelse",
        "Warning": "Advarsel",
        "Info": "Info",
        "count": "{n} overtrædelse(r).",
        "conforms": "Opfylder: modellen overholder alle SHACL-former.",
    },
    "en": {
        "count": "{n} violation(s).",
        "conforms": "Conforms: the model satisfies every SHACL shape.",
    },
}
