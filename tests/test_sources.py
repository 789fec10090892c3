"""``kktrace sources``: every statement with its source, or illustrative (docs/provenance.md)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kktrace import load
from kktrace.model.namespaces import KK, KKT
from kktrace.provenance import coverage, statements

DATA = Path(__file__).resolve().parent.parent / "data"
REFERAT = KK + "kilde-referater"


@pytest.fixture(scope="module")
def rows(bundled_model):
    return statements(bundled_model)


def test_every_bundled_statement_has_exactly_one_provenance(bundled_model, rows) -> None:
    # Answers for every statement of the data: as many rows as the model has data triples.
    assert len(rows) == bundled_model.data_triples
    per_triple = Counter((r.subject_id, r.predicate.value, str(r.object)) for r in rows)
    assert max(per_triple.values()) == 1, [t for t, n in per_triple.items() if n > 1][:3]
    kinds = Counter(r.provenance.kind for r in rows)
    assert set(kinds) == {"sourced", "illustrative"}, kinds
    for r in rows:
        if r.provenance.kind == "sourced":
            assert r.provenance.source and r.provenance.label, r
        else:
            assert r.provenance.source is None, r


def test_cli_json_contract(cli) -> None:
    result = cli("sources", "--format", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) > 5000
    for item in data:
        assert {"subject", "predicate", "object", "source"} <= item.keys()
        assert (item["source"] is None) == (item["provenance"] == "illustrative"), item
    # The same bytes on a second run (blank-node-free data, sorted rows).
    assert cli("sources", "--format", "json").stdout == result.stdout


def _about(data: list[dict], local: str) -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = {}
    for item in data:
        if item["subject"] == KK + local:
            key = (item["predicate"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], item["object"])
            out.setdefault(key, []).append(item)
    return out


def test_element_by_code_and_by_iri_give_the_same_rows(cli) -> None:
    by_code = cli("sources", "--element", "FHP-2013-03", "--format", "json")
    by_iri = cli("sources", "--element", KK + "FHP-2013-I03", "--format", "json")
    assert by_code.code == by_iri.code == 0, by_code.stderr + by_iri.stderr
    assert by_code.stdout == by_iri.stdout
    rows = _about(json.loads(by_code.stdout), "FHP-2013-I03")
    assert len(json.loads(by_code.stdout)) == sum(len(v) for v in rows.values())
    # The sourced amount keeps its source; the catalogue reference on it is illustrative.
    assert rows[("budget", "10900000")][0]["source"] == REFERAT
    assert rows[("investmentCatalogueRef", "Investeringskatalog 2013")][0]["source"] is None


def test_unknown_element_is_one_error_line(cli) -> None:
    result = cli("sources", "--element", "NO-SUCH-CODE")
    assert result.code == 2
    assert result.stderr.count("\n") == 1 and "NO-SUCH-CODE" in result.stderr


def test_text_summary_agrees_with_json(cli, bundled_model) -> None:
    text = cli("sources", "--lang", "en")
    assert text.code == 0, text.stderr
    cov = coverage(bundled_model)
    first = text.stdout.splitlines()[0]
    assert first.startswith(f"{cov.total:,} statements: {cov.sourced:,} from sources")
    assert f"{cov.illustrative:,} illustrative" in first
    assert cov.total == cov.sourced + cov.illustrative
    assert "\n  rdfs:label " in text.stdout


# -- data written by others: plain Turtle, evidence graphs, undescribed graphs -------------
EVIDENCE_TRIG = """\
@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .

ex:plan-doc { ex:plan-doc a kkt:Source ; rdfs:label "BUF's local plan 2015 (PDF)"@en .
              ex:p4 a kkt:Evidence ; dcterms:source ex:plan-doc ; kkt:locator "p. 4"@en ;
                  kkt:confidence 0.9 . }
ex:p4 { ex:i1 kkt:supports ex:g1 . }
ex:mine { ex:i1 kkt:supports ex:g2 . }
ex:i1 a kkt:LocalInitiative ; rdfs:label "Initiative"@en .
"""


def test_evidence_graph_undescribed_graph_and_default_graph(tmp_path: Path) -> None:
    path = tmp_path / "plan.trig"
    path.write_text(EVIDENCE_TRIG, encoding="utf-8")
    model = load([path])
    got = {
        (r.predicate.value.rsplit("#", 1)[-1], r.object_id): r.provenance
        for r in statements(model, element="https://example.org/i1")
    }
    documented = got[("supports", "<https://example.org/g1>")]
    assert documented.kind == "sourced"
    assert documented.source == "https://example.org/plan-doc"
    assert documented.locator == "p. 4" and documented.confidence == "0.9"
    assert documented.label == "BUF's local plan 2015 (PDF)"
    other = got[("supports", "<https://example.org/g2>")]
    assert (other.kind, other.source) == ("graph", "https://example.org/mine")
    plain = got[("type", f"<{KKT}LocalInitiative>")]
    assert (plain.kind, plain.source) == ("unstated", None)


def test_text_shows_locator_and_confidence(cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.trig"
    path.write_text(EVIDENCE_TRIG, encoding="utf-8")
    result = cli("sources", path, "--element", "https://example.org/i1", "--lang", "en")
    assert result.code == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "example.org/g1>" in x)
    assert "BUF's local plan 2015 (PDF), p. 4 (confidence 0.9)" in line
    assert (
        "1 from named graphs the data does not describe, 2 with no stated source"
        in (result.stdout.splitlines()[0])
    )


def test_coverage_counted_in_the_store_equals_the_listing(bundled_model, rows, tmp_path) -> None:
    from kktrace.provenance import tally

    assert coverage(bundled_model) == tally(rows)
    assert coverage(bundled_model).links == len(
        bundled_model.select_values("SELECT ?s ?o WHERE { ?s kkt:supports ?o }")
    )
    path = tmp_path / "plan.trig"
    path.write_text(EVIDENCE_TRIG, encoding="utf-8")
    model = load([path])
    cov = coverage(model)
    assert cov == tally(statements(model))
    assert (cov.documented_links, cov.links) == (1, 2)
    assert cov.by_kind == {"sourced": 7, "graph": 1, "unstated": 2}
