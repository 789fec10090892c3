"""``--endpoint``: http(s) only, one deadline and one byte cap for everything fetched."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from input_helpers import assert_refused

from kktrace.errors import EndpointError
from kktrace.model.remote import Budget, fetch_graph, http, remote_query


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("file:///etc/passwd", "not an http:// or https:// URL"),
        ("ftp://127.0.0.1/x", "not an http:// or https:// URL"),
        ("http://[::1", "not a valid URL"),
        ("http://127.0.0.1:99999/sparql", "not a valid URL"),
        ("http:///sparql", "names no host"),
    ],
)
def test_bad_endpoint_urls_are_one_line(cli, url: str, needle: str) -> None:
    assert_refused(cli("query", "--endpoint", url, "--query", "SELECT * { ?s ?p ?o }"), needle)


def test_check_endpoint_file_url_refused(cli) -> None:
    assert_refused(cli("check", "--endpoint", "file:///etc/passwd"), "not an http:// or https://")


class _Server:
    """A local HTTP server whose handler behaviour a test chooses."""

    def __init__(self, behaviour) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                behaviour(self)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def server() -> Iterator:
    made: list[_Server] = []

    def start(behaviour) -> _Server:
        made.append(_Server(behaviour))
        return made[-1]

    yield start
    for s in made:
        s.close()


def _drip(handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.end_headers()
    try:
        for _ in range(600):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def _flood(handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.end_headers()
    try:
        for _ in range(1000):
            handler.wfile.write(b" " * 65536)
    except OSError:
        pass


def test_a_dripping_server_meets_the_deadline(server) -> None:
    s = server(_drip)
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"no complete answer within 1 s"):
        remote_query(s.url, "SELECT * { ?s ?p ?o }", timeout=1)
    assert time.monotonic() - started < 3


def test_an_endless_answer_meets_the_byte_cap(server) -> None:
    s = server(_flood)
    with pytest.raises(EndpointError, match=r"exceed 1 MB"):
        http(s.url, budget=Budget(timeout=30, max_bytes=1024 * 1024))


def test_one_deadline_for_all_requests_of_a_fetch(server) -> None:
    calls: list[float] = []

    def slow_count(handler) -> None:
        calls.append(time.monotonic())
        time.sleep(0.7)
        body = (
            b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"5"}}]}}'
        )
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    s = server(slow_count)
    started = time.monotonic()
    with pytest.raises(EndpointError):
        fetch_graph(s.url, timeout=1.0)
    # Each request alone is under 1 s; together they are not: the fetch stops near 1 s.
    assert time.monotonic() - started < 2.5
    assert len(calls) <= 2


def test_redirect_to_a_file_url_is_not_followed(server) -> None:
    def redirect(handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", "ftp://127.0.0.1/etc/passwd")
        handler.end_headers()

    s = server(redirect)
    with pytest.raises(EndpointError, match="not an http:// or https:// URL"):
        http(s.url)
