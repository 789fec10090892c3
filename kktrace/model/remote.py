"""kktrace and an external SPARQL 1.1 server (Virtuoso, Oxigraph server, Fuseki, GraphDB).

Three things, all over the standard protocols with the standard library's ``urllib``
(HTTP basic and digest authentication):

- :func:`push` puts the model's data into one graph of the server with the Graph Store
  Protocol (``PUT``, replacing the graph). By default the ``rdf:type`` triples inferred
  from ``rdfs:subClassOf`` go along, so queries run *on the server* are subclass-aware
  just as they are locally (the server need not reason).
- :func:`remote_query` runs a query on a server's SPARQL endpoint. The predeclared
  prefixes are sent as a prologue; parameters are bound with a ``VALUES`` block of
  N-Triples-escaped terms (:func:`kktrace.sparql.query.with_values`), never spliced in as text.
- :func:`load_endpoint` fetches a graph from the endpoint (``CONSTRUCT``) into a local
  :class:`~kktrace.model.store.Model` with the ontology and the inferred types, so that
  ``kktrace check --endpoint`` runs exactly the rules of a local check. The rules run
  here, not on the server: the server is the shared place where the plans are kept.
  A server that caps result sizes (Virtuoso: ``ResultSetMaxRows``, 10,000 by default) is
  detected by counting first; the graph is then fetched in parts (per predicate, then
  per hash bucket of the subject).
"""

from __future__ import annotations

import http.client as http_client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kktrace.errors import EndpointError
from kktrace.model.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, sparql_prologue
from kktrace.sparql.query import Result, Term, check_syntax, collect, with_values

DEFAULT_TIMEOUT = 120.0
#: The most one command fetches from an endpoint, all requests together.
MAX_FETCH_BYTES = 512 * 1024 * 1024
USER_AGENT = "kktrace (SPARQL 1.1 client)"

_SELECT_ACCEPT = "application/sparql-results+xml, application/sparql-results+json;q=0.9"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RESULT_FORMATS = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


# -- HTTP ----------------------------------------------------------------------------
@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    #: The answer's headers, names in lower case.
    headers: Mapping[str, str] = field(default_factory=dict)


class Budget:
    """One deadline and one byte cap shared by every request of one command.

    ``kktrace check --endpoint`` may send dozens of queries (counts, then parts); each
    request gets the time still left, and the bytes of all answers together are capped,
    so a slow or endless server cannot hold kktrace longer than ``timeout`` seconds or
    fill its memory.
    """

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_FETCH_BYTES):
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.left = max_bytes
        self.max_bytes = max_bytes

    def remaining(self, url: str) -> float:
        """Seconds left; :class:`EndpointError` once the deadline has passed."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise EndpointError(
                f"{_safe(url)}: no complete answer within {self.timeout:g} s — try again "
                "later, or ask the endpoint's administrator why it is slow"
            )
        return left

    def take(self, url: str, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise EndpointError(
                f"{_safe(url)}: the answers exceed {self.max_bytes // (1024 * 1024)} MB — "
                "refused; fetch a smaller graph (--graph) or check the endpoint URL"
            )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) URLs only (urllib would also follow ``ftp:``)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host; else one-line :class:`EndpointError`.

    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    kktrace.errors.EndpointError: file:///etc/passwd: not an http:// or https:// URL — give the SPARQL endpoint's web address
    """
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError as exc:
        raise EndpointError(
            f"{url}: not a valid URL ({exc}) — give the endpoint as http://host:port/path"
        ) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise EndpointError(
            f"{_safe(url)}: not an http:// or https:// URL — give the SPARQL endpoint's web address"
        )
    if not host:
        raise EndpointError(f"{url}: the URL names no host — give http://host:port/path")
    return url


def _opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list[Any] = [_HttpOnlyRedirects()]
    if user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password or "")
        handlers += [
            urllib.request.HTTPDigestAuthHandler(passwords),
            urllib.request.HTTPBasicAuthHandler(passwords),
        ]
    return urllib.request.build_opener(*handlers)


