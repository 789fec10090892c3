"""Compiled SHACL checks as data, and running them on a model, without rdflib.

:mod:`kktrace.rules.shacl.compiler` turns shapes into :class:`CompiledShape` s whose checks
are plain data (:data:`Spec`: the SPARQL text, the path, the judge's parameters), so that
the compiled form of the bundled shapes can be shipped as JSON (``bundled.json``, see
:mod:`kktrace.rules.shacl.bundle`) and a check never needs rdflib or pySHACL to read them.

Values whose verdict depends on their datatype (``sh:datatype``, ``sh:or`` of datatypes,
``sh:minInclusive`` …, ``sh:lessThanOrEquals``) are judged here, natively, where the verdict
is certain (a well-formed value in the usual lexical form, or a value of another datatype);
anything else (an unusual lexical form, a datatype not listed here, ``sh:pattern``) goes to
pySHACL's own constraint component, imported only then. The tests compare both judges
on many values (tests/test_shacl_engines.py).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

import pyoxigraph as ox

from kktrace.model.namespaces import INFERRED_GRAPH, PREFIXES, RDF, RDFS
from kktrace.model.namespaces import XSD as XSD_NS

SH_NS = "http://www.w3.org/ns/shacl#"

#: A check as data: ``{"kind": "query" | "values" | "pair" | "unique_lang", …}``.
Spec = dict[str, Any]
#: A judge's parameters: ``{"param": IRI, "values": [term], "flags": [term]}`` or
#: ``{"any": [judge …]}``; a term is ``{"iri": …}`` or ``{"lex": …, "dt": …, "lang": …}``.
JudgeSpec = dict[str, Any]


@dataclass
class Result:
    """One raw result: focus and value as Oxigraph terms (value None when not reported)."""

    focus: Any
    value: Any


@dataclass
class CompiledShape:
    """A supported shape: its identity, messages and the checks that find its results.

    ``specs`` are the checks as data (what ``bundled.json`` stores); ``checks`` are the
    same, ready to run (built by :func:`build`). ``node`` is the shape's node in the shapes
    graph when compiled from one (an IRI string when read from JSON).
    """

    node: Any
    shape: str
    path: str
    severity: str
    messages: dict[str, str]
    specs: list[Spec] = field(default_factory=list)
    checks: list[Callable[[Any], Iterable[Result]]] = field(default_factory=list)

    def add(self, spec: Spec) -> None:
        self.specs.append(spec)
        self.checks.append(build(spec))

    def to_json(self) -> dict[str, Any]:
        return {
            "shape": self.shape,
            "path": self.path,
            "severity": self.severity,
            "messages": dict(sorted(self.messages.items())),
            "checks": self.specs,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CompiledShape:
        out = cls(
            node=data["shape"],
            shape=data["shape"],
            path=data["path"],
            severity=data["severity"],
            messages=dict(data["messages"]),
        )
        for spec in data["checks"]:
            out.add(spec)
        return out


# -- running queries ----------------------------------------------------------------------


def value_rows(model: Any, query: str) -> list[tuple[Any, ...]]:
    """Rows of ``query`` on the data as written (the inferred types only through GRAPH)."""
    result = model.store.query(
        query,
        prefixes=PREFIXES,
        default_graph=model.data_graphs,
        named_graphs=[*model.user_graphs, ox.NamedNode(INFERRED_GRAPH)],
    )
    return [tuple(row) for row in result]  # type: ignore[union-attr]


def _ox_sparql(term: Any) -> str:
    return str(term)  # N-Triples syntax is valid SPARQL for IRIs and literals


def _local(model: Any) -> bool:
    """The model is an Oxigraph store here (not the on-server stand-in)."""
    return isinstance(model.store, ox.Store)


#: Stored datatypes that may stand for another written one (MEASURED.md).
_REWRITTEN = frozenset({XSD_NS + "integer", XSD_NS + "dateTime"})


def build(spec: Spec) -> Callable[[Any], Iterable[Result]]:
    """The runnable check of ``spec``."""
    kind = spec["kind"]
    if kind == "query":
        return _query_check(spec["query"], spec["value"])
    if kind == "values":
        return _values_check(spec["target"], spec["path"], judge(spec["judge"]))
    if kind == "pair":
        return _pair_check(spec["target"], spec["path"], spec["other"], judge(spec["judge"]))
    if kind == "unique_lang":
        return _unique_lang_check(spec["target"], spec["path"])
    if kind == "class":
        return _class_check(spec["target"], spec["path"], spec["instance"])
    if kind == "max_count":
        return _max_count_check(spec["query"], spec["path"])
    raise ValueError(f"unknown compiled SHACL check kind {kind!r}")


def _query_check(query: str, with_value: bool) -> Callable[[Any], Iterable[Result]]:
    def run(model: Any) -> Iterable[Result]:
        rows = value_rows(model, query)
        return [Result(r[0], r[1] if with_value else None) for r in rows]

    return run


def _count(model: Any, query: str) -> list[tuple[Any, ...]]:
    """Rows of a counting query, each term as its text (counts as digits)."""
    return [tuple(None if t is None else t.value for t in row) for row in value_rows(model, query)]


#: More values than this: MINUS without counting further (counting costs too).
_MANY = 5000


def _class_check(target: str, path: str, instance: str) -> Callable[[Any], Iterable[Result]]:
    """``sh:class``: the values at the path that are not instances of the class.

    MINUS on a server. On a local store, for a shape whose targets are the subjects of
    the path, first count the values (none: no result) and then choose: Oxigraph builds
    MINUS's table of every instance of the class even when there are few values (0.05 s
    for kkt:continues' 400 values against the 70k typings of kkt:Initiative), while FILTER
    NOT EXISTS looks up each value (a third slower than MINUS per value when there are
    many: the 33k kkt:partOf of local initiatives). NOT EXISTS when the class has at least
    as many instances as there are values (counted up to :data:`_MANY`)."""
    body = f"{target}?focus {path} ?v ."
    minus = _query_check(f"SELECT DISTINCT ?focus ?v WHERE {{ {body} MINUS {instance} }}", True)
    not_exists = _query_check(
        f"SELECT DISTINCT ?focus ?v WHERE {{ {body} FILTER NOT EXISTS {instance} }}", True
    )

    def run(model: Any) -> Iterable[Result]:
        if not _local(model) or target:
            return minus(model)
        ((rows,),) = _count(
            model, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT * WHERE {{ {body} }} LIMIT {_MANY} }}"
        )
        if rows == "0":
            return []
        if rows == str(_MANY):
            return minus(model)
        ((instances,),) = _count(
            model,
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT ?v WHERE {{ {instance} }} LIMIT {rows} }}",
        )
        return not_exists(model) if instances == rows else minus(model)

    return run


def _max_count_check(query: str, path: str) -> Callable[[Any], Iterable[Result]]:
    """``sh:maxCount n`` (n ≥ 1). On a local store, first one count: when there are as
    many triples with the path as subjects with it, no node has two values (at 98
    municipalities 0.015 s against 0.08 s for grouping every subject's values)."""
    exact = _query_check(query, with_value=False)
    counts = f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?focus) AS ?f) WHERE {{ ?focus {path} ?v }}"

    def run(model: Any) -> Iterable[Result]:
        if _local(model):
            ((n, f),) = _count(model, counts)
            if n == f:
                return []
        return exact(model)

    return run


