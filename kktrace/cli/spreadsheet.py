"""``kktrace template``, ``kktrace import`` and ``kktrace export``: plan owners' spreadsheets."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kktrace.cli.app import Lang, PathsArg, app

_DEFAULT_BASE = "https://w3id.org/kktrace/id/kk/"

BaseOpt = Annotated[
    str,
    typer.Option(
        "--base",
        help="Base IRI that ids are appended to (ids with æøå etc. are made IRI-safe).",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]
SheetLangOpt = Annotated[
    Lang, typer.Option("--lang", help="Language of sheet names, headers and the README sheet.")
]


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


@app.command()
def template(
    output: Annotated[Path, typer.Option("-o", "--output", help="XLSX file to write.")] = Path(
        "plan.xlsx"
    ),
    lang: SheetLangOpt = Lang.da,
    force: ForceOpt = False,
) -> None:
    """Write the empty spreadsheet template (XLSX) for plans, goals and initiatives."""
    from kktrace.errors import UsageError
    from kktrace.output import write_atomic
    from kktrace.spreadsheet import template as build

    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"{output}: the template is a workbook — give -o FILE.xlsx")
    write_atomic(output, build(lang.value), force=force)
    typer.echo(str(output))


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The workbook (.xlsx) or CSV file (.csv) to read.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Turtle file to write. Default: standard output."),
    ] = None,
    base: BaseOpt = _DEFAULT_BASE,
    known: Annotated[
        list[Path] | None,
        typer.Option(
            "--known",
            help="RDF files or folders whose resources ids may refer to "
            "(e.g. the common plan a local plan supports). Repeatable.",
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="Language of the error messages. Default: the file's."),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Convert a spreadsheet to Turtle; report every mistake at once (exit 2, nothing written)."""
    from kktrace.errors import UsageError
    from kktrace.output import check_target, write_atomic
    from kktrace.spreadsheet import SpreadsheetError, import_file, to_turtle

    if output is not None and _same_file(output, file):
        raise UsageError(f"{output}: is the input file — give another output file with -o")
    if output is not None:
        check_target(output, force=force)
    known_terms: list = []
    if known:
        from kktrace.model.store import load

        model = load(known)
        from kktrace.spreadsheet.exporter import data_triples

        known_terms = sorted({t.subject for t in data_triples(model)}, key=str)
    try:
        result = import_file(file, base=base, known=known_terms, lang=lang.value if lang else None)
    except SpreadsheetError as exc:
        typer.echo(f"Error: {exc.message}", err=True)
        for line in exc.errors:
            typer.echo(line, err=True)
        raise typer.Exit(2) from None
    text = to_turtle(result.triples, base)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, force=force)
        typer.echo(
            f"{file}: {result.rows} rows, {len(result.triples)} triples → {output}", err=True
        )


@app.command()
def export(
    paths: PathsArg = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", help="Output format. Default: from the -o file's extension."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write (required for xlsx). Default: stdout."),
    ] = None,
    base: BaseOpt = _DEFAULT_BASE,
    lang: SheetLangOpt = Lang.da,
    force: ForceOpt = False,
) -> None:
    """Export the model: xlsx (template layout, re-importable), csv, jsonld, graphml, gexf."""
    from kktrace.errors import UsageError
    from kktrace.model.store import load
    from kktrace.output import check_target, write_atomic
    from kktrace.spreadsheet import export as build

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        suffix = {"json": "jsonld", "xls": "xlsx"}.get(suffix, suffix)
        if suffix not in ExportFormat.__members__:
            raise UsageError(
                "no --format and no known -o extension — give --format xlsx|csv|jsonld|graphml|gexf"
            )
        fmt = ExportFormat(suffix)
    if fmt is ExportFormat.xlsx and output is None:
        raise UsageError("--format xlsx needs -o FILE.xlsx — a workbook cannot go to the terminal")
    if output is not None:
        check_target(output, force=force)
    model = load(paths)
    if output is not None and any(_same_file(output, f) for f in model.files):
        raise UsageError(f"{output}: is one of the input files — give another output file with -o")
    content = build(model, fmt.value, base=base, lang=lang.value)
    if output is None:
        typer.echo(content, nl=False)
    else:
        write_atomic(output, content, force=force)
        typer.echo(str(output))
