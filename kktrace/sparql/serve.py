"""A read-only SPARQL 1.1 Protocol endpoint over a model (Starlette under uvicorn).

Routes:

- ``/sparql`` — GET ``?query=`` and POST (``application/x-www-form-urlencoded`` with
  ``query=``, or an ``application/sparql-query`` body). Content negotiation: SPARQL
  JSON (default), XML, CSV and TSV for SELECT/ASK; Turtle (default), N-Triples, RDF/XML
  and JSON-LD for CONSTRUCT/DESCRIBE; ``format=`` (json, xml, csv, tsv, turtle, nt)
  overrides ``Accept``.
- ``/queries`` — the named query library as JSON; ``/queries/{name}`` runs one, its
  parameters given as form or URL fields (bound as RDF terms, never spliced).
- ``/`` — a small offline page (inline CSS and JS, no external URL) to write queries
  and run the named ones.

Read-only: queries run only through ``Store.query``, which cannot change the store; an
``update=`` field or an ``application/sparql-update`` body gets 403 before anything runs.

Limits. Each query runs in its own daemon thread and the handler waits at most
``timeout`` seconds. Results are read row by row, so a query that produces rows stops at
the deadline or at ``max_results`` and its thread ends at once. Oxigraph cannot interrupt
a query from Python while it computes a single row (a big ``ORDER BY``, ``GROUP BY`` or
``COUNT`` over a cross product): then the client still gets its 503 at the deadline, the
server keeps serving, and the thread finishes in the background holding one of
``max_running`` slots (when all are taken, new queries get 503 "busy" at once).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kktrace.errors import KKTraceError
from kktrace.model.namespaces import PREFIXES
from kktrace.sparql.query import (
    NamedQuery,
    Term,
    binding_error,
    boolean_as,
    iter_rows,
    parse_params,
    syntax_error,
    to_csv,
    to_json,
    to_tsv,
    to_xml,
    triples_as,
)

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
        ("text/plain", "ntriples"),
        ("application/rdf+xml", "rdfxml"),
        ("application/ld+json", "jsonld"),
    ],
}
RESULT_TYPES["ask"] = RESULT_TYPES["select"]
FORMAT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "rdf": "rdfxml"}


@dataclass
class Limits:
    """Per-query limits of the endpoint."""

    timeout: float = 30.0  # seconds per query
    max_results: int = 100_000  # rows or triples per answer
    max_query_bytes: int = 100_000  # length of the query text
    max_running: int = 4  # queries computing at once (see the module docstring)


class QueryFailed(Exception):
    """An answer other than 200: HTTP status and a one-line message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Answer:
    body: bytes
    media_type: str


@dataclass
class _Slots:
    limit: int
    running: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        with self.lock:
            if self.running >= self.limit:
                return False
            self.running += 1
            return True

    def give(self) -> None:
        with self.lock:
            self.running -= 1


# -- content negotiation ---------------------------------------------------------------
def negotiate(kind: str, accept: str, fmt: str | None = None) -> tuple[str, str]:
    """(media type, writer) for a result ``kind`` given ``Accept`` or a ``format=`` value."""
    offered = RESULT_TYPES[kind]
    if fmt:
        wanted = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
        for media, writer in offered:
            if writer == wanted or media == wanted:
                return media, writer
        names = sorted({w for _, w in offered})
        raise QueryFailed(
            406, f"format '{fmt}' is not offered for this query; use one of {', '.join(names)}"
        )
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


# -- running one query ---------------------------------------------------------------

# Strings, IRIs and comments are removed before looking for the keyword, so a label that
# says "service" is not mistaken for a federated query.
_NOT_CODE = re.compile(
    r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"'
    r"|'(?:\\.|[^'\\\n])*'|<[^<>\s]*>|#[^\n]*"
)
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE\b", re.IGNORECASE)


def uses_service(text: str) -> bool:
    """True when the query calls another endpoint (``SERVICE``), which the server refuses.

    A localhost endpoint that ran SERVICE would fetch any URL a web page asked it to.
    """
    return bool(_SERVICE.search(_NOT_CODE.sub(" ", text)))


