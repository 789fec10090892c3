"""Stable, content-derived labels for blank nodes.

A parser gives blank nodes fresh random identifiers on every run, so anything that prints
them (a finding's focus, a report, ``status --format json``) or compares two loads
(``kktrace diff``) would change from run to run. :func:`canonical_labels` names every blank
node after what is said about it instead, so the same data gives the same labels in every
run, whatever the file format or the identifiers written in the file.

The scheme (documented in docs/checks.md, "Blank nodes"):

1. The quads that mention blank nodes are split into *components*: blank nodes linked by
   a quad belong together (a blank-node initiative and the blank-node goal it supports).
   A component's labels depend only on its own quads.
2. Every blank node starts with the hash of its quads, written in N-Quads with itself as
   ``_:a`` and every other blank node as ``_:z`` (RDFC-1.0's first-degree hash).
3. The hashes are refined (each node's new hash covers its quads with the neighbours'
   current hashes) until the number of distinct hashes stops growing.
4. Where nodes still share a hash, the one whose individuation gives the smallest
   canonical serialisation is set apart, and refinement repeats; equal serialisations
   mean the nodes are interchangeable, so the choice does not show in any output.
5. A node's label is ``b`` + 16 hex digits of SHA-256 over its component's canonical
   serialisation and its own final hash. Components that are exact copies of one another
   (the same statements about different blank nodes) get ``-2``, ``-3`` … in turn; being
   copies, which one gets which suffix makes no difference to any output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import sha256

import pyoxigraph as ox

Quad = ox.Quad
_Terms = tuple[object, object, object, object]


def _has_blank(q: ox.Quad) -> bool:
    return (
        type(q.subject) is ox.BlankNode
        or type(q.object) is ox.BlankNode
        or type(q.graph_name) is ox.BlankNode
    )


def _terms(q: ox.Quad) -> _Terms:
    return (q.subject, q.predicate, q.object, q.graph_name)


def _text(term: object, names: dict[object, str], me: object | None) -> str:
    if type(term) is ox.BlankNode:
        if term == me:
            return "_:a"
        return "_:" + names.get(term, "z")
    if type(term) is ox.DefaultGraph:
        return ""
    return str(term)


def _line(terms: _Terms, names: dict[object, str], me: object | None) -> str:
    return " ".join(_text(t, names, me) for t in terms)


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


def _refine(
    nodes: list[object], mentions: dict[object, list[_Terms]], hashes: dict[object, str]
) -> dict[object, str]:
    """Refine the hashes until the number of distinct values stops growing."""
    distinct = len(set(hashes.values()))
    while True:
        new = {
            b: _digest([hashes[b], *sorted(_line(t, hashes, b) for t in mentions[b])])
            for b in nodes
        }
        count = len(set(new.values()))
        if count == distinct:
            return new
        hashes, distinct = new, count


def _serialise(quads: Sequence[_Terms], hashes: dict[object, str]) -> list[str]:
    return sorted(_line(t, hashes, None) for t in quads)


def _canonical_component(quads: Sequence[_Terms]) -> tuple[dict[object, str], str]:
    """Final hashes of one component's blank nodes, and the component's digest."""
    mentions: dict[object, list[_Terms]] = {}
    for terms in quads:
        for t in {t for t in terms if type(t) is ox.BlankNode}:
            mentions.setdefault(t, []).append(terms)
    nodes = list(mentions)
    hashes = {b: _digest(sorted(_line(t, {}, b) for t in mentions[b])) for b in nodes}
    hashes = _refine(nodes, mentions, hashes)
    while len(set(hashes.values())) < len(nodes):
        counts: dict[str, list[object]] = {}
        for b in nodes:
            counts.setdefault(hashes[b], []).append(b)
        tied = min((h for h, bs in counts.items() if len(bs) > 1))
        best: tuple[list[str], dict[object, str]] | None = None
        for b in counts[tied]:
            trial = dict(hashes)
            trial[b] = _digest([tied, "individuated"])
            trial = _refine(nodes, mentions, trial)
            text = _serialise(quads, trial)
            if best is None or text < best[0]:
                best = (text, trial)
        assert best is not None
        hashes = best[1]
    return hashes, _digest(_serialise(quads, hashes))


def canonical_labels(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with every blank node renamed to its content-derived label.

    Quads without blank nodes are returned unchanged. The order of the result is sorted
    by the canonical N-Quads text, so it does not depend on the input's order either.
    """
    plain: list[ox.Quad] = []
    blank: list[_Terms] = []
    for q in quads:
        (blank.append(_terms(q)) if _has_blank(q) else plain.append(q))
    if not blank:
        return plain
    results: list[tuple[str, dict[object, str], list[_Terms]]] = []
    for idx in _components(blank):
        comp = [blank[i] for i in idx]
        hashes, digest = _canonical_component(comp)
        results.append((digest, hashes, comp))
    results.sort(key=lambda r: r[0])
    seen: dict[str, int] = {}
    out = list(plain)
    for digest, hashes, comp in results:
        seen[digest] = seen.get(digest, 0) + 1
        suffix = "" if seen[digest] == 1 else f"-{seen[digest]}"
        labels = {
            b: ox.BlankNode("b" + _digest([digest, h])[:16] + suffix) for b, h in hashes.items()
        }
        for s, p, o, g in comp:
            out.append(
                ox.Quad(
                    labels.get(s, s),  # type: ignore[arg-type]
                    p,  # type: ignore[arg-type]
                    labels.get(o, o),  # type: ignore[arg-type]
                    labels.get(g, g),  # type: ignore[arg-type]
                )
            )
    return out
