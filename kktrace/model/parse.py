"""Reading RDF files and folders into one Oxigraph store.

Oxigraph parses about 15× faster than rdflib's own parser on this kind of data, so it
parses everything; rdflib stays the API where code is clearer with it (see
:meth:`kktrace.model.store.Model.rdflib_graph`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kktrace.errors import InputFileError, ParseError
from kktrace.model.bnodes import canonical_labels
from kktrace.model.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, RDF, RDFS, XSD
from kktrace.model.resources import data_dir, ontology_file
from kktrace.model.screen import buffer_error, screen_file

#: File extensions kktrace reads, and the format each is parsed as.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def find_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand files and folders into the sorted list of RDF files to read.

    Folders are searched recursively for the extensions in :data:`FORMATS`; other files
    in them (README.md, spreadsheets) are ignored. A file named explicitly must exist
    and have a known extension.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            path.stat()
        except FileNotFoundError:
            pass
        except OSError as exc:  # a name too long, a loop of symbolic links …
            raise InputFileError(
                f"{path}: cannot be read ({exc.strerror or exc}) — check the path"
            ) from None
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in FORMATS and not _hidden(p, path)
            )
        elif path.is_file():
            if path.suffix.lower() not in FORMATS:
                known = ", ".join(sorted(FORMATS))
                raise InputFileError(
                    f"{path}: unknown file type '{path.suffix or '(none)'}' — "
                    f"give a file ending in one of {known}"
                )
            found.append(path)
        elif path.exists():
            raise InputFileError(f"{path}: not a regular file or folder — give an RDF file")
        else:
            raise InputFileError(f"{path}: no such file or folder — check the path")
    if not found:
        names = ", ".join(str(p) for p in paths)
        raise InputFileError(
            f"{names}: no RDF files found — give files or folders holding "
            f"{', '.join(sorted(FORMATS))} files"
        )
    # The same file named twice (or found through two folders) is read once.
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def load_file(store: ox.Store, path: Path, graph: str | None = None) -> None:
    """Parse one file into ``store`` (the default graph unless ``graph`` is given).

    Blank nodes get fresh identifiers per file, so blank nodes of different files
    never merge. The file is screened first (:mod:`kktrace.model.screen`). Raises
    :class:`ParseError` naming the file, line and column.
    """
    fmt = FORMATS[path.suffix.lower()]
    to_graph = ox.NamedNode(graph) if graph else None
    with _errors(path, fmt), path.open("rb") as handle:
        handle.seek(screen_file(path, handle, fmt))
        kwargs = (
            {"to_graph": to_graph} if to_graph is not None and not fmt.supports_datasets else {}
        )
        store.bulk_load(handle, format=fmt, base_iri=path.resolve().as_uri(), **kwargs)  # type: ignore[arg-type]


@contextmanager
def _errors(path: Path, fmt: ox.RdfFormat) -> Iterator[None]:
    """Turn the parser's and the file system's errors into one-line kktrace errors."""
    try:
        yield
    except SyntaxError as exc:
        detail = (exc.msg or str(exc)).split(" (", 1)[0]
        raise ParseError(
            path, f"{fmt.name} syntax error: {detail}", exc.lineno, exc.offset
        ) from None
    except PermissionError:
        raise InputFileError(f"{path}: permission denied — make the file readable") from None
    except OSError as exc:
        raise InputFileError(
            f"{path}: cannot be read ({exc.strerror or exc}) — check the file"
        ) from None
    except ValueError as exc:
        raise ParseError(path, f"{fmt.name} could not be read: {exc}") from None
    except MemoryError:
        raise buffer_error(path) from None


#: Datatypes whose literals Oxigraph rewrites on insertion (MEASURED.md): every integer
#: subtype becomes ``xsd:integer`` and ``xsd:dateTimeStamp`` becomes ``xsd:dateTime``.
#: Literals of these types are recorded as written, so datatype checks see the file's terms.
WRITTEN_DATATYPES = frozenset(
    XSD + name
    for name in (
        "integer",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
        "dateTime",
        "dateTimeStamp",
    )
)

#: (subject, predicate, literal as stored) → the literals as written in the files.
Written = dict[tuple[object, ox.NamedNode, ox.Literal], frozenset[ox.Literal]]


def _parse(path: Path) -> list[ox.Quad]:
    """The quads of one data file as parsed (blank nodes renamed apart per file)."""
    fmt = FORMATS[path.suffix.lower()]
    with _errors(path, fmt), path.open("rb") as handle:
        handle.seek(screen_file(path, handle, fmt))
        return list(
            ox.parse(handle, format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
        )


def _recorded(q: ox.Quad) -> bool:
    o = q.object
    return type(o) is ox.Literal and o.datatype.value in WRITTEN_DATATYPES


def load_data(store: ox.Store, files: Sequence[Path]) -> Written:
    """Parse the data files once into ``store``; return the literals recorded as written.

    Quads that mention blank nodes are held back until every file is read and then get
    content-derived labels (:mod:`kktrace.model.bnodes`), so every output names a blank
    node the same way in every run. Literals of :data:`WRITTEN_DATATYPES` are recorded
    with the form the store keeps them in, for the SHACL datatype checks. The loop over
    the quads is the only Python work per triple (about +0.8 s CPU over a bare bulk load
    at 98 municipalities, 456k triples), so it is kept tight.
    """
    held: list[ox.Quad] = []
    recorded: list[ox.Quad] = []
    blank, literal, wanted = ox.BlankNode, ox.Literal, WRITTEN_DATATYPES
    for path in files:
        quads = _parse(path)
        datasets = FORMATS[path.suffix.lower()].supports_datasets
        mine: list[ox.Quad] = []
        for q in quads:
            o = q.object
            kind = type(o)
            if (
                kind is blank
                or type(q.subject) is blank
                or (datasets and type(q.graph_name) is blank)
            ):
                mine.append(q)
            elif kind is literal and o.datatype.value in wanted:  # type: ignore[union-attr]
                recorded.append(q)
        if mine:
            held.extend(mine)
            quads = [q for q in quads if not _has_blank(q)]
        store.bulk_extend(quads)
    if held:
        labelled = canonical_labels(held)
        recorded.extend(q for q in labelled if _recorded(q))
        store.bulk_extend(labelled)
    return _written(recorded)


def _has_blank(q: ox.Quad) -> bool:
    return (
        type(q.subject) is ox.BlankNode
        or type(q.object) is ox.BlankNode
        or type(q.graph_name) is ox.BlankNode
    )


def _written(recorded: list[ox.Quad]) -> Written:
    """Pair each recorded literal with the literal the store keeps in its place."""
    if not recorded:
        return {}
    literals = sorted({q.object for q in recorded}, key=str)
    scratch = ox.Store()
    p = ox.NamedNode(RDF + "value")
    scratch.bulk_extend(
        ox.Quad(ox.NamedNode(f"urn:kktrace:literal:{i}"), p, lit) for i, lit in enumerate(literals)
    )
    cut = len("urn:kktrace:literal:")
    stored = {literals[int(q.subject.value[cut:])]: q.object for q in scratch}
    out: dict[tuple[object, ox.NamedNode, ox.Literal], set[ox.Literal]] = {}
    for q in recorded:
        lit = q.object
        out.setdefault((q.subject, q.predicate, stored[lit]), set()).add(lit)  # type: ignore[arg-type,index]
    return {k: frozenset(v) for k, v in out.items()}


def new_store(
    paths: Sequence[Path | str] | None = None,
) -> tuple[ox.Store, list[Path], Written]:
    """An in-memory store with the ontology and the given files (default: bundled data).

    Returns the store, the list of data files read and the literals recorded as written
    (see :func:`load_data`). Types implied by ``rdfs:subClassOf`` (from the ontology and
    from the data) are materialised once, into their own graph, so every rule and query
    sees a data-declared subclass of ``kkt:LocalInitiative`` as a local initiative.
    """
    files = find_files(paths if paths else [data_dir()])
    store = ox.Store()
    load_file(store, ontology_file(), graph=ONTOLOGY_GRAPH)
    ontology_quads = _graph_size(store, ONTOLOGY_GRAPH)
    written = load_data(store, files)
    refuse_internal_graphs(store, files, ontology_quads)
    materialise_types(store)
    return store, files, written


INTERNAL_GRAPHS = (ONTOLOGY_GRAPH, INFERRED_GRAPH)


def _graph_size(store: ox.Store, graph: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def refuse_internal_graphs(store: ox.Store, files: Sequence[Path], ontology_quads: int) -> None:
    """Refuse data that a TriG/N-Quads/JSON-LD file put into kktrace's own graph names.

    Such quads would be counted as ontology or inference (``info`` said 0 data triples
    while ``check`` found initiatives). Checked on the store (cheap); only when something
    is there are the dataset files read again to name the one that wrote it.
    """
    if (
        _graph_size(store, ONTOLOGY_GRAPH) == ontology_quads
        and _graph_size(store, INFERRED_GRAPH) == 0
    ):
        return
    for path in files:
        if not FORMATS[path.suffix.lower()].supports_datasets:
            continue
        for q in _parse(path):
            g = q.graph_name
            if type(g) is ox.NamedNode and g.value in INTERNAL_GRAPHS:
                raise ParseError(
                    path,
                    f"puts data into <{g.value}>, a graph name kktrace keeps for itself",
                    hint="name the graph differently (any other IRI) or use the default graph",
                )


_SUBCLASS_CLOSURE = f"""
SELECT DISTINCT ?c ?super WHERE {{
  ?c <{RDFS}subClassOf>+ ?super .
  FILTER(!isLiteral(?c) && !isLiteral(?super) && ?c != ?super)
}}"""


def materialise_types(store: ox.Store) -> int:
    """Add ``?x a ?super`` for every ``?x a ?c`` with ``?c rdfs:subClassOf+ ?super``.

    The class hierarchy (from the ontology and the data) is small and is closed first;
    the instances are then typed by one SPARQL Update inside Oxigraph, so no triple of
    the data passes through Python. A class that is a blank node (``ex:x a _:c .
    _:c rdfs:subClassOf kkt:LocalInitiative``) cannot go into that update's ``VALUES``;
    its few instances are typed from Python. The inferred triples go to their own named
    graph; queries see them through the union default graph. Returns the number of quads
    added.
    """
    pairs = sorted(
        {
            (row["c"], row["super"])
            for row in store.query(_SUBCLASS_CLOSURE, use_default_graph_as_union=True)  # type: ignore[union-attr]
        },
        key=str,
    )
    if not pairs:
        return 0
    before = len(store)
    named = [(c, sup) for c, sup in pairs if type(c) is ox.NamedNode and type(sup) is ox.NamedNode]
    if named:
        values = " ".join(f"({c} {sup})" for c, sup in named)
        store.update(
            f"""INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ ?x a ?super }} }}
WHERE {{
  VALUES (?c ?super) {{ {values} }}
  {{ ?x a ?c }} UNION {{ GRAPH ?g {{ ?x a ?c }} }}
  FILTER NOT EXISTS {{ ?x a ?super }}
  FILTER NOT EXISTS {{ GRAPH ?h {{ ?x a ?super }} }}
}}"""
        )
    a = ox.NamedNode(RDF + "type")
    inferred = ox.NamedNode(INFERRED_GRAPH)
    blank = [(c, sup) for c, sup in pairs if (c, sup) not in set(named)]
    store.extend(
        ox.Quad(q.subject, a, sup, inferred)
        for c, sup in blank
        for q in list(store.quads_for_pattern(None, a, c, None))
        if not any(True for _ in store.quads_for_pattern(q.subject, a, sup, None))
    )
    return len(store) - before
