"""The fair naive baseline: rdflib's parser, then every rule of ``kktrace check`` as plain Python.

Usage::

    python benchmarks/naive_python.py PATH [PATH …] [--ontology FILE] [--no-shapes]

What a capable engineer would write without kktrace and without a SPARQL engine: parse every
RDF file under the given paths with ``rdflib.Dataset.parse`` and the kktrace ontology with
``rdflib.Graph.parse``, build dicts and sets of the few predicates the rules need (one pass
over the triples), close the class hierarchy (``rdfs:subClassOf`` from the ontology and the
data), and compute each rule of DESIGN §3 (and ``missing-status``) with loops, set
operations and breadth-first searches. No SPARQL, no NetworkX, no pySHACL.

``shape-violation``: the shapes of ``ontology/shapes.ttl`` hand-coded as Python checks over
the same dicts (:func:`shape_violations`), with SHACL's meaning where it matters: targets
and ``sh:class`` through ``rdf:type/rdfs:subClassOf*`` on the data's own types, value
checks on the literals as the files wrote them (rdflib keeps ``"2"^^xsd:int`` as written),
``sh:datatype`` = the same datatype IRI and a valid lexical form. Like ``kktrace check`` it
leaves out a wrong-class result on a link whose target has no ``rdf:type`` at all: that is
a ``dangling-reference``, reported once under that rule. ``--no-shapes`` leaves the shapes
out (the earlier baseline, which did less work than ``kktrace check``).

Prints ``{"findings": [{"rule": …, "focus": …}, …]}`` sorted by (rule, focus), one entry per
(rule, focus) pair, to compare with ``kktrace check --format json``; ``shape-violation``
entries also carry their ``severity``. Timings go to stderr. The reading of literals
follows docs/checks.md: a literal where a link belongs names nothing, so it is a dangling
reference and counts as no link.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, XSD, Literal, URIRef

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
        "StatusEntry StatusReport Completed Cancelled Approved InProgress"
    ).split()
}
SINGLE = ("startDate", "endDate", "status", "year", "about", "decision")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
#: The paths of ontology/shapes.ttl: predicate → key of ``Data.shape_values``.
SHAPE_PATHS = {
    **{
        KKT[k]: k
        for k in (
            "partOf owner responsible businessCase funding decision decidedBy reportedTo "
            "successorOf continues about status priority startDate endDate date year budget "
            "confidence"
        ).split()
    },
    RDFS.label: "label",
    DCTERMS.source: "source",
    PROV.specializationOf: "specializationOf",
    PROV.wasRevisionOf: "wasRevisionOf",
}


def files(paths: Iterable[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix in FORMATS)
        else:
            out.append(p)
    return out


class Data:
    """Plain dicts and sets of what the rules read, built in one pass over the triples.

    ``types`` holds the ``rdf:type`` triples of the data, ``onto_types`` those of the
    ontology: the rules see both (like a query on the union graph), the shapes only the
    data's own (SHACL validates the data graph).
    """

    def __init__(
        self,
        graph: rdflib.Graph | rdflib.Dataset,
        ontology: rdflib.Graph | None = None,
        shapes: bool = True,
    ) -> None:
        self.types: dict[object, set[object]] = defaultdict(set)
        self.onto_types: dict[object, set[object]] = defaultdict(set)
        self.sub: dict[object, set[object]] = defaultdict(set)
        self.link: dict[str, dict[object, set[object]]] = {k: defaultdict(set) for k in LINKS}
        self.value: dict[str, dict[object, object]] = {k: {} for k in SINGLE}
        self.has: dict[object, set[str]] = defaultdict(set)
        self.unit_of: dict[object, set[object]] = defaultdict(set)
        self.successor_of: dict[object, set[object]] = defaultdict(set)
        self.class_level: dict[object, int] = {}
        self.priorities: dict[object, set[object]] = defaultdict(set)
        #: every value of the shapes' paths, as written (rdflib terms), data only
        self.shape_values: dict[str, dict[str, list[object]]] = {
            k: defaultdict(list) for k in SHAPE_PATHS.values()
        }
        if ontology is not None:
            self._read(ontology, data=False, shapes=False)
        self._read(graph, data=True, shapes=shapes)
        self._closure: dict[object, frozenset[object]] = {}
        #: SHACL's instances: the data's types closed under rdfs:subClassOf
        self.data_classes: dict[object, frozenset[object]] = {
            node: frozenset().union(*(self.supers(c) for c in ts))
            for node, ts in self.types.items()
        }
        self.classes: dict[object, frozenset[object]] = dict(self.data_classes)
        for node, ts in self.onto_types.items():
            self.classes[node] = self.classes.get(node, frozenset()).union(
                *(self.supers(c) for c in ts)
            )
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

    def _read(self, graph: rdflib.Graph | rdflib.Dataset, data: bool, shapes: bool) -> None:
        names = {KKT[k]: k for k in (*LINKS, *SINGLE, "businessCase", "funding")}
        types = self.types if data else self.onto_types
        shape_paths = SHAPE_PATHS if shapes else {}
        shape_values = self.shape_values
        for s, p, o in graph.triples((None, None, None)):
            if p in shape_paths:
                shape_values[shape_paths[p]][str(s)].append(o)
            # plain strings hash and compare faster than rdflib terms; literals stay terms
            s = str(s)
            if not isinstance(o, Literal):
                o = str(o)
            if p == RDF.type:
                types[s].add(o)
            elif p == RDFS.subClassOf:
                self.sub[s].add(o)
            elif p == ORG.unitOf:
                self.unit_of[s].add(o)
            elif p == KKT.successorOf:
                self.successor_of[s].add(o)
            elif p == KKT.priority:
                self.priorities[s].add(o)
                self.has[s].add("priority")
            elif p == KKT.level:
                self.class_level[s] = int(o)  # type: ignore[arg-type]
            elif p in names:
                name = names[p]
                self.has[s].add(name)
                if name in self.link:
                    self.link[name][s].add(o)
                elif name in self.value:
                    self.value[name][s] = o

    def typed(self, node: object) -> bool:
        """Has ``node`` an ``rdf:type`` anywhere (data or ontology)?"""
        return node in self.types or node in self.onto_types

    def instances(self, cls: str) -> list[object]:
        """SHACL's instances of ``cls`` (``sh:targetClass``): typed so by the data."""
        return [n for n in self.by_class.get(cls, ()) if cls in self.data_classes.get(n, ())]

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


