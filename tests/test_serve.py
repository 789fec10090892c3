"""``kktrace serve`` as a real process on loopback, called by a real SPARQL client."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.dom.minidom
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from conftest import _kktrace_command
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper
from virtuoso import free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: Produces a row now and then for about a minute: stops at the deadline between rows.
SLOW_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?a = ?d && ?b = ?e && ?c = ?f) }"
#: Computes one row for ~10 s: Oxigraph cannot be interrupted inside it.
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


class Server:
    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process = process
        self.base = f"http://127.0.0.1:{port}"
        self.sparql = f"{self.base}/sparql"

    def client(self, query: str, fmt: str = JSON, method: str = "GET") -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.sparql)
        wrapper.setQuery(query)
        wrapper.setReturnFormat(fmt)
        if method == "POST":
            wrapper.setMethod(POST)
        return wrapper

    def request(
        self,
        path: str,
        data: bytes | None = None,
        headers: dict | None = None,
        method: str | None = None,
    ) -> tuple[int, str, str]:
        req = urllib.request.Request(
            self.base + path, data=data, headers=headers or {}, method=method
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as answer:
                return answer.status, answer.headers.get("Content-Type", ""), answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode()

    def count(self) -> int:
        return int(self.client(COUNT).queryAndConvert()["results"]["bindings"][0]["n"]["value"])


def start_server(*options: str) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [*_kktrace_command(), "serve", "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = Server(process, port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kktrace serve exited: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(server.base + "/queries", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise TimeoutError("kktrace serve did not start within 60 s")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start_server("--timeout", "1.5", "--max-results", "5000")
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def test_select_json(server):
    result = server.client(
        "SELECT ?a WHERE { ?a a kkt:Administration } ORDER BY ?a"
    ).queryAndConvert()
    names = [b["a"]["value"] for b in result["results"]["bindings"]]
    assert len(names) == 7 and names == sorted(names)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_in_each_format(server, method):
    query = "SELECT ?a ?code WHERE { ?a a kkt:Administration ; skos:notation ?code } ORDER BY ?code"
    as_json = server.client(query, JSON, method).queryAndConvert()
    codes = [b["code"]["value"] for b in as_json["results"]["bindings"]]
    assert "ØKF" in codes and len(codes) == 7
    as_xml = server.client(query, XML, method).queryAndConvert()
    assert isinstance(as_xml, xml.dom.minidom.Document)
    assert [n.firstChild.data for n in as_xml.getElementsByTagName("literal")] == codes
    as_csv = server.client(query, CSV, method).queryAndConvert().decode()
    assert as_csv.splitlines()[0] == "a,code" and as_csv.splitlines()[1].endswith("," + codes[0])
    as_tsv = server.client(query, TSV, method).queryAndConvert().decode()
    assert as_tsv.splitlines()[0] == "?a\t?code" and f'"{codes[0]}"' in as_tsv.splitlines()[1]


def test_ask_in_each_format(server):
    ask = "ASK { ?x a kkt:TransitionActionPlan }"
    assert server.client(ask, JSON).queryAndConvert()["boolean"] is True
    doc = server.client(ask, XML).queryAndConvert()
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert server.client("ASK { ?x a kkt:NoSuchClass }", JSON).queryAndConvert()["boolean"] is False
    assert server.client(ask, CSV).queryAndConvert().decode().splitlines()[-1] == "true"
    assert server.client(ask, TSV).queryAndConvert().decode().splitlines()[-1] == "true"


def test_construct_turtle_and_ntriples(server):
    construct = "CONSTRUCT { ?a org:unitOf ?m } WHERE { ?a a kkt:Administration ; org:unitOf ?m }"
    turtle = server.client(construct, TURTLE).queryAndConvert()
    triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert len(triples) == 7
    status, ctype, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": construct}),
        headers={"Accept": "application/n-triples"},
    )
    assert status == 200 and ctype.startswith("application/n-triples")
    assert len(list(ox.parse(body.encode(), format=ox.RdfFormat.N_TRIPLES))) == 7
    describe = "DESCRIBE <https://w3id.org/kktrace/id/kk/BUF>"
    assert list(
        ox.parse(server.client(describe, TURTLE).queryAndConvert(), format=ox.RdfFormat.TURTLE)
    )


def test_sparql_query_body(server):
    status, ctype, body = server.request(
        "/sparql",
        data=b"SELECT ?x WHERE { ?x a kkt:ITStrategy }",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert status == 200 and ctype.startswith("text/csv")
    assert body.splitlines() == ["x", "https://w3id.org/kktrace/id/kk/strategi-2010-2014"]


def test_update_refused_and_not_applied(server):
    before = server.count()
    update = "INSERT DATA { <http://evil.example/a> <http://evil.example/b> 1 }"
    with pytest.raises(Exception) as info:  # SPARQLWrapper sends update= and gets a 403
        server.client(update, JSON, "POST").query()
    assert "403" in str(info.value) or "read-only" in str(info.value)
    status, _, body = server.request(
        "/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert status == 403 and "read-only" in body
    status, _, _ = server.request("/sparql?" + urllib.parse.urlencode({"update": update}))
    assert status == 403
    # An update sent as a query is refused as an update, and nothing changes.
    status, _, body = server.request(
        "/sparql",
        data=urllib.parse.urlencode({"query": update}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403 and "SPARQL Update" in body
    assert server.count() == before


def test_errors_are_clear(server):
    status, ctype, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x {"})
    )
    assert status == 400 and ctype.startswith("text/plain")
    assert body.startswith("Error: query:1:12: SPARQL syntax error"), body
    status, _, body = server.request(
        "/sparql", data=b"", headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 400 and "no query" in body
    status, _, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT * {}"}),
        headers={"Accept": "image/png"},
    )
    assert status == 406
    status, _, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o }"})
    )
    assert status == 413 and "LIMIT" in body, (status, body)


def test_timeout_answered_and_server_keeps_serving(server):
    for slow in (SLOW_ROWS, SLOW_COUNT):
        started = time.monotonic()
        status, _, body = server.request(
            "/sparql",
            data=urllib.parse.urlencode({"query": slow}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 503 and "timed out" in body
        assert time.monotonic() - started < 5
        assert server.count() > 0  # still serving


def test_named_query_with_parameter(server):
    status, _, body = server.request(
        "/queries/trace-to-strategy",
        data=urllib.parse.urlencode({"node": "kk:BUF-2011-I01"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
    )
    assert status == 200, body
    targets = {b["target"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert "https://w3id.org/kktrace/id/kk/strategi-2010-2014" in targets
    hostile = 'x" } ; DROP ALL ; #'
    status, _, body = server.request(
        "/queries/initiatives-without-status?" + urllib.parse.urlencode({"year": hostile})
    )
    assert status == 400 and "not a valid xsd:gYear" in body, body
    status, _, body = server.request(
        "/queries/status-history?" + urllib.parse.urlencode({"initiative": hostile})
    )
    assert status == 400 and "not an IRI" in body
    status, _, body = server.request("/queries/nope")
    assert status == 404


def test_page_is_offline(server):
    status, ctype, page = server.request("/")
    assert status == 200 and ctype.startswith("text/html")
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page)
    assert "http://" not in page and "https://" not in page
    assert "innerHTML" not in page
    status, _, listing = server.request("/queries")
    assert status == 200 and len(json.loads(listing)) >= 12


def test_sigterm_stops_cleanly():
    running = start_server()
    assert running.count() > 0
    running.process.send_signal(signal.SIGTERM)
    assert running.process.wait(timeout=15) == 0


def test_port_in_use_is_exit_2(server):
    port = server.base.rsplit(":", 1)[1]
    done = subprocess.run(
        [*_kktrace_command(), "serve", "--port", port], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "--port" in done.stderr


def test_service_refused_no_outbound_call(server):
    """A localhost endpoint must not fetch URLs for whoever can reach it (SERVICE)."""
    federated = (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }  # no call made"
    )
    status, _, body = server.request("/sparql?" + urllib.parse.urlencode({"query": federated}))
    assert status == 403 and "SERVICE" in body
    # The word inside a string, an IRI or a variable name is not a federated query.
    harmless = 'SELECT ?service WHERE { ?service rdfs:label "SERVICE desk" }'
    status, _, _ = server.request("/sparql?" + urllib.parse.urlencode({"query": harmless}))
    assert status == 200


# -- SPARQL 1.1 Protocol details (issue 14) -------------------------------------------
def form(query: str, **extra: str) -> bytes:
    return urllib.parse.urlencode({"query": query, **extra}).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_more_than_one_query_is_400(server):
    two = urllib.parse.urlencode([("query", "ASK {}"), ("query", "SELECT * {}")])
    status, _, body = server.request("/sparql?" + two)
    assert status == 400 and "more than one query" in body
    status, _, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}),
        data=b"SELECT * {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert status == 400 and "more than one query" in body
    status, _, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}), data=form("ASK {}"), headers=FORM
    )
    assert status == 400


def test_relative_iris_resolve_against_the_endpoint(server):
    status, _, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT (<x> AS ?x) (<../y#z> AS ?y) {}"}),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    row = json.loads(body)["results"]["bindings"][0]
    assert row["x"]["value"] == server.base + "/x"
    assert row["y"]["value"] == server.base + "/y#z"


def test_service_description_by_content_negotiation(server):
    sd = "http://www.w3.org/ns/sparql-service-description#"
    for accept, fmt in (
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("", ox.RdfFormat.TURTLE),
    ):
        status, ctype, body = server.request(
            "/sparql", headers={"Accept": accept} if accept else {}
        )
        assert status == 200 and ctype.startswith(fmt.media_type), (accept, ctype)
        store = ox.Store()
        store.load(body.encode(), format=fmt)
        service = ox.NamedNode(server.sparql)
        assert bool(
            store.query(
                f"ASK {{ <{server.sparql}> a <{sd}Service> ; <{sd}endpoint> <{server.sparql}> }}"
            )
        )
        formats = {
            q.object.value
            for q in store.quads_for_pattern(service, ox.NamedNode(sd + "resultFormat"), None)
        }
        assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats and len(formats) == 8
        languages = {
            q.object.value
            for q in store.quads_for_pattern(service, ox.NamedNode(sd + "supportedLanguage"), None)
        }
        assert languages == {sd + "SPARQL11Query"}  # no SPARQL11Update: read-only
    # A browser asking for HTML gets the query page instead.
    status, ctype, _ = server.request("/sparql", headers={"Accept": "text/html"})
    assert status == 200 and ctype.startswith("text/html")


@pytest.mark.parametrize(
    ("fmt", "parse_as"),
    [
        ("rdf+xml", ox.RdfFormat.RDF_XML),
        ("xml", ox.RdfFormat.RDF_XML),
        ("rdf", ox.RdfFormat.RDF_XML),
        ("n3", ox.RdfFormat.TURTLE),
        ("turtle", ox.RdfFormat.TURTLE),
        ("json", ox.RdfFormat.JSON_LD),
        ("json-ld", ox.RdfFormat.JSON_LD),
    ],
)
def test_sparqlwrapper_formats_on_construct_and_describe(server, fmt, parse_as):
    for query in (
        "CONSTRUCT { ?a org:unitOf ?m } WHERE { ?a a kkt:Administration ; org:unitOf ?m }",
        "DESCRIBE <https://w3id.org/kktrace/id/kk/BUF>",
    ):
        wrapper = SPARQLWrapper(server.sparql)
        wrapper.setQuery(query)
        wrapper.setReturnFormat(fmt)
        raw = wrapper.query().response.read()
        triples = list(ox.parse(raw, format=parse_as))
        assert triples, (fmt, query)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_format_values_on_select_and_ask(server, fmt):
    status, ctype, body = server.request(
        "/sparql?"
        + urllib.parse.urlencode({"query": "SELECT ?a { ?a a kkt:Administration }", "format": fmt})
    )
    assert status == 200 and ctype.startswith(
        {
            "json": "application/sparql-results+json",
            "xml": "application/sparql-results+xml",
            "csv": "text/csv",
            "tsv": "text/tab-separated-values",
        }[fmt]
    )
    assert body.count("https://w3id.org/kktrace/id/kk/") >= 7


def test_unknown_format_value_falls_back_to_accept(server):
    status, ctype, _ = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": "ASK {}", "format": "rdf+xml"}),
        headers={"Accept": "text/csv"},
    )
    assert status == 200 and ctype.startswith("text/csv")


def count_of(server: Server, query: str, **params: str) -> int:
    status, _, body = server.request(
        "/sparql?" + urllib.parse.urlencode({"query": query, **params}),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_from_and_from_named_are_honoured(server):
    everything = count_of(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    ontology = count_of(
        server, "SELECT (COUNT(*) AS ?n) FROM <urn:kktrace:graph:ontology> { ?s ?p ?o }"
    )
    assert 0 < ontology < everything
    assert count_of(server, "SELECT (COUNT(*) AS ?n) FROM <urn:none> { ?s ?p ?o }") == 0
    assert (
        count_of(server, "SELECT (COUNT(*) AS ?n) FROM NAMED <urn:none> { GRAPH ?g { ?s ?p ?o } }")
        == 0
    )
    assert (
        count_of(
            server,
            "SELECT (COUNT(*) AS ?n) FROM NAMED <urn:kktrace:graph:ontology> "
            "{ GRAPH ?g { ?s ?p ?o } }",
        )
        == ontology
    )
    # The protocol's default-graph-uri wins over the query's FROM (SPARQL 1.1 Protocol 2.1.4).
    assert (
        count_of(
            server,
            "SELECT (COUNT(*) AS ?n) FROM <urn:none> { ?s ?p ?o }",
            **{"default-graph-uri": "urn:kktrace:graph:ontology"},
        )
        == ontology
    )


def test_from_is_honoured_by_kktrace_query(cli):
    done = cli(
        "query",
        "--format",
        "csv",
        "--query",
        "SELECT (COUNT(*) AS ?n) FROM <urn:none> { ?s ?p ?o }",
    )
    assert done.code == 0 and done.stdout.splitlines() == ["n", "0"], done


def test_port_out_of_range_is_one_line(cli):
    for port in ("70000", "0", "-1"):
        done = cli("serve", "--port", port, timeout=60)
        assert done.code == 2 and done.stderr.count("\n") == 1 and "--port" in done.stderr, done


def test_gyear_parameter_rejects_text(cli):
    done = cli("query", "--name", "initiatives-without-status", "--param", "year=abc")
    assert done.code == 2 and "xsd:gYear" in done.stderr and done.stderr.count("\n") == 1


def test_page_has_a_content_security_policy(server):
    """The workbench's query page: scripts only from this server (never inline), nothing
    fetched from elsewhere, not framed; the page says the same in a meta element."""
    with urllib.request.urlopen(server.base + "/", timeout=10) as answer:
        header = answer.headers["Content-Security-Policy"]
        page = answer.read().decode()
    directives = dict(d.strip().split(" ", 1) for d in header.split(";") if d.strip())
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["connect-src"] == "'self'"
    assert "frame-ancestors" in directives
    assert '<meta http-equiv="Content-Security-Policy"' in page
    assert "<script>" not in page  # no inline script: the editor is /static/query.js
