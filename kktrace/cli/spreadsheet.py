"""``kktrace template``, ``kktrace import`` and ``kktrace export``: plan owners' spreadsheets."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from kktrace.cli.app import AdministrationOpt, Lang, PathsArg, PlanOpt, app
from kktrace.model.namespaces import KK

_DEFAULT_BASE = KK


def _absolute_iri(base: str) -> str:
    """``--base`` must be an absolute IRI (a scheme, then no spaces or ``<>"{}|^`\\``)."""
    import re

    import pyoxigraph as ox

    try:
        ox.NamedNode(base)
    except ValueError:
        ok = False
    else:
        ok = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]", base) is not None
    if not ok:
        raise typer.BadParameter(
            f"{base!r} is not an absolute IRI — give e.g. https://example.org/id/"
        )
    return base


BaseOpt = Annotated[
    str,
    typer.Option(
        "--base",
        help="Base IRI that ids are appended to (ids with æøå etc. are made IRI-safe).",
        callback=_absolute_iri,
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


#: What the spreadsheet commands say, in Danish (the default) and English.
_SAY = {
    "da": {
        "error": "Fejl",
        "warning": "Advarsel",
        "exists": "{path}: findes allerede — brug --force for at overskrive den",
        "is_input": "{path}: er inputfilen — angiv en anden outputfil med -o",
        "wrote": "{file}: {rows} rækker, {triples} tripler → {output}",
        "template_suffix": "{path}: skabelonen er en projektmappe — angiv -o FIL.xlsx",
        "no_format": "intet --format og ingen kendt endelse på -o — angiv --format "
        "xlsx|csv|jsonld|graphml|gexf",
        "xlsx_stdout": "--format xlsx kræver -o FIL.xlsx — en projektmappe kan ikke skrives "
        "til terminalen",
    },
    "en": {
        "error": "Error",
        "warning": "Warning",
        "exists": "{path}: already exists — use --force to overwrite it",
        "is_input": "{path}: is the input file — give another output file with -o",
        "wrote": "{file}: {rows} rows, {triples} triples → {output}",
        "template_suffix": "{path}: the template is a workbook — give -o FILE.xlsx",
        "no_format": "no --format and no known -o extension — give --format "
        "xlsx|csv|jsonld|graphml|gexf",
        "xlsx_stdout": "--format xlsx needs -o FILE.xlsx — a workbook cannot go to the terminal",
    },
}


def _fail(lang: str, text: str) -> typer.Exit:
    """Print one "Fejl: …" line in ``lang`` and return the exit to raise (code 2)."""
    typer.echo(f"{_SAY[lang]['error']}: {text}", err=True)
    return typer.Exit(2)


def known_data(
    known: list[Path] | None, no_known: bool = False, leave_out: Path | None = None
) -> tuple[Any, str]:
    """The model a workbook's references resolve against, and its name for messages.

    ``--known`` paths when given; else the project's ``data/`` folder (the current
    directory's), else the bundled data; nothing with ``--no-known``. ``leave_out`` (the
    import's own output file, when it lies in that data) is not read: importing a plan
    again over its earlier version must not find the plan already there.
    """
    from kktrace.model.store import load
    from kktrace.spreadsheet.references import project_data

    if no_known:
        return None, ""
    name = ", ".join(str(p) for p in known) if known else ""
    paths: list[Path] | None = list(known) if known else None
    if not known:
        paths, name = project_data()
    model = load(paths)
    if leave_out is not None and leave_out.exists():
        target = leave_out.resolve()
        files = [f for f in model.files if Path(f).resolve() != target]
        if len(files) < len(model.files) and files:
            model = load(files)
    return model, name


@app.command()
def template(
    output: Annotated[Path, typer.Option("-o", "--output", help="XLSX file to write.")] = Path(
        "plan.xlsx"
    ),
    lang: SheetLangOpt = Lang.da,
    force: ForceOpt = False,
    known: Annotated[
        list[Path] | None,
        typer.Option(
            "--known",
            help="RDF files or folders whose administrations, units, common plans and goals "
            "fill the drop-downs. Default: ./data if it holds RDF, else the bundled data.",
        ),
    ] = None,
) -> None:
    """Write the spreadsheet template (XLSX) for plans, goals and initiatives.

    One example row per sheet, a prompt in every cell, and drop-downs listing the
    administrations, common plans and goals of the project's data.
    """
    from kktrace.errors import KKTraceError
    from kktrace.output import check_target, write_atomic
    from kktrace.spreadsheet import template as build

    say = _SAY[lang.value]
    if output.suffix.lower() != ".xlsx":
        raise _fail(lang.value, say["template_suffix"].format(path=output))
    if not force and output.exists():
        raise _fail(lang.value, say["exists"].format(path=output))
    try:
        check_target(output, force=force)
        data, _ = known_data(known)
        write_atomic(output, build(lang.value, data, output.name), force=force)
    except KKTraceError as exc:
        raise _fail(lang.value, str(exc)) from None
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
            help="RDF files or folders whose resources ids may refer to (e.g. the common "
            "plan a local plan supports). Repeatable. Default: ./data if it holds RDF, "
            "else the bundled data.",
        ),
    ] = None,
    no_known: Annotated[
        bool,
        typer.Option("--no-known", help="Resolve ids within the workbook only."),
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="Language of the messages. Default: the file's."),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Convert a spreadsheet to Turtle; report every mistake at once (exit 2, nothing written).

    References to things outside the workbook (the common plan, its goals, the
    administration) are looked up in the project's data: ./data, else the bundled data.
    """
    from kktrace.errors import KKTraceError
    from kktrace.output import check_target, write_atomic
    from kktrace.spreadsheet import SpreadsheetError, import_file, to_turtle

    say_lang = lang.value if lang else "da"
    say = _SAY[say_lang]
    if output is not None and _same_file(output, file):
        raise _fail(say_lang, say["is_input"].format(path=output))
    if output is not None and not force and output.exists():
        raise _fail(say_lang, say["exists"].format(path=output))
    try:
        if output is not None:
            check_target(output, force=force)
        data, data_name = known_data(known, no_known, leave_out=output)
        result = import_file(
            file,
            base=base,
            lang=lang.value if lang else None,
            data=data,
            data_name=data_name,
        )
    except SpreadsheetError as exc:
        say = _SAY[exc.lang]
        typer.echo(f"{say['error']}: {exc.message}", err=True)
        for line in exc.errors + exc.warnings:
            typer.echo(line, err=True)
        raise typer.Exit(2) from None
    except KKTraceError as exc:
        raise _fail(say_lang, str(exc)) from None
    say = _SAY[result.lang]
    for line in result.warnings:
        typer.echo(line, err=True)
    text = to_turtle(result.triples, base)
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            write_atomic(output, text, force=force)
        except KKTraceError as exc:
            raise _fail(result.lang, str(exc)) from None
        typer.echo(
            say["wrote"].format(
                file=file, rows=result.rows, triples=len(result.triples), output=output
            ),
            err=True,
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
    administration: AdministrationOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Export the model: xlsx (template layout, re-importable), csv, jsonld, graphml, gexf.

    With --administration or --plan (xlsx, csv): only that plan owner's rows, references
    to the rest as short ids.
    """
    from kktrace.errors import KKTraceError
    from kktrace.model.store import load
    from kktrace.output import check_target, write_atomic
    from kktrace.spreadsheet import export as build

    say = _SAY[lang.value]
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        suffix = {"json": "jsonld", "xls": "xlsx"}.get(suffix, suffix)
        if suffix not in ExportFormat.__members__:
            raise _fail(lang.value, say["no_format"])
        fmt = ExportFormat(suffix)
    if fmt is ExportFormat.xlsx and output is None:
        raise _fail(lang.value, say["xlsx_stdout"])
    if output is not None and not force and output.exists():
        raise _fail(lang.value, say["exists"].format(path=output))
    try:
        if output is not None:
            check_target(output, force=force)
        model = load(paths)
        if output is not None and any(_same_file(output, f) for f in model.files):
            raise _fail(lang.value, say["is_input"].format(path=output))
        content = build(
            model, fmt.value, base=base, lang=lang.value, administration=administration, plan=plan
        )
        if output is not None:
            write_atomic(output, content, force=force)
    except KKTraceError as exc:
        raise _fail(lang.value, str(exc)) from None
    if output is None:
        typer.echo(content, nl=False)
    else:
        typer.echo(str(output))
