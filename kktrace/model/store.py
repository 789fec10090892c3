"""The kktrace model: one Oxigraph store (data + ontology) and its NetworkX projection.

RDF is the source of truth. The NetworkX graph is a derived, read-only view built once,
on demand, for graph algorithms (reachability, cycles, impact).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kktrace.errors import UsageError
from kktrace.model.namespaces import (
    INFERRED_GRAPH,
    KKT,
    ONTOLOGY_GRAPH,
    ORG,
    PREFIXES,
    RDF,
    RDFS,
    SKOS,
)
from kktrace.model.parse import Written, WrittenLiterals, new_store
from kktrace.model.vocab import vocabulary

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from kktrace.sparql.guard import CheckedQuery

#: Contract classes from most to least specific (read from the ontology, see
#: :mod:`kktrace.model.vocab`): a node's ``kind`` is the first it has.
KINDS: tuple[str, ...] = vocabulary().kinds

#: Link properties projected as edges (all point "upward" or to the thing referred to).
EDGE_PROPERTIES: tuple[str, ...] = (
    "supports",
    "partOf",
    "owner",
    "responsible",
    "continues",
    "successorOf",
    "businessCase",
    "funding",
    "decision",
)

#: Level number → name ("strategy", "common", "local"), from ``kkt:LevelScheme``.
LEVEL_NAMES: dict[int, str] = vocabulary().levels

#: ``Model.source`` of the bundled data; outputs name it in their own language.
BUNDLED_SOURCE = "bundled Copenhagen data"


def term_value(term: Any) -> str:
    """The plain string of an Oxigraph term (IRI, blank node id or literal value)."""
    return term.value if term is not None else ""


def node_key(term: Any) -> str:
    """How every output names a node: its IRI, or ``_:`` + its blank node label.

    Blank node labels are derived from content when the data is loaded
    (:mod:`kktrace.model.bnodes`), so the same data gives the same key in every run.
    Literals give their lexical value.
    """
    return "_:" + term.value if type(term) is ox.BlankNode else term.value


def key_term(key: str) -> ox.NamedNode | ox.BlankNode:
    """The Oxigraph term a :func:`node_key` names."""
    return ox.BlankNode(key[2:]) if key.startswith("_:") else ox.NamedNode(key)


@dataclass
class Model:
    """An RDF model of a strategy, its plans and initiatives, ready to check and query.

    ``store`` holds the user's data in the default graph (and their own named graphs for
    TriG/N-Quads), the ontology in :data:`~kktrace.model.namespaces.ONTOLOGY_GRAPH` and the
    inferred subclass types in :data:`~kktrace.model.namespaces.INFERRED_GRAPH`; queries run on
    the union of all of them.
    """

    store: ox.Store
    files: list[Path] = field(default_factory=list)
    source: str = ""
    #: Literals of integer and date-time types as the files wrote them (the store keeps
    #: them canonicalised); see :func:`kktrace.model.parse.load_data`.
    written: Written = field(default_factory=dict)

    # -- SPARQL -------------------------------------------------------------------
    def query(
        self,
        sparql: str | CheckedQuery,
        bindings: Mapping[str, Any] | None = None,
        *,
        data_only: bool = False,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the whole model with the standard prefixes.

        ``bindings`` maps variable names to Oxigraph terms; they are substituted as RDF
        terms by the engine (never spliced into the query text).

        A plain ``str`` is kktrace's own query text and runs on the union of all graphs.
        Text from users must come as a :class:`~kktrace.sparql.guard.CheckedQuery`
        (:func:`~kktrace.sparql.guard.check_query` refuses ``SERVICE`` and updates); its
        own ``FROM`` / ``FROM NAMED`` are honoured, else the union default graph is used.

        ``data_only`` leaves out the ontology and the inferred types: the default graph is
        the user's data (the files' default graph and their named graphs), and ``GRAPH``
        sees only the files' named graphs. A query's own ``FROM`` still wins.
        """
        from kktrace.sparql import guard

        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        checked = isinstance(sparql, guard.CheckedQuery)
        if data_only and not (checked and sparql.names_dataset):  # type: ignore[union-attr]
            return self.store.query(
                sparql.text if checked else sparql,  # type: ignore[union-attr,arg-type]
                prefixes=PREFIXES,
                default_graph=self.data_graphs,
                named_graphs=self.user_graphs,
                substitutions=subs or None,
            )
        if checked:
            return guard.run_checked(self.store, sparql, bindings=bindings)  # type: ignore[arg-type]
        return self.store.query(
            sparql,  # type: ignore[arg-type]
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
            substitutions=subs or None,
        )

    @cached_property
    def written_forms(self) -> dict[tuple[ox.NamedNode, ox.Literal], frozenset[ox.Literal]]:
        """(predicate, literal as stored) → every form the files wrote it in, any subject."""
        if isinstance(self.written, WrittenLiterals):
            return self.written.forms()  # without the table per subject
        out: dict[tuple[ox.NamedNode, ox.Literal], set[ox.Literal]] = {}
        for (_s, p, stored), forms in self.written.items():
            out.setdefault((p, stored), set()).update(forms)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def user_graphs(self) -> list[ox.NamedNode | ox.BlankNode]:
        """The named graphs of the data files (TriG, N-Quads, JSON-LD), sorted."""
        internal = {ONTOLOGY_GRAPH, INFERRED_GRAPH}
        return sorted(
            (g for g in self.store.named_graphs() if g.value not in internal),
            key=str,
        )

    @property
    def data_graphs(self) -> list[ox.DefaultGraph | ox.NamedNode | ox.BlankNode]:
        """The graphs that hold the user's data: the default graph and :attr:`user_graphs`."""
        return [ox.DefaultGraph(), *self.user_graphs]

    def select(
        self, sparql: str, bindings: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Run a SELECT and return rows as dicts of variable name → Oxigraph term."""
        result = self.query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise UsageError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [dict(zip(names, row, strict=True)) for row in result]

    def select_values(self, sparql: str) -> list[tuple[str | None, ...]]:
        """Run a SELECT and return rows as tuples of plain strings (``None`` when unbound).

        Several times faster than :meth:`select` for large results: use it where only
        the lexical values matter (IRIs, label text).
        """
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise UsageError("expected a SELECT query")
        return [tuple(None if t is None else node_key(t) for t in row) for row in result]

    # -- labels -------------------------------------------------------------------
    @cached_property
    def _labels(self) -> dict[str, dict[str, str]]:
        """node → language ("" untagged) → its smallest rdfs:label / skos:prefLabel."""
        labels: dict[str, dict[str, str]] = {}
        # One pattern per predicate: faster out of Oxigraph than a SELECT.
        for predicate in _LABEL_PREDICATES:
            for s, _, o, _ in self.store.quads_for_pattern(None, predicate, None, None):
                if type(o) is not ox.Literal:
                    continue
                by_lang = labels.setdefault(node_key(s), {})
                language, text = o.language or "", o.value
                if language not in by_lang or text < by_lang[language]:
                    by_lang[language] = text
        return labels

    def _labels_of(self, iri: str) -> dict[str, str]:
        """Labels of one node by language; the same choice as :attr:`_labels`."""
        if "_labels" in self.__dict__:  # the full index exists
            return self._labels.get(iri, {})
        cache: dict[str, dict[str, str]] = self.__dict__.setdefault("_label_cache", {})
        if iri not in cache:
            if len(cache) >= _LABELS_ONE_BY_ONE:
                # Many nodes named: reading every label at once is cheaper from here on.
                return self._labels.get(iri, {})
            # A handful of findings should not pay for an index of every label.
            subject = key_term(iri)
            found: dict[str, str] = {}
            for predicate in _LABEL_PREDICATES:
                for q in self.store.quads_for_pattern(subject, predicate, None, None):
                    o = q.object
                    if type(o) is ox.Literal:
                        language, text = o.language or "", o.value
                        if language not in found or text < found[language]:
                            found[language] = text
            cache[iri] = found
        return cache[iri]

    def read_labels(self) -> None:
        """Read every label at once now: for an output that names most of the model's
        nodes (the whole gap report), cheaper than one node at a time."""
        self._labels  # noqa: B018

    def label(self, iri: str, lang: str = "da") -> str:
        """The node's label in ``lang``, else Danish, English, untagged; else the IRI's end."""
        try:
            by_lang = self._labels_of(iri)
        except ValueError:  # not an IRI Oxigraph accepts: it has no label
            by_lang = {}
        for candidate in (lang, "da", "en", ""):
            if candidate in by_lang:
                return by_lang[candidate]
        return local_name(iri)

    # -- the NetworkX projection ----------------------------------------------------
    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The NetworkX projection, built once (see :func:`project`)."""
        return project(self)

    def supports_graph(self) -> nx.DiGraph:
        """Only the ``kkt:supports`` edges, as a simple DiGraph over all projected nodes."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(self.graph.nodes(data=True))
        g.add_edges_from((u, v) for u, v, k in self.graph.edges(keys=True) if k == "supports")
        return g

    def nodes_of_kind(self, *kinds: str) -> list[str]:
        """IRIs of projected nodes that are instances of any of the given contract classes."""
        wanted = set(kinds)
        return sorted(n for n, d in self.graph.nodes(data=True) if wanted & set(d["classes"]))

    # -- rdflib -------------------------------------------------------------------
    def rdflib_graph(self) -> rdflib.Dataset:
        """An rdflib Dataset over the same Oxigraph store (no copy), via oxrdflib."""
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self.store), default_union=True)

    def __len__(self) -> int:
        return len(self.store)

    @cached_property
    def data_triples(self) -> int:
        """Number of the user's own triples: without the ontology and the inferred types."""
        internal = 0
        for graph in (ONTOLOGY_GRAPH, INFERRED_GRAPH):
            result = self.store.query(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            )
            internal += int(next(iter(result))[0].value)  # type: ignore[arg-type]
        return len(self.store) - internal


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1] or iri
    return iri