def as_integer(term: object) -> int | None:
    """SPARQL's ``xsd:integer(term)``: a number truncated, a string of digits read."""
    value = term.value if isinstance(term, Literal) else None
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        return int(value)
    try:
        return int(str(term).strip())
    except ValueError:
        return None


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
            if any(isinstance(o, Literal) or not d.typed(o) for o in os):
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
        for priority in d.priorities.get(i, ()):
            rank = as_integer(priority)
            if rank is not None:
                for plan in d.part_of.get(i, ()):
                    ranks[(plan, rank)].append(i)
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
            if not d.is_a(plan, "ActionPlan") or not successors.get(plan):
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

    # missing-status: a year Y that has status data; an initiative whose period covers Y,
    # approved or in progress as last known before Y, without an entry for Y
    years = {
        y
        for node, v in d.value["year"].items()
        if (d.is_a(node, "StatusReport") or d.is_a(node, "StatusEntry"))
        and (y := year(v)) is not None
    }
    going = {KKT_STR["Approved"], KKT_STR["InProgress"]}
    for i in initiatives if years else ():
        history = entries.get(i, [])
        plans = [p for p in d.part_of.get(i, ()) if d.is_a(p, "ActionPlan")] or [None]
        for plan in plans:
            s, e = start.get(i, start.get(plan)), end.get(i, end.get(plan))
            if s is None and e is None:
                continue
            lo, hi = year(s) or 0, year(e) or 9999
            for y in sorted(years):
                if not lo <= y <= hi or any(ey == y for ey, _ in history):
                    continue
                last = max((ey for ey, _ in history if ey < y), default=None)
                known = {st for ey, st in history if ey == last and st is not None}
                if not known:
                    known = {d.value["status"].get(i)}
                if known & going:
                    found.add(("missing-status", str(i)))

    if not d.of("ActionPlan") and not initiatives:
        found.add(("empty-model", KKT_STR["ActionPlan"]))
    return found


# -- the SHACL shapes of ontology/shapes.ttl, by hand ----------------------------------------

