"""The rules run on a thread pool (kktrace.findings.run.rule_threads): the findings must not
depend on how many threads ran them, nor on which query finished first."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from synthetic import generate_set

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("threads")
    return generate_set(out, 4, seed=0, planted=False)


def _check(cmd: list[str], folder: Path, threads: str) -> bytes:
    env = {**os.environ, "KKTRACE_THREADS": threads, "KKTRACE_NO_PROGRESS": "1"}
    proc = subprocess.run(
        [*cmd, "check", str(folder), "--format", "json"],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr  # the generated set has planted errors
    return proc.stdout


def test_same_bytes_with_one_and_four_threads(kktrace_cmd: list[str], generated: Path) -> None:
    one = _check(kktrace_cmd, generated, "1")
    four = _check(kktrace_cmd, generated, "4")
    assert one == four
    findings = json.loads(one)["findings"]
    rules = {f["rule"] for f in findings}
    # every kind of rule ran: SPARQL rules, property-path rules and the SHACL shapes
    assert {"orphan-initiative", "support-cycle", "shape-violation"} <= rules


def test_threads_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from kktrace.findings.run import rule_threads

    monkeypatch.setenv("KKTRACE_THREADS", "3")
    assert rule_threads() == 3
    monkeypatch.setenv("KKTRACE_THREADS", "0")  # not a count: the default
    assert 1 <= rule_threads() <= 4
    monkeypatch.delenv("KKTRACE_THREADS")
    assert 1 <= rule_threads() <= 4
