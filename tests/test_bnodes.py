"""Blank-node labels (kktrace/model/bnodes.py): deterministic, distinct, structure kept.

The shapes come from benchmarks/bnodes.py (the same generators the timings use): lists,
sets and copies of identical items, nested lists, rings, deep chains, a star and a torus
of identical nodes — the cases where nothing but the structure tells blank nodes apart.
"""

from __future__ import annotations

import random
import re
import sys

import networkx as nx
import pyoxigraph as ox
import pytest
from networkx.algorithms import isomorphism as iso
from synthetic import bnode_shapes

from kktrace.model.bnodes import canonical_labels

shapes = bnode_shapes()

EX = "https://example.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SMALL = dict.fromkeys(shapes.SHAPES, 30) | {"grid": 36}


def _parse(lines: list[str]) -> list[ox.Quad]:
    data = "\n".join(lines).encode()
    return list(ox.parse(data, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True))


def _disguise(lines: list[str], seed: int) -> list[str]:
    """The same statements, shuffled, with every blank node id replaced by another."""
    rnd = random.Random(seed)
    ids: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        return ids.setdefault(m.group(0), f"_:x{rnd.getrandbits(40):x}")

    out = [re.sub(r"_:[A-Za-z0-9]+", rename, line) for line in lines]
    rnd.shuffle(out)
    return out


def _text(quads: list[ox.Quad]) -> list[str]:
    return sorted(str(q) for q in quads)


def _blanks(quads: list[ox.Quad]) -> set[ox.BlankNode]:
    return {
        t for q in quads for t in (q.subject, q.object, q.graph_name) if type(t) is ox.BlankNode
    }


def _graph(quads: list[ox.Quad]) -> nx.MultiDiGraph:
    """The quads as a graph whose blank nodes are anonymous (a graph name is a node too)."""
    g = nx.MultiDiGraph()
    for q in quads:
        for t in (q.subject, q.object, q.graph_name):
            g.add_node(t, term="_" if type(t) is ox.BlankNode else str(t))
        g.add_edge(q.subject, q.object, p=q.predicate.value)
        g.add_edge(q.graph_name, q.subject, p="graph")
    return g


@pytest.mark.parametrize("shape", sorted(shapes.SHAPES))
def test_labels_survive_shuffling_and_renaming(shape: str) -> None:
    lines = shapes.SHAPES[shape](SMALL[shape])
    first = _text(canonical_labels(_parse(lines)))
    for seed in range(4):
        again = _text(canonical_labels(_parse(_disguise(lines, seed))))
        assert again == first, f"{shape}: labels changed with the order or the ids"


@pytest.mark.parametrize("shape", sorted(shapes.SHAPES))
def test_every_blank_node_keeps_a_label_of_its_own(shape: str) -> None:
    quads = _parse(shapes.SHAPES[shape](SMALL[shape]))
    out = canonical_labels(quads)
    assert len(_blanks(out)) == len(_blanks(quads))
    assert len(out) == len(quads)
    assert all(re.fullmatch(r"b[0-9a-f]{16}(-\d+)?", b.value) for b in _blanks(out))
    # The relabelled data is the same graph: nothing merged, split or rewired. (Not
    # rdflib.compare.isomorphic: it takes minutes on these symmetric shapes.)
    assert nx.is_isomorphic(
        _graph(quads),
        _graph(out),
        node_match=iso.categorical_node_match("term", None),
        edge_match=iso.categorical_multiedge_match("p", None),
    )


def test_the_blank_nodes_of_two_files_never_merge() -> None:
    lines = shapes.shape_set(5)
    one = _parse(lines)
    two = _parse(lines) + _parse(_disguise(lines, 1))  # two files, the same statements
    out = canonical_labels(two)
    labels = _blanks(out)
    assert len(labels) == 2 * len(_blanks(one))
    # the copy is numbered, the original keeps the label it has alone
    assert {b.value for b in _blanks(canonical_labels(one))} < {b.value for b in labels}
    assert sum(b.value.endswith("-2") for b in labels) == len(_blanks(one))


def test_a_10000_item_list_of_identical_items_is_labelled_in_full() -> None:
    n = 10_000
    out = canonical_labels(_parse(shapes.shape_list(n)))
    first, rest, v = ox.NamedNode(RDF + "first"), ox.NamedNode(RDF + "rest"), EX + "v"
    by_subject: dict[object, dict[str, object]] = {}
    for q in out:
        by_subject.setdefault(q.subject, {})[q.predicate.value] = q.object
    head = next(q.object for q in out if q.predicate.value == EX + "items")
    items, cell = [], head
    while cell != ox.NamedNode(RDF + "nil"):
        items.append(by_subject[cell][first.value])
        cell = by_subject[cell][rest.value]
    assert len(items) == n and len(set(items)) == n
    assert all(
        by_subject[item][v]
        == ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        for item in items
    )
    assert len(_blanks(out)) == 2 * n


@pytest.mark.parametrize("shape", ["chain", "cycle"])
def test_deep_nesting_and_long_rings_need_no_recursion(shape: str) -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # far below the 10,000 levels of the data
    try:
        out = canonical_labels(_parse(shapes.SHAPES[shape](10_000)))
    finally:
        sys.setrecursionlimit(limit)
    assert len(_blanks(out)) == 10_000


def test_look_alike_nodes_that_are_not_interchangeable_are_tried_in_turn() -> None:
    # Two rings of three and one of six, all in one component through a shared hub:
    # every ring node looks alike to refinement, but a node of a 3-ring cannot be mapped
    # onto a node of the 6-ring. Within the trial budget the result is the same for every
    # order of the statements.
    def ring(tag: str, k: int) -> list[str]:
        return [f"_:{tag}{i} <{EX}next> _:{tag}{(i + 1) % k} ." for i in range(k)] + [
            f"_:hub <{EX}has> _:{tag}{i} ." for i in range(k)
        ]

    lines = ring("a", 3) + ring("b", 3) + ring("c", 6)
    first = _text(canonical_labels(_parse(lines)))
    for seed in range(6):
        assert _text(canonical_labels(_parse(_disguise(lines, seed)))) == first


def test_blank_graph_names_self_links_and_duplicates() -> None:
    # Blank nodes as graph names, a node in every position of its own quad, a ring of
    # three where each quad names all three, and one statement written twice.
    lines = [
        f"_:a <{EX}p> _:a _:g .",
        f"_:b <{EX}p> _:a _:g .",
        f"_:g <{EX}p> _:b _:g .",
        f"_:c <{EX}p> _:c _:c .",
        f"_:d <{EX}p> _:e _:h .",
        f"_:e <{EX}p> _:d _:h .",
        f'_:h <{EX}q> "x" .',
        f'_:h <{EX}q> "x" .',
        f"_:i <{EX}p> _:j _:k .",
        f"_:j <{EX}p> _:k _:i .",
        f"_:k <{EX}p> _:i _:j .",
    ]

    def parse(some: list[str]) -> list[ox.Quad]:
        data = "\n".join(some).encode()
        return list(ox.parse(data, ox.RdfFormat.N_QUADS, rename_blank_nodes=True))

    out = canonical_labels(parse(lines))
    assert len(out) == len(lines) - 1  # the statement written twice is one quad
    assert len(_blanks(out)) == 10
    self_linked = [q for q in out if q.subject == q.object == q.graph_name]
    assert len(self_linked) == 1
    for seed in range(8):
        assert _text(canonical_labels(parse(_disguise(lines, seed)))) == _text(out)