K = str(KKT)
#: kkts:*PartOfShape: sh:targetClass X ; sh:path kkt:partOf ; sh:nodeKind sh:BlankNodeOrIRI ;
#: sh:class Y.
CONTAINERS = {
    K + "FocusArea": K + "ITStrategy",
    K + "StrategicGoal": K + "FocusArea",
    K + "CommonGoal": K + "CommonActionPlan",
    K + "LocalGoal": K + "LocalActionPlan",
    K + "CommonInitiative": K + "CommonActionPlan",
    K + "LocalInitiative": K + "LocalActionPlan",
    K + "StatusEntry": K + "StatusReport",
}
#: sh:targetSubjectsOf P ; sh:path P ; sh:class C (and sh:nodeKind sh:BlankNodeOrIRI?).
LINK_CLASSES = {
    "owner": (str(ORG.Organization), True),
    "responsible": (str(ORG.Organization), True),
    "businessCase": (K + "BusinessCase", False),
    "funding": (K + "FundingAgreement", False),
    "decision": (K + "Decision", False),
    "decidedBy": (K + "Committee", False),
    "reportedTo": (K + "Committee", False),
    "successorOf": (K + "ActionPlan", False),
    "continues": (K + "Initiative", True),
    "about": (K + "Initiative", False),
}
#: The links the rule dangling-reference covers: a target with no rdf:type at all is reported
#: there, not again as "not of the right class" (as kktrace check does).
DANGLING = {"supports", "partOf", "owner", "responsible", "continues"}
STATUSES = {K + s for s in ("Proposed", "Approved", "InProgress", "Completed", "Cancelled")}
STATUSES.add(K + "Postponed")
LABELLED = [
    K + c
    for c in (
        "ITStrategy FocusArea StrategicGoal ActionPlan Goal Initiative Municipality "
        "Administration Forum Committee"
    ).split()
]
ONE_LABEL_PER_LANGUAGE = LABELLED + [
    K + c for c in "BusinessCase FundingAgreement Decision StatusReport StatusEntry".split()
]
NUMBER = (int, float, Decimal)


def typed_as(v: object, datatype: URIRef, python: type | tuple[type, ...] | None = None) -> bool:
    """sh:datatype: a literal of exactly that datatype with a valid lexical form."""
    return (
        isinstance(v, Literal)
        and v.datatype == datatype
        and v.ill_typed is not True
        and (python is None or isinstance(v.value, python))
    )


def number(v: object) -> int | float | Decimal | None:
    x = v.value if isinstance(v, Literal) else None
    return x if isinstance(x, NUMBER) and not isinstance(x, bool) else None


def not_after(a: object, b: object) -> bool:
    """sh:lessThanOrEquals for one pair of values: comparable and a ≤ b."""
    if not (isinstance(a, Literal) and isinstance(b, Literal)):
        return False
    x, y = a.value, b.value
    if number(a) is not None and number(b) is not None:
        return x <= y  # type: ignore[operator]
    if x is None or type(x) is not type(y):
        return False
    try:
        return bool(x <= y)
    except TypeError:
        return False


def language(v: object) -> str:
    return v.language.lower() if isinstance(v, Literal) and v.language else ""