def execute(
    store: ox.Store,
    text: str,
    *,
    accept: str,
    fmt: str | None,
    limits: Limits,
    deadline: float,
    cancelled: threading.Event,
    bindings: Mapping[str, Term] | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Answer:
    """Run ``text`` and serialise its answer, stopping at the deadline or the size limit."""
    options: dict[str, Any] = {"prefixes": PREFIXES}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    if bindings:
        options["substitutions"] = {ox.Variable(k): v for k, v in bindings.items()}
    if uses_service(text):
        raise QueryFailed(
            403,
            "SERVICE is not allowed: this endpoint answers from its own data and never "
            "calls other servers — run federated queries with `kktrace query` instead",
        )
    try:
        result = store.query(text, **options)
    except SyntaxError as exc:
        raise QueryFailed(400, str(syntax_error(exc, "query", text))) from None
    except RuntimeError as exc:
        raise QueryFailed(400, str(binding_error(exc, "query"))) from None
    except (OSError, ValueError) as exc:
        raise QueryFailed(400, f"query failed: {exc}") from None

    def guard(count: int) -> None:
        if cancelled.is_set() or time.monotonic() > deadline:
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
        media, writer = negotiate("ask", accept, fmt)
        guard(0)
        return Answer(boolean_as(bool(result), writer).encode("utf-8"), media)
    if isinstance(result, ox.QuerySolutions):
        media, writer = negotiate("select", accept, fmt)
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
    media, writer = negotiate("graph", accept, fmt)
    triples = []
    for triple in result:
        triples.append(triple)
        guard(len(triples))
    guard(0)
    if writer in ("turtle", "ntriples"):
        return Answer(triples_as(triples, writer, PREFIXES), media)
    rdf_format = ox.RdfFormat.RDF_XML if writer == "rdfxml" else ox.RdfFormat.JSON_LD
    return Answer(ox.serialize(triples, format=rdf_format) or b"", media)


async def run_in_thread(
    slots: _Slots, limits: Limits, work: Callable[[float, threading.Event], Answer]
) -> Answer:
    """Run ``work(deadline, cancelled)`` in a daemon thread; 503 at the deadline."""
    if not slots.take():
        raise QueryFailed(503, "the server is busy with other queries — try again shortly")
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Answer] = loop.create_future()
    cancelled = threading.Event()
    deadline = time.monotonic() + limits.timeout

    def settle(outcome: Any, failed: bool) -> None:
        if not future.done():
            (future.set_exception if failed else future.set_result)(outcome)

    def target() -> None:
        try:
            answer = work(deadline, cancelled)
            loop.call_soon_threadsafe(settle, answer, False)
        except BaseException as exc:  # handed to the request; the thread must not die loudly
            with contextlib.suppress(RuntimeError):  # the loop is closed at shutdown
                loop.call_soon_threadsafe(settle, exc, True)
        finally:
            slots.give()

    threading.Thread(target=target, name="kktrace-query", daemon=True).start()
    try:
        return await asyncio.wait_for(asyncio.shield(future), timeout=limits.timeout + 0.5)
    except TimeoutError:
        cancelled.set()
        raise QueryFailed(
            503,
            f"query timed out after {limits.timeout:g} s — add LIMIT or simplify it "
            "(the server goes on serving)",
        ) from None


# -- the ASGI app ----------------------------------------------------------------------
_FORM = "application/x-www-form-urlencoded"


