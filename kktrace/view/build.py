"""Build a view: the nodes and edges (vis-network records) of a filtered trace graph.

Everything a node shows is data here; :mod:`kktrace.view.html` only renders it. Tooltips are
HTML built from escaped pieces (:func:`html.escape` on every label, message and IRI).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kktrace.errors import UsageError
from kktrace.findings.finding import Finding, Report
from kktrace.model.namespaces import KKT
from kktrace.model.store import BUNDLED_SOURCE, key_term, node_key
from kktrace.model.vocab import SEVERITIES
from kktrace.provenance import illustrative_elements
from kktrace.view import layout as layouts
from kktrace.view.select import (
    CHAIN_EDGES,
    PLAN_KINDS,
    TRACE_EDGES,
    Filters,
    Trace,
    resolve_node,
    select,
)
from kktrace.view.style import (
    BORDER,
    CONTINUES_COLOUR,
    CONTINUES_DASHES,
    FINDING_BORDER,
    FOCUS_BORDER,
    KIND_STYLES,
    LABEL_COLOUR,
    LEVEL_OF_ROW,
    ORPHAN_BORDER,
    ORPHAN_FILL,
    ORPHAN_SIZE,
    PART_OF_COLOUR,
    SEVERITY_COLOURS,
    SUCCESSOR_COLOUR,
    SUCCESSOR_DASHES,
    SUPPORTS_COLOUR,
    TEXTS,
    UNKNOWN_BORDER,
    style_of,
)

if TYPE_CHECKING:
    from kktrace.model.store import Model

#: Beyond this many nodes a view aggregates each local plan into one node.
MAX_NODES = 2000
LABEL_MAX = 38
ORPHAN_RULE = "orphan-initiative"
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass
class View:
    """A built view: vis-network node and edge records plus what the page shows around them."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    #: aggregated views: per folded plan the nodes and edges that unfold it in the page
    folded: dict[str, dict[str, Any]] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        """Nodes and edges only (what the golden files hold)."""
        return {"nodes": self.nodes, "edges": self.edges}


#: Kinds whose label is never shortened (they wrap): what names a plan or the strategy is
#: often at its end ("… 2011–2012").
_FULL_LABEL = {
    "ITStrategy",
    "FocusArea",
    "TransitionActionPlan",
    "CommonActionPlan",
    "LocalActionPlan",
    "ActionPlan",
}
_TAIL = re.compile(r"\s(\S*\d{4}\S*)$")


def _short(text: str, kind: str | None = None) -> str:
    """The node's label: goals and initiatives are cut at :data:`LABEL_MAX` characters,
    keeping a trailing year or period (``"… 2011–2012"``); plans and the strategy never.

    >>> _short("En meget lang handlingsplan for alle forvaltninger i kommunen 2011–2012", "Goal")
    'En meget lang handlingsplan… 2011–2012'
    """
    if len(text) <= LABEL_MAX or kind in _FULL_LABEL:
        return text
    tail = _TAIL.search(text)
    keep = tail.group(1) if tail and len(tail.group(1)) < LABEL_MAX // 2 else ""
    room = LABEL_MAX - 1 - (len(keep) + 1 if keep else 0)
    return text[:room].rstrip() + "…" + (" " + keep if keep else "")


_START, _END = ox.NamedNode(KKT + "startDate"), ox.NamedNode(KKT + "endDate")
_PERIODS = "SELECT ?s ?a ?b WHERE { ?s kkt:startDate ?a . OPTIONAL { ?s kkt:endDate ?b } }"


