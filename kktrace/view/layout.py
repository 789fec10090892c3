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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kktrace.view.style import style_of

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
    """Positions ``id -> (x, y)`` in the layered, block-per-plan layout.

    A band wider than about ``1.8·√n`` node spacings wraps its plan blocks onto more
    shelves, so the picture stays near the shape of a screen.
    """
    pos: dict[str, tuple[float, float]] = {}
    rows: dict[int, list[Item]] = {}
    for item in items:
        rows.setdefault(style_of(item.kind).row, []).append(item)
    max_width = DX * max(16, math.ceil(1.8 * math.sqrt(len(items))))
    y = 0.0
    for band in ((0, 1, 2), (3, 4, 5), (6, 7, 8, 9)):
        if not any(rows.get(r) for r in band):
            continue
        y = _place_band([rows.get(r, []) for r in band], y, pos, max_width) + BAND_GAP
    return {k: (round(x), round(yy)) for k, (x, yy) in sorted(pos.items())}


def _bary(item: Item, pos: Mapping[str, tuple[float, float]]) -> float:
    xs = [pos[t][0] for t in item.targets if t in pos]
    return sum(xs) / len(xs) if xs else math.inf


def _shelves(sizes: list[tuple[int, int]], max_width: float) -> list[list[int]]:
    """Split blocks (width in columns, height in rows) into shelves at most max_width wide."""
    shelves: list[list[int]] = [[]]
    width = 0.0
    for index, (cols, _rows) in enumerate(sizes):
        span = (cols - 1) * DX
        if shelves[-1] and width + BLOCK_GAP + DX + span > max_width:
            shelves.append([])
            width = 0.0
        width += (BLOCK_GAP + DX if shelves[-1] else 0) + span
        shelves[-1].append(index)
    return shelves


def _place_band(
    rows: list[list[Item]], y0: float, pos: dict[str, tuple[float, float]], max_width: float
) -> float:
    """Place one band (its rows, grouped into plan blocks on shelves); return the y below."""
    keys = sorted({i.block for row in rows for i in row})
    blocks = [[[i for i in row if i.block == key] for row in rows] for key in keys]
    sizes = []
    for block in blocks:
        cols = max((_columns(len(m)) for m in block if m), default=1)
        height = sum(math.ceil(len(m) / _columns(len(m))) for m in block if m)
        sizes.append((cols, height))
    y = y0
    for shelf in _shelves(sizes, max_width):
        span = sum((sizes[b][0] - 1) * DX for b in shelf) + (len(shelf) - 1) * (BLOCK_GAP + DX)
        x = -span / 2
        for b in shelf:
            _place_block(blocks[b], sizes[b][0], x, y, pos)
            x += (sizes[b][0] - 1) * DX + BLOCK_GAP + DX
        y += max(sizes[b][1] for b in shelf) * DY + BLOCK_GAP
    return y - BLOCK_GAP - DY


def _place_block(
    rows: list[list[Item]], width: int, x0: float, y0: float, pos: dict[str, tuple[float, float]]
) -> None:
    y = y0
    for members in rows:
        if not members:
            continue
        # sorted only now: the barycentres need the rows above already placed
        members.sort(key=lambda i: (_bary(i, pos), i.sort, i.id))
        cols = _columns(len(members))
        for idx, item in enumerate(members):
            r, c = divmod(idx, cols)
            in_row = min(cols, len(members) - r * cols)
            pos[item.id] = (x0 + (width - in_row) * DX / 2 + c * DX, y + r * DY)
        y += math.ceil(len(members) / cols) * DY
