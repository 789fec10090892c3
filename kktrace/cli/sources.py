"""``kktrace sources``: each statement of the data with its source, or illustrative."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from kktrace.cli.app import Lang, LangOpt, PathsArg, app


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


@app.command()
def sources(
    paths: PathsArg = None,
    element: Annotated[
        str | None,
        typer.Option(
            "--element",
            help="Only the statements about this element: its IRI or code (skos:notation), "
            "e.g. FHP-2013-01.",
        ),
    ] = None,
    fmt: Annotated[TextOrJson, typer.Option("--format", help="text or json.")] = TextOrJson.text,
    lang: LangOpt = Lang.da,
) -> None:
    """List each statement with its source, or `illustrative` (see docs/provenance.md).

    A statement's source is the named graph it sits in, described in the data as a
    kkt:Source, a kkt:Evidence (a place in a source) or kkt:IllustrativeContent. JSON: a
    list of {subject, predicate, object, source, …}; source is null for illustrative.
    """
    from kktrace.model.store import load
    from kktrace.provenance import statements, tally
    from kktrace.provenance.formats import to_json, to_text

    model = load(paths)
    rows = statements(model, element=element, lang=lang.value)
    if fmt is TextOrJson.json:
        typer.echo(to_json(rows), nl=False)
        return
    typer.echo(to_text(model, rows, tally(rows), lang=lang.value), nl=False)
