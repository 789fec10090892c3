"""A read-only SPARQL 1.1 Protocol endpoint over a model (Starlette under uvicorn).

Routes:

- ``/sparql`` — GET ``?query=`` and POST (``application/x-www-form-urlencoded`` with
  ``query=``, or an ``application/sparql-query`` body); ``default-graph-uri`` and
  ``named-graph-uri`` choose the dataset. Without a query, GET answers with a SPARQL 1.1
  Service Description (Turtle, RDF/XML, N-Triples or JSON-LD by ``Accept``; a browser gets
  the query page). Formats: see :mod:`kktrace.sparql.answer`.
- ``/queries`` — the named query library as JSON; ``/queries/{name}`` runs one, its
  parameters given as form or URL fields (bound as RDF terms, never spliced).
- ``/`` — the workbench (:mod:`kktrace.sparql.site`): the YASGUI query editor, the gap
  report, the status report, the views and a page per element, all offline; with
  ``--watch`` the model is reloaded when an input file changes.

Safety: every query passes :func:`~kktrace.sparql.guard.check_query` (no ``SERVICE``, no
update) inside a worker process that cannot open an Internet socket, with a memory limit
and a timeout after which it is killed and replaced (:mod:`kktrace.sparql.workers`).
Requests whose ``Host`` is not the bound address, ``localhost``, ``127.0.0.1``, ``[::1]``
or a name given with ``--allow-host`` get 403 (DNS rebinding). A body over the limit gets
413 as it arrives. Relative IRIs in a query resolve against the endpoint URL.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import urllib.parse
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kktrace.errors import KKTraceError
from kktrace.sparql.answer import negotiate
from kktrace.sparql.element import code_resolver
from kktrace.sparql.query import NamedQuery, Term, parse_params
from kktrace.sparql.site import Live, routes
from kktrace.sparql.workers import Answer, Job, Limits, Pool, QueryFailed

_FORM = "application/x-www-form-urlencoded"
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def allowed_hosts(host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Host names (without port, lower case) the server answers to."""
    names = {host.strip("[]").lower(), *_LOOPBACK, *(h.strip("[]").lower() for h in extra)}
    return frozenset(names - {"0.0.0.0", "::", ""})


def host_of(header: str) -> str:
    """The name in a ``Host`` header: ``[::1]:8000`` → ``::1``, ``a.b:80`` → ``a.b``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else ""
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def service_description(endpoint: str, triples: int) -> list[ox.Triple]:
    """A SPARQL 1.1 Service Description of the endpoint (read-only, its result formats)."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, graph = ox.NamedNode(endpoint), ox.BlankNode("dataset"), ox.BlankNode("dg")
    out = [
        ox.Triple(service, rdf_type, ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
        ox.Triple(
            service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")
        ),
        ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, ox.NamedNode(sd + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), graph),
        ox.Triple(graph, rdf_type, ox.NamedNode(sd + "Graph")),
        ox.Triple(
            graph,
            ox.NamedNode("http://rdfs.org/ns/void#triples"),
            ox.Literal(
                str(triples), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            ),
        ),
        ox.Triple(
            service,
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
            ox.Literal(
                "Read-only kktrace endpoint: SPARQL 1.1 Query only; SPARQL Update, LOAD and "
                "SERVICE are refused. The default graph is the union of all graphs unless the "
                "query (FROM) or the request (default-graph-uri) names its dataset.",
                language="en",
            ),
        ),
    ]
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ):
        out.append(
            ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(formats + name))
        )
    return out


