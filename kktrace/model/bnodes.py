"""Stable, content-derived labels for blank nodes.

A parser gives blank nodes fresh random identifiers on every run, so anything that prints
them (a finding's focus, a report, ``status --format json``) or compares two loads
(``kktrace diff``) would change from run to run. :func:`canonical_labels` names every blank
node after what is said about it instead, so the same data gives the same labels in every
run, whatever the file format, the order of the statements or the identifiers written in
the file.

The scheme (documented in docs/checks.md, "Blank nodes"):

1. The quads that mention blank nodes (duplicates dropped) are split into *components*:
   blank nodes linked by a quad belong together (a blank-node initiative and the
   blank-node goal it supports). A component's labels depend only on its own quads.
2. Every blank node starts in the cell of its *first-degree hash*: the hash of its quads
   written in N-Quads with itself as ``_:a`` and every other blank node as ``_:z``
   (RDFC-1.0's first-degree hash). The cells are kept in an ordered list, sorted by hash.
3. *Colour refinement*: a cell splits when its nodes are linked to another cell by a
   different number of quads of some kind (the quad written with the two nodes as ``_:a``
   and ``_:b``), until no cell splits any more. This is the canonical O((n + m) log n)
   partition refinement of Berkholz, Bonsma and Grohe (Hopcroft's "process the smaller
   half"): a cell is used to split others once, and after a split all pieces but the
   largest are used again; the pieces of a split are ordered by their counts, so the
   order of the cells depends only on the data, never on the parser's identifiers or the
   order of the statements. A list of a thousand identical items, a chain or a cycle
   costs a few operations per node, not one pass over the component per item.
4. Where a cell still holds several nodes, one of them is set apart (*individualised*:
   it becomes a cell of its own, placed last) and refinement repeats from that node only,
   until every node has a cell of its own. Which node is set apart cannot show in the
   result when the nodes of the cell are interchangeable (an automorphism maps one onto
   the other) — for blank nodes of tree shape (nested ``[ ]`` and lists), identical
   items, copies and rings this is always so. For the rare structures where refinement
   leaves look-alike nodes that are not interchangeable, every candidate of the cell is
   tried and the one giving the smallest serialisation chosen; two trials that end in the
   same complete labelling reveal an automorphism, and the candidates it maps onto one
   already tried are skipped (a ring of look-alike nodes costs two trials, not one per
   node). The trials of a component cost at most :data:`TRIAL_FACTOR` steps per node
   and quad and :data:`TRIAL_CAP` in all (each trial of a cell counts cell size ×
   component size); beyond that the first node of the cell is taken, so the labels of a
   large, highly symmetric but not interchangeable structure are deterministic for the
   same files but may change when its statements are reordered (graph canonisation has
   no known fast algorithm; RDFC-1.0 is exponential on such data and bounds its work
   instead).
5. Each node's position in the final ordered partition is canonical. The component's
   digest is SHA-256 over its quads written with ``_:c<position>`` and sorted; a node's
   label is ``b`` + 16 hex digits of SHA-256 over the digest and its position. Components
   that are exact copies of one another (the same statements about different blank nodes)
   get ``-2``, ``-3`` … in turn; being copies, which one gets which suffix makes no
   difference to any output.

Nothing here recurses, so deep nesting and long cycles cannot exhaust Python's stack.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Sequence
from hashlib import sha256

import pyoxigraph as ox

Quad = ox.Quad
_Terms = tuple[object, object, object, object]

#: How many steps (tied cell size × component size, summed) a component may spend on
#: trying every candidate of a tied cell, per node and quad of the component (module
#: docstring, step 4), so the trials cost at most a constant factor of the component
#: size, and at most :data:`TRIAL_CAP` steps in all; then the first node of a tied cell
#: is taken.
TRIAL_FACTOR = 64
TRIAL_CAP = 100_000


def _digest(parts: Iterable[str]) -> str:
    h = sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def _components(quads: Sequence[_Terms]) -> list[list[int]]:
    """Group quad indexes by connected blank nodes (union-find over the blank nodes)."""
    parent: dict[object, object] = {}

    def find(x: object) -> object:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for terms in quads:
        blanks = [t for t in terms if type(t) is ox.BlankNode]
        for b in blanks:
            parent.setdefault(b, b)
        for b in blanks[1:]:
            ra, rb = find(blanks[0]), find(b)
            if ra != rb:
                parent[rb] = ra
    groups: dict[object, list[int]] = {}
    for i, terms in enumerate(quads):
        root = find(next(t for t in terms if type(t) is ox.BlankNode))
        groups.setdefault(root, []).append(i)
    return list(groups.values())


class _Component:
    """One component as integers: its blank nodes, their quads and the links between them.

    ``quads[k]`` is the k-th quad as four strings with ``None`` where a blank node stands
    and ``slots[k]`` says which node stands there; ``out[u]`` lists ``(kind, v)`` for every
    quad linking node ``u`` to node ``v`` (both directions are listed, with their own
    kinds); kinds are numbered in the order of their text, so the numbers are canonical.
    """

    def __init__(self, quads: Sequence[_Terms]) -> None:
        self.quads = quads
        index: dict[object, int] = {}
        self.texts: list[tuple[str | None, ...]] = []
        self.slots: list[tuple[int | None, ...]] = []
        for terms in quads:
            text: list[str | None] = []
            slot: list[int | None] = []
            for t in terms:
                if type(t) is ox.BlankNode:
                    text.append(None)
                    slot.append(index.setdefault(t, len(index)))
                else:
                    text.append("" if type(t) is ox.DefaultGraph else str(t))
                    slot.append(None)
            self.texts.append(tuple(text))
            self.slots.append(tuple(slot))
        self.nodes: list[object] = list(index)
        n = len(self.nodes)
        mentions: list[list[str]] = [[] for _ in range(n)]
        kinds: dict[str, list[tuple[int, int]]] = {}
        for q_text, q_slot in zip(self.texts, self.slots, strict=True):
            present = sorted({s for s in q_slot if s is not None})
            for u in present:
                mentions[u].append(_write(q_text, q_slot, {u: "_:a"}, "_:z"))
            if len(present) > 1:
                for u in present:
                    for v in present:
                        if u != v:
                            kind = _write(q_text, q_slot, {u: "_:a", v: "_:b"}, "_:z")
                            kinds.setdefault(kind, []).append((u, v))
        self.first = ["\n".join(sorted(lines)) for lines in mentions]
        self.out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for rank, kind in enumerate(sorted(kinds)):
            for u, v in kinds[kind]:
                self.out[u].append((rank, v))


def _write(
    text: tuple[str | None, ...], slot: tuple[int | None, ...], names: dict[int, str], other: str
) -> str:
    """One quad in N-Quads-like text, its blank nodes written as ``names`` says."""
    s, p, o, g = text
    ss, _, so, sg = slot
    if ss is not None:
        s = names.get(ss, other)
    if so is not None:
        o = names.get(so, other)
    if sg is not None:
        g = names.get(sg, other)
    return f"{s} {p} {o} {g}"


class _Partition:
    """An ordered partition of a component's nodes, refined canonically.

    ``lab`` lists the nodes cell after cell; a cell is known by the position of its first
    node (``cell[v]``) and ends at ``end[start]``; ``pos[v]`` is v's place in ``lab``.
    """

    def __init__(self, comp: _Component) -> None:
        n = len(comp.nodes)
        self.out = comp.out
        self.lab = sorted(range(n), key=comp.first.__getitem__)
        self.pos = [0] * n
        self.cell = [0] * n
        self.end = [0] * n
        self.queued = [False] * n
        self.queue: deque[int] = deque()
        self.open: list[int] = []  # starts of cells with more than one node (a heap)
        start = 0
        for i, v in enumerate(self.lab):
            self.pos[v] = i
            if i > start and comp.first[v] != comp.first[self.lab[start]]:
                self._close(start, i)
                start = i
            self.cell[v] = start
        if n:
            self._close(start, n)

    def _close(self, start: int, end: int) -> None:
        self.end[start] = end
        self.queued[start] = True
        self.queue.append(start)
        if end - start > 1:
            self.open.append(start)

    def copy(self) -> _Partition:
        other = object.__new__(_Partition)
        other.out = self.out
        other.lab, other.pos, other.cell = list(self.lab), list(self.pos), list(self.cell)
        other.end, other.queued = list(self.end), list(self.queued)
        other.queue, other.open = deque(self.queue), list(self.open)
        return other

    def refine(self) -> None:
        """Split cells until every node of a cell has the same links to every cell."""
        lab, pos, cell, end, out = self.lab, self.pos, self.cell, self.end, self.out
        queue, queued = self.queue, self.queued
        while queue:
            s = queue.popleft()
            queued[s] = False
            counts: dict[int, dict[int, int]] = {}
            for i in range(s, end[s]):
                for kind, w in out[lab[i]]:
                    seen = counts.get(w)
                    if seen is None:
                        counts[w] = {kind: 1}
                    else:
                        seen[kind] = seen.get(kind, 0) + 1
            if not counts:
                continue
            touched: dict[int, list[int]] = {}
            for w in counts:
                touched.setdefault(cell[w], []).append(w)
            for c in sorted(touched):
                e = end[c]
                if e - c == 1:
                    continue
                ws = touched[c]
                sig = {w: tuple(sorted(counts[w].items())) for w in ws}
                if len(ws) == e - c and len(set(sig.values())) == 1:
                    continue
                ws.sort(key=sig.__getitem__)
                # The untouched nodes stay first (they keep the cell's start), the
                # touched ones move to the end in the order of their counts.
                b = e - len(ws)
                mark = set(ws)
                head = [pos[w] for w in ws if pos[w] < b]
                tail = [i for i in range(b, e) if lab[i] not in mark]
                for i, j in zip(head, tail, strict=True):
                    lab[i], lab[j] = lab[j], lab[i]
                    pos[lab[i]], pos[lab[j]] = i, j
                pieces: list[tuple[int, int]] = [(c, b)] if b > c else []
                start = b
                for k, w in enumerate(ws):
                    lab[b + k] = w
                    pos[w] = b + k
                    if k and sig[w] != sig[ws[k - 1]]:
                        pieces.append((start, b + k))
                        start = b + k
                    cell[w] = start
                pieces.append((start, e))
                for p, q in pieces:
                    end[p] = q
                    if q - p > 1 and p != c:
                        heapq.heappush(self.open, p)
                if queued[c]:
                    new = [p for p, _ in pieces if p != c]
                else:
                    largest = max(pieces, key=lambda r: r[1] - r[0])
                    new = [p for p, _ in pieces if p != largest[0]]
                for p in new:
                    queued[p] = True
                    queue.append(p)

    def tied(self) -> int | None:
        """The start of the first cell with more than one node, if any."""
        heap, end = self.open, self.end
        while heap:
            s = heap[0]
            if end[s] - s > 1:
                return s
            heapq.heappop(heap)
        return None

    def individualise(self, s: int, v: int) -> None:
        """Make node ``v`` of cell ``s`` a cell of its own, last in place of the cell."""
        lab, pos = self.lab, self.pos
        e = self.end[s]
        i, j = pos[v], e - 1
        lab[i], lab[j] = lab[j], lab[i]
        pos[lab[i]], pos[lab[j]] = i, j
        self.end[s] = j
        self.end[j] = e
        self.cell[v] = j
        self.queued[j] = True
        self.queue.append(j)
        self.refine()


def _lines(comp: _Component, pos: Sequence[int]) -> list[tuple[str, int]]:
    """The component's quads written with ``_:c<position>``, sorted, with their indexes."""
    names = {v: f"_:c{p}" for v, p in enumerate(pos)}
    return sorted(
        (_write(text, slot, names, ""), k)
        for k, (text, slot) in enumerate(zip(comp.texts, comp.slots, strict=True))
    )


