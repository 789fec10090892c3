"""Facts answer from the store what the NetworkX projection says, node for node.

The gap report and the status report read classes, kinds, levels, notations, links and
trace chains through :class:`kktrace.facts.Facts` instead of building ``model.graph``
(seconds at national scale). These tests hold every answer to the projection's, on the
bundled data and on the RDF edge data (blank nodes, literals where links belong, integer
subtypes, named graphs, several formats in one folder).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kktrace import load
from kktrace.facts import Facts
from kktrace.model.store import EDGE_PROPERTIES, Model
from kktrace.model.trace import chain_in, strategy_reach

EDGES = Path(__file__).parent / "data" / "rdf_edges"


@pytest.fixture(scope="module", params=["bundled", "rdf_edges"])
def model(request: pytest.FixtureRequest) -> Model:
    return load() if request.param == "bundled" else load([EDGES])


def test_nodes_kinds_levels_notations_match_the_projection(model: Model) -> None:
    g = model.graph
    facts = Facts(model)
    assert facts.nodes() == sorted(g.nodes)
    for node, data in g.nodes(data=True):
        assert facts.in_model(node), node
        assert facts.kind(node) == data["kind"], node
        assert facts.level(node) == data["level"], node
        assert facts.notations.get(node) == data["notation"], node
        for cls in data["classes"]:
            assert facts.has(node, cls), (node, cls)
    assert not facts.in_model("https://example.org/not-in-the-data")
    for cls in ("Initiative", "LocalInitiative", "ActionPlan", "Administration"):
        assert facts.of_kind(cls) == model.nodes_of_kind(cls)


def test_links_both_ways_match_the_projection(model: Model) -> None:
    g = model.graph
    facts = Facts(model)
    for key in EDGE_PROPERTIES:
        out: dict[str, list[str]] = {}
        into: dict[str, list[str]] = {}
        for u, v, k in g.edges(keys=True):
            if k == key:
                out.setdefault(u, []).append(v)
                into.setdefault(v, []).append(u)
        assert out or key in ("continues", "successorOf", "decision", "funding", "businessCase")
        for node in g.nodes:
            assert facts.links(node, key) == sorted(out.get(node, [])), (node, key)
            assert facts.linked_from(node, key) == sorted(into.get(node, [])), (node, key)


def test_trace_chains_and_reach_match_the_projection(model: Model) -> None:
    sg = model.supports_graph()
    facts = Facts(model)
    assert facts.reach == strategy_reach(sg)
    chains = 0
    for node in sg.nodes:
        assert facts.chain(node) == chain_in(sg, node), node
        chains += 1
    assert chains > 0
    assert facts.chain("https://example.org/nowhere") == chain_in(sg, "https://example.org/nowhere")


def test_literals_read_per_node_and_in_bulk_agree(model: Model) -> None:
    """The same values whether a property is read one node at a time or all at once."""
    one, bulk = Facts(model).literals, Facts(model).literals
    nodes = Facts(model).nodes()
    for prop in ("startDate", "endDate", "budget", "priority"):
        everything = {iri: v for (iri, p), v in bulk.items() if p == prop}
        assert everything or prop == "budget"
        for iri in nodes:
            assert one.get((iri, prop)) == everything.get(iri), (iri, prop)
