"""Run the W3C SPARQL 1.1 Protocol tests (query side) against ``kktrace serve``.

The suite is not kept in this repository. Get it (github.com/w3c/rdf-tests, folder
``sparql/sparql11/protocol``) and run::

    python tests/w3c/protocol_driver.py PATH/TO/rdf-tests

It reads ``manifest.ttl``, loads each test's ``ut:graphData`` into named graphs (by their
labels) of a TriG file, starts ``kktrace serve`` on it, sends every request of the tests
listed in ``protocol-tests.txt`` as the manifest encodes it (method, path with ``/sparql/``
replaced by the endpoint path, headers, body in its character encoding) and compares the
status class, the result kind (boolean / tabular / RDF by media type) and the boolean.
It prints one line per test and the pass count; exit 0 when all pass.

The update tests of the manifest are not run: the endpoint is read-only by design and
answers every update with 403.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.collection import Collection

HERE = Path(__file__).resolve().parent
NS = {
    "mf": "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#",
    "ht": "http://www.w3.org/2011/http#",
    "cnt": "http://www.w3.org/2011/content#",
    "ut": "http://www.w3.org/2009/sparql/tests/test-update#",
    "hts": "http://www.w3.org/2011/http-statusCodes#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
FORMATS = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples"),
}


def term(name: str) -> rdflib.URIRef:
    prefix, local = name.split(":")
    return rdflib.URIRef(NS[prefix] + local)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # "2xx", "3xx", "4xx"
    result_format: str | None = None
    boolean: bool | None = None


@dataclass
class Test:
    name: str
    title: str
    requests: list[Request] = field(default_factory=list)
    graphs: dict[str, Path] = field(default_factory=dict)  # graph IRI → data file


def read_manifest(folder: Path) -> dict[str, Test]:
    graph = rdflib.Graph().parse(folder / "manifest.ttl", format="turtle")
    base = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"
    tests: dict[str, Test] = {}
    for node in graph.subjects(rdflib.RDF.type, term("mf:ProtocolTest")):
        name = str(node).removeprefix(base)
        test = Test(name, str(graph.value(node, term("mf:name"))))
        for data in graph.objects(node, term("ut:graphData")):
            file = graph.value(data, term("ut:graph"))
            label = graph.value(data, term("rdfs:label"))
            test.graphs[str(label)] = folder / Path(str(file)).name
        action = graph.value(node, term("mf:action"))
        for req in Collection(graph, graph.value(action, term("ht:requests"))):
            headers = {}
            listed = graph.value(req, term("ht:headers"))
            for header in Collection(graph, listed) if listed else []:
                headers[str(graph.value(header, term("ht:fieldName")))] = str(
                    graph.value(header, term("ht:fieldValue"))
                )
            body = None
            content = graph.value(req, term("ht:body"))
            if content is not None:
                encoding = str(graph.value(content, term("cnt:characterEncoding")) or "UTF-8")
                body = str(graph.value(content, term("cnt:chars"))).encode(encoding)
            resp = graph.value(req, term("ht:resp"))
            statuses = {
                str(s).removeprefix(NS["hts"] + "StatusCode")
                for s in graph.objects(resp, term("mf:expectedStatus"))
            }
            fmt = graph.value(resp, term("mf:expectedFormat"))
            boolean = graph.value(resp, term("mf:expectedBoolean"))
            test.requests.append(
                Request(
                    method=str(graph.value(req, term("ht:methodName"))),
                    path=str(graph.value(req, term("ht:absolutePath"))),
                    headers=headers,
                    body=body,
                    statuses=statuses,
                    result_format=str(fmt) if fmt is not None else None,
                    boolean=boolean.toPython() if boolean is not None else None,
                )
            )
        tests[name] = test
    return tests


def dataset(tests: list[Test], folder: Path) -> Path:
    """One TriG file with every test's graph data in its named graph."""
    lines = []
    seen: dict[str, Path] = {}
    for test in tests:
        seen.update(test.graphs)
    for iri, file in sorted(seen.items()):
        lines.append(f"<{iri}> {{\n{file.read_text(encoding='utf-8')}\n}}")
    out = folder / "protocol-data.trig"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(data: Path, port: int) -> subprocess.Popen[str]:
    exe = Path(sys.executable).with_name("kktrace")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "kktrace"]
    process = subprocess.Popen(
        [*command, "serve", str(data), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read() if process.stderr else "") from None
            time.sleep(0.2)
    process.kill()
    raise TimeoutError("kktrace serve did not start")


def send(port: int, request: Request) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    path = request.path.replace("/sparql/", "/sparql", 1)
    headers = dict(request.headers)
    if request.body is not None:
        headers.setdefault("Content-Length", str(len(request.body)))
    conn.request(request.method, path, body=request.body, headers=headers)
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    return answer.status, answer.getheader("Content-Type", ""), body


def judge(request: Request, status: int, ctype: str, body: bytes) -> str | None:
    """None when the response is what the manifest expects, else why not."""
    if f"{status // 100}xx" not in request.statuses:
        return f"status {status}, expected {'/'.join(sorted(request.statuses))}"
    media = ctype.split(";")[0].strip()
    if request.result_format and media not in FORMATS[request.result_format]:
        return f"media type {media} is not a {request.result_format} result"
    if request.boolean is not None:
        if media == "application/sparql-results+json":
            value = json.loads(body)["boolean"]
        else:
            value = b"<boolean>true</boolean>" in body
        if value is not request.boolean:
            return f"boolean {value}, expected {request.boolean}"
    return None


def run(suite: Path) -> tuple[int, int, list[str]]:
    folder = suite / "sparql" / "sparql11" / "protocol"
    if not (folder / "manifest.ttl").exists():
        folder = suite  # the protocol folder itself
    names = [
        line.split("#")[0].strip()
        for line in (HERE / "protocol-tests.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    manifest = read_manifest(folder)
    tests = [manifest[n] for n in names]
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        process = start(dataset(tests, Path(scratch)), port)
        lines, passed = [], 0
        try:
            for test in tests:
                problem = None
                for request in test.requests:
                    problem = judge(request, *send(port, request))
                    if problem:
                        break
                passed += problem is None
                lines.append(
                    f"{'PASS' if problem is None else 'FAIL'} {test.name}: {problem or test.title}"
                )
        finally:
            process.terminate()
            process.wait(timeout=20)
    return passed, len(tests), lines


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    passed, total, lines = run(Path(sys.argv[1]))
    print("\n".join(lines))
    print(f"W3C SPARQL 1.1 Protocol (query side): {passed}/{total} passed")
    return 0 if passed == total else 1


if __name__ == "__main__":
    sys.exit(main())
