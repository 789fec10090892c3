"""Trace chains: how a node's ``kkt:supports`` links lead up to the strategy level.

A *trace chain* starts at a node and follows ``kkt:supports`` links upward. It is
*complete* when it reaches a node of the strategy level (an ``ITStrategy``, ``FocusArea``
or ``StrategicGoal``); otherwise it shows how far the links go and why they stop there.
Everything works on :meth:`kktrace.model.store.Model.supports_graph` (a NetworkX DiGraph, edge
``u → v`` = ``u kkt:supports v``), so views and impact analysis can reuse it.

>>> import networkx as nx
>>> g = nx.DiGraph()
>>> g.add_node("s", level=1, kind="StrategicGoal")
>>> g.add_node("c", level=2, kind="CommonGoal")
>>> g.add_node("l", level=3, kind="LocalInitiative")
>>> g.add_edges_from([("l", "c"), ("c", "s")])
>>> chain_in(g, "l").path
('l', 'c', 's')
>>> chain_in(g, "c").complete
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from kktrace.model.store import Model

#: Level of the strategy (ITStrategy, FocusArea, StrategicGoal) in the projection.
STRATEGY_LEVEL = 1

#: Why a chain stops short of the strategy level.
DANGLING = "dangling"  # the last node has no type in the data (a link to nothing known)
CYCLE = "cycle"  # the links upward from the last node only lead back into the chain
STOPS = "stops"  # the last node has no kkt:supports link leading further up


@dataclass(frozen=True)
class TraceChain:
    """The path from ``path[0]`` upward; each node ``kkt:supports`` the next.

    ``complete`` is True when the last node is at the strategy level; otherwise
    ``reason`` says why the chain breaks at the last node (:data:`DANGLING`,
    :data:`CYCLE` or :data:`STOPS`).
    """

    path: tuple[str, ...]
    complete: bool
    reason: str | None = None

    @property
    def start(self) -> str:
        return self.path[0]

    @property
    def end(self) -> str:
        """Where the chain reaches the strategy, or where it breaks."""
        return self.path[-1]


def trace_chain(model: Model, iri: str, graph: nx.DiGraph | None = None) -> TraceChain:
    """The trace chain of ``iri`` in ``model`` (pass ``graph`` to reuse a supports graph).

    The shortest path to a strategy-level node wins; ties go to the smallest IRI, so
    the answer is deterministic. When no path exists the chain goes to the highest
    node reachable (the farthest of those), and ``reason`` says why it stops there.
    """
    return chain_in(graph if graph is not None else model.supports_graph(), iri)


def chain_in(g: nx.DiGraph, iri: str) -> TraceChain:
    """:func:`trace_chain` on a supports graph (nodes carry ``level`` and ``kind``)."""
    return chain_by(
        iri,
        up=lambda n: sorted(g.successors(n)),
        level=lambda n: _level(g, n),
        kind=lambda n: g.nodes[n].get("kind"),
        known=g.__contains__,
    )


def chain_by(
    iri: str,
    *,
    up: Callable[[str], Iterable[str]],
    level: Callable[[str], int | None],
    kind: Callable[[str], str | None],
    known: Callable[[str], bool],
) -> TraceChain:
    """:func:`chain_in` over any index of the supports links: ``up(node)`` gives the nodes
    it ``kkt:supports`` in ascending order, ``level`` / ``kind`` its level and kind,
    ``known`` whether the node is in the data at all.

    >>> ups = {"l": ["c"], "c": ["s"], "s": []}
    >>> levels = {"l": 3, "c": 2, "s": 1}
    >>> chain_by("l", up=ups.__getitem__, level=levels.get, kind=lambda n: "x",
    ...          known=ups.__contains__).path
    ('l', 'c', 's')
    """
    if not known(iri):
        return TraceChain((iri,), False, DANGLING)
    parent: dict[str, str | None] = {iri: None}
    depth = {iri: 0}
    queue = deque([iri])
    order: list[str] = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for nxt in up(node):
            if nxt not in parent:
                parent[nxt] = node
                depth[nxt] = depth[node] + 1
                queue.append(nxt)
    tops = [n for n in order if level(n) == STRATEGY_LEVEL]
    if tops:
        end = min(tops, key=lambda n: (depth[n], n))
        return TraceChain(_path(parent, end), True)
    # An untyped (dangling) node ranks with the node that links to it: the chain
    # should show the broken link rather than stop before it.
    rank: dict[str, int] = {}
    for n in order:
        prev = parent[n]
        rank[n] = level(n) or (rank[prev] if prev is not None else 99)
    end = min(order, key=lambda n: (rank[n], -depth[n], n))
    path = _path(parent, end)
    if kind(end) is None:
        reason = DANGLING
    elif set(up(end)) & set(path):
        reason = CYCLE
    else:
        reason = STOPS
    return TraceChain(path, False, reason)


def strategy_reach(g: nx.DiGraph) -> frozenset[str]:
    """Every node whose ``kkt:supports`` chain reaches the strategy level (incl. those nodes).

    One reverse breadth-first search from all strategy-level nodes: linear in the graph.
    """
    tops = [n for n in g if _level(g, n) == STRATEGY_LEVEL]
    return frozenset(reach(g.predecessors, tops))


def supporters(g: nx.DiGraph, iri: str) -> frozenset[str]:
    """Every node whose ``kkt:supports`` chain reaches ``iri`` (not ``iri`` itself)."""
    if iri not in g:
        return frozenset()
    return frozenset(reach(g.predecessors, [iri]) - {iri})


def reach(
    neighbours: Callable[[str], Iterable[str]],
    starts: Iterable[str],
    *,
    include_starts: bool = True,
) -> set[str]:
    """Multi-source breadth-first search: every node reachable from ``starts``.

    The one search every traversal uses. ``neighbours(node)`` gives the next nodes (e.g.
    ``g.predecessors`` to go down the supports links). With ``include_starts=False`` a
    start counts only when it is reached again from another start (or itself: a cycle).

    >>> up = {"a": ["b"], "b": ["c"], "c": []}
    >>> sorted(reach(up.__getitem__, ["a"])), sorted(reach(up.__getitem__, ["a"], include_starts=False))
    (['a', 'b', 'c'], ['b', 'c'])
    """
    queue = deque(starts)
    seen = set(queue) if include_starts else set()
    while queue:
        for nxt in neighbours(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _level(g: nx.DiGraph, node: str) -> int | None:
    return g.nodes[node].get("level")


def _path(parent: dict[str, str | None], end: str) -> tuple[str, ...]:
    path = [end]
    while (prev := parent[path[-1]]) is not None:
        path.append(prev)
    return tuple(reversed(path))


__all__ = [
    "CYCLE",
    "DANGLING",
    "STOPS",
    "TraceChain",
    "chain_by",
    "chain_in",
    "reach",
    "strategy_reach",
    "supporters",
    "trace_chain",
]