def create_app(model: Any, queries: Mapping[str, NamedQuery], limits: Limits | None = None) -> Any:
    """The Starlette app serving ``model`` read-only (see the module docstring)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    limits = limits or Limits()
    slots = _Slots(limits.max_running)
    store: ox.Store = model.store

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(
            f"Error: {message}\n", status_code=status, headers={"Cache-Control": "no-store"}
        )

    async def fields(request: Request) -> tuple[dict[str, list[str]], str | None]:
        """URL and form fields (multi-valued), and a raw query body if there is one."""
        found: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            found.setdefault(key, []).append(value)
        body_query = None
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                raise QueryFailed(403, "this endpoint is read-only: SPARQL Update is refused")
            if ctype == "application/sparql-query":
                raw = await request.body()
                if len(raw) > limits.max_query_bytes:
                    raise QueryFailed(
                        413, f"the query is longer than {limits.max_query_bytes} bytes"
                    )
                body_query = raw.decode("utf-8", "replace")
            elif ctype == _FORM:
                # Parsed here, not with request.form(): that needs python-multipart.
                raw = await request.body()
                if len(raw) > 3 * limits.max_query_bytes:
                    raise QueryFailed(
                        413, f"the query is longer than {limits.max_query_bytes} bytes"
                    )
                text = raw.decode("utf-8", "replace")
                for key, value in urllib.parse.parse_qsl(text, keep_blank_values=True):
                    found.setdefault(key, []).append(value)
            else:
                raise QueryFailed(
                    415,
                    f"unsupported Content-Type '{ctype}' — send {_FORM} or application/sparql-query",
                )
        if "update" in found:
            raise QueryFailed(403, "this endpoint is read-only: SPARQL Update is refused")
        return found, body_query

    async def answer(
        request: Request,
        text: str,
        found: dict[str, list[str]],
        bindings: Mapping[str, Term] | None = None,
    ) -> Response:
        if len(text.encode("utf-8")) > limits.max_query_bytes:
            raise QueryFailed(413, f"the query is longer than {limits.max_query_bytes} bytes")
        accept = request.headers.get("accept", "*/*")
        fmt = (found.get("format") or [None])[0]

        def work(deadline: float, cancelled: threading.Event) -> Answer:
            return execute(
                store,
                text,
                accept=accept,
                fmt=fmt,
                limits=limits,
                deadline=deadline,
                cancelled=cancelled,
                bindings=bindings,
                default_graphs=found.get("default-graph-uri"),
                named_graphs=found.get("named-graph-uri"),
            )

        result = await run_in_thread(slots, limits, work)
        return Response(
            result.body,
            media_type=result.media_type,
            headers={"Cache-Control": "no-store", "Vary": "Accept"},
        )

    async def sparql(request: Request) -> Response:
        try:
            found, body_query = await fields(request)
            text = body_query if body_query is not None else (found.get("query") or [None])[0]
            if not text:
                if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                    return HTMLResponse(page())
                raise QueryFailed(
                    400,
                    "no query — send query=… (GET or POST form) or an "
                    "application/sparql-query body",
                )
            return await answer(request, text, found)
        except QueryFailed as exc:
            return error(exc.status, exc.message)

    async def list_queries(request: Request) -> Response:
        return JSONResponse([q.to_json() for q in queries.values()])

    async def named(request: Request) -> Response:
        try:
            name = request.path_params["name"]
            query = queries.get(name)
            if query is None:
                raise QueryFailed(404, f"no named query '{name}' — see /queries")
            found, _ = await fields(request)
            items = [
                f"{k}={v[0]}" for k, v in found.items() if query.parameter(k) and v and v[0] != ""
            ]
            try:
                bindings = parse_params(items, query)
            except KKTraceError as exc:
                raise QueryFailed(400, str(exc)) from None
            return await answer(request, query.text, found, bindings)
        except QueryFailed as exc:
            return error(exc.status, exc.message)

    async def index(request: Request) -> Response:
        return HTMLResponse(page())

    return Starlette(
        routes=[
            Route("/", index, methods=["GET"]),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", list_queries, methods=["GET"]),
            Route("/queries/{name}", named, methods=["GET", "POST"]),
        ]
    )


def page() -> str:
    """The offline HTML page (no external URL: inline CSS and JS, relative links only)."""
    from kktrace.sparql.page import PAGE

    return PAGE


# -- running the server --------------------------------------------------------------
def serve(
    model: Any,
    queries: Mapping[str, NamedQuery],
    host: str = "127.0.0.1",
    port: int = 8000,
    limits: Limits | None = None,
    log: Callable[[str], None] | None = None,
) -> None:
    """Serve until Ctrl-C or SIGTERM, then shut down cleanly and return."""
    import uvicorn

    class Server(uvicorn.Server):
        # uvicorn re-raises a caught signal after shutdown (exit status -15 for SIGTERM);
        # kktrace treats SIGINT and SIGTERM as "stop now, cleanly" and returns normally.
        @contextlib.contextmanager
        def capture_signals(self) -> Generator[None, None, None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            handled = (signal.SIGINT, signal.SIGTERM)
            original = {sig: signal.signal(sig, self._stop) for sig in handled}
            try:
                yield
            finally:
                for sig, handler in original.items():
                    signal.signal(sig, handler)

        def _stop(self, sig: int, frame: Any) -> None:
            if self.should_exit:
                self.force_exit = True
            self.should_exit = True

    config = uvicorn.Config(
        create_app(model, queries, limits),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=3,
        lifespan="off",
    )
    server = Server(config)
    shown = f"[{host}]" if ":" in host else host
    (log or (lambda m: print(m, file=sys.stderr, flush=True)))(
        f"kktrace: SPARQL endpoint http://{shown}:{port}/sparql, query page http://{shown}:{port}/ "
        f"— {len(model)} triples; Ctrl-C stops"
    )
    try:
        server.run()
    except SystemExit:  # uvicorn exits when it cannot bind
        if server.started:
            raise
    if not server.started:
        from kktrace.errors import UsageError

        raise UsageError(
            f"cannot listen on {host}:{port} — is the port in use? choose another with --port"
        )


__all__ = ["Limits", "create_app", "execute", "negotiate", "serve"]
