"""A fast SHACL Core engine: each (shape, constraint) compiled to SPARQL run on Oxigraph.

pySHACL evaluates every focus node in Python, which dominates ``kktrace check`` at national
scale. This engine reads the (small) shapes graph with rdflib, compiles each top-level
property shape with a simple IRI ``sh:path`` into one or two SELECT queries per constraint
and runs them on the model's store (union default graph, subclass types materialised, so
``?x a C`` is subclass-aware like pySHACL's ``sh:targetClass``/``sh:class``).

Where SHACL's meaning depends on a value's datatype (``sh:datatype``, ``sh:or`` of
datatypes, ``sh:minInclusive`` …, ``sh:lessThanOrEquals``, ``sh:pattern``), the distinct
values are fetched first and judged in Python with the same rules pySHACL applies to the
same rdflib terms (ill-typed literals, rdflib's comparison), then the focus nodes of the
failing values are fetched. Results therefore match pySHACL exactly; the tests compare
the two engines.

A shape that uses anything else (node shapes, complex paths, sh:node, sh:property,
SHACL-SPARQL, no sh:message …) is left to pySHACL: :func:`compile_shapes` returns it among
the unsupported shapes and :mod:`kktrace.rules.shacl.engine` validates those with pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from kktrace.model.store import Model

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

#: Shape predicates that only describe the shape (no effect on validation results).
_META = {
    RDF.type,
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    SH.path,
    SH.deactivated,
}
_CONSTRAINTS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH["in"],
    SH.uniqueLang,
    SH.minInclusive,
    SH.minExclusive,
    SH.maxInclusive,
    SH.maxExclusive,
    SH["or"],
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.lessThanOrEquals,
    SH.pattern,
    SH.flags,
}
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)

_NODE_KIND_OK = {
    SH.IRI: "isIRI(?v)",
    SH.BlankNode: "isBlank(?v)",
    SH.Literal: "isLiteral(?v)",
    SH.BlankNodeOrIRI: "!isLiteral(?v)",
    SH.BlankNodeOrLiteral: "!isIRI(?v)",
    SH.IRIOrLiteral: "!isBlank(?v)",
}


@dataclass
class Result:
    """One raw result: focus and value as Oxigraph terms (value None when not reported)."""

    focus: Any
    value: Any


@dataclass
class CompiledShape:
    """A supported shape: its identity, messages and the checks that find its results."""

    node: rdflib.term.Node
    shape: str
    path: str
    severity: str
    messages: dict[str, str]
    checks: list[Callable[[Model], Iterable[Result]]] = field(default_factory=list)


class _Unsupported(Exception):
    pass


def _sparql_term(term: rdflib.term.Node) -> str:
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    raise _Unsupported(f"term {term!r}")


def _ox_sparql(term: Any) -> str:
    return str(term)  # N-Triples syntax is valid SPARQL for IRIs and literals


def to_rdflib(term: Any) -> rdflib.term.Node:
    """Convert an Oxigraph term as pySHACL's Oxigraph data graph does."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language is not None:
        return rdflib.Literal(term.value, lang=term.language)
    dt = term.datatype
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt.value) if dt else None)


# -- pySHACL's value rules, on rdflib terms ----------------------------------------------


def _actual_datatype(value: Any, dt: rdflib.URIRef) -> bool:
    if dt in (XSD.string, RDF.langString):
        return isinstance(value, (str, bytes))
    if dt == XSD.integer:
        return isinstance(value, int)
    if dt == XSD.float:
        return isinstance(value, float)
    if dt == XSD.decimal:
        return isinstance(value, Decimal)
    if dt == XSD.boolean:
        return isinstance(value, bool)
    if dt == XSD.date:
        return isinstance(value, date)
    if dt == XSD.time:
        return isinstance(value, time)
    if dt == XSD.dateTime:
        return isinstance(value, datetime)
    return True