# -- the ASGI app ----------------------------------------------------------------------
def create_app(
    model: Any,
    queries: Mapping[str, NamedQuery],
    limits: Limits | None = None,
    *,
    hosts: Iterable[str] = ("127.0.0.1",),
    pool: Pool | None = None,
    live: Live | None = None,
) -> Any:
    """The ASGI app serving ``model`` read-only (see the module docstring).

    ``live`` is the model being served with its check (made from ``model`` when not
    given); when it reloads, queries go to a fresh pool of workers over the new store.
    """
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import (
        JSONResponse,
        PlainTextResponse,
        RedirectResponse,
        Response,
    )
    from starlette.routing import Route

    limits = limits or Limits()
    live = live or Live([], model)
    current = {"pool": pool or Pool(model.store, limits)}
    allowed = frozenset(hosts) | _LOOPBACK

    def swap(state: Any) -> None:
        old = current["pool"]
        current["pool"] = Pool(state.model.store, limits, old.log)
        # Queries already running on the old pool may finish: close it after they could.
        timer = threading.Timer(limits.timeout + 1, old.close)
        timer.daemon = True
        timer.start()

    live.on_reload.append(swap)

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(
            f"Error: {' '.join(message.split())}\n",
            status_code=status,
            headers={"Cache-Control": "no-store"},
        )

    async def read_body(request: Request) -> bytes:
        """The body, refused with 413 as soon as it passes the limit (never read whole)."""
        cap = 3 * limits.max_query_bytes
        too_big = QueryFailed(413, f"the request body is longer than {cap} bytes")
        declared = request.headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > cap:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > cap:
                raise too_big
            chunks.append(chunk)
        return b"".join(chunks)

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
            raw = await read_body(request)
            if ctype == "application/sparql-query":
                try:
                    body_query = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise QueryFailed(400, "the query body is not UTF-8") from None
            elif ctype == _FORM:
                # Parsed here, not with request.form(): that needs python-multipart.
                try:
                    text = raw.decode("utf-8")
                    pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, errors="strict")
                except UnicodeDecodeError:
                    raise QueryFailed(400, "the form is not UTF-8") from None
                for key, value in pairs:
                    found.setdefault(key, []).append(value)
            else:
                raise QueryFailed(
                    415,
                    f"unsupported Content-Type '{ctype}' — send {_FORM} or application/sparql-query",
                )
        if "update" in found:
            raise QueryFailed(403, "this endpoint is read-only: SPARQL Update is refused")
        return found, body_query

    def graph_iris(found: dict[str, list[str]], name: str) -> list[str] | None:
        values = found.get(name)
        for value in values or []:
            try:
                ox.NamedNode(value)
            except ValueError:
                raise QueryFailed(
                    400, f"{name}={value!r} is not an absolute IRI — give e.g. http://example.org/g"
                ) from None
        return values

    def endpoint_url(request: Request) -> str:
        return str(request.url.replace(query="", fragment=""))

    async def answer(
        request: Request,
        text: str,
        found: dict[str, list[str]],
        source: str,
        bindings: Mapping[str, Term] | None = None,
    ) -> Response:
        if len(text.encode("utf-8")) > limits.max_query_bytes:
            raise QueryFailed(413, f"the query is longer than {limits.max_query_bytes} bytes")
        fmt = (found.get("format") or found.get("output") or [None])[0]  # type: ignore[list-item]
        job = Job(
            text=text,
            source=source,
            accept=request.headers.get("accept", "*/*"),
            fmt=fmt,
            bindings=dict(bindings or {}),
            base_iri=endpoint_url(request),
            default_graphs=graph_iris(found, "default-graph-uri"),
            named_graphs=graph_iris(found, "named-graph-uri"),
        )
        result: Answer = await current["pool"].run(job)
        return Response(
            result.body,
            media_type=result.media_type,
            headers={"Cache-Control": "no-store", "Vary": "Accept"},
        )

    async def sparql(request: Request) -> Response:
        try:
            found, body_query = await fields(request)
            given = found.get("query") or []
            if len(given) + (body_query is not None) > 1:
                raise QueryFailed(
                    400, "more than one query in the request — send exactly one query"
                )
            text = body_query if body_query is not None else (given or [None])[0]  # type: ignore[list-item]
            if text is None and request.method == "GET":
                accept = request.headers.get("accept", "")
                if "text/html" in accept:
                    return RedirectResponse("/", status_code=303)
                try:
                    media, writer = negotiate("graph", accept or "text/turtle")
                except QueryFailed:  # a description is better than a 406 here
                    media, writer = "text/turtle", "turtle"
                return describe_service(request, media, writer)
            if not text:
                raise QueryFailed(
                    400,
                    "no query — send query=… (GET or POST form) or an "
                    "application/sparql-query body",
                )
            return await answer(request, text, found, "query")
        except QueryFailed as exc:
            return error(exc.status, exc.message)

    def describe_service(request: Request, media: str, writer: str) -> Response:
        described = service_description(endpoint_url(request), len(live.state.model))
        formats = {
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
            "rdfxml": ox.RdfFormat.RDF_XML,
            "jsonld": ox.RdfFormat.JSON_LD,
        }
        prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#"}
        options: dict[str, Any] = {"prefixes": prefixes} if writer == "turtle" else {}
        body = ox.serialize(described, format=formats[writer], **options) or b""
        return Response(body, media_type=media, headers={"Vary": "Accept"})

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
                bindings = parse_params(items, query, codes=code_resolver(live.state.model))
            except KKTraceError as exc:
                raise QueryFailed(400, str(exc)) from None
            return await answer(request, query.text, found, name, bindings)
        except QueryFailed as exc:
            return error(exc.status, exc.message)

    app = Starlette(
        routes=[
            *routes(live),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", list_queries, methods=["GET"]),
            Route("/queries/{name}", named, methods=["GET", "POST"]),
        ]
    )

    async def guarded(scope: Any, receive: Any, send: Any) -> None:
        """Refuse requests for other host names before the app sees them (DNS rebinding)."""
        if scope["type"] == "http":
            header = next((v for k, v in scope.get("headers", []) if k == b"host"), b"")
            name = host_of(header.decode("latin-1"))
            if name not in allowed:
                response = error(
                    403,
                    f"this endpoint does not answer for host '{name}' — start it with "
                    "--allow-host NAME to allow that name",
                )
                await response(scope, receive, send)
                return
        await app(scope, receive, send)

    guarded.pool = lambda: current["pool"]  # type: ignore[attr-defined]
    return guarded


