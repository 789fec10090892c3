"""Two administrations whose codes differ only by case never share a view file."""

from __future__ import annotations

from pathlib import Path

from kktrace import load
from kktrace.view import write_all_views

TTL = """@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://ex.org/> .
ex:A a kkt:Administration ; skos:notation "ABC" ; rdfs:label "Upper"@da .
ex:a a kkt:Administration ; skos:notation "abc" ; rdfs:label "Lower"@da .
ex:pA a kkt:LocalActionPlan ; kkt:owner ex:A ; rdfs:label "Plan of Upper"@da .
ex:pa a kkt:LocalActionPlan ; kkt:owner ex:a ; rdfs:label "Plan of Lower"@da .
ex:iA a kkt:LocalInitiative ; kkt:partOf ex:pA ; rdfs:label "Upper initiative"@da .
ex:ia a kkt:LocalInitiative ; kkt:partOf ex:pa ; rdfs:label "Lower initiative"@da .
"""


def test_case_twins_get_their_own_files(tmp_path: Path) -> None:
    (tmp_path / "m.ttl").write_text(TTL)
    written = write_all_views(load([tmp_path / "m.ttl"]), out_dir=tmp_path / "out")
    names = [p.name for p in written]
    assert len(names) == len(set(names)) == 3, names
    adm = [p for p in written if p.name.startswith("administration-abc")]
    assert len(adm) == 2
    texts = [p.read_text(encoding="utf-8") for p in adm]
    assert any("Plan of Upper" in t for t in texts) and any("Plan of Lower" in t for t in texts)
    # Stable: the same names on a second run.
    again = write_all_views(load([tmp_path / "m.ttl"]), out_dir=tmp_path / "again")
    assert [p.name for p in again] == names
