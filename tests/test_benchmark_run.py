"""benchmarks/run.py: the pieces that decide what is measured and what the tables say.

The benchmark itself takes minutes and is not run here; these tests run its edit of one
file, its memory guard, its skip rules for big sizes, its incremental steps (on one
municipality, with a stand-in for ``check --cache`` when the installed kktrace lacks it)
and its targets table on made-up measurements.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import stat
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module(name: str, as_name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(as_name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[as_name] = module
    spec.loader.exec_module(module)
    return module


generate = _module("generate", "generate")
# not "run": tests/w3c/run.py is collected under that name
run = _module("run", "benchmarks_run")


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth-run") / "n001"
    generate.main(["1", str(out), "--seed", "0"])
    return out


def _planted(folder: Path) -> set[tuple[str, str]]:
    planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))["planted"]
    return {(r, f) for r, foci in planted.items() for f in foci}


def test_drop_one_supports_removes_exactly_one_triple_and_adds_one_orphan(
    one: Path, tmp_path: Path
) -> None:
    import pyoxigraph as ox

    from kktrace import check, load

    copy = tmp_path / "copy"
    shutil.copytree(one, copy)
    path, focus, target, original = run.drop_one_supports(copy, 1)
    assert path == copy / "m001.ttl"
    assert original == (one / "m001.ttl").read_bytes()
    assert path.read_bytes() != original

    def store(data: bytes) -> ox.Store:
        s = ox.Store()
        s.load(data, format=ox.RdfFormat.TURTLE)
        return s

    before, after = store(original), store(path.read_bytes())
    assert len(after) == len(before) - 1
    supports = ox.NamedNode(run.SUPPORTS)
    assert list(before.quads_for_pattern(ox.NamedNode(focus), supports, ox.NamedNode(target)))
    assert not list(after.quads_for_pattern(ox.NamedNode(focus), supports, None))
    # deterministic: the same edit on a fresh copy
    again = tmp_path / "again"
    shutil.copytree(one, again)
    assert run.drop_one_supports(again, 1)[1:3] == (focus, target)
    # the edit changes exactly one finding
    got = {(f.rule, f.focus) for f in check(load([copy]), shapes=False).findings}
    expected = {p for p in _planted(one) if p[0] != "shape-violation"}
    assert got == expected | {("orphan-initiative", focus)}


def test_a_process_above_the_memory_limit_is_killed(tmp_path: Path) -> None:
    hog = (
        "import time; x = bytearray(400 * 2**20); x[::4096] = b'x' * len(x[::4096]); time.sleep(5)"
    )
    result = run.run_process([sys.executable, "-c", hog], tmp_path / "out", 60, None, 150)
    assert result.killed.startswith("killed above")
    assert result.wall < 5
    ok = run.run_process([sys.executable, "-c", "print(1)"], tmp_path / "out", 60, None, 150)
    assert (ok.killed, ok.code) == ("", 0)
    assert (tmp_path / "out").read_text().strip() == "1"
    # ru_maxrss of a child includes the spawning process's RSS at exec (Linux): only > 0
    assert ok.rss_mb > 0


def test_has_option_reads_the_help_of_the_installed_kktrace() -> None:
    assert run.has_option("check", "--format")
    assert not run.has_option("check", "--no-such-option")
    assert not run.has_option("check", "--form")  # a prefix is not the option


def test_big_sizes_skip_the_rdflib_baselines_with_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "n490"
    folder.mkdir()
    (folder / "planted.json").write_text('{"planted": {}}', encoding="utf-8")
    measures, comparison, incremental = run.measure_size(
        490, folder, 1, ["naive", "plain", "report"], {"report": True}, 60, tmp_path
    )
    notes = {m.command: m.note for m in measures}
    assert notes["naive"].startswith("skipped above N=98: rdflib")
    assert notes["plain"].startswith("skipped above N=98: rdflib")
    assert notes["report"] == "skipped above N=98 (--big-commands)"
    assert all(not m.runs for m in measures)
    assert comparison["naive vs check (all rules)"] == "n/a"
    assert incremental == {}


def test_incremental_not_available_is_reported_not_run(one: Path, tmp_path: Path) -> None:
    measures, info = run.measure_incremental(1, one, 1, False, 60, tmp_path)
    assert [m.command for m in measures] == list(run.INCREMENTAL_STEPS)
    assert all(m.note == "not available" and not m.runs for m in measures)
    assert info == {}


def test_incremental_steps_on_one_municipality(
    one: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fill, one file changed, nothing changed and the cold check; the set itself is not
    touched. Without ``check --cache`` in the installed kktrace, a stand-in drops the
    option (so the steps and comparisons are tested, not the cache)."""
    if not run.has_option("check", "--cache"):
        stub = tmp_path / "kktrace-stub"
        stub.write_text(
            f"#!{sys.executable}\n"
            "import os, sys\n"
            "args = sys.argv[1:]\n"
            "if '--cache' in args:\n"
            "    i = args.index('--cache'); del args[i:i + 2]\n"
            f"os.execv({run.KKTRACE!r}, [{run.KKTRACE!r}, *args])\n",
            encoding="utf-8",
        )
        stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setattr(run, "KKTRACE", str(stub))
    before = {p.name: p.read_bytes() for p in one.iterdir()}
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    measures, info = run.measure_incremental(1, one, 1, True, 300, scratch)
    assert {p.name: p.read_bytes() for p in one.iterdir()} == before
    assert [m.command for m in measures] == list(run.INCREMENTAL_STEPS)
    assert all(len(m.runs) == 1 and not m.note for m in measures), [m.note for m in measures]
    assert info["fill vs planted"] == "same"
    assert info["cold (edited) vs planted + the new orphan"] == "same"
    assert info["one changed vs cold (whole findings)"] == "same"
    assert info["nothing changed vs one changed (whole findings)"] == "same"
    assert "m001.ttl" in str(info["edit"])
    assert not [p for p in scratch.iterdir() if p.is_dir()]  # the copy and caches are gone


