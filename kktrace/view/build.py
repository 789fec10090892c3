"""Build a view: the nodes and edges (vis-network records) of a filtered trace graph.

Everything a node shows is data here; :mod:`kktrace.view.html` only renders it. Tooltips are
HTML built from escaped pieces (:func:`html.escape` on every label, message and IRI).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kktrace.errors import UsageError
from kktrace.findings.finding import Finding, Report
from kktrace.model.namespaces import KKT
from kktrace.model.store import BUNDLED_SOURCE
from kktrace.model.vocab import SEVERITIES
from kktrace.view import layout as layouts
from kktrace.view.select import CHAIN_EDGES, PLAN_KINDS, Filters, Trace, select
from kktrace.view.style import (
    BORDER,
    CONTINUES_COLOUR,
    CONTINUES_DASHES,
    FINDING_BORDER,
    KIND_STYLES,
    LEVEL_OF_ROW,
    ORPHAN_BORDER,
    ORPHAN_FILL,
    ORPHAN_SIZE,
    PART_OF_COLOUR,
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

    def data(self) -> dict[str, Any]:
        """Nodes and edges only (what the golden files hold)."""
        return {"nodes": self.nodes, "edges": self.edges}


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


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
    g = model.graph
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
) -> str:
    """Tooltip HTML; every piece of data is escaped."""
    e = html.escape
    parts = [f"<b>{e(label)}</b>", f'<div class="kkt-kind">{e(kind_label)}']
    if code:
        parts.append(f" · {e(t['code'])}: {e(code)}")
    parts.append(f'</div><div class="kkt-iri">{e(iri)}</div>')
    for tip, text in chain:
        parts.append(f'<div class="kkt-chain">{e(t[tip])}: {e(text)}</div>')
    if found:
        parts.append(f'<div class="kkt-findings"><b>{e(t["findings"])} ({len(found)})</b><ul>')
        for f in found[:12]:
            parts.append(
                f'<li class="kkt-{e(f.severity)}">{e(f.severity)} · {e(f.rule)}: {e(f.message)}</li>'
            )
        if len(found) > 12:
            parts.append(f"<li>… +{len(found) - 12}</li>")
        parts.append("</ul></div>")
    return "".join(parts)


def _node(
    model: Model,
    trace: Trace,
    iri: str,
    pos: tuple[int, int],
    found: list[Finding],
    lang: str,
    kind_labels: dict[str, str],
) -> dict[str, Any]:
    data = trace.nodes[iri]
    kind = data["kind"]
    st = style_of(kind)
    label = model.label(iri, lang) if kind else iri
    adm = trace.administration_of(iri)
    orphan = any(f.rule == ORPHAN_RULE for f in found)
    fill, border, width, size = st.colour, BORDER, 1, st.size
    if kind is None:
        border, width = UNKNOWN_BORDER, 2
    if found:
        border, width = FINDING_BORDER, 4
    if orphan:
        fill, border, width, size = ORPHAN_FILL, ORPHAN_BORDER, 2, ORPHAN_SIZE
    kind_label = kind_labels.get(kind or "", TEXTS[lang]["unknown_kind"])
    node: dict[str, Any] = {
        "id": iri,
        "label": _short(label),
        "name": label,
        "title": _tooltip(
            label,
            kind_label,
            iri,
            data["notation"] or "",
            found,
            TEXTS[lang],
            _chain_lines(model, trace, iri, lang),
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
        "font": {"size": st.font},
        "widthConstraint": {"maximum": max(170, st.font * 12)},
        "kind": kind or "",
        "level": LEVEL_OF_ROW[st.row],
        "adm": trace.codes.get(adm, ""),
        "plan": trace.plan_of.get(iri, ""),
        "findings": len(found),
        "orphan": orphan,
    }
    if kind is None:
        node["shapeProperties"] = {"borderDashes": [4, 3]}
    return node


#: Plan-period edges: colour, dashes, tooltip text key.
_CHAIN_STYLE = {
    "continues": (CONTINUES_COLOUR, CONTINUES_DASHES, "continues_edge"),
    "successorOf": (SUCCESSOR_COLOUR, SUCCESSOR_DASHES, "successor_edge"),
}


def _edge(index: int, src: str, dst: str, kind: str, title: str = "") -> dict[str, Any]:
    if kind in _CHAIN_STYLE:
        colour, dashes, _ = _CHAIN_STYLE[kind]
        # extra edges between nodes placed anyway: curved, and no pull on the force layout
        return {
            "id": f"e{index}",
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
        "id": f"e{index}",
        "from": src,
        "to": dst,
        "kind": kind,
        "arrows": "to",
        "dashes": not supports,
        "width": 1.6 if supports else 1,
        "color": {"color": SUPPORTS_COLOUR if supports else PART_OF_COLOUR, "opacity": 1.0},
    }


def _items(model: Model, trace: Trace, shown: set[str]) -> list[layouts.Item]:
    items = []
    for iri in sorted(shown):
        data = trace.nodes[iri]
        plan = trace.plan_of.get(iri, "")
        block: tuple[str, ...] = ()
        if style_of(data["kind"]).row >= 3:
            adm = trace.administration_of(plan) if plan else ""
            block = (trace.codes.get(adm, "~"), plan or "~")
        ups = trace.up.get(iri, [])
        supports = [v for v in ups if v != plan]
        items.append(
            layouts.Item(
                id=iri,
                kind=data["kind"],
                block=block,
                sort=(data["notation"] or "", model.label(iri), iri),
                targets=tuple(supports or ups),
            )
        )
    return items


def build_view(
    model: Model,
    findings: Report | Iterable[Finding] | None = None,
    *,
    filters: Filters | None = None,
    layout: str = "hierarchical",
    lang: str = "da",
    max_nodes: int = MAX_NODES,
) -> View:
    """Build the view of ``model`` with ``findings`` marked.

    Raises :class:`~kktrace.errors.UsageError` for an unknown administration, plan or focus
    node, and when even the aggregated view has more than ``max_nodes`` nodes.

    >>> from kktrace.view.synthetic import synthetic_turtle
    >>> import tempfile, pathlib, kktrace
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "m.ttl").write_text(synthetic_turtle(1, 1, 2))
    >>> len(build_view(kktrace.model.parse([d])).nodes)
    15
    """
    if lang not in TEXTS:
        raise UsageError(f"unknown language '{lang}' — give one of: {', '.join(TEXTS)}")
    if layout not in ("hierarchical", "force"):
        raise UsageError(f"unknown layout '{layout}' — give hierarchical or force")
    filters = filters or Filters()
    trace = Trace.of(model)
    by_focus = _findings_by_focus(findings)
    shown = select(model, trace, filters, set(by_focus))
    kind_labels = {k: model.label(KKT + k, lang) for k in KIND_STYLES}
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
    items = _items(model, trace, shown)
    # "force" starts from the same positions; the page runs the physics, then stops it
    pos = layouts.hierarchical(items)
    nodes = [
        _node(model, trace, n, pos[n], by_focus.get(n, []), lang, kind_labels)
        for n in sorted(shown)
    ]
    if aggregated:
        _mark_aggregates(nodes, members, trace, by_focus, lang)
    # plan-period chains: only between nodes that are drawn anyway (never via an aggregate)
    edge_list = sorted(
        edge_list + [(u, v, k) for u, v, k in trace.chains if u in shown and v in shown]
    )
    t = TEXTS[lang]
    edges = [
        _edge(
            i,
            u,
            v,
            k,
            (
                f"{html.escape(model.label(u, lang))} {html.escape(t[_CHAIN_STYLE[k][2]])} "
                f"{html.escape(model.label(v, lang))}"
            )
            if k in _CHAIN_STYLE
            else "",
        )
        for i, (u, v, k) in enumerate(edge_list)
    ]
    meta = _meta(model, trace, nodes, edges, filters, lang, layout, aggregated, kind_labels)
    return View(nodes=nodes, edges=edges, meta=meta)


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
            node["color"]["border"] = FINDING_BORDER
            node["borderWidth"] = 4
            node["findings"] += len(found)
        node["size"] = node["size"] + 6
        summary = "".join(f"<li>{e(rule)}: {n}</li>" for rule, n in sorted(rules.items()))
        node["title"] += (
            f'<div class="kkt-agg">{goals} {e(t["goals"])}, {inits} {e(t["initiatives"])}'
            f"{'<ul>' + summary + '</ul>' if summary else ''}"
            f"<div>{e(t['open_plan'])}: <code>kktrace view --plan {e(node['id'])}</code></div></div>"
        )
        node["aggregate"] = len(inside)


def _meta(
    model: Model,
    trace: Trace,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    filters: Filters,
    lang: str,
    layout: str,
    aggregated: bool,
    kind_labels: dict[str, str],
) -> dict[str, Any]:
    codes = sorted({n["adm"] for n in nodes if n["adm"]})
    adm_iri = {c: i for i, c in trace.codes.items()}
    plans = sorted({n["plan"] for n in nodes if n["plan"]})
    kinds = {n["kind"] for n in nodes}
    legend = [
        {"kind": k, "label": kind_labels[k], "colour": st.colour, "shape": st.shape}
        for k, st in sorted(KIND_STYLES.items(), key=lambda kv: (kv[1].row, kv[0]))
        if k in kinds
    ]
    title_parts = [TEXTS[lang]["title"]]
    if filters.administration:
        title_parts.append(filters.administration)
    for value in (filters.plan, filters.focus):
        if value and value in trace.nodes:
            title_parts.append(model.label(value, lang))
        elif value:
            title_parts.append(value)
    return {
        "lang": lang,
        "layout": layout,
        "aggregated": aggregated,
        "title": " — ".join(title_parts),
        "administrations": [
            {"code": c, "label": model.label(adm_iri[c], lang) if c in adm_iri else c}
            for c in codes
        ],
        "plans": [
            {"iri": p, "label": model.label(p, lang), "kind": trace.nodes[p]["kind"]}
            for p in plans
            if trace.nodes[p]["kind"] in PLAN_KINDS
        ],
        "legend": legend,
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
