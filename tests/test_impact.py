"""kktrace impact: dependants, what a node serves, and what a cancellation breaks."""

from __future__ import annotations

import json

import pytest

from kktrace import load
from kktrace.errors import UsageError
from kktrace.governance.impact import impact

EX = "https://example.org/"

# CI1 is the only initiative under CG1 (a last supporter); CI2 shares CG2 with CI3 and the
# local chain LI → LG → CG2, which is what keeps the local plan LP from being hollow.
SMALL = """
@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:S a kkt:ITStrategy ; rdfs:label "Strategi"@da .
ex:FA a kkt:FocusArea ; kkt:partOf ex:S ; rdfs:label "Indsatsområde"@da .
ex:SG a kkt:StrategicGoal ; kkt:partOf ex:FA ; rdfs:label "Strategisk mål"@da .
ex:CP a kkt:CommonActionPlan ; kkt:supports ex:S ; rdfs:label "Fælles plan"@da .
ex:CG1 a kkt:CommonGoal ; kkt:partOf ex:CP ; kkt:supports ex:SG ; rdfs:label "Mål 1"@da .
ex:CG2 a kkt:CommonGoal ; kkt:partOf ex:CP ; kkt:supports ex:SG ; rdfs:label "Mål 2"@da .
ex:CI1 a kkt:CommonInitiative ; kkt:partOf ex:CP ; kkt:supports ex:CG1 ;
    skos:notation "CI-1" ; rdfs:label "Initiativ 1"@da .
ex:CI2 a kkt:CommonInitiative ; kkt:partOf ex:CP ; kkt:supports ex:CG2 ;
    skos:notation "CI-2" ; rdfs:label "Initiativ 2"@da .
ex:CI3 a kkt:CommonInitiative ; kkt:partOf ex:CP ; kkt:supports ex:CG2 ; rdfs:label "Initiativ 3"@da .
ex:LP a kkt:LocalActionPlan ; kkt:supports ex:CP ; rdfs:label "Lokal plan"@da .
ex:LG a kkt:LocalGoal ; kkt:partOf ex:LP ; kkt:supports ex:CG2 ; rdfs:label "Lokalt mål"@da .
ex:LI a kkt:LocalInitiative ; kkt:partOf ex:LP ; kkt:supports ex:LG ; rdfs:label "Lokalt initiativ"@da .
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("impact") / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return path


def iris(entries):
    return {e["iri"].removeprefix(EX) for e in entries}


def test_last_supporter(small):
    model = load([small])
    plain = impact(model, "CI-1")
    assert plain["node"]["iri"] == EX + "CI1"
    assert plain["depends_on_it"] == []
    assert iris(plain["serves"]) == {"CG1", "SG", "FA", "S"}
    assert plain["loses_last_support"] is None
    cancelled = impact(model, "CI-1", cancel=True)
    assert iris(cancelled["loses_last_support"]) == {"CG1"}
    assert cancelled["hollow_plans"] == [] and cancelled["stranded"] == []


def test_not_a_last_supporter(small):
    model = load([small])
    result = impact(model, EX + "CI2", cancel=True)
    assert iris(result["serves"]) == {"CG2", "SG", "FA", "S"}
    assert result["loses_last_support"] == []


def test_cancel_a_goal_hollows_the_local_plan(small):
    result = impact(load([small]), "CG2", cancel=True)
    assert iris(result["depends_on_it"]) == {"CI2", "CI3", "LG", "LI"}
    assert result["loses_last_support"] == []  # SG keeps CI1 through CG1
    assert iris(result["hollow_plans"]) == {"LP"}
    assert result["hollow_plans"][0]["common_plan"]["iri"] == EX + "CP"
    assert iris(result["stranded"]) == {"CI2", "CI3", "LG", "LI"}


def test_plan_contents_depend_on_the_plan(small):
    result = impact(load([small]), EX + "LP")
    assert iris(result["depends_on_it"]) == {"LG", "LI"}
    assert iris(result["serves"]) == {"CP", "S"}


def test_unknown_node_suggests(small):
    with pytest.raises(UsageError, match="CI-1"):
        impact(load([small]), "CI-9")


def test_bundled_non_last_supporter(bundled_model):
    result = impact(bundled_model, "FHP-2011-07", cancel=True)
    assert result["loses_last_support"] == []
    assert any(e["kind"] == "CommonGoal" for e in result["serves"])
    assert all(e["kind"] == "LocalInitiative" for e in result["depends_on_it"])


def test_cli_json_keys_and_exit_codes(cli, small):
    res = cli("impact", small, "CI-1", "--cancel", "--format", "json")
    assert res.code == 0, res.stderr
    data = json.loads(res.stdout)
    assert {"node", "depends_on_it", "serves", "loses_last_support"} <= set(data)
    assert [e["iri"] for e in data["loses_last_support"]] == [EX + "CG1"]
    assert all({"iri", "label"} <= set(e) for e in data["serves"])
    text = cli("impact", small, "CI-2", "--lang", "en")
    assert text.code == 0 and "It serves (4)" in text.stdout
    bad = cli("impact", small, "CI-9")
    assert bad.code == 2 and "did you mean" in bad.stderr and "CI-1" in bad.stderr
