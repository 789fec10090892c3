"""The SPARQL SHACL engine gives exactly pySHACL's violations (the reference engine)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from kktrace import load
from kktrace.model.resources import shapes_file
from kktrace.rules.shacl.compiler import compile_shapes
from kktrace.rules.shacl.engine import validate

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases").rglob("*.ttl"))

PREFIXES = """\
@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix ex: <https://example.org/> .
"""

_I = 'ex:i a kkt:LocalInitiative ; rdfs:label "I"@da '

#: Invalid snippets: each must give at least one violation (so equality is not vacuous).
INVALID = {
    "partOf-wrong-class": (
        'ex:c a kkt:CommonActionPlan ; rdfs:label "C"@da .\n' + _I + "; kkt:partOf ex:c ."
    ),
    "partOf-untyped": _I + "; kkt:partOf ex:Nowhere .",
    "partOf-literal": _I + '; kkt:partOf "plan" .',
    "owner-not-organisation": (
        'ex:g a kkt:CommonGoal ; rdfs:label "G"@da .\n'
        'ex:p a kkt:LocalActionPlan ; rdfs:label "P"@da ; kkt:owner ex:g .'
    ),
    "owner-untyped": 'ex:p a kkt:LocalActionPlan ; rdfs:label "P"@da ; kkt:owner ex:Nobody .',
    "responsible-literal": _I + '; kkt:responsible "ØKF" .',
    "businessCase-wrong": _I + "; kkt:businessCase ex:i .",
    "funding-wrong": _I + "; kkt:funding ex:x .",
    "decision-wrong": _I + "; kkt:decision ex:x .",
    "decidedBy-wrong": 'ex:d a kkt:Decision ; rdfs:label "D"@da ; kkt:decidedBy ex:d .',
    "reportedTo-wrong": 'ex:r a kkt:StatusReport ; kkt:reportedTo "ØU" .',
    "successorOf-wrong": 'ex:p a kkt:LocalActionPlan ; rdfs:label "P"@da ; kkt:successorOf ex:i .',
    "continues-wrong": _I + "; kkt:continues ex:p .\nex:p a kkt:LocalActionPlan .",
    "about-wrong": "ex:e a kkt:StatusEntry ; kkt:about ex:e .",
    "status-not-in-scheme": _I + "; kkt:status kkt:Foo .",
    "status-literal": _I + '; kkt:status "InProgress" .',
    "no-da-label": 'ex:i a kkt:LocalInitiative ; rdfs:label "I"@en .',
    "no-label": "ex:i a kkt:LocalInitiative .",
    "untagged-label-only": 'ex:i a kkt:LocalInitiative ; rdfs:label "I" .',
    "duplicate-da": _I + ', "J"@da .',
    "duplicate-en": _I + ', "A"@en, "B"@en .',
    "duplicate-da-and-en": _I + ', "J"@da, "A"@en, "B"@en .',
    # a blank focus node cannot go into VALUES: the exact uniqueLang query runs instead
    "duplicate-da-blank": '[] a kkt:LocalInitiative ; rdfs:label "I"@da, "J"@da .',
    "duplicate-tag-case": 'ex:i a kkt:LocalInitiative ; rdfs:label "I"@da, "J"@DA .',
    # sh:maxCount on a class target (the count runs without the target first)
    "two-confidences": (
        "ex:s a kkt:Source .\n"
        "ex:e a kkt:Evidence ; <http://purl.org/dc/terms/source> ex:s ;\n"
        "  kkt:confidence 0.5, 0.7 ."
    ),
    "start-date-string": _I + '; kkt:startDate "2011" .',
    "start-date-ill-typed": _I + '; kkt:startDate "2013-13-05"^^xsd:date .',
    "start-date-feb-30": _I + '; kkt:startDate "2013-02-30"^^xsd:date .',
    "start-date-datetime": _I + '; kkt:startDate "2011-01-01T00:00:00"^^xsd:dateTime .',
    "two-start-dates": (_I + '; kkt:startDate "2011-01-01"^^xsd:date, "2011-02-01"^^xsd:date .'),
    "end-date-gyear": _I + '; kkt:endDate "2012"^^xsd:gYear .',
    "start-after-end": (
        _I + '; kkt:startDate "2012-01-01"^^xsd:date ; kkt:endDate "2011-12-31"^^xsd:date .'
    ),
    "start-ill-typed-end-valid": (
        _I + '; kkt:startDate "2012-13-01"^^xsd:date ; kkt:endDate "2013-01-01"^^xsd:date .'
    ),
    "start-string-end-date": (
        _I + '; kkt:startDate "2012-01-01" ; kkt:endDate "2013-01-01"^^xsd:date .'
    ),
    "decision-date-bad": 'ex:d a kkt:Decision ; rdfs:label "D"@da ; kkt:date "5. marts 2013" .',
    "decision-date-ill-typed": (
        'ex:d a kkt:Decision ; rdfs:label "D"@da ; kkt:date "2013-13-05"^^xsd:date .'
    ),
    "year-not-gyear": 'ex:e a kkt:StatusEntry ; kkt:year "2012" .',
    "year-integer": "ex:e a kkt:StatusEntry ; kkt:year 2012 .",
    "two-years": 'ex:e a kkt:StatusEntry ; kkt:year "2012"^^xsd:gYear, "2013"^^xsd:gYear .',
    "priority-string": _I + '; kkt:priority "1" .',
    "priority-zero": _I + "; kkt:priority 0 .",
    "priority-negative": _I + "; kkt:priority -3 .",
    "priority-positive-integer-zero": _I + '; kkt:priority "0"^^xsd:positiveInteger .',
    "priority-decimal": _I + "; kkt:priority 1.5 .",
    "priority-iri": _I + "; kkt:priority kkt:High .",
    "priority-ill-typed": _I + '; kkt:priority "one"^^xsd:integer .',
    "two-priorities": _I + "; kkt:priority 1, 2 .",
    "budget-string": _I + '; kkt:budget "mange" .',
    "budget-double": _I + "; kkt:budget 1.0e6 .",
    "budget-ill-typed": _I + '; kkt:budget "10 mio"^^xsd:decimal .',
    "focus-area-part-of-goal": (
        'ex:g a kkt:StrategicGoal ; rdfs:label "G"@da ; kkt:partOf ex:f .\n'
        'ex:f a kkt:FocusArea ; rdfs:label "F"@da ; kkt:partOf ex:g .'
    ),
}

#: Valid or borderline snippets: the engines must agree, whatever the verdict.
EDGE = {
    "accepted": (
        'ex:a a kkt:Administration ; rdfs:label "A"@da .\n'
        'ex:t a kkt:TransitionActionPlan ; rdfs:label "T"@da ; kkt:owner ex:a .\n'
        'ex:i a kkt:CommonInitiative ; rdfs:label "I"@da, "I"@en ; kkt:partOf ex:t ;\n'
        "  kkt:responsible ex:a ; kkt:priority 1 ; kkt:budget 10900000 ;\n"
        '  kkt:startDate "2010-01-01"^^xsd:date ; kkt:endDate "2010-01-01"^^xsd:date ;\n'
        "  kkt:status kkt:InProgress ."
    ),
    # pySHACL (with rdflib) does not see an ill-typed xsd:gYear: no violation in either.
    "year-ill-typed": 'ex:e a kkt:StatusEntry ; kkt:year "twenty"^^xsd:gYear .',
    "da-dk-label": 'ex:i a kkt:LocalInitiative ; rdfs:label "I"@da-DK .',
    "upper-case-tags": 'ex:i a kkt:LocalInitiative ; rdfs:label "I"@DA, "J"@En, "K"@en .',
    "priority-positive-integer": _I + '; kkt:priority "2"^^xsd:positiveInteger .',
    "priority-padded": _I + '; kkt:priority "01"^^xsd:integer .',
    "budget-decimal": _I + "; kkt:budget 10900000.00 .",
    "start-with-timezone": (
        _I + '; kkt:startDate "2012-01-01Z"^^xsd:date ; kkt:endDate "2012-01-02"^^xsd:date .'
    ),
    "two-ends": (
        _I + '; kkt:startDate "2012-06-01"^^xsd:date ;\n'
        '  kkt:endDate "2012-01-01"^^xsd:date, "2013-01-01"^^xsd:date .'
    ),
    "blank-owner": 'ex:p a kkt:LocalActionPlan ; rdfs:label "P"@da ; kkt:owner [ a org:Organization ] .',
    "blank-bad-partof": _I + "; kkt:partOf [ a kkt:Goal ] .",
}


def _model(tmp_path: Path, body: str):
    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    return load([path])


def _assert_same(
    model, *, lang: str = "en", shapes: Path | None = None, skips: tuple = (False,)
) -> list:
    """Both engines, for each ``skip_untyped`` in ``skips``; return the first list."""
    out = []
    for skip in skips:
        fast = validate(model, shapes, lang, skip_untyped=skip, engine="sparql")
        ref = validate(model, shapes, lang, skip_untyped=skip, engine="pyshacl")
        assert fast == ref
        out.append(fast)
    return out[0]


def test_every_shape_in_shapes_ttl_is_compiled() -> None:
    graph = rdflib.Graph().parse(shapes_file(), format="turtle")
    compiled, unsupported = compile_shapes(graph)
    assert unsupported == []
    shapes = set(graph.subjects(rdflib.RDF.type, rdflib.SH.PropertyShape))
    assert {c.node for c in compiled} == shapes


def test_bundled_data(bundled_model) -> None:
    for lang in ("da", "en"):
        _assert_same(bundled_model, lang=lang, skips=(False, True))


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_conformance_cases(path: Path) -> None:
    _assert_same(load([path]), lang="da")


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_snippets(tmp_path: Path, name: str) -> None:
    skips = (False, True) if "untyped" in name else (False,)
    violations = _assert_same(_model(tmp_path, INVALID[name]), skips=skips)
    assert violations, f"{name}: no violation, so the comparison proves nothing"


@pytest.mark.parametrize("name", sorted(EDGE))
def test_edge_snippets(tmp_path: Path, name: str) -> None:
    _assert_same(_model(tmp_path, EDGE[name]))


def test_synthetic_set(tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "2", str(out)],
        check=True,
        capture_output=True,
    )
    violations = _assert_same(load([out]), lang="da", skips=(False, True))
    assert violations  # the generator plants shape violations


def test_unsupported_shapes_fall_back_to_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        shapes_file().read_text(encoding="utf-8")
        + """