def unique_lang_query(target: str, path: str) -> str:
    """Focus nodes with more distinct tagged values than distinct (case-folded) tags."""
    return (
        f"SELECT DISTINCT ?focus WHERE {{ {{ SELECT ?focus WHERE {{ "
        f'?focus {path} ?a . FILTER(isLiteral(?a) && LANG(?a) != "") }} '
        "GROUP BY ?focus HAVING (COUNT(DISTINCT ?a) > COUNT(DISTINCT LCASE(LANG(?a)))) }"
        f" {target} }}"
    )


def _unique_lang_check(target: str, path: str) -> Callable[[Any], Iterable[Result]]:
    """``sh:uniqueLang true``. On a local store (which keeps tags in lower case), first
    the values per tag against the nodes having that tag, one count (0.07 s at 98
    municipalities, where the exact query takes 0.3 s): almost always equal, so no node
    has two values under one tag. Else the nodes with two values under one tag (counting
    rows is cheaper than distinct terms), and the exact query for those. On a server, the
    exact query."""
    exact = unique_lang_query(target, path)

    per_tag = (
        f"SELECT ?tag (COUNT(*) AS ?n) (COUNT(DISTINCT ?focus) AS ?f) "
        f"WHERE {{ ?focus {path} ?a }} GROUP BY (LANG(?a) AS ?tag)"
    )

    def run(model: Any) -> Iterable[Result]:
        if _local(model):
            # As many values under each tag as nodes with one: no node has two.
            if all(n == f for tag, n, f in _count(model, per_tag) if tag):
                return []
            candidates = value_rows(
                model,
                f"SELECT DISTINCT ?focus WHERE {{ ?focus {path} ?a . "
                'FILTER(LANG(?a) != "") } GROUP BY ?focus (LANG(?a)) HAVING (COUNT(*) > 1)',
            )
            if not candidates:
                return []
            if all(type(f) is ox.NamedNode for (f,) in candidates):
                nodes = " ".join(_ox_sparql(f) for (f,) in candidates)
                rows = value_rows(
                    model, exact.replace("WHERE { ", f"WHERE {{ VALUES ?focus {{ {nodes} }} ", 1)
                )
                return [Result(r[0], None) for r in rows]
        return [Result(r[0], None) for r in value_rows(model, exact)]

    return run


