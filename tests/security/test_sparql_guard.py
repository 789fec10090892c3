"""No SPARQL run by kktrace may reach the network: the guard, the CLI, rules, the sandbox.

Every spelling of the corpus (endpoint_helpers.corpus) is refused, and a listener that the
queries point at receives no connection at all.
"""

from __future__ import annotations

import os
import time

import pyoxigraph as ox
import pytest
from conftest import run_kktrace
from endpoint_helpers import Listener, corpus, harmless, run_main

from kktrace.errors import KKTraceError
from kktrace.sparql.guard import (
    CheckedQuery,
    ForbiddenQuery,
    _verdict,
    canonical,
    check_query,
    run_checked,
)
from kktrace.sparql.sandbox import forbid_network, network_forbidden_in_child


@pytest.fixture(scope="module")
def listener():
    running = Listener()
    yield running
    running.close()


def settle(listener: Listener) -> int:
    time.sleep(0.2)  # a connection in flight would be counted by now
    return listener.connections


def test_corpus_is_large_enough(listener):
    assert len(corpus(listener.port)) >= 30


def test_guard_refuses_every_spelling(listener):
    for name, text in corpus(listener.port).items():
        with pytest.raises(KKTraceError) as info:
            check_query(text, "q.rq")
        message = str(info.value)
        assert message.startswith("q.rq"), (name, message)
        assert "\n" not in message, name
        if isinstance(info.value, ForbiddenQuery):
            assert "SERVICE" in message or "SPARQL Update" in message, (name, message)
    assert settle(listener) == 0


def test_guard_lets_harmless_queries_through(listener):
    for name, text in harmless(listener.port).items():
        assert isinstance(check_query(text), CheckedQuery), name


def test_guard_reads_the_dataset_from_the_parse_tree():
    assert check_query("SELECT * FROM <urn:g> { ?s ?p ?o }").names_dataset
    assert check_query("ASK FROM NAMED <urn:g> { GRAPH ?g { ?s ?p ?o } }").names_dataset
    # "FROM" in a comment, a string or an IRI names no dataset.
    assert not check_query('SELECT * { ?s ?p "FROM <urn:g>" } # FROM <urn:g>').names_dataset
    assert not check_query("SELECT * { ?s <urn:FROM> ?o }").names_dataset


def test_plain_strings_cannot_skip_the_guard():
    with pytest.raises(TypeError):
        run_checked(ox.Store(), "SELECT * { SERVICE <http://127.0.0.1:1/> {} }")  # type: ignore[arg-type]


def test_cli_query_refuses_every_spelling(listener, tmp_path):
    """`kktrace query --query TEXT` and `kktrace query FILE.rq`: exit 2, one line."""
    for name, text in corpus(listener.port).items():
        done = run_main("query", "--query", text)
        assert done.code == 2, (name, done)
        one_line = done.stderr.count("\n") == 1
        assert one_line and done.stderr.startswith(("Error:", "Fejl:")), (name, done)
        assert "Traceback" not in done.stderr
    for name in ("plain", "escaped-hash-pname", "filter-not-exists", "load-update"):
        rq = tmp_path / f"{name}.rq"
        rq.write_text(corpus(listener.port)[name], encoding="utf-8")
        done = run_main("query", str(rq))
        assert done.code == 2 and str(rq) in done.stderr, (name, done)
    assert settle(listener) == 0


def test_cli_real_entry_point(listener, tmp_path):
    for name in ("escaped-hash-pname", "comment-cr-hides-where"):
        done = run_kktrace("query", "--query", corpus(listener.port)[name], timeout=120)
        assert done.code == 2 and done.stderr.count("\n") == 1, (name, done)
    assert settle(listener) == 0


def test_cli_harmless_queries_run(listener):
    for name in ("word-in-string", "from-a-url", "variable-named-service"):
        done = run_main("query", "--query", harmless(listener.port)[name], "--format", "json")
        assert done.code == 0, (name, done)
    assert settle(listener) == 0