def http(
    url: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    budget: Budget | None = None,
) -> Response:
    """One HTTP request; :class:`EndpointError` naming the URL for anything but 2xx.

    Only http(s) URLs are requested. The answer is read within ``budget`` (default: a
    fresh one of ``timeout`` seconds and :data:`MAX_FETCH_BYTES`).
    """
    check_url(url)
    budget = budget or Budget(timeout)
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("User-Agent", USER_AGENT)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        opened = _opener(url, user, password).open(request, timeout=budget.remaining(url))
        with opened as answer:
            content_type = answer.headers.get("Content-Type", "").split(";")[0].strip().lower()
            headers = {k.lower(): v for k, v in answer.headers.items()}
            return Response(answer.status, content_type, _read(url, answer, budget), headers)
    except urllib.error.HTTPError as exc:
        detail = exc.read(400).decode("utf-8", "replace").strip().replace("\n", " ")
        hint = {
            401: "give --user and --password",
            403: "the user may not do this: check the server's permissions",
            404: "check the URL",
        }.get(exc.code, "see the server's message")
        raise EndpointError(
            f"{_safe(url)}: HTTP {exc.code} {exc.reason}"
            + (f": {detail}" if detail else "")
            + f" — {hint}"
        ) from None
    except EndpointError:
        raise
    except (urllib.error.URLError, OSError, ValueError, http_client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        if data and isinstance(reason, (BrokenPipeError, ConnectionResetError)):
            # A server that wants authentication may answer 401 and close the connection
            # while a large body is still being sent: ask again without a body to learn why.
            http(url, method="GET", user=user, password=password, timeout=timeout, budget=budget)
        budget.remaining(url)  # a timeout past the deadline says so
        raise EndpointError(
            f"cannot reach SPARQL endpoint {_safe(url)} ({reason}) — check the URL and that "
            "the server is running"
        ) from None


def _read(url: str, answer: Any, budget: Budget) -> bytes:
    """The body, read as it arrives, within the budget's time and bytes."""
    parts: list[bytes] = []
    while True:
        budget.remaining(url)
        chunk = answer.read1(64 * 1024)
        if not chunk:
            return b"".join(parts)
        budget.take(url, len(chunk))
        parts.append(chunk)


def _safe(url: str) -> str:
    """``url`` without its query string (which may hold a whole query)."""
    return url.split("?", 1)[0]


# -- queries on the server -------------------------------------------------------------
def remote_query(
    url: str,
    text: str,
    bindings: Mapping[str, Term] | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    source: str = "<query>",
    graph: str | None = None,
    budget: Budget | None = None,
    complete: bool = False,
) -> Result:
    """Run a query on the SPARQL endpoint ``url`` and read the whole result.

    The query is first parsed locally (syntax errors name line and column of ``text``).
    ``graph`` makes that graph the query's default graph (protocol field
    ``default-graph-uri``), so the query sees the graph that :func:`push` filled.
    With ``complete``, an answer the server says it cut short is an
    :class:`EndpointError` (see :func:`_cut_short`).
    """
    kind = check_syntax(text, source)
    sparql = sparql_prologue() + with_values(text, bindings or {})
    accept = _GRAPH_ACCEPT if kind == "graph" else _SELECT_ACCEPT
    form = [("query", sparql)]
    if graph:
        form.append(("default-graph-uri", ox.NamedNode(graph).value))
    answer = http(
        url,
        method="POST",
        data=urllib.parse.urlencode(form).encode("utf-8"),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        user=user,
        password=password,
        timeout=timeout,
        budget=budget,
    )
    if complete:
        _cut_short(url, answer, source)
    return _parse_answer(url, answer, kind)


def _cut_short(url: str, answer: Response, source: str) -> None:
    """Raise when Virtuoso says the answer is incomplete: its result cap
    (``X-SPARQL-MaxRows``, ``ResultSetMaxRows`` in virtuoso.ini) or its time limit for
    "anytime" queries (``X-SQL-State: S1TAT``, ``MaxQueryExecutionTime``), both of which
    still answer 200 OK with partial rows."""
    capped = answer.headers.get("x-sparql-maxrows")
    if capped:
        raise EndpointError(
            f"{_safe(url)}: the server cut the answer to {source} at {capped} rows — raise "
            "its result limit (Virtuoso: ResultSetMaxRows in virtuoso.ini) or check "
            "without --on-server"
        )
    if answer.headers.get("x-sql-state", "").strip().upper() == "S1TAT":
        raise EndpointError(
            f"{_safe(url)}: the server stopped {source} at its time limit and sent partial "
            "rows — raise its limit (Virtuoso: MaxQueryExecutionTime in virtuoso.ini) or "
            "check without --on-server"
        )


def _parse_answer(url: str, answer: Response, kind: str) -> Result:
    try:
        if kind == "graph":
            fmt = _RDF_FORMATS.get(answer.content_type)
            if fmt is None:
                raise EndpointError(
                    f"{url}: unexpected content type '{answer.content_type}' for a CONSTRUCT result"
                )
            return Result("graph", triples=[q.triple for q in ox.parse(answer.body, format=fmt)])
        fmt = _RESULT_FORMATS.get(answer.content_type)  # type: ignore[assignment]
        if fmt is None:
            raise EndpointError(
                f"{url}: unexpected content type '{answer.content_type}' for SPARQL results"
            )
        try:
            return collect(ox.parse_query_results(answer.body, format=fmt))  # type: ignore[arg-type]
        except (SyntaxError, ValueError):
            body = _blank_ids_renamed(answer.body, fmt)
            if body is None:
                raise
            return collect(ox.parse_query_results(body, format=fmt))  # type: ignore[arg-type]
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"{url}: the server's answer cannot be read ({exc})") from None