def _values_check(
    target: str, path: str, ok: Callable[..., bool]
) -> Callable[[Any], Iterable[Result]]:
    """Results for every value node ``v`` at ``path`` with ``not ok(v)``, judged per value."""
    blank_ok = ok(ox.BlankNode("x"))

    def run(model: Any) -> Iterable[Result]:
        distinct = value_rows(
            model,
            f"SELECT DISTINCT ?v WHERE {{ {target} ?focus {path} ?v . FILTER(!isBlank(?v)) }}",
        )
        bad, rewritten = [], []
        predicate = ox.NamedNode(path[1:-1])
        for (v,) in distinct:
            if model.written and type(v) is ox.Literal and v.datatype.value in _REWRITTEN:
                # Judge the forms written anywhere first; only a failing one needs the
                # focus nodes that wrote it.
                forms = model.written_forms.get((predicate, v), (v,))
                if not all(ok(w) for w in forms):
                    rewritten.append(v)
            elif not ok(v):
                bad.append(v)
        out = _written_results(model, target, path, rewritten, ok) if rewritten else []
        branches = []
        if bad:
            values = " ".join(_ox_sparql(v) for v in bad)
            branches.append(f"{{ VALUES ?v {{ {values} }} {target} ?focus {path} ?v . }}")
        if not blank_ok:
            branches.append(f"{{ {target} ?focus {path} ?v . FILTER(isBlank(?v)) }}")
        if not branches:
            return out
        q = f"SELECT DISTINCT ?focus ?v WHERE {{ {' UNION '.join(branches)} }}"
        return out + [Result(f, v) for f, v in value_rows(model, q)]

    return run