def plan_period(model: Model, nodes: Iterable[str] | None = None) -> dict[str, str]:
    """``"2011–2012"`` per node with ``kkt:startDate``/``kkt:endDate`` (years; one year
    alone when both are in the same year). ``nodes``: only those (read from the store's
    index, the same rows the query gives for them)."""
    if nodes is None:
        rows = model.select_values(_PERIODS)
    else:
        rows = []
        for n in nodes:
            subject = key_term(n)
            starts = [
                node_key(q.object) for q in model.store.quads_for_pattern(subject, _START, None)
            ]
            ends = [node_key(q.object) for q in model.store.quads_for_pattern(subject, _END, None)]
            ends_or_none: list[str | None] = [*ends] or [None]
            rows += [(n, a, b) for a in starts for b in ends_or_none]
    out: dict[str, str] = {}
    for s, a, b in sorted(rows, key=lambda r: tuple(x or "" for x in r)):
        if not s or s in out or not a or not a[:4].isdigit():
            continue
        start, end = a[:4], (b or "")[:4]
        out[s] = start if not end.isdigit() or end == start else f"{start}–{end}"
    return out


def _period_of(label: str, dates: str) -> str:
    if dates:
        return dates
    found = re.search(r"(\d{4})\s*[–-]\s*(\d{4})", label)
    return f"{found.group(1)}–{found.group(2)}" if found else ""


def severity_word(severity: str, lang: str) -> str:
    """The severity in the page's language (the raw word for one the texts do not know)."""
    return TEXTS[lang].get(f"sev_{severity}", severity)


def worst_severity(found: Sequence[Finding]) -> str:
    """The most severe of the findings ("" for none)."""
    ranked = sorted(found, key=lambda f: _SEVERITY_ORDER.get(f.severity, 9))
    return ranked[0].severity if ranked else ""


def _findings_by_focus(findings: Report | Iterable[Finding] | None) -> dict[str, list[Finding]]:
    items = findings.findings if isinstance(findings, Report) else list(findings or ())
    grouped: dict[str, list[Finding]] = {}
    for f in sorted(items, key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), f.rule, f.focus)):
        grouped.setdefault(f.focus, []).append(f)
    return grouped


#: Tooltip line for each plan-period link: (key, outgoing?) -> text key.
_CHAIN_TIPS = {
    ("continues", True): "continues_tip",
    ("continues", False): "continued_by",
    ("successorOf", True): "successor_tip",
    ("successorOf", False): "succeeded_by",
}


def _chain_lines(model: Model, trace: Trace, iri: str, lang: str) -> list[tuple[str, str]]:
    """(text key, "<label> (<plan label>)") for the node's continues/successorOf links.

    Named from the model, so a link shows even when its other end is not drawn.
    """
    g = trace.graph
    if iri not in g:
        return []
    links = [(k, True, v) for _, v, k in g.out_edges(iri, keys=True) if k in CHAIN_EDGES]
    links += [(k, False, u) for u, _, k in g.in_edges(iri, keys=True) if k in CHAIN_EDGES]
    lines = set()
    for key, out, other in links:
        text = model.label(other, lang)
        plan = trace.plan_of.get(other, "")
        if plan and plan != other:
            text += f" ({model.label(plan, lang)})"
        lines.add((CHAIN_EDGES.index(key), not out, text, _CHAIN_TIPS[key, out]))
    return [(tip, text) for *_, text, tip in sorted(lines)]


def _tooltip(
    label: str,
    kind_label: str,
    iri: str,
    code: str,
    found: list[Finding],
    t: dict[str, str],
    chain: Sequence[tuple[str, str]] = (),
    lang: str = "da",
    illustrative: bool = False,
) -> str:
    """Tooltip HTML; every piece of data is escaped."""
    e = html.escape
    parts = [f"<b>{e(label)}</b>", f'<div class="kkt-kind">{e(kind_label)}']
    if code:
        parts.append(f" · {e(t['code'])}: {e(code)}")
    parts.append(f'</div><div class="kkt-iri">{e(iri)}</div>')
    if illustrative:  # the data marks the element illustrative (docs/provenance.md)
        parts.append(f'<div class="kkt-ill"><i>{e(t["illustrative"])}</i></div>')
    for tip, text in chain:
        parts.append(f'<div class="kkt-chain">{e(t[tip])}: {e(text)}</div>')
    if found:
        parts.append(f'<div class="kkt-findings"><b>{e(t["findings"])} ({len(found)})</b><ul>')
        for f in found[:12]:
            parts.append(
                f'<li class="kkt-{e(f.severity)}">{e(severity_word(f.severity, lang))} · '
                f"{e(f.rule)}: {e(f.message)}</li>"
            )
        if len(found) > 12:
            parts.append(f"<li>… +{len(found) - 12}</li>")
        parts.append("</ul></div>")
    return "".join(parts)


