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


def test_a_memory_hungry_query_runs_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate holds a query back while one that has grown the process runs, and lets
    queries that stay small run side by side."""
    import threading
    import time

    from kktrace.findings import run

    held = [0]  # the fake resident memory: what the running queries hold
    monkeypatch.setattr(run, "resident", lambda: held[0])
    released: list[int] = []
    monkeypatch.setattr(run, "release", lambda: released.append(held[0]))
    gate = run._Gate()
    big_running = threading.Event()
    finish_big = threading.Event()
    events: list[str] = []

    def big() -> str:
        held[0] += run.GATE_MARGIN + (1 << 20)
        big_running.set()
        finish_big.wait(5)
        events.append("big done")
        return "big"

    def small() -> str:
        events.append("small starts")
        return "small"

    first = threading.Thread(target=gate.run, args=(big,))
    first.start()
    assert big_running.wait(5)
    second = threading.Thread(target=gate.run, args=(small,))
    second.start()
    time.sleep(0.1)
    assert events == []  # the small query waits: the big one has grown the process
    finish_big.set()
    first.join(5)
    second.join(5)
    assert events == ["big done", "small starts"]
    assert len(released) == 1  # after the big one, the freed memory went back

    # two small queries: neither waits for the other
    events.clear()
    both = threading.Barrier(2, timeout=5)

    def meet() -> str:
        both.wait()  # breaks (and raises) unless both run at once
        return "met"

    pair = [threading.Thread(target=gate.run, args=(meet,)) for _ in range(2)]
    for t in pair:
        t.start()
    for t in pair:
        t.join(5)
    assert not both.broken


def test_release_and_resident() -> None:
    from kktrace.model.memory import release, resident

    before = resident()
    assert before > 10 << 20  # an interpreter with pyoxigraph loaded holds more than 10 MiB
    release()
    assert 0 < resident() <= before + (1 << 20)
