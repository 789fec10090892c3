"""Reading RDF files and folders into one Oxigraph store.

Oxigraph parses about 15× faster than rdflib's own parser on this kind of data, so it
parses everything; rdflib stays the API where code is clearer with it (see
:meth:`kktrace.model.store.Model.rdflib_graph`).
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import islice
from pathlib import Path
from typing import Any

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

#: (subject, predicate, literal as stored) → the literals as written in the files
#: (:class:`WrittenLiterals` after a load).
Written = Mapping[tuple[object, ox.NamedNode, ox.Literal], frozenset[ox.Literal]]

#: The data's quads go to the store in transactions of this many. Measured at 98
#: municipalities (whole processes): transactions of 100 to 500 quads cost the same, and
#: less than Oxigraph's bulk loader, which buffers a whole batch (batches of 100,000
#: quads: 10 % more CPU and 30 MiB more peak memory; one batch per file: more CPU still).
LOAD_BATCH = 300

_WANTED = frozenset(ox.NamedNode(iri) for iri in WRITTEN_DATATYPES)
_TYPE = ox.NamedNode(RDF + "type")
_INFERRED = ox.NamedNode(INFERRED_GRAPH)
INTERNAL_GRAPHS = (ONTOLOGY_GRAPH, INFERRED_GRAPH)


class FileTerms:
    """The terms one data file mentions, noted while it loads (for ``check --cache``):
    every subject, the named objects of ``rdf:type`` and of other predicates, the graph
    names (files of dataset formats) and the quads with blank nodes."""

    def __init__(self) -> None:
        self.subjects: set[object] = set()
        self.types: set[ox.NamedNode] = set()
        self.objects: set[ox.NamedNode] = set()
        self.graphs: set[object] = set()
        self.blank: list[ox.Quad] = []


#: While set to a dict, the load notes each data file's :class:`FileTerms` there (in the
#: one pass over its quads: ``check --cache`` needs them; :mod:`kktrace.findings.cache`).
FILE_TERMS: ContextVar[dict[Path, FileTerms] | None] = ContextVar(
    "kktrace_file_terms", default=None
)


def _parse(path: Path) -> list[ox.Quad]:
    """The quads of one data file as parsed (blank nodes renamed apart per file)."""
    fmt = FORMATS[path.suffix.lower()]
    with _errors(path, fmt), path.open("rb") as handle:
        handle.seek(screen_file(path, handle, fmt))
        return list(
            ox.parse(handle, format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
        )


class _Load:
    """One pass over the data files: what goes to the store now, what waits, what is noted.

    ``types`` maps every class of the ontology's ``rdfs:subClassOf`` closure to its
    superclasses; when given, each ``?x a ?c`` of the data is followed by its inferred
    ``?x a ?super`` quads in :data:`INFERRED_GRAPH` (see :class:`_Types`).
    """

    def __init__(self, types: _Types | None) -> None:
        self.held: list[ox.Quad] = []
        self.recorded = _Recorded()
        self.types = types
        self.done = False

    def quads(self, files: Sequence[Path]) -> Iterator[ox.Quad]:
        """Every quad to store now; quads with blank nodes are held back in :attr:`held`,
        literals of :data:`WRITTEN_DATATYPES` noted in :attr:`recorded`.

        This loop is the only Python work per triple, so it is kept flat (no generator
        or function call per quad in between) and calls each getter of a pyoxigraph quad
        at most once (each call builds a new object).
        """
        held = self.held
        iris, ends, keys, key_ids = self.recorded.tables()
        blank, literal, wanted = ox.BlankNode, ox.Literal, _WANTED
        a, quad, inferred = _TYPE, ox.Quad, _INFERRED
        types = self.types
        supers = types.supers if types else {}
        tops = types.tops if types else frozenset()
        asserted = types.asserted if types else []
        noting = FILE_TERMS.get()
        named = ox.NamedNode
        for path in files:
            fmt = FORMATS[path.suffix.lower()]
            datasets = fmt.supports_datasets
            terms = noting.setdefault(path, FileTerms()) if noting is not None else None
            start = len(held)
            with _errors(path, fmt), path.open("rb") as handle:
                handle.seek(screen_file(path, handle, fmt))
                parsed = ox.parse(
                    handle, format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True
                )
                for q in _own_graphs(path, parsed) if datasets else parsed:
                    o = q.object
                    kind = type(o)
                    s = q.subject
                    if terms is not None:
                        terms.subjects.add(s)
                        if kind is named:
                            (terms.types if q.predicate == a else terms.objects).add(o)  # type: ignore[arg-type]
                        if datasets:
                            terms.graphs.add(q.graph_name)
                    if (
                        kind is blank
                        or type(s) is blank
                        or (datasets and type(q.graph_name) is blank)
                    ):
                        held.append(q)
                        continue
                    yield q
                    if kind is literal:
                        if o.datatype in wanted:  # type: ignore[union-attr]
                            if type(s) is named:
                                iris += s.value.encode()  # type: ignore[union-attr]
                                ends.append(len(iris))
                                key_ids.append(keys.setdefault((q.predicate, o), len(keys)))  # type: ignore[arg-type]
                            else:  # not an IRI nor a blank node: nothing Oxigraph 0.5 parses
                                self.recorded.terms.append((s, q.predicate, o))  # type: ignore[arg-type]
                    elif o in supers and q.predicate == a:
                        x = q.subject
                        if o in tops:
                            asserted.append((x, o))
                        for sup in supers[o]:
                            yield quad(x, a, sup, inferred)
            if terms is not None:
                terms.blank = held[start:]
        self.done = True

    def rest(self) -> Iterator[ox.Quad]:
        """The held-back quads with their content-derived blank node labels."""
        supers = self.types.supers if self.types else {}
        for q in canonical_labels(self.held):
            yield q
            o = q.object
            if type(o) is ox.Literal:
                if o.datatype in _WANTED:
                    self.recorded.terms.append((q.subject, q.predicate, o))
            elif o in supers and q.predicate == _TYPE:
                yield from self.types.infer(q.subject, o)  # type: ignore[union-attr]


def _own_graphs(path: Path, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Refuse data that a TriG/N-Quads/JSON-LD file puts into kktrace's own graph names.

    Such quads would be counted as ontology or inference (``info`` said 0 data triples
    while ``check`` found initiatives).
    """
    for q in quads:
        g = q.graph_name
        if type(g) is ox.NamedNode and g.value in INTERNAL_GRAPHS:
            raise ParseError(
                path,
                f"puts data into <{g.value}>, a graph name kktrace keeps for itself",
                hint="name the graph differently (any other IRI) or use the default graph",
            )
        yield q