@dataclass
class _Context:
    """What building the nodes of one view needs."""

    model: Model
    trace: Trace
    lang: str
    by_focus: dict[str, list[Finding]]
    kind_labels: dict[str, str]
    periods: dict[str, str]
    focus: str = ""
    illustrative: frozenset[str] = frozenset()

    def period(self, iri: str) -> str:
        return _period_of(self.model.label(iri, self.lang), self.periods.get(iri, ""))


def _node(ctx: _Context, iri: str, pos: tuple[int, int], keys: list) -> dict[str, Any]:
    model, trace, lang = ctx.model, ctx.trace, ctx.lang
    found = ctx.by_focus.get(iri, [])
    data = trace.nodes[iri]
    kind = data["kind"]
    st = style_of(kind)
    label = model.label(iri, lang) if kind else iri
    adm = trace.administration_of(iri)
    orphan = any(f.rule == ORPHAN_RULE for f in found)
    severity = worst_severity(found)
    fill, border, width, size = st.colour, BORDER, 1, st.size
    if kind is None:
        border, width = UNKNOWN_BORDER, 2
    if found:
        border, width = SEVERITY_COLOURS.get(severity, FINDING_BORDER), 4
    if orphan:
        fill, border, width, size = ORPHAN_FILL, ORPHAN_BORDER, 2, ORPHAN_SIZE
    focus = iri == ctx.focus
    if focus:
        border, width, size = FOCUS_BORDER, 6, size + 8
    kind_label = _kind_label(ctx.kind_labels, kind, lang)
    muni = trace.municipality.get(iri, "")
    node: dict[str, Any] = {
        "id": iri,
        "label": _short(label, kind),
        "name": label,
        "code": data["notation"] or "",
        "title": _tooltip(
            label,
            kind_label,
            iri,
            data["notation"] or "",
            found,
            TEXTS[lang],
            _chain_lines(model, trace, iri, lang),
            lang,
            iri in ctx.illustrative,
        ),
        "x": pos[0],
        "y": pos[1],
        "shape": "diamond" if orphan else st.shape,
        "size": size,
        "borderWidth": width,
        "color": {
            "background": fill,
            "border": border,
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"},
        },
        "font": {"size": st.font, "color": LABEL_COLOUR},
        "widthConstraint": {"maximum": st.label_width},
        "kind": kind or "",
        "level": LEVEL_OF_ROW[st.row],
        "adm": trace.codes.get(adm, ""),
        "admIri": adm,
        "muni": muni,
        "plan": trace.plan_of.get(iri, ""),
        "findings": len(found),
        "severity": severity,
        "orphan": orphan,
        "lk": keys,
    }
    if focus:
        node["focus"] = True
    if kind is None:
        node["shapeProperties"] = {"borderDashes": [4, 3]}
    return node


def _kind_label(kind_labels: dict[str, str], kind: str | None, lang: str) -> str:
    """The class name of a kind in ``lang`` ("uden type"/"untyped" for a dangling node)."""
    return kind_labels.get(kind or "", TEXTS[lang]["unknown_kind"])


#: Plan-period edges: colour, dashes, tooltip text key.
_CHAIN_STYLE = {
    "continues": (CONTINUES_COLOUR, CONTINUES_DASHES, "continues_edge"),
    "successorOf": (SUCCESSOR_COLOUR, SUCCESSOR_DASHES, "successor_edge"),
}


