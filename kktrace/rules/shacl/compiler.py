"""A fast SHACL Core engine: each (shape, constraint) compiled to SPARQL run on Oxigraph.

pySHACL evaluates every focus node in Python, which dominates ``kktrace check`` at national
scale. This engine reads the (small) shapes graph with rdflib, compiles each top-level
property shape with a simple IRI ``sh:path`` into one or two SELECT queries per constraint
and runs them on the model's store.

SHACL validates the data as written: targets and paths see only the user's graphs (the
files' default and named graphs, :attr:`~kktrace.model.store.Model.data_graphs`), never
the ontology's own terms or the inferred types, so ``sh:path rdf:type`` and
``sh:targetSubjectsOf rdfs:label`` answer on the data. Only SHACL's class semantics
(``sh:targetClass``, ``sh:class``: ``rdf:type/rdfs:subClassOf*``) also use the types the
``rdfs:subClassOf`` hierarchy of the data and the ontology implies (the materialised
inferred graph), as pySHACL does with the ontology's ``rdfs:subClassOf`` in its data graph.

Literals are judged as the files wrote them: the store keeps integer subtypes as
``xsd:integer`` (MEASURED.md), so a value whose stored form is an integer or a dateTime is
looked up in :attr:`~kktrace.model.store.Model.written` and each written form is judged.

Where SHACL's meaning depends on a value's datatype (``sh:datatype``, ``sh:or`` of
datatypes, ``sh:minInclusive`` …, ``sh:lessThanOrEquals``, ``sh:pattern``), the distinct
values are fetched first and judged by pySHACL's own constraint component (imported from
:mod:`pyshacl.constraints`, built on pySHACL's own shapes graph, its ``evaluate`` run on the
one value), then the focus nodes of the failing values are fetched. Results therefore
match pySHACL exactly; the tests compare the two engines.

Each constraint parameter has one handler in :data:`HANDLERS` (parameter → function adding
the checks of that constraint component to the shape); a shape using a parameter with no
handler is left to pySHACL.

A shape that uses anything else (node shapes, complex paths, sh:node, sh:property,
SHACL-SPARQL, no sh:message …) is left to pySHACL: :func:`compile_shapes` returns it among
the unsupported shapes and :mod:`kktrace.rules.shacl.engine` validates those with pySHACL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rdflib
from pyshacl.consts import SH
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from kktrace.model.namespaces import INFERRED_GRAPH
from kktrace.rules.shacl.checks import (
    CompiledShape,
    JudgeSpec,
    Result,
    Spec,
    pyshacl_judge,
    run_shapes,
    term_text,
    to_rdflib,
    unique_lang_query,
)
from kktrace.rules.shacl.checks import _freeze as _frozen

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
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)

_NODE_KIND_OK: dict[rdflib.term.Node, str] = {
    SH.IRI: "isIRI(?v)",
    SH.BlankNode: "isBlank(?v)",
    SH.Literal: "isLiteral(?v)",
    SH.BlankNodeOrIRI: "!isLiteral(?v)",
    SH.BlankNodeOrLiteral: "!isIRI(?v)",
    SH.IRIOrLiteral: "!isBlank(?v)",
}


class _Unsupported(Exception):
    pass


def _sparql_term(term: rdflib.term.Node) -> str:
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    raise _Unsupported(f"term {term!r}")


def _json_term(term: rdflib.term.Node) -> dict[str, str]:
    """A shape's IRI or literal as :mod:`.checks` stores it (``bundled.json``)."""
    if isinstance(term, rdflib.URIRef):
        return {"iri": str(term)}
    if isinstance(term, rdflib.Literal):
        if term.language:
            return {"lex": str(term), "lang": term.language}
        return {"lex": str(term), "dt": str(term.datatype or XSD.string)}
    raise _Unsupported(f"term {term!r}")


def _judge_spec(
    g: rdflib.Graph, node: rdflib.term.Node, param: rdflib.URIRef, values: list[Any] | None = None
) -> JudgeSpec:
    """The judge of ``param`` on shape ``node`` as data; pySHACL's constraint component is
    built once here, so a shape pySHACL refuses is left to pySHACL (which reports it)."""
    spec: JudgeSpec = {
        "param": str(param),
        "values": [
            _json_term(v) for v in (values if values is not None else g.objects(node, param))
        ],
    }
    if param == SH.pattern:
        spec["flags"] = [_json_term(f) for f in g.objects(node, SH.flags)]
    try:
        pyshacl_judge(_frozen(spec))
    except Exception as exc:  # pySHACL refuses the shape: let it report that itself
        raise _Unsupported(f"{param}: {exc}") from None
    return spec


# -- compilation --------------------------------------------------------------------------


