"""Trace chains (kktrace.model.trace) on hand-made graphs and the small report case."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kktrace.model import trace
from kktrace.model.store import load

SMALL = Path(__file__).parent / "golden" / "report-small-case.ttl"
EX = "https://example.org/kk/"


def _graph(levels: dict[str, int | None], edges: list[tuple[str, str]]) -> nx.DiGraph:
    g = nx.DiGraph()
    for node, level in levels.items():
        g.add_node(node, level=level, kind=None if level is None else "X")
    g.add_edges_from(edges)
    return g


def test_shortest_complete_chain_wins_ties_by_iri() -> None:
    g = _graph(
        {"a": 3, "b": 2, "c": 2, "s1": 1, "s2": 1},
        [("a", "c"), ("a", "b"), ("b", "s2"), ("c", "s1")],
    )
    chain = trace.chain_in(g, "a")
    assert chain.complete and chain.reason is None
    assert chain.path == ("a", "c", "s1")


def test_strategy_node_is_its_own_complete_chain() -> None:
    g = _graph({"s": 1}, [])
    assert trace.chain_in(g, "s") == trace.TraceChain(("s",), True)


def test_break_goes_to_highest_reachable_node() -> None:
    g = _graph({"a": 3, "g": 3, "c": 2}, [("a", "g"), ("g", "c")])
    chain = trace.chain_in(g, "a")
    assert not chain.complete
    assert chain.path == ("a", "g", "c") and chain.end == "c"
    assert chain.reason == trace.STOPS


def test_break_at_dangling_target() -> None:
    g = _graph({"a": 3, "ghost": None}, [("a", "ghost")])
    chain = trace.chain_in(g, "a")
    assert chain.reason == trace.DANGLING and chain.end == "ghost"


def test_break_in_cycle() -> None:
    g = _graph({"a": 3, "b": 3}, [("a", "b"), ("b", "a")])
    chain = trace.chain_in(g, "a")
    assert chain.reason == trace.CYCLE and chain.path == ("a", "b")


def test_unknown_node() -> None:
    chain = trace.chain_in(nx.DiGraph(), "nowhere")
    assert chain.path == ("nowhere",) and chain.reason == trace.DANGLING


def test_strategy_reach_and_supporters() -> None:
    g = _graph({"a": 3, "b": 2, "s": 1, "x": 3}, [("a", "b"), ("b", "s")])
    assert trace.strategy_reach(g) == {"a", "b", "s"}
    assert trace.supporters(g, "b") == {"a"}
    assert trace.supporters(g, "missing") == frozenset()


@pytest.fixture(scope="module")
def small():
    return load([SMALL])


@pytest.mark.parametrize(
    ("start", "path", "complete"),
    [
        ("LI1", ("LI1", "LG1", "CG1", "SG1"), True),
        ("LI3", ("LI3", "CG2", "FA1"), True),
        ("LI4", ("LI4", "CG3"), False),
        ("LI2", ("LI2",), False),
        ("BUF-LP", ("BUF-LP", "CP", "S"), True),
    ],
)
def test_chains_in_small_model(small, start: str, path: tuple[str, ...], complete: bool) -> None:
    chain = trace.trace_chain(small, EX + start)
    assert chain.path == tuple(EX + p for p in path)
    assert chain.complete is complete