def _datatype_ok(v: rdflib.term.Node, dt: rdflib.URIRef) -> bool:
    if not isinstance(v, rdflib.Literal):
        return False
    if v.datatype == dt:
        if getattr(v, "ill_typed", None) is True:
            return False
        return _actual_datatype(v.value, dt)
    if v.datatype is None and v.language is None and dt == XSD.string:
        return _actual_datatype(v.value, dt)
    if dt == RDF.langString and v.language:
        return _actual_datatype(v.value, dt)
    return False


def _compare_literal(a: rdflib.Literal, b: rdflib.Literal) -> int:
    if a.eq(b):
        return 0
    if a.value.__class__ in (datetime, time):
        if a.value == b.value:
            return 0
        if a.value > b.value:
            return 1
    elif a > b:
        return 1
    return -1


def _range_ok(v: rdflib.term.Node, bound: rdflib.Literal, accept: Callable[[int], bool]) -> bool:
    if not isinstance(v, rdflib.Literal):
        return False
    bound_is_string = isinstance(bound.value, str)
    if bound_is_string != isinstance(v.value, str):
        return False
    try:
        return accept(_compare_literal(v, bound))
    except (TypeError, NotImplementedError):
        return False


def _ltoe_ok(v: rdflib.term.Node, o: rdflib.term.Node) -> bool:
    def plain(x: rdflib.term.Node) -> tuple[Any, bool]:
        if isinstance(x, rdflib.URIRef):
            return str(x), True
        if isinstance(x, rdflib.Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    pv, sv = plain(v)
    po, so = plain(o)
    if sv != so:
        return False
    return bool(pv <= po)


# -- compilation --------------------------------------------------------------------------


def _target_pattern(g: rdflib.Graph, s: rdflib.term.Node) -> tuple[str, rdflib.URIRef | None]:
    """The SPARQL group binding ?focus to the shape's focus nodes.

    Returns the pattern and, when the only target is ``sh:targetSubjectsOf P``, P (so
    value-based checks on path P need no target pattern).
    """
    parts = []
    subjects_of = None
    for t in g.objects(s, SH.targetClass):
        parts.append(f"{{ ?focus a {_sparql_term(t)} }}")
    for t in g.objects(s, SH.targetSubjectsOf):
        parts.append(f"{{ ?focus {_sparql_term(t)} [] }}")
        subjects_of = t
    for t in g.objects(s, SH.targetObjectsOf):
        parts.append(f"{{ [] {_sparql_term(t)} ?focus }}")
    for t in g.objects(s, SH.targetNode):
        parts.append(f"{{ VALUES ?focus {{ {_sparql_term(t)} }} }}")
    if len(parts) != 1:
        subjects_of = None
    if len(parts) == 1:
        return parts[0], subjects_of
    return "{ SELECT DISTINCT ?focus WHERE { " + " UNION ".join(parts) + " } }", None


def _single(g: rdflib.Graph, s: rdflib.term.Node, p: rdflib.URIRef) -> rdflib.term.Node:
    values = list(g.objects(s, p))
    if len(values) != 1:
        raise _Unsupported(f"{p} must have one value")
    return values[0]


def _int(g: rdflib.Graph, s: rdflib.term.Node, p: rdflib.URIRef) -> int:
    v = _single(g, s, p)
    if not isinstance(v, rdflib.Literal) or not isinstance(v.value, int):
        raise _Unsupported(f"{p} must be an integer")
    return int(v.value)


def _items(g: rdflib.Graph, head: rdflib.term.Node) -> list[rdflib.term.Node]:
    return list(Collection(g, head))


def _only(g: rdflib.Graph, node: rdflib.term.Node, allowed: set[rdflib.URIRef]) -> None:
    """A nested shape (blank node) may use only ``allowed`` predicates."""
    if not isinstance(node, rdflib.BNode):
        raise _Unsupported("nested shape must be a blank node")
    for p in g.predicates(node, None):
        if p not in allowed and p != RDF.type:
            raise _Unsupported(f"nested {p}")


def _value_rows(model: Model, query: str) -> list[tuple[Any, ...]]:
    result = model.query(query)
    return [tuple(row) for row in result]  # type: ignore[union-attr]


def _values_check(
    target: str, path: str, ok: Callable[[rdflib.term.Node], bool]
) -> Callable[[Model], Iterable[Result]]:
    """Results for every value node ``v`` at ``path`` with ``not ok(v)``, judged per value."""
    blank_ok = ok(rdflib.BNode("x"))

    def run(model: Model) -> Iterable[Result]:
        distinct = _value_rows(
            model,
            f"SELECT DISTINCT ?v WHERE {{ {target} ?focus {path} ?v . FILTER(!isBlank(?v)) }}",
        )
        bad = [v for (v,) in distinct if not ok(to_rdflib(v))]
        branches = []
        if bad:
            values = " ".join(_ox_sparql(v) for v in bad)
            branches.append(f"{{ VALUES ?v {{ {values} }} {target} ?focus {path} ?v . }}")
        if not blank_ok:
            branches.append(f"{{ {target} ?focus {path} ?v . FILTER(isBlank(?v)) }}")
        if not branches:
            return []
        q = f"SELECT DISTINCT ?focus ?v WHERE {{ {' UNION '.join(branches)} }}"
        return [Result(f, v) for f, v in _value_rows(model, q)]

    return run


def _query_check(query: str, with_value: bool) -> Callable[[Model], Iterable[Result]]:
    def run(model: Model) -> Iterable[Result]:
        rows = _value_rows(model, query)
        return [Result(r[0], r[1] if with_value else None) for r in rows]

    return run


def _compile(g: rdflib.Graph, s: rdflib.term.Node) -> CompiledShape:
    preds = set(g.predicates(s, None))
    for p in preds:
        if p in _META or p in _CONSTRAINTS:
            continue
        if str(p).startswith(str(SH)):
            raise _Unsupported(f"{p}")
    if (s, RDF.type, SH.NodeShape) in g or (s, RDF.type, RDFS.Class) in g:
        raise _Unsupported("node shape / implicit class target")
    deactivated = list(g.objects(s, SH.deactivated))
    if deactivated:
        raise _Unsupported("sh:deactivated")
    path_node = _single(g, s, SH.path)
    if not isinstance(path_node, rdflib.URIRef):
        raise _Unsupported("complex path")
    messages: dict[str, str] = {}
    for m in g.objects(s, SH.message):
        messages[getattr(m, "language", None) or ""] = str(m)
    if not messages:
        raise _Unsupported("no sh:message (pySHACL would generate one)")
    severities = list(g.objects(s, SH.severity))
    if len(severities) > 1:
        raise _Unsupported("several severities")
    severity = str(severities[0]) if severities else str(SH.Violation)

    target, subjects_of = _target_pattern(g, s)
    path = _sparql_term(path_node)
    # Value-based checks need no target when the target is "subjects of the path".
    vtarget = "" if subjects_of == path_node else target + " "
    out = CompiledShape(
        node=s,
        shape="" if isinstance(s, rdflib.BNode) else str(s),
        path=str(path_node),
        severity=severity,
        messages=messages,
    )
    add = out.checks.append

    def filter_check(condition_ok: str) -> None:
        add(
            _query_check(
                f"SELECT DISTINCT ?focus ?v WHERE {{ {vtarget}?focus {path} ?v . "
                f"FILTER(!({condition_ok})) }}",
                with_value=True,
            )
        )

    for cls in g.objects(s, SH["class"]):
        add(
            _query_check(
                f"SELECT DISTINCT ?focus ?v WHERE {{ {vtarget}?focus {path} ?v . "
                f"FILTER NOT EXISTS {{ ?v a {_sparql_term(cls)} }} }}",
                with_value=True,
            )
        )
    for kind in g.objects(s, SH.nodeKind):
        if kind not in _NODE_KIND_OK:
            raise _Unsupported(f"nodeKind {kind}")
        filter_check(_NODE_KIND_OK[kind])
    for dt in g.objects(s, SH.datatype):
        if dt in (RDFS.Literal, RDFS.Datatype) or not isinstance(dt, rdflib.URIRef):
            raise _Unsupported("special datatype")
        add(_values_check(vtarget, path, lambda v, dt=dt: _datatype_ok(v, dt)))
    for head in g.objects(s, SH["or"]):
        dts = []
        for member in _items(g, head):
            _only(g, member, {SH.datatype})
            dt = _single(g, member, SH.datatype)
            if dt in (RDFS.Literal, RDFS.Datatype) or not isinstance(dt, rdflib.URIRef):
                raise _Unsupported("special datatype")
            dts.append(dt)
        add(
            _values_check(
                vtarget, path, lambda v, dts=tuple(dts): any(_datatype_ok(v, d) for d in dts)
            )
        )
    for head in g.objects(s, SH["in"]):
        members = _items(g, head)
        if not all(isinstance(m, rdflib.URIRef) for m in members):
            raise _Unsupported("sh:in with literals")
        ok = " || ".join(f"sameTerm(?v, {_sparql_term(m)})" for m in members) or "false"
        filter_check(ok)
    for prop, accept in (
        (SH.minInclusive, lambda c: c >= 0),
        (SH.minExclusive, lambda c: c > 0),
        (SH.maxInclusive, lambda c: c <= 0),
        (SH.maxExclusive, lambda c: c < 0),
    ):
        for bound in g.objects(s, prop):
            if not isinstance(bound, rdflib.Literal):
                raise _Unsupported("range bound")
            add(_values_check(vtarget, path, lambda v, b=bound, a=accept: _range_ok(v, b, a)))
    if SH.pattern in preds:
        pattern = str(_single(g, s, SH.pattern))
        flags_lit = list(g.objects(s, SH.flags))
        flags = 0
        for ch in str(flags_lit[0]) if flags_lit else "":
            flags |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(
                ch, 0
            )
        rx = re.compile(pattern, flags)
        add(
            _values_check(
                vtarget,
                path,
                lambda v: not isinstance(v, rdflib.BNode) and bool(rx.search(str(v))),
            )
        )
    if SH.minCount in preds:
        n = _int(g, s, SH.minCount)
        if n > 0:
            add(
                _query_check(
                    f"SELECT ?focus WHERE {{ {target} OPTIONAL {{ ?focus {path} ?v }} }} "
                    f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {n})",
                    with_value=False,
                )
            )
    if SH.maxCount in preds:
        n = _int(g, s, SH.maxCount)
        add(
            _query_check(
                f"SELECT ?focus WHERE {{ {vtarget}?focus {path} ?v }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {n})",
                with_value=False,
            )
        )
    if SH.uniqueLang in preds:
        flag = _single(g, s, SH.uniqueLang)
        if not isinstance(flag, rdflib.Literal) or not isinstance(flag.value, bool):
            raise _Unsupported("uniqueLang value")
        if flag.value:
            add(
                _query_check(
                    f"SELECT DISTINCT ?focus WHERE {{ {vtarget}?focus {path} ?a . "
                    f"?focus {path} ?b . FILTER(isLiteral(?a) && isLiteral(?b) && "
                    'LANG(?a) != "" && !sameTerm(?a, ?b) && '
                    "LCASE(LANG(?a)) = LCASE(LANG(?b))) }",
                    with_value=False,
                )
            )
    if SH.qualifiedValueShape in preds:
        qshape = _single(g, s, SH.qualifiedValueShape)
        _only(g, qshape, {SH.languageIn})
        langs = []
        for lit in _items(g, _single(g, qshape, SH.languageIn)):
            if not isinstance(lit, rdflib.Literal) or not isinstance(lit.value, str):
                raise _Unsupported("languageIn value")
            langs.append(str(lit.value).lower())
        if "*" in langs:
            cond = 'LANG(?v) != ""'
        else:
            wanted = ", ".join(rdflib.Literal(x).n3() for x in sorted(set(langs)))
            cond = (
                f'LANG(?v) != "" && (LCASE(LANG(?v)) IN ({wanted}) || '
                f'LCASE(STRBEFORE(CONCAT(LANG(?v), "-"), "-")) IN ({wanted}))'
            )
        match = f"OPTIONAL {{ ?focus {path} ?v . FILTER(isLiteral(?v) && {cond}) }}"
        if SH.qualifiedMinCount in preds:
            n = _int(g, s, SH.qualifiedMinCount)
            add(
                _query_check(
                    f"SELECT ?focus WHERE {{ {target} {match} }} "
                    f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {n})",
                    with_value=False,
                )
            )
        if SH.qualifiedMaxCount in preds:
            n = _int(g, s, SH.qualifiedMaxCount)
            add(
                _query_check(
                    f"SELECT ?focus WHERE {{ {target} {match} }} "
                    f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {n})",
                    with_value=False,
                )
            )
    elif SH.qualifiedMinCount in preds or SH.qualifiedMaxCount in preds:
        raise _Unsupported("qualified count without shape")
    for other in g.objects(s, SH.lessThanOrEquals):
        if not isinstance(other, rdflib.URIRef):
            raise _Unsupported("lessThanOrEquals")
        add(_pair_check(vtarget, path, _sparql_term(other)))
    if not out.checks:
        raise _Unsupported("no supported constraint")
    return out