def load_data(store: ox.Store, files: Sequence[Path], types: _Types | None = None) -> Written:
    """Parse the data files once into ``store``; return the literals recorded as written.

    Every file is screened, then parsed with its blank nodes renamed apart; quads that
    mention blank nodes are held back until every file is read and then get
    content-derived labels (:mod:`kktrace.model.bnodes`), so every output names a blank
    node the same way in every run. Literals of :data:`WRITTEN_DATATYPES` are recorded
    with the form the store keeps them in, for the SHACL datatype checks. Data in
    kktrace's own graph names is refused. With ``types`` (:func:`new_store` passes them),
    the subclass types are inferred on the way in.
    """
    load = _Load(types)
    stream = load.quads(files)
    while not load.done:
        store.extend(islice(stream, LOAD_BATCH))
    if load.held:
        rest = load.rest()
        while batch := list(islice(rest, LOAD_BATCH)):
            store.extend(batch)
    return _written(load.recorded)


def _has_blank(q: ox.Quad) -> bool:
    return (
        type(q.subject) is ox.BlankNode
        or type(q.object) is ox.BlankNode
        or type(q.graph_name) is ox.BlankNode
    )


class _Recorded:
    """The literals of :data:`WRITTEN_DATATYPES` noted during the load, before they become
    :data:`Written`.

    At 98 municipalities they are 36,000 priorities. Kept as Python objects (a tuple, a
    subject term and a literal each) while the store grows, they cost 11 MiB and left
    another 10 MiB of the load's freed memory unusable, scattered between them. So a
    subject that is an IRI is noted as UTF-8 bytes in one growing buffer (:attr:`iris`,
    :attr:`ends`) and its (predicate, literal) as a number (:attr:`keys`, :attr:`key_ids`);
    the terms are made once, after the load. Blank-node subjects, which get their labels
    after the load, are few and noted as terms.
    """

    def __init__(self) -> None:
        self.iris = bytearray()
        self.ends = array("Q")
        self.keys: dict[tuple[ox.NamedNode, ox.Literal], int] = {}
        self.key_ids = array("Q")
        self.terms: list[tuple[object, ox.NamedNode, ox.Literal]] = []

    def tables(
        self,
    ) -> tuple[bytearray, array[int], dict[tuple[ox.NamedNode, ox.Literal], int], array[int]]:
        return self.iris, self.ends, self.keys, self.key_ids

    def __bool__(self) -> bool:
        return bool(self.ends) or bool(self.terms)

    def __iter__(self) -> Iterator[tuple[object, ox.NamedNode, ox.Literal]]:
        """Every noted (subject, predicate, literal), in the order they were noted (the
        IRI subjects first)."""
        by_id = list(self.keys)
        named, iris, start = ox.NamedNode, self.iris, 0
        for end, key in zip(self.ends, self.key_ids, strict=True):
            p, lit = by_id[key]
            yield named(iris[start:end].decode()), p, lit
            start = end
        yield from self.terms