def _canonical_component(quads: Sequence[_Terms]) -> tuple[list[int], _Component]:
    """Canonical positions of one component's blank nodes (and the component as integers)."""
    comp = _Component(quads)
    part = _Partition(comp)
    part.refine()
    size = len(comp.nodes) + len(quads)
    budget, spent = min(TRIAL_FACTOR * size, TRIAL_CAP), 0
    shapes: list[int] = []
    while (s := part.tied()) is not None:
        cost = (part.end[s] - s) * size
        if spent + cost > budget:
            part.individualise(s, part.lab[s])
            continue
        spent += cost
        if not shapes:
            shapes = _shapes(comp)
        best: tuple[list[tuple[int, ...]], _Partition] | None = None
        # Candidates an automorphism maps onto one already tried give the same result:
        # two trials that end in the same complete labelling reveal one (pos1 -> pos2).
        orbit = list(range(len(comp.nodes)))
        done: dict[tuple[tuple[int, ...], ...], _Partition] = {}
        tried: list[int] = []
        for v in part.lab[s : part.end[s]]:
            if _root(orbit, v) in {_root(orbit, u) for u in tried}:
                continue
            tried.append(v)
            trial = part.copy()
            trial.individualise(s, v)
            key = _key(comp, shapes, trial.cell)
            if trial.tied() is None:
                same = done.setdefault(tuple(key), trial)
                if same is not trial:
                    for x, p in enumerate(same.pos):
                        a, b = _root(orbit, x), _root(orbit, trial.lab[p])
                        if a != b:
                            orbit[b] = a
            if best is None or key < best[0]:
                best = (key, trial)
        assert best is not None
        part = best[1]
    return part.pos, comp