def _pair_check(target: str, path: str, other: str) -> Callable[[Model], Iterable[Result]]:
    def run(model: Model) -> Iterable[Result]:
        pairs = _value_rows(
            model,
            f"SELECT DISTINCT ?v ?o WHERE {{ {target}?focus {path} ?v . ?focus {other} ?o }}",
        )
        bad = []
        for v, o in pairs:
            if isinstance(v, ox.BlankNode) or isinstance(o, ox.BlankNode):
                raise ValueError("Cannot use sh:lessThanOrEquals to compare a blank node.")
            if not _ltoe_ok(to_rdflib(v), to_rdflib(o)):
                bad.append(f"({_ox_sparql(v)} {_ox_sparql(o)})")
        if not bad:
            return []
        q = (
            f"SELECT DISTINCT ?focus ?v WHERE {{ VALUES (?v ?o) {{ {' '.join(bad)} }} "
            f"{target}?focus {path} ?v . ?focus {other} ?o }}"
        )
        return [Result(f, v) for f, v in _value_rows(model, q)]

    return run


def shape_nodes(g: rdflib.Graph) -> list[rdflib.term.Node]:
    """The shapes that have targets (the ones validation starts from), sorted."""
    nodes = {s for t in _TARGETS for s in g.subjects(t, None)}
    nodes |= {s for s in g.subjects(RDF.type, SH.NodeShape) if (s, RDF.type, RDFS.Class) in g}
    return sorted(nodes, key=str)


