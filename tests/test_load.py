"""Loading: every input format, folder recursion, blank nodes, subclass reasoning, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kktrace import load
from kktrace.errors import InputFileError, KKTraceError, ParseError
from kktrace.model.parse import FORMATS, find_files

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