def load(paths: Sequence[Path | str] | None = None) -> Model:
    """Load files and folders (default: the bundled Copenhagen data) into a :class:`Model`.

    >>> m = load()
    >>> len(m.nodes_of_kind("Administration"))
    7
    """
    store, files, written = new_store(paths)
    source = ", ".join(str(p) for p in paths) if paths else BUNDLED_SOURCE
    return Model(store=store, files=files, source=source, written=written)


_LABEL_PREDICATES = (ox.NamedNode(RDFS + "label"), ox.NamedNode(SKOS + "prefLabel"))
#: Labels looked up one node at a time before :meth:`Model.label` reads them all at once.
#: Measured at 98 municipalities (107k labels): one node 6 µs, the whole index 0.24 s, so
#: reading them all pays only after some 40,000 nodes (``check`` names about 4,000).
_LABELS_ONE_BY_ONE = 40_000

_NODES = f"""
SELECT ?s ?c WHERE {{
  ?s a ?c .
  FILTER(STRSTARTS(STR(?c), "{KKT}"))
}}"""

_LEVELS = "SELECT ?s (MIN(?l) AS ?level) WHERE { ?s a ?c . ?c kkt:level ?l } GROUP BY ?s"

_EDGE_VALUES = " ".join(f"kkt:{p}" for p in EDGE_PROPERTIES)
_EDGES = (
    f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_EDGE_VALUES} }} ?s ?p ?o . FILTER(!isLiteral(?o)) }}"
)

