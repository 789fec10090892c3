"""SHACL validation of a model with ``ontology/shapes.ttl`` (pySHACL on Oxigraph).

pySHACL 0.40 validates a ``pyoxigraph.Store`` directly, which is an order of magnitude
faster than rdflib's engine for SPARQL-based constraints. Do not hand it an rdflib graph
over oxrdflib: it counts the whole store per violation and turns quadratic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ParseError
from .model import Model
from .resources import shapes_file


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
  ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity .
  OPTIONAL { ?r sh:resultPath ?path }
  OPTIONAL { ?r sh:resultMessage ?message }
  OPTIONAL { ?r sh:sourceShape ?shape }
  OPTIONAL { ?r sh:value ?value }
}"""


def _with_cached_len(data: object) -> object:
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


def validate(
    model: Model,
    shapes: Path | None = None,
    lang: str = "en",
    *,
    skip_untyped: bool = False,
) -> list[Violation]:
    """Validate ``model`` against the SHACL shapes; return violations, sorted.

    Where a shape has messages in several languages, the one in ``lang`` is kept. With
    ``skip_untyped``, results on a link that ``dangling-reference`` covers (kkt:supports,
    partOf, owner, responsible, continues) whose value is an IRI with no ``rdf:type`` in the
    model are left out: they are dangling references, which ``kktrace check`` reports
    once under its own rule rather than again as "not of the right class".
    """
    import rdflib
    from pyshacl import validate as shacl_validate
    from pyshacl.graph_abstraction import DataGraph

    shapes_path = shapes or shapes_file()
    shapes_graph = rdflib.Graph()
    try:
        shapes_graph.parse(shapes_path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        raise ParseError(shapes_path, f"SHACL shapes could not be parsed: {exc}") from None

    data = _with_cached_len(DataGraph.from_oxigraph_store(model.store))
    data.default_union = True
    _conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    grouped: dict[tuple[str, str, str, str, str], dict[str, str]] = {}
    for row in report.query(_RESULTS):
        key = tuple(
            "" if x is None or isinstance(x, rdflib.BNode) else str(x)
            for x in (row.focus, row.path, row.severity, row.shape, row.value)
        )
        msg = row.message
        if msg is not None:
            grouped.setdefault(key, {})[getattr(msg, "language", None) or ""] = str(msg)
        else:
            grouped.setdefault(key, {})
    untyped = _untyped_iris(model) if skip_untyped else set()
    out = set()
    for (focus, path, severity, shape, value), messages in grouped.items():
        if value in untyped and path in _DANGLING_PATHS:
            continue
        message = next(
            (messages[k] for k in (lang, "en", "da", "") if k in messages),
            next(iter(messages.values()), "SHACL constraint violated"),
        )
        out.add(Violation(focus, path, message, severity.rsplit("#", 1)[-1], shape, value))
    return sorted(out)


#: The links whose untyped targets the ``dangling-reference`` rule reports (DESIGN.md §3).
#: Other results with an untyped value (e.g. ``kkt:status ex:Typo``) are real violations.
_DANGLING_PATHS = frozenset(
    f"https://w3id.org/kktrace/def#{p}"
    for p in ("supports", "partOf", "owner", "responsible", "continues")
)

_UNTYPED = """
SELECT DISTINCT ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?o) && ?p != rdf:type)
  FILTER NOT EXISTS { ?o a ?any }
}"""


def _untyped_iris(model: Model) -> set[str]:
    """IRIs used as objects of links that have no rdf:type anywhere in the model."""
    return {row["o"].value for row in model.select(_UNTYPED)}
