"""`kktrace serve` under attack, through real HTTP clients against a real server process.

- every outward spelling of the corpus gets a 4xx and the listener it points at sees nothing;
- other Host names get 403 (DNS rebinding); `--host 0.0.0.0` warns;
- bodies over the limit get 413 while arriving;
- a query that eats memory or time is stopped, and an ASK right after is answered in < 1 s;
- bad dataset IRIs are a 400, and the server log holds no traceback.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from endpoint_helpers import Listener, corpus, harmless
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from test_serve import Server, start_server

ASK = "ASK { ?s a kkt:Administration }"
#: Sorting a cross product of the model with itself: gigabytes if not stopped.
MEMORY_BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
#: One COUNT over a cross product: minutes of work inside one row.
TIME_BOMB = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start_server("--timeout", "2", "--max-memory", "200", "--allow-host", "kktrace.test")
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def status_of(server: Server, path: str, **kwargs) -> tuple[int, str]:
    status, _, body = server.request(path, **kwargs)
    return status, body


def timed_ask(server: Server) -> float:
    started = time.monotonic()
    assert server.client(ASK).queryAndConvert()["boolean"] is True
    return time.monotonic() - started


def test_corpus_gets_4xx_and_no_connection(server, listener):
    attacks = corpus(listener.port)
    assert len(attacks) >= 30
    for name, text in attacks.items():
        get_status, body = status_of(server, "/sparql?" + urllib.parse.urlencode({"query": text}))
        assert 400 <= get_status < 500, (name, get_status, body)
        assert body.startswith("Error: ") and body.count("\n") == 1, (name, body)
        form_status, _ = status_of(
            server,
            "/sparql",
            data=urllib.parse.urlencode({"query": text}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        body_status, _ = status_of(
            server,
            "/sparql",
            data=text.encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
        assert 400 <= form_status < 500 and 400 <= body_status < 500, name
    time.sleep(0.3)
    assert listener.connections == 0


def test_sparqlwrapper_is_refused_too(server, listener):
    for name in ("plain", "silent", "escaped-hash-pname", "variable-values", "subquery"):
        wrapper = SPARQLWrapper(server.sparql)
        wrapper.setQuery(corpus(listener.port)[name])
        wrapper.setReturnFormat(JSON)
        wrapper.setMethod(POST)
        with pytest.raises(Exception) as info:
            wrapper.query()
        assert any(code in str(info.value) for code in ("400", "403", "Bad")), (name, info.value)
    time.sleep(0.3)
    assert listener.connections == 0


def test_updates_by_every_route_are_refused(server, listener):
    update = corpus(listener.port)["load-update"]
    for data, headers in (
        (
            urllib.parse.urlencode({"update": update}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
        (update.encode(), {"Content-Type": "application/sparql-update"}),
    ):
        status, body = status_of(server, "/sparql", data=data, headers=headers)
        assert status == 403 and "read-only" in body
    time.sleep(0.3)
    assert listener.connections == 0


def test_harmless_lookalikes_run_and_connect_nowhere(server, listener):
    for name, text in harmless(listener.port).items():
        status, body = status_of(server, "/sparql?" + urllib.parse.urlencode({"query": text}))
        assert status == 200, (name, body)
    status, _ = status_of(
        server,
        "/sparql?"
        + urllib.parse.urlencode(
            {"query": "ASK { }", "default-graph-uri": f"http://127.0.0.1:{listener.port}/g"}
        ),
    )
    assert status == 200
    time.sleep(0.3)
    assert listener.connections == 0


def raw_request(server: Server, host_header: str, path: str = "/sparql?query=ASK%7B%7D") -> int:
    port = int(server.base.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host_header)
    conn.putheader("Accept", "application/sparql-results+json")
    conn.endheaders()
    answer = conn.getresponse()
    answer.read()
    conn.close()
    return answer.status


def test_host_header_is_checked(server):
    port = server.base.rsplit(":", 1)[1]
    for good in (
        f"127.0.0.1:{port}",
        f"localhost:{port}",
        "localhost",
        f"[::1]:{port}",
        f"kktrace.test:{port}",
        "KKTRACE.TEST",
    ):
        assert raw_request(server, good) == 200, good
    for bad in (
        "evil.example",
        f"evil.example:{port}",
        "127.0.0.1.evil.example",
        "localhost.evil.example",
        f"[::2]:{port}",
        "",
        "kktrace.test.evil",
    ):
        assert raw_request(server, bad) in (403, 421), bad
    # The page and the query list are guarded as well, not only /sparql.
    assert raw_request(server, "evil.example", "/") in (403, 421)
    assert raw_request(server, "evil.example", "/queries") in (403, 421)


def test_any_address_warns_that_it_is_reachable():
    process = subprocess.Popen(
        [*_command(), "serve", "--host", "0.0.0.0", "--port", str(_free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stderr.readline()
    finally:
        process.kill()
        process.wait()
    assert "WARNING" in first and "reachable from the network" in first


def _command() -> list[str]:
    from conftest import _kktrace_command

    return _kktrace_command()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_big_body_is_refused_while_arriving(server):
    port = int(server.base.rsplit(":", 1)[1])
    # Declares 200 MB and sends 1 KB: the answer comes at once, nothing more is read.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: 209715200\r\n\r\n"
            + b"#"
            * 1024
        )
        started = time.monotonic()
        reply = sock.recv(4096).decode("latin-1")
    assert reply.startswith("HTTP/1.1 413"), reply
    assert time.monotonic() - started < 2
    # Chunked (no length given): cut off once the limit is passed.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)

    def chunks() -> Iterator[bytes]:
        for _ in range(400):  # 400 x 64 KB = 25 MB offered
            yield b"#" * 65536

    try:
        conn.request(
            "POST",
            "/sparql",
            body=chunks(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            encode_chunked=True,
        )
        status = conn.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        status = 413  # the server answered and closed while we were still sending
    assert status == 413
    assert timed_ask(server) < 1


def test_memory_bomb_is_stopped_and_others_are_served(server):
    status, body = status_of(
        server,
        "/sparql",
        data=urllib.parse.urlencode({"query": MEMORY_BOMB}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 507 and "200 MB" in body, (status, body)
    assert "server goes on serving" in body
    assert timed_ask(server) < 1


def test_time_bombs_are_stopped_and_the_server_keeps_answering(server):
    for _ in range(5):
        started = time.monotonic()
        status, body = status_of(server, "/sparql?" + urllib.parse.urlencode({"query": TIME_BOMB}))
        assert status == 503 and "timed out" in body, (status, body)
        assert time.monotonic() - started < 6
        assert timed_ask(server) < 1


def test_other_clients_are_served_while_a_bomb_runs(server):
    import threading

    outcome: list[int] = []
    bomb = threading.Thread(
        target=lambda: outcome.append(
            status_of(server, "/sparql?" + urllib.parse.urlencode({"query": TIME_BOMB}))[0]
        )
    )
    bomb.start()
    time.sleep(0.3)
    assert timed_ask(server) < 1  # the second worker answers
    bomb.join()
    assert outcome == [503]


def test_bad_dataset_iri_is_400(server):
    for name in ("default-graph-uri", "named-graph-uri"):
        status, body = status_of(
            server, "/sparql?" + urllib.parse.urlencode({"query": "ASK {}", name: "not an iri"})
        )
        assert status == 400 and name in body, body


def test_a_worker_killed_from_outside_is_replaced(server):
    """Kill every query worker (as the OOM killer might): the next queries are answered."""
    import os
    import signal as signals

    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.process.pid)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert len(children) >= 2
    for pid in children:
        os.kill(int(pid), signals.SIGKILL)
    time.sleep(0.3)
    for _ in range(3):
        assert timed_ask(server) < 1


def test_no_traceback_in_the_server_log(server):
    """Last in this module: stop the server and read everything it logged."""
    server.process.terminate()
    _, log = server.process.communicate(timeout=20)
    assert "Traceback" not in log, log
    assert all(line.startswith("kktrace:") for line in log.splitlines() if line), log