def _data(power: float = 0.9) -> dict:
    """Made-up measurements: check's CPU time 0.2·N^power, RSS 3·N MiB, naive 12× check."""
    sizes = {}
    for n in (1, 10, 98, 490, 980):
        cpu = 0.2 * n**power

        def m(command: str, t: float, rss: float = 100.0, note: str = "", n: int = n) -> dict:
            runs = [] if note else [{"wall": t, "cpu": t, "rss_mb": rss, "code": 0}]
            return {"command": command, "n": n, "runs": runs, "available": not note, "note": note}

        measures = [m("check", cpu, 3.0 * n), m("ox-parse", cpu / 3)]
        if n <= 98:
            measures += [m("naive", 12 * cpu), m("report", 1.2 * cpu), m("view", 1.6 * cpu)]
        else:
            measures.append(m("naive", 0, note=run.BIG_SKIP_NOTE["naive"]))
        if n == 98:
            measures += [
                m("inc-cold", cpu),
                m("inc-fill", 1.1 * cpu),
                m("inc-changed", 0.15 * cpu),
                m("inc-unchanged", 0.05 * cpu),
            ]
        sizes[str(n)] = {
            "triples": 4652 * n,
            "generated_s": 0.004 * n,
            "load": "0.5 0.5 0.5",
            "measures": measures,
            "compare": {
                "check (all rules) vs planted": "same",
                "naive vs check (all rules)": "same" if n <= 98 else "n/a",
            },
            "incremental": {"one changed vs cold (whole findings)": "same"} if n == 98 else {},
        }
    machine = {
        "cpu": "test",
        "cores": "2",
        "ram": "1 GiB",
        "os": "Linux",
        "python": "3",
        "packages": "",
        "commit": "abc",
    }
    return {"sizes": sizes, "machine": machine, "when": "now", "repeat": 1}


def test_exponents_of_a_power_law() -> None:
    rows = run.table_rows(_data(0.9))
    for f in (run.growth_exponent, run.fitted_exponent, run.steepest_exponent):
        assert f(rows, "check") == pytest.approx(0.9)
    assert run.exponent_span(rows, "check") == "N=1 → 980"
    assert run.growth_exponent(rows, "naive") == pytest.approx(0.9)  # 1 → 98 only


def test_targets_table_sets_each_ratio_beside_its_target() -> None:
    rows = run.table_rows(_data(0.9))
    text = "\n".join(run.targets_section(rows))
    line = {ln.split(" | ")[0].lstrip("| "): ln for ln in text.splitlines() if ln.startswith("|")}

    def row(start: str) -> str:
        return next(v for k, v in line.items() if k.startswith(start))

    assert "12.0× / 12.0×" in row("N=98: `check` ≥ 10× faster") and "**pass**" in row(
        "N=98: `check` ≥ 10×"
    )
    assert "3.0× / 3.0×" in row("N=98: `check` ≤ 2× the bare parse")
    assert "**FAIL**" in row("N=98: `check` ≤ 2× the bare parse")
    assert "15 % / 15 %" in row("N=98: `check --cache`") and "**pass**" in row(
        "N=98: `check --cache`"
    )
    rss980 = 3.0 * 980 * 1.048576
    assert f"{rss980:,.0f} MB" in row("N=980: peak RSS") and "**pass**" in row("N=980: peak RSS")
    assert "0.90" in row("growth exponent") and "N=1 → 980" in row("growth exponent")
    assert "**FAIL**" in row("N=98: `view` ≤ 1.5×")
    assert "identical" in row("findings identical")
    steep = run.table_rows(_data(1.2))
    assert (
        "**FAIL**"
        in "\n".join(run.targets_section(steep)).split("growth exponent")[1].split("\n")[0]
    )


def test_results_markdown_and_plot_show_every_size() -> None:
    data = _data()
    md = run.render_markdown(data, "## Notes\n\nhand-written")
    assert "skipped above N=98: rdflib" in md
    for n in (1, 10, 98, 490, 980):
        assert f"\n| {n} | {4652 * n:,} | {0.004 * n:.1f} s |" in md
    assert "## Incremental" in md and "15 % / 15 %" in md
    assert md.rstrip().endswith("hand-written")
    svg = run.render_svg(data)
    assert svg.count("<title>check N=") == 5
    assert "<title>check N=980:" in svg