def _written(recorded: _Recorded) -> Written:
    """The recorded literals as :data:`Written`: each paired with the literal the store keeps.

    The distinct literals are few (a priority ``"2"^^xsd:positiveInteger`` is written a
    thousand times): each is stored once in a scratch store to see its stored form.
    """
    if not recorded:
        return {}
    literals = sorted(
        {lit for _p, lit in recorded.keys} | {lit for _s, _p, lit in recorded.terms}, key=str
    )
    scratch = ox.Store()
    p = ox.NamedNode(RDF + "value")
    scratch.bulk_extend(
        ox.Quad(ox.NamedNode(f"urn:kktrace:literal:{i}"), p, lit) for i, lit in enumerate(literals)
    )
    cut = len("urn:kktrace:literal:")
    stored = {literals[int(q.subject.value[cut:])]: q.object for q in scratch}
    return WrittenLiterals(recorded, stored)


class WrittenLiterals(Mapping[tuple[object, ox.NamedNode, ox.Literal], frozenset[ox.Literal]]):
    """:data:`Written` for a load: (subject, predicate, literal as stored) → the forms written.

    A check looks up single subjects only for a written form that fails a datatype test;
    :meth:`forms` (per predicate and stored literal, any subject) answers the rest. So the
    table per subject (36,000 entries, 6 MiB at 98 municipalities) is made from the
    load's notes at the first lookup, not before.
    """

    def __init__(self, recorded: _Recorded, stored: dict[ox.Literal, ox.Literal]) -> None:
        self._recorded = recorded
        self._stored = stored
        self._table: dict[tuple[object, ox.NamedNode, ox.Literal], frozenset[ox.Literal]] | None
        self._table = None
        self._lock = threading.Lock()

    def forms(self) -> dict[tuple[ox.NamedNode, ox.Literal], frozenset[ox.Literal]]:
        """(predicate, literal as stored) → every form the files wrote it in, any subject."""
        out: dict[tuple[ox.NamedNode, ox.Literal], set[ox.Literal]] = {}
        stored = self._stored
        pairs = [*self._recorded.keys, *((p, lit) for _s, p, lit in self._recorded.terms)]
        for p, lit in pairs:
            out.setdefault((p, stored[lit]), set()).add(lit)
        return {k: frozenset(v) for k, v in out.items()}

    def _entries(
        self,
    ) -> dict[tuple[object, ox.NamedNode, ox.Literal], frozenset[ox.Literal]]:
        with self._lock:
            if self._table is None:
                self._table = self._build()
            return self._table

    def _build(self) -> dict[tuple[object, ox.NamedNode, ox.Literal], frozenset[ox.Literal]]:
        stored = self._stored
        alone = {lit: frozenset((lit,)) for lit in stored}
        shared: dict[frozenset[ox.Literal], frozenset[ox.Literal]] = {}
        out: dict[tuple[object, ox.NamedNode, ox.Literal], frozenset[ox.Literal]] = {}
        predicates: dict[ox.NamedNode, ox.NamedNode] = {}
        for s, pred, lit in self._recorded:
            key = (s, predicates.setdefault(pred, pred), stored[lit])
            forms = out.get(key)
            if forms is None:
                out[key] = alone[lit]
            elif lit not in forms:
                both = forms | alone[lit]
                out[key] = shared.setdefault(both, both)
        return out

    def __bool__(self) -> bool:
        return bool(self._recorded)

    def __getitem__(self, key: tuple[object, ox.NamedNode, ox.Literal]) -> frozenset[ox.Literal]:
        return self._entries()[key]

    def get(self, key: Any, default: Any = None) -> Any:
        return self._entries().get(key, default)

    def __iter__(self) -> Iterator[tuple[object, ox.NamedNode, ox.Literal]]:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())


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
    types = _Types.of_ontology(store)
    written = load_data(store, files, types)
    types.finish(store)
    return store, files, written