def _target_pattern(g: rdflib.Graph, s: rdflib.term.Node) -> tuple[str, rdflib.term.Node | None]:
    """The SPARQL group binding ?focus to the shape's focus nodes.

    Returns the pattern and, when the only target is ``sh:targetSubjectsOf P``, P (so
    value-based checks on path P need no target pattern).
    """
    parts = []
    subjects_of = None
    classes = sorted(_sparql_term(t) for t in g.objects(s, SH.targetClass))
    if len(classes) == 1:
        parts.append(_instance("?focus", classes[0]))
    elif classes:
        # One VALUES over the classes, not a UNION branch per class: the branches each
        # scan the type index (15 classes made one shape cost 0.4 s at 98 municipalities).
        parts.append(_instances("?focus", classes))
    for t in g.objects(s, SH.targetSubjectsOf):
        parts.append(f"{{ ?focus {_sparql_term(t)} [] }}")
        subjects_of = t
    for t in g.objects(s, SH.targetObjectsOf):
        parts.append(f"{{ [] {_sparql_term(t)} ?focus }}")
    for t in g.objects(s, SH.targetNode):
        parts.append(f"{{ VALUES ?focus {{ {_sparql_term(t)} }} }}")
    if len(parts) != 1:
        subjects_of = None
    if len(parts) == 1 and len(classes) <= 1:
        return parts[0], subjects_of
    if len(parts) == 1:
        return "{ SELECT DISTINCT ?focus WHERE { " + parts[0] + " } }", None
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


def _instance(var: str, cls: str) -> str:
    """``var`` is a SHACL instance of ``cls``: an asserted type, or one the subclass
    hierarchy implies for a node the data types (the inferred graph)."""
    return f"{{ {{ {var} a {cls} }} UNION {{ GRAPH <{INFERRED_GRAPH}> {{ {var} a {cls} }} }} }}"


def _instances(var: str, classes: list[str]) -> str:
    """``var`` is a SHACL instance of any of ``classes`` (see :func:`_instance`)."""
    values = f"VALUES ?kktraceTargetClass {{ {' '.join(classes)} }}"
    return (
        f"{{ {{ {values} {var} a ?kktraceTargetClass }} UNION "
        f"{{ GRAPH <{INFERRED_GRAPH}> {{ {values} {var} a ?kktraceTargetClass }} }} }}"
    )


@dataclass
class _Shape:
    """What a handler needs to compile one constraint component of one property shape."""

    g: rdflib.Graph
    node: rdflib.term.Node
    preds: set[rdflib.term.Node]
    target: str
    vtarget: str
    path: str
    out: CompiledShape

    def add(self, spec: Spec) -> None:
        self.out.add(spec)

    def query(self, query: str, with_value: bool) -> None:
        self.add({"kind": "query", "query": query, "value": with_value})

    def values(self, judge: JudgeSpec) -> None:
        self.add({"kind": "values", "target": self.vtarget, "path": self.path, "judge": judge})

    def objects(self, p: rdflib.URIRef) -> list[rdflib.term.Node]:
        return list(self.g.objects(self.node, p))

    def filter_check(self, condition_ok: str) -> None:
        """Results for the values at the path where the SPARQL condition is not true."""
        self.query(
            f"SELECT DISTINCT ?focus ?v WHERE {{ {self.vtarget}?focus {self.path} ?v . "
            f"FILTER(!({condition_ok})) }}",
            with_value=True,
        )

    def missing_check(self, values: str) -> None:
        """Focus nodes with no ``?v`` bound by ``values`` (a minimum count of 1).

        FILTER NOT EXISTS, not OPTIONAL + GROUP BY + HAVING(COUNT < 1) (twice the time on
        Oxigraph) nor MINUS (which builds a table of every value at the path, e.g. all
        100k labels at 98 municipalities: a fifth slower than a look-up per focus node).
        """
        self.query(
            f"SELECT DISTINCT ?focus WHERE {{ {self.target} FILTER NOT EXISTS {{ {values} }} }}",
            with_value=False,
        )

    def count_check(self, pattern: str, having: str) -> None:
        """Focus nodes whose number of distinct ``?v`` (bound by ``pattern``) fails ``having``."""
        self.query(
            f"SELECT ?focus WHERE {{ {pattern} }} "
            f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) {having})",
            with_value=False,
        )


def _class(c: _Shape) -> None:
    for cls in c.objects(SH["class"]):
        # MINUS (?v is bound in every row) or FILTER NOT EXISTS: the same rows; which is
        # cheaper depends on the data (checks._class_check).
        c.add(
            {
                "kind": "class",
                "target": c.vtarget,
                "path": c.path,
                "instance": _instance("?v", _sparql_term(cls)),
            }
        )