def compile_shapes(
    g: rdflib.Graph,
) -> tuple[list[CompiledShape], list[rdflib.term.Node]]:
    """Split the shapes with targets into compiled ones and those left to pySHACL."""
    compiled, unsupported = [], []
    for s in shape_nodes(g):
        try:
            compiled.append(_compile(g, s))
        except _Unsupported:
            unsupported.append(s)
    return compiled, unsupported


def fallback_graph(g: rdflib.Graph, compiled: list[CompiledShape]) -> rdflib.Graph:
    """The shapes graph with the targets of ``compiled`` shapes removed (for pySHACL)."""
    done = {c.node for c in compiled}
    out = rdflib.Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    for s, p, o in g:
        if s in done and p in _TARGETS:
            continue
        out.add((s, p, o))
    return out


def run_shapes(model: Model, compiled: list[CompiledShape]) -> list[tuple[CompiledShape, Result]]:
    """Run every compiled check: (shape, result) pairs, unsorted."""
    out = []
    for shape in compiled:
        for check in shape.checks:
            for r in check(model):
                out.append((shape, r))
    return out


def term_text(term: Any) -> str:
    """A focus/value as :class:`kktrace.rules.shacl.engine.Violation` shows it ("" for blank nodes)."""
    if term is None or isinstance(term, ox.BlankNode):
        return ""
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(to_rdflib(term))
