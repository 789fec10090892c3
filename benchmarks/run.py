"""The national-scale benchmark: kktrace vs naive Python vs Oxigraph parsing, whole processes.

Usage::

    python benchmarks/run.py [--sizes 1,10,98] [--repeat 3] [--data DIR] [--no-write]
    python benchmarks/run.py --sizes 490,980 --repeat 1 --merge   # add the big rows later

For each size N it generates the synthetic set (``benchmarks/generate.py``, cached under
``--data``; about 4 ms per municipality), then runs each command as its own process,
``--repeat`` times, and records the median wall time, the median CPU time (user + system,
from ``os.wait4``) and the peak RSS. A process whose RSS passes ``--max-rss-gb`` is killed
and reported as such, so a big size cannot exhaust the shared machine.

- ``check``: ``kktrace check DIR --format json`` (all rules and the SHACL shapes);
- ``report``: ``kktrace report DIR -o TMP --date …``;
- ``view``: ``kktrace view DIR --administration <one administration's IRI> -o TMP``;
- ``ox-parse``: ``python -c`` Oxigraph ``bulk_load`` of the same files, nothing else;
- ``naive``: ``benchmarks/naive_python.py`` — the fair naive baseline: rdflib's parser and
  every rule of ``kktrace check``, the SHACL shapes included, as plain Python over dicts
  and sets;
- ``incremental``: ``kktrace check COPY --cache DIR --format json`` on a copy of the set,
  timed filling the cache, after one file changed (one ``kkt:supports`` line of a clean
  local initiative removed, verified by parsing) and with nothing changed, beside a cold
  ``kktrace check COPY`` of the edited copy; only at the ``--incremental-at`` sizes (98);
  "not available" while the installed kktrace has no ``check --cache``;
- not run unless named in ``--commands`` (kept for comparison with earlier results):
  ``naive-noshapes`` (the naive baseline without the shapes: less work than ``check``),
  ``check-3`` (``check --rule`` the three rules of the old baseline), ``check-pyshacl``
  (the SHACL shapes by pySHACL, up to ``--pyshacl-max``), ``plain``
  (``benchmarks/plain_rdflib.py``: rdflib's SPARQL engine, three rules; not a fair baseline).

Above N = 98 only ``--big-commands`` run (default ``check,ox-parse``): rdflib holds a few
million triples as Python objects for minutes and several GB, so the naive and plain
baselines are skipped there and the output says so.

It compares the findings (rule, focus) of every path with each other and with the planted
manifest, prints each ratio of issue 18 beside its target and writes
``benchmarks/results.md`` (with the machine) and ``benchmarks/scaling.svg``. Commands the
installed kktrace lacks are reported as "not available". The raw measurements are kept in
``benchmarks/results.json`` so rows can be added (``--merge``) without re-running every
size. Not part of the test run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
KKTRACE = str(Path(PYTHON).with_name("kktrace"))
THREE_RULES = ("hollow-local-plan", "missing-local-plan", "orphan-initiative")
DATE = "2026-11-26"
COMMANDS = (
    "check",
    "check-3",
    "check-pyshacl",
    "report",
    "view",
    "ox-parse",
    "naive",
    "naive-noshapes",
    "plain",
    "incremental",
)
#: What runs without ``--commands``: the commands the targets of issue 18 need.
DEFAULT_COMMANDS = ("check", "report", "view", "ox-parse", "naive", "incremental")
#: Above this size only the ``--big-commands`` run (default BIG_COMMANDS).
BIG_N = 98
BIG_COMMANDS = ("check", "ox-parse")
BIG_SKIP_NOTE = {
    "naive": "skipped above N=98: rdflib at millions of triples takes minutes and GBs",
    "naive-noshapes": "skipped above N=98: rdflib at millions of triples takes minutes and GBs",
    "plain": "skipped above N=98: rdflib at millions of triples takes minutes and GBs",
}
#: The incremental steps (``incremental`` runs them all): a cold check of the edited copy,
#: the first --cache run (fills the cache), the re-check after one file changed and the
#: re-check with nothing changed.
INCREMENTAL_STEPS = ("inc-cold", "inc-fill", "inc-changed", "inc-unchanged")
INCREMENTAL_AT = (98,)
#: check-pyshacl (the reference SHACL engine, slow) runs only up to this size by default.
PYSHACL_MAX = 10
#: A process above this peak RSS is killed (GiB): a big size must not exhaust the machine.
MAX_RSS_GB = 8.0
TARGETS = {
    "speed_vs_naive": 10.0,
    "vs_parse": 2.0,
    "rss_mb": 250.0,
    "report_vs_check": 1.5,
    "view_vs_check": 1.5,
    "exponent": 1.05,
    "rss_980_mb": 4000.0,
    "incremental": 0.20,
}
SUPPORTS = "https://w3id.org/kktrace/def#supports"
LOCAL_INITIATIVE = "https://w3id.org/kktrace/def#LocalInitiative"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

OX_PARSE = """\
import sys
from pathlib import Path
import pyoxigraph as ox
store = ox.Store()
for path in sorted(Path(sys.argv[1]).glob("*.ttl")):
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
print(len(store))
"""


@dataclass
class Run:
    """One process: wall and CPU seconds, peak RSS in MiB, exit code (and why it was
    killed, if it was)."""

    wall: float
    cpu: float
    rss_mb: float
    code: int
    killed: str = ""


@dataclass
class Measure:
    """The runs of one command at one size, and what the findings were."""

    command: str
    n: int
    runs: list[Run] = field(default_factory=list)
    available: bool = True
    note: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)


def _rss_now_mb(pid: int) -> float:
    """The current resident set of process ``pid`` in MiB (0 when it cannot be read)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def run_process(
    argv: list[str],
    stdout: Path,
    timeout: float,
    extra_env: dict[str, str] | None = None,
    max_rss_mb: float | None = None,
) -> Run:
    """Run ``argv`` as a whole process; its rusage comes from ``os.wait4``.

    The process is killed when it runs past ``timeout`` seconds or its resident set passes
    ``max_rss_mb`` (read from /proc every 50 ms); ``Run.killed`` says which. The peak RSS
    is ``ru_maxrss``, which on Linux also counts the RSS this script had when it spawned
    the process (exec records the old image's peak): :func:`own_rss_mb` is that floor.
    """
    env = {**os.environ, "KKTRACE_NO_PROGRESS": "1", "NO_COLOR": "1", **(extra_env or {})}
    killed = ""
    with stdout.open("wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=ROOT)
        deadline = start + timeout
        next_rss = start
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if now > deadline:
                killed = f"killed after {timeout:.0f} s"
            elif max_rss_mb and now >= next_rss:
                next_rss = now + 0.05
                if _rss_now_mb(proc.pid) > max_rss_mb:
                    killed = f"killed above {max_rss_mb / 1024:.1f} GiB RSS"
            if killed:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if killed:
            print(f"    ! {killed}", file=sys.stderr)
        elif proc.returncode not in (0, 1):
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            print(f"    ! exit {proc.returncode}: {' | '.join(tail)}", file=sys.stderr)
    rss_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    return Run(wall, usage.ru_utime + usage.ru_stime, rss_kb / 1024, proc.returncode, killed)


def own_rss_mb() -> float:
    """This script's own peak RSS in MiB: a floor under every child's measured peak RSS."""
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024 if sys.platform == "darwin" else 1024)