def _edge(edge_id: str, src: str, dst: str, kind: str, title: str = "") -> dict[str, Any]:
    if kind in _CHAIN_STYLE:
        colour, dashes, _ = _CHAIN_STYLE[kind]
        # extra edges between nodes placed anyway: curved, and no pull on the force layout
        return {
            "id": edge_id,
            "from": src,
            "to": dst,
            "kind": kind,
            "chain": True,
            "title": title,
            "arrows": "to",
            "dashes": list(dashes),
            "width": 2,
            "physics": False,
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2},
            "color": {"color": colour, "opacity": 1.0},
        }
    supports = kind == "supports"
    return {
        "id": edge_id,
        "from": src,
        "to": dst,
        "kind": kind,
        "arrows": "to",
        "dashes": not supports,
        "width": 1.6 if supports else 1,
        "color": {"color": SUPPORTS_COLOUR if supports else PART_OF_COLOUR, "opacity": 1.0},
    }


def _items(ctx: _Context, shown: Iterable[str]) -> list[layouts.Item]:
    """The layout's view of each node: municipality, administration column, plan block."""
    model, trace = ctx.model, ctx.trace
    items = []
    for iri in sorted(shown):
        data = trace.nodes[iri]
        plan = trace.plan_of.get(iri, "")
        row = style_of(data["kind"]).row
        group = ""
        if layouts.band_of(row) == 2:
            # the local band lines plans up under the common plan they support (period)
            above = sorted(v for v in trace.up.get(plan, ()) if v in trace.nodes and v != plan)
            above = [v for v in above if trace.nodes[v]["kind"] in PLAN_KINDS]
            group = above[0] if above else "~"
        plan_key = plan if layouts.band_of(row) > 0 else ""
        if layouts.band_of(row) > 0 and not plan:
            plan_key = "~"
        muni = trace.municipality.get(iri, "")
        ups = trace.up.get(iri, [])
        supports = [v for v in ups if v != plan]
        items.append(
            layouts.Item(
                id=iri,
                kind=data["kind"],
                muni=muni,
                group=group,
                plan=plan_key,
                sort=(data["notation"] or "", model.label(iri), iri),
                targets=tuple(supports or ups),
                group_sort=(ctx.period(group) if group in trace.nodes else "~", group),
                plan_sort=(ctx.period(plan) if plan else "~", plan_key),
                muni_sort=_muni_sort(model, trace, muni),
            )
        )
    return items


def _muni_sort(model: Model, trace: Trace, muni: str) -> tuple[str, ...]:
    """Municipalities in the order of their codes (M001, M002, …), else of their names."""
    if not muni:
        return ("~",)
    code = trace.graph.nodes[muni]["notation"] if muni in trace.graph else None
    return (code or "~", model.label(muni), muni)


