"""One query of the endpoint, from text to response bytes (runs inside a query worker).

Content negotiation: SPARQL JSON (default), XML, CSV and TSV for SELECT/ASK; Turtle
(default), N-Triples, RDF/XML and JSON-LD for CONSTRUCT/DESCRIBE. A ``format=`` (or
``output=``) value that well-known clients send wins over ``Accept`` when it fits the
query: SPARQLWrapper's ``json``, ``xml``, ``csv``, ``tsv`` for results and ``turtle``,
``n3``, ``rdf``, ``rdf+xml``, ``xml`` (RDF/XML), ``json``/``json-ld`` (JSON-LD) for graphs;
media types are accepted too. Any other value is ignored and ``Accept`` decides.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import pyoxigraph as ox

from kktrace.errors import KKTraceError
from kktrace.model.namespaces import PREFIXES
from kktrace.sparql.guard import ForbiddenQuery, check_query, run_checked
from kktrace.sparql.query import (
    binding_error,
    boolean_as,
    iter_rows,
    syntax_error,
    to_csv,
    to_json,
    to_tsv,
    to_xml,
    triples_as,
)
from kktrace.sparql.workers import Answer, Job, Limits, QueryFailed

#: Media types per result kind; the first is the default.
RESULT_TYPES = {
    "select": [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        ("application/json", "json"),
        ("application/xml", "xml"),
        ("text/xml", "xml"),
    ],
    "graph": [
        ("text/turtle", "turtle"),
        ("application/n-triples", "ntriples"),
        ("application/turtle", "turtle"),
        ("application/x-turtle", "turtle"),
        ("text/n3", "turtle"),
        ("text/plain", "ntriples"),
        ("application/rdf+xml", "rdfxml"),
        ("application/ld+json", "jsonld"),
    ],
}
RESULT_TYPES["ask"] = RESULT_TYPES["select"]

#: ``format=`` values per result kind → writer (clients differ: SPARQLWrapper's ``xml`` on
#: a CONSTRUCT means RDF/XML, its ``json`` means JSON-LD).
FORMAT_VALUES = {
    "select": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "srj": "json"},
    "graph": {
        "turtle": "turtle",
        "ttl": "turtle",
        "n3": "turtle",
        "nt": "ntriples",
        "ntriples": "ntriples",
        "n-triples": "ntriples",
        "rdf": "rdfxml",
        "rdf+xml": "rdfxml",
        "rdfxml": "rdfxml",
        "xml": "rdfxml",
        "json": "jsonld",
        "json-ld": "jsonld",
        "jsonld": "jsonld",
    },
}
FORMAT_VALUES["ask"] = FORMAT_VALUES["select"]


def negotiate(kind: str, accept: str, fmt: str | None = None) -> tuple[str, str]:
    """(media type, writer) for a result ``kind`` given ``Accept`` and a ``format=`` value."""
    offered = RESULT_TYPES[kind]
    if fmt:
        wanted = fmt.strip().lower()
        writer = FORMAT_VALUES[kind].get(wanted)
        for media, name in offered:
            if name == writer or media == wanted:
                return media, name
    ranges: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",") if accept.strip() else ["*/*"]):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                with contextlib.suppress(ValueError):
                    q = float(p[2:])
        if q > 0:
            ranges.append((-q, position, media.lower()))
    for _, _, media in sorted(ranges):
        for offer, writer in offered:
            if media in (offer, "*/*") or (media.endswith("/*") and offer.startswith(media[:-1])):
                return offer, writer
    names = ", ".join(m for m, _ in offered)
    raise QueryFailed(406, f"cannot answer in any type of Accept: {accept} — offered: {names}")


def execute(store: ox.Store, job: Job, limits: Limits, deadline: float) -> Answer:
    """Check, run and serialise one query, stopping at the deadline or the size limit."""
    try:
        checked = check_query(job.text, job.source)
    except ForbiddenQuery as exc:
        raise QueryFailed(403, str(exc)) from None
    except KKTraceError as exc:
        raise QueryFailed(400, str(exc)) from None
    try:
        result = run_checked(
            store,
            checked,
            bindings=job.bindings,
            base_iri=job.base_iri,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
        )
    except SyntaxError as exc:
        raise QueryFailed(400, str(syntax_error(exc, job.source, job.text))) from None
    except RuntimeError as exc:
        raise QueryFailed(400, str(binding_error(exc, job.source))) from None
    except (OSError, ValueError) as exc:
        raise QueryFailed(400, f"query failed: {exc}") from None

    def guard(count: int) -> None:
        if time.monotonic() > deadline:
            raise QueryFailed(
                503, f"query timed out after {limits.timeout:g} s — add LIMIT or simplify it"
            )
        if count > limits.max_results:
            raise QueryFailed(
                413,
                f"the answer has more than {limits.max_results} results — add LIMIT "
                "(or start the server with a higher --max-results)",
            )

    if isinstance(result, ox.QueryBoolean):
        media, writer = negotiate("ask", job.accept, job.fmt)
        return Answer(boolean_as(bool(result), writer).encode("utf-8"), media)
    if isinstance(result, ox.QuerySolutions):
        media, writer = negotiate("select", job.accept, job.fmt)
        variables = [v.value for v in result.variables]
        rows = []
        for row in iter_rows(result):
            rows.append(row)
            guard(len(rows))
        guard(0)
        writers: dict[str, Callable[..., str]] = {
            "json": to_json,
            "xml": to_xml,
            "csv": to_csv,
            "tsv": to_tsv,
        }
        try:
            body = writers[writer](variables, rows)
        except KKTraceError as exc:  # e.g. control characters that XML cannot hold
            raise QueryFailed(406, str(exc)) from None
        return Answer(body.encode("utf-8"), media)
    media, writer = negotiate("graph", job.accept, job.fmt)
    triples = []
    for triple in result:
        triples.append(triple)
        guard(len(triples))
    guard(0)
    if writer in ("turtle", "ntriples"):
        return Answer(triples_as(triples, writer, PREFIXES), media)
    rdf_format = ox.RdfFormat.RDF_XML if writer == "rdfxml" else ox.RdfFormat.JSON_LD
    return Answer(ox.serialize(triples, format=rdf_format) or b"", media)


__all__ = ["RESULT_TYPES", "execute", "negotiate"]
