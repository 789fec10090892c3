"""Impact analysis: what depends on a node, what it serves, and what a cancellation breaks.

Computed on the NetworkX projection (:attr:`kktrace.model.store.Model.graph`). The definitions
are in ``docs/governance.md``; in short:

- **depends_on_it**: every node with a ``kkt:supports`` path to the node; if the node
  contains others (a plan's goals and initiatives, a focus area's strategic goals:
  ``kkt:partOf``, transitively), those too and everything with a supports path to them.
- **serves**: every node reachable upward by ``kkt:supports``; from a strategic goal or
  focus area also upward by ``kkt:partOf`` (focus area, strategy).
- with ``cancel``: the node and what it contains are removed, and we report the goals,
  strategic goals and focus areas that have a supporting initiative now but none after
  (``loses_last_support``), the local plans that become hollow (DESIGN §3
  ``hollow-local-plan``) and the elements whose only route to the strategy went through
  the node (``stranded``). Initiatives already Cancelled do not count as supporters.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from kktrace.errors import UsageError
from kktrace.model.store import Model, iter_edges, local_name

#: Targets whose last supporting initiative ``--cancel`` looks for.
_TARGET_CLASSES = ("Goal", "StrategicGoal", "FocusArea")
#: Contained nodes that do not count as depending on their container.
_NOT_DEPENDANTS = ("StatusEntry",)


def resolve(model: Model, ref: str) -> str:
    """The IRI a user means: a full IRI, a ``skos:notation`` or an IRI's local name.

    Raises :class:`UsageError` naming close matches (by notation, local name, label).
    """
    g = model.graph
    if ref in g:
        return ref
    wanted = ref.strip().casefold()
    tail = wanted.split(":", 1)[1] if ":" in wanted and "/" not in wanted else wanted
    for key in ("notation", "local"):
        hits = sorted(
            n
            for n, d in g.nodes(data=True)
            if d["kind"] is not None
            and (
                (d["notation"] or "").casefold() == wanted
                if key == "notation"
                else local_name(n).casefold() == tail
            )
        )
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise UsageError(
                f"'{ref}' matches {len(hits)} nodes ({', '.join(hits[:5])}) — give the full IRI"
            )
    raise UsageError(f"unknown node '{ref}'{_suggest(model, ref)} — give an IRI or a skos:notation")


def _suggest(model: Model, ref: str) -> str:
    names: dict[str, str] = {}
    for n, d in model.graph.nodes(data=True):
        if d["kind"] is None:
            continue
        for name in (d["notation"], local_name(n), d["label_da"], d["label_en"]):
            if name:
                names.setdefault(name.casefold(), n)
    close = difflib.get_close_matches(ref.casefold(), sorted(names), n=5, cutoff=0.6)
    hits = list(dict.fromkeys(names[c] for c in close))
    if not hits:
        return ""
    shown = ", ".join(f"{model.graph.nodes[h]['notation'] or local_name(h)} <{h}>" for h in hits)
    return f"; did you mean {shown}?"


def entry(model: Model, iri: str, lang: str = "da") -> dict[str, Any]:
    """One node as reported: ``iri``, ``label``, ``notation``, ``kind``."""
    d = model.graph.nodes[iri] if iri in model.graph else {}
    return {
        "iri": iri,
        "label": model.label(iri, lang),
        "notation": d.get("notation"),
        "kind": d.get("kind"),
    }


def _entries(model: Model, nodes: Iterable[str], lang: str) -> list[dict[str, Any]]:
    return [entry(model, n, lang) for n in sorted(set(nodes))]


def contained(model: Model, iri: str) -> set[str]:
    """Everything ``kkt:partOf`` the node, transitively (status entries excluded)."""
    g = model.graph
    out: set[str] = set()
    todo = [iri]
    while todo:
        node = todo.pop()
        for child, _, key in g.in_edges(node, keys=True):
            skip = set(g.nodes[child]["classes"]) & set(_NOT_DEPENDANTS)
            if key == "partOf" and child not in out and child != iri and not skip:
                out.add(child)
                todo.append(child)
    return out


def depends_on(model: Model, iri: str) -> set[str]:
    """The node's supporters (any supports path) and what it contains, with their supporters."""
    import networkx as nx

    sg = model.supports_graph()
    base = {iri} | contained(model, iri)
    out = set(base)
    for node in base:
        out |= nx.ancestors(sg, node)
    out.discard(iri)
    return out