def build_view(
    model: Model,
    findings: Report | Iterable[Finding] | None = None,
    *,
    filters: Filters | None = None,
    layout: str = "hierarchical",
    lang: str = "da",
    max_nodes: int = MAX_NODES,
    trace: Trace | None = None,
) -> View:
    """Build the view of ``model`` with ``findings`` marked.

    Raises :class:`~kktrace.errors.UsageError` for an unknown administration, plan or focus
    node, and when even the aggregated view has more than ``max_nodes`` nodes.

    >>> from kktrace.view.synthetic import synthetic_turtle
    >>> import tempfile, pathlib, kktrace
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "m.ttl").write_text(synthetic_turtle(1, 1, 2))
    >>> len(build_view(kktrace.load([d])).nodes)
    15
    """
    if lang not in TEXTS:
        raise UsageError(f"unknown language '{lang}' — give one of: {', '.join(TEXTS)}")
    if layout not in ("hierarchical", "force"):
        raise UsageError(f"unknown layout '{layout}' — give hierarchical or force")
    filters = filters or Filters()
    trace = trace or Trace.for_view(model, filters)
    by_focus = _findings_by_focus(findings)
    shown = select(model, trace, filters, set(by_focus))
    ctx = _Context(
        model=model,
        trace=trace,
        lang=lang,
        by_focus=by_focus,
        kind_labels={k: model.label(KKT + k, lang) for k in KIND_STYLES},
        periods=trace.periods(model),
        focus=resolve_node(model, trace, filters.focus, what="node") if filters.focus else "",
        illustrative=illustrative_elements(model),
    )
    aggregated = len(shown) > max_nodes
    members: dict[str, list[str]] = {}
    if aggregated:
        shown, members = _aggregate(trace, shown)
        if len(shown) > max_nodes:
            raise UsageError(
                f"{len(shown)} nodes even with each local plan drawn as one node — too many "
                f"to draw (limit {max_nodes}); narrow the view with --administration CODE, "
                "--plan IRI or --focus IRI"
            )
    edge_list = _edges(trace, shown, members)
    # "force" starts from the same positions; the page runs the physics, then stops it
    placed = layouts.layered(_items(ctx, shown))
    nodes = [_node(ctx, n, placed.pos[n], placed.keys[n]) for n in sorted(shown)]
    if aggregated:
        _mark_aggregates(nodes, members, trace, by_focus, lang)
    # plan-period chains: only between nodes that are drawn anyway (never via an aggregate)
    edge_list = sorted(
        edge_list + [(u, v, k) for u, v, k in trace.chains if u in shown and v in shown]
    )
    edges = [_edge_of(ctx, f"e{i}", u, v, k) for i, (u, v, k) in enumerate(edge_list)]
    meta = _meta(ctx, nodes, edges, filters, layout, aggregated, shown, members)
    folded = _folded(ctx, members, shown, edges) if aggregated else {}
    return View(nodes=nodes, edges=edges, meta=meta, folded=folded)


def _edge_of(ctx: _Context, edge_id: str, u: str, v: str, k: str) -> dict[str, Any]:
    t, e, label = TEXTS[ctx.lang], html.escape, ctx.model.label
    title = ""
    if k in _CHAIN_STYLE:
        title = f"{e(label(u, ctx.lang))} {e(t[_CHAIN_STYLE[k][2]])} {e(label(v, ctx.lang))}"
    edge = _edge(edge_id, u, v, k, title)
    if (k == "partOf" and ctx.trace.plan_of.get(u) == v) or k == "continues":
        # drawn only while in focus: an element's link to its own plan (the block's frame
        # and heading say it) and an initiative's carrying on an earlier one
        edge["quiet"] = True
        edge["hidden"] = True
    return edge


def _aggregate(trace: Trace, shown: set[str]) -> tuple[set[str], dict[str, list[str]]]:
    """Fold each local plan's goals and initiatives into the plan node."""
    members: dict[str, list[str]] = {}
    kept = set()
    for n in sorted(shown):
        plan = trace.plan_of.get(n, "")
        local_plan = plan and trace.nodes[plan]["kind"] == "LocalActionPlan" and plan in shown
        if local_plan and n != plan:
            members.setdefault(plan, []).append(n)
        else:
            kept.add(n)
    return kept, members


def _edges(
    trace: Trace, shown: set[str], members: dict[str, list[str]]
) -> list[tuple[str, str, str]]:
    rep = {m: plan for plan, ms in members.items() for m in ms}
    out = set()
    for u, v, k in trace.edges:
        u2, v2 = rep.get(u, u), rep.get(v, v)
        if u2 in shown and v2 in shown and u2 != v2:
            out.add((u2, v2, k))
    return sorted(out, key=lambda e: (e[0], e[1], e[2]))


