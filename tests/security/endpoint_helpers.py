"""Shared pieces of the SPARQL attack tests: a listener that counts connections, the corpus
of ways to spell a federated (or otherwise outward) query, and an in-process CLI runner."""

from __future__ import annotations

import contextlib
import io
import socket
import sys
import threading
from dataclasses import dataclass


class Listener:
    """TCP listeners on 127.0.0.1 and (when available) ::1, same port, counting connections.

    Anything that reaches them, an HTTP request from Oxigraph's SERVICE client or a bare
    connect, counts; the tests require the count to stay 0.
    """

    def __init__(self) -> None:
        self.connections = 0
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        first = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        first.bind(("127.0.0.1", 0))
        self.port = first.getsockname()[1]
        self._sockets.append(first)
        with contextlib.suppress(OSError):
            six = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            six.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            six.bind(("::1", self.port))
            self._sockets.append(six)
        self._open = True
        for sock in self._sockets:
            sock.listen(64)
            sock.settimeout(0.1)
            threading.Thread(target=self._accept, args=(sock,), daemon=True).start()

    def _accept(self, sock: socket.socket) -> None:
        while self._open:
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            conn.close()

    def close(self) -> None:
        self._open = False
        for sock in self._sockets:
            sock.close()


def corpus(port: int) -> dict[str, str]:
    """Queries that would make an engine open a connection to ``port`` (≥ 30 spellings)."""
    url = f"<http://127.0.0.1:{port}/sparql>"
    pat = "{ ?s ?p ?o }"
    svc = f"SERVICE {url} {pat}"
    return {
        "plain": f"SELECT * WHERE {{ {svc} }}",
        "lower-case": f"select * where {{ service {url} {pat} }}",
        "mixed-case": f"SeLeCt * WhErE {{ SeRvIcE {url} {pat} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT {url} {pat} }}",
        "silent-lower": f"SELECT * WHERE {{ service silent {url} {pat} }}",
        "variable-bind": f"SELECT * WHERE {{ BIND({url} AS ?u) SERVICE ?u {pat} }}",
        "variable-values": f"SELECT * WHERE {{ VALUES ?u {{ {url} }} SERVICE ?u {pat} }}",
        "dollar-variable": f"SELECT * WHERE {{ VALUES $u {{ {url} }} SERVICE $u {pat} }}",
        "escaped-hash-pname": (
            f"PREFIX ex: <http://example.org/>\nSELECT * WHERE {{ BIND(ex:a\\# AS ?z) {svc} }}"
        ),
        "escaped-pname-before-service": (
            f"PREFIX ex: <http://example.org/>\nSELECT * WHERE {{ ?s ex:p\\#q ?o . {svc} }}"
        ),
        "unicode-escaped-keyword": f"SELECT * WHERE {{ \\u0053ERVICE {url} {pat} }}",
        "unicode-escaped-iri": (
            f"SELECT * WHERE {{ SERVICE <http\\u003A//127.0.0.1:{port}/sparql> {pat} }}"
        ),
        "comment-before": f"SELECT * WHERE {{ # a comment\n {svc} }}",
        "comment-cr-line-end": f"SELECT * WHERE {{ # a comment\r{svc} }}",
        "comment-cr-hides-where": f"DESCRIBE ?s # x\r WHERE {{ {svc} }}",
        "escaped-quote-hides-service": (
            f'SELECT * WHERE {{ BIND("\\u0022" AS ?a) {svc} BIND("" AS ?b) }}'
        ),
        "escaped-hash-hides-service": f"SELECT * WHERE {{ ?s ?p ?o \\u0023\n {svc} }}",
        "escaped-cr-ends-comment": f"DESCRIBE ?s # x \\u000D WHERE {{ {svc} }}",
        "hash-in-iri-before": f"SELECT * WHERE {{ ?s <http://example.org/a#b> ?o . {svc} }}",
        "hash-in-string-before": f'SELECT * WHERE {{ BIND("\\"#" AS ?x) {svc} }}',
        "long-string-before": f"SELECT * WHERE {{ BIND('''a\nb # c''' AS ?x) {svc} }}",
        "nested-groups": f"SELECT * WHERE {{ {{ {{ {{ {svc} }} }} }} }}",
        "optional": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ {svc} }} }}",
        "minus": f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ {svc} }} }}",
        "union": f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ {svc} }} }}",
        "filter-exists": f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ {svc} }} }}",
        "filter-not-exists": f"SELECT * WHERE {{ FILTER NOT EXISTS {{ {svc} }} }}",
        "subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {svc} }} }} }}",
        "bind-exists": f"SELECT * WHERE {{ BIND(EXISTS {{ {svc} }} AS ?x) }}",
        "select-expression": f"SELECT (EXISTS {{ {svc} }} AS ?x) WHERE {{ }}",
        "having": f"SELECT (COUNT(*) AS ?n) WHERE {{ }} HAVING (EXISTS {{ {svc} }})",
        "order-by": f"SELECT * WHERE {{ }} ORDER BY (NOT EXISTS {{ {svc} }})",
        "graph": f"SELECT * WHERE {{ GRAPH ?g {{ {svc} }} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {svc} }}",
        "ask": f"ASK {{ {svc} }}",
        "describe": f"DESCRIBE ?s WHERE {{ {svc} }}",
        "base-relative": (
            f"BASE <http://127.0.0.1:{port}/>\nSELECT * WHERE {{ SERVICE <sparql> {pat} }}"
        ),
        "prefixed-iri": (
            f"PREFIX svc: <http://127.0.0.1:{port}/>\nSELECT * WHERE {{ SERVICE svc:sparql {pat} }}"
        ),
        "no-whitespace": f"SELECT*WHERE{{SERVICE{url}{{?s ?p ?o}}}}",
        "tabs-and-newlines": f"SELECT *\tWHERE\n{{\n\tSERVICE\n\t{url}\n\t{pat}\n}}",
        "localhost-name": (f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/sparql> {pat} }}"),
        "ipv6-loopback": f"SELECT * WHERE {{ SERVICE <http://[::1]:{port}/sparql> {pat} }}",
        "file-scheme": f"SELECT * WHERE {{ SERVICE <file:///etc/passwd> {pat} }}",
        "load-update": f"LOAD <http://127.0.0.1:{port}/data.ttl>",
        "load-silent-into": f"LOAD SILENT <http://127.0.0.1:{port}/d.ttl> INTO GRAPH <urn:g>",
        "insert-with-service": (f"INSERT {{ ?s ?p ?o }} WHERE {{ {svc} }}"),
        "update-after-prologue": (f"PREFIX a: <http://a/>\n# c\nLOAD <http://127.0.0.1:{port}/x>"),
        "deeply-nested": "SELECT * WHERE " + "{ " * 200 + svc + " }" * 200,
    }


def harmless(port: int) -> dict[str, str]:
    """Queries that only look outward: they must run (200) and still connect nowhere."""
    url = f"http://127.0.0.1:{port}/data"
    return {
        "word-in-string": 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1/>" AS ?x) }',
        "word-in-comment": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1 # SERVICE <{url}> {{ }}",
        "variable-named-service": "SELECT ?service WHERE { ?service a kkt:Administration }",
        "from-a-url": f"SELECT (COUNT(*) AS ?n) FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "iri-function": f'SELECT (IRI("{url}") AS ?x) WHERE {{ }}',
    }


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_main(*args: str) -> Run:
    """``kktrace ARGS`` through :func:`kktrace.cli.main` in this process (its error boundary
    included): the same code path as the console script, without a process start."""
    from kktrace.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["kktrace", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    return Run(code, out.getvalue(), err.getvalue())
