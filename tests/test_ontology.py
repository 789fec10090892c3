"""The ontology defines every term of the vocabulary contract, in Danish and English."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kktrace.model.resources import data_dir, ontology_file, shapes_file

KKT = rdflib.Namespace("https://w3id.org/kktrace/def#")

#: The terms of DESIGN.md §2 (the vocabulary contract).
CONTRACT_TERMS = """
ITStrategy FocusArea StrategicGoal ActionPlan CommonActionPlan TransitionActionPlan
LocalActionPlan Goal CommonGoal LocalGoal Initiative CommonInitiative LocalInitiative
Municipality Administration Forum Committee BusinessCase FundingAgreement Decision
StatusReport StatusEntry partOf supports owner responsible priority businessCase funding
status decision startDate endDate successorOf continues investmentCatalogueRef budget
date decidedBy about year StatusScheme Proposed Approved InProgress Completed Cancelled
Postponed
""".split()


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_file())


def _langs(g: rdflib.Graph, term: rdflib.URIRef, prop: rdflib.URIRef) -> set[str]:
    return {o.language for o in g.objects(term, prop) if isinstance(o, rdflib.Literal)}


def assert_defined(g: rdflib.Graph, term: rdflib.URIRef) -> None:
    assert (term, None, None) in g, f"{term} is not defined"
    labels = _langs(g, term, RDFS.label) | _langs(g, term, SKOS.prefLabel)
    assert {"da", "en"} <= labels, f"{term}: label languages {labels}"
    assert {"da", "en"} <= _langs(g, term, SKOS.definition), f"{term}: definition"


@pytest.mark.parametrize("name", CONTRACT_TERMS)
def test_contract_term_defined_in_da_and_en(ontology: rdflib.Graph, name: str) -> None:
    assert_defined(ontology, KKT[name])


def test_every_kkt_term_used_in_data_is_defined(ontology: rdflib.Graph) -> None:
    used: set[str] = set()
    for path in sorted(data_dir().rglob("*.trig")):
        used |= set(re.findall(r"\bkkt:([A-Za-z][A-Za-z0-9]*)", path.read_text(encoding="utf-8")))
    assert used, "the bundled data uses no kkt: term"
    for name in sorted(used):
        assert_defined(ontology, KKT[name])


def test_ontology_header_and_reuse(ontology: rdflib.Graph) -> None:
    onto = rdflib.URIRef("https://w3id.org/kktrace/def")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionIRI) is not None
    assert ontology.value(onto, rdflib.URIRef("http://purl.org/dc/terms/license")) is not None
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    assert (KKT.Administration, RDFS.subClassOf, org.OrganizationalUnit) in ontology
    assert (KKT.ActionPlan, RDFS.subClassOf, prov.Plan) in ontology
    assert (KKT.TransitionActionPlan, RDFS.subClassOf, KKT.CommonActionPlan) in ontology
    status = set(ontology.subjects(SKOS.inScheme, KKT.StatusScheme))
    assert len(status) == 6


def test_levels_are_annotated(ontology: rdflib.Graph) -> None:
    levels = {s.split("#")[1]: int(o) for s, o in ontology.subject_objects(KKT.level)}
    assert levels == {
        "ITStrategy": 1, "FocusArea": 1, "StrategicGoal": 1,
        "CommonActionPlan": 2, "CommonGoal": 2, "CommonInitiative": 2,
        "LocalActionPlan": 3, "LocalGoal": 3, "LocalInitiative": 3,
    }  # fmt: skip


def test_shapes_parse_and_carry_bilingual_messages() -> None:
    shapes = rdflib.Graph().parse(shapes_file())
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    with_message = set(shapes.subjects(sh.message, None))
    assert with_message
    for shape in with_message:
        assert {"da", "en"} <= _langs(shapes, shape, sh.message), shape
