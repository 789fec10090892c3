"""Run W3C test suites through kktrace's own code paths and print pass counts.

The suites are not committed (they are large); fetch them once, then point this driver
at the folders (see tests/w3c/README.md)::

    git clone --depth 1 https://github.com/w3c/rdf-tests /tmp/rdf-tests
    git clone --depth 1 https://github.com/w3c/data-shapes /tmp/data-shapes
    git clone --depth 1 https://github.com/RDFLib/pySHACL /tmp/pyshacl
    python tests/w3c/run.py sparql /tmp/rdf-tests/sparql/sparql11
    python tests/w3c/run.py shacl /tmp/data-shapes/data-shapes-test-suite/tests/core
    python tests/w3c/run.py shacl /tmp/data-shapes/data-shapes-test-suite/tests/core --engine pyshacl
    python tests/w3c/run.py dash /tmp/pyshacl/test/resources/dash_tests/core

``sparql`` runs the query evaluation tests of the folders named by ``--dirs`` (default:
aggregates, negation, property-path, bind, subquery) as ``kktrace query --data-only``
does: the data files loaded by kktrace's loader next to its ontology and inferred types,
the query checked by kktrace's guard and run by :meth:`kktrace.model.store.Model.query`
with ``data_only=True``. ``shacl`` and ``dash`` validate each test's data graph with
:func:`kktrace.rules.shacl.engine.validate` (``--engine sparql``, the default, is the fast
compiled engine with pySHACL for the shapes it does not compile).

Each test id run is printed with PASS or FAIL; ``--ids FILE`` writes the ids that were
run (tests/w3c/tests.txt is that list for the suites above). Exit 0 always: the counts,
not the exit code, are the result (every failure is explained in tests/w3c/README.md).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
DASH = rdflib.Namespace("http://datashapes.org/dash#")
SPARQL_DIRS = ("aggregates", "negation", "property-path", "bind", "subquery")


def _path(iri: rdflib.term.Node) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(str(iri)).path))


# -- SPARQL query evaluation ---------------------------------------------------------------


def _model(data: list[Path], graphs: list[tuple[str, Path]]) -> Any:
    from kktrace.model.namespaces import ONTOLOGY_GRAPH
    from kktrace.model.parse import load_data, load_file, materialise_types
    from kktrace.model.resources import ontology_file
    from kktrace.model.store import Model

    store = ox.Store()
    load_file(store, ontology_file(), graph=ONTOLOGY_GRAPH)
    written = load_data(store, data)
    for name, path in graphs:
        load_file(store, path, graph=name)
    materialise_types(store)
    return Model(store=store, files=data, written=written)


def _squash(term: Any) -> Any:
    """Blank nodes compare as one marker; numbers by value (``1.0`` = ``1.00``)."""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal) and term.datatype is not None:
        dt = term.datatype.value
        if dt.startswith("http://www.w3.org/2001/XMLSchema#") and dt.rsplit("#", 1)[1] in {
            "integer",
            "decimal",
            "double",
            "float",
        }:
            try:
                return ("num", Decimal(term.value))
            except InvalidOperation:
                return term
    return term


def _rows(solutions: Any) -> Counter[tuple[Any, ...]]:
    names = sorted(v.value for v in solutions.variables)
    out: Counter[tuple[Any, ...]] = Counter()
    for row in solutions:
        out[tuple((n, _squash(row[n])) for n in names if row[n] is not None)] += 1
    return out


_RESULT_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
    ".csv": ox.QueryResultsFormat.CSV,
}


def _expected(path: Path) -> Any:
    if path.suffix in _RESULT_FORMATS:
        return ox.parse_query_results(path=path, format=_RESULT_FORMATS[path.suffix])
    g = rdflib.Graph()
    g.parse(path, format="turtle" if path.suffix == ".ttl" else None)
    return g


RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")


def _ox(term: rdflib.term.Node) -> Any:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, rdflib.Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    dt = term.datatype
    return ox.Literal(str(term), datatype=ox.NamedNode(str(dt)) if dt else None)


def _rs_rows(g: rdflib.Graph) -> Counter[tuple[Any, ...]] | None:
    """The rows of a result set written in RDF (the DAWG result-set vocabulary)."""
    sets = list(g.subjects(rdflib.RDF.type, RS.ResultSet))
    if not sets:
        return None
    out: Counter[tuple[Any, ...]] = Counter()
    for solution in g.objects(sets[0], RS.solution):
        row = sorted(
            (str(next(g.objects(b, RS.variable))), _squash(_ox(next(g.objects(b, RS.value)))))
            for b in g.objects(solution, RS.binding)
        )
        out[tuple(row)] += 1
    return out


def _compare(got: Any, want: Any) -> str | None:
    """None when equal, else a short reason."""
    if isinstance(want, rdflib.Graph) and isinstance(got, ox.QuerySolutions):
        rows = _rs_rows(want)
        if rows is not None:
            a = _rows(got)
            return None if a == rows else f"{sum(a.values())} rows, expected {sum(rows.values())}"
    if isinstance(want, ox.QueryBoolean):
        return None if isinstance(got, ox.QueryBoolean) and bool(got) == bool(want) else "boolean"
    if isinstance(want, rdflib.Graph):
        from rdflib.compare import isomorphic

        if not isinstance(got, ox.QueryTriples):
            return "expected a graph"
        g = rdflib.Graph()
        g.parse(data=got.serialize(format=ox.RdfFormat.N_TRIPLES), format="nt")
        return None if isomorphic(g, want) else "graph differs"
    if not isinstance(got, ox.QuerySolutions):
        return "expected solutions"
    a, b = _rows(got), _rows(want)
    if a == b:
        return None
    return f"{sum(a.values())} rows, expected {sum(b.values())}"


def run_sparql(root: Path, dirs: list[str], data_only: bool = True) -> list[tuple[str, bool, str]]:
    from kktrace.errors import KKTraceError
    from kktrace.sparql.guard import check_query

    results = []
    for name in dirs:
        manifest = root / name / "manifest.ttl"
        g = rdflib.Graph()
        g.parse(manifest, format="turtle")
        head = next(g.objects(None, MF.entries))
        for test in Collection(g, head):
            if (test, rdflib.RDF.type, MF.QueryEvaluationTest) not in g:
                continue
            tid = f"{name}/{str(test).rsplit('#', 1)[-1]}"
            action = next(g.objects(test, MF.action))
            query = _path(next(g.objects(action, QT.query)))
            data = [_path(d) for d in g.objects(action, QT.data)]
            graphs = [(str(d), _path(d)) for d in g.objects(action, QT.graphData)]
            want = _expected(_path(next(g.objects(test, MF.result))))
            text = f"BASE <{query.resolve().as_uri()}>\n" + query.read_text(encoding="utf-8")
            try:
                model = _model(data, graphs)
                got = model.query(check_query(text, str(query)), data_only=data_only)
                reason = _compare(got, want)
            except (KKTraceError, SyntaxError, OSError, ValueError, RuntimeError) as exc:
                reason = f"error: {str(exc).splitlines()[0][:120]}"
            results.append((tid, reason is None, reason or ""))
    return results


# -- SHACL ---------------------------------------------------------------------------------


def _manifests(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.ttl") if p.name != "manifest.ttl")


def _report_keys(graph: rdflib.Graph, report: rdflib.term.Node) -> tuple[bool, Counter[Any]]:
    conforms = bool(next(graph.objects(report, SH.conforms)).toPython())
    keys: Counter[Any] = Counter()
    for r in graph.objects(report, SH.result):
        focus = next(graph.objects(r, SH.focusNode), None)
        value = next(graph.objects(r, SH.value), None)
        path = next(graph.objects(r, SH.resultPath), None)
        sev = next(graph.objects(r, SH.resultSeverity), None)
        keys[(_text(focus), _text(path), _text(value), str(sev).rsplit("#", 1)[-1])] += 1
    return conforms, keys


def _text(term: Any) -> str:
    if term is None or isinstance(term, rdflib.BNode):
        return ""
    return str(term)


def _kktrace_keys(violations: list[Any]) -> Counter[Any]:
    keys: Counter[Any] = Counter()
    for v in violations:
        keys[
            tuple("" if x.startswith("_:") else x for x in (v.focus, v.path, v.value, v.severity))
        ] += 1
    return keys


def _with_messages(shapes: Path, tmp: Path) -> tuple[Path, int]:
    """A copy of ``shapes`` where every shape has an ``sh:message``, so the compiled engine
    takes every shape it supports (it leaves a shape without one to pySHACL, whose
    generated message it cannot reproduce); returns the copy and how many shapes compile."""
    from kktrace.rules.shacl.compiler import compile_shapes

    g = rdflib.Graph()
    g.parse(shapes, format="turtle")
    for node in {
        s
        for p in (SH.path, SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
        for s in g.subjects(p, None)
    }:
        if (node, SH.message, None) not in g:
            g.add((node, SH.message, rdflib.Literal("m")))
    out = tmp / shapes.name
    g.serialize(out, format="turtle")
    return out, len(compile_shapes(g)[0])


def run_shacl(
    root: Path, engine: str, dash: bool = False, messages: bool = False
) -> list[tuple[str, bool, str]]:
    import tempfile

    from kktrace.errors import KKTraceError
    from kktrace.model.store import load
    from kktrace.rules.shacl.engine import validate

    tmp = Path(tempfile.mkdtemp(prefix="kktrace-w3c-"))
    compiled_tests = 0
    results = []
    for path in _manifests(root):
        g = rdflib.Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # a malformed test file is reported, not run
            results.append((str(path.relative_to(root)), False, f"unparsable: {exc}"))
            continue
        if dash:
            cases = [
                (t, path, path, t)
                for t in g.subjects(rdflib.RDF.type, DASH.GraphValidationTestCase)
            ]
        else:
            cases = []
            for t in g.subjects(rdflib.RDF.type, SHT.Validate):
                action = next(g.objects(t, MF.action))
                cases.append(
                    (
                        t,
                        _path(next(g.objects(action, SHT.dataGraph))),
                        _path(next(g.objects(action, SHT.shapesGraph))),
                        next(g.objects(t, MF.result)),
                    )
                )
        for _test, data, shapes, result in cases:
            tid = str(path.relative_to(root).with_suffix(""))
            report = next(g.objects(result, DASH.expectedResult)) if dash else result
            if report == SHT.Failure:
                want: Any = "failure"
            else:
                want = _report_keys(g, report)
            try:
                if messages:
                    shapes, n = _with_messages(shapes, tmp)
                    compiled_tests += n > 0
                found = validate(load([data]), shapes=shapes, lang="en", engine=engine)
                got: Any = (not found, _kktrace_keys(found))
            except (KKTraceError, Exception) as exc:
                got = "failure"
                detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
                if want != "failure":
                    results.append((tid, False, f"error: {detail}"))
                    continue
            # kktrace reports a violation once per (focus, path, value, severity, shape,
            # message): compare the sets of (focus, path, value, severity).
            ok = got == want or (
                "failure" not in (got, want) and got[0] == want[0] and set(got[1]) == set(want[1])
            )
            reason = "" if ok else _shacl_reason(got, want)
            results.append((tid, ok, reason))
    if messages:
        print(f"{compiled_tests} tests had at least one shape run by the compiled engine")
    return results


def _shacl_reason(got: Any, want: Any) -> str:
    if "failure" in (got, want):
        return f"got {got if got == 'failure' else 'a report'}, expected {want if want == 'failure' else 'a report'}"
    extra = got[1] - want[1]
    missing = want[1] - got[1]
    return f"conforms {got[0]} (expected {want[0]}); extra {list(extra)[:2]} missing {list(missing)[:2]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite", choices=["sparql", "shacl", "dash"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dirs", default=",".join(SPARQL_DIRS))
    parser.add_argument("--engine", default="sparql", choices=["sparql", "pyshacl"])
    parser.add_argument(
        "--all-graphs",
        action="store_true",
        help="sparql: query as plain `kktrace query` does (ontology and inferred types in "
        "the default graph) instead of --data-only",
    )
    parser.add_argument(
        "--with-messages",
        action="store_true",
        help="shacl/dash: give every shape an sh:message so the compiled engine runs all "
        "it supports (shapes without one go to pySHACL)",
    )
    parser.add_argument("--ids", type=Path, help="write the ids of the tests run to this file")
    args = parser.parse_args(argv)
    if args.suite == "sparql":
        results = run_sparql(args.folder, args.dirs.split(","), data_only=not args.all_graphs)
    else:
        results = run_shacl(
            args.folder, args.engine, dash=args.suite == "dash", messages=args.with_messages
        )
    for tid, ok, reason in results:
        print(f"{'PASS' if ok else 'FAIL'} {tid}" + (f"  — {reason}" if reason else ""))
    passed = sum(ok for _t, ok, _r in results)
    print(f"{args.suite}: {passed} of {len(results)} passed")
    if args.ids:
        args.ids.write_text("".join(f"{t}\n" for t, _o, _r in results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
