"""The compiled form of the bundled shapes (kktrace/rules/shacl/bundled.json) and the
native judges of kktrace/rules/shacl/checks.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kktrace.model.namespaces import XSD
from kktrace.model.resources import shapes_file
from kktrace.rules.shacl import bundle, checks, engine
from kktrace.rules.shacl.engine import BUNDLED, read_shapes

ROOT = Path(__file__).resolve().parent.parent
SH = "http://www.w3.org/ns/shacl#"


def test_bundled_json_is_what_the_compiler_writes() -> None:
    assert BUNDLED.read_bytes() == bundle.render(), (
        "kktrace/rules/shacl/bundled.json is stale: run `python -m kktrace.rules.shacl.bundle`"
    )


def test_bundled_shapes_are_read_from_the_json(tmp_path: Path) -> None:
    read = engine._bundled(shapes_file(), shapes_file().read_bytes())
    assert read is not None and read._graph is None  # not parsed: the JSON was used
    assert len(read.compiled) == 31 and read.unsupported == []
    # The same shapes with one byte more are another file: compiled at run time.
    edited = tmp_path / "shapes.ttl"
    edited.write_bytes(shapes_file().read_bytes() + b"\n")
    assert engine._bundled(edited, edited.read_bytes()) is None
    fresh = read_shapes(edited)
    assert fresh._graph is not None
    assert [s.to_json() for s in fresh.compiled] == [s.to_json() for s in read.compiled]


def test_check_imports_neither_rdflib_nor_pyshacl(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<https://example.org/i> a kkt:LocalInitiative ; rdfs:label "I"@da, "J"@da ;\n'
        '  kkt:budget "mange" ; kkt:priority 0 ; kkt:startDate "2012-01-01"^^xsd:date ;\n'
        '  kkt:endDate "2011-01-01"^^xsd:date .\n',
        encoding="utf-8",
    )
    code = (
        "import sys\n"
        "from kktrace.cli import app\n"
        "try:\n"
        f"    app(['check', {str(data)!r}, '--format', 'json', '--lang', 'en'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 1, exc.code\n"
        "print(sorted(m for m in ('rdflib', 'pyshacl', 'networkx') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    for message in ("budget", "priority", "start date", "more than one label"):
        assert f'"message": "The {message}' in done.stdout or message in done.stdout
    assert done.stdout.count('"rule": "shape-violation"') == 4, done.stdout
    assert done.stdout.rstrip().endswith("[]"), done.stdout[-300:]


def _lit(lex: str, dt: str = "string") -> ox.Literal:
    return ox.Literal(lex, datatype=ox.NamedNode(XSD + dt))


#: Values to judge: usual and unusual lexical forms of every datatype the shapes use.
VALUES = [
    *(_lit(x, "integer") for x in ("1", "0", "-3", "01", "+1", "one", "1.5", " 2", "")),
    *(_lit(x, "positiveInteger") for x in ("1", "2", "0", "01", "-1", "x")),
    *(_lit(x, "decimal") for x in ("1.5", "10900000.00", "1", "-0.5", ".5", "1.", "10 mio")),
    *(_lit(x, "date") for x in ("2011-01-01", "2013-02-30", "2013-13-05", "2012-01-01Z")),
    *(_lit(x, "date") for x in ("0000-01-01", "2011-1-1", "2012-12-31", "20110-01-01")),
    *(_lit(x, "gYear") for x in ("2012", "twenty", "0000", "-2012", "2012Z", "12")),
    _lit("2011-01-01T00:00:00", "dateTime"),
    _lit("1.0e6", "double"),
    _lit("1", "int"),
    _lit("2011"),
    _lit("ca. 2 mio. kr."),
    ox.Literal("1", language="da"),
    ox.NamedNode("https://example.org/x"),
    ox.BlankNode("b0"),
]


def _spec(param: str, *values: ox.NamedNode | ox.Literal) -> dict:
    terms = [
        {"iri": v.value}
        if isinstance(v, ox.NamedNode)
        else {"lex": v.value, "dt": v.datatype.value}
        for v in values
    ]
    return {"param": SH + param, "values": terms}


JUDGES = {
    **{
        f"datatype-{dt}": _spec("datatype", ox.NamedNode(XSD + dt))
        for dt in ("integer", "positiveInteger", "decimal", "date", "gYear", "string")
    },
    "minInclusive-1": _spec("minInclusive", _lit("1", "integer")),
    "minInclusive-0": _spec("minInclusive", _lit("0", "integer")),
    "maxInclusive-1": _spec("maxInclusive", _lit("1", "integer")),
    "minExclusive-0.5": _spec("minExclusive", _lit("0.5", "decimal")),
    "maxExclusive-10": _spec("maxExclusive", _lit("10", "integer")),
    "minInclusive-date": _spec("minInclusive", _lit("2011-01-01", "date")),
}


@pytest.mark.parametrize("name", sorted(JUDGES))
def test_native_judges_agree_with_pyshacl(name: str) -> None:
    spec = JUDGES[name]
    reference = checks.pyshacl_judge(checks._freeze(spec))
    judged = checks.judge(spec)
    decided = 0
    for v in VALUES:
        assert judged(v) == reference(v, None), (name, v)
        native = checks._native(spec)(v)
        if native is not None:
            decided += 1
            assert native == reference(v, None), (name, v)
    # Not vacuous: most values are judged natively (numbers only, for a number bound).
    least = {"datatype-string": 0, "minInclusive-date": 0}.get(
        name, len(VALUES) // 2 if name.startswith("datatype") else 12
    )
    assert decided >= least, f"{name}: natively judged only {decided} values"


def test_native_less_than_or_equals_agrees_with_pyshacl() -> None:
    spec = _spec("lessThanOrEquals", ox.NamedNode("https://w3id.org/kktrace/def#endDate"))
    reference = checks.pyshacl_judge(checks._freeze(spec))
    dates = [v for v in VALUES if isinstance(v, ox.Literal) and v.datatype.value != XSD + "string"]
    decided = 0
    for a in dates:
        for b in dates:
            native = checks._native_less_than_or_equals(a, b)
            if native is not None:
                decided += 1
                assert native == reference(a, b), (a, b)
            assert checks.judge(spec)(a, b) == reference(a, b), (a, b)
    assert decided >= 4  # the valid xsd:date pairs


def test_term_text_is_rdflib_text() -> None:
    for v in VALUES:
        if isinstance(v, ox.Literal):
            assert checks.term_text(v) == str(checks.to_rdflib(v)), v