def test_rules_dir_rule_with_service_is_refused(listener, tmp_path):
    """A --rules-dir rule is checked before Oxigraph parses (and so evaluates) it."""
    rules = tmp_path / "rules"
    rules.mkdir()
    from kktrace.rules import REQUIRED_FIELDS

    header = "".join(f"# {k}: x\n" for k in REQUIRED_FIELDS if "@" in k)
    text = corpus(listener.port)["escaped-hash-pname"].replace("SELECT *", "SELECT ?focus")
    (rules / "leak.rq").write_text(
        f"# id: leak\n# severity: error\n{header}{text}\n", encoding="utf-8"
    )
    done = run_main("check", "--rules-dir", str(rules))
    assert done.code == 2 and "leak.rq" in done.stderr and done.stderr.count("\n") == 1, done
    text = corpus(listener.port)["filter-exists"].replace("SELECT *", "SELECT ?focus")
    (rules / "leak.rq").write_text(
        f"# id: leak\n# severity: error\n{header}{text}\n", encoding="utf-8"
    )
    done = run_main("check", "--rules-dir", str(rules))
    assert done.code == 2 and "SERVICE" in done.stderr, done
    assert settle(listener) == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (Linux)")
def test_sandbox_stops_oxigraph_even_without_the_guard(listener):
    """The second layer: in a process with forbid_network(), Oxigraph's own SERVICE client
    cannot connect, so a query the parser misread would still reach nothing."""
    if not network_forbidden_in_child():
        pytest.skip("seccomp filters are not available on this machine")
    query = corpus(listener.port)["plain"]
    # Without the sandbox, Oxigraph really does connect (that is what the guard prevents).
    with pytest.raises(OSError):
        list(ox.Store().query(query))  # type: ignore[arg-type]
    assert settle(listener) == 1
    pid = os.fork()
    if pid == 0:  # child
        code = 3
        try:
            if forbid_network():
                try:
                    list(ox.Store().query(query))  # type: ignore[arg-type]
                    code = 1
                except OSError:
                    code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert settle(listener) == 1  # still only the unsandboxed one
    listener.connections = 0


#: Ways to open and close something a parser might take for a comment, string or IRI
#: (backslash-u sequences are written as the user types them).
OPENERS = ["#", "# x", r"\u0023", '"', "'''", r'"\u0022', r"\u0022", r"\u0027", "<urn:a", "?x#"]
CLOSERS = ["\n", "\r", "\r\n", "\x0b", "\x85", "\u2028", r"\u000A", r"\u000D", '"', "'''", ">", ""]
SHAPES = [
    "DESCRIBE ?s {o} WHERE {{ SERVICE {u} {{ ?s ?p ?o }} }} {c}",
    "SELECT * WHERE {{ BIND({o} AS ?x) SERVICE {u} {{ ?s ?p ?o }} BIND({c} AS ?y) }}",
    "SELECT * WHERE {{ BIND(1 AS ?z) {o} SERVICE {u} {{ ?s ?p ?o }} {c} }}",
]


def test_guard_and_oxigraph_read_the_same_query(listener):
    """Differential check: whatever the guard lets through, Oxigraph (run here without the
    sandbox, on the checked text, as kktrace runs it) must not connect anywhere.

    On the raw text this failed: rdflib ends a comment only at LF, Oxigraph also at CR, so
    ``DESCRIBE ?s # x<CR> WHERE { SERVICE … }`` looked harmless to one and federated to the
    other. The guard judges and runs one canonical text (escapes expanded, line ends LF).
    """
    url = f"<http://127.0.0.1:{listener.port}/s>"
    accepted = 0
    for shape in SHAPES:
        for opener in OPENERS:
            for closer in CLOSERS:
                try:  # the guard's decision, without its friendlier error messages
                    text = canonical(shape.format(o=opener, c=closer, u=url))
                except ValueError:
                    continue
                if _verdict(text)[0] != "ok":
                    continue
                accepted += 1
                try:
                    result = ox.Store().query(text, use_default_graph_as_union=True)
                    if not isinstance(result, ox.QueryBoolean):
                        list(result)
                except (OSError, SyntaxError, RuntimeError):
                    pass
    assert accepted > 20  # the check saw queries that do run
    assert settle(listener) == 0


def test_rules_dir_rule_with_from_is_refused_not_ignored(tmp_path):
    """A rule runs on the whole model; a FROM in it would be silently ignored: refuse it."""
    rules = tmp_path / "rules"
    rules.mkdir()
    fields = ("title", "description", "fix", "message")
    header = "".join(f"# {k}@{lang}: x\n" for k in fields for lang in ("da", "en"))
    (rules / "scoped.rq").write_text(
        f"# id: scoped\n# severity: error\n{header}"
        "SELECT ?focus FROM <urn:kktrace:graph:ontology> WHERE { ?focus a ?c }\n",
        encoding="utf-8",
    )
    done = run_main("check", "--rules-dir", str(rules))
    assert done.code == 2 and "scoped.rq" in done.stderr and "FROM" in done.stderr, done
