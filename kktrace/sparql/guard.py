"""The one gate every SPARQL text from outside passes before Oxigraph sees it.

:func:`check_query` parses the text with rdflib's SPARQL 1.1 parser and decides from the
parse tree, never from the text:

- ``SERVICE`` anywhere (in a subquery, ``EXISTS``, ``MINUS``, ``OPTIONAL``, an expression of
  ``SELECT``/``HAVING``/``ORDER BY``; with ``SILENT`` or a variable) is refused: Oxigraph
  would fetch the URL itself. Escapes, ``\\u`` sequences, comments and letter case are read
  the way the SPARQL grammar reads them, because the parser reads them.
- SPARQL Update (``LOAD``, ``INSERT``, ``DROP`` …) is refused: kktrace only reads.
- A text the parser cannot read is refused (fail closed), even when Oxigraph could run it
  (for instance ``\\``-escapes in prefixed names, which rdflib does not read, or SPARQL 1.2
  triple terms).

It also reports whether the query names its own dataset (``FROM`` / ``FROM NAMED``), which
decides whether the union default graph is used (:func:`run_checked`).

Users' queries (``kktrace query``, named queries, ``--rules-dir`` rules, the endpoint) go
through here; kktrace's own fixed queries do not need to (they are not input).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kktrace.errors import ParseError, UsageError
from kktrace.model.namespaces import PREFIXES

#: The query forms, by the name of rdflib's parse-tree node.
_FORMS = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}


class ForbiddenQuery(UsageError):
    """A well-formed query kktrace will not run (``SERVICE``, an update)."""


@dataclass(frozen=True)
class CheckedQuery:
    """A query text that passed :func:`check_query`, with what its parse tree says.

    ``text`` is the :func:`canonical` text that was judged: run this one, not the original.
    """

    text: str
    form: str  # "select" | "ask" | "construct" | "describe"
    names_dataset: bool  # has FROM or FROM NAMED

    @property
    def kind(self) -> str:
        """``select``, ``ask`` or ``graph`` (CONSTRUCT and DESCRIBE)."""
        return self.form if self.form in ("select", "ask") else "graph"


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib parse tree (CompValues, ParseResults, lists), depth first."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):  # CompValue is an OrderedDict
            stack.extend(item.values())
        elif isinstance(item, list | tuple) or type(item).__name__ == "ParseResults":
            stack.extend(item)


def canonical(text: str) -> str:
    """The text both parsers read: ``\\u``/``\\U`` escapes expanded once (SPARQL 1.1 §19.2:
    before the grammar), and every line end as ``\\n``.

    rdflib's grammar ends a comment only at ``\\n`` while Oxigraph also ends it at ``\\r``,
    and rdflib expands escapes before parsing while Oxigraph reads them only inside strings
    and IRIs; on the raw text the two could read different queries (``# x\\rSERVICE …``,
    ``"\\u0022 … SERVICE … "``). So the decision is taken on this text, and Oxigraph runs
    exactly this text. (A lone carriage return inside a long string becomes a line feed.)

    Raises ValueError for an escape that is no code point.
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    return expandUnicodeEscapes(text).replace("\r\n", "\n").replace("\r", "\n")