def _upward(model: Model) -> Any:
    """Supports edges plus partOf edges out of strategy-level nodes (goal → area → strategy)."""
    g = model.graph
    up = model.supports_graph()
    for child, parent in iter_edges(g, "partOf"):
        if g.nodes[child]["level"] == 1 and g.nodes[parent]["level"] == 1:
            up.add_edge(child, parent)
    return up


def serves(model: Model, iri: str) -> set[str]:
    """Everything the node serves: reachable upward (see module docstring)."""
    import networkx as nx

    return set(nx.descendants(_upward(model), iri))


def _cancelled(model: Model) -> set[str]:
    rows = model.select("SELECT ?i WHERE { ?i kkt:status kkt:Cancelled ; a kkt:Initiative }")
    return {r["i"].value for r in rows}


def _supported_targets(model: Model, up: Any, removed: set[str], dead: set[str]) -> set[str]:
    """Targets (goals, strategic goals, focus areas) with a live supporting initiative.

    ``dead`` are initiatives that do not count (already Cancelled).
    """
    import networkx as nx

    g = model.graph
    view = nx.restricted_view(up, removed, [])
    sources = {n for n in view.nodes if "Initiative" in g.nodes[n]["classes"] and n not in dead}
    reached: set[str] = set()
    for s in sources:
        if s not in reached:
            reached |= nx.descendants(view, s)
    return {n for n in reached if set(g.nodes[n]["classes"]) & set(_TARGET_CLASSES)}


def _traced(model: Model, removed: set[str]) -> set[str]:
    """Nodes with a supports path to a strategy-level node, once ``removed`` are gone."""
    import networkx as nx

    g = model.graph
    sg = nx.restricted_view(model.supports_graph(), removed, [])
    reverse = sg.reverse(copy=False)
    out: set[str] = set()
    for n in sg.nodes:
        if g.nodes[n]["level"] == 1 and n not in out:
            out |= nx.descendants(reverse, n)
    return out


def _hollow(model: Model, removed: set[str]) -> set[tuple[str, str]]:
    """(local plan, common plan) pairs that are hollow once ``removed`` are gone."""
    import networkx as nx

    g = model.graph
    sg = nx.restricted_view(model.supports_graph(), removed, [])
    members: dict[str, set[str]] = {}
    for child, parent in iter_edges(g, "partOf"):
        if child not in removed:
            members.setdefault(parent, set()).add(child)
    out = set()
    for local, common in iter_edges(g, "supports"):
        if local in removed or common in removed:
            continue
        if "LocalActionPlan" not in g.nodes[local]["classes"]:
            continue
        if "CommonActionPlan" not in g.nodes[common]["classes"]:
            continue
        targets = members.get(common, set())
        reaches = set()
        for t in targets:
            reaches |= nx.ancestors(sg, t)
        if not members.get(local, set()) & reaches:
            out.add((local, common))
    return out


def impact(model: Model, ref: str, cancel: bool = False, lang: str = "da") -> dict[str, Any]:
    """The impact analysis of one node as JSON-ready data.

    Keys: ``node``, ``depends_on_it``, ``serves``, ``loses_last_support``; with
    ``cancel`` also ``hollow_plans`` and ``stranded`` (without ``cancel`` the three
    cancellation keys are ``None``: not computed). Entries are sorted by IRI.
    """
    iri = resolve(model, ref)
    up = _upward(model)
    result: dict[str, Any] = {
        "node": entry(model, iri, lang),
        "depends_on_it": _entries(model, depends_on(model, iri), lang),
        "serves": _entries(model, serves(model, iri), lang),
        "loses_last_support": None,
        "hollow_plans": None,
        "stranded": None,
        "cancel": cancel,
    }
    if not cancel:
        return result
    removed = {iri} | contained(model, iri)
    dead = _cancelled(model)
    before = _supported_targets(model, up, set(), dead)
    after = _supported_targets(model, up, removed, dead)
    result["loses_last_support"] = _entries(model, before - after - removed, lang)
    hollow_now = _hollow(model, set())
    result["hollow_plans"] = [
        {**entry(model, local, lang), "common_plan": entry(model, common, lang)}
        for local, common in sorted(_hollow(model, removed) - hollow_now)
    ]
    traced_now = _traced(model, set())
    traced_after = _traced(model, removed)
    stranded = {
        n for n in (traced_now - traced_after - removed) if model.graph.nodes[n]["level"] in (2, 3)
    }
    result["stranded"] = _entries(model, stranded, lang)
    return result
