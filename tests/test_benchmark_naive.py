"""benchmarks/naive_python.py, the fair naive baseline: the same findings as kktrace check.

The baseline hand-codes every rule, the SHACL shapes included, in plain Python; these tests
hold it to ``kktrace check`` on the synthetic set, the shape cases, the bundled data and a
file of hostile shape breaches, so the benchmark's speed ratio compares equal work.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kktrace import check, load

ROOT = Path(__file__).resolve().parent.parent


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generate = _module("generate")
naive = _module("naive_python")


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth-naive")
    generate.main(["2", str(out), "--seed", "3"])
    return out


def _naive(path: Path, shapes: bool = True) -> set[tuple[str, str]]:
    graph, ontology = naive.parse([path])
    return naive.findings_of(graph, ontology, shapes=shapes)


def _check(path: Path) -> set[tuple[str, str]]:
    return {(f.rule, f.focus) for f in check(load([path])).findings}


def test_synthetic_set_all_rules_as_planted_and_as_check(synth: Path) -> None:
    planted = json.loads((synth / "planted.json").read_text(encoding="utf-8"))["planted"]
    expected = {(rule, focus) for rule, foci in planted.items() for focus in foci}
    got = _naive(synth)
    assert {r for r, _ in got} >= {"shape-violation", "orphan-initiative"}
    assert got == expected
    assert got == _check(synth)


def test_no_shapes_leaves_out_exactly_the_shape_findings(synth: Path) -> None:
    full = _naive(synth)
    assert _naive(synth, shapes=False) == {p for p in full if p[0] != "shape-violation"}


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "tests" / "cases" / "shape-violation").glob("*.ttl")),
        ROOT / "tests" / "cases" / "missing-status" / "fails.ttl",
        ROOT / "tests" / "cases" / "dropped-without-decision" / "local-plans.ttl",
        ROOT / "tests" / "data" / "naive_shapes_hostile.ttl",
        ROOT / "data",
    ],
    ids=lambda p: str(Path(p).relative_to(ROOT)),
)
def test_same_findings_as_check(path: Path) -> None:
    assert _naive(path) == _check(path)


def test_hostile_shapes_file_breaks_many_shapes() -> None:
    """Not only equal to check: the file really exercises the shapes."""
    path = ROOT / "tests" / "data" / "naive_shapes_hostile.ttl"
    shapes = {f.rsplit("/", 1)[-1] for r, f in _naive(path) if r == "shape-violation"}
    assert {"P", "Q", "R", "I1", "I2", "I3", "I5", "I6", "I7", "I9", "G", "E", "V"} <= shapes
    # untyped link targets are dangling references, not shape results
    assert "I10" not in shapes
    assert ("dangling-reference", "https://example.org/I10") in _naive(path)


def test_cli_prints_findings_json_with_severity_of_shape_findings() -> None:
    path = ROOT / "tests" / "cases" / "shape-violation" / "fails.ttl"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "naive_python.py"), str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    findings = json.loads(proc.stdout)["findings"]
    shape = [f for f in findings if f["rule"] == "shape-violation"]
    assert [f["focus"].rsplit("/", 1)[-1] for f in shape] == ["I", "J", "L"]
    assert {f["severity"] for f in shape} == {
        f.severity for f in check(load([path])).findings if f.rule == "shape-violation"
    }
    assert "triples" in proc.stderr