def _written_results(
    model: Any, target: str, path: str, values: list[Any], ok: Callable[..., bool]
) -> list[Result]:
    """Judge each focus node's values as the files wrote them (``"2"^^xsd:int`` is stored
    as ``"2"^^xsd:integer``; only the written form says whether ``sh:datatype`` holds)."""
    predicate = ox.NamedNode(path[1:-1])
    rows = value_rows(
        model,
        f"SELECT DISTINCT ?focus ?v WHERE {{ VALUES ?v {{ {' '.join(map(_ox_sparql, values))} }} "
        f"{target}?focus {path} ?v . }}",
    )
    verdicts: dict[Any, bool] = {}
    out = []
    for focus, v in rows:
        for w in sorted(model.written.get((focus, predicate, v), (v,)), key=str):
            if w not in verdicts:
                verdicts[w] = ok(w)
            if not verdicts[w]:
                out.append(Result(focus, w))
    return out


def _pair_check(
    target: str, path: str, other: str, ok: Callable[..., bool]
) -> Callable[[Any], Iterable[Result]]:
    other_sparql = f"<{other}>"

    def run(model: Any) -> Iterable[Result]:
        pairs = value_rows(
            model,
            f"SELECT DISTINCT ?v ?o WHERE {{ {target}?focus {path} ?v . "
            f"?focus {other_sparql} ?o }}",
        )
        bad = []
        for v, o in pairs:
            if isinstance(v, ox.BlankNode) or isinstance(o, ox.BlankNode):
                raise ValueError("Cannot use sh:lessThanOrEquals to compare a blank node.")
            if not ok(v, o):
                bad.append(f"({_ox_sparql(v)} {_ox_sparql(o)})")
        if not bad:
            return []
        q = (
            f"SELECT DISTINCT ?focus ?v WHERE {{ VALUES (?v ?o) {{ {' '.join(bad)} }} "
            f"{target}?focus {path} ?v . ?focus {other_sparql} ?o }}"
        )
        return [Result(f, v) for f, v in value_rows(model, q)]

    return run


def run_shapes(
    model: Any, compiled: list[CompiledShape], run_map: Callable[..., Iterable[Any]] = map
) -> list[tuple[CompiledShape, Result]]:
    """Run every compiled check: (shape, result) pairs, unsorted.

    ``run_map`` maps a function over the checks (``map`` by default; a thread pool's
    ``map`` runs them side by side: Oxigraph evaluates without the GIL).
    """
    jobs = [(shape, check) for shape in compiled for check in shape.checks]
    results = run_map(lambda job: list(job[1](model)), jobs)
    return [(shape, r) for (shape, _), rs in zip(jobs, results, strict=True) for r in rs]


# -- terms ----------------------------------------------------------------------------------

_XSD_STRING = XSD_NS + "string"