class _Types:
    """Subclass types inferred while the data streams in, from the ontology's hierarchy.

    :func:`materialise_types` types the instances after the load with one SPARQL Update;
    that costs a query over every ``rdf:type`` and a second insertion (0.3 s CPU at 98
    municipalities). The ontology's closure is known before the data is read, so the
    load adds ``?x a ?super`` right after each ``?x a ?c`` instead. The result is the
    same: :meth:`finish` removes what the data also asserts itself, and when the data
    declares subclasses of its own (the closure changed) it starts again with
    :func:`materialise_types`.
    """

    def __init__(self, pairs: list[tuple[Any, Any]]) -> None:
        self.pairs = set(pairs)
        self.supers: dict[object, tuple[ox.NamedNode, ...]] = {}
        for c, sup in pairs:
            self.supers.setdefault(c, ())
            self.supers.setdefault(sup, ())
            self.supers[c] += (sup,)
        self.tops = frozenset(sup for _c, sup in pairs)
        #: (instance, class) for the types of a superclass asserted in the data or ontology
        self.asserted: list[tuple[object, object]] = []

    @classmethod
    def of_ontology(cls, store: ox.Store) -> _Types:
        """The closure of the store's hierarchy (just the ontology), its instances typed."""
        pairs = _subclass_pairs(store)
        if any(type(c) is not ox.NamedNode or type(s) is not ox.NamedNode for c, s in pairs):
            pairs = []  # finish() sees the difference and materialises the usual way
        materialise_types(store)
        types = cls(pairs)
        types.asserted = [
            (q.subject, top)
            for top in types.tops
            for q in store.quads_for_pattern(None, _TYPE, top, ox.NamedNode(ONTOLOGY_GRAPH))
        ]
        return types

    def infer(self, x: object, c: object) -> Iterator[ox.Quad]:
        """The inferred types of ``x a c`` (``c`` a class of the closure)."""
        if c in self.tops:
            self.asserted.append((x, c))
        for sup in self.supers[c]:
            yield ox.Quad(x, _TYPE, sup, _INFERRED)  # type: ignore[arg-type]

    def finish(self, store: ox.Store) -> None:
        """Drop inferred types the data asserts; redo all if the data changed the hierarchy."""
        if set(_subclass_pairs(store)) != self.pairs:
            store.remove_graph(_INFERRED)
            materialise_types(store)
            return
        for x, c in self.asserted:
            q = ox.Quad(x, _TYPE, c, _INFERRED)  # type: ignore[arg-type]
            if q in store:
                store.remove(q)


def _subclass_pairs(store: ox.Store) -> list[tuple[Any, Any]]:
    return sorted(
        {
            (row["c"], row["super"])
            for row in store.query(_SUBCLASS_CLOSURE, use_default_graph_as_union=True)  # type: ignore[union-attr]
        },
        key=str,
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
    pairs = _subclass_pairs(store)
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
