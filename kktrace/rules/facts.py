"""What the Python graph rules work on: the model's NetworkX projection, indexed once."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from ..model import Model


class GraphFacts:
    """The projection of one model plus the indexes the graph rules share.

    Built once per :func:`kktrace.check.check` run, so the supports graph and the
    containment index are computed once for all graph rules.
    """

    def __init__(self, model: Model) -> None:
        self.model = model

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The full projection (see :func:`kktrace.model.project`)."""
        return self.model.graph

    @cached_property
    def supports(self) -> nx.DiGraph:
        """Only the ``kkt:supports`` links (subject → object)."""
        return self.model.supports_graph()

    def has(self, node: str, cls: str) -> bool:
        """True when ``node`` is an instance of the contract class ``cls`` (subclass-aware)."""
        return cls in self.graph.nodes[node]["classes"]

    def of_class(self, cls: str) -> list[str]:
        """Sorted nodes that are instances of ``cls``."""
        return sorted(n for n, d in self.graph.nodes(data=True) if cls in d["classes"])

    def level(self, node: str) -> int | None:
        """1 strategy, 2 common, 3 local, or None (from kkt:level on the classes)."""
        return self.graph.nodes[node]["level"]

    @cached_property
    def containers(self) -> dict[str, list[str]]:
        """node → the nodes it is ``kkt:partOf``."""
        out: dict[str, list[str]] = {}
        for u, v, k in self.graph.edges(keys=True):
            if k == "partOf":
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

    def reaching(self, targets: Iterable[str]) -> set[str]:
        """Nodes with a chain of one or more supports links to any of ``targets``."""
        return _bfs(self.supports.pred, targets)

    def reached_from(self, sources: Iterable[str]) -> set[str]:
        """Nodes reached by a chain of one or more supports links from any of ``sources``."""
        return _bfs(self.supports.succ, sources)


def _bfs(adjacency: nx.classes.coreviews.AdjacencyView, starts: Iterable[str]) -> set[str]:
    """Multi-source breadth-first search; the starts count only if reached again."""
    seen: set[str] = set()
    queue = deque(starts)
    while queue:
        for nxt in adjacency[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen
