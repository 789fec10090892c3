"""The typer app and the options shared by every command."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kktrace import __version__

app = typer.Typer(
    name="kktrace",
    help=(
        "Traceability for Copenhagen Municipality's IT strategy 2010–2014: strategy goals, "
        "common and local action plans and initiatives as one graph. Checks, gap reports, "
        "interactive views and SPARQL. With no PATH, commands use the bundled Copenhagen data."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Lang(str, Enum):
    """Language of what users read."""

    da = "da"
    en = "en"


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


#: Files or folders to read; folders are searched recursively. Empty = bundled data.
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="RDF files or folders (.ttl .nt .nq .trig .jsonld .rdf .owl), read recursively. "
        "Default: the bundled Copenhagen data.",
        show_default=False,
    ),
]

LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels and messages.")]

#: One plan owner's scope (check, export): an administration or a plan, by code, id or name.
AdministrationOpt = Annotated[
    str | None,
    typer.Option(
        "--administration",
        help="Only this administration's elements: its local plans, their goals and "
        "initiatives (code such as BUF, id or name, any case).",
        show_default=False,
    ),
]
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        help="Only this plan, its goals and initiatives (code such as BUF-2013-2014, or id).",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kktrace {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """kktrace — trace an IT strategy through its action plans."""
