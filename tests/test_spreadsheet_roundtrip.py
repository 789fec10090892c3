"""Round trip: export to XLSX → import gives the same triples (bundled data, generated models)."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spreadsheet_helpers import BASE, KKT

from kktrace.model.store import load
from kktrace.spreadsheet import export, import_file, to_turtle
from kktrace.spreadsheet.exporter import data_triples, workbook_rows
from kktrace.spreadsheet.layout import CLASS_LABELS, STATUSES

XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def roundtrip(model, tmp: Path, lang: str = "da") -> list[ox.Triple]:
    """Export to XLSX, import, and read the Turtle back the way kktrace reads any file."""
    path = tmp / f"model-{lang}.xlsx"
    path.write_bytes(export(model, "xlsx", lang=lang))
    ttl = tmp / f"model-{lang}.ttl"
    ttl.write_text(to_turtle(import_file(path).triples), encoding="utf-8")
    return data_triples(load([ttl]))


def same_graph(a: list[ox.Triple], b: list[ox.Triple]) -> bool:
    """Equal triples; blank nodes (fresh per file read) compared up to renaming."""
    if set(a) == set(b):
        return True
    from rdflib import Graph
    from rdflib.compare import isomorphic

    def graph(triples: list[ox.Triple]) -> Graph:
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return Graph().parse(data=nt, format="nt")

    return isomorphic(graph(a), graph(b))


def test_bundled_data_round_trips_exactly(bundled_model, tmp_path: Path) -> None:
    before = set(data_triples(bundled_model))
    assert len(before) > 1000
    after = set(roundtrip(bundled_model, tmp_path))
    assert after == before
    # the same again in English, and the Turtle is the same bytes
    assert set(roundtrip(bundled_model, tmp_path, "en")) == before
    assert to_turtle(after) == to_turtle(before)


def test_bundled_data_gives_the_same_findings(bundled_model, tmp_path: Path) -> None:
    from kktrace.findings.run import check

    ttl = tmp_path / "roundtrip.ttl"
    ttl.write_text(to_turtle(roundtrip(bundled_model, tmp_path)), encoding="utf-8")
    before = check(bundled_model).findings
    after = check(load([ttl])).findings
    assert len(before) > 0
    assert sorted(before) == sorted(after)


def test_export_keeps_most_triples_in_the_columns(bundled_model) -> None:
    rows = workbook_rows(bundled_model)
    total = len(data_triples(bundled_model))
    assert len(rows["initiatives"]) > 50
    assert len(rows["other"]) < total / 10  # the "Øvrige" sheet is the exception


def test_export_is_deterministic(bundled_model) -> None:
    for fmt in ("xlsx", "csv", "jsonld", "graphml", "gexf"):
        assert export(bundled_model, fmt) == export(bundled_model, fmt), fmt
    # Two calls within one second would hide a clock time: check the fixed stamps themselves.
    with zipfile.ZipFile(io.BytesIO(export(bundled_model, "xlsx"))) as xlsx:
        assert {info.date_time for info in xlsx.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = xlsx.read("docProps/core.xml").decode()
    assert "2010-01-01T00:00:00Z</dcterms:modified>" in core
    gexf = export(bundled_model, "gexf")
    gexf_text = gexf.decode() if isinstance(gexf, bytes) else gexf
    assert 'lastmodifieddate="2010-01-01"' in gexf_text


def test_other_formats(bundled_model, tmp_path: Path) -> None:
    import networkx as nx
    import rdflib

    doc = json.loads(export(bundled_model, "jsonld"))
    assert doc["@context"]["kkt"] == KKT and doc["@context"]["kk"] == BASE
    g = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    assert len(g) == len(data_triples(bundled_model))
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"m.{fmt}"
        path.write_text(export(bundled_model, fmt), encoding="utf-8")
        graph = reader(path)
        assert graph.number_of_nodes() == bundled_model.graph.number_of_nodes(), fmt
        assert graph.number_of_edges() == bundled_model.graph.number_of_edges(), fmt
    csv_text = export(bundled_model, "csv")
    assert csv_text.startswith("\ufeffId;Klasse;Navn (da)")
    csv_path = tmp_path / "all.csv"
    csv_path.write_text(csv_text, encoding="utf-8")
    ttl = tmp_path / "all.ttl"
    ttl.write_text(to_turtle(import_file(csv_path).triples), encoding="utf-8")
    imported = set(data_triples(load([ttl])))
    # CSV holds everything but the "Øvrige" sheet
    other = {t for t in data_triples(bundled_model)} - imported
    assert len(other) == len(workbook_rows(bundled_model)["other"])


# -- generated models -------------------------------------------------------------------------
_ids = st.text(alphabet="abcæøåABCÆØÅ-_0123456789 ", min_size=1, max_size=8).filter(
    lambda s: s.strip() == s and s
)
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\r"),
    min_size=1,
    max_size=20,
)
_lexical_decimal = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9
    ).map(str),
    st.sampled_from(["1.50", "0.0", "12.5", "1e3", "007", "+5"]),
)
_dates = st.dates(min_value=__import__("datetime").date(1800, 1, 1)).map(lambda d: d.isoformat())


@st.composite
def models(draw) -> list[ox.Triple]:
    """Small models in the contract vocabulary, with awkward values on purpose."""
    ids = draw(st.lists(_ids, min_size=1, max_size=6, unique_by=lambda s: s))
    nodes = [
        ox.NamedNode(BASE + __import__("kktrace.spreadsheet.iris", fromlist=["slug"]).slug(i))
        for i in ids
    ]
    nodes = list(dict.fromkeys(nodes))
    nodes.append(ox.NamedNode("https://example.org/x/" + draw(st.sampled_from(["a", "b;c", "é"]))))
    triples: list[ox.Triple] = []
    classes = sorted(CLASS_LABELS)
    for node in nodes:
        for cls in draw(st.lists(st.sampled_from(classes), max_size=2)):
            triples.append(ox.Triple(node, RDF_TYPE, ox.NamedNode(KKT + cls)))
        if draw(st.booleans()):
            triples.append(ox.Triple(node, RDF_TYPE, ox.NamedNode("https://example.org/Pilot")))
        for lang in draw(st.lists(st.sampled_from(["da", "en", "de"]), max_size=3)):
            triples.append(
                ox.Triple(
                    node, ox.NamedNode(RDFS + "label"), ox.Literal(draw(_text), language=lang)
                )
            )
        if draw(st.booleans()):
            triples.append(ox.Triple(node, ox.NamedNode(RDFS + "comment"), ox.Literal(draw(_text))))
        for prop in draw(
            st.lists(
                st.sampled_from(["supports", "partOf", "owner", "responsible", "continues"]),
                max_size=3,
            )
        ):
            target = draw(
                st.sampled_from([*nodes, ox.NamedNode(BASE + "dangling"), ox.BlankNode("b1")])
            )
            triples.append(ox.Triple(node, ox.NamedNode(KKT + prop), target))
        if draw(st.booleans()):
            triples.append(
                ox.Triple(
                    node,
                    ox.NamedNode(KKT + "budget"),
                    ox.Literal(draw(_lexical_decimal), datatype=ox.NamedNode(XSD + "decimal")),
                )
            )
        if draw(st.booleans()):
            triples.append(
                ox.Triple(
                    node,
                    ox.NamedNode(KKT + "startDate"),
                    ox.Literal(draw(_dates), datatype=ox.NamedNode(XSD + "date")),
                )
            )
        if draw(st.booleans()):
            value = draw(st.one_of(st.integers(1, 50).map(str), st.just("01")))
            dtype = draw(st.sampled_from(["positiveInteger", "integer"]))
            triples.append(
                ox.Triple(
                    node,
                    ox.NamedNode(KKT + "priority"),
                    ox.Literal(value, datatype=ox.NamedNode(XSD + dtype)),
                )
            )
        if draw(st.booleans()):
            triples.append(
                ox.Triple(
                    node,
                    ox.NamedNode(KKT + "status"),
                    ox.NamedNode(KKT + draw(st.sampled_from(STATUSES))),
                )
            )
        if draw(st.booleans()):
            triples.append(
                ox.Triple(
                    node,
                    ox.NamedNode(KKT + "year"),
                    ox.Literal(
                        str(draw(st.integers(1990, 2030))), datatype=ox.NamedNode(XSD + "gYear")
                    ),
                )
            )
        if draw(st.booleans()):
            triples.append(
                ox.Triple(
                    node,
                    ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation"),
                    ox.Literal(draw(st.sampled_from(["=SUM(A1)", " x ", "", "ØKF", "007"]))),
                )
            )
    return triples


def test_a_label_that_reads_like_an_excel_error_round_trips(tmp_path: Path) -> None:
    """Hypothesis found it: a text cell "#NAME?" is text, not an error cell."""
    node = ox.NamedNode(BASE + "g-1")
    triples = [
        ox.Triple(node, RDF_TYPE, ox.NamedNode(KKT + "LocalGoal")),
        ox.Triple(node, ox.NamedNode(RDFS + "label"), ox.Literal("#NAME?", language="da")),
        ox.Triple(node, ox.NamedNode(RDFS + "label"), ox.Literal("#N/A", language="en")),
    ]
    ttl = tmp_path / "m.nt"
    ttl.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    model = load([ttl])
    after = roundtrip(model, tmp_path)
    assert same_graph(after, list(set(data_triples(model))))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models(), st.sampled_from(["da", "en"]))
def test_generated_models_round_trip(triples: list[ox.Triple], lang: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ttl = Path(tmp) / "m.nt"
        ttl.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        model = load([ttl])
        before = set(data_triples(model))
        after = roundtrip(model, Path(tmp), lang)
    assert same_graph(after, list(before))
