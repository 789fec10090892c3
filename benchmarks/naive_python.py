"""The fair naive baseline: rdflib's parser, then every contract rule as plain Python.

Usage::

    python benchmarks/naive_python.py PATH [PATH …] [--ontology FILE]

What a capable engineer would write without kktrace and without a SPARQL engine: parse every
RDF file under the given paths plus the kktrace ontology with ``rdflib.Graph().parse``, build
dicts and sets of the few predicates the rules need (one pass over the triples), close the
class hierarchy (``rdfs:subClassOf`` from the ontology and the data), and compute each rule
of DESIGN §3 with loops, set operations and breadth-first searches. No SPARQL, no NetworkX.

Prints ``{"findings": [{"rule": …, "focus": …}, …]}`` sorted by (rule, focus), one entry per
(rule, focus) pair, to compare with ``kktrace check --format json``; timings go to stderr.

``shape-violation`` (SHACL) is not computed: writing the shapes by hand is not what anyone
would call the same work, so the baseline does strictly less than ``kktrace check`` — the
comparison favours the baseline. The reading of literals follows docs/checks.md: a literal
where a link belongs names nothing, so it is a dangling reference and counts as no link.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Literal

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kktrace.ttl"
KKT = rdflib.Namespace("https://w3id.org/kktrace/def#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}
FORMATS |= {".rdf": "xml", ".owl": "xml"}
LINKS = ("supports", "partOf", "owner", "responsible", "continues")
KKT_STR = {
    n: str(KKT) + n
    for n in (
        "Initiative Goal LocalActionPlan CommonActionPlan TransitionActionPlan ActionPlan "
        "CommonGoal FocusArea StrategicGoal ITStrategy CommonInitiative Administration "
        "StatusEntry Completed Cancelled"
    ).split()
}
SINGLE = ("startDate", "endDate", "priority", "status", "year", "about", "decision")


def files(paths: Iterable[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix in FORMATS)
        else:
            out.append(p)
    return out


class Data:
    """Plain dicts and sets of what the rules read, built in one pass over the triples."""

    def __init__(self, graph: rdflib.Graph | rdflib.Dataset) -> None:
        self.types: dict[object, set[object]] = defaultdict(set)
        self.sub: dict[object, set[object]] = defaultdict(set)
        self.link: dict[str, dict[object, set[object]]] = {k: defaultdict(set) for k in LINKS}
        self.value: dict[str, dict[object, object]] = {k: {} for k in SINGLE}
        self.has: dict[object, set[str]] = defaultdict(set)
        self.unit_of: dict[object, set[object]] = defaultdict(set)
        self.successor_of: dict[object, set[object]] = defaultdict(set)
        self.class_level: dict[object, int] = {}
        names = {KKT[k]: k for k in (*LINKS, *SINGLE, "businessCase", "funding")}
        for s, p, o in graph.triples((None, None, None)):
            # plain strings hash and compare faster than rdflib terms; literals stay terms
            s = str(s)
            if not isinstance(o, Literal):
                o = str(o)
            if p == RDF.type:
                self.types[s].add(o)
            elif p == RDFS.subClassOf:
                self.sub[s].add(o)
            elif p == ORG.unitOf:
                self.unit_of[s].add(o)
            elif p == KKT.successorOf:
                self.successor_of[s].add(o)
            elif p == KKT.level:
                self.class_level[s] = int(o)  # type: ignore[arg-type]
            elif p in names:
                name = names[p]
                self.has[s].add(name)
                if name in self.link:
                    self.link[name][s].add(o)
                elif name in self.value:
                    self.value[name][s] = o
        self._closure: dict[object, frozenset[object]] = {}
        self.classes: dict[object, frozenset[object]] = {
            node: frozenset().union(*(self.supers(c) for c in ts))
            for node, ts in self.types.items()
        }
        self.by_class: dict[object, list[object]] = defaultdict(list)
        for node, cs in self.classes.items():
            for c in cs:
                self.by_class[c].append(node)
        self.level: dict[object, int] = {}
        for node, cs in self.classes.items():
            levels = [self.class_level[c] for c in cs if c in self.class_level]
            if levels:
                self.level[node] = min(levels)
        # a literal names nothing: it is no link anywhere
        self.supports = {
            s: {o for o in os if not isinstance(o, Literal)}
            for s, os in self.link["supports"].items()
        }
        self.part_of = {
            s: {o for o in os if not isinstance(o, Literal)}
            for s, os in self.link["partOf"].items()
        }
        self.members: dict[object, list[object]] = defaultdict(list)
        for s, os in self.part_of.items():
            for o in os:
                self.members[o].append(s)

    def supers(self, cls: object) -> frozenset[object]:
        if cls not in self._closure:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.sub.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._closure[cls] = frozenset(seen)
        return self._closure[cls]

    def of(self, name: str) -> list[object]:
        return self.by_class.get(KKT_STR[name], [])

    def is_a(self, node: object, name: str) -> bool:
        return KKT_STR[name] in self.classes.get(node, ())


def reach(adjacency: dict[object, set[object]], starts: Iterable[object]) -> set[object]:
    seen = set(starts)
    todo = list(seen)
    while todo:
        for nxt in adjacency.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def cycles(adjacency: dict[object, set[object]]) -> set[object]:
    """Nodes on a directed cycle: iterative Tarjan strongly connected components."""
    index: dict[object, int] = {}
    low: dict[object, int] = {}
    stack: list[object] = []
    on_stack: set[object] = set()
    out: set[object] = set()
    counter = 0
    for root in list(adjacency):
        if root in index:
            continue
        work = [(root, iter(adjacency.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(adjacency.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in adjacency.get(node, ()):
                        out.update(component)
    return out


def year(term: object) -> int | None:
    text = str(term) if term is not None else ""
    return int(text[:4]) if text[:4].isdigit() else None


def rules(d: Data) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()

    def add(rule: str, nodes: Iterable[object]) -> None:
        found.update((rule, str(n)) for n in nodes)

    initiatives, goals = d.of("Initiative"), d.of("Goal")
    local_plans, common_plans = d.of("LocalActionPlan"), d.of("CommonActionPlan")
    reverse: dict[object, set[object]] = defaultdict(set)
    for s, os in d.supports.items():
        for o in os:
            reverse[o].add(s)

    add("orphan-initiative", (i for i in initiatives if not d.supports.get(i)))

    traced = reach(reverse, (n for n, lvl in d.level.items() if lvl == 1))
    add("untraced-to-strategy", (g for g in goals if g not in traced))
    add("untraced-to-strategy", (i for i in initiatives if d.supports.get(i) and i not in traced))

    add(
        "local-plan-not-supporting-common-plan",
        (
            p
            for p in local_plans
            if not any(d.is_a(t, "CommonActionPlan") for t in d.supports.get(p, ()))
        ),
    )

    for plan in local_plans:
        commons = [t for t in d.supports.get(plan, ()) if d.is_a(t, "CommonActionPlan")]
        if not commons:
            continue
        elements = [
            e for e in d.members.get(plan, ()) if d.is_a(e, "Goal") or d.is_a(e, "Initiative")
        ]
        reached = {
            c
            for t in reach(d.supports, elements)
            if d.is_a(t, "Goal") or d.is_a(t, "Initiative")
            for c in d.part_of.get(t, ())
        }
        if any(c not in reached for c in commons):
            found.add(("hollow-local-plan", str(plan)))

    start, end = d.value["startDate"], d.value["endDate"]
    for plan in local_plans:
        for common in d.supports.get(plan, ()):
            if (
                d.is_a(common, "CommonActionPlan")
                and all(k in v for k in (plan, common) for v in (start, end))
                and (str(end[plan]) < str(start[common]) or str(end[common]) < str(start[plan]))
            ):
                found.add(("support-period-mismatch", str(plan)))

    supported = reach(d.supports, initiatives)
    add("goal-without-initiative", (g for g in goals if g not in supported))

    by_common = reach(d.supports, d.of("CommonGoal"))
    for area in d.of("FocusArea"):
        parts = [m for m in d.members.get(area, ()) if d.is_a(m, "StrategicGoal")]
        if area not in by_common and not by_common.intersection(parts):
            found.add(("focus-area-without-goal", str(area)))

    for name in LINKS:
        for s, os in d.link[name].items():
            if any(isinstance(o, Literal) or o not in d.types for o in os):
                found.add(("dangling-reference", str(s)))

    for s, os in d.supports.items():
        for o in os:
            lo, hi = d.level.get(s), d.level.get(o)
            if lo is not None and hi is not None and lo < hi:
                found.add(("invalid-support-direction", str(s)))

    add("support-cycle", cycles(d.supports))

    decision_rule = ("responsible", "businessCase", "funding", "priority")
    for i in d.of("CommonInitiative"):
        for plan in d.part_of.get(i, ()):
            if d.is_a(plan, "CommonActionPlan") and not d.is_a(plan, "TransitionActionPlan"):
                has = set(d.has.get(i, ()))
                if not any(not isinstance(o, Literal) for o in d.link["responsible"].get(i, ())):
                    has.discard("responsible")
                if any(k not in has for k in decision_rule):
                    found.add(("not-decision-ready", str(i)))

    ranks: dict[tuple[object, int], list[object]] = defaultdict(list)
    for i in initiatives:
        priority = d.value["priority"].get(i)
        if priority is not None:
            for plan in d.part_of.get(i, ()):
                ranks[(plan, int(priority))].append(i)
    for same in ranks.values():
        if len(set(same)) > 1:
            add("priority-conflict", same)

    def outside(node: object, container: object, early_ok: bool = False) -> bool:
        s, e = start.get(node), end.get(node)
        ps, pe = start.get(container), end.get(container)
        s, e, ps, pe = (None if v is None else str(v) for v in (s, e, ps, pe))
        return bool(
            (s and ps and s < ps and not early_ok)
            or (s and pe and s > pe)
            or (e and ps and e < ps)
            or (e and pe and e > pe)
        )

    for node in (*goals, *initiatives):
        if any(d.is_a(p, "ActionPlan") and outside(node, p) for p in d.part_of.get(node, ())):
            found.add(("period-outside-plan", str(node)))
    for plan in common_plans:
        transition = d.is_a(plan, "TransitionActionPlan")
        if any(
            d.is_a(t, "ITStrategy") and outside(plan, t, transition)
            for t in d.supports.get(plan, ())
        ):
            found.add(("period-outside-plan", str(plan)))

    municipality_of = {u: ms for u, ms in d.unit_of.items()}
    owners = d.link["owner"]
    supported_by: dict[object, set[object]] = defaultdict(set)  # administration → common plans
    for plan in local_plans:
        for adm in owners.get(plan, ()):
            supported_by[adm].update(d.supports.get(plan, ()))
    plan_municipalities = {
        c: set().union(*(municipality_of.get(o, set()) for o in owners.get(c, ())))
        for c in common_plans
    }
    for adm in d.of("Administration"):
        mine = municipality_of.get(adm)
        for common in common_plans:
            if d.is_a(common, "TransitionActionPlan"):
                continue
            theirs = plan_municipalities[common]
            if mine and theirs and not (mine & theirs):
                continue
            if common not in supported_by.get(adm, ()):
                found.add(("missing-local-plan", str(adm)))

    entries: dict[object, list[tuple[int, object]]] = defaultdict(list)
    for entry in d.of("StatusEntry"):
        about, y = d.value["about"].get(entry), year(d.value["year"].get(entry))
        if about is not None and y is not None:
            entries[about].append((y, d.value["status"].get(entry)))
    finished = {KKT_STR["Completed"], KKT_STR["Cancelled"]}
    continued = {c for s, cs in d.link["continues"].items() for c in cs}
    continued_into: dict[object, set[object]] = defaultdict(set)
    for s, cs in d.link["continues"].items():
        for c in cs:
            continued_into[c].update(d.part_of.get(s, ()))
    successors: dict[object, set[object]] = defaultdict(set)
    for later, earlier in d.successor_of.items():
        for e in earlier:
            successors[e].add(later)
    for i in initiatives:
        for plan in d.part_of.get(i, ()):
            if not d.is_a(plan, "CommonActionPlan") or not successors.get(plan):
                continue
            if d.value["status"].get(i) in finished:
                continue
            history = entries.get(i, [])
            latest = max((y for y, _ in history), default=None)
            if any(y == latest and status in finished for y, status in history):
                continue
            if i in continued and successors[plan] & continued_into[i]:
                continue
            found.add(("dropped-without-decision", str(i)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--ontology", default=str(ONTOLOGY))
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    graph = rdflib.Dataset(default_union=True)
    for path in [Path(args.ontology), *files(args.paths)]:
        graph.parse(path, format=FORMATS.get(path.suffix, "turtle"))
    t1 = time.perf_counter()
    found = rules(Data(graph))
    t2 = time.perf_counter()
    findings = [{"rule": r, "focus": f} for r, f in sorted(found)]
    json.dump({"findings": findings}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    print(f"parse {t1 - t0:.2f} s, rules {t2 - t1:.2f} s, {len(graph)} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