_SPARQL_RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def _blank_ids_renamed(body: bytes, fmt: Any) -> bytes | None:
    """``body`` with every blank node id made a valid one, or None if there is nothing to do.

    Virtuoso writes blank nodes in SELECT results as ``nodeID://b10000``, which is no blank
    node label, and Oxigraph refuses the whole answer. Each id becomes ``b`` + its hex
    encoding: valid, distinct for distinct ids, the same for the same id within the answer
    (blank node ids name nothing across answers anyway).
    """
    import json
    import xml.etree.ElementTree as ET

    def valid(value: str) -> str:
        return "b" + value.encode("utf-8").hex()

    if fmt == ox.QueryResultsFormat.JSON:
        data = json.loads(body)
        changed = False
        for binding in data.get("results", {}).get("bindings", []):
            for term in binding.values():
                if term.get("type") == "bnode":
                    term["value"], changed = valid(term["value"]), True
        return json.dumps(data).encode("utf-8") if changed else None
    if fmt == ox.QueryResultsFormat.XML:
        root = ET.fromstring(body)  # the server's own answer; no external entities resolved
        nodes = list(root.iter(_SPARQL_RESULTS_NS + "bnode"))
        for node in nodes:
            node.text = valid(node.text or "")
        return ET.tostring(root, encoding="utf-8") if nodes else None
    return None


# -- push ----------------------------------------------------------------------------
@dataclass
class PushResult:
    url: str
    graph: str | None
    triples: int
    status: int
    seconds: float


def data_triples(model: Any, inferred: bool = True, ontology: bool = True) -> list[ox.Triple]:
    """The model's triples to push, sorted and without duplicates: the data, and unless
    told otherwise the inferred types and the ontology."""
    skip = (set() if ontology else {ONTOLOGY_GRAPH}) | (set() if inferred else {INFERRED_GRAPH})
    triples = {
        q.triple
        for q in model.store
        if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in skip)
    }
    return sorted(triples, key=str)


def push(
    model: Any,
    url: str,
    graph: str | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    inferred: bool = True,
    ontology: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> PushResult:
    """Replace ``graph`` (default: the server's default graph) on a Graph Store Protocol
    endpoint ``url`` with the model's data (``PUT``, then ``POST`` for further parts, see
    :data:`CHUNK_BYTES`).

    The body is N-Triples sent as ``text/turtle`` (N-Triples is Turtle), which every
    server in the documentation accepts. Named graphs of TriG input are merged into
    the one target graph. With the inferred types and the ontology (its labels, subclass
    axioms and ``kkt:level``) in the graph, the named queries give the same rows on the
    server as locally; :func:`load_endpoint` takes the ontology out again.
    """
    triples = data_triples(model, inferred, ontology)
    target = _graph_url(url, graph)
    started = time.perf_counter()
    status = 0
    budget = Budget(timeout)
    for number, chunk in enumerate(_chunks(triples)):
        answer = http(
            target,
            method="PUT" if number == 0 else "POST",
            data=chunk,
            headers={"Content-Type": "text/turtle; charset=utf-8"},
            user=user,
            password=password,
            timeout=timeout,
            budget=budget,
        )
        status = status or answer.status
    return PushResult(url, graph, len(triples), status, time.perf_counter() - started)


#: Largest body per request. HTTP digest authentication answers the first, unauthenticated
#: request with 401; Virtuoso then closes the connection while a large body is still being
#: sent (EPIPE), so the graph goes in parts: PUT the first (replacing the graph), POST
#: (add) the others.
CHUNK_BYTES = 96 * 1024


def _chunks(triples: list[ox.Triple]) -> list[bytes]:
    """N-Triples bodies of at most about :data:`CHUNK_BYTES`, except the first: it holds
    every triple with a blank node, since a blank node would not survive being split
    across requests (the ontology's ``skos:memberList`` alone has some, so one body for
    everything made a national data set one 70 MB request, which Virtuoso refuses)."""

    def has_blank(t: ox.Triple) -> bool:
        return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)

    blank = b"".join(str(t).encode("utf-8") + b" .\n" for t in triples if has_blank(t))
    chunks: list[bytes] = []
    current: list[bytes] = [blank] if blank else []
    size = len(blank)
    for t in triples:
        if has_blank(t):
            continue
        line = str(t).encode("utf-8") + b" .\n"
        if current and size + len(line) > CHUNK_BYTES:
            chunks.append(b"".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line)
    chunks.append(b"".join(current))
    return chunks


