"""Parameter typing and binding, result formats, and ``kktrace query`` on the command line."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kktrace.errors import ParseError, UsageError
from kktrace.sparql.query import (
    check_syntax,
    format_result,
    load_queries,
    parse_params,
    parse_value,
    run_local,
    with_values,
)

HOSTILE = 'x" } ; DROP ALL ; #'
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<http://example.org/a>", ox.NamedNode("http://example.org/a")),
        ("https://w3id.org/kktrace/id/kk/BUF", ox.NamedNode("https://w3id.org/kktrace/id/kk/BUF")),
        ("kkt:Completed", ox.NamedNode("https://w3id.org/kktrace/def#Completed")),
        ("Completed", ox.Literal("Completed")),
        ('"nope:x"', ox.Literal("nope:x")),
        ('"Børn"@da', ox.Literal("Børn", language="da")),
        ('"2012"^^xsd:gYear', ox.Literal("2012", datatype=ox.NamedNode(XSD + "gYear"))),
        (HOSTILE, ox.Literal(HOSTILE)),
    ],
)
def test_parse_value(text, expected):
    assert parse_value(text) == expected


def test_unknown_prefix_is_refused_not_guessed():
    with pytest.raises(UsageError, match="unknown prefix 'kk:'"):
        parse_value("kk:BUF")
    assert parse_value("kk:BUF", "literal") == ox.Literal("kk:BUF")


def test_declared_type_types_a_bare_value():
    assert parse_value("2012", "xsd:gYear") == ox.Literal(
        "2012", datatype=ox.NamedNode(XSD + "gYear")
    )
    assert parse_value("kkt:Completed", "literal") == ox.Literal("kkt:Completed")
    with pytest.raises(UsageError, match="not an IRI"):
        parse_value("hello", "iri")


def test_named_query_parameters_are_checked():
    query = load_queries()["trace-to-strategy"]
    with pytest.raises(UsageError, match="needs --param node"):
        parse_params([], query)
    with pytest.raises(UsageError, match="no parameter 'nod'"):
        parse_params(["nod=kk:X"], query)
    with pytest.raises(UsageError, match="NAME=VALUE"):
        parse_params(["kk:X"], query)


def test_hostile_value_stays_a_literal_locally(bundled_model):
    before = len(bundled_model.store)
    text = "SELECT ?x ?l WHERE { ?x rdfs:label ?l }"
    result = run_local(bundled_model, text, parse_params([f"l={HOSTILE}"], text=text))
    assert result.rows == []
    assert len(bundled_model.store) == before


def test_values_block_escapes_terms():
    text = "SELECT ?x ?l WHERE { ?x rdfs:label ?l }"
    bound = with_values(text, {"l": parse_value(HOSTILE)})
    assert 'VALUES (?l) { ("x\\" } ; DROP ALL ; #") }' in bound
    # the bound query is still one valid query, and the value is one literal in it
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("http://a"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal(HOSTILE),
        )
    )
    rows = list(store.query(bound, prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}))
    assert [r["l"] for r in rows] == [ox.Literal(HOSTILE)]


@pytest.mark.parametrize(
    "text",
    [
        'PREFIX a: <http://x#>\nSELECT ?where # WHERE {\nWHERE { ?s a:p "{" . FILTER(?s < 3) }',
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "SELECT * { ?s ?p ?o }",
        "ASK { ?s ?p ?o }",
    ],
)
def test_values_block_goes_into_the_where_group(text):
    bound = with_values(text, {"s": ox.NamedNode("http://a")})
    check_syntax(bound)
    assert "VALUES (?s) { (<http://a>) }" in bound


def test_syntax_error_has_line_and_column():
    with pytest.raises(ParseError) as info:
        check_syntax("SELECT ?x WHERE {\n  ?x a kkt:Foo\n  FILTER( }", "q.rq")
    assert (info.value.line, info.value.column) == (3, 12)
    assert str(info.value).startswith("q.rq:3:12: SPARQL syntax error")


def test_json_and_xml_and_tsv_round_trip_through_oxigraph(bundled_model):
    text = (
        'SELECT ?s ?l ?n ?none WHERE { VALUES (?s ?l ?n) { (<http://a> "Ø \\"x\\"\\ty"@da 3) '
        '(<http://b> "tab\\there" UNDEF) } }'
    )
    result = run_local(bundled_model, text)
    for fmt, parser in (
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ):
        parsed = ox.parse_query_results(format_result(result, fmt).encode(), format=parser)
        assert [v.value for v in parsed.variables] == result.variables
        assert [tuple(r[v] for v in result.variables) for r in parsed] == result.rows, fmt
    csv_text = format_result(result, "csv")
    assert csv_text.startswith("s,l,n,none\r\nhttp://a,") and csv_text.endswith("\r\n")


def test_cli_named_query_json(cli):
    done = cli("query", "--name", "orphan-initiatives", "--format", "json")
    assert done.code == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["head"]["vars"] == ["initiative", "label", "plan"]
    assert len(data["results"]["bindings"]) == 3


def test_cli_list(cli):
    done = cli("query", "--list")
    assert done.code == 0
    assert len(done.stdout.splitlines()) == len(load_queries())
    assert "trace-to-strategy" in done.stdout and "<node>" in done.stdout


def test_cli_query_file_and_param(cli, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "PREFIX kk: <https://w3id.org/kktrace/id/kk/>\n"
        "SELECT ?i ?unit WHERE { ?i kkt:responsible ?unit } ORDER BY ?i LIMIT 3"
    )
    done = cli("query", rq, "--param", "unit=kk:BUF", "--format", "csv")
    assert done.code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "i,unit" and len(lines) == 4
    assert all(line.endswith(",https://w3id.org/kktrace/id/kk/BUF") for line in lines[1:])


def test_cli_hostile_param_is_a_value(cli):
    done = cli(
        "query",
        "-q",
        "SELECT ?x ?l WHERE { ?x rdfs:label ?l }",
        "-p",
        f"l={HOSTILE}",
        "--format",
        "json",
    )
    assert done.code == 0, done.stderr
    assert json.loads(done.stdout)["results"]["bindings"] == []


def test_cli_construct_turtle(cli):
    done = cli("query", "-q", "CONSTRUCT { ?a org:unitOf ?m } WHERE { ?a org:unitOf ?m }")
    assert done.code == 0, done.stderr
    triples = list(ox.parse(done.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert len(triples) >= 7


def test_cli_subclass_aware(cli, tmp_path):
    data = tmp_path / "pilot.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/> . @prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ex:PilotProject rdfs:subClassOf kkt:LocalInitiative . ex:p1 a ex:PilotProject .\n"
    )
    done = cli("query", data, "-q", "SELECT ?x WHERE { ?x a kkt:Initiative }", "--format", "csv")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines()[1:] == ["http://example.org/p1"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-q", "SELECT ?x WHERE {\n ?x a kkt:Foo "], "--query:2:15: SPARQL syntax error"),
        (["--name", "no-such-query"], "orphan-initiatives"),
        (["--name", "trace-to-strategy"], "needs --param node"),
        (["-q", "ASK {}", "--endpoint", "http://127.0.0.1:9/sparql"], "http://127.0.0.1:9/sparql"),
        ([], "exactly one query"),
    ],
)
def test_cli_bad_input_exits_2(cli, args, needle):
    done = cli("query", *args)
    assert done.code == 2
    assert needle in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
