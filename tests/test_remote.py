"""kktrace against external SPARQL servers: push, ``check --endpoint``, ``query --endpoint``.

Two real servers: the Oxigraph server (``oxigraph serve``, from the ``oxigraph`` test
dependency; cheap) and Virtuoso Open Source 7 from Debian (``@pytest.mark.virtuoso``;
skipped when ``virtuoso-t`` is missing, a failure when CI=true).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import IN_CI, run_kktrace
from virtuoso import free_port
from virtuoso import running as virtuoso_running

from kktrace.errors import EndpointError
from kktrace.rules import REQUIRED_FIELDS
from kktrace.sparql.query import load_queries

GRAPH = "https://w3id.org/kktrace/graph/test-kk"
HOSTILE = 'x" } ; DROP ALL ; #'
#: One parameter set per named query that needs one (the others run without).
PARAMS = {
    "trace-to-strategy": ["node=kk:BUF-2011-I01"],
    "dependents": ["node=kk:FHP-2011-M01"],
    "initiatives-without-status": ["year=2012"],
    "initiatives-by-responsible": ["unit=kk:OEKF"],
    "local-plans": ["admin=kk:SOF"],
}


@pytest.fixture(scope="module")
def local_findings() -> dict:
    done = run_kktrace("check", "--format", "json")
    assert done.code in (0, 1), done.stderr
    return json.loads(done.stdout)


def _oxigraph_binary() -> str:
    exe = Path(sys.executable).with_name("oxigraph")
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if found is None:
        message = "oxigraph server not installed: pip install -e '.[test]'"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    """An in-memory Oxigraph server on 127.0.0.1; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [_oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _named_query_rows(cli, name: str, *endpoint: str) -> dict:
    params = [a for p in PARAMS.get(name, []) for a in ("--param", p)]
    done = cli("query", "--name", name, *params, "--format", "json", *endpoint)
    assert done.code == 0, (name, done.stderr)
    return json.loads(done.stdout)


def test_oxigraph_push_check_and_queries(cli, oxigraph, local_findings):
    pushed = cli("push", "--endpoint", f"{oxigraph}/store", "--graph", GRAPH)
    assert pushed.code == 0, pushed.stderr
    assert "Pushed" in pushed.stdout
    remote = ["--endpoint", f"{oxigraph}/query", "--graph", GRAPH]
    done = cli("check", *remote, "--format", "json")
    assert done.code in (0, 1), done.stderr
    assert json.loads(done.stdout) == local_findings
    for name in load_queries():
        assert _named_query_rows(cli, name, *remote) == _named_query_rows(cli, name), name


def test_remote_parameters_are_values(cli, oxigraph):
    remote = ["--endpoint", f"{oxigraph}/query", "--graph", GRAPH]
    before = cli(
        "query", "-q", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", *remote, "--format", "csv"
    )
    done = cli(
        "query",
        "-q",
        "SELECT ?x ?l WHERE { ?x rdfs:label ?l }",
        "-p",
        f"l={HOSTILE}",
        *remote,
        "--format",
        "json",
    )
    assert done.code == 0, done.stderr
    assert json.loads(done.stdout)["results"]["bindings"] == []
    after = cli(
        "query", "-q", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", *remote, "--format", "csv"
    )
    assert before.stdout == after.stdout and int(after.stdout.split()[1]) > 1000


def test_load_endpoint_gives_a_model(oxigraph, bundled_model):
    from kktrace.model.remote import load_endpoint, push

    push(bundled_model, f"{oxigraph}/store", GRAPH + "-api")
    model = load_endpoint(f"{oxigraph}/query", GRAPH + "-api")
    assert len(model.nodes_of_kind("Initiative")) == len(bundled_model.nodes_of_kind("Initiative"))
    assert sorted(model.graph.edges(keys=True)) == sorted(bundled_model.graph.edges(keys=True))


def test_unreachable_endpoint_is_exit_2(cli):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    for args in (
        ["check", "--endpoint", url],
        ["query", "-q", "ASK {}", "--endpoint", url],
        ["push", "--endpoint", url],
    ):
        done = cli(*args)
        assert done.code == 2, args
        assert url in done.stderr and "Traceback" not in done.stderr


def test_endpoint_error_names_the_url():
    from kktrace.model.remote import remote_query

    with pytest.raises(EndpointError, match=r"127\.0\.0\.1:9/sparql"):
        remote_query("http://127.0.0.1:9/sparql", "ASK {}")


# -- Virtuoso ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[object]:
    if shutil.which("virtuoso-t") is None:
        message = "virtuoso-t not installed: run `make system` (Debian virtuoso-opensource)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    # A low result cap (Debian's is 10,000) makes check --endpoint fetch the graph in parts.
    with virtuoso_running(tmp_path_factory.mktemp("virtuoso"), max_rows=800) as server:
        yield server


@pytest.mark.virtuoso
@pytest.mark.slow
def test_virtuoso_round_trip(cli, virtuoso, local_findings):
    graph = "https://w3id.org/kktrace/graph/kk"
    refused = cli("push", "--endpoint", virtuoso.graph_store, "--graph", graph)
    assert refused.code == 2 and "--user" in refused.stderr
    started = time.perf_counter()
    pushed = cli(
        "push",
        "--endpoint",
        virtuoso.graph_store,
        "--graph",
        graph,
        "--user",
        "dba",
        "--password",
        "dba",
    )
    assert pushed.code == 0, pushed.stderr
    done = cli("check", "--endpoint", virtuoso.sparql, "--graph", graph, "--format", "json")
    elapsed = time.perf_counter() - started
    assert done.code in (0, 1), done.stderr
    assert json.loads(done.stdout) == local_findings
    print(f"Virtuoso round trip (push + check --endpoint): {elapsed:.1f} s")
    remote = ["--endpoint", virtuoso.sparql, "--graph", graph]
    for name in ("orphan-initiatives", "trace-to-strategy", "not-decision-ready"):
        assert _named_query_rows(cli, name, *remote) == _named_query_rows(cli, name), name


@pytest.mark.virtuoso
@pytest.mark.slow
def test_on_server_answer_cut_at_max_rows_is_refused(cli, virtuoso, tmp_path):
    """Virtuoso answers 200 OK with only ResultSetMaxRows rows (800 here) and says so in a
    header: with --on-server that is one line and exit 2, not a check of part of the rows."""
    graph = "https://w3id.org/kktrace/graph/kk-capped"
    pushed = cli(
        "push", "--endpoint", virtuoso.graph_store, "--graph", graph, "--user", "dba",
        "--password", "dba",
    )  # fmt: skip
    assert pushed.code == 0, pushed.stderr
    (tmp_path / "every-subject.rq").write_text(
        "".join(f"# {field}: x\n" for field in REQUIRED_FIELDS if field not in ("id", "severity"))
        + "# id: every-subject\n# severity: info\nSELECT ?focus WHERE { ?focus ?p ?o }\n",
        encoding="utf-8",
    )
    done = cli(
        "check", "--endpoint", virtuoso.sparql, "--graph", graph, "--on-server",
        "--rules-dir", tmp_path, "--rule", "every-subject",
    )  # fmt: skip
    assert done.code == 2 and done.stdout == "", done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "800 rows" in lines[0] and "ResultSetMaxRows" in lines[0], lines
    assert "Traceback" not in done.stderr
