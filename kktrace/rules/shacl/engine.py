"""SHACL validation of a model with ``ontology/shapes.ttl``.

Two engines: ``sparql`` (default, :mod:`kktrace.rules.shacl.compiler`: the shapes compiled to
SPARQL on Oxigraph) and ``pyshacl`` (the reference; also runs any shape the SPARQL engine
does not support).

pySHACL 0.40 validates a ``pyoxigraph.Store`` directly, which is an order of magnitude
faster than rdflib's engine for SPARQL-based constraints. Do not hand it an rdflib graph
over oxrdflib: it counts the whole store per violation and turns quadratic.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from kktrace.errors import ParseError, UsageError
from kktrace.model.namespaces import KKT
from kktrace.model.resources import shapes_file
from kktrace.model.store import Model


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL validation result, reduced to what people read."""

    focus: str
    path: str
    message: str
    severity: str
    shape: str
    value: str


_RESULTS = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?focus ?path ?message ?severity ?shape ?value WHERE {
  ?report sh:result ?r .
  ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity .
  OPTIONAL { ?r sh:resultPath ?path }
  OPTIONAL { ?r sh:resultMessage ?message }
  OPTIONAL { ?r sh:sourceShape ?shape }
  OPTIONAL { ?r sh:value ?value }
}"""


def _with_cached_len(data: Any) -> Any:
    """Make ``len(data)`` count the store once, not once per (intermediate) result.

    pySHACL calls ``len(datagraph)`` for every validation result it builds, including the
    discarded results inside ``sh:or``; on a pyoxigraph store each call is a full
    ``COUNT`` query, which made validating the bundled data take minutes. The store does
    not change during validation, so the count is cached on the instance.
    """
    base = type(data)

    class CachedLen(base):  # type: ignore[misc,valid-type]
        def __len__(self, context: object = None) -> int:
            key = ("_kktrace_len", id(context) if context is not None else None)
            cache = self.__dict__.setdefault("_kktrace_len_cache", {})
            if key not in cache:
                cache[key] = (
                    base.__len__(self, context) if context is not None else base.__len__(self)
                )
            return cache[key]

    CachedLen.__name__ = CachedLen.__qualname__ = base.__name__
    data.__class__ = CachedLen
    return data


ENGINES = ("sparql", "pyshacl")


def validate(
    model: Model,
    shapes: Path | None = None,
    lang: str = "en",
    *,
    skip_untyped: bool = False,
    engine: str | None = None,
    run_map: Callable[..., Iterable[Any]] = map,
) -> list[Violation]:
    """Validate ``model`` against the SHACL shapes; return violations, sorted.

    Where a shape has messages in several languages, the one in ``lang`` is kept. With
    ``skip_untyped``, results on a link that ``dangling-reference`` covers (kkt:supports,
    partOf, owner, responsible, continues) whose value is an IRI with no ``rdf:type`` in the
    model are left out: they are dangling references, which ``kktrace check`` reports
    once under its own rule rather than again as "not of the right class".

    ``engine`` is ``"sparql"`` (default: the shapes compiled to SPARQL on Oxigraph by
    :mod:`kktrace.rules.shacl.compiler`, with pySHACL for any shape it does not support) or
    ``"pyshacl"`` (pySHACL for every shape, the reference). ``None`` reads the
    environment variable ``KKTRACE_SHACL_ENGINE`` (default ``sparql``).
    """
    if engine is None:
        engine = os.environ.get("KKTRACE_SHACL_ENGINE", "").strip().lower() or "sparql"
    if engine not in ENGINES:
        raise UsageError(
            f"unknown SHACL engine {engine!r} (KKTRACE_SHACL_ENGINE): use one of "
            + ", ".join(ENGINES)
        )
    shapes_path = shapes or shapes_file()
    read = read_shapes(shapes_path)

    grouped: dict[tuple[str, str, str, str, str], dict[str, str]] = {}
    if engine == "pyshacl":
        from kktrace.rules.shacl.compiler import copy_graph

        # a copy: pySHACL adds its own triples to the graph it is given
        _run_pyshacl(model, copy_graph(read.graph()), grouped)
    else:
        from kktrace.rules.shacl.checks import run_shapes, term_text

        for shape, r in run_shapes(model, read.compiled, run_map):
            key = (
                term_text(r.focus),
                shape.path,
                shape.severity,
                shape.shape,
                term_text(r.value),
            )
            grouped.setdefault(key, {}).update(shape.messages)
        if read.unsupported:
            from kktrace.rules.shacl.compiler import fallback_graph

            _run_pyshacl(model, fallback_graph(read.graph(), read.compiled), grouped)

    untyped = (
        _untyped_iris(model, {k[4] for k in grouped if k[1] in _DANGLING_PATHS and k[4]})
        if skip_untyped
        else set()
    )
    out = set()
    for (focus, path, severity, shape_iri, value), messages in grouped.items():
        if value in untyped and path in _DANGLING_PATHS:
            continue
        message = next(
            (messages[k] for k in (lang, "en", "da", "") if k in messages),
            next(iter(messages.values()), "SHACL constraint violated"),
        )
        out.add(Violation(focus, path, message, severity.rsplit("#", 1)[-1], shape_iri, value))
    return sorted(out)


#: The compiled form of the bundled shapes (written by ``python -m kktrace.rules.shacl.bundle``).
BUNDLED = Path(__file__).with_name("bundled.json")


@dataclass
class Shapes:
    """A shapes file read: its compiled shapes, the shapes left to pySHACL, and (parsed
    with rdflib only when asked for) the shapes graph."""

    path: Path
    compiled: list[Any]
    unsupported: list[Any]
    _graph: Any = field(default=None, repr=False)

    def graph(self) -> Any:
        """The shapes graph (rdflib), parsed on first use."""
        with _SHAPES_LOCK:
            if self._graph is None:
                self._graph = _parse(self.path)
            return self._graph


_SHAPES_LOCK = threading.RLock()
_SHAPES: dict[tuple[str, int, int], Shapes] = {}


def read_shapes(path: Path) -> Shapes:
    """The shapes file compiled (:mod:`.compiler`), once per process and file version.

    The bundled shapes are not compiled at run time: ``bundled.json`` holds their compiled
    form, used when its recorded SHA-256 is that of ``path``'s bytes (so an edited shapes
    file is compiled afresh, and a test keeps the JSON in step with the compiler). Only
    compiling imports rdflib and pySHACL.
    """
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        with _SHAPES_LOCK:
            if key in _SHAPES:
                return _SHAPES[key]
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(path, f"SHACL shapes cannot be read ({exc.strerror or exc})") from None
    with _SHAPES_LOCK:
        if key not in _SHAPES:
            _SHAPES[key] = _bundled(path, data) or _compile(path)
        return _SHAPES[key]


def _bundled(path: Path, data: bytes) -> Shapes | None:
    """The shapes from ``bundled.json`` if it was compiled from exactly these bytes."""
    from kktrace.rules.shacl.checks import CompiledShape

    try:
        bundled = json.loads(BUNDLED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if bundled.get("sha256") != hashlib.sha256(data).hexdigest():
        return None
    return Shapes(path, [CompiledShape.from_json(s) for s in bundled["shapes"]], [])


def _parse(path: Path) -> Any:
    import rdflib

    shapes_graph = rdflib.Graph()
    try:
        shapes_graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        raise ParseError(path, f"SHACL shapes could not be parsed: {exc}") from None
    _check_patterns(shapes_graph, path)
    return shapes_graph


def _compile(path: Path) -> Shapes:
    from kktrace.rules.shacl import compiler as shacl_sparql

    shapes_graph = _parse(path)
    compiled, unsupported = shacl_sparql.compile_shapes(shapes_graph)
    return Shapes(path, compiled, unsupported, shapes_graph)


def _run_pyshacl(
    model: Model,
    shapes_graph: Any,
    grouped: dict[tuple[str, str, str, str, str], dict[str, str]],
) -> None:
    """Validate with pySHACL; add each result's messages (by language) to ``grouped``."""
    import rdflib
    from pyshacl import validate as shacl_validate

    data = _pyshacl_data(model)
    _conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    for row in report.query(_RESULTS):
        # Data blank nodes keep their content-derived label; a blank-node shape (parsed
        # afresh each run) has no stable name and is shown as "".
        key = cast(
            "tuple[str, str, str, str, str]",
            tuple(
                ""
                if x is None or (isinstance(x, rdflib.BNode) and i in (1, 2, 3))
                else ("_:" + str(x) if isinstance(x, rdflib.BNode) else str(x))
                for i, x in enumerate((row.focus, row.path, row.severity, row.shape, row.value))
            ),
        )
        msg = row.message
        if msg is not None:
            grouped.setdefault(key, {})[getattr(msg, "language", None) or ""] = str(msg)
        else:
            grouped.setdefault(key, {})


