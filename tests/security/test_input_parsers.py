"""Hostile RDF files are screened before a parser sees them (kktrace/model/screen.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from input_helpers import assert_refused

from kktrace.model.screen import MAX_ENTITY_EXPANSION, MAX_JSON_DEPTH, json_too_deep

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def rdf_xml(doctype: str, body: str = "x") -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{doctype}\n]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://ex.org/">'
        f'<rdf:Description rdf:about="http://ex.org/a"><ex:p>{body}</ex:p>'
        "</rdf:Description></rdf:RDF>\n"
    )


def billion_laughs() -> str:
    decl = ['<!ENTITY lol0 "lol">']
    decl += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return rdf_xml("\n".join(decl), "&lol9;")


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("laughs.rdf", billion_laughs(), "refers to other entities"),
        (
            "xxe.rdf",
            rdf_xml('<!ENTITY x SYSTEM "file:///etc/passwd">', "&x;"),
            "external entity '&x;'",
        ),
        (
            "xxe-public.owl",
            rdf_xml('<!ENTITY x PUBLIC "-//x//EN" "http://127.0.0.1:9/x">', "&x;"),
            "external entity",
        ),
        ("param.rdf", rdf_xml('<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;'), "parameter"),
        (
            "quadratic.rdf",
            rdf_xml(f'<!ENTITY a "{"x" * 1000}">', "&a;" * (MAX_ENTITY_EXPANSION // 1000 + 1)),
            "expand to more than",
        ),
    ],
)
def test_rdf_xml_entities_refused_fast(cli, tmp_path: Path, name, text, needle) -> None:
    path = tmp_path / name
    path.write_text(text)
    started = time.monotonic()
    result = cli("check", path)
    elapsed = time.monotonic() - started
    line = assert_refused(result, name, needle)
    assert "DOCTYPE" in line
    # The command starts in ~0.5 s; the refusal itself must not add a parse of the entities.
    assert elapsed < 5, elapsed


def test_simple_internal_entities_still_read(cli, tmp_path: Path) -> None:
    """Ontology editors write namespace entities; those stay readable."""
    path = tmp_path / "protege.owl"
    path.write_text(rdf_xml('<!ENTITY ex "http://ex.org/">\n<!ENTITY rdf "' + RDF + '">', "&ex;"))
    result = cli("info", path, "--format", "json")
    assert result.code == 0, result.stderr
    assert '"triples": 1' in result.stdout


def deep_jsonld(depth: int, opener: str = "{") -> str:
    inner = '{"http://ex.org/p":' if opener == "{" else "["
    closer = "}" if opener == "{" else "]"
    return (
        '{"@id":"http://ex.org/a","http://ex.org/p":' + inner * depth + '"x"' + closer * depth + "}"
    )


@pytest.mark.parametrize("opener", ["{", "["])
def test_deep_jsonld_refused_without_crash(cli, tmp_path: Path, opener: str) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_text(deep_jsonld(5000, opener))
    assert_refused(cli("info", path), "deep.jsonld:1:", f"more than {MAX_JSON_DEPTH} deep")


def test_jsonld_at_the_bound_is_read(cli, tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonld"
    # Brackets inside strings and escaped quotes do not count as nesting.
    text = deep_jsonld(MAX_JSON_DEPTH - 2).replace('"x"', '"[[{{ \\" [[{{"')
    path.write_text(text)
    result = cli("info", path, "--format", "json")
    assert result.code == 0, result.stderr


def test_literal_over_parser_buffer(cli, tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text('<http://ex.org/a> <http://ex.org/p> "' + "x" * (17 * 1024 * 1024) + '" .\n')
    assert_refused(cli("info", path), "big.ttl", "longer than 16 MB")


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig", ".nq"])
def test_byte_order_mark_accepted(cli, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(b'\xef\xbb\xbf<http://ex.org/a> <http://ex.org/p> "x" .\n')
    result = cli("info", path, "--format", "json")
    assert result.code == 0, result.stderr
    assert '"triples": 1' in result.stdout


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "internal.trig",
            "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
            "<urn:kktrace:graph:ontology> { <http://ex.org/i1> a kkt:LocalInitiative . }\n",
        ),
        (
            "internal.nq",
            "<http://ex.org/i1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<https://w3id.org/kktrace/def#LocalInitiative> <urn:kktrace:graph:inferred> .\n",
        ),
    ],
)
def test_data_in_internal_graph_names_refused(cli, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    for command in ("info", "check"):
        assert_refused(cli(command, path), name, "graph name kktrace keeps for itself")


def test_deep_rdf_xml_refused_fast(cli, tmp_path: Path) -> None:
    """50,000 nested elements took Oxigraph 38 s (worse than quadratic); refused at once."""
    depth = 50_000
    path = tmp_path / "deep.rdf"
    path.write_text(
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://ex.org/">'
        '<rdf:Description rdf:about="http://ex.org/a">'
        + '<ex:p rdf:parseType="Resource">' * depth
        + "</ex:p>" * depth
        + "</rdf:Description></rdf:RDF>"
    )
    started = time.monotonic()
    assert_refused(cli("info", path), "deep.rdf:1:", "more than 256 deep")
    assert time.monotonic() - started < 10


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


_TEXT = st.text(alphabet='[]{}"\\ab\n', max_size=6)
_JSON = st.recursive(
    st.none() | st.integers() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.integers(min_value=0, max_value=8))
def test_json_depth_screen_agrees_with_a_parser(value: object, limit: int) -> None:
    """Brackets inside strings and escapes never fool the byte-level depth count."""
    data = json.dumps(value).encode("utf-8")
    assert json_too_deep(data, limit) == (_depth(json.loads(data)) > limit)