def shape_violations(d: Data) -> set[str]:
    """The focus nodes that break a shape of ontology/shapes.ttl (all are sh:Violation)."""
    bad: set[str] = set()
    values = d.shape_values

    def instance(v: object, cls: str) -> bool:
        return not isinstance(v, Literal) and cls in d.data_classes.get(str(v), ())

    def link_ok(path: str, v: object, cls: str, node_kind: bool) -> bool:
        if node_kind and isinstance(v, Literal):
            return False
        if instance(v, cls):
            return True
        return path in DANGLING and isinstance(v, URIRef) and not d.typed(str(v))

    part_of = values["partOf"]
    for cls, container in CONTAINERS.items():
        for node in d.instances(cls):
            if any(not link_ok("partOf", v, container, True) for v in part_of.get(node, ())):
                bad.add(node)
    for path, (cls, node_kind) in LINK_CLASSES.items():
        for node, vs in values[path].items():
            if any(not link_ok(path, v, cls, node_kind) for v in vs):
                bad.add(node)
    for node, vs in values["status"].items():
        if any(not isinstance(v, URIRef) or str(v) not in STATUSES for v in vs):
            bad.add(node)

    # literal values, judged as written
    for node, vs in values["priority"].items():
        if len(set(vs)) > 1 or not all(
            (typed_as(v, XSD.positiveInteger, int) or typed_as(v, XSD.integer, int))
            and (n := number(v)) is not None
            and n >= 1
            for v in vs
        ):
            bad.add(node)
    for key in ("startDate", "endDate", "date"):
        for node, vs in values[key].items():
            if len(set(vs)) > 1 or not all(typed_as(v, XSD.date, date) for v in vs):
                bad.add(node)
    for node, vs in values["year"].items():
        if len(set(vs)) > 1 or not all(typed_as(v, XSD.gYear) for v in vs):
            bad.add(node)
    for node, vs in values["budget"].items():
        if not all(typed_as(v, XSD.decimal, Decimal) or typed_as(v, XSD.integer, int) for v in vs):
            bad.add(node)
    ends = values["endDate"]
    for node, starts in values["startDate"].items():
        if any(not not_after(s, e) for s in starts for e in ends.get(node, ())):
            bad.add(node)

    # labels: one Danish label at least, at most one per language
    labels = values["label"]
    for node in {n for c in LABELLED for n in d.instances(c)}:
        if not any(
            (lang := language(v)) == "da" or lang.startswith("da-") for v in labels.get(node, ())
        ):
            bad.add(node)
    for node in {n for c in ONE_LABEL_PER_LANGUAGE for n in d.instances(c)}:
        langs = [lang for v in set(labels.get(node, ())) if (lang := language(v))]
        if len(langs) != len(set(langs)):
            bad.add(node)

    # provenance and plan versions
    for node in d.instances(K + "Evidence"):
        sources = values["source"].get(node, ())
        if not sources or not all(
            isinstance(v, URIRef) and instance(v, K + "Source") for v in sources
        ):
            bad.add(node)
        confidence = values["confidence"].get(node, ())
        if len(set(confidence)) > 1 or not all(
            typed_as(v, XSD.decimal, Decimal) and 0 <= number(v) <= 1  # type: ignore[operator]
            for v in confidence
        ):
            bad.add(node)
    for node in d.instances(K + "PlanVersion"):
        plans = set(values["specializationOf"].get(node, ()))
        if len(plans) != 1 or not all(instance(v, K + "ActionPlan") for v in plans):
            bad.add(node)
        if not all(instance(v, K + "PlanVersion") for v in values["wasRevisionOf"].get(node, ())):
            bad.add(node)
    return bad


def parse(
    paths: Iterable[str | Path], ontology: str | Path = ONTOLOGY
) -> tuple[rdflib.Dataset, rdflib.Graph]:
    """The data files (every graph, as a union) and the ontology, parsed by rdflib."""
    onto = rdflib.Graph()
    onto.parse(ontology, format=FORMATS.get(Path(ontology).suffix, "turtle"))
    graph = rdflib.Dataset(default_union=True)
    for path in files(str(p) for p in paths):
        graph.parse(path, format=FORMATS.get(path.suffix, "turtle"))
    return graph, onto


def findings_of(
    graph: rdflib.Dataset, ontology: rdflib.Graph, shapes: bool = True
) -> set[tuple[str, str]]:
    """Every (rule, focus) pair; ``shape-violation`` only with ``shapes``."""
    data = Data(graph, ontology, shapes=shapes)
    found = rules(data)
    if shapes:
        found |= {("shape-violation", node) for node in shape_violations(data)}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--ontology", default=str(ONTOLOGY))
    parser.add_argument(
        "--no-shapes",
        action="store_true",
        help="leave out shape-violation (the earlier baseline: less work than kktrace check)",
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    graph, ontology = parse(args.paths, args.ontology)
    t1 = time.perf_counter()
    found = findings_of(graph, ontology, shapes=not args.no_shapes)
    t2 = time.perf_counter()
    findings: list[dict[str, str]] = [
        {"rule": r, "focus": f} | ({"severity": "error"} if r == "shape-violation" else {})
        for r, f in sorted(found)
    ]
    json.dump({"findings": findings}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    print(
        f"parse {t1 - t0:.2f} s, rules {t2 - t1:.2f} s, {len(graph)} triples"
        + (" (no shapes)" if args.no_shapes else ""),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
