"""Which nodes a view shows: the trace graph of a model, and the filters on it.

The *trace graph* holds the strategy, plan, goal and initiative nodes (levels 1–3) and the
untyped nodes they link to (dangling references), joined by their ``kkt:supports`` and
``kkt:partOf`` links. "Up" follows those links (towards the strategy), "down" follows them
backwards (what supports or belongs to a node).

Plan-period chains (``kkt:continues`` between initiatives, ``kkt:successorOf`` between plans)
are kept apart in :attr:`Trace.chains`: they are drawn as extra edges between nodes that are
there anyway, never followed by the filters and never used by the layout.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kktrace.errors import UsageError
from kktrace.view.style import KIND_STYLES

if TYPE_CHECKING:
    import networkx as nx

    from kktrace.facts import Facts
    from kktrace.model.store import Model

TRACE_EDGES = ("supports", "partOf")
#: Plan-period links: an initiative carries on an earlier one, a plan follows an earlier plan.
CHAIN_EDGES = ("continues", "successorOf")
PLAN_KINDS = ("TransitionActionPlan", "CommonActionPlan", "LocalActionPlan", "ActionPlan")
_PLANS = (
    "SELECT DISTINCT ?p WHERE { VALUES ?c { "
    + " ".join(f"kkt:{k}" for k in PLAN_KINDS)
    + " } ?p a ?c }"
)


@dataclass
class Trace:
    """The trace graph of a model with the facts a view needs about each node."""

    nodes: dict[str, dict]  # IRI -> projection node data
    edges: list[tuple[str, str, str]]  # (from, to, "supports"|"partOf"), sorted
    up: dict[str, list[str]] = field(default_factory=dict)
    down: dict[str, list[str]] = field(default_factory=dict)
    plan_of: dict[str, str] = field(default_factory=dict)
    owner_of: dict[str, str] = field(default_factory=dict)  # plan -> owner IRI
    #: plan -> its administration (kktrace.facts: the owner's, up org:unitOf /
    #: org:subOrganizationOf), "" for none
    plan_admin: dict[str, str] = field(default_factory=dict)
    #: plan -> its municipality (kktrace.facts), "" for none
    plan_muni: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)  # administration IRI -> code
    #: trace node -> the municipality it belongs to ("" when the data does not say)
    municipality: dict[str, str] = field(default_factory=dict)
    #: (later, earlier, "continues"|"successorOf") between trace nodes, sorted
    chains: list[tuple[str, str, str]] = field(default_factory=list)
    #: the projection it was built from (the whole model's, or a part: :meth:`for_view`)
    graph: Any = field(default=None, repr=False)
    #: built from a part of the projection (:meth:`for_view`): facts about nodes outside
    #: it must be read from the model, not from this trace
    partial: bool = False
    _periods: dict[str, str] | None = field(default=None, repr=False)

    @classmethod
    def of(
        cls, model: Model, graph: nx.MultiDiGraph | None = None, facts: Facts | None = None
    ) -> Trace:
        """Build the trace graph from the model's NetworkX projection (or from ``graph``,
        a part of it made by :func:`kktrace.model.store.project` with ``around``)."""
        g = model.graph if graph is None else graph
        typed = {n for n, d in g.nodes(data=True) if d["kind"] in KIND_STYLES or d["level"]}
        edges = sorted(
            (u, v, k) for u, v, k in g.edges(keys=True) if k in TRACE_EDGES and u in typed
        )
        names = typed | {v for _, v, _ in edges if g.nodes[v]["kind"] is None}
        edges = [e for e in edges if e[1] in names]
        trace = cls(nodes={n: g.nodes[n] for n in sorted(names)}, edges=edges, graph=g)
        for u, v, _ in edges:
            trace.up.setdefault(u, []).append(v)
            trace.down.setdefault(v, []).append(u)
        for u, v, k in edges:
            if k == "partOf" and trace.nodes[v]["kind"] in PLAN_KINDS:
                trace.plan_of.setdefault(u, v)
        for n, d in trace.nodes.items():
            if d["kind"] in PLAN_KINDS:
                trace.plan_of[n] = n
        for u, v, k in g.edges(keys=True):
            if k == "owner" and u in trace.nodes:
                trace.owner_of.setdefault(u, v)
        for n, d in g.nodes(data=True):
            if d["kind"] == "Administration":
                trace.codes[n] = d["notation"] or ""
        if facts is None:
            from kktrace.facts import Facts

            facts = Facts(model)
        for plan in sorted(set(trace.plan_of.values())):
            trace.plan_admin[plan] = facts.administration_of(plan) or ""
            trace.plan_muni[plan] = facts.municipality_of(plan) or ""
        trace._municipalities(g)
        trace.chains = sorted(
            {
                (u, v, k)
                for u, v, k in g.edges(keys=True)
                if k in CHAIN_EDGES and u in trace.nodes and v in trace.nodes and u != v
            }
        )
        return trace

    @classmethod
    def for_view(cls, model: Model, filters: Filters) -> Trace:
        """The trace graph a view with ``filters`` needs.

        With ``--administration``: built only from the trace components of that
        administration's plans (:func:`~kktrace.model.store.project` with ``around``) —
        everything such a view shows or works out (the chain up, municipalities, plans,
        plan-period links) lies inside them, so at 98 municipalities it reads one
        municipality's nodes instead of projecting the whole model. A ``--plan`` or
        ``--focus`` that is not a node there (a code, another component, a typo) gets the
        whole trace graph, so it is resolved, and its error worded, exactly as before.
        Otherwise the whole trace graph.
        """
        if not filters.administration:
            return cls.of(model)
        from kktrace.facts import Facts
        from kktrace.model.store import project

        facts = Facts(model)
        orgs = cls.of(model, project(model, around=()), facts)  # the administrations' codes
        adm = resolve_administration(model, orgs, filters.administration)
        plans = [
            p
            for (p,) in model.select_values(_PLANS)
            if p is not None and facts.administration_of(p) == adm
        ]
        trace = cls.of(model, project(model, around=plans), facts)
        trace.partial = True
        plan_there = trace.nodes.get(filters.plan or "", {}).get("kind") in PLAN_KINDS
        if (filters.plan and not plan_there) or (
            filters.focus and filters.focus not in trace.nodes
        ):
            return cls.of(model, facts=facts)
        return trace

    def _municipalities(self, g) -> None:
        """Each node's municipality: its plan owner's ``org:unitOf``; the strategy's is the
        one most of its supporting plans give; focus areas, strategic goals and dangling
        nodes take it from the node above (or below)."""
        munis = {n for n, d in g.nodes(data=True) if d["kind"] == "Municipality"}

        def unit(owner: str) -> str:
            if owner in munis:
                return owner
            u = g.nodes[owner].get("unit_of") if owner in g else None
            return u or ""

        m = self.municipality
        for n in self.nodes:
            plan = self.plan_of.get(n, "")
            if plan and plan in self.owner_of:
                m[n] = self.plan_muni.get(plan) or unit(self.owner_of[plan])
        for n, d in self.nodes.items():
            if n not in m and d["kind"] == "ITStrategy":
                votes = sorted(
                    m[u] for u in self.down.get(n, ()) if m.get(u) and self.plan_of.get(u) == u
                )
                m[n] = max(votes, key=votes.count) if votes else ""
        for _ in range(4):  # focus areas → strategic goals → … (and dangling nodes)
            for n in self.nodes:
                if m.get(n):
                    continue
                near = [m[v] for v in self.up.get(n, ()) if m.get(v)]
                near = near or [m[v] for v in self.down.get(n, ()) if m.get(v)]
                if near:
                    m[n] = sorted(near)[0]
        for n in self.nodes:
            m.setdefault(n, "")

    def periods(self, model: Model) -> dict[str, str]:
        """:func:`kktrace.view.build.plan_period` of its nodes (read once per trace)."""
        if self._periods is None:
            from kktrace.view.build import plan_period

            self._periods = plan_period(model, self.nodes if self.partial else None)
        return self._periods

    def administration_of(self, node: str) -> str:
        """The IRI of the administration of the node's plan (:meth:`kktrace.facts.Facts.
        administration_of` of the plan), or ``""``."""
        return self.plan_admin.get(self.plan_of.get(node, ""), "")

    def closure(self, seeds: Iterable[str], direction: str, depth: int | None = None) -> set[str]:
        """The seeds and every node reachable ``up`` or ``down`` within ``depth`` steps."""
        adjacency = self.up if direction == "up" else self.down
        seen = set(seeds)
        queue = deque((s, 0) for s in sorted(seen))
        while queue:
            node, dist = queue.popleft()
            if depth is not None and dist >= depth:
                continue
            for nxt in adjacency.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append((nxt, dist + 1))
        return seen


@dataclass(frozen=True)
class Filters:
    """What to show (all ``None``/``False`` = the whole strategy)."""

    administration: str | None = None
    plan: str | None = None
    focus: str | None = None
    depth: int | None = None
    findings_only: bool = False


def resolve_administration(model: Model, trace: Trace, value: str) -> str:
    """An administration's IRI from its code (case-insensitive) or IRI; else UsageError."""
    # An exact match first: "ABC" and "abc" may be two administrations.
    for iri, code in sorted(trace.codes.items()):
        if value in (iri, code):
            return iri
    for iri, code in sorted(trace.codes.items()):
        if value.casefold() == code.casefold():
            return iri
    known = ", ".join(
        f"{code or '?'} ({model.label(iri)})" for iri, code in sorted(trace.codes.items())
    )
    raise UsageError(
        f"unknown administration '{value}' — give one of: {known or 'none in the data'}"
    )


def resolve_node(
    model: Model, trace: Trace, value: str, *, what: str, kinds: Collection[str] | None = None
) -> str:
    """A trace node's IRI from its IRI or ``skos:notation``; else UsageError with hints."""
    candidates = {n: d for n, d in trace.nodes.items() if kinds is None or d["kind"] in kinds}
    if value in candidates:
        return value
    by_code = sorted(n for n, d in candidates.items() if d["notation"] == value)
    if len(by_code) == 1:
        return by_code[0]
    names = sorted(candidates) + sorted(d["notation"] for d in candidates.values() if d["notation"])
    close = difflib.get_close_matches(value, names, n=5, cutoff=0.5)
    if kinds is not None and len(candidates) <= 30:
        listing = "; ".join(f"{n} ({model.label(n)})" for n in sorted(candidates))
        hint = f"give one of: {listing}"
    elif close:
        hint = "did you mean: " + ", ".join(close)
    else:
        hint = f"give the IRI or code of one of the {len(candidates)} {what}s (see `kktrace info`)"
    raise UsageError(f"unknown {what} '{value}' — {hint}")


def select(model: Model, trace: Trace, filters: Filters, flagged: set[str]) -> set[str]:
    """The nodes of the trace graph that a view with these filters shows.

    ``--administration``: the administration's plans and their elements, with everything
    above them. ``--plan``: the plan, its elements, everything above and everything that
    supports them. ``--focus``: the node, its chain up and what supports it (``depth`` steps
    each way, unlimited by default). ``findings_only``: nodes with findings and their chain
    up. Filters combine by intersection.
    """
    shown = set(trace.nodes)
    if filters.administration:
        adm = resolve_administration(model, trace, filters.administration)
        seeds = {n for n in trace.nodes if trace.administration_of(n) == adm}
        if not seeds:
            raise UsageError(
                f"administration '{filters.administration}' has no action plan in the data — "
                "nothing to draw; run `kktrace check` to see the gap"
            )
        shown &= trace.closure(seeds, "up")
    if filters.plan:
        plan = resolve_node(model, trace, filters.plan, what="plan", kinds=PLAN_KINDS)
        seeds = {n for n in trace.nodes if trace.plan_of.get(n) == plan}
        shown &= trace.closure(seeds, "up") | trace.closure(seeds, "down")
    if filters.focus:
        focus = resolve_node(model, trace, filters.focus, what="node")
        depth = filters.depth
        near = trace.closure([focus], "up", depth) | trace.closure([focus], "down", depth)
        # the plans of what it shows, so a supporter's plan (and administration) is there
        near |= {trace.plan_of[n] for n in near if n in trace.plan_of}
        shown &= near
    if filters.findings_only:
        shown &= trace.closure(flagged & set(trace.nodes), "up")
    return shown