@functools.lru_cache(maxsize=256)
def _verdict(text: str) -> tuple[str, Any]:
    """For the :func:`canonical` ``text``: ("ok", (form, names_dataset)) | ("service", None)
    | ("update", keyword) | ("syntax", (message, line, column))."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query, UpdateUnit

    try:
        # The grammar itself, not parseQuery(): that would expand escapes a second time.
        tree = Query.parse_string(text, parse_all=True)
    except ParseBaseException as exc:
        try:
            update = UpdateUnit.parse_string(text, parse_all=True)
        except (ParseBaseException, RecursionError, ValueError):
            return "syntax", (exc.msg, exc.lineno, exc.col)
        keyword = next(
            (n.name for n in _walk(update) if type(n).__name__ == "CompValue" and n.name), "Update"
        )
        return "update", keyword
    except RecursionError:
        return "syntax", ("the query is nested too deeply", None, None)
    except ValueError as exc:  # a malformed \u escape or IRI
        return "syntax", (str(exc), None, None)
    for node in _walk(tree):
        if type(node).__name__ == "CompValue" and node.name == "ServiceGraphPattern":
            return "service", None
    query = tree[1]
    return "ok", (
        _FORMS.get(query.name, "select"),
        "datasetClause" in query and bool(query["datasetClause"]),
    )


def check_query(text: str, source: str = "<query>") -> CheckedQuery:
    """Parse ``text`` and refuse what kktrace never runs; see the module docstring.

    Raises :class:`ForbiddenQuery` (``SERVICE``, updates) or :class:`ParseError` (the text
    is not a SPARQL 1.1 query), both naming ``source``.

    >>> check_query("SELECT * FROM <urn:g> { ?s ?p ?o }").names_dataset
    True
    >>> check_query("SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kktrace.sparql.guard.ForbiddenQuery: <query>: SERVICE is not allowed ...
    """
    try:
        text = canonical(text)
    except ValueError as exc:
        raise ParseError(source, f"SPARQL syntax error: {exc}", hint="fix the \\u escape") from None
    verdict, detail = _verdict(text)
    if verdict == "ok":
        return CheckedQuery(text, detail[0], detail[1])
    if verdict == "service":
        raise ForbiddenQuery(
            f"{source}: SERVICE is not allowed — kktrace answers from the loaded model only "
            "and never calls other servers; query the other endpoint directly "
            "(kktrace query --endpoint URL)"
        )
    if verdict == "update":
        raise ForbiddenQuery(
            f"{source}: this is SPARQL Update, and kktrace only reads (the model is never "
            "changed) — ask with SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
    message, line, column = detail
    engine_says = oxigraph_syntax_error(text)
    if engine_says:  # the usual case: a plain mistake; Oxigraph names the place best
        from kktrace.sparql.query import syntax_error

        raise syntax_error(SyntaxError(engine_says), source)
    raise ParseError(
        source,
        f"kktrace cannot check this query, so it does not run it: {message}",
        line,
        column,
        "write it in plain SPARQL 1.1 (no \\-escapes in prefixed names, no SPARQL 1.2 syntax)",
    )


def query_options(
    checked: CheckedQuery,
    *,
    bindings: Mapping[str, Any] | None = None,
    base_iri: str | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> dict[str, Any]:
    """Keyword arguments of ``Store.query`` for a checked query.

    The protocol's ``default-graph-uri`` / ``named-graph-uri`` win over the query's own
    ``FROM`` / ``FROM NAMED`` (SPARQL 1.1 Protocol §2.1.4); with neither, the default graph
    is the union of all graphs. (Oxigraph's union flag would override ``FROM``, so it is
    set only when the query names no dataset.)
    """
    options: dict[str, Any] = {"prefixes": PREFIXES}
    if base_iri:
        options["base_iri"] = base_iri
    if default_graphs or named_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs or []]
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    elif not checked.names_dataset:
        options["use_default_graph_as_union"] = True
    if bindings:
        options["substitutions"] = {ox.Variable(k): v for k, v in bindings.items()}
    return options


def run_checked(
    store: ox.Store, checked: CheckedQuery, **kwargs: Any
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """``store.query`` for a checked query, with :func:`query_options`."""
    if not isinstance(checked, CheckedQuery):  # a plain string must not slip through
        raise TypeError("run_checked needs a CheckedQuery from check_query()")
    return store.query(checked.text, **query_options(checked, **kwargs))


def oxigraph_syntax_error(text: str) -> str | None:
    """Oxigraph's own syntax error for ``text`` (message with its "error at L:C"), or None.

    Oxigraph evaluates a query it can parse, so this runs in a throw-away child process that
    has no network (:func:`~kktrace.sparql.sandbox.forbid_network`); without that sandbox it
    returns None at once.
    """
    from kktrace.sparql import sandbox

    if not hasattr(os, "fork"):
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        message = b""
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_CPU, (2, 2))
            if sandbox.forbid_network():
                ox.Store().query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            message = str(exc.msg or exc).encode("utf-8", "replace")
        except BaseException:
            pass
        os.write(write_end, message[:4000])
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return data.decode("utf-8", "replace") or None


__all__ = [
    "CheckedQuery",
    "ForbiddenQuery",
    "check_query",
    "oxigraph_syntax_error",
    "query_options",
    "run_checked",
]
