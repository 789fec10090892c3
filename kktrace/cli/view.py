"""``kktrace view``: write an interactive, offline HTML view of the model."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kktrace.cli.app import Lang, LangOpt, PathsArg, app

if TYPE_CHECKING:
    from kktrace.findings.finding import Report
    from kktrace.model.store import Model


class LayoutChoice(str, enum.Enum):
    hierarchical = "hierarchical"
    force = "force"


def _findings(model: Model, lang: str) -> Report:
    """The checks' findings, which the view marks on its nodes."""
    from kktrace.findings.run import check

    return check(model, lang=lang)


@app.command()
def view(
    paths: PathsArg = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="HTML file to write. Default: visualisations/<name>.html."
        ),
    ] = None,
    administration: Annotated[
        str | None,
        typer.Option("--administration", help="Only this administration (code, e.g. BUF, or IRI)."),
    ] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Only this action plan (IRI or code).")
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus", help="Only this node's chain up and what supports it (IRI or code)."
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option("--depth", min=0, help="With --focus: at most N links up and down."),
    ] = None,
    findings_only: Annotated[
        bool,
        typer.Option("--findings-only", help="Only nodes with findings and their chain up."),
    ] = False,
    layout: Annotated[
        LayoutChoice, typer.Option("--layout", help="Computed layers, or a force layout.")
    ] = LayoutChoice.hierarchical,
    all_administrations: Annotated[
        bool,
        typer.Option(
            "--all-administrations",
            help="Write the whole-strategy view and one view per administration "
            "(into -o DIR, default visualisations/).",
        ),
    ] = False,
    lang: LangOpt = Lang.da,
) -> None:
    """Write an interactive graph view (one HTML file, works offline) and print its path."""
    from kktrace.errors import UsageError
    from kktrace.model.store import load
    from kktrace.progress import progress
    from kktrace.view import (
        DEFAULT_DIR,
        Filters,
        build_view,
        default_name,
        write_all_views,
        write_view,
    )

    if depth is not None and not focus:
        raise UsageError("--depth needs --focus IRI — give the node whose trace to show")
    filters = Filters(administration, plan, focus, depth, findings_only)
    if all_administrations and filters != Filters():
        raise UsageError(
            "--all-administrations writes the standard views — drop the filter options"
        )
    with progress(3, "load") as bar:  # on a terminal only (stderr)
        model = load(paths)
        if output is not None and not all_administrations:
            inputs = {f.resolve() for f in model.files}
            if output.resolve() in inputs:
                raise UsageError(
                    f"{output}: is one of the input files — give another output file with -o"
                )
        bar.advance()
        bar.describe("check")
        report = _findings(model, lang.value)
        bar.advance()
        bar.describe("view")
        if all_administrations:
            written = write_all_views(
                model, report, output or DEFAULT_DIR, lang=lang.value, layout=layout.value
            )
        else:
            built = build_view(model, report, filters=filters, layout=layout.value, lang=lang.value)
            target = output or DEFAULT_DIR / default_name(filters, lang.value)
            write_view(built, target)
        bar.advance()
    if all_administrations:
        for path in written:
            typer.echo(str(path))
        return
    note = " (aggregated: one node per local plan)" if built.meta["aggregated"] else ""
    typer.echo(f"{target}{note}")
