"""What the Python graph rules work on: the model's typed nodes and links, indexed once.

The facts are read straight from the Oxigraph store with three SPARQL queries, not from the
full NetworkX projection (:attr:`kktrace.model.store.Model.graph`): the rules need only types,
levels, ``kkt:supports`` and ``kkt:partOf``, and building the whole MultiDiGraph was the
largest single cost of ``kktrace check`` at national scale (about 5 s of CPU for 98
municipalities, against well under 1 s for these indexes). Only ``kkt:supports`` becomes a
NetworkX DiGraph, for the algorithms (cycles).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from kktrace.model.namespaces import KKT
from kktrace.model.store import node_key
from kktrace.model.trace import reach

if TYPE_CHECKING:
    import networkx as nx

    from kktrace.model.store import Model

_TYPES = f"""
SELECT ?s ?c WHERE {{
  ?s a ?c .
  FILTER(isIRI(?s) || isBlank(?s))
  FILTER(STRSTARTS(STR(?c), "{KKT}"))
}}"""

_LEVELS = "SELECT ?s (MIN(?l) AS ?level) WHERE { ?s a ?c . ?c kkt:level ?l } GROUP BY ?s"

_LINKS = """
SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { kkt:supports kkt:partOf }
  ?s ?p ?o .
  FILTER(!isLiteral(?o))
}"""


class GraphFacts:
    """Types, levels, supports and containment of one model, plus the shared traversals.

    Built once per :func:`kktrace.findings.run.check` run, so every graph rule shares the same
    indexes.
    """

    def __init__(self, model: Model) -> None:
        self.model = model
        # Each query hands out a new string per IRI; keeping one copy of each (and one
        # frozenset per distinct class combination) saves memory at national scale.
        self._names: dict[str, str] = {}

    def _name(self, value: str) -> str:
        return self._names.setdefault(value, value)

    # -- indexes ------------------------------------------------------------------
    @cached_property
    def classes(self) -> Mapping[str, frozenset[str]]:
        """node → its contract class names (local names, subclass-aware)."""
        cut = len(KKT)
        out: dict[str, list[str]] = {}
        for s, c in self.model.query(_TYPES):  # type: ignore[misc,union-attr]
            out.setdefault(self._name(node_key(s)), []).append(c.value[cut:])
        shared: dict[frozenset[str], frozenset[str]] = {}
        return {k: shared.setdefault(frozenset(v), frozenset(v)) for k, v in out.items()}

    @cached_property
    def levels(self) -> Mapping[str, int]:
        """node → 1 strategy, 2 common, 3 local (from kkt:level on its classes)."""
        return {
            self._name(node_key(s)): int(level.value)
            for s, level in self.model.query(_LEVELS)  # type: ignore[misc,union-attr]
        }

    @cached_property
    def _links(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        supports: list[tuple[str, str]] = []
        part_of: list[tuple[str, str]] = []
        for s, p, o in self.model.query(_LINKS):  # type: ignore[misc,union-attr]
            link = (self._name(node_key(s)), self._name(node_key(o)))
            (supports if p.value.endswith("supports") else part_of).append(link)
        supports.sort()
        part_of.sort()
        return supports, part_of

    @cached_property
    def supports(self) -> nx.DiGraph:
        """Only the ``kkt:supports`` links (subject → object); nodes without one are left out."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_edges_from(self._links[0])
        return g

    def targets(self, node: str) -> Iterable[str]:
        """What ``node`` supports directly (nothing for a node without supports links)."""
        return self.supports.succ[node] if node in self.supports else ()

    @cached_property
    def containers(self) -> dict[str, list[str]]:
        """node → the nodes it is ``kkt:partOf``."""
        out: dict[str, list[str]] = {}
        for u, v in self._links[1]:
            out.setdefault(u, []).append(v)
        return out

    @cached_property
    def members(self) -> dict[str, list[str]]:
        """container → the nodes ``kkt:partOf`` it."""
        out: dict[str, list[str]] = {}
        for u, vs in self.containers.items():
            for v in vs:
                out.setdefault(v, []).append(u)
        return out

    @cached_property
    def _by_class(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for node in sorted(self.classes):
            for cls in self.classes[node]:
                out.setdefault(cls, []).append(node)
        return out

    # -- questions ------------------------------------------------------------------
    def has(self, node: str, cls: str) -> bool:
        """True when ``node`` is an instance of the contract class ``cls`` (subclass-aware)."""
        return cls in self.classes.get(node, ())

    def of_class(self, cls: str) -> list[str]:
        """Sorted nodes that are instances of ``cls``."""
        return list(self._by_class.get(cls, []))

    def level(self, node: str) -> int | None:
        """1 strategy, 2 common, 3 local, or None (from kkt:level on the classes)."""
        return self.levels.get(node)

    def at_level(self, level: int) -> list[str]:
        """Sorted nodes at ``level``."""
        return sorted(n for n, lvl in self.levels.items() if lvl == level)

    def reaching(self, targets: Iterable[str]) -> set[str]:
        """Nodes with a chain of one or more supports links to any of ``targets``."""
        pred = self.supports.pred
        return reach(pred.__getitem__, (t for t in targets if t in pred), include_starts=False)

    def reached_from(self, sources: Iterable[str]) -> set[str]:
        """Nodes reached by a chain of one or more supports links from any of ``sources``."""
        succ = self.supports.succ
        return reach(succ.__getitem__, (s for s in sources if s in succ), include_starts=False)
