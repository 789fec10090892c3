"""Node positions, computed in Python so the browser draws at once with physics off.

A layered (Sugiyama-style) layout in blocks:

- one block per **municipality** (several municipalities: a grid of blocks, each headed by
  its name in the page);
- in a municipality three **bands** top to bottom: strategy (strategy, focus areas,
  strategic goals), common (one block per common plan, side by side, in period order) and
  local (one block per local plan; the plans under one common plan — a *group*, one
  period — share a shelf, groups stacked in period order);
- in a block one **row** per class (:data:`~kktrace.view.style.KIND_STYLES` ``row``); long
  rows of initiatives are staggered on up to three lines so a block stays narrow.

The order of nodes within their row, and of the local plan blocks on their shelf, minimises
edge crossings by barycentre sweeps: up the rows each node moves to the mean x of what it
links to above, down the rows to the mean x of what links to it from below (four times each
way; twice above 600 nodes; the picture is re-packed every third row). :func:`crossings`
counts the result.

:func:`pack` turns the order (the layout keys) into coordinates; the page runs the same
packing (``view.js``, ``pack``) on what its filters leave, so a filter re-lays out the
remaining nodes. The constants it needs travel in :func:`constants`. Everything is sorted
and floored to integers: the same graph gives the same positions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kktrace.view.style import style_of

#: Horizontal slot of a node per row (wide enough that the row's labels never overlap: a
#: label wraps at ``widthConstraint`` < slot). Rows 5 and 8 (initiatives) are staggered on
#: two lines, so neighbours on one line are a whole slot apart.
SLOT = {0: 520, 1: 400, 2: 260, 3: 420, 4: 220, 5: 160, 6: 380, 7: 200, 8: 160, 9: 160}
STAGGER = {5: 3, 8: 3, 9: 3}
DY = 150  # between rows
STAGGER_DY = 70  # second line of a staggered row
ROW_GAP = {0: 60, 3: 40, 6: 50}  # extra space below rows with large labels (strategy, plans)
BLOCK_GAP = 230  # between blocks side by side (their frames, 95 px out each side, stay apart)
BAND_GAP = 260  # between the strategy, common and local bands (room for headings)
MUNI_GAP = 700  # between municipality blocks
SWEEPS = 4


def band_of(row: int) -> int:
    """0 strategy, 1 common, 2 local (the dangling row 9 sits with the local band)."""
    return min(row // 3, 2)


@dataclass(frozen=True)
class Item:
    """What the layout needs to know about one node."""

    id: str
    kind: str | None
    muni: str = ""  # municipality key (grid block)
    group: str = ""  # administration key (a column of the local band)
    plan: str = ""  # plan block key
    sort: tuple[str, ...] = ()  # initial order within its row
    targets: tuple[str, ...] = ()  # what it links to upwards (supports, partOf)
    group_sort: tuple[str, ...] = ()  # order of its administration column (initial)
    plan_sort: tuple[str, ...] = ()  # order of its plan block (fixed: period order)
    muni_sort: tuple[str, ...] = ()  # order of its municipality block


@dataclass
class Layout:
    """Positions plus the keys the page needs to re-pack a subset the same way."""

    pos: dict[str, tuple[int, int]]
    #: per node: [row, municipality, group, plan, municipality rank, group rank, plan rank, rank]
    keys: dict[str, list] = field(default_factory=dict)


def constants() -> dict[str, object]:
    """The packing constants, shipped to the page so both sides pack alike."""
    return {
        "slot": {str(k): v for k, v in SLOT.items()},
        "stagger": {str(k): v for k, v in STAGGER.items()},
        "dy": DY,
        "staggerDy": STAGGER_DY,
        "rowGap": {str(k): v for k, v in ROW_GAP.items()},
        "blockGap": BLOCK_GAP,
        "bandGap": BAND_GAP,
        "muniGap": MUNI_GAP,
    }


def _rank(keys: Iterable[tuple]) -> dict[tuple, int]:
    return {k: i for i, k in enumerate(sorted(set(keys)))}


def layered(items: Sequence[Item]) -> Layout:
    """Order the nodes to minimise crossings, then :func:`pack` them."""
    if not items:
        return Layout({}, {})
    by_id = {i.id: i for i in items}
    row = {i.id: style_of(i.kind).row for i in items}
    up = {i.id: [t for t in i.targets if t in by_id] for i in items}
    down: dict[str, list[str]] = {}
    for i in items:
        for t in up[i.id]:
            down.setdefault(t, []).append(i.id)
    muni_rank = _rank((i.muni_sort, i.muni) for i in items)
    # where a node's group and plan block sit: a float, re-ranked when packing; in the
    # local band both follow their members (barycentre), elsewhere they keep period order
    g_key = {i.id: (i.muni, band_of(row[i.id]), i.group) for i in items}
    p_key = {i.id: (*g_key[i.id], i.plan) for i in items}
    g_order = {
        k: float(r)
        for r, (_s, k) in enumerate(sorted({(by_id[n].group_sort, g_key[n]) for n in by_id}))
    }
    p_order = {
        k: float(r)
        for r, (_s, k) in enumerate(sorted({(by_id[n].plan_sort, p_key[n]) for n in by_id}))
    }
    order = {
        i.id: float(r) for r, i in enumerate(sorted(items, key=lambda i: (row[i.id], i.sort, i.id)))
    }

    def ranks(values: dict[tuple, float]) -> dict[tuple, int]:
        parent: dict[tuple, list] = {}
        for k, v in values.items():
            parent.setdefault(k[:-1], []).append((v, k))
        return {k: r for ks in parent.values() for r, (_v, k) in enumerate(sorted(ks))}

    def keys() -> dict[str, list]:
        g_rank, p_rank = ranks(g_order), ranks(p_order)
        cells: dict[tuple, list[str]] = {}
        for n in by_id:
            cells.setdefault((p_key[n], row[n]), []).append(n)
        out: dict[str, list] = {}
        for members in cells.values():
            for r, n in enumerate(sorted(members, key=lambda n: (order[n], n))):
                i = by_id[n]
                out[n] = [
                    row[n],
                    i.muni,
                    i.group,
                    i.plan,
                    muni_rank[i.muni_sort, i.muni],
                    g_rank[g_key[n]],
                    p_rank[p_key[n]],
                    r,
                ]
        return dict(sorted(out.items()))

    rows = sorted(set(row.values()))
    # big views: fewer sweeps (each re-packs the whole picture once per row)
    for _ in range(SWEEPS if len(items) <= 600 else 2):
        for direction, sequence in (("up", rows[1:]), ("down", rows[::-1][1:])):
            for step, r in enumerate(sequence):
                if step % 3 == 0:  # re-pack every third row (a full pack per row is slow)
                    x = {n: p[0] for n, p in pack(keys()).items()}
                neighbours = up if direction == "up" else down
                plans: dict[tuple, list[float]] = {}
                for n in by_id:
                    if row[n] != r:
                        continue
                    xs = [x[t] for t in neighbours.get(n, ()) if t in x]
                    if xs:
                        centre = sum(xs) / len(xs)
                        order[n] = centre + order[n] * 1e-6
                        if band_of(r) == 2:
                            plans.setdefault(p_key[n], []).append(centre)
                # groups keep their period order (the local band's shelves, top to bottom)
                for values, target in ((plans, p_order),):
                    for k, xs in values.items():  # type: ignore[assignment]
                        target[k] = sum(xs) / len(xs) + target[k] * 1e-6
    final = keys()
    return Layout(pack(final), final)


def pack(keys: Mapping[str, Sequence]) -> dict[str, tuple[int, int]]:
    """Coordinates from layout keys (see :class:`Layout`); the page's ``pack`` is the same.

    A plan block is its rows (each row centred, a long initiative row staggered on up to
    three lines); a band lines up its blocks (ordered by group, then plan) centred on
    x = 0; a municipality stacks its bands; municipalities form a grid of
    ``ceil(sqrt(n))`` columns. Integer arithmetic where it rounds (``floor``), so the
    browser's packing gives the same numbers.
    """
    tree: dict = {}
    for n, (r, muni, group, plan, mr, gr, pr, rank) in keys.items():
        t = tree.setdefault((mr, muni), {}).setdefault(band_of(r), {})
        t.setdefault((gr, group, pr, plan), {}).setdefault(r, []).append((rank, n))
    rel: dict[str, tuple[float, float]] = {}
    sizes: dict[tuple, tuple[float, float]] = {}
    for mkey in sorted(tree):
        y = 0.0
        width = 0.0
        for band in sorted(tree[mkey]):
            keys = sorted(tree[mkey][band])  # type: ignore[assignment]
            # the local band puts each group (the plans under one common plan) on its own
            # shelf, so a period's plans line up under one another's common plan
            shelves = [keys]
            if band == 2:
                shelves = [[k for k in keys if k[:2] == g] for g in sorted({k[:2] for k in keys})]  # type: ignore[misc]
            for shelf in shelves:
                blocks = [_block(tree[mkey][band][b]) for b in shelf]
                total = sum(w for _, w, _ in blocks) + BLOCK_GAP * (len(blocks) - 1)
                x = -total / 2
                height = 0.0
                for placed, w, h in blocks:
                    for n, (px, py) in placed.items():
                        rel[n] = (x + w / 2 + px, y + py)
                    x += w + BLOCK_GAP
                    height = max(height, h)
                width = max(width, total)
                y += height + BAND_GAP
        sizes[mkey] = (width, y - BAND_GAP)
    pos: dict[str, tuple[int, int]] = {}
    order = sorted(tree)
    cols = max(1, math.ceil(math.sqrt(len(order))))
    col_w = max(w for w, _ in sizes.values()) + MUNI_GAP
    y = 0.0
    for start in range(0, len(order), cols):
        line = order[start : start + cols]
        for c, mkey in enumerate(line):
            x = (c - (len(line) - 1) / 2) * col_w
            for band in tree[mkey].values():
                for rows in band.values():
                    for members in rows.values():
                        for _, n in members:
                            px, py = rel[n]
                            pos[n] = (math.floor(x + px), math.floor(y + py))
        y += max(sizes[m][1] for m in line) + MUNI_GAP
    return dict(sorted(pos.items()))


def _block(rows: dict[int, list[tuple[int, str]]]) -> tuple[dict, float, float]:
    """A plan block: positions relative to its top centre, its width and its height."""
    placed: dict[str, tuple[float, float]] = {}
    width = 0.0
    y = 0.0
    for r in sorted(rows):
        members = [n for _, n in sorted(rows[r])]
        lines = min(STAGGER.get(r, 1), max(1, (len(members) + 2) // 4))
        step = SLOT[r] // lines
        span = (len(members) - 1) * step
        for i, n in enumerate(members):
            placed[n] = (-span / 2 + i * step, y + (i % lines) * STAGGER_DY)
        width = max(width, span + SLOT[r])
        y += DY + (lines - 1) * STAGGER_DY + ROW_GAP.get(r, 0)
    return placed, width, y - DY


def crossings(nodes: Sequence[Mapping], edges: Sequence[Mapping]) -> int:
    """How many pairs of edges cross, each edge drawn straight between its nodes' x, y.

    Edges that share a node never count; nor do hidden edges or edges to a node not drawn.

    >>> n = [{"id": a, "x": x, "y": y} for a, x, y in
    ...      (("a", 0, 0), ("b", 10, 10), ("c", 10, 0), ("d", 0, 10))]
    >>> crossings(n, [{"from": "a", "to": "b"}, {"from": "c", "to": "d"}])
    1
    >>> crossings(n, [{"from": "a", "to": "b"}, {"from": "a", "to": "c"}])
    0
    """
    pos = {n["id"]: (n["x"], n["y"]) for n in nodes if not n.get("hidden")}
    segs = [
        (pos[e["from"]], pos[e["to"]], e["from"], e["to"])
        for e in edges
        if not e.get("hidden") and e["from"] in pos and e["to"] in pos
    ]

    def orient(a: tuple, b: tuple, c: tuple) -> int:
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 0) - (v < 0)

    count = 0
    boxes = [
        (min(p[0], q[0]), max(p[0], q[0]), min(p[1], q[1]), max(p[1], q[1])) for p, q, _, _ in segs
    ]
    for i, (p1, p2, a1, a2) in enumerate(segs):
        bx0, bx1, by0, by1 = boxes[i]
        for j in range(i + 1, len(segs)):
            cx0, cx1, cy0, cy1 = boxes[j]
            if bx1 < cx0 or cx1 < bx0 or by1 < cy0 or cy1 < by0:
                continue
            q1, q2, b1, b2 = segs[j]
            if a1 in (b1, b2) or a2 in (b1, b2):
                continue
            if orient(p1, p2, q1) * orient(p1, p2, q2) < 0 and (
                orient(q1, q2, p1) * orient(q1, q2, p2) < 0
            ):
                count += 1
    return count