def _node_kind(c: _Shape) -> None:
    for kind in c.objects(SH.nodeKind):
        if kind not in _NODE_KIND_OK:
            raise _Unsupported(f"nodeKind {kind}")
        if kind == SH.BlankNodeOrIRI and c.objects(SH["class"]):
            # Its results (a literal value) are results of sh:class too, with the same
            # focus, value, path and shape, so the same violation: one query fewer.
            continue
        c.filter_check(_NODE_KIND_OK[kind])


def _judged(param: rdflib.URIRef) -> Callable[[_Shape], None]:
    """A component pySHACL judges per value (datatype, value range, pattern)."""

    def handler(c: _Shape) -> None:
        if param == SH.datatype and any(
            dt in (RDFS.Literal, RDFS.Datatype) or not isinstance(dt, rdflib.URIRef)
            for dt in c.objects(param)
        ):
            raise _Unsupported("special datatype")
        if param != SH.datatype and not all(
            isinstance(b, rdflib.Literal) for b in c.objects(param)
        ):
            raise _Unsupported(f"{param} value")
        c.values(_judge_spec(c.g, c.node, param))

    return handler


def _or(c: _Shape) -> None:
    """``sh:or`` of shapes that each give only ``sh:datatype``."""
    for head in c.objects(SH["or"]):
        judges = []
        for member in _items(c.g, head):
            _only(c.g, member, {SH.datatype})
            dt = _single(c.g, member, SH.datatype)
            if dt in (RDFS.Literal, RDFS.Datatype) or not isinstance(dt, rdflib.URIRef):
                raise _Unsupported("special datatype")
            judges.append(_judge_spec(c.g, member, SH.datatype))
        c.values({"any": judges})


def _in(c: _Shape) -> None:
    for head in c.objects(SH["in"]):
        members = _items(c.g, head)
        if not all(isinstance(m, rdflib.URIRef) for m in members):
            raise _Unsupported("sh:in with literals")
        # IN, not sameTerm(…) || sameTerm(…): the members are IRIs, for which the two agree,
        # and Virtuoso 7.2 answers an OR of sameTerm wrongly (check --on-server).
        listed = ", ".join(_sparql_term(m) for m in members)
        c.filter_check(f"?v IN ({listed})" if members else "false")


def _min_count(c: _Shape) -> None:
    n = _int(c.g, c.node, SH.minCount)
    if n == 1:
        c.missing_check(f"?focus {c.path} ?v")
    elif n > 1:
        c.count_check(f"{c.target} OPTIONAL {{ ?focus {c.path} ?v }}", f"< {n}")


def _max_count(c: _Shape) -> None:
    n = _int(c.g, c.node, SH.maxCount)
    pattern = f"{c.vtarget}?focus {c.path} ?v"
    query = f"SELECT ?focus WHERE {{ {pattern} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {n})"
    if n < 1:
        c.query(query, with_value=False)
    else:  # see checks._max_count_check
        c.add({"kind": "max_count", "query": query, "path": c.path})


def _unique_lang(c: _Shape) -> None:
    flag = _single(c.g, c.node, SH.uniqueLang)
    if not isinstance(flag, rdflib.Literal) or not isinstance(flag.value, bool):
        raise _Unsupported("uniqueLang value")
    if flag.value:
        # Grouped first, joined with the targets after (few focus nodes are left then);
        # see checks._unique_lang_check for the local shortcut.
        unique_lang_query(c.vtarget, c.path)  # the exact query (what a server runs)
        c.add({"kind": "unique_lang", "target": c.vtarget, "path": c.path})


def _qualified(c: _Shape) -> None:
    """``sh:qualifiedValueShape`` [ sh:languageIn (…) ] with its min/max counts."""
    qshape = _single(c.g, c.node, SH.qualifiedValueShape)
    _only(c.g, qshape, {SH.languageIn})
    langs = []
    for lit in _items(c.g, _single(c.g, qshape, SH.languageIn)):
        if not isinstance(lit, rdflib.Literal) or not isinstance(lit.value, str):
            raise _Unsupported("languageIn value")
        langs.append(str(lit.value).lower())
    if "*" in langs:
        cond = 'LANG(?v) != ""'
    else:
        # A one-subtag range ("da") matches "da" and "da-DK": that is langMatches (one
        # built-in call per value, cheaper than LCASE + STRBEFORE + CONCAT); a longer one
        # only the same tag.
        cond = " || ".join(
            f"langMatches(LANG(?v), {rdflib.Literal(x).n3()})"
            if "-" not in x
            else f"LCASE(LANG(?v)) = {rdflib.Literal(x).n3()}"
            for x in sorted(set(langs))
        )
        cond = cond or "false"
    # No isLiteral(?v) nor LANG(?v) != "": LANG of an IRI is an error, and an untagged
    # value matches no range (a tenth of the check's time at 98 municipalities).
    values = f"?focus {c.path} ?v . FILTER({cond})"
    match = f"{c.target} OPTIONAL {{ {values} }}"
    if SH.qualifiedMinCount in c.preds:
        least = _int(c.g, c.node, SH.qualifiedMinCount)
        if least == 1:
            c.missing_check(values)
        elif least > 1:
            c.count_check(match, f"< {least}")
    if SH.qualifiedMaxCount in c.preds:
        c.count_check(match, f"> {_int(c.g, c.node, SH.qualifiedMaxCount)}")