def _root(orbit: list[int], x: int) -> int:
    while orbit[x] != x:
        orbit[x] = orbit[orbit[x]]
        x = orbit[x]
    return x


def _shapes(comp: _Component) -> list[int]:
    """Each quad's text with its blank nodes left out, as its rank among those texts."""
    texts = [_write(text, slot, {}, "_") for text, slot in zip(comp.texts, comp.slots, strict=True)]
    rank = {t: i for i, t in enumerate(sorted(set(texts)))}
    return [rank[t] for t in texts]


def _key(comp: _Component, shapes: list[int], cell: list[int]) -> list[tuple[int, ...]]:
    """The component's quads with every blank node written as its cell, sorted: a cheap
    stand-in for the serialisation, equal for two partitions exactly when it is."""
    return sorted(
        (
            shape,
            -1 if ss is None else cell[ss],
            -1 if so is None else cell[so],
            -1 if sg is None else cell[sg],
        )
        for shape, (ss, _, so, sg) in zip(shapes, comp.slots, strict=True)
    )


def canonical_labels(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with every blank node renamed to its content-derived label.

    Quads without blank nodes are returned unchanged, first and in their order; then come
    the quads with blank nodes (each once), component by component in the order of the
    components' digests, each component's quads in the order of their canonical text.
    """
    plain: list[ox.Quad] = []
    blank: dict[_Terms, None] = {}
    bn = ox.BlankNode
    for q in quads:
        s, o, g = q.subject, q.object, q.graph_name
        if type(s) is bn or type(o) is bn or type(g) is bn:
            blank[(s, q.predicate, o, g)] = None
        else:
            plain.append(q)
    if not blank:
        return plain
    quad_list = list(blank)
    results: list[tuple[str, list[ox.Quad]]] = []
    seen: dict[str, int] = {}
    for idx in _components(quad_list):
        pos, comp = _canonical_component([quad_list[i] for i in idx])
        lines = _lines(comp, pos)
        digest = _digest(line for line, _ in lines)
        # Copies (the same digest) are numbered in turn; being copies, which one gets
        # which number does not show.
        seen[digest] = seen.get(digest, 0) + 1
        suffix = "" if seen[digest] == 1 else f"-{seen[digest]}"
        prefix = sha256(digest.encode() + b"\n")
        labels = []
        for p in pos:
            h = prefix.copy()
            h.update(b"%d\n" % p)
            labels.append(ox.BlankNode("b" + h.hexdigest()[:16] + suffix))
        quads_out = []
        for _, k in lines:
            s, p_, o, g = comp.quads[k]  # type: ignore[assignment]
            ss, _, so, sg = comp.slots[k]
            quads_out.append(
                ox.Quad(
                    s if ss is None else labels[ss],  # type: ignore[arg-type]
                    p_,  # type: ignore[arg-type]
                    o if so is None else labels[so],  # type: ignore[arg-type]
                    g if sg is None else labels[sg],  # type: ignore[arg-type]
                )
            )
        results.append((digest + suffix, quads_out))
    results.sort(key=lambda r: r[0])
    out = plain
    for _, labelled in results:
        out.extend(labelled)
    return out