# -- running the server --------------------------------------------------------------
def serve(
    model: Any,
    queries: Mapping[str, NamedQuery],
    host: str = "127.0.0.1",
    port: int = 8000,
    limits: Limits | None = None,
    log: Callable[[str], None] | None = None,
    allow_hosts: Iterable[str] = (),
    watch: Sequence[Path | str] | None = None,
    check: Callable[[Any], Any] | None = None,
) -> None:
    """Serve until Ctrl-C or SIGTERM, then shut down cleanly and return.

    ``watch``: the input paths to watch; a change reloads the model and re-checks it.
    ``check``: how a model is checked (default :func:`kktrace.findings.run.check`; the
    CLI's ``--cache`` passes :func:`kktrace.findings.cache.cached_checker`).
    """
    import socket

    import uvicorn

    from kktrace.errors import UsageError

    say = log or (lambda m: print(m, file=sys.stderr, flush=True))
    if not 1 <= port <= 65535:
        raise UsageError(f"--port {port} is out of range — give a port from 1 to 65535")
    # Bind first, so that "port in use" is one clear line before any worker starts.
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}) — is the port in use? "
            "choose another with --port (or check --host)"
        ) from None
    limits = limits or Limits()
    from kktrace.sparql.sandbox import network_forbidden_in_child

    if not network_forbidden_in_child():
        say(
            "kktrace: note: this system cannot take the network away from the query workers "
            "(no seccomp); SERVICE is still refused by the query check"
        )
    pool = Pool(model.store, limits, say)  # forked now, before uvicorn starts threads
    live = Live(list(watch or ()), model, check=check)

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
        create_app(
            model, queries, limits, hosts=allowed_hosts(host, allow_hosts), pool=pool, live=live
        ),
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=3,
        lifespan="off",
    )
    server = Server(config)
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        say(
            f"kktrace: WARNING: listening on {host} — the endpoint is reachable from the network, "
            "by anyone who can reach this machine (it answers only for the host names "
            "localhost, 127.0.0.1, [::1] and those given with --allow-host)"
        )
    say(
        f"kktrace: SPARQL endpoint http://{shown}:{port}/sparql, workbench http://{shown}:{port}/ "
        f"— {len(model)} triples, {limits.workers} query workers; Ctrl-C stops"
    )
    if watch:
        live.start()
        say("kktrace: watching the input files; a change reloads the model and re-checks it")
    try:
        server.run(sockets=[sock])
    finally:
        live.stop()
        app_pool = config.app.pool()  # type: ignore[union-attr]  # the pool in use now (a reload may have replaced it)
        app_pool.close()
        sock.close()


__all__ = ["Limits", "allowed_hosts", "create_app", "host_of", "serve", "service_description"]
