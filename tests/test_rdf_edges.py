"""RDF as other tools write it: blank nodes, literals where links belong, integer subtypes,
named graphs and several formats in one folder (tests/data/rdf_edges).

Blank node identifiers differ per process, so determinism is tested across real
``kktrace`` processes, not within one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kktrace import check, load
from kktrace.model.bnodes import canonical_labels

EDGES = Path(__file__).parent / "data" / "rdf_edges"
EX = "https://example.org/"


def _outputs(cli, out: Path) -> dict[str, bytes]:
    """Every output kktrace writes for the edge data, by name."""
    got: dict[str, bytes] = {}
    res = cli("check", EDGES, "--format", "json")
    assert res.code == 1, res.stderr
    got["check.json"] = res.stdout.encode()
    res = cli("report", EDGES, "-o", out / "report", "--date", "2013-01-01", "--lang", "en")
    assert res.code == 1, res.stderr
    res = cli("status", EDGES, "--year", "2012", "--format", "json")
    assert res.code == 0, res.stderr
    got["status.json"] = res.stdout.encode()
    res = cli("view", EDGES, "-o", out / "view")
    assert res.code == 0, res.stderr
    for fmt in ("jsonld", "csv"):
        res = cli("export", EDGES, "-o", out / f"export.{fmt}")
        assert res.code == 0, res.stderr
    for path in sorted(out.rglob("*")):
        if path.is_file():
            got[str(path.relative_to(out))] = path.read_bytes()
    return got


def test_blank_node_data_gives_the_same_bytes_in_every_output(cli, tmp_path: Path) -> None:
    first = _outputs(cli, tmp_path / "one")
    second = _outputs(cli, tmp_path / "two")
    assert {"check.json", "status.json", "report/findings.en.json"} <= set(first)
    assert any(name.endswith(".html") for name in first if name.startswith("report/"))
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], f"{name} differs between two runs"
    # Blank-node focus nodes are named _:label, never a bare random id.
    findings = json.loads(first["check.json"])["findings"]
    blank = [f["focus"] for f in findings if not f["focus"].startswith("http")]
    assert blank and all(f.startswith("_:b") for f in blank)
    report = json.loads(first["report/findings.en.json"])
    assert {f["focus"] for f in report["findings"]} >= set(blank)


def test_diff_of_blank_node_data_with_itself_is_empty(cli, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(EDGES, copy)
    res = cli("diff", EDGES, copy, "--format", "json", "--fail-on", "warning")
    assert res.code == 0, res.stdout
    out = json.loads(res.stdout)
    assert out["summary"] == {"added": 0, "removed": 0, "changed": 0, "suspect": 0}


def test_labels_do_not_depend_on_format_or_identifiers() -> None:
    ttl = b"""@prefix ex: <https://example.org/> .
    ex:p ex:has [ ex:name "a" ; ex:sub [ ex:v 1 ] ] ."""
    nt = (
        b"<https://example.org/p> <https://example.org/has> _:zz .\n"
        b'_:zz <https://example.org/name> "a" .\n'
        b"_:zz <https://example.org/sub> _:q .\n"
        b'_:q <https://example.org/v> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    a = canonical_labels(ox.parse(ttl, ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    b = canonical_labels(ox.parse(nt, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True))
    assert sorted(map(str, a)) == sorted(map(str, b))
    assert all(
        t.value.startswith("b") for q in a for t in (q.subject, q.object) if type(t) is ox.BlankNode
    )


def test_copies_of_a_blank_node_stay_apart() -> None:
    ttl = b"""@prefix ex: <https://example.org/> .
    ex:p ex:has [ ex:name "a" ], [ ex:name "a" ], [ ex:name "b" ] ."""
    quads = canonical_labels(ox.parse(ttl, ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    blanks = {q.subject for q in quads if type(q.subject) is ox.BlankNode}
    assert len(blanks) == 3


def test_blank_node_class_is_inferred() -> None:
    model = load([EDGES])
    assert EX + "pilot" in model.nodes_of_kind("LocalInitiative")
    report = check(model, rules=["orphan-initiative", "untraced-to-strategy"], shapes=False)
    assert EX + "pilot" not in {f.focus for f in report.findings}


def test_the_bundled_literal_link_counts_nowhere() -> None:
    report = check(load([EDGES]), shapes=False)
    by_rule: dict[str, set[str]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, set()).add(f.label)
    # "Borgerportal" supports only "cg-3" and names "Borgerservice" as responsible.
    assert "Borgerportal" in by_rule["dangling-reference"]
    assert "Borgerportal" in by_rule["orphan-initiative"]
    assert "Borgerportal" not in by_rule.get("untraced-to-strategy", set())
    assert "Borgerportal" in by_rule["not-decision-ready"]


@pytest.mark.parametrize("name", ["strategy.ttl", "local.trig", "extra.jsonld"])
def test_each_format_loads(name: str) -> None:
    assert len(load([EDGES / name]).store) > 0


# -- SHACL on the data as written ------------------------------------------------------------

SHACL = Path(__file__).parent / "data" / "rdf_edges_shacl"


def _results(engine: str) -> set[tuple[str, str, str]]:
    from kktrace.rules.shacl.engine import validate

    model = load([SHACL / "data.ttl"])
    return {
        (v.focus, v.shape.rsplit("/", 1)[-1], v.value)
        for v in validate(model, shapes=SHACL / "shapes.ttl", engine=engine)
    }


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_datatypes_are_checked_as_written(engine: str) -> None:
    got = _results(engine)
    # "5"^^xsd:byte is a valid xsd:byte (the store keeps it as xsd:integer) ...
    assert not any(shape == "ByteShape" for _f, shape, _v in got)
    # ... and "7"^^xsd:unsignedByte is not an xsd:integer (8 is).
    assert {(f, v) for f, shape, v in got if shape == "IntShape"} == {(EX + "a", "7")}


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_shacl_sees_the_data_as_written(engine: str) -> None:
    got = _results(engine)
    # sh:path rdf:type: ex:i asserts one type; the inferred supertypes do not count.
    assert (EX + "i", "TypeShape", "") in got
    # sh:targetSubjectsOf rdfs:label: only the data's labels, not the ontology's terms.
    assert {f for f, shape, _v in got if shape == "LabelShape"} == {EX + "i"}
    # The result nested under sh:detail (ex:L lacks an owner) is not a top-level result.
    assert not any(f == EX + "L" for f, _s, _v in got)
    assert any(f == EX + "i" and v == EX + "L" for f, _s, v in got)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_pattern_python_cannot_compile_is_a_clear_error(engine: str, tmp_path: Path) -> None:
    from kktrace.errors import ParseError
    from kktrace.rules.shacl.engine import validate

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:S> sh:targetSubjectsOf <urn:p> ; sh:path <urn:p> ; "
        'sh:pattern "(unclosed" ; sh:message "m" .\n',
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as err:
        validate(load([SHACL / "data.ttl"]), shapes=shapes, engine=engine)
    message = str(err.value)
    assert "sh:pattern '(unclosed'" in message and "<urn:S>" in message and "\n" not in message


def test_imported_blank_nodes_give_the_same_turtle() -> None:
    from kktrace.spreadsheet.importer import to_turtle

    def triples() -> list[ox.Triple]:
        row = ox.BlankNode()  # a fresh random id, as the importer gives a row without an id
        return [
            ox.Triple(row, ox.NamedNode(EX + "label"), ox.Literal("x")),
            ox.Triple(ox.NamedNode(EX + "plan"), ox.NamedNode(EX + "has"), row),
        ]

    assert to_turtle(triples()) == to_turtle(triples())


def test_query_data_only_leaves_out_the_ontology_and_inferred_types(cli) -> None:
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    graphs = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"

    def rows(*args: str) -> list[str]:
        res = cli("query", EDGES, *args, "--format", "csv")
        assert res.code == 0, res.stderr
        return res.stdout.splitlines()[1:]

    model = load([EDGES])
    own = sum(
        1 for g in model.data_graphs for _ in model.store.quads_for_pattern(None, None, None, g)
    )
    assert rows("--data-only", "-q", count) == [str(own)]
    assert int(rows("-q", count)[0]) > own  # the ontology and inferred types are in by default
    assert rows("--data-only", "-q", graphs) == ["https://example.org/graph/buf"]
    # A query's own FROM still wins over --data-only.
    from_onto = "SELECT (COUNT(*) AS ?n) FROM <urn:kktrace:graph:ontology> { ?s ?p ?o }"
    assert int(rows("--data-only", "-q", from_onto)[0]) > 0
    assert rows("-q", "SELECT (COUNT(*) AS ?n) FROM <urn:none> { ?s ?p ?o }") == ["0"]
    # --data-only sees only the types the files assert: the blank-node class's instance is
    # not a kkt:LocalInitiative there.
    typed = "ASK { <https://example.org/pilot> a kkt:LocalInitiative }"
    assert rows("-q", typed) == ["true"]
    assert rows("--data-only", "-q", typed) == ["false"]