_ORG = """
SELECT ?s ?notation ?unitOf WHERE {
  { ?s skos:notation ?notation } UNION { ?s org:unitOf ?unitOf }
}"""


def project(model: Model, around: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Project the model into a NetworkX MultiDiGraph.

    Nodes are the resources with a ``kkt:`` type plus every object of a link. Node data:
    ``classes`` (sorted contract class names, subclass-aware), ``kind`` (the most
    specific, see :data:`KINDS`; ``None`` for an untyped, dangling node), ``level``
    (1 strategy, 2 common, 3 local, or ``None``), ``label_da``, ``label_en``,
    ``notation``, ``unit_of``. Edges go from subject to object with the property's local
    name as key (``supports``, ``partOf``, …). Nodes and edges are added in sorted order,
    so everything built on the projection is deterministic.

    ``around`` (node keys): only the part of the projection that a view of those nodes
    needs, read from the store's indexes instead of from whole-model queries — every node
    joined to them by ``kkt:supports``, ``kkt:partOf``, ``kkt:continues`` or
    ``kkt:successorOf`` links in either direction (their *trace components*) with all their
    links, the nodes those links point to, and every administration and municipality.
    Each node there has the same data as in the whole projection.
    """
    if around is not None:
        return _project_around(model, around)
    cut = len(KKT)
    classes: dict[str, set[str]] = {}
    # These queries bind every variable: unpack the terms directly (the fastest way out
    # of Oxigraph; see MEASURED.md and benchmarks/results.md).
    for s, c in model.query(_NODES):  # type: ignore[misc,union-attr]
        classes.setdefault(node_key(s), set()).add(c.value[cut:])
    levels = {node_key(s): int(level.value) for s, level in model.query(_LEVELS)}  # type: ignore[misc,union-attr]
    edges = sorted({(node_key(s), p.value[cut:], node_key(o)) for s, p, o in model.query(_EDGES)})  # type: ignore[misc,union-attr]
    notation: dict[str, str] = {}
    unit_of: dict[str, str] = {}
    for s, code, unit in model.select_values(_ORG):
        # Several values: keep the smallest, so the projection does not depend on order.
        if code is not None and (s not in notation or code < notation[s]):
            notation[s] = code  # type: ignore[index]
        if unit is not None and (s not in unit_of or unit < unit_of[s]):
            unit_of[s] = unit  # type: ignore[index]
    return _graph(model._labels.get, classes, levels, edges, notation, unit_of)


def _graph(
    labels_of: Callable[[str], dict[str, str] | None],
    classes: dict[str, set[str]],
    levels: dict[str, int],
    edges: list[tuple[str, str, str]],
    notation: dict[str, str],
    unit_of: dict[str, str],
) -> nx.MultiDiGraph:
    """The projection's MultiDiGraph from its pieces (sorted nodes, then sorted edges)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    names = sorted(set(classes) | {e[0] for e in edges} | {e[2] for e in edges})
    nodes = []
    for iri in names:
        cls = classes.get(iri, set())
        by_lang = labels_of(iri) or {}
        fallback = by_lang.get("da") or by_lang.get("en") or by_lang.get("") or local_name(iri)
        nodes.append(
            (
                iri,
                {
                    "classes": sorted(cls),
                    "kind": next((k for k in KINDS if k in cls), None),
                    "level": levels.get(iri),
                    "label_da": by_lang.get("da") or fallback,
                    "label_en": by_lang.get("en") or fallback,
                    "notation": notation.get(iri),
                    "unit_of": unit_of.get(iri),
                },
            )
        )
    g.add_nodes_from(nodes)
    g.add_edges_from((s, o, p) for s, p, o in edges)
    return g


#: The links that join a trace component (see :func:`project` with ``around``).
_TRACE_LINKS = ("supports", "partOf", "continues", "successorOf")
_COMPONENT = (
    "SELECT DISTINCT ?n ?start WHERE { ?start ("
    + "|".join(f"kkt:{p}|^kkt:{p}" for p in _TRACE_LINKS)
    + ")* ?n }"
)
_ORGANISATIONS = "SELECT ?s WHERE { VALUES ?c { kkt:Administration kkt:Municipality } ?s a ?c }"
_CLASS_LEVELS = "SELECT ?c ?l WHERE { ?c kkt:level ?l }"


def _project_around(model: Model, around: Iterable[str]) -> nx.MultiDiGraph:
    """:func:`project` with ``around``: the nodes' trace components and what they link to."""
    inside: set[str] = set()
    for start in sorted(set(around)):
        if start in inside:  # its component is read already (a component is symmetric)
            continue
        # one bound start per query: the substitution is a term, never query text
        for n, _ in model.query(_COMPONENT, {"start": key_term(start)}):  # type: ignore[misc,union-attr]
            if type(n) is not ox.Literal:
                inside.add(node_key(n))
    inside.update(node_key(s) for (s,) in model.query(_ORGANISATIONS))  # type: ignore[misc,union-attr]
    class_levels: dict[Any, int] = {}
    for c, level in model.query(_CLASS_LEVELS):  # type: ignore[misc,union-attr]
        value = int(level.value)
        class_levels[c] = min(value, class_levels.get(c, value))
    cut = len(KKT)
    edge_iris = {KKT + p: p for p in EDGE_PROPERTIES}
    rdf_type, notation_iri, unit_iri = RDF + "type", SKOS + "notation", ORG + "unitOf"
    classes: dict[str, set[str]] = {}
    levels: dict[str, int] = {}
    edges: set[tuple[str, str, str]] = set()
    notation: dict[str, str] = {}
    unit_of: dict[str, str] = {}

    def read(key: str, with_links: bool) -> None:
        for q in model.store.quads_for_pattern(key_term(key), None, None, None):
            p, o = q.predicate.value, q.object
            if isinstance(o, ox.Triple):  # RDF-star: no node of the contract
                continue
            if p == rdf_type:
                if o.value.startswith(KKT):
                    classes.setdefault(key, set()).add(o.value[cut:])
                if o in class_levels:
                    level = class_levels[o]
                    levels[key] = min(level, levels.get(key, level))
            elif p in edge_iris:
                if with_links and type(o) is not ox.Literal:
                    edges.add((key, edge_iris[p], node_key(o)))
            elif p == notation_iri:
                code = node_key(o)
                if key not in notation or code < notation[key]:
                    notation[key] = code
            elif p == unit_iri:
                unit = node_key(o)
                if key not in unit_of or unit < unit_of[key]:
                    unit_of[key] = unit

    for key in sorted(inside):
        read(key, with_links=True)
    for key in sorted({o for _, _, o in edges} - inside):
        read(key, with_links=False)
    return _graph(model._labels_of, classes, levels, sorted(edges), notation, unit_of)


def iter_edges(g: nx.MultiDiGraph, key: str) -> Iterator[tuple[str, str]]:
    """The (subject, object) pairs of one link property in the projection."""
    for u, v, k in g.edges(keys=True):
        if k == key:
            yield u, v