def _check_patterns(shapes_graph: Any, path: Path) -> None:
    """Every ``sh:pattern`` must be a regular expression Python can compile (both engines
    use Python's ``re``); say which one is not, instead of failing inside validation."""
    import re

    import rdflib

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    for shape, pattern in sorted(shapes_graph.subject_objects(sh.pattern), key=str):
        flags = 0
        for flag in shapes_graph.objects(shape, sh.flags):
            for ch in str(flag):
                flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}.get(ch, 0)
        try:
            re.compile(str(pattern), flags)
        except re.error as exc:
            name = "a blank-node shape" if isinstance(shape, rdflib.BNode) else f"<{shape}>"
            raise ParseError(
                path,
                f"sh:pattern {str(pattern)!r} of {name} is not a regular expression "
                f"Python can use ({exc})",
                hint="fix the pattern (Python re syntax, as in XPath regular expressions)",
            ) from None


def _pyshacl_data(model: Model) -> Any:
    """The data graph pySHACL validates: the data as written plus the ``rdfs:subClassOf``
    triples of the ontology (SHACL's class semantics; no inferred types, no labels).

    It is an rdflib graph with the literals as the files wrote them: an Oxigraph store
    would canonicalise integer subtypes again, and pySHACL's Oxigraph adapter keeps
    ``xsd:string`` on simple literals, which then differ from the shapes graph's
    ``"A"`` in ``sh:in`` and ``sh:hasValue`` (RDF 1.1 says they are one term).
    """
    import pyoxigraph as ox
    import rdflib

    from kktrace.model.namespaces import ONTOLOGY_GRAPH, RDFS
    from kktrace.rules.shacl.checks import to_rdflib

    quads = [
        q for g in model.data_graphs for q in model.store.quads_for_pattern(None, None, None, g)
    ]
    quads += model.store.quads_for_pattern(
        None, ox.NamedNode(RDFS + "subClassOf"), None, ox.NamedNode(ONTOLOGY_GRAPH)
    )
    graph = rdflib.Graph()
    written = model.written
    for q in quads:
        s, p, o = to_rdflib(q.subject), to_rdflib(q.predicate), q.object
        forms = (
            written.get((q.subject, q.predicate, o)) if written and type(o) is ox.Literal else None
        )
        for obj in forms or (o,):
            graph.add((s, p, to_rdflib(obj)))
    return graph


#: The links whose untyped targets the ``dangling-reference`` rule reports (DESIGN.md §3).
#: Other results with an untyped value (e.g. ``kkt:status ex:Typo``) are real violations.
_DANGLING_PATHS = frozenset(
    KKT + p for p in ("supports", "partOf", "owner", "responsible", "continues")
)


def _untyped_iris(model: Model, candidates: set[str]) -> set[str]:
    """The IRIs among ``candidates`` used as objects of links with no rdf:type in the model.

    Only result values are candidates, so this stays cheap on large models (scanning
    every object for a type took seconds at national scale).
    """
    import pyoxigraph as ox

    iris = []
    for c in sorted(candidates):
        try:
            iris.append(str(ox.NamedNode(c)))
        except ValueError:  # a literal value, not an IRI
            continue
    if not iris:
        return set()
    query = (
        f"SELECT ?o WHERE {{ VALUES ?o {{ {' '.join(iris)} }}"
        " FILTER EXISTS { ?s ?p ?o FILTER(?p != rdf:type) }"
        " FILTER NOT EXISTS { ?o a ?any } }"
    )
    return {row["o"].value for row in model.select(query)}