def _qualified_count(c: _Shape) -> None:
    if SH.qualifiedValueShape not in c.preds:
        raise _Unsupported("qualified count without shape")


def _less_than_or_equals(c: _Shape) -> None:
    for other in c.objects(SH.lessThanOrEquals):
        if not isinstance(other, rdflib.URIRef):
            raise _Unsupported("lessThanOrEquals")
        judge = _judge_spec(c.g, c.node, SH.lessThanOrEquals, [other])
        c.add(
            {
                "kind": "pair",
                "target": c.vtarget,
                "path": c.path,
                "other": str(other),
                "judge": judge,
            }
        )


def _part_of_pattern(c: _Shape) -> None:
    """``sh:flags`` belongs to ``sh:pattern`` (pySHACL's pattern component reads it)."""
    if SH.pattern not in c.preds:
        raise _Unsupported("sh:flags without sh:pattern")


#: One handler per constraint parameter: it adds that component's checks to the shape.
HANDLERS: dict[rdflib.term.Node, Callable[[_Shape], None]] = {
    SH["class"]: _class,
    SH.nodeKind: _node_kind,
    SH.datatype: _judged(SH.datatype),
    SH["or"]: _or,
    SH["in"]: _in,
    SH.minInclusive: _judged(SH.minInclusive),
    SH.minExclusive: _judged(SH.minExclusive),
    SH.maxInclusive: _judged(SH.maxInclusive),
    SH.maxExclusive: _judged(SH.maxExclusive),
    SH.pattern: _judged(SH.pattern),
    SH.flags: _part_of_pattern,
    SH.minCount: _min_count,
    SH.maxCount: _max_count,
    SH.uniqueLang: _unique_lang,
    SH.qualifiedValueShape: _qualified,
    SH.qualifiedMinCount: _qualified_count,
    SH.qualifiedMaxCount: _qualified_count,
    SH.lessThanOrEquals: _less_than_or_equals,
}


def _compile(g: rdflib.Graph, s: rdflib.term.Node) -> CompiledShape:
    preds = set(g.predicates(s, None))
    for p in preds:
        if p not in _META and p not in HANDLERS and str(p).startswith(str(SH)):
            raise _Unsupported(f"{p}")
    if (s, RDF.type, SH.NodeShape) in g or (s, RDF.type, RDFS.Class) in g:
        raise _Unsupported("node shape / implicit class target")
    if list(g.objects(s, SH.deactivated)):
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
    out = CompiledShape(
        node=s,
        shape="" if isinstance(s, rdflib.BNode) else str(s),
        path=str(path_node),
        severity=severity,
        messages=messages,
    )
    shape = _Shape(
        g=g,
        node=s,
        preds=preds,
        target=target,
        # Value-based checks need no target when the target is "subjects of the path".
        vtarget="" if subjects_of == path_node else target + " ",
        path=_sparql_term(path_node),
        out=out,
    )
    for param in sorted((p for p in preds if p in HANDLERS), key=_HANDLER_ORDER.index):
        HANDLERS[param](shape)
    _merge_values(out)
    if not out.checks:
        raise _Unsupported("no supported constraint")
    return out


_HANDLER_ORDER = list(HANDLERS)


def _merge_values(out: CompiledShape) -> None:
    """One value check per shape: its judges (datatype, range …) all judge the values of
    one path on one target, and a value failing any of them gives the same result (same
    focus, value, path and shape), so the values are fetched once (``{"all": […]}``)."""
    values = [s for s in out.specs if s["kind"] == "values"]
    if len(values) < 2:
        return
    merged = {**values[0], "judge": {"all": [s["judge"] for s in values]}}
    specs = [s for s in out.specs if s["kind"] != "values"]
    out.specs, out.checks = [], []
    for spec in [merged, *specs]:
        out.add(spec)


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


def copy_graph(g: rdflib.Graph) -> rdflib.Graph:
    """A copy of a (cached, shared) shapes graph, to change."""
    out = rdflib.Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    for triple in g:
        out.add(triple)
    return out


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


__all__ = [
    "CompiledShape",
    "Result",
    "compile_shapes",
    "copy_graph",
    "fallback_graph",
    "run_shapes",
    "shape_nodes",
    "term_text",
    "to_rdflib",
]
