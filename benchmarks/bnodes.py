"""CPU time of the blank-node labelling (``kktrace.model.bnodes.canonical_labels``) by shape.

Usage::

    python benchmarks/bnodes.py [--sizes 1000,10000,100000] [--shapes list,star,...]
                                [--impl path/to/bnodes.py] [--limit SECONDS]

Each shape is written as N-Triples with ``N`` blank nodes of identical content (the
hostile case: nothing but the structure tells them apart), parsed by Oxigraph with its
blank nodes renamed (as ``kktrace`` parses), and labelled once in this process; the CPU
time (user + system) of ``canonical_labels`` alone is printed. ``--impl`` times another
copy of the module (e.g. the previous version, for a before/after in one run). A size
whose previous size took more than ``--limit`` seconds is skipped (the old quadratic
version would take hours). Not part of the test run.

Shapes (``ex:v 1`` is the content of every item):

- ``list``: one RDF list of N identical blank-node items, ``ex:p ex:items ( [ex:v 1] … )``;
- ``set``: one blank node with N identical blank-node values, ``[] ex:has [ex:v 1], …``;
- ``copies``: N identical blank nodes of an IRI, ``ex:p ex:has [ex:v 1], …`` (N components);
- ``nested``: N/10 lists of 10 lists of identical items ``( ( (1 2) … ) … )``;
- ``cycle``: N blank nodes in one ring ``_:n0 ex:next _:n1 … _:nN ex:next _:n0``;
- ``chain``: N nested blank nodes ``[ ex:sub [ ex:sub [ … ] ] ]`` (deep nesting);
- ``star``: a blank hub with N blank spokes, each spoke with two blank leaves;
- ``grid``: a sqrt(N) × sqrt(N) torus of identical blank nodes (every node alike);
- ``rings``: N/30 separate rings of 30 identical blank nodes (each small enough that
  every candidate of its tie is tried: the most such trials cost);
- ``hubs``: N/11 blank hubs with 10 identical blank leaves each (ties that setting one
  leaf apart does not resolve).
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import resource
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

EX = "https://example.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
V = f'<{EX}v> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'


def _list(head: str, items: list[str], out: list[str], tag: str) -> None:
    """Append the N-Triples of an RDF list whose head cell is ``head``."""
    for i, item in enumerate(items):
        cell = head if i == 0 else f"_:{tag}c{i}"
        nxt = f"_:{tag}c{i + 1}" if i + 1 < len(items) else f"<{RDF}nil>"
        out.append(f"{cell} <{RDF}first> {item} .")
        out.append(f"{cell} <{RDF}rest> {nxt} .")


def shape_list(n: int) -> list[str]:
    out = [f"<{EX}p> <{EX}items> _:c0 ."]
    _list("_:c0", [f"_:i{i}" for i in range(n)], out, "")
    out += [f"_:i{i} {V}" for i in range(n)]
    return out


def shape_set(n: int) -> list[str]:
    out = [f'_:s <{EX}name> "set" .']
    for i in range(n):
        out += [f"_:s <{EX}has> _:i{i} .", f"_:i{i} {V}"]
    return out


def shape_copies(n: int) -> list[str]:
    out = []
    for i in range(n):
        out += [f"<{EX}p> <{EX}has> _:i{i} .", f"_:i{i} {V}"]
    return out


def shape_nested(n: int) -> list[str]:
    out = [f"<{EX}p> <{EX}items> _:o0 ."]
    outer = [f"_:m{j}" for j in range(max(1, n // 10))]
    _list("_:o0", outer, out, "o")
    for j, m in enumerate(outer):
        _list(m, ['"1"', '"2"'] * 5, out, f"m{j}x")
    return out


def shape_cycle(n: int) -> list[str]:
    return [f"_:n{i} <{EX}next> _:n{(i + 1) % n} ." for i in range(n)] + [
        f"_:n{i} {V}" for i in range(n)
    ]


def shape_chain(n: int) -> list[str]:
    out = [f"<{EX}p> <{EX}sub> _:n0 ."]
    out += [f"_:n{i} <{EX}sub> _:n{i + 1} ." for i in range(n - 1)]
    return [*out, f"_:n{n - 1} {V}"]


def shape_star(n: int) -> list[str]:
    out = []
    k = max(1, n // 3)
    for i in range(k):
        out += [f"_:hub <{EX}spoke> _:s{i} ."]
        out += [f"_:s{i} <{EX}leaf> _:l{i}a .", f"_:s{i} <{EX}leaf> _:l{i}b ."]
        out += [f"_:l{i}a {V}", f"_:l{i}b {V}"]
    return out


def shape_grid(n: int) -> list[str]:
    k = max(2, int(math.sqrt(n)))
    out = []
    for r in range(k):
        for c in range(k):
            out.append(f"_:g{r}x{c} <{EX}right> _:g{r}x{(c + 1) % k} .")
            out.append(f"_:g{r}x{c} <{EX}down> _:g{(r + 1) % k}x{c} .")
    return out


def shape_rings(n: int) -> list[str]:
    out = []
    for r in range(max(1, n // 30)):
        out += [f"_:r{r}n{i} <{EX}next> _:r{r}n{(i + 1) % 30} ." for i in range(30)]
    return out


def shape_hubs(n: int) -> list[str]:
    out = []
    for h in range(max(1, n // 11)):
        out += [f'_:h{h} <{EX}name> "hub" .']
        for i in range(10):
            out += [f"_:h{h} <{EX}has> _:h{h}l{i} .", f"_:h{h}l{i} {V}"]
    return out


SHAPES: dict[str, Callable[[int], list[str]]] = {
    "list": shape_list,
    "set": shape_set,
    "copies": shape_copies,
    "nested": shape_nested,
    "cycle": shape_cycle,
    "chain": shape_chain,
    "star": shape_star,
    "grid": shape_grid,
    "rings": shape_rings,
    "hubs": shape_hubs,
}


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _impl(path: str | None) -> Callable[..., list[ox.Quad]]:
    if path is None:
        from kktrace.model.bnodes import canonical_labels

        return canonical_labels
    spec = importlib.util.spec_from_file_location("bnodes_impl", Path(path))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.canonical_labels  # type: ignore[no-any-return]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--impl", default=None, help="another copy of kktrace/model/bnodes.py")
    ap.add_argument("--limit", type=float, default=20.0)
    args = ap.parse_args()
    label = _impl(args.impl)
    print(f"impl: {args.impl or 'kktrace.model.bnodes'}")
    print("shape   | N       | quads   | blank labels | CPU s")
    for shape in args.shapes.split(","):
        slow = False
        for n in (int(s) for s in args.sizes.split(",")):
            if slow:
                print(f"{shape:7} | {n:7} | skipped: the previous size took > {args.limit} s")
                continue
            data = "\n".join(SHAPES[shape](n)).encode()
            quads = list(ox.parse(data, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True))
            start = _cpu()
            out = label(quads)
            took = _cpu() - start
            names = {t for q in out for t in (q.subject, q.object) if type(t) is ox.BlankNode}
            print(f"{shape:7} | {n:7} | {len(quads):7} | {len(names):12} | {took:.3f}")
            sys.stdout.flush()
            slow = took > args.limit
    return 0


if __name__ == "__main__":
    sys.exit(main())