kkts:InitiativeNodeShape a sh:NodeShape ;
    sh:targetClass kkt:Initiative ;
    sh:property [ sh:path rdfs:comment ; sh:minCount 1 ] .
kkts:PlanLabelPath a sh:PropertyShape ;
    sh:targetClass kkt:ActionPlan ;
    sh:path ( kkt:owner rdfs:label ) ;
    sh:minCount 1 ;
    sh:message "Owner without label."@en .
""",
        encoding="utf-8",
    )
    graph = rdflib.Graph().parse(shapes, format="turtle")
    _compiled, unsupported = compile_shapes(graph)
    assert {str(s).rsplit("#", 1)[-1] for s in unsupported} == {
        "InitiativeNodeShape",
        "PlanLabelPath",
    }
    model = _model(
        tmp_path,
        "ex:a a kkt:Administration .\n"
        'ex:p a kkt:LocalActionPlan ; rdfs:label "P"@da ; kkt:owner ex:a .\n'
        + _I
        + "; kkt:partOf ex:p ; kkt:priority 0 .",
    )
    violations = _assert_same(model, shapes=shapes)
    shapes_hit = {v.shape.rsplit("#", 1)[-1] for v in violations}
    # The node shape's result comes from its blank property shape (shape "").
    assert {"", "PlanLabelPath", "PriorityShape"} <= shapes_hit


def test_engine_from_environment(bundled_model, monkeypatch) -> None:
    monkeypatch.setenv("KKTRACE_SHACL_ENGINE", "nonsense")
    with pytest.raises(Exception, match="unknown SHACL engine"):
        validate(bundled_model)
    monkeypatch.setenv("KKTRACE_SHACL_ENGINE", "pyshacl")
    assert validate(bundled_model) == []