def _folded(
    ctx: _Context, members: dict[str, list[str]], shown: set[str], edges: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per aggregated plan: its members' nodes and edges, for unfolding it in the page.

    ``drop``: the ids of the drawn edges that stood for the members (they go when the plan
    unfolds); ``edges``: the members' own links, with other folded plans still folded.
    """
    trace = ctx.trace
    rep = {m: plan for plan, ms in members.items() for m in ms}
    # the links of a plan unfolded: its members' and its own, other plans still folded
    raw: dict[str, set[tuple[str, str, str]]] = {}
    for u, v, k in trace.edges:
        for plan in {rep.get(u, u if u in members else ""), rep.get(v, v if v in members else "")}:
            if not plan:
                continue
            u2 = u if rep.get(u) == plan or u == plan else rep.get(u, u)
            v2 = v if rep.get(v) == plan or v == plan else rep.get(v, v)
            ok = (u2 in shown or rep.get(u2) == plan) and (v2 in shown or rep.get(v2) == plan)
            if ok and u2 != v2:
                raw.setdefault(plan, set()).add((u2, v2, k))
    drawn: dict[str, list[str]] = {}
    for e in edges:
        if e["kind"] in ("supports", "partOf"):
            for end in {e["from"], e["to"]}:
                drawn.setdefault(end, []).append(e["id"])
    # each plan looks only at the chains that touch its members (not at every chain)
    chains_at: dict[str, list[int]] = {}
    for i, (u, v, _) in enumerate(trace.chains):
        for end in {u, v}:
            chains_at.setdefault(end, []).append(i)
    out: dict[str, dict[str, Any]] = {}
    for plan in sorted(members):
        inside = sorted(members[plan])
        inside_set = set(inside)
        order = _member_order(ctx, plan, inside)
        nodes = [_compact(_node(ctx, n, (0, 0), [0] * 8), order[n]) for n in inside]
        own = sorted(raw.get(plan, ()))
        touching = sorted({i for n in inside for i in chains_at.get(n, ())})
        own += [
            (u, v, k)
            for u, v, k in (trace.chains[i] for i in touching)
            if (u in inside_set and (v in inside_set or v in shown))
            or (v in inside_set and u in shown)
        ]
        plan_edges = []
        for u, v, k in own:
            edge = _edge_of(ctx, "", u, v, k)
            plan_edges.append([u, v, k, 1 if edge.get("quiet") else 0, edge.get("title", "")])
        out[plan] = {"nodes": nodes, "edges": plan_edges, "drop": sorted(drawn.get(plan, []))}
    return out


#: What a folded member's record keeps; the page adds the rest from its plan's node and
#: from ``meta.styles`` (``view.js``, ``expandNode``/``expandEdge``).
_COMPACT = ("id", "label", "name", "code", "title", "shape", "size", "borderWidth", "kind")
_COMPACT_IF = ("findings", "severity", "orphan", "shapeProperties")


def _compact(node: dict[str, Any], rank: int) -> dict[str, Any]:
    out = {k: node[k] for k in _COMPACT}
    out.update({k: node[k] for k in _COMPACT_IF if node.get(k)})
    out["bg"], out["border"] = node["color"]["background"], node["color"]["border"]
    out["lk"] = [style_of(node["kind"] or None).row, rank]
    return out


def _styles(ctx: _Context) -> dict[str, Any]:
    """Per kind the label font and width, per edge kind its look (for unfolded members)."""
    edges = {}
    for k in (*TRACE_EDGES, *CHAIN_EDGES):
        edge = _edge("", "", "", k)
        edges[k] = {key: v for key, v in edge.items() if key not in ("id", "from", "to", "title")}
    return {
        "kinds": {
            k: {"font": st.font, "width": st.label_width, "level": LEVEL_OF_ROW[st.row]}
            for k, st in KIND_STYLES.items()
        },
        "edges": edges,
    }


def _member_order(ctx: _Context, plan: str, inside: list[str]) -> dict[str, int]:
    """Rank of each member in its row: goals by code, initiatives under their first goal."""
    trace = ctx.trace
    goals = sorted(
        (n for n in inside if style_of(trace.nodes[n]["kind"]).row == 7),
        key=lambda n: (trace.nodes[n]["notation"] or "", n),
    )
    at = {g: i for i, g in enumerate(goals)}
    rank: dict[str, int] = {g: i for i, g in enumerate(goals)}
    rest = sorted(
        (n for n in inside if n not in at),
        key=lambda n: (
            min((at[t] for t in trace.up.get(n, ()) if t in at), default=len(at)),
            trace.nodes[n]["notation"] or "",
            n,
        ),
    )
    rank.update({n: i for i, n in enumerate(rest)})
    return rank


def _mark_aggregates(
    nodes: list[dict[str, Any]],
    members: dict[str, list[str]],
    trace: Trace,
    by_focus: dict[str, list[Finding]],
    lang: str,
) -> None:
    t = TEXTS[lang]
    e = html.escape
    for node in nodes:
        inside = members.get(node["id"])
        if not inside:
            continue
        kinds = Counter(trace.nodes[m]["kind"] for m in inside)
        goals = sum(c for k, c in kinds.items() if k and "Goal" in k)
        inits = len(inside) - goals
        found = [f for m in inside for f in by_focus.get(m, [])]
        rules = Counter(f.rule for f in found)
        node["label"] = f"{node['label']}\n{goals} {t['goals']} · {inits} {t['initiatives']}"
        if found:
            node["label"] += f" · {len(found)} ⚠"
            worst = worst_severity(found + by_focus.get(node["id"], []))
            node["color"]["border"] = SEVERITY_COLOURS.get(worst, FINDING_BORDER)
            node["severity"] = worst
            node["borderWidth"] = 4
            node["findings"] += len(found)
        node["size"] = node["size"] + 6
        summary = "".join(f"<li>{e(rule)}: {n}</li>" for rule, n in sorted(rules.items()))
        node["title"] += (
            f'<div class="kkt-agg">{goals} {e(t["goals"])}, {inits} {e(t["initiatives"])}'
            f"{'<ul>' + summary + '</ul>' if summary else ''}"
            f"<div>{e(t['unfold_hint'])}</div></div>"
        )
        node["aggregate"] = len(inside)


def _meta(
    ctx: _Context,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    filters: Filters,
    layout: str,
    aggregated: bool,
    shown: set[str],
    members: dict[str, list[str]],
) -> dict[str, Any]:
    model, trace, lang = ctx.model, ctx.trace, ctx.lang
    codes = sorted({n["adm"] for n in nodes if n["adm"]})
    plans = sorted(
        {n["plan"] for n in nodes if n["plan"]},
        key=lambda p: (
            _muni_sort(model, trace, trace.municipality.get(p, "")),
            trace.codes.get(trace.administration_of(p), ""),
            ctx.period(p),
            p,
        ),
    )
    munis = sorted(
        {n["muni"] for n in nodes if n["muni"]}, key=lambda m: _muni_sort(model, trace, m)
    )
    several = len(munis) > 1
    kinds = {n["kind"] for n in nodes} | {
        trace.nodes[m]["kind"] or "" for ms in members.values() for m in ms
    }
    legend = [
        {"kind": k, "label": ctx.kind_labels[k], "colour": st.colour, "shape": st.shape}
        for k, st in sorted(KIND_STYLES.items(), key=lambda kv: (kv[1].row, kv[0]))
        if k in kinds
    ]
    severities = sorted(
        {n["severity"] for n in nodes if n["severity"]}
        | {worst_severity(ctx.by_focus.get(m, [])) for ms in members.values() for m in ms} - {""},
        key=lambda s: _SEVERITY_ORDER.get(s, 9),
    )
    title_parts = [TEXTS[lang]["title"]]
    if filters.administration:
        title_parts.append(filters.administration)
    for value in (filters.plan, filters.focus):
        if value and value in trace.nodes:
            title_parts.append(model.label(value, lang))
        elif value:
            title_parts.append(value)
    blocks: dict[str, dict[str, str]] = {}
    for m in munis:
        blocks[m] = {"title": model.label(m, lang), "sub": ""}
    adms = sorted({n["admIri"] for n in nodes if n["admIri"]})
    for a in adms:
        blocks[a] = {"title": f"{trace.codes.get(a, '')} – {model.label(a, lang)}", "sub": ""}
    for p in plans:
        code = trace.codes.get(trace.administration_of(p), "")
        period = ctx.period(p) or model.label(p, lang)
        blocks[p] = {
            "title": f"{code} · {period}" if code else period,
            "sub": model.label(p, lang),
        }

    def plan_name(p: str) -> str:
        name = model.label(p, lang)
        muni = trace.municipality.get(p, "")
        return f"{model.label(muni, lang)} · {name}" if several and muni else name

    return {
        "lang": lang,
        "layout": layout,
        "aggregated": aggregated,
        "title": " — ".join(title_parts),
        "administrations": [
            {"code": c, "label": model.label(adm_iri, lang) if adm_iri else c}
            for c in codes
            for adm_iri in [min((i for i, cc in trace.codes.items() if cc == c), default="")]
        ],
        "municipalities": [{"iri": m, "label": model.label(m, lang)} for m in munis],
        "plans": [
            {
                "iri": p,
                "label": plan_name(p),
                "kind": trace.nodes[p]["kind"],
                "muni": trace.municipality.get(p, ""),
                "adm": trace.codes.get(trace.administration_of(p), ""),
            }
            for p in plans
            if trace.nodes[p]["kind"] in PLAN_KINDS
        ],
        "blocks": blocks,
        "legend": legend,
        "severities": [
            {
                "severity": s,
                "label": severity_word(s, lang),
                "colour": SEVERITY_COLOURS.get(s, FINDING_BORDER),
            }
            for s in severities
        ],
        "undrawn": _undrawn(ctx, shown, members),
        "styles": _styles(ctx) if aggregated else {},
        "layout_constants": layouts.constants(),
        "focus": ctx.focus,
        "has_orphans": any(n["orphan"] for n in nodes),
        "has_findings": any(n["findings"] for n in nodes),
        "has_unknown": "" in kinds,
        "has_continues": any(e["kind"] == "continues" for e in edges),
        "has_successor": any(e["kind"] == "successorOf" for e in edges),
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "source": (
            TEXTS[lang]["bundled_source"] if model.source == BUNDLED_SOURCE else model.source
        ),
    }


#: At most this many findings on nodes that are not drawn are listed in the side panel.
UNDRAWN_MAX = 200


def _undrawn(ctx: _Context, shown: set[str], members: dict[str, list[str]]) -> list[dict]:
    """Findings whose focus is not drawn (e.g. ``missing-local-plan`` on an administration),
    with what the page can show for each: the administration's column or a drawn node."""
    model, trace, lang = ctx.model, ctx.trace, ctx.lang
    inside = {m for ms in members.values() for m in ms}
    drawn_adms = {trace.administration_of(n) for n in shown} - {""}
    pending: list[tuple[str, Finding, dict[str, str]]] = []
    for focus, found in sorted(ctx.by_focus.items()):
        if focus in shown or focus in inside:
            continue
        anchor: dict[str, str] = {}
        if focus in drawn_adms:
            anchor = {"adm": focus}
        pending += [(focus, f, anchor) for f in found]
    pending.sort(key=lambda p: (_SEVERITY_ORDER.get(p[1].severity, 9), p[1].rule, p[0]))
    # labels only for those listed (a national data set has thousands undrawn)
    return [
        {
            "focus": focus,
            "label": model.label(focus, lang) if focus else "",
            "severity": f.severity,
            "word": severity_word(f.severity, lang),
            "rule": f.rule,
            "message": f.message,
            **anchor,
        }
        for focus, f, anchor in pending[:UNDRAWN_MAX]
    ]
