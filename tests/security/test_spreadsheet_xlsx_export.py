"""XLSX export never loses text silently: too long or with \\r → one line naming the element."""

from __future__ import annotations

from pathlib import Path

import pytest
from input_helpers import assert_refused

PREFIXES = (
    "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
    "@prefix kk: <https://w3id.org/kktrace/id/kk/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


@pytest.mark.parametrize(
    ("label", "needle"),
    [("x" * 32_768, "32,768 characters"), ("line one\\rline two", "carriage return")],
)
def test_lossy_text_refused(cli, tmp_path: Path, label: str, needle: str) -> None:
    (tmp_path / "m.ttl").write_text(
        PREFIXES + f'kk:LONG-1 a kkt:LocalInitiative ; rdfs:label "{label}"@da .\n'
    )
    out = tmp_path / "out.xlsx"
    line = assert_refused(cli("export", tmp_path / "m.ttl", "-o", out), "LONG-1", needle)
    assert "jsonld" in line
    assert not out.exists()


def test_text_at_the_limit_round_trips(cli, tmp_path: Path) -> None:
    label = "y" * 32_767
    (tmp_path / "m.ttl").write_text(
        PREFIXES + f'kk:OK-1 a kkt:LocalInitiative ; rdfs:label "{label}"@da .\n'
    )
    out = tmp_path / "out.xlsx"
    assert cli("export", tmp_path / "m.ttl", "-o", out).code == 0
    back = cli("import", out)
    assert back.code == 0, back.stderr[-1000:]
    assert label in back.stdout
