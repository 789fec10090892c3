"""Loading: every input format, folder recursion, blank nodes, subclass reasoning, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kktrace import load
from kktrace.errors import InputFileError, KKTraceError, ParseError
from kktrace.model.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, RDF
from kktrace.model.parse import FORMATS, find_files, load_data, load_file, materialise_types
from kktrace.model.resources import ontology_file

FORMATS_DIR = Path(__file__).parent / "data" / "formats"
PLAN = "https://example.org/kom/plan"
INIT = "https://example.org/kom/i1"


@pytest.mark.parametrize("ext", sorted(set(FORMATS) - {".owl"}))
def test_each_format_loads_the_same_plan(ext: str) -> None:
    model = load([FORMATS_DIR / f"plan{ext}"])
    assert model.nodes_of_kind("LocalInitiative") == [INIT]
    assert model.graph.nodes[INIT]["level"] == 3
    assert model.label(INIT) == "Initiativ ét"
    assert list(model.graph.successors(INIT)) == [PLAN]


def test_owl_extension_is_read_as_rdf_xml(tmp_path: Path) -> None:
    shutil.copy(FORMATS_DIR / "plan.rdf", tmp_path / "plan.owl")
    assert load([tmp_path / "plan.owl"]).nodes_of_kind("LocalActionPlan") == [PLAN]


def test_folder_is_read_recursively_with_odd_names(tmp_path: Path) -> None:
    nested = tmp_path / "lokale planer" / "Børne- og Ungdomsforvaltningen"
    nested.mkdir(parents=True)
    shutil.copy(FORMATS_DIR / "plan.ttl", nested / "plan 2011–2012 æøå.ttl")
    (tmp_path / "README.md").write_text("not RDF, ignored in folders", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "broken.ttl").write_text("this is not turtle", encoding="utf-8")
    files = find_files([tmp_path])
    assert [f.name for f in files] == ["plan 2011–2012 æøå.ttl"]
    assert load([tmp_path]).nodes_of_kind("LocalInitiative") == [INIT]


def test_blank_nodes_of_different_files_never_merge(tmp_path: Path) -> None:
    text = (
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        '_:b a kkt:BusinessCase ; <http://www.w3.org/2000/01/rdf-schema#label> "BC"@da .\n'
    )
    (tmp_path / "a.ttl").write_text(text, encoding="utf-8")
    (tmp_path / "b.ttl").write_text(text, encoding="utf-8")
    assert len(load([tmp_path]).nodes_of_kind("BusinessCase")) == 2


def test_subclass_declared_in_data_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "pilot.ttl").write_text(
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix ex: <https://example.org/> .\n"
        "ex:PilotProject rdfs:subClassOf kkt:LocalInitiative .\n"
        "ex:p1 a ex:PilotProject .\n"
        "ex:t a kkt:TransitionActionPlan .\n",
        encoding="utf-8",
    )
    model = load([tmp_path])
    assert model.nodes_of_kind("LocalInitiative") == ["https://example.org/p1"]
    assert model.graph.nodes["https://example.org/p1"]["level"] == 3
    assert model.graph.nodes["https://example.org/t"]["kind"] == "TransitionActionPlan"
    assert "CommonActionPlan" in model.graph.nodes["https://example.org/t"]["classes"]
    ask = model.query("ASK { <https://example.org/p1> a kkt:Initiative }")
    assert bool(ask)


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "broken plan.ttl"
    bad.write_text(
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n<a> a kkt:LocalInitiative ;\n  kkt:partOf .\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as err:
        load([bad])
    assert err.value.line == 3
    assert str(bad) in str(err.value)
    assert ":3:" in str(err.value)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.ttl", None, "no such file"),
        ("plan.xlsx", b"PK", "unknown file type"),
        ("bad.jsonld", b"{ not json", "JSON"),
        ("bad.rdf", b"<rdf:RDF><oops", "RDF"),
        ("latin1.ttl", '<a> <b> "bl\xe5" .'.encode("latin-1"), "syntax"),
    ],
)
def test_bad_input_is_a_kktrace_error(tmp_path: Path, name: str, content, expected: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(KKTraceError) as err:
        load([path])
    assert str(path) in str(err.value)
    assert expected.lower() in str(err.value).lower()


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where chmod 0 does not stop reading: make open() refuse.
    path = tmp_path / "secret.ttl"
    path.write_text("<a> <b> <c> .", encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputFileError, match="permission denied — make the file readable"):
        load([path])


def test_folder_without_rdf_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    with pytest.raises(InputFileError, match="no RDF files found"):
        load([tmp_path])


# -- the load's single pass: types inferred on the way in, errors mid-stream ---------------

TYPES_TTL = (
    "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
    "@prefix ex: <https://example.org/> .\n"
    "ex:i1 a kkt:LocalInitiative , kkt:Initiative .\n"  # asserts a supertype itself
    "ex:i2 a kkt:LocalInitiative .\n"
    "ex:t a kkt:TransitionActionPlan .\n"
    "ex:x kkt:supports [ a kkt:LocalInitiative ] .\n"  # a blank node: typed after labelling
    "kkt:Approved a kkt:LocalInitiative .\n"  # an ontology individual, typed in the data
)
TYPES_TRIG = (
    "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
    "<https://example.org/g1> { <https://example.org/j1> a kkt:LocalInitiative . }\n"
    "<https://example.org/g2> { <https://example.org/j1> a kkt:Initiative . }\n"
    "_:g { <https://example.org/j2> a kkt:CommonInitiative . }\n"
)


def _inferred_after_the_fact(paths: list[Path]) -> set[ox.Quad]:
    """The inferred graph as :func:`materialise_types` builds it after a plain load."""
    store = ox.Store()
    load_file(store, ontology_file(), graph=ONTOLOGY_GRAPH)
    load_data(store, find_files(paths))
    materialise_types(store)
    return set(store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH)))


@pytest.mark.parametrize(
    "case",
    ["types", "datasets", "data subclass", "blank class"],
)
def test_types_inferred_while_loading_equal_materialise_types(tmp_path: Path, case: str) -> None:
    if case == "types":
        (tmp_path / "a.ttl").write_text(TYPES_TTL, encoding="utf-8")
    elif case == "datasets":
        (tmp_path / "a.trig").write_text(TYPES_TRIG, encoding="utf-8")
        (tmp_path / "b.ttl").write_text(TYPES_TTL, encoding="utf-8")
    else:
        name = "data-subclass.ttl" if case == "data subclass" else "blank-node-class.ttl"
        shutil.copy(Path(__file__).parent / "cases" / "orphan-initiative" / name, tmp_path)
    model = load([tmp_path])
    inferred = set(model.store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH)))
    assert inferred, "the case has subclass instances"
    assert inferred == _inferred_after_the_fact([tmp_path])


def test_asserted_supertype_is_not_inferred_again(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(TYPES_TTL, encoding="utf-8")
    store = load([tmp_path]).store
    initiative = ox.NamedNode("https://w3id.org/kktrace/def#Initiative")
    graphs = {
        q.graph_name
        for q in store.quads_for_pattern(
            ox.NamedNode("https://example.org/i1"), ox.NamedNode(RDF + "type"), initiative, None
        )
    }
    assert graphs == {ox.DefaultGraph()}
    i2 = store.quads_for_pattern(
        ox.NamedNode("https://example.org/i2"), ox.NamedNode(RDF + "type"), initiative, None
    )
    assert {q.graph_name for q in i2} == {ox.NamedNode(INFERRED_GRAPH)}


def test_syntax_error_after_many_quads_names_the_file(tmp_path: Path) -> None:
    # More quads than one store transaction holds come before the error, in an earlier file
    # and in the bad file itself: the error still names the bad file and its line.
    lines = "".join(
        f"<https://example.org/s{i}> <https://example.org/p> {i} .\n" for i in range(2000)
    )
    (tmp_path / "a.ttl").write_text(lines, encoding="utf-8")
    (tmp_path / "b.ttl").write_text(lines + "<https://example.org/s> <p .\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        load([tmp_path])
    assert str(tmp_path / "b.ttl") in str(err.value)
    assert err.value.line == 2001


def test_literals_are_recorded_as_written_for_every_kind_of_subject(tmp_path: Path) -> None:
    """IRI subjects (non-ASCII ones too) are noted as bytes during the load and become terms
    after it; blank-node subjects (an RDF-star annotation's reifier is one) are noted as
    terms once labelled: all end in Model.written."""
    data = tmp_path / "d.ttl"
    data.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix ex: <https://example.org/> .\n"
        'ex:a ex:p "2"^^xsd:int, "02"^^xsd:integer ; ex:q "2"^^xsd:int .\n'
        '<https://example.org/æø/å> ex:p "5"^^xsd:byte .\n'
        '[ ex:p "7"^^xsd:unsignedByte ] .\n'
        '<< ex:a ex:p ex:b >> ex:p "3"^^xsd:short .\n'
        'ex:c ex:p "x" ; ex:p "4"^^xsd:decimal .\n',
        encoding="utf-8",
    )
    written = load([data]).written
    xsd = "http://www.w3.org/2001/XMLSchema#"

    def lit(value: str, dt: str) -> ox.Literal:
        return ox.Literal(value, datatype=ox.NamedNode(xsd + dt))

    p, q = ox.NamedNode("https://example.org/p"), ox.NamedNode("https://example.org/q")
    a = ox.NamedNode("https://example.org/a")
    by_subject = {(str(s), str(pred), str(v)): forms for (s, pred, v), forms in written.items()}
    assert written[(a, p, lit("2", "integer"))] == {lit("2", "int"), lit("02", "integer")}
    assert written[(a, q, lit("2", "integer"))] == {lit("2", "int")}
    assert written[(ox.NamedNode("https://example.org/æø/å"), p, lit("5", "integer"))] == {
        lit("5", "byte")
    }
    blank = [forms for (s, _p, _v), forms in written.items() if type(s) is ox.BlankNode]
    assert sorted(blank, key=str) == [{lit("3", "short")}, {lit("7", "unsignedByte")}]
    assert len(by_subject) == 5  # plain and decimal literals are not recorded


def test_written_forms_need_no_table_per_subject(tmp_path: Path) -> None:
    """Model.written_forms comes from the load's notes; the table per subject is made only
    when a single subject is looked up, and both say the same."""
    data = tmp_path / "d.ttl"
    data.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix ex: <https://example.org/> .\n"
        'ex:a ex:p "2"^^xsd:int . ex:b ex:p "2"^^xsd:integer . ex:c ex:p "3"^^xsd:long .\n',
        encoding="utf-8",
    )
    model = load([data])
    forms = model.written_forms
    assert model.written._table is None  # type: ignore[attr-defined]
    by_subject: dict[tuple[object, object], set[ox.Literal]] = {}
    for (_s, p, stored), written in model.written.items():
        by_subject.setdefault((p, stored), set()).update(written)
    assert forms == {k: frozenset(v) for k, v in by_subject.items()}
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    two = (ox.NamedNode("https://example.org/p"), ox.Literal("2", datatype=ox.NamedNode(integer)))
    assert {str(f.datatype) for f in forms[two]} == {
        "<http://www.w3.org/2001/XMLSchema#int>",
        f"<{integer}>",
    }