def has_command(name: str) -> bool:
    """True when the installed kktrace has the sub-command ``name``."""
    if not Path(KKTRACE).exists():
        return False
    proc = subprocess.run([KKTRACE, name, "--help"], capture_output=True, timeout=120)
    return proc.returncode == 0


def has_option(command: str, option: str) -> bool:
    """True when ``kktrace COMMAND --help`` lists ``option`` (e.g. ``check --cache``)."""
    if not Path(KKTRACE).exists():
        return False
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    proc = subprocess.run(
        [KKTRACE, command, "--help"], capture_output=True, text=True, timeout=120, env=env
    )
    return (
        proc.returncode == 0
        and re.search(re.escape(option) + r"(?![\w-])", proc.stdout) is not None
    )


def dataset(n: int, data_root: Path, seed: int) -> tuple[Path, float | None]:
    """The generated set for ``n`` municipalities (generated once, then reused) and the
    CPU seconds its generation took now (``None`` when an existing set was reused)."""
    folder = data_root / f"n{n:03d}"
    manifest = folder / "planted.json"
    if manifest.exists():
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if meta.get("municipalities") == n and meta.get("seed") == seed:
            return folder, None
    if folder.is_symlink():
        raise SystemExit(f"{folder} is a link to another set: remove it or use --data")
    if folder.exists():
        shutil.rmtree(folder)
    argv = [PYTHON, str(HERE / "generate.py"), str(n), str(folder), "--seed", str(seed)]
    scratch = data_root / f".generate-{n}.log"
    data_root.mkdir(parents=True, exist_ok=True)
    done = run_process(argv, scratch, 3600)
    scratch.unlink(missing_ok=True)
    if done.code != 0 or not manifest.exists():
        raise SystemExit(f"benchmarks/generate.py {n} failed (exit {done.code})")
    print(
        f"  generated N={n} in {done.wall:.1f} s wall, {done.cpu:.1f} s CPU, {done.rss_mb:.0f} MiB",
        file=sys.stderr,
    )
    return folder, done.cpu


def command_line(name: str, folder: Path, scratch: Path) -> list[str]:
    if name in ("check", "check-pyshacl"):
        return [KKTRACE, "check", str(folder), "--format", "json"]
    if name == "check-3":
        rules = [a for r in THREE_RULES for a in ("--rule", r)]
        return [KKTRACE, "check", str(folder), "--format", "json", *rules]
    if name == "report":
        return [KKTRACE, "report", str(folder), "-o", str(scratch / "report"), "--date", DATE]
    if name == "view":
        adm = "https://w3id.org/kktrace/id/synth/m001/adm-BUF"
        return [
            KKTRACE,
            "view",
            str(folder),
            "--administration",
            adm,
            "-o",
            str(scratch / "v.html"),
        ]
    if name == "ox-parse":
        return [PYTHON, "-c", OX_PARSE, str(folder)]
    if name == "plain":
        return [PYTHON, str(HERE / "plain_rdflib.py"), str(folder)]
    if name == "naive":
        return [PYTHON, str(HERE / "naive_python.py"), str(folder)]
    if name == "naive-noshapes":
        return [PYTHON, str(HERE / "naive_python.py"), str(folder), "--no-shapes"]
    raise ValueError(name)


def _findings(path: Path) -> list[dict] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = data.get("findings") if isinstance(data, dict) else None
    return found if isinstance(found, list) else None


def pairs(path: Path, rules: tuple[str, ...] | None = None) -> set[tuple[str, str]] | None:
    """(rule, focus) pairs of a findings JSON file (``None`` if it is not one)."""
    found = _findings(path)
    if found is None:
        return None
    return {(f["rule"], f["focus"]) for f in found if rules is None or f["rule"] in rules}


def shape_severities(path: Path) -> set[tuple[str, str]] | None:
    """(focus, severity) of the ``shape-violation`` findings of a findings JSON file."""
    found = _findings(path)
    if found is None:
        return None
    return {(f["focus"], f.get("severity", "?")) for f in found if f["rule"] == "shape-violation"}


def _same(found: set | None, expected: set | None) -> str:
    if found is None or expected is None:
        return "n/a"
    return "same" if found == expected else _diff(found, expected)


def compare(folder: Path, outputs: dict[str, Path]) -> dict[str, object]:
    """Are the findings identical whichever path computed them (and as planted)?"""
    planted_by_rule = json.loads((folder / "planted.json").read_text(encoding="utf-8"))["planted"]
    planted = {(r, f) for r, foci in planted_by_rule.items() for f in foci}
    planted3 = {p for p in planted if p[0] in THREE_RULES}

    def got(name: str, rules: tuple[str, ...] | None = None) -> set[tuple[str, str]] | None:
        return pairs(outputs[name], rules) if name in outputs else None

    full, naive = got("check"), got("naive")
    result: dict[str, object] = {"planted (3 rules)": len(planted3)}
    result["plain"] = _same(got("plain", THREE_RULES), planted3)
    result["check-3"] = _same(got("check-3", THREE_RULES), planted3)
    result["check (3 rules)"] = _same(got("check", THREE_RULES), planted3)
    result["check (all rules) vs planted"] = _same(full, planted)
    result["planted (all rules)"] = len(planted)
    result["naive vs planted (all rules)"] = _same(naive, planted)
    result["naive vs check (all rules)"] = _same(naive, full)
    result["naive vs check: shape-violation severities"] = _same(
        shape_severities(outputs["naive"]) if "naive" in outputs else None,
        shape_severities(outputs["check"]) if "check" in outputs else None,
    )
    result["naive-noshapes vs planted (all but shapes)"] = _same(
        got("naive-noshapes"), {p for p in planted if p[0] != "shape-violation"}
    )
    result["check, pySHACL engine vs SPARQL engine"] = _same(got("check-pyshacl"), full)
    return result


def _diff(found: set[tuple[str, str]], expected: set[tuple[str, str]]) -> str:
    extra, missing = sorted(found - expected), sorted(expected - found)
    show = [f"+{r} {f.rsplit('/', 2)[-2]}/{f.rsplit('/', 1)[-1]}" for r, f in extra[:3]]
    show += [f"-{r} {f.rsplit('/', 2)[-2]}/{f.rsplit('/', 1)[-1]}" for r, f in missing[:3]]
    return f"DIFFERENT ({len(extra)} extra, {len(missing)} missing: {'; '.join(show)})"