def _graph_url(url: str, graph: str | None) -> str:
    sep = "&" if "?" in url else "?"
    if graph is None:
        return f"{url}{sep}default"
    return f"{url}{sep}{urllib.parse.urlencode({'graph': graph})}"


# -- load a graph from the server into a local model -----------------------------------------
def _pattern(graph: str | None) -> str:
    return f"GRAPH <{ox.NamedNode(graph).value}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"


def _count(url: str, where: str, auth: dict[str, Any]) -> int:
    result = remote_query(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", **auth)
    return int(result.rows[0][0].value) if result.rows and result.rows[0][0] else 0


def _construct(url: str, where: str, auth: dict[str, Any]) -> list[ox.Triple]:
    return remote_query(url, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", **auth).triples


def fetch_graph(
    url: str,
    graph: str | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[ox.Triple]:
    """Every triple of ``graph`` (default: the endpoint's default graph) from ``url``.

    Counts first; if one CONSTRUCT returns fewer triples the server caps its results,
    and the graph is fetched per predicate, then per predicate and hash bucket of the
    subject. Blank nodes keep their identity only within one part.
    """
    # One deadline and one byte cap for every query this fetch sends.
    auth = {"user": user, "password": password, "timeout": timeout, "budget": Budget(timeout)}
    base = _pattern(graph)
    total = _count(url, base, auth)
    triples = _construct(url, base, auth)
    if len(set(triples)) >= total:
        return triples
    fetched: set[ox.Triple] = set()
    predicates = remote_query(url, f"SELECT DISTINCT ?p WHERE {{ {base} }}", **auth).rows  # type: ignore[arg-type]
    for (predicate,) in predicates:
        where = f"{base} FILTER(?p = {predicate})"
        part = _construct(url, where, auth)
        if len(set(part)) < _count(url, where, auth):
            part = []
            buckets = [
                f'FILTER(isIRI(?s) && STRSTARTS(MD5(STR(?s)), "{h}"))' for h in "0123456789abcdef"
            ]
            for bucket in [*buckets, "FILTER(isBlank(?s))"]:
                piece_where = f"{where} {bucket}"
                piece = _construct(url, piece_where, auth)
                if len(set(piece)) < _count(url, piece_where, auth):
                    raise EndpointError(
                        f"{url}: the server returns only {len(piece)} triples per query — raise "
                        "its result limit (Virtuoso: ResultSetMaxRows in virtuoso.ini)"
                    )
                part += piece
        fetched.update(part)
    return sorted(fetched, key=str)


def load_endpoint(
    url: str,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Any:
    """A local :class:`~kktrace.model.store.Model` of ``graph`` on the SPARQL endpoint ``url``.

    The store holds the fetched triples in its default graph, the ontology and the
    materialised subclass types, exactly like :func:`kktrace.model.store.load` builds it from
    files — so ``check(load_endpoint(...))`` is a local check of the server's data.
    """
    from kktrace.model.bnodes import canonical_labels
    from kktrace.model.parse import load_file, materialise_types
    from kktrace.model.resources import ontology_file
    from kktrace.model.store import Model

    triples = fetch_graph(url, graph, user=user, password=password, timeout=timeout)
    store = ox.Store()
    load_file(store, ontology_file(), graph=ONTOLOGY_GRAPH)
    # The ontology pushed along with the data belongs in its own graph, as in a local load.
    ontology = {q.triple for q in store}
    # Blank nodes get content-derived labels, as in a local load: the server's own ids
    # (or the ids its answer is parsed with) change from request to request.
    store.extend(
        canonical_labels(
            ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
            for t in triples
            if t not in ontology
        )
    )
    materialise_types(store)
    source = f"{url} graph <{graph}>" if graph else f"{url} (default graph)"
    return Model(store=store, files=[], source=source)