def to_rdflib(term: Any) -> Any:
    """Convert an Oxigraph term as pySHACL's Oxigraph data graph does."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language is not None:
        return rdflib.Literal(term.value, lang=term.language)
    dt = term.datatype
    if dt is None or dt.value == _XSD_STRING:  # RDF 1.1: "A" and "A"^^xsd:string are one term
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt.value))


def term_text(term: Any) -> str:
    """A focus/value as :class:`kktrace.rules.shacl.engine.Violation` shows it (``_:label``).

    A typed literal is shown as rdflib shows it (rdflib rewrites some lexical forms, e.g.
    ``"01"^^xsd:integer`` as ``1``); a string is its text, without importing rdflib.
    """
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    if term.language is not None or term.datatype.value == _XSD_STRING:
        return term.value
    known = _value(term)
    if (
        known is not None
        and known[0] in _SAME_TEXT
        and _SAME_TEXT[known[0]](known[1]) == term.value
    ):
        return term.value  # rdflib keeps this lexical form (tests/test_shacl_bundle.py)
    return str(to_rdflib(term))


def _rdflib_datatype(term: ox.Literal) -> str | None:
    """The datatype rdflib gives the literal (none for strings and tagged strings)."""
    if term.language is not None or term.datatype.value == _XSD_STRING:
        return None
    return term.datatype.value


# -- judging one value ------------------------------------------------------------------------

#: Lexical forms whose value rdflib reads without fail, per datatype, and a stricter test.
_CANONICAL: dict[str, tuple[re.Pattern[str], Callable[[str], Any]]] = {
    XSD_NS + "integer": (re.compile(r"-?[0-9]{1,18}"), int),
    XSD_NS + "positiveInteger": (re.compile(r"[1-9][0-9]{0,17}"), int),
    XSD_NS + "decimal": (re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,18})?"), Decimal),
    XSD_NS + "date": (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), _dt.date.fromisoformat),
    XSD_NS + "gYear": (re.compile(r"[1-9][0-9]{3}"), int),
}
#: Datatypes whose lexical form rdflib keeps when it is this text of the value.
_SAME_TEXT: dict[str, Callable[[Any], str]] = {
    XSD_NS + "integer": str,
    XSD_NS + "positiveInteger": str,
    XSD_NS + "date": _dt.date.isoformat,
}
_NUMERIC = frozenset({XSD_NS + "integer", XSD_NS + "positiveInteger", XSD_NS + "decimal"})
#: sh:datatype values whose rule is not "the literal's datatype is this one".
_SPECIAL_DATATYPES = frozenset(
    {_XSD_STRING, RDF + "langString", RDFS + "Literal", RDFS + "Datatype"}
)


def _value(term: Any) -> tuple[str | None, Any] | None:
    """``(datatype, Python value)`` of a literal in a lexical form rdflib surely reads the
    same way, else None."""
    if type(term) is not ox.Literal:
        return None
    dt = _rdflib_datatype(term)
    if dt not in _CANONICAL:
        return None
    pattern, read = _CANONICAL[dt]
    if not pattern.fullmatch(term.value):
        return None
    try:
        value = read(term.value)
    except ValueError:
        return None
    if isinstance(value, _dt.date) and value.year < 1:
        return None
    return dt, value


def _native_datatype(dt: str) -> Callable[[Any], bool | None]:
    def ok(v: Any) -> bool | None:
        if type(v) is not ox.Literal:
            return False  # pySHACL: only literals have a datatype
        if dt in _SPECIAL_DATATYPES:
            return None
        if _rdflib_datatype(v) != dt:
            return False
        return True if _value(v) is not None else None  # ill-typed or unusual: pySHACL

    return ok


_RANGE = {
    SH_NS + "minInclusive": lambda v, b: v >= b,
    SH_NS + "minExclusive": lambda v, b: v > b,
    SH_NS + "maxInclusive": lambda v, b: v <= b,
    SH_NS + "maxExclusive": lambda v, b: v < b,
}


def _native_range(param: str, bounds: list[Any]) -> Callable[[Any], bool | None]:
    known = [_value(b) for b in bounds]
    if not all(k is not None and k[0] in _NUMERIC for k in known):
        return lambda _v: None
    compare = _RANGE[param]
    numbers = [Decimal(k[1]) for k in known if k is not None]

    def ok(v: Any) -> bool | None:
        if type(v) is not ox.Literal:
            return False  # pySHACL: IRIs and blank nodes cannot be compared
        if _rdflib_datatype(v) is None:
            return False  # a string against a number bound
        known_v = _value(v)
        if known_v is None or known_v[0] not in _NUMERIC:
            return None
        return all(compare(Decimal(known_v[1]), b) for b in numbers)

    return ok


def _native_less_than_or_equals(v: Any, o: Any) -> bool | None:
    a, b = _value(v), _value(o)
    if a is None or b is None or a[0] != XSD_NS + "date" or b[0] != XSD_NS + "date":
        return None
    return bool(a[1] <= b[1])


def _term(data: Mapping[str, Any]) -> Any:
    if "iri" in data:
        return ox.NamedNode(data["iri"])
    if data.get("lang"):
        return ox.Literal(data["lex"], language=data["lang"])
    return ox.Literal(data["lex"], datatype=ox.NamedNode(data["dt"]))


def _native(spec: JudgeSpec) -> Callable[..., bool | None]:
    """The native judge of a (non-``any``) judge spec: True/False where certain, else None."""
    param = spec["param"]
    if param == SH_NS + "datatype" and len(spec["values"]) == 1 and "iri" in spec["values"][0]:
        return _native_datatype(spec["values"][0]["iri"])
    if param in _RANGE:
        return _native_range(param, [_term(t) for t in spec["values"]])
    if param == SH_NS + "lessThanOrEquals":
        return _native_less_than_or_equals
    return lambda *_a: None


def judge(spec: JudgeSpec) -> Callable[..., bool]:
    """``ok(value[, other]) -> bool`` for a judge spec: native where certain, else
    pySHACL's own constraint component (see the module's description)."""
    if "any" in spec:
        members = [judge(m) for m in spec["any"]]
        return lambda v: any(m(v) for m in members)
    if "all" in spec:
        members = [judge(m) for m in spec["all"]]
        return lambda v: all(m(v) for m in members)
    native = _native(spec)
    key = _freeze(spec)

    def ok(v: Any, o: Any = None) -> bool:
        verdict = native(v) if o is None else native(v, o)
        if verdict is None:
            verdict = pyshacl_judge(key)(v, o)
        return verdict

    return ok


def _freeze(data: Any) -> Any:
    if isinstance(data, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in data.items()))
    if isinstance(data, list | tuple):
        return tuple(_freeze(x) for x in data)
    return data


#: The focus node the judged values are evaluated against (never shown).
PROBE = "urn:kktrace:shacl:probe"
_JUDGE_SHAPE = "urn:kktrace:shacl:judge"


@cache
def pyshacl_judge(frozen: Any) -> Callable[[Any, Any], bool]:
    """pySHACL's constraint component for a judge spec (frozen by :func:`_freeze`), set up
    to answer per value: ``ok(value, other=None) -> bool`` runs its own ``evaluate`` on a
    one-shape graph holding the spec's parameters. ``other`` is the value of the
    ``sh:lessThanOrEquals`` property for the pair judge."""
    import rdflib
    from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
    from pyshacl.pytypes import SHACLExecutor
    from pyshacl.shapes_graph import ShapesGraph

    spec = dict(frozen)
    param = rdflib.URIRef(spec["param"])
    g = rdflib.Graph()
    node = rdflib.URIRef(_JUDGE_SHAPE)
    sh = rdflib.Namespace(SH_NS)
    g.add((node, rdflib.RDF.type, sh.PropertyShape))
    g.add((node, sh.path, rdflib.URIRef(PROBE + ":path")))
    for t in spec["values"]:
        g.add((node, param, to_rdflib(_term(dict(t)))))
    for t in spec.get("flags", ()):
        g.add((node, sh.flags, to_rdflib(_term(dict(t)))))
    sg = ShapesGraph(g)
    _ = sg.shapes
    shape = sg.lookup_shape_from_node(node)
    component = CONSTRAINT_PARAMETERS_MAP[param](shape)
    # A result is only a marker here: keep the value node rather than build a report.
    component.make_v_result = lambda _g, _f, value_node=None, **_kw: value_node  # type: ignore[method-assign]
    executor = SHACLExecutor()
    probe = rdflib.URIRef(PROBE)
    others = [rdflib.URIRef(t["iri"]) for t in (dict(x) for x in spec["values"]) if "iri" in t]

    def ok(value: Any, other: Any = None) -> bool:
        data = rdflib.Graph()
        if other is not None:
            for p in others:
                data.add((probe, p, to_rdflib(other)))
        try:
            conforms, _ = component.evaluate(executor, data, {probe: [to_rdflib(value)]}, [])
        except Exception:
            return False
        return bool(conforms)

    return ok
