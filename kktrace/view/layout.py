"""Node positions, computed in Python so the browser draws at once with physics off.

Hierarchical layout: three bands top to bottom (strategy, common, local), each with rows per
class (:data:`~kktrace.view.style.KIND_STYLES` ``row``). The common and local bands are cut
into one block per plan — the plan on top, its goals and then its initiatives below,
wrapped into a near-square block — laid side by side (local plans grouped by
administration). Within a row a node sits by the mean x of what it supports, so links
cross little. Everything is sorted and rounded: the same graph gives the same positions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .style import style_of

DX = 190  # horizontal spacing of nodes
DY = 160  # vertical spacing of rows
BLOCK_GAP = 160  # between plan blocks
BAND_GAP = 150  # extra space between the strategy, common and local bands


@dataclass(frozen=True)
class Item:
    """What the layout needs to know about one node."""

    id: str
    kind: str | None
    block: tuple[str, ...]  # sort key of its plan block; () for the strategy band
    sort: tuple[str, ...]  # tie-break order within a row
    targets: tuple[str, ...]  # the nodes it supports (for the barycentre)


def _columns(n: int) -> int:
    return n if n <= 8 else math.ceil(math.sqrt(n * 3))


def hierarchical(items: Sequence[Item]) -> dict[str, tuple[int, int]]:
    """Positions ``id -> (x, y)`` in the layered, block-per-plan layout."""
    pos: dict[str, tuple[float, float]] = {}
    rows: dict[int, list[Item]] = {}
    for item in items:
        rows.setdefault(style_of(item.kind).row, []).append(item)
    y = 0.0
    for band in ((0, 1, 2), (3, 4, 5), (6, 7, 8, 9)):
        if not any(rows.get(r) for r in band):
            continue
        y = _place_band([rows.get(r, []) for r in band], y, pos) + BAND_GAP
    return {k: (round(x), round(yy)) for k, (x, yy) in sorted(pos.items())}


def _bary(item: Item, pos: Mapping[str, tuple[float, float]]) -> float:
    xs = [pos[t][0] for t in item.targets if t in pos]
    return sum(xs) / len(xs) if xs else math.inf


def _place_band(rows: list[list[Item]], y0: float, pos: dict[str, tuple[float, float]]) -> float:
    """Place one band (its rows, grouped into blocks); return the y below it."""
    blocks = sorted({i.block for row in rows for i in row})
    local: dict[str, tuple[float, float]] = {}
    x = 0.0
    height = 0.0
    for block in blocks:
        key: Callable[[Item], tuple] = lambda i: (_bary(i, pos | local), i.sort, i.id)  # noqa: E731
        block_rows = [[i for i in row if i.block == block] for row in rows]
        width = max((_columns(len(m)) for m in block_rows if m), default=1)
        yy = 0.0
        for members in block_rows:
            if not members:
                continue
            # sorted only now: the barycentres need the rows above already placed
            members.sort(key=key)
            cols = _columns(len(members))
            for idx, item in enumerate(members):
                r, c = divmod(idx, cols)
                in_row = min(cols, len(members) - r * cols)
                offset = (width - in_row) * DX / 2
                local[item.id] = (x + offset + c * DX, y0 + yy + r * DY)
            yy += math.ceil(len(members) / cols) * DY
        height = max(height, yy)
        x += max(width - 1, 0) * DX + BLOCK_GAP + DX
    # centre the band on x = 0 (blocks narrower than the widest row are centred too)
    shift = (x - BLOCK_GAP - DX) / 2
    for node, (nx_, ny) in local.items():
        pos[node] = (nx_ - shift, ny)
    return y0 + max(height - DY, 0) + DY


def force(
    items: Sequence[Item], edges: Sequence[tuple[str, str]], seed: int = 7
) -> dict[str, tuple[int, int]]:
    """Positions from a seeded NetworkX spring layout started from the hierarchical one."""
    import networkx as nx

    start = hierarchical(items)
    g = nx.Graph()
    g.add_nodes_from(sorted(start))
    g.add_edges_from(sorted(edges))
    if len(g) < 2:
        return start
    scale = max(start.values(), key=lambda p: abs(p[0]))[0] or DX
    initial = {n: (p[0] / abs(scale), p[1] / abs(scale)) for n, p in start.items()}
    spring = nx.spring_layout(g, pos=initial, seed=seed, iterations=60, scale=None)
    factor = DX * math.sqrt(len(g)) / 2
    return {
        n: (round(float(p[0]) * factor), round(float(p[1]) * factor))
        for n, p in sorted(spring.items())
    }
