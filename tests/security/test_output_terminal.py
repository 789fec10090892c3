"""Text outputs never pass terminal control characters from the data to the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Set the window title, turn text red, ring the bell, reverse the line (BiDi override).
NASTY = "\x1b]0;pwned\x07\x1b[31mRED\x1b[0m\x9b2J\u202eesrever\r"
CONTROL = ["\x1b", "\x07", "\x9b", "\u202e", "\r"]


def _turtle_literal(text: str) -> str:
    return (
        '"'
        + "".join(
            f"\\u{ord(c):04X}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" else c
            for c in text
        )
        + '"'
    )


@pytest.fixture(scope="module")
def nasty_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("nasty") / "data"
    shutil.copytree(ROOT / "data", folder)
    (folder / "nasty.ttl").write_text(
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        "@prefix kk: <https://w3id.org/kktrace/id/kk/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f"kk:NASTY-1 a kkt:LocalInitiative ; rdfs:label {_turtle_literal('Init ' + NASTY)}@da ;\n"
        f"  skos:notation {_turtle_literal('NASTY' + NASTY)} ;\n"
        "  kkt:partOf kk:plan-BUF-2011-2012 ; kkt:supports kk:BUF-2011-M01 .\n"
        f"kk:plan-NASTY a kkt:LocalActionPlan ; rdfs:label {_turtle_literal('Plan ' + NASTY)}@da,"
        f" {_turtle_literal('Plan ' + NASTY)}@en .\n"
    )
    return folder


def assert_clean(text: str) -> None:
    assert "RED" in text or "pwned" in text or "esrever" in text, text[:300]
    for char in CONTROL:
        assert char not in text, (repr(char), text[:300])


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "md"],
        ["info", "--lang", "en"],
        ["impact", "NASTY-1"],
        ["query", "--query", "SELECT ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, 'RED')) }"],
    ],
)
def test_text_outputs_strip_control_characters(cli, nasty_data: Path, args: list[str]) -> None:
    if args[0] == "impact":
        result = cli("impact", nasty_data, *args[1:])
    else:
        result = cli(*args[:1], nasty_data, *args[1:])
    assert result.code in (0, 1), result.stderr
    assert_clean(result.stdout)


def test_diff_text_strips_control_characters(cli, nasty_data: Path) -> None:
    old = nasty_data.parent / "old"
    shutil.copytree(ROOT / "data", old)
    result = cli("diff", old, nasty_data)
    assert result.code in (0, 1), result.stderr
    assert_clean(result.stdout)


def test_json_keeps_the_data_exactly(cli, nasty_data: Path) -> None:
    """Machine formats are data: JSON escapes the characters, nothing is lost."""
    import json

    result = cli("check", nasty_data, "--format", "json")
    labels = {f["label"] for f in json.loads(result.stdout)["findings"]}
    assert "Init " + NASTY in labels
