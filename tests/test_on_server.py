"""``kktrace check --endpoint URL --on-server``: the rules run on Virtuoso 7 and the findings
are those of a local check of the same data, byte for byte.

One Virtuoso (Debian's virtuoso-opensource) with ``MaxQueryCostEstimationTime`` commented
out (see tests/virtuoso.py and docs/endpoint.md); skipped when ``virtuoso-t`` is missing,
a failure when CI=true. The refusal of a query by a Virtuoso with Debian's settings is
tested in tests/test_remote.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import IN_CI
from virtuoso import running as virtuoso_running

from kktrace.rules import REQUIRED_FIELDS

ROOT = Path(__file__).resolve().parent.parent
KK = "https://w3id.org/kktrace/graph/kk"
NATIONAL = "https://w3id.org/kktrace/graph/n098"
AUTH = ("--user", "dba", "--password", "dba")

pytestmark = [pytest.mark.virtuoso, pytest.mark.slow]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[object]:
    if shutil.which("virtuoso-t") is None:
        message = "virtuoso-t not installed: run `make system` (Debian virtuoso-opensource)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    with virtuoso_running(tmp_path_factory.mktemp("virtuoso"), cost_limit=False) as server:
        yield server


def _push(cli, server, graph: str, *paths: Path, extra: tuple[str, ...] = ()) -> None:
    done = cli(
        "push", *paths, "--endpoint", server.graph_store, "--graph", graph, *AUTH, *extra
    )  # fmt: skip
    assert done.code == 0, done.stderr


def _same_findings(cli, server, graph: str, *paths: Path, extra: tuple[str, ...] = ()) -> str:
    """The on-server JSON, after asserting it equals the local check's, byte for byte."""
    local = cli("check", *paths, "--format", "json", *extra)
    assert local.code in (0, 1), local.stderr
    remote = cli(
        "check", "--endpoint", server.sparql, "--graph", graph, "--on-server",
        "--format", "json", *extra,
    )  # fmt: skip
    assert remote.code == local.code, remote.stderr
    assert remote.stderr == ""  # no warning: every shape compiled, no blank-node classes
    assert remote.stdout == local.stdout
    return remote.stdout


def test_bundled_data_on_server_equals_local(cli, virtuoso):
    _push(cli, virtuoso, KK)
    out = _same_findings(cli, virtuoso, KK)
    assert '"rule": "orphan-initiative"' in out and '"rule": "missing-status"' in out
    # English messages and a rule subset go the same way.
    _same_findings(cli, virtuoso, KK, extra=("--lang", "en", "--rule", "not-decision-ready"))
    # The data alone, without kktrace's ontology and inferred types: the widening supplies
    # the subclasses and levels.
    _push(cli, virtuoso, KK + "-bare", extra=("--no-inferred", "--no-ontology"))
    assert _same_findings(cli, virtuoso, KK + "-bare") == out


def test_national_set_on_server_equals_local(cli, virtuoso, tmp_path):
    """98 synthetic municipalities (about 500k triples) with planted defects of every rule."""
    data = tmp_path / "n098"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "98", str(data), "--seed", "0"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    _push(cli, virtuoso, NATIONAL, data)
    out = _same_findings(cli, virtuoso, NATIONAL, data)
    for rule in ("support-cycle", "hollow-local-plan", "invalid-support-direction"):
        assert f'"rule": "{rule}"' in out, rule


def test_query_the_server_refuses_is_one_line(cli, virtuoso, tmp_path):
    """A rule Virtuoso 7 cannot run (a transitive path with neither end bound): one line
    on stderr naming the endpoint and Virtuoso's reason, exit 2, no traceback."""
    _push(cli, virtuoso, KK)
    (tmp_path / "any-chain.rq").write_text(
        "".join(f"# {field}: x\n" for field in REQUIRED_FIELDS if field not in ("id", "severity"))
        + "# id: any-chain\n# severity: info\n"
        + "SELECT ?focus WHERE { ?focus kkt:supports* ?x }\n",
        encoding="utf-8",
    )
    done = cli(
        "check", "--endpoint", virtuoso.sparql, "--graph", KK, "--on-server",
        "--rules-dir", tmp_path,
    )  # fmt: skip
    assert done.code == 2 and done.stdout == "", done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert virtuoso.sparql in lines[0] and "transitive start not given" in lines[0]
    assert "Traceback" not in done.stderr


def test_blank_node_class_is_said_plainly(cli, virtuoso):
    """Instances of a blank-node class cannot be asked for by class on the server: a warning
    line says so (the findings then differ from a local check; the download mode is exact)."""
    case = ROOT / "tests" / "cases" / "orphan-initiative" / "blank-node-class.ttl"
    graph = KK + "-blank-class"
    _push(cli, virtuoso, graph, case)
    done = cli("check", "--endpoint", virtuoso.sparql, "--graph", graph, "--on-server")
    assert done.code in (0, 1), done.stderr
    lines = done.stderr.strip().splitlines()
    assert any("blank-node class" in line and "without --on-server" in line for line in lines)