def _report_run(n: int, name: str, i: int, repeat: int, run: Run) -> None:
    print(
        f"  N={n:<4} {name:<14} run {i + 1}/{repeat}: {run.wall:7.2f} s wall, "
        f"{run.cpu:7.2f} s CPU, {run.rss_mb:6.0f} MiB, exit {run.code}"
        + (f" ({run.killed})" if run.killed else ""),
        file=sys.stderr,
    )


def _failed(run: Run) -> str:
    """The note for a run that did not finish normally ("" if it did)."""
    if run.killed:
        return run.killed
    return f"exit {run.code}" if run.code not in (0, 1) else ""


def measure_size(
    n: int,
    folder: Path,
    repeat: int,
    commands: list[str],
    available: dict[str, bool],
    timeout: float,
    scratch: Path,
    pyshacl_max: int = PYSHACL_MAX,
    big_commands: tuple[str, ...] = BIG_COMMANDS,
    incremental_at: tuple[int, ...] = INCREMENTAL_AT,
    max_rss_mb: float | None = MAX_RSS_GB * 1024,
) -> tuple[list[Measure], dict[str, object], dict[str, object]]:
    """Measure every command at one size: the measures, the findings comparison and what
    the incremental run found (empty when it did not run)."""
    measures: list[Measure] = []
    outputs: dict[str, Path] = {}
    incremental: dict[str, object] = {}
    for name in commands:
        if name == "incremental":
            if n in incremental_at:
                inc, incremental = measure_incremental(
                    n,
                    folder,
                    repeat,
                    available.get("incremental", False),
                    timeout,
                    scratch,
                    max_rss_mb,
                )
                measures += inc
            continue
        m = Measure(name, n)
        if not available.get(name, True):
            m.available, m.note = False, "not available"
        elif name == "check-pyshacl" and n > pyshacl_max:
            m.available, m.note = False, f"skipped above N={pyshacl_max}"
        elif n > BIG_N and name not in big_commands:
            m.available = False
            m.note = BIG_SKIP_NOTE.get(name, f"skipped above N={BIG_N} (--big-commands)")
        if not m.available:
            print(f"  N={n:<4} {name:<14} {m.note}", file=sys.stderr)
            measures.append(m)
            continue
        out = scratch / f"{name}-{n}.out"
        env = {"KKTRACE_SHACL_ENGINE": "pyshacl" if name == "check-pyshacl" else "sparql"}
        for i in range(repeat):
            run = run_process(command_line(name, folder, scratch), out, timeout, env, max_rss_mb)
            m.runs.append(run)
            _report_run(n, name, i, repeat, run)
            if _failed(run):
                m.note = _failed(run)
                break
        if not m.note:
            outputs[name] = out
        measures.append(m)
    return measures, compare(folder, outputs), incremental


# -- incremental: check --cache ---------------------------------------------------------------
def drop_one_supports(folder: Path, n: int) -> tuple[Path, str, str, bytes]:
    """Remove one ``kkt:supports`` triple from one file of (a copy of) a generated set.

    The file is the middle municipality's; the triple is that of the first (by IRI) local
    initiative with exactly one ``kkt:supports`` and no planted finding, found by parsing
    the file with Oxigraph. Its line is removed where the generator writes it
    (``    kkt:supports m:<goal> ;`` inside the initiative's block), and the edited file is
    parsed again: it must hold exactly the same triples minus that one. Returns the file,
    the initiative's IRI, the removed object's IRI and the file's original bytes.
    """
    import pyoxigraph as ox

    path = folder / f"m{(n + 1) // 2:03d}.ttl"
    original = path.read_bytes()
    planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))["planted"]
    flagged = {f for foci in planted.values() for f in foci}

    def triples(data: bytes) -> set[tuple[str, str, str]]:
        store = ox.Store()
        store.load(data, format=ox.RdfFormat.TURTLE)
        return {(str(q.subject), str(q.predicate), str(q.object)) for q in store}

    before = triples(original)
    supports: dict[str, list[str]] = defaultdict(list)
    initiatives = set()
    for s, p, o in before:
        if p == f"<{SUPPORTS}>":
            supports[s].append(o)
        elif p == f"<{RDF_TYPE}>" and o == f"<{LOCAL_INITIATIVE}>":
            initiatives.add(s)
    text = original.decode("utf-8")
    lines = text.split("\n")
    for s in sorted(initiatives):
        iri = s[1:-1]
        if len(supports[s]) != 1 or iri in flagged or not supports[s][0].startswith("<"):
            continue
        ns = iri.rsplit("/", 1)[0] + "/"
        target = supports[s][0][1:-1]
        if not target.startswith(ns):
            continue
        head = f"m:{iri[len(ns) :]} "
        line = f"    kkt:supports m:{target[len(ns) :]} ;"
        starts = [i for i, text_line in enumerate(lines) if text_line.startswith(head)]
        if len(starts) != 1:
            continue
        i = starts[0]
        while i < len(lines) and lines[i] != line and not lines[i].endswith(" ."):
            i += 1
        if i == len(lines) or lines[i] != line:
            continue
        edited = "\n".join(lines[:i] + lines[i + 1 :]).encode("utf-8")
        if triples(edited) != before - {(s, f"<{SUPPORTS}>", supports[s][0])}:
            continue
        path.write_bytes(edited)
        return path, iri, target, original
    raise RuntimeError(f"{path}: no kkt:supports line of a clean local initiative to remove")


