"""SHACL shapes: what they catch, and how `check` avoids reporting a dangling link twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from kktrace import load
from kktrace.findings.run import check
from kktrace.rules.shacl.engine import validate

PREFIXES = """\
@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix ex: <https://example.org/> .
"""


def _model(tmp_path: Path, body: str):
    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    return load([path])


def test_bundled_data_conforms(bundled_model) -> None:
    assert validate(bundled_model) == []


@pytest.mark.parametrize(
    ("body", "path"),
    [
        # partOf a plan of the wrong level (typed, wrong class)
        (
            'ex:c a kkt:CommonActionPlan ; rdfs:label "C"@da .\n'
            'ex:i a kkt:LocalInitiative ; rdfs:label "I"@da ; kkt:partOf ex:c .',
            "partOf",
        ),
        # owner that is not an organisation
        (
            'ex:g a kkt:CommonGoal ; rdfs:label "G"@da .\n'
            'ex:p a kkt:LocalActionPlan ; rdfs:label "P"@da ; kkt:owner ex:g .',
            "owner",
        ),
        ('ex:i a kkt:LocalInitiative ; rdfs:label "I"@da ; kkt:priority 0 .', "priority"),
        ('ex:i a kkt:LocalInitiative ; rdfs:label "I"@da ; kkt:status kkt:Foo .', "status"),
        ('ex:i a kkt:LocalInitiative ; rdfs:label "I"@da ; kkt:startDate "2011" .', "startDate"),
        ('ex:i a kkt:LocalInitiative ; rdfs:label "I"@da, "J"@da .', "label"),
        ('ex:i a kkt:LocalInitiative ; rdfs:label "I"@en .', "label"),
        ('ex:i a kkt:LocalInitiative ; rdfs:label "I"@da ; kkt:budget "mange" .', "budget"),
    ],
)
def test_shape_catches(tmp_path: Path, body: str, path: str) -> None:
    violations = validate(_model(tmp_path, body))
    assert [v.path.rsplit("#", 1)[-1] for v in violations] == [path]


def test_accepted_forms(tmp_path: Path) -> None:
    body = (
        'ex:a a kkt:Administration ; rdfs:label "A"@da .\n'
        'ex:u a org:OrganizationalUnit ; rdfs:label "Koncernservice"@da .\n'
        'ex:t a kkt:TransitionActionPlan ; rdfs:label "T"@da ; kkt:owner ex:a .\n'
        'ex:i a kkt:CommonInitiative ; rdfs:label "I"@da, "I"@en ; kkt:partOf ex:t ;\n'
        "  kkt:responsible ex:u ; kkt:priority 1 ; kkt:budget 10900000 ;\n"
        '  kkt:startDate "2010-01-01"^^xsd:date ; kkt:status kkt:InProgress .'
    )
    assert validate(_model(tmp_path, body)) == []


def test_untyped_link_target_reported_once_by_check(tmp_path: Path) -> None:
    model = _model(
        tmp_path, 'ex:p a kkt:LocalActionPlan ; rdfs:label "P"@da ; kkt:owner ex:Nobody .'
    )
    # `validate` alone says the owner is not an organisation …
    assert [v.path.rsplit("#", 1)[-1] for v in validate(model)] == ["owner"]
    # … while `check` reports it once, as a dangling reference.
    rules = {f.rule for f in check(model).findings if f.focus == "https://example.org/p"}
    assert "dangling-reference" in rules
    assert "shape-violation" not in rules
