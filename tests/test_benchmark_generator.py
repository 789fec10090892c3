"""The synthetic data generator of benchmarks/ (fast: two municipalities)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generate = _module("generate")


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate.main(["2", str(out), "--seed", "7"])
    return out


def test_one_file_per_municipality_and_a_manifest(synth: Path) -> None:
    assert sorted(p.name for p in synth.iterdir()) == ["m001.ttl", "m002.ttl", "planted.json"]


def test_same_seed_gives_same_bytes(synth: Path, tmp_path: Path) -> None:
    generate.main(["2", str(tmp_path), "--seed", "7"])
    for name in ("m001.ttl", "m002.ttl", "planted.json"):
        assert (tmp_path / name).read_bytes() == (synth / name).read_bytes(), name


def test_a_municipality_does_not_depend_on_the_set_size(synth: Path, tmp_path: Path) -> None:
    generate.main(["1", str(tmp_path), "--seed", "7"])
    assert (tmp_path / "m001.ttl").read_bytes() == (synth / "m001.ttl").read_bytes()


def test_another_seed_plants_elsewhere(synth: Path, tmp_path: Path) -> None:
    generate.main(["2", str(tmp_path), "--seed", "8"])
    assert (tmp_path / "m001.ttl").read_bytes() != (synth / "m001.ttl").read_bytes()


def test_parses_with_oxigraph_and_has_4000_to_5000_triples_each(synth: Path) -> None:
    manifest = json.loads((synth / "planted.json").read_text(encoding="utf-8"))
    for path in sorted(synth.glob("*.ttl")):
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        assert 4000 <= len(store) <= 5000, path.name
        assert manifest["triples_per_municipality"][path.stem] == len(store)


def test_every_rule_is_planted_in_every_municipality(synth: Path) -> None:
    planted = json.loads((synth / "planted.json").read_text(encoding="utf-8"))["planted"]
    assert set(planted) == set(generate.RULES)
    for rule, foci in planted.items():
        for code in ("m001", "m002"):
            assert any(f"/synth/{code}/" in f for f in foci), (rule, code)


def test_loads_with_kktrace(synth: Path) -> None:
    from kktrace import load

    model = load([synth])
    assert len(model.files) == 2
    assert len(model.nodes_of_kind("Municipality")) == 2
    assert len(model.nodes_of_kind("Administration")) == 2 * 8
    assert len(model.nodes_of_kind("LocalActionPlan")) == 2 * 14
    # Every planted focus is a node of the model.
    planted = json.loads((synth / "planted.json").read_text(encoding="utf-8"))["planted"]
    for foci in planted.values():
        for focus in foci:
            assert focus in model.graph, focus


THREE_RULES = ("hollow-local-plan", "missing-local-plan", "orphan-initiative")


def _planted(synth: Path) -> dict[str, list[str]]:
    return json.loads((synth / "planted.json").read_text(encoding="utf-8"))["planted"]


def test_plain_rdflib_baseline_finds_exactly_the_planted_gaps(synth: Path) -> None:
    plain = _module("plain_rdflib")
    result = plain.run([synth], list(THREE_RULES))
    got = {(f["rule"], f["focus"]) for f in result["findings"]}
    expected = {(rule, focus) for rule in THREE_RULES for focus in _planted(synth)[rule]}
    assert got == expected


def test_kktrace_check_finds_exactly_the_planted_gaps(synth: Path) -> None:
    """Every rule but the SHACL shapes (slow; covered by the benchmark run)."""
    from kktrace import check, load

    report = check(load([synth]), shapes=False)
    got = {(f.rule, f.focus) for f in report.findings}
    expected = {
        (rule, focus)
        for rule, foci in _planted(synth).items()
        if rule != "shape-violation"
        for focus in foci
    }
    assert got == expected