def measure_incremental(
    n: int,
    folder: Path,
    repeat: int,
    available: bool,
    timeout: float,
    scratch: Path,
    max_rss_mb: float | None = MAX_RSS_GB * 1024,
) -> tuple[list[Measure], dict[str, object]]:
    """``kktrace check --cache`` on a copy of the set: fill, one file changed, nothing
    changed, and a cold check of the edited copy, ``repeat`` times with a fresh cache each."""
    measures = {step: Measure(step, n) for step in INCREMENTAL_STEPS}
    if not available:
        for m in measures.values():
            m.available, m.note = False, "not available"
        print(
            f"  N={n:<4} incremental    not available (kktrace check has no --cache)",
            file=sys.stderr,
        )
        return list(measures.values()), {}
    copy = scratch / f"inc-set-{n}"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(folder, copy)  # real copies: the edit must not reach the original set
    outs = {step: scratch / f"{step}-{n}.json" for step in INCREMENTAL_STEPS}
    info: dict[str, object] = {}
    for i in range(repeat):
        cache = scratch / f"inc-cache-{n}-{i}"
        if cache.exists():
            shutil.rmtree(cache)
        cache.mkdir()
        cached = [KKTRACE, "check", str(copy), "--cache", str(cache), "--format", "json"]
        cold = [KKTRACE, "check", str(copy), "--format", "json"]
        path, focus, target, original = None, "", "", b""
        try:
            for step in INCREMENTAL_STEPS[1:]:
                if step == "inc-changed":
                    path, focus, target, original = drop_one_supports(copy, n)
                run = run_process(cached, outs[step], timeout, None, max_rss_mb)
                measures[step].runs.append(run)
                _report_run(n, step, i, repeat, run)
            run = run_process(cold, outs["inc-cold"], timeout, None, max_rss_mb)
            measures["inc-cold"].runs.append(run)
            _report_run(n, "inc-cold", i, repeat, run)
        finally:
            if path is not None:
                path.write_bytes(original)
            shutil.rmtree(cache, ignore_errors=True)
        failed = [
            f"{m.command}: {_failed(m.runs[-1])}"
            for m in measures.values()
            if m.runs and _failed(m.runs[-1])
        ]
        if failed:
            for m in measures.values():
                m.note = m.note or "; ".join(failed)
            break
        info["edit"] = f"{path.name if path else '?'}: {focus} kkt:supports {target} removed"
    shutil.rmtree(copy, ignore_errors=True)
    if any(m.note for m in measures.values()):
        return list(measures.values()), info
    planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))["planted"]
    expected = {(r, f) for r, foci in planted.items() for f in foci}
    full = {step: _findings(out) for step, out in outs.items()}
    got = {step: pairs(out) for step, out in outs.items()}
    info["fill vs planted"] = _same(got["inc-fill"], expected)
    info["cold (edited) vs planted + the new orphan"] = _same(
        got["inc-cold"], expected | {("orphan-initiative", focus)}
    )
    info["one changed vs cold (whole findings)"] = (
        "n/a"
        if full["inc-changed"] is None or full["inc-cold"] is None
        else "same"
        if full["inc-changed"] == full["inc-cold"]
        else _diff(got["inc-changed"] or set(), got["inc-cold"] or set())
    )
    info["nothing changed vs one changed (whole findings)"] = (
        "n/a"
        if full["inc-unchanged"] is None
        else "same"
        if full["inc-unchanged"] == full["inc-changed"]
        else _diff(got["inc-unchanged"] or set(), got["inc-changed"] or set())
    )
    return list(measures.values()), info


# -- machine --------------------------------------------------------------------------
def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for pkg in ("kktrace", "pyoxigraph", "rdflib", "pyshacl", "networkx", "pyvis", "rich"):
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} –")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "kktrace", "ontology"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.splitlines()
    if commit and dirty:
        commit += f" + {len(dirty)} uncommitted change(s) in kktrace/ and ontology/"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": ", ".join(versions),
        "commit": commit or "–",
    }


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "–"


# -- results ----------------------------------------------------------------------------
def fmt_time(m: Measure | None) -> str:
    if m is None:
        return "–"
    if not m.available:
        return m.note or "not available"
    if not m.runs or m.note.startswith("exit"):
        return m.note or "–"
    return f"{m.wall:.2f} ({m.cpu:.2f})"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _ok(m: Measure | None) -> Measure | None:
    """``m`` if it ran to the end (available, runs, no failure note), else ``None``."""
    return m if m is not None and m.available and m.runs and not m.note else None


def table_rows(data: dict) -> list[dict]:
    """One row per size: the measures by command plus the derived ratios."""
    rows = []
    for n_key in sorted(data["sizes"], key=int):
        entry = data["sizes"][n_key]
        ms = {m["command"]: _measure(m) for m in entry["measures"]}
        ok = {k: m for k, m in ms.items() if _ok(m)}
        check, plain, parse = ok.get("check"), ok.get("plain"), ok.get("ox-parse")
        naive, report, view = ok.get("naive"), ok.get("report"), ok.get("view")
        cold, changed = ok.get("inc-cold"), ok.get("inc-changed")
        fill, unchanged = ok.get("inc-fill"), ok.get("inc-unchanged")
        rows.append(
            {
                "n": int(n_key),
                "triples": entry["triples"],
                "generated_s": entry.get("generated_s"),
                "ms": ms,
                "vs_naive_wall": ratio(naive and naive.wall, check and check.wall),
                "vs_naive_cpu": ratio(naive and naive.cpu, check and check.cpu),
                "report_wall": ratio(report and report.wall, check and check.wall),
                "report_cpu": ratio(report and report.cpu, check and check.cpu),
                "view_wall": ratio(view and view.wall, check and check.wall),
                "view_cpu": ratio(view and view.cpu, check and check.cpu),
                "vs_plain_wall": ratio(plain and plain.wall, check and check.wall),
                "vs_plain_cpu": ratio(plain and plain.cpu, check and check.cpu),
                "vs_parse_wall": ratio(check and check.wall, parse and parse.wall),
                "vs_parse_cpu": ratio(check and check.cpu, parse and parse.cpu),
                "inc_wall": ratio(changed and changed.wall, cold and cold.wall),
                "inc_cpu": ratio(changed and changed.cpu, cold and cold.cpu),
                "inc_fill_cpu": ratio(fill and fill.cpu, cold and cold.cpu),
                "inc_unchanged_cpu": ratio(unchanged and unchanged.cpu, cold and cold.cpu),
                "rss": check.rss_mb if check else None,
                "compare": entry["compare"],
                "incremental": entry.get("incremental", {}),
                "load": entry.get("load", "–"),
            }
        )
    return rows


def _measure(raw: dict) -> Measure:
    return Measure(
        raw["command"], raw["n"], [Run(**r) for r in raw["runs"]], raw["available"], raw["note"]
    )


def _runs(ms: dict[str, Measure]) -> str:
    counts = sorted({len(m.runs) for m in ms.values() if m.runs})
    return (
        "–" if not counts else str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
    )


def _rss(m: Measure | None) -> str:
    return "–" if m is None or not m.runs else f"{m.rss_mb:.0f}"


def _mib(v: float | None) -> str:
    return "–" if v is None else f"{v:.0f}"


def _x(v: float | None, digits: int = 1) -> str:
    return "–" if v is None else f"{v:.{digits}f}×"


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("**pass**" if ok else "**FAIL**")


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v * 100:.0f} %"


