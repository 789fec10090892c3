"""The national-scale benchmark: kktrace vs plain rdflib vs Oxigraph parsing, whole processes.

Usage::

    python benchmarks/run.py [--sizes 1,10,98] [--repeat 3] [--data DIR] [--no-write]
    python benchmarks/run.py --sizes 490 --repeat 1 --merge     # add the 490 row later

For each size N it generates the synthetic set (``benchmarks/generate.py``, cached under
``--data``), then runs each command as its own process, ``--repeat`` times, and records the
median wall time, the median CPU time (user + system, from ``os.wait4``) and the peak RSS:

- ``check``: ``kktrace check DIR --format json`` (all rules and the SHACL shapes);
- ``check-3``: ``kktrace check DIR --format json --rule`` the three baseline rules;
- ``report``: ``kktrace report DIR -o TMP --date …``;
- ``view``: ``kktrace view DIR --administration <one administration's IRI> -o TMP``;
- ``ox-parse``: ``python -c`` Oxigraph ``bulk_load`` of the same files, nothing else;
- ``naive``: ``benchmarks/naive_python.py`` — the fair naive baseline: rdflib's parser and
  every contract rule but SHACL as plain Python over dicts and sets;
- ``plain``: ``benchmarks/plain_rdflib.py`` (rdflib parser + rdflib's SPARQL engine, three
  rules) — kept for comparison with earlier results; rdflib's SPARQL engine is far slower
  than the naive reading, so it is not the baseline the targets use.

It compares the findings (rule, focus) of ``plain``, ``check-3``, ``check`` and the planted
manifest, prints the ratios and writes ``benchmarks/results.md`` and
``benchmarks/scaling.svg``. Commands the installed kktrace lacks are reported as "not
available". The raw measurements are kept in ``benchmarks/results.json`` so rows can be
added (``--merge``) without re-running every size. Not part of the test run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
KKTRACE = str(Path(PYTHON).with_name("kktrace"))
THREE_RULES = ("hollow-local-plan", "missing-local-plan", "orphan-initiative")
DATE = "2026-11-26"
COMMANDS = ("check", "check-3", "check-pyshacl", "report", "view", "ox-parse", "naive", "plain")
#: The rules the naive baseline computes: every contract rule but shape-violation (SHACL).
NAIVE_SKIPS = ("shape-violation", "missing-status")
#: check-pyshacl (the reference SHACL engine, slow) runs only up to this size by default.
PYSHACL_MAX = 10
TARGETS = {
    "speed_vs_naive": 10.0,
    "vs_parse": 2.0,
    "rss_mb": 250.0,
    "report_vs_check": 1.5,
    "view_vs_check": 1.5,
    "exponent": 1.05,
}

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
    """One process: wall and CPU seconds, peak RSS in MiB, exit code."""

    wall: float
    cpu: float
    rss_mb: float
    code: int


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


def run_process(
    argv: list[str], stdout: Path, timeout: float, extra_env: dict[str, str] | None = None
) -> Run:
    """Run ``argv`` as a whole process; its rusage comes from ``os.wait4``."""
    env = {**os.environ, "KKTRACE_NO_PROGRESS": "1", "NO_COLOR": "1", **(extra_env or {})}
    with stdout.open("wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=ROOT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            print(f"    ! exit {proc.returncode}: {' | '.join(tail)}", file=sys.stderr)
    rss_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    return Run(wall, usage.ru_utime + usage.ru_stime, rss_kb / 1024, proc.returncode)


def has_command(name: str) -> bool:
    """True when the installed kktrace has the sub-command ``name``."""
    if not Path(KKTRACE).exists():
        return False
    proc = subprocess.run([KKTRACE, name, "--help"], capture_output=True, timeout=120)
    return proc.returncode == 0


def dataset(n: int, data_root: Path, seed: int) -> Path:
    """The generated set for ``n`` municipalities (generated once, then reused)."""
    folder = data_root / f"n{n:03d}"
    manifest = folder / "planted.json"
    if manifest.exists():
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if meta.get("municipalities") == n and meta.get("seed") == seed:
            return folder
    if folder.exists():
        shutil.rmtree(folder)
    subprocess.run(
        [PYTHON, str(HERE / "generate.py"), str(n), str(folder), "--seed", str(seed)], check=True
    )
    return folder


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
    raise ValueError(name)


def pairs(path: Path, rules: tuple[str, ...] | None = None) -> set[tuple[str, str]] | None:
    """(rule, focus) pairs of a findings JSON file (``None`` if it is not one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {
        (f["rule"], f["focus"])
        for f in data.get("findings", [])
        if rules is None or f["rule"] in rules
    }


def compare(folder: Path, outputs: dict[str, Path]) -> dict[str, object]:
    """Are the findings identical whichever path computed them (and as planted)?"""
    planted_by_rule = json.loads((folder / "planted.json").read_text(encoding="utf-8"))["planted"]
    planted = {(r, f) for r, foci in planted_by_rule.items() for f in foci}
    planted3 = {p for p in planted if p[0] in THREE_RULES}
    got = {
        "plain": pairs(outputs["plain"], THREE_RULES) if "plain" in outputs else None,
        "check-3": pairs(outputs["check-3"], THREE_RULES) if "check-3" in outputs else None,
        "check (3 rules)": pairs(outputs["check"], THREE_RULES) if "check" in outputs else None,
    }
    result: dict[str, object] = {"planted (3 rules)": len(planted3)}
    for name, found in got.items():
        result[name] = (
            "n/a" if found is None else ("same" if found == planted3 else _diff(found, planted3))
        )
    full = pairs(outputs["check"]) if "check" in outputs else None
    result["check (all rules) vs planted"] = (
        "n/a" if full is None else ("same" if full == planted else _diff(full, planted))
    )
    result["planted (all rules)"] = len(planted)
    naive = pairs(outputs["naive"]) if "naive" in outputs else None
    expected = {p for p in planted if p[0] not in NAIVE_SKIPS}
    result["naive vs planted (all but SHACL)"] = (
        "n/a" if naive is None else ("same" if naive == expected else _diff(naive, expected))
    )
    slow = pairs(outputs["check-pyshacl"]) if "check-pyshacl" in outputs else None
    result["check, pySHACL engine vs SPARQL engine"] = (
        "n/a" if slow is None or full is None else ("same" if slow == full else _diff(slow, full))
    )
    return result


def _diff(found: set[tuple[str, str]], expected: set[tuple[str, str]]) -> str:
    extra, missing = sorted(found - expected), sorted(expected - found)
    show = [f"+{r} {f.rsplit('/', 2)[-2]}/{f.rsplit('/', 1)[-1]}" for r, f in extra[:3]]
    show += [f"-{r} {f.rsplit('/', 2)[-2]}/{f.rsplit('/', 1)[-1]}" for r, f in missing[:3]]
    return f"DIFFERENT ({len(extra)} extra, {len(missing)} missing: {'; '.join(show)})"


def measure_size(
    n: int,
    folder: Path,
    repeat: int,
    commands: list[str],
    available: dict[str, bool],
    timeout: float,
    scratch: Path,
    pyshacl_max: int = PYSHACL_MAX,
) -> tuple[list[Measure], dict[str, object]]:
    measures: list[Measure] = []
    outputs: dict[str, Path] = {}
    for name in commands:
        m = Measure(name, n)
        if not available.get(name, True):
            m.available, m.note = False, "not available"
            measures.append(m)
            continue
        if name == "check-pyshacl" and n > pyshacl_max:
            m.available, m.note = False, f"skipped above N={pyshacl_max}"
            measures.append(m)
            continue
        out = scratch / f"{name}-{n}.out"
        env = {"KKTRACE_SHACL_ENGINE": "pyshacl" if name == "check-pyshacl" else "sparql"}
        for i in range(repeat):
            run = run_process(command_line(name, folder, scratch), out, timeout, env)
            m.runs.append(run)
            print(
                f"  N={n:<4} {name:<9} run {i + 1}/{repeat}: {run.wall:7.2f} s wall, "
                f"{run.cpu:7.2f} s CPU, {run.rss_mb:6.0f} MiB, exit {run.code}",
                file=sys.stderr,
            )
            if run.code not in (0, 1):
                m.note = f"exit {run.code}"
                break
        outputs[name] = out
        measures.append(m)
    return measures, compare(folder, outputs)


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


def table_rows(data: dict) -> list[dict]:
    """One row per size: the measures by command plus the derived ratios."""
    rows = []
    for n_key in sorted(data["sizes"], key=int):
        entry = data["sizes"][n_key]
        ms = {m["command"]: _measure(m) for m in entry["measures"]}
        ok = {k: m for k, m in ms.items() if m.available and m.runs and not m.note}
        check, plain, parse = ok.get("check"), ok.get("plain"), ok.get("ox-parse")
        naive, report, view = ok.get("naive"), ok.get("report"), ok.get("view")
        rows.append(
            {
                "n": int(n_key),
                "triples": entry["triples"],
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
                "rss": check.rss_mb if check else None,
                "compare": entry["compare"],
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
        "added later with `--merge` may have fewer), seconds: wall (CPU). Peak RSS in MiB.",
        "`check` = `kktrace check --format json`, all rules and the SHACL shapes; `check-3` =",
        "only the three rules of the old baseline; `naive` = `benchmarks/naive_python.py` (rdflib",
        "parser + every contract rule but SHACL in plain Python: the fair baseline); `plain` =",
        "`benchmarks/plain_rdflib.py` (rdflib parser + rdflib SPARQL, three rules: kept from",
        "earlier runs, not a fair baseline); `ox-parse` = Oxigraph bulk load of the files,",
        "nothing else (the floor).",
        "",
        "| N | triples | runs | check | check-3 | check, pySHACL | report | view (1 adm.) "
        "| ox-parse | naive | plain (3 rules) | RSS check | RSS ox-parse | RSS naive |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ms = r["ms"]
        out.append(
            f"| {r['n']} | {r['triples']:,} | {_runs(ms)} | {fmt_time(ms.get('check'))} | "
            f"{fmt_time(ms.get('check-3'))} | {fmt_time(ms.get('check-pyshacl'))} | "
            f"{fmt_time(ms.get('report'))} | "
            f"{fmt_time(ms.get('view'))} | {fmt_time(ms.get('ox-parse'))} | "
            f"{fmt_time(ms.get('naive'))} | {fmt_time(ms.get('plain'))} | {_mib(r['rss'])} | "
            f"{_rss(ms.get('ox-parse'))} | {_rss(ms.get('naive'))} |"
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
    out += ["", "## Findings: identical whichever engine path computes them?", ""]
    out += [
        "| N | planted (3 rules) | plain rdflib | check --rule ×3 | check, 3 rules of all "
        "| planted (all) | check, all rules vs planted | naive vs planted (all but SHACL) "
        "| check, pySHACL vs SPARQL SHACL engine |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        c = r["compare"]
        out.append(
            f"| {r['n']} | {c['planted (3 rules)']} | {c['plain']} | {c['check-3']} | "
            f"{c['check (3 rules)']} | {c['planted (all rules)']} | "
            f"{c['check (all rules) vs planted']} | "
            f"{c.get('naive vs planted (all but SHACL)', 'n/a')} | "
            f"{c.get('check, pySHACL engine vs SPARQL engine', 'n/a')} |"
        )
    out += ["", "## Targets (98 municipalities, 2 cores)", ""]
    out += targets_section(rows)
    out += copenhagen_section(data)
    out += ["", "## Scaling", "", "![time against N](scaling.svg)", ""]
    out += scaling_section(rows)
    if notes.strip():
        out += ["", notes.strip()]
    return "\n".join(out) + "\n"


def targets_section(rows: list[dict]) -> list[str]:
    """Each target of the issue beside what was measured (98 municipalities)."""
    r98 = next((r for r in rows if r["n"] == 98), None)
    if r98 is None:
        return ["No 98-municipality run in this result set."]
    c = r98["compare"]
    same = all(
        c.get(k, "n/a") in ("same", "n/a")
        for k in ("check (all rules) vs planted", "naive vs planted (all but SHACL)")
    )
    t = TARGETS
    rss = r98["rss"]
    exponent = growth_exponent(rows, "check")

    def row(what: str, wall: float | None, cpu: float | None, ok: bool | None) -> str:
        return f"| {what} | {_x(wall)} / {_x(cpu)} | {verdict(ok)} |"

    def at_most(v: float | None, limit: float) -> bool | None:
        return None if v is None else v <= limit

    return [
        "Verdicts are on CPU time (user + system): every command here is one Python process,",
        "so on an idle machine wall ≈ CPU; on a shared machine wall times are inflated by",
        "other work. Both are shown.",
        "",
        "| target | measured (wall / CPU) | verdict |",
        "|---|---|---|",
        row(
            f"`check` ≥ {t['speed_vs_naive']:.0f}× faster than the naive baseline",
            r98["vs_naive_wall"],
            r98["vs_naive_cpu"],
            None if r98["vs_naive_cpu"] is None else r98["vs_naive_cpu"] >= t["speed_vs_naive"],
        ),
        row(
            f"`check` ≤ {t['vs_parse']:.0f}× the bare parse (ox-parse)",
            r98["vs_parse_wall"],
            r98["vs_parse_cpu"],
            at_most(r98["vs_parse_cpu"], t["vs_parse"]),
        ),
        row(
            f"`report` ≤ {t['report_vs_check']}× `check`",
            r98["report_wall"],
            r98["report_cpu"],
            at_most(r98["report_cpu"], t["report_vs_check"]),
        ),
        row(
            f"`view` ≤ {t['view_vs_check']}× `check`",
            r98["view_wall"],
            r98["view_cpu"],
            at_most(r98["view_cpu"], t["view_vs_check"]),
        ),
        f"| peak RSS of `check` ≤ {t['rss_mb']:.0f} MB | "
        f"{'–' if rss is None else f'{rss * 1.048576:.0f} MB ({rss:.0f} MiB)'} | "
        f"{verdict(None if rss is None else rss * 1.048576 <= t['rss_mb'])} |",
        f"| growth exponent of `check` ≤ {t['exponent']} over the measured sizes | "
        f"{'–' if exponent is None else f'{exponent:.2f}'} | "
        f"{verdict(None if exponent is None else exponent <= t['exponent'])} |",
        f"| findings identical (check vs planted, naive vs planted) | "
        f"{'identical' if same else 'different'} | {verdict(same)} |",
    ]


def growth_exponent(rows: list[dict], name: str) -> float | None:
    """The exponent of CPU time against N from the smallest to the largest size measured."""
    have = [r for r in rows if (m := r["ms"].get(name)) and m.runs and not m.note]
    if len(have) < 2:
        return None
    a, b = have[0], have[-1]
    return math.log(b["ms"][name].cpu / a["ms"][name].cpu) / math.log(b["n"] / a["n"])


def scaling_section(rows: list[dict]) -> list[str]:
    lines = [
        "Growth exponent between consecutive sizes, log(t₂/t₁) / log(N₂/N₁), on CPU time: "
        "1.0 is linear, below 1 is better than linear (start-up is shared).",
        "",
        "| from → to | check | report | view | ox-parse | naive | plain |",
        "|---|---|---|---|---|---|---|",
    ]
    for a, b in itertools.pairwise(rows):
        cells = []
        for name in ("check", "report", "view", "ox-parse", "naive", "plain"):
            ma, mb = a["ms"].get(name), b["ms"].get(name)
            if not (ma and mb and ma.runs and mb.runs and not ma.note and not mb.note):
                cells.append("–")
                continue
            cells.append(f"{math.log(mb.cpu / ma.cpu) / math.log(b['n'] / a['n']):.2f}")
        lines.append(f"| {a['n']} → {b['n']} | " + " | ".join(cells) + " |")
    return lines


def render_svg(data: dict) -> str:
    """A log-log plot of wall time against N, one line per command (hand-written SVG)."""
    rows = table_rows(data)
    series = {
        "check": "#c0392b",
        "report": "#8e44ad",
        "view": "#2980b9",
        "ox-parse": "#27ae60",
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
        print(
            f"N={r['n']:<4} naive/check: {_x(r['vs_naive_wall'])} wall, "
            f"{_x(r['vs_naive_cpu'])} CPU; check/ox-parse: {_x(r['vs_parse_wall'])} wall, "
            f"{_x(r['vs_parse_cpu'])} CPU; report/check {_x(r['report_cpu'])} CPU; "
            f"view/check {_x(r['view_cpu'])} CPU; RSS check {_mib(r['rss'])} MiB; findings: "
            + ", ".join(f"{k}={v}" for k, v in r["compare"].items())
        )
    print("\n".join(targets_section(rows)))


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
    parser.add_argument("--sizes", default="1,10,98", help="comma-separated N (e.g. 1,10,98,490)")
    parser.add_argument("--repeat", type=int, default=3, help="processes per command (median)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=HERE / "_data", help="generated sets")
    parser.add_argument("--commands", default=",".join(COMMANDS), help="subset to run")
    parser.add_argument("--timeout", type=float, default=1800, help="per process, seconds")
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
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    commands = [c for c in args.commands.split(",") if c]
    unknown = set(commands) - set(COMMANDS)
    if unknown:
        parser.error(f"unknown command(s) {', '.join(sorted(unknown))}; use {', '.join(COMMANDS)}")

    if not args.render_only and not _environment_ready():
        return 2
    sub = {
        "check": "check",
        "check-3": "check",
        "check-pyshacl": "check",
        "report": "report",
        "view": "view",
    }
    available = {name: has_command(cmd) for name, cmd in sub.items() if name in commands}
    for name, ok in available.items():
        if not ok:
            print(f"kktrace {sub[name]}: not available — reported as such", file=sys.stderr)

    results_json = HERE / "results.json"
    if args.render_only:
        data = json.loads(results_json.read_text(encoding="utf-8"))
        write_results(data)
        print_summary(data)
        return 0
    data: dict = {"sizes": {}}
    if args.merge and results_json.exists():
        data = json.loads(results_json.read_text(encoding="utf-8"))
    data.update(machine=machine(), repeat=args.repeat, when=time.strftime("%Y-%m-%d %H:%M %Z"))
    with tempfile.TemporaryDirectory(prefix="kktrace-bench-") as tmp:
        for n in sizes:
            folder = dataset(n, args.data, args.seed)
            manifest = json.loads((folder / "planted.json").read_text(encoding="utf-8"))
            load = load_average()
            print(f"N={n}: {manifest['triples']:,} triples, load average {load}", file=sys.stderr)
            measures, comparison = measure_size(
                n,
                folder,
                args.repeat,
                commands,
                available,
                args.timeout,
                Path(tmp),
                args.pyshacl_max,
            )
            entry = {
                "triples": manifest["triples"],
                "load": load,
                "measures": [asdict(m) for m in measures],
                "compare": comparison,
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
            data["sizes"][str(n)] = entry
        if not args.no_copenhagen and available.get("check", True):
            data["copenhagen"] = measure_copenhagen(max(args.repeat, 3), args.timeout, Path(tmp))
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
