"""Where each statement comes from: a source, a place in a source, or illustrative.

A data set says it with **named graphs** (docs/provenance.md): every triple sits in a graph
whose name is described in the data as

- a ``kkt:Source`` – the statements are taken from that source;
- a ``kkt:Evidence`` – taken from a place (``kkt:locator``) in a source (``dcterms:source``),
  optionally with a ``kkt:confidence`` and a ``dcterms:date``;
- a ``kkt:IllustrativeContent`` – written to be realistic, taken from no source.

A triple in the default graph (plain Turtle) has no stated provenance; one in a named graph
the data does not describe is attributed to the graph's name. kktrace's own graphs (the
ontology and the inferred types) are not data and are never listed.

>>> from kktrace.model.store import load
>>> rows = statements(load(), element="FHP-2013-03")
>>> sorted({r.provenance.kind for r in rows})
['illustrative', 'sourced']
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kktrace.errors import UsageError
from kktrace.model.namespaces import DCTERMS, INFERRED_GRAPH, KKT, ONTOLOGY_GRAPH, RDF, RDFS

if TYPE_CHECKING:
    from kktrace.model.store import Model

#: Provenance kinds, in the order outputs list them.
KINDS = ("sourced", "illustrative", "graph", "unstated")

_DESCRIBE = f"""
SELECT ?g ?type ?doc ?locator ?confidence ?date WHERE {{
  VALUES ?type {{ <{KKT}Source> <{KKT}Evidence> <{KKT}IllustrativeContent> }}
  ?g a ?type .
  OPTIONAL {{ ?g <{DCTERMS}source> ?doc . FILTER(isIRI(?doc)) }}
  OPTIONAL {{ ?g <{KKT}locator> ?locator }}
  OPTIONAL {{ ?g <{KKT}confidence> ?confidence }}
  OPTIONAL {{ ?g <{DCTERMS}date> ?date }}
}}"""


@dataclass(frozen=True)
class Provenance:
    """Where the statements of one graph come from.

    ``kind`` is ``sourced`` (a kkt:Source or kkt:Evidence), ``illustrative``, ``graph`` (a
    named graph the data does not describe) or ``unstated`` (the default graph). ``source``
    is the source document's IRI (the graph's own name for ``graph``), ``None`` otherwise.
    """

    kind: str
    graph: str | None = None
    source: str | None = None
    label: str | None = None
    locator: str | None = None
    confidence: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Statement:
    """One triple of the data and its provenance (``subject`` etc. as Oxigraph terms)."""

    subject: ox.NamedNode | ox.BlankNode
    predicate: ox.NamedNode
    object: Any
    provenance: Provenance
    #: The subject as text: its IRI, or ``_:`` + a label derived from the node's content.
    subject_id: str = ""
    #: The object as text: N-Triples for an IRI or blank node, the literal's text.
    object_id: str = ""


@dataclass(frozen=True)
class Coverage:
    """How much of the data is sourced: statements by kind and by source label.

    ``supports`` counts the ``kkt:supports`` links by kind: a *documented* link is a
    ``sourced`` one (its graph is a source or evidence); the others are asserted.
    """

    total: int
    by_kind: dict[str, int]
    by_source: dict[str, int]
    supports: dict[str, int] = field(default_factory=dict)

    @property
    def sourced(self) -> int:
        return self.by_kind.get("sourced", 0)

    @property
    def illustrative(self) -> int:
        return self.by_kind.get("illustrative", 0)

    @property
    def other(self) -> int:
        """Statements with no described provenance (default graph, undescribed graphs)."""
        return self.total - self.sourced - self.illustrative

    @property
    def share_sourced(self) -> float:
        return self.sourced / self.total if self.total else 0.0

    @property
    def documented_links(self) -> int:
        return self.supports.get("sourced", 0)

    @property
    def links(self) -> int:
        return sum(self.supports.values())


def graph_provenance(model: Model, lang: str = "da") -> dict[str | None, Provenance]:
    """Each described graph name → its :class:`Provenance` (``None`` = the default graph)."""
    found: dict[str | None, Provenance] = {None: Provenance("unstated")}
    rows = sorted(
        model.select_values(_DESCRIBE), key=lambda r: tuple("" if v is None else v for v in r)
    )
    for g, kind, doc, locator, confidence, date in rows:
        if g in found:  # several values: the first in sorted order, so the output is stable
            continue
        if kind == KKT + "IllustrativeContent":
            found[g] = Provenance("illustrative", graph=g, label=model.label(g, lang))  # type: ignore[arg-type]
            continue
        source = doc if kind == KKT + "Evidence" and doc else g
        locators = _texts(model, g, KKT + "locator") if locator else {}  # type: ignore[arg-type]
        found[g] = Provenance(
            "sourced",
            graph=g,
            source=source,
            label=model.label(source, lang),  # type: ignore[arg-type]
            locator=_pick(locators, lang),
            confidence=confidence,
            date=date,
        )
    return found


def _texts(model: Model, subject: str, predicate: str) -> dict[str, str]:
    quads = model.store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)
    out: dict[str, str] = {}
    for text, language in sorted(
        (q.object.value, q.object.language or "") for q in quads if isinstance(q.object, ox.Literal)
    ):
        out.setdefault(language, text)
    return out


def _pick(by_lang: dict[str, str], lang: str) -> str | None:
    for candidate in (lang, "da", "en", ""):
        if candidate in by_lang:
            return by_lang[candidate]
    return None


def _data_quads(model: Model, subject: Any = None) -> list[ox.Quad]:
    internal = {ONTOLOGY_GRAPH, INFERRED_GRAPH}
    return [
        q
        for q in model.store.quads_for_pattern(subject, None, None, None)
        if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in internal)
    ]


def statements(model: Model, element: str | None = None, lang: str = "da") -> list[Statement]:
    """Every statement of the data (or those about ``element``) with its provenance.

    ``element`` is an IRI, a ``skos:notation`` or an IRI's local name (as ``kktrace impact``
    takes it); its statements are those it is the subject of. A triple that sits in several
    graphs is listed once per graph, so it shows every provenance it has. Sorted, so the
    same data gives the same list.
    """
    by_graph = graph_provenance(model, lang)
    if element is None:
        quads = _data_quads(model)
        labels = _blank_labels(quads)
    else:
        quads = _data_quads(model, resolve_subject(model, element))
        # Blank-node labels are derived from the whole data only when one is shown.
        shows_blank = any(isinstance(q.object, ox.BlankNode) for q in quads)
        labels = _blank_labels(_data_quads(model)) if shows_blank else {}
    out = []
    for q in quads:
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        prov = by_graph.get(name)
        if prov is None:
            prov = Provenance("graph", graph=name, source=name, label=name)
        out.append(
            Statement(
                q.subject,  # type: ignore[arg-type]
                q.predicate,
                q.object,
                prov,
                term_id(q.subject, labels),
                object_text(q.object, labels),
            )
        )
    return sorted(out, key=_sort_key)


def _count(model: Model, graph: ox.NamedNode | ox.DefaultGraph, predicate: str | None) -> int:
    pattern = "?s ?p ?o" if predicate is None else f"?s <{predicate}> ?o"
    where = (
        pattern if isinstance(graph, ox.DefaultGraph) else f"GRAPH <{graph.value}> {{ {pattern} }}"
    )
    result = model.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("a SELECT query gives solutions")
    term = next(result)[0]
    return int(term.value) if term is not None else 0


def coverage(model: Model, lang: str = "da") -> Coverage:
    """Counts of the data's statements by provenance kind and by source label.

    Counted per graph inside the store (no statement passes through Python), so it costs
    little on large models; it equals :func:`tally` of :func:`statements`.
    """
    by_graph = graph_provenance(model, lang)
    internal = {ONTOLOGY_GRAPH, INFERRED_GRAPH}
    counts: list[tuple[Provenance, int, int]] = []
    named = 0
    for g in sorted(model.store.named_graphs(), key=str):
        if g.value in internal:
            continue
        n = _count(model, g, None)  # type: ignore[arg-type]
        named += n
        prov = by_graph.get(g.value) or Provenance("graph", g.value, g.value, g.value)
        counts.append((prov, n, _count(model, g, KKT + "supports")))  # type: ignore[arg-type]
    # The model counts its data triples once (the report shows that number too).
    in_default = model.data_triples - named
    counts.append((by_graph[None], in_default, _count(model, ox.DefaultGraph(), KKT + "supports")))
    kinds: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    supports: Counter[str] = Counter()
    for prov, n_statements, n_links in counts:
        kinds[prov.kind] += n_statements
        supports[prov.kind] += n_links
        if prov.source and n_statements:
            sources[prov.label or prov.source] += n_statements
    return _coverage(kinds, sources, supports)


def tally(rows: list[Statement]) -> Coverage:
    """Counts of the given statements by provenance kind and by source label."""
    kinds = Counter(r.provenance.kind for r in rows)
    sources = Counter(
        r.provenance.label or r.provenance.source or "" for r in rows if r.provenance.source
    )
    supports = Counter(r.provenance.kind for r in rows if r.predicate.value == KKT + "supports")
    return _coverage(kinds, sources, supports)


def _coverage(kinds: Counter[str], sources: Counter[str], supports: Counter[str]) -> Coverage:
    return Coverage(
        total=sum(kinds.values()),
        by_kind={k: kinds[k] for k in KINDS if kinds[k]},
        by_source=dict(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))),
        supports={k: supports[k] for k in KINDS if supports[k]},
    )


_ILLUSTRATIVE_TYPED = f"""
SELECT DISTINCT ?s WHERE {{
  GRAPH ?g {{ ?s a ?c }}
  ?g a <{KKT}IllustrativeContent> .
  FILTER NOT EXISTS {{
    GRAPH ?h {{ ?s a ?c2 }}
    ?h a ?k . VALUES ?k {{ <{KKT}Source> <{KKT}Evidence> }}
  }}
}}"""


def illustrative_elements(model: Model) -> frozenset[str]:
    """IRIs of the resources the data marks as illustrative: typed only in illustrative graphs.

    A resource typed in a source's graph (e.g. an investment named in council minutes) is
    not in the set even if some of its details are illustrative; data without described
    graphs gives the empty set (nothing is marked).
    """
    return frozenset(row[0] for row in model.select_values(_ILLUSTRATIVE_TYPED) if row[0])


def resolve_subject(model: Model, ref: str) -> ox.NamedNode:
    """The subject a user means by ``ref``: an IRI, a skos:notation or a local name.

    Elements of the projection are found as ``kktrace impact`` finds them; any other subject
    of the data (a source, an agent) by its full IRI or, if unique, its local name.
    """
    from kktrace.governance.impact import resolve

    try:
        node = ox.NamedNode(ref)
        if _data_quads(model, node):
            return node
    except ValueError:
        pass
    try:
        return ox.NamedNode(resolve(model, ref))
    except UsageError:
        tail = ref.rsplit(":", 1)[-1].casefold() if "/" not in ref else ref.casefold()
        hits = sorted(
            {
                q.subject.value
                for q in _data_quads(model)
                if isinstance(q.subject, ox.NamedNode)
                and q.subject.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1].casefold() == tail
            }
        )
        if len(hits) == 1:
            return ox.NamedNode(hits[0])
        raise


# -- stable text of terms ------------------------------------------------------------------
def _blank_labels(quads: list[ox.Quad]) -> dict[str, str]:
    """A content-derived label for each blank node subject (stable across runs and files)."""
    content: dict[str, list[str]] = {}
    for q in quads:
        if isinstance(q.subject, ox.BlankNode):
            obj = "[]" if isinstance(q.object, ox.BlankNode) else str(q.object)
            content.setdefault(q.subject.value, []).append(f"{q.predicate} {obj}")
    return {
        b: "b" + hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:12]
        for b, lines in content.items()
    }


def term_id(term: Any, labels: dict[str, str] | None = None) -> str:
    """An IRI as itself, a blank node as ``_:`` + its stable label."""
    if isinstance(term, ox.BlankNode):
        return "_:" + (labels or {}).get(term.value, term.value)
    return str(term.value)


def object_text(term: Any, labels: dict[str, str] | None = None) -> str:
    """The object as JSON gives it: N-Triples for an IRI or blank node, the text of a literal."""
    if isinstance(term, ox.Literal):
        return str(term.value)
    if isinstance(term, ox.BlankNode):
        return term_id(term, labels)
    return f"<{term.value}>"


def _sort_key(s: Statement) -> tuple[str, ...]:
    p = s.predicate.value
    # rdf:type and labels first: the order a reader meets a resource in.
    rank = {RDF + "type": "0", RDFS + "label": "1"}.get(p, "2")
    return (s.subject_id, rank, p, s.object_id, s.provenance.graph or "")


__all__ = [
    "KINDS",
    "Coverage",
    "Provenance",
    "Statement",
    "coverage",
    "graph_provenance",
    "illustrative_elements",
    "object_text",
    "resolve_subject",
    "statements",
    "tally",
    "term_id",
]
