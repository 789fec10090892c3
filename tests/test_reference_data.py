"""The bundled reference data read against the strategy chapter (issue: honest reference data).

Each test names one point a reader outside the project checked: a fact the data presented as
sourced although no source gives it, or a statement of the chapter the data did not model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kktrace.model.namespaces import KK, KKT, ORG
from kktrace.provenance import statements

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def prov(bundled_model) -> dict[tuple[str, str, str], str]:
    """(subject local name, predicate local name, object text) → provenance kind or source."""
    out = {}
    for r in statements(bundled_model):
        if not r.subject_id.startswith(KK):
            continue
        key = (
            r.subject_id[len(KK) :],
            r.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
            r.object_id.removeprefix("<").removesuffix(">").removeprefix(KK).removeprefix(KKT),
        )
        out[key] = r.provenance.source[len(KK) :] if r.provenance.source else r.provenance.kind
    return out


def _of(prov: dict, subject: str) -> dict[tuple[str, str], str]:
    return {(p, o): v for (s, p, o), v in prov.items() if s == subject}


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        ("FHP-2011-I06", "budget", "3000000"),
        ("FHP-2013-I06", "budget", "1500000"),
        ("FHP-2013-I02", "investmentCatalogueRef", "Investeringskatalog 2013"),
        ("FHP-2013-I03", "investmentCatalogueRef", "Investeringskatalog 2013"),
        ("FHP-2013-I04", "investmentCatalogueRef", "Investeringskatalog 2013"),
        ("FHP-2013-I05", "investmentCatalogueRef", "Investeringskatalog 2013"),
        ("koncernservice", "subOrganizationOf", "OEKF"),
    ],
)
def test_unsourced_details_on_sourced_resources_are_illustrative(prov, subject, predicate, obj):
    assert prov[(subject, predicate, obj)] == "illustrative"


def test_sourced_amounts_and_decision_keep_their_source(prov) -> None:
    assert prov[("FHP-2013-I03", "budget", "10900000")] == "kilde-referater"
    assert prov[("FHP-2013-I02", "budget", "25100000")] == "kilde-referater"
    assert prov[("beslutning-OEU-2013-03-05", "date", "2013-03-05")] == "kilde-referater"
    assert prov[("strategi-2010-2014", "startDate", "2010-01-01")] == "kilde-it-strategi"


def test_comments_naming_windows_7_or_a_2012_analysis_are_illustrative(prov) -> None:
    comments = {
        (s, o): v
        for (s, p, o), v in prov.items()
        if p == "comment" and s.startswith("FHP-2013-I0") and ("Windows 7" in o or "2012" in o)
    }
    assert {s for s, _ in comments} >= {"FHP-2013-I04", "FHP-2013-I05"}
    assert set(comments.values()) == {"illustrative"}


def test_erp_acquisition_starts_after_its_decision(bundled_model) -> None:
    start = bundled_model.select_values(
        f"SELECT ?d WHERE {{ <{KK}FHP-2013-I01> kkt:startDate ?d }}"
    )[0][0]
    assert start is not None and start > "2013-03-05"


@pytest.mark.parametrize(
    "subject", ["OHP-2009-I02", "SM-2-2", "SM-4-2", "status-2010", "status-2013"]
)
def test_wholly_illustrative_resources(prov, subject) -> None:
    about = _of(prov, subject)
    assert about and set(about.values()) == {"illustrative"}, about


def test_status_reports_say_they_show_the_practice(prov) -> None:
    for year in (2010, 2011, 2012, 2013):
        (comment,) = [o for (p, o) in _of(prov, f"status-{year}") if p == "comment"]
        assert comment.startswith("Illustrativ")
        assert "eller tilvejebringelse af den næste" in comment


def test_administrations_plans_and_periods_are_sourced(prov) -> None:
    for adm in ("OEKF", "KFF", "BUF", "SUF", "SOF", "TMF", "BIF"):
        assert prov[(adm, "type", "Administration")] == "kilde-forvaltninger"
    for plan in ("plan-faelles-2011-2012", "plan-faelles-2013-2014"):
        assert prov[(plan, "type", "CommonActionPlan")] == "kilde-it-strategi"
    assert prov[("plan-overgang-2009-2010", "startDate", "2009-07-01")] == "kilde-it-strategi"
    assert prov[("plan-overgang-2009-2010", "endDate", "2010-12-31")] == "kilde-it-strategi"


def test_no_investment_catalogue_reference_names_another_document(bundled_model) -> None:
    refs = {
        r[0]
        for r in bundled_model.select_values(
            "SELECT DISTINCT ?r WHERE { ?i kkt:investmentCatalogueRef ?r }"
        )
    }
    assert refs and all(r.startswith("Investeringskatalog") for r in refs), refs


# -- what the chapter says, modelled -----------------------------------------------------------
def _ask(model, where: str) -> bool:
    return bool(model.query(f"ASK {{ {where} }}"))


def test_chapter_statements_are_modelled(bundled_model) -> None:
    m, kk = bundled_model, f"<{KK}"
    # it-chefkredsen, and the consultation of IT actors and executive board members
    assert _ask(
        m,
        f"{kk}strategi-2010-2014> dcterms:contributor {kk}it-chefkredsen> . "
        f"{kk}it-chefkredsen> a kkt:Forum",
    )
    assert _ask(
        m,
        f"{kk}strategi-2010-2014> kkt:consultation ?c . ?c a kkt:Consultation ; "
        f"prov:wasAssociatedWith {kk}it-aktoerer>, {kk}direktionsmedlemmer>",
    )
    # the previous IT strategy the transition plan ties to the new one
    assert _ask(
        m,
        f"{kk}plan-overgang-2009-2010> kkt:bridgesFrom ?old . "
        f"{kk}strategi-2010-2014> dcterms:replaces ?old",
    )
    # yearly revision: plan versions, each a revision of the one before
    assert _ask(
        m,
        f"?v2 prov:wasRevisionOf ?v1 ; prov:specializationOf {kk}plan-faelles-2013-2014> ; "
        "kkt:alongside ?status . ?v1 a kkt:PlanVersion . ?status a kkt:StatusReport",
    )
    # publishing on the intranet
    assert _ask(
        m,
        f"{kk}status-2012> kkt:publishedOn {kk}intranet> . {kk}intranet> a kkt:PublicationChannel",
    )
    # the units in scope as organisation units
    for unit in ("institutioner", "selvejende-institutioner", "kontraktstyrede-enheder"):
        assert _ask(
            m,
            f"{kk}strategi-2010-2014> kkt:scope {kk}{unit}> . "
            f"{kk}{unit}> a <{ORG}OrganizationalUnit>",
        )
    # the budget process the plans must fit, and the transition plan outside its deadlines
    assert _ask(
        m,
        f"{kk}plan-faelles-2011-2012> kkt:budgetProcess ?b . "
        f"{kk}plan-overgang-2009-2010> kkt:outsideDeadlinesOf ?b . ?b a kkt:BudgetProcess",
    )


def test_danish_wording() -> None:
    text = "".join(p.read_text("utf-8") for p in sorted(DATA.rglob("*.trig")))
    assert "Koncernservice'" not in text and "Koncernservices driftscenter" in text
    assert "skoleintra" not in text and "SkoleIntra" in text
    assert "pgivet" not in text  # one word for the cancelled status: annulleret


def test_the_yearly_revision_can_be_compared_with_kktrace_diff(cli) -> None:
    import json

    adopted = DATA.parent / "examples" / "plan-versions" / "faelles-2013-2014-udgave-2012.trig"
    result = cli(
        "diff", adopted, DATA / "handlingsplaner" / "faelles-2013-2014.trig", "--format", "json"
    )
    assert result.code == 0, result.stderr
    diff = json.loads(result.stdout)
    assert KK + "FHP-2013-I22" in {a["iri"] for a in diff["added"]}
    assert diff["removed"] == []
    changed = json.dumps(diff["changed"])
    assert KK + "FHP-2013-I20" in changed and KK + "FHP-2013-I16" in changed
    assert "1500000" in changed and "1800000" in changed
    assert len(diff["suspect"]) == 3