def render_markdown(data: dict, notes: str) -> str:
    rows = table_rows(data)
    mach = data["machine"]
    out = [
        "# kktrace at national scale: benchmark results",
        "",
        "Generated by `python benchmarks/run.py` (see `docs/benchmarks.md`); do not edit by "
        "hand — the notes at the end come from `benchmarks/notes.md`.",
        "",
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['cores']} cores; RAM {mach['ram']}; {mach['os']}",
        f"- Python {mach['python']}; {mach['packages']}",
        f"- kktrace commit {mach['commit']}; measured {data['when']}",
        "- Load average (1/5/15 min) when each size started: "
        + "; ".join(f"N={r['n']}: {r['load']}" for r in rows),
        "  On a loaded machine wall times are noisy (a load average above 2 on these 2 cores",
        "  means other work competed); CPU time (user + system) is shown beside each and the",
        "  ratios are given on both.",
        "",
        "## Times",
        "",
        "Median of the runs of each command (`runs` column: processes per command; rows",
        "added later with `--merge` may have fewer), seconds: wall (CPU). Peak RSS in MiB",
        "(`ru_maxrss`; on Linux it also counts the RSS `run.py` had when it started the",
        "process"
        + (f", at most {data['own_rss_mb']:.0f} MiB in this run" if data.get("own_rss_mb") else "")
        + ": a floor under small figures).",
        "`check` = `kktrace check --format json`, all rules and the SHACL shapes; `naive` =",
        "`benchmarks/naive_python.py` (rdflib parser + every rule of `check`, the SHACL shapes",
        "included, in plain Python: the fair baseline); `naive, no shapes` = the same without",
        "the shapes (less work than `check`); `check-3` = only the three rules of the old",
        "baseline; `plain` = `benchmarks/plain_rdflib.py` (rdflib parser + rdflib SPARQL, three",
        "rules: not a fair baseline); `ox-parse` = Oxigraph bulk load of the files, nothing",
        "else (the floor). Above N = 98 the rdflib baselines are skipped: rdflib holds millions",
        "of triples as Python objects for minutes and GBs.",
        "",
        "| N | triples | generated in (CPU) | runs | check | report | view (1 adm.) | ox-parse "
        "| naive | naive, no shapes | check-3 | check, pySHACL | plain (3 rules) "
        "| RSS check | RSS ox-parse | RSS naive |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ms = r["ms"]
        gen = "–" if r["generated_s"] is None else f"{r['generated_s']:.1f} s"
        out.append(
            f"| {r['n']} | {r['triples']:,} | {gen} | {_runs(ms)} | "
            + " | ".join(
                fmt_time(ms.get(c))
                for c in (
                    "check",
                    "report",
                    "view",
                    "ox-parse",
                    "naive",
                    "naive-noshapes",
                    "check-3",
                    "check-pyshacl",
                    "plain",
                )
            )
            + f" | {_mib(r['rss'])} | {_rss(ms.get('ox-parse'))} | {_rss(ms.get('naive'))} |"
        )
    out += [
        "",
        "## Ratios",
        "",
        "| N | naive ÷ check, wall / CPU | check ÷ ox-parse, wall / CPU "
        "| report ÷ check, wall / CPU | view ÷ check, wall / CPU | plain ÷ check, wall / CPU |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['n']} | {_x(r['vs_naive_wall'])} / {_x(r['vs_naive_cpu'])} | "
            f"{_x(r['vs_parse_wall'])} / {_x(r['vs_parse_cpu'])} | "
            f"{_x(r['report_wall'])} / {_x(r['report_cpu'])} | "
            f"{_x(r['view_wall'])} / {_x(r['view_cpu'])} | "
            f"{_x(r['vs_plain_wall'])} / {_x(r['vs_plain_cpu'])} |"
        )
    out += ["", "## Findings: identical whichever path computes them?", ""]
    out += [
        "(rule, focus) pairs. `n/a`: that command did not run at this size.",
        "",
        "| N | planted (all) | check vs planted | naive vs planted | naive vs check "
        "| naive vs check: shape severities | naive, no shapes vs planted but shapes "
        "| planted (3 rules) | check, 3 rules | check --rule ×3 | plain rdflib "
        "| check, pySHACL vs SPARQL SHACL engine |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        c = r["compare"]
        cells = [
            c.get("planted (all rules)", "n/a"),
            c.get("check (all rules) vs planted", "n/a"),
            c.get("naive vs planted (all rules)", "n/a"),
            c.get("naive vs check (all rules)", "n/a"),
            c.get("naive vs check: shape-violation severities", "n/a"),
            c.get("naive-noshapes vs planted (all but shapes)", "n/a"),
            c.get("planted (3 rules)", "n/a"),
            c.get("check (3 rules)", "n/a"),
            c.get("check-3", "n/a"),
            c.get("plain", "n/a"),
            c.get("check, pySHACL engine vs SPARQL engine", "n/a"),
        ]
        out.append(f"| {r['n']} | " + " | ".join(str(x) for x in cells) + " |")
    out += incremental_section(rows)
    out += ["", "## Targets (issue 18; 2 cores)", ""]
    out += targets_section(rows)
    out += copenhagen_section(data)
    out += ["", "## Scaling", "", "![CPU time against N](scaling.svg)", ""]
    out += scaling_section(rows)
    if notes.strip():
        out += ["", notes.strip()]
    return "\n".join(out) + "\n"


def incremental_section(rows: list[dict]) -> list[str]:
    have = [r for r in rows if any(s in r["ms"] for s in INCREMENTAL_STEPS)]
    if not have:
        return []
    out = [
        "",
        "## Incremental: `kktrace check DIR --cache CACHE --format json`",
        "",
        "On a copy of the set, with a fresh cache each run: `fill` = the first run (empty",
        "cache), `one changed` = the re-check after one file lost one `kkt:supports` line (a",
        "clean local initiative of the middle municipality, found by parsing; the edit adds",
        "exactly one `orphan-initiative`), `nothing changed` = the next re-check, `cold` =",
        "`kktrace check` without a cache on the edited copy. Seconds: wall (CPU).",
        "",
        "| N | cold | fill | one changed | nothing changed | one changed ÷ cold, wall / CPU "
        "| fill ÷ cold, CPU | nothing changed ÷ cold, CPU |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in have:
        ms = r["ms"]
        out.append(
            f"| {r['n']} | "
            + " | ".join(fmt_time(ms.get(s)) for s in INCREMENTAL_STEPS)
            + f" | {_pct(r['inc_wall'])} / {_pct(r['inc_cpu'])} | {_pct(r['inc_fill_cpu'])} "
            f"| {_pct(r['inc_unchanged_cpu'])} |"
        )
    for r in have:
        info = r["incremental"]
        if info:
            out += ["", f"N={r['n']}: " + "; ".join(f"{k}: {v}" for k, v in info.items()) + "."]
    return out


def _row_at(rows: list[dict], n: int) -> dict | None:
    return next((r for r in rows if r["n"] == n), None)


def targets_section(rows: list[dict]) -> list[str]:
    """Each target of the issue beside what was measured (the size each target names)."""
    r98, r980 = _row_at(rows, 98), _row_at(rows, 980)
    t = TARGETS

    def row(what: str, wall: float | None, cpu: float | None, ok: bool | None) -> str:
        return f"| {what} | {_x(wall)} / {_x(cpu)} | {verdict(ok)} |"

    def at_most(v: float | None, limit: float) -> bool | None:
        return None if v is None else v <= limit

    def get(r: dict | None, key: str) -> float | None:
        return None if r is None else r[key]

    comparisons = [("check (all rules) vs planted", r) for r in rows] + [
        ("naive vs check (all rules)", r) for r in rows
    ]
    seen = [r["compare"].get(k, "n/a") for k, r in comparisons]
    same = None if all(v == "n/a" for v in seen) else all(v in ("same", "n/a") for v in seen)
    inc_same = [
        v
        for r in rows
        for k, v in r["incremental"].items()
        if k.startswith(("one changed vs cold", "nothing changed"))
    ]
    rss98, rss980 = get(r98, "rss"), get(r980, "rss")
    whole = growth_exponent(rows, "check")
    fit = fitted_exponent(rows, "check")
    steep = steepest_exponent(rows, "check")
    span = exponent_span(rows, "check")
    lines = [
        "Verdicts are on CPU time (user + system): every command here is one Python process,",
        "so on an idle machine wall ≈ CPU; on a shared machine wall times are inflated by",
        "other work. Both are shown. MB = 10⁶ bytes (RSS is measured in MiB).",
        "",
        "| target | measured (wall / CPU) | verdict |",
        "|---|---|---|",
        row(
            f"N=98: `check` ≥ {t['speed_vs_naive']:.0f}× faster than the naive baseline "
            "(all rules, shapes included)",
            get(r98, "vs_naive_wall"),
            get(r98, "vs_naive_cpu"),
            None
            if get(r98, "vs_naive_cpu") is None
            else get(r98, "vs_naive_cpu") >= t["speed_vs_naive"],  # type: ignore[operator]
        ),
        row(
            f"N=98: `check` ≤ {t['vs_parse']:.0f}× the bare parse (ox-parse)",
            get(r98, "vs_parse_wall"),
            get(r98, "vs_parse_cpu"),
            at_most(get(r98, "vs_parse_cpu"), t["vs_parse"]),
        ),
        row(
            f"N=98: `report` ≤ {t['report_vs_check']}× `check`",
            get(r98, "report_wall"),
            get(r98, "report_cpu"),
            at_most(get(r98, "report_cpu"), t["report_vs_check"]),
        ),
        row(
            f"N=98: `view` ≤ {t['view_vs_check']}× `check`",
            get(r98, "view_wall"),
            get(r98, "view_cpu"),
            at_most(get(r98, "view_cpu"), t["view_vs_check"]),
        ),
        f"| N=98: peak RSS of `check` ≤ {t['rss_mb']:.0f} MB | {_mb(rss98)} | "
        f"{verdict(None if rss98 is None else rss98 * 1.048576 <= t['rss_mb'])} |",
        f"| N=98: `check --cache` re-check after one file changed ≤ "
        f"{t['incremental'] * 100:.0f} % of a cold check | "
        f"{_pct(get(r98, 'inc_wall'))} / {_pct(get(r98, 'inc_cpu'))} | "
        f"{verdict(at_most(get(r98, 'inc_cpu'), t['incremental']))} |",
        f"| N=980: peak RSS of `check` under {t['rss_980_mb'] / 1000:.0f} GB | {_mb(rss980)} | "
        f"{verdict(None if rss980 is None else rss980 * 1.048576 < t['rss_980_mb'])} |",
        f"| growth exponent of `check` ≤ {t['exponent']} over the whole range"
        f" ({span}, CPU) | {_e(whole)} | "
        f"{verdict(None if whole is None else whole <= t['exponent'])} |",
        f"| … least-squares slope over every size measured (informational) | {_e(fit)} | "
        f"{verdict(None if fit is None else fit <= t['exponent'])} |",
        f"| … steepest step between consecutive sizes (stricter reading) | {_e(steep)} | "
        f"{verdict(None if steep is None else steep <= t['exponent'])} |",
        f"| findings identical (check vs planted, naive vs check, every size) | "
        f"{'–' if same is None else 'identical' if same else 'different'} | {verdict(same)} |",
        f"| `check --cache` findings identical to a cold check | "
        f"{'–' if not inc_same else 'identical' if set(inc_same) == {'same'} else 'different'}"
        f" | {verdict(None if not inc_same else set(inc_same) == {'same'})} |",
        "| on the server (`check --endpoint … --on-server`): findings, time and bytes against "
        "the download mode | not measured by run.py: see the notes | – |",
    ]
    return lines


def _mb(mib: float | None) -> str:
    return "–" if mib is None else f"{mib * 1.048576:,.0f} MB ({mib:,.0f} MiB)"


def _e(v: float | None) -> str:
    return "–" if v is None else f"{v:.2f}"


def _cpu_points(rows: list[dict], name: str) -> list[tuple[int, float]]:
    return [(r["n"], m.cpu) for r in rows if (m := _ok(r["ms"].get(name)))]


def exponent_span(rows: list[dict], name: str) -> str:
    pts = _cpu_points(rows, name)
    return "–" if len(pts) < 2 else f"N={pts[0][0]} → {pts[-1][0]}"


def growth_exponent(rows: list[dict], name: str) -> float | None:
    """The exponent of CPU time against N from the smallest to the largest size measured."""
    pts = _cpu_points(rows, name)
    if len(pts) < 2:
        return None
    (n0, t0), (n1, t1) = pts[0], pts[-1]
    return math.log(t1 / t0) / math.log(n1 / n0)


def fitted_exponent(rows: list[dict], name: str) -> float | None:
    """The least-squares slope of log(CPU time) against log(N) over every size measured."""
    pts = _cpu_points(rows, name)
    if len(pts) < 2:
        return None
    xs = [math.log(n) for n, _ in pts]
    ys = [math.log(t) for _, t in pts]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def steepest_exponent(rows: list[dict], name: str) -> float | None:
    """The largest exponent between two consecutive sizes measured."""
    pts = _cpu_points(rows, name)
    steps = [
        math.log(t1 / t0) / math.log(n1 / n0) for (n0, t0), (n1, t1) in itertools.pairwise(pts)
    ]
    return max(steps) if steps else None


def scaling_section(rows: list[dict]) -> list[str]:
    names = ("check", "report", "view", "ox-parse", "naive", "plain")
    lines = [
        "Growth exponent between consecutive sizes, log(t₂/t₁) / log(N₂/N₁), on CPU time: "
        "1.0 is linear, below 1 is better than linear (start-up is shared).",
        "",
        "| from → to | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for a, b in itertools.pairwise(rows):
        cells = []
        for name in names:
            ma, mb = _ok(a["ms"].get(name)), _ok(b["ms"].get(name))
            if not (ma and mb):
                cells.append("–")
                continue
            cells.append(f"{math.log(mb.cpu / ma.cpu) / math.log(b['n'] / a['n']):.2f}")
        lines.append(f"| {a['n']} → {b['n']} | " + " | ".join(cells) + " |")
    lines.append(
        "| whole range (first → last size measured) | "
        + " | ".join(_e(growth_exponent(rows, name)) for name in names)
        + " |"
    )
    lines.append(
        "| least-squares slope, every size | "
        + " | ".join(_e(fitted_exponent(rows, name)) for name in names)
        + " |"
    )
    return lines


def render_svg(data: dict) -> str:
    """A log-log plot of wall time against N, one line per command (hand-written SVG)."""
    rows = table_rows(data)
    series = {
        "check": "#c0392b",
        "report": "#8e44ad",
        "view": "#2980b9",
        "ox-parse": "#27ae60",
        "naive": "#d35400",
        "plain": "#7f8c8d",
    }
    points: dict[str, list[tuple[int, float]]] = {}
    for r in rows:
        for name in series:
            m = r["ms"].get(name)
            if m and m.available and m.runs and not m.note:
                points.setdefault(name, []).append((r["n"], m.cpu))
    all_t = [t for pts in points.values() for _, t in pts] or [0.1, 10]
    all_n = [r["n"] for r in rows] or [1, 100]
    w, h, left, right, top, bottom = 560, 340, 60, 120, 20, 45
    n_lo, n_hi = math.log10(min(all_n)), math.log10(max(all_n)) + 1e-9
    t_lo = math.floor(math.log10(min(all_t)))
    t_hi = math.ceil(math.log10(max(all_t)) + 1e-9)
    if n_hi - n_lo < 1e-6:
        n_hi = n_lo + 1

    def px(n: float) -> float:
        return left + (math.log10(n) - n_lo) / (n_hi - n_lo) * (w - left - right)

    def py(t: float) -> float:
        return top + (t_hi - math.log10(t)) / (t_hi - t_lo) * (h - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="11">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{left}" y="13" font-weight="bold">CPU time (s) against municipalities '
        "N, log–log</text>",
    ]
    for e in range(t_lo, t_hi + 1):
        y = py(10**e)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{w - right}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{10**e:g}</text>'
        )
    for n in all_n:
        x = px(n)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{h - bottom}" stroke="#eee"/>'
            f'<text x="{x:.1f}" y="{h - bottom + 15}" text-anchor="middle">{n}</text>'
        )
    parts.append(
        f'<text x="{(left + w - right) / 2:.0f}" y="{h - 8}" text-anchor="middle">'
        "municipalities (N)</text>"
    )
    # A dashed "linear" reference through check's first point: slope 1 in log-log.
    if points.get("check"):
        n0, t0 = points["check"][0]
        n1 = max(all_n)
        t1 = t0 * n1 / n0
        if t1 > 10**t_hi:
            n1, t1 = n0 * 10**t_hi / t0, 10**t_hi
        parts.append(
            f'<line x1="{px(n0):.1f}" y1="{py(t0):.1f}" x2="{px(n1):.1f}" y2="{py(t1):.1f}" '
            'stroke="#c0392b" stroke-dasharray="4 4" stroke-opacity="0.5"/>'
        )
    for i, (name, colour) in enumerate(series.items()):
        pts = points.get(name)
        ly = top + 14 + i * 16
        parts.append(
            f'<line x1="{w - right + 10}" y1="{ly - 4}" x2="{w - right + 28}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2"/>'
            f'<text x="{w - right + 32}" y="{ly}">{name}</text>'
        )
        if not pts:
            continue
        path = " ".join(f"{px(n):.1f},{py(t):.1f}" for n, t in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for n, t in pts:
            parts.append(
                f'<circle cx="{px(n):.1f}" cy="{py(t):.1f}" r="3" fill="{colour}">'
                f"<title>{name} N={n}: {t:.2f} s</title></circle>"
            )
    ly = top + 14 + len(series) * 16
    parts.append(
        f'<line x1="{w - right + 10}" y1="{ly - 4}" x2="{w - right + 28}" y2="{ly - 4}" '
        'stroke="#c0392b" stroke-dasharray="4 4" stroke-opacity="0.5"/>'
        f'<text x="{w - right + 32}" y="{ly}">linear</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def measure_copenhagen(repeat: int, timeout: float, scratch: Path) -> dict[str, object]:
    """``kktrace check`` on the bundled data against start-up alone (``check --help``)."""
    out: dict[str, object] = {}
    py_start = [PYTHON, "-c", "pass"]
    imports = [
        PYTHON,
        "-c",
        "import kktrace.cli, kktrace.findings.run, pyoxigraph, networkx, rdflib",
    ]
    for name, argv in (
        ("python -c pass", py_start),
        ("imports (kktrace.cli, check, pyoxigraph, networkx, rdflib)", imports),
        ("kktrace check --help", [KKTRACE, "check", "--help"]),
        ("kktrace check --format json (bundled data)", [KKTRACE, "check", "--format", "json"]),
    ):
        runs = [run_process(argv, scratch / "kk.out", timeout) for _ in range(repeat)]
        out[name] = {
            "wall": statistics.median(r.wall for r in runs),
            "cpu": statistics.median(r.cpu for r in runs),
            "rss_mb": max(r.rss_mb for r in runs),
        }
        print(f"  Copenhagen: {name}: {out[name]}", file=sys.stderr)
    return out


def copenhagen_section(data: dict) -> list[str]:
    kk = data.get("copenhagen")
    if not kk:
        return []
    lines = [
        "",
        "## Copenhagen data (bundled): cost beyond start-up",
        "",
        "| process | wall s | CPU s | peak RSS MiB |",
        "|---|---|---|---|",
    ]
    for name, m in kk.items():
        lines.append(f"| `{name}` | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss_mb']:.0f} |")
    imports = kk.get("imports (kktrace.cli, check, pyoxigraph, networkx, rdflib)")
    check = kk.get("kktrace check --format json (bundled data)")
    if imports and check:
        beyond = check["cpu"] - imports["cpu"]
        lines += [
            "",
            f"`kktrace check` beyond interpreter start and imports: {beyond:.2f} s CPU "
            f"({check['wall'] - imports['wall']:.2f} s wall); target ≤ 0.5 s: "
            f"{verdict(beyond <= 0.5)}.",
        ]
    return lines


def print_summary(data: dict) -> None:
    rows = table_rows(data)
    for r in rows:
        gen = "" if r["generated_s"] is None else f", generated in {r['generated_s']:.1f} s CPU"
        print(
            f"N={r['n']:<4} ({r['triples']:,} triples{gen}) naive/check: "
            f"{_x(r['vs_naive_wall'])} wall, {_x(r['vs_naive_cpu'])} CPU; check/ox-parse: "
            f"{_x(r['vs_parse_wall'])} wall, {_x(r['vs_parse_cpu'])} CPU; report/check "
            f"{_x(r['report_cpu'])} CPU; view/check {_x(r['view_cpu'])} CPU; re-check/cold "
            f"{_pct(r['inc_cpu'])} CPU; RSS check {_mib(r['rss'])} MiB"
        )
        skipped = {m.note for m in r["ms"].values() if not m.available and m.note}
        for note in sorted(skipped):
            names = sorted(k for k, m in r["ms"].items() if m.note == note)
            print(f"       {', '.join(names)}: {note}")
        print("       findings: " + ", ".join(f"{k}={v}" for k, v in r["compare"].items()))
        if r["incremental"]:
            print(
                "       incremental: " + ", ".join(f"{k}={v}" for k, v in r["incremental"].items())
            )
    print()
    print("\n".join(targets_section(rows)))


def _memory_available_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _environment_ready() -> bool:
    """The interpreter running this script must be the one kktrace is installed for (its
    ``kktrace`` script and rdflib next to it); otherwise say so in one line instead of
    measuring nothing."""
    import importlib.util

    missing = [
        m for m in ("kktrace", "rdflib", "pyoxigraph") if importlib.util.find_spec(m) is None
    ]
    if missing or not Path(KKTRACE).exists():
        what = ", ".join(missing) if missing else KKTRACE
        print(
            f"benchmarks/run.py: {what} not installed for {PYTHON} — run it with the "
            "project's environment: .venv/bin/python benchmarks/run.py",
            file=sys.stderr,
        )
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1,10,98", help="comma-separated N (e.g. 1,10,98,490,980)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="processes per command (median)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=HERE / "_data", help="generated sets")
    parser.add_argument(
        "--commands",
        default=",".join(DEFAULT_COMMANDS),
        help=f"subset to run, of {', '.join(COMMANDS)} (default: {', '.join(DEFAULT_COMMANDS)})",
    )
    parser.add_argument(
        "--big-commands",
        default=",".join(BIG_COMMANDS),
        help=f"the commands run above N={BIG_N} (default: {', '.join(BIG_COMMANDS)})",
    )
    parser.add_argument(
        "--incremental-at",
        default=",".join(map(str, INCREMENTAL_AT)),
        help="sizes the incremental command runs at (default: 98)",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="per process, seconds")
    parser.add_argument(
        "--max-rss-gb",
        type=float,
        default=MAX_RSS_GB,
        help=f"kill a process whose RSS passes this many GiB (default {MAX_RSS_GB:g})",
    )
    parser.add_argument(
        "--pyshacl-max", type=int, default=PYSHACL_MAX, help="largest N for check-pyshacl"
    )
    parser.add_argument(
        "--merge", action="store_true", help="keep other sizes from benchmarks/results.json"
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite results.md/svg from results.json"
    )
    parser.add_argument(
        "--no-copenhagen", action="store_true", help="skip the bundled-data start-up check"
    )
    args = parser.parse_args(argv)
    try:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
        incremental_at = tuple(int(x) for x in args.incremental_at.split(",") if x.strip())
    except ValueError:
        parser.error("--sizes and --incremental-at take comma-separated whole numbers")
    if any(not 1 <= n <= 999 for n in sizes):
        parser.error("each size must be between 1 and 999")
    commands = [c for c in args.commands.split(",") if c]
    big = tuple(c for c in args.big_commands.split(",") if c)
    unknown = (set(commands) | set(big)) - set(COMMANDS)
    if unknown:
        parser.error(f"unknown command(s) {', '.join(sorted(unknown))}; use {', '.join(COMMANDS)}")

    results_json = HERE / "results.json"
    if args.render_only:
        data = json.loads(results_json.read_text(encoding="utf-8"))
        write_results(data)
        print_summary(data)
        return 0
    if not _environment_ready():
        return 2
    sub = {
        "check": "check",
        "check-3": "check",
        "check-pyshacl": "check",
        "report": "report",
        "view": "view",
    }
    available = {name: has_command(cmd) for name, cmd in sub.items() if name in commands}
    if "incremental" in commands:
        available["incremental"] = has_option("check", "--cache")
    for name, ok in available.items():
        if not ok:
            what = "check --cache" if name == "incremental" else sub[name]
            print(f"kktrace {what}: not available — reported as such", file=sys.stderr)

    data: dict = {"sizes": {}}
    if args.merge and results_json.exists():
        data = json.loads(results_json.read_text(encoding="utf-8"))
    data.update(machine=machine(), repeat=args.repeat, when=time.strftime("%Y-%m-%d %H:%M %Z"))
    max_rss_mb = args.max_rss_gb * 1024
    with tempfile.TemporaryDirectory(prefix="kktrace-bench-") as tmp:
        for n in sizes:
            folder, generated = dataset(n, args.data, args.seed)
            manifest = json.loads((folder / "planted.json").read_text(encoding="utf-8"))
            load = load_average()
            free = _memory_available_mb()
            print(
                f"N={n}: {manifest['triples']:,} triples"
                + ("" if generated is None else f", generated in {generated:.1f} s CPU")
                + f", load average {load}"
                + ("" if free is None else f", {free / 1024:.1f} GiB available"),
                file=sys.stderr,
            )
            if free is not None and free < max_rss_mb:
                print(
                    f"  ! less memory available than --max-rss-gb {args.max_rss_gb:g}: a process "
                    "may be killed by the kernel before run.py stops it",
                    file=sys.stderr,
                )
            measures, comparison, incremental = measure_size(
                n,
                folder,
                args.repeat,
                commands,
                available,
                args.timeout,
                Path(tmp),
                args.pyshacl_max,
                big,
                incremental_at,
                max_rss_mb,
            )
            entry = {
                "triples": manifest["triples"],
                "generated_s": generated,
                "load": load,
                "measures": [asdict(m) for m in measures],
                "compare": comparison,
                "incremental": incremental,
            }
            old = data["sizes"].get(str(n))
            if args.merge and old:
                # Keep the commands not re-run now, and their findings comparisons.
                rerun = {m.command for m in measures}
                kept = [m for m in old["measures"] if m["command"] not in rerun]
                entry["measures"] = kept + entry["measures"]
                entry["compare"] = {
                    **old["compare"],
                    **{k: v for k, v in comparison.items() if v != "n/a"},
                }
                entry["incremental"] = incremental or old.get("incremental", {})
                if generated is None:
                    entry["generated_s"] = old.get("generated_s")
            data["sizes"][str(n)] = entry
        if not args.no_copenhagen and available.get("check", True):
            data["copenhagen"] = measure_copenhagen(max(args.repeat, 3), args.timeout, Path(tmp))
    data["own_rss_mb"] = own_rss_mb()
    print_summary(data)
    if not args.no_write:
        results_json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        write_results(data)
    return 0


def write_results(data: dict) -> None:
    """Write results.md (with benchmarks/notes.md appended) and scaling.svg."""
    notes_file = HERE / "notes.md"
    notes = notes_file.read_text(encoding="utf-8") if notes_file.exists() else ""
    (HERE / "results.md").write_text(render_markdown(data, notes), encoding="utf-8")
    (HERE / "scaling.svg").write_text(render_svg(data), encoding="utf-8")
    print(f"wrote {HERE / 'results.md'} and {HERE / 'scaling.svg'}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
