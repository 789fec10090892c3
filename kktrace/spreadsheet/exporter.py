"""Exporting a model: XLSX in the template layout (re-importable), CSV, JSON-LD, GraphML, GEXF.

Only the user's data is exported: the default graph of the store, not the ontology graph
nor the inferred-types graph (nor named graphs from TriG files). The XLSX export puts each
resource on the sheet of its most specific contract class and each triple in the column
that holds it exactly; whatever no column can hold exactly goes to the "Øvrige" sheet, so
importing the workbook gives back the same triples (:func:`workbook_rows`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kktrace.model.namespaces import INFERRED_GRAPH, KKT, ONTOLOGY_GRAPH, PREFIXES, RDF, XSD
from kktrace.model.store import KINDS
from kktrace.spreadsheet.iris import DEFAULT_BASE, compact_name, is_explicit, term_to_id
from kktrace.spreadsheet.layout import (
    CLASS_LABELS,
    DATATYPES,
    OTHER,
    SHEETS,
    STATUS_LABELS,
    Column,
    Sheet,
    class_label,
    csv_sheet,
    sheet_for_class,
    status_label,
)
from kktrace.spreadsheet.values import (
    CellValueError,
    neutralise_formula,
    parse_date,
    parse_decimal,
    parse_posint,
    parse_year,
)

if TYPE_CHECKING:
    from kktrace.model.store import Model

FORMATS = ("xlsx", "csv", "jsonld", "graphml", "gexf")
Term = ox.NamedNode | ox.BlankNode
Rows = dict[str, list[list[Any]]]

_PARSERS: dict[str, Callable[[object], str]] = {
    "date": parse_date,
    "decimal": parse_decimal,
    "posint": parse_posint,
    "gyear": parse_year,
}
_RDF_TYPE = RDF + "type"
_XSD_STRING = XSD + "string"


def data_triples(model: Model) -> list[ox.Triple]:
    """The triples of the user's data (default graph and their own named graphs), sorted.

    The ontology and the inferred types live in kktrace's own graphs and are left out; a
    triple that sits in several of the user's graphs (e.g. one per source) is listed once.
    """
    internal = {ONTOLOGY_GRAPH, INFERRED_GRAPH}
    quads = model.store.quads_for_pattern(None, None, None, None)
    triples = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in quads
        if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in internal)
    }
    return sorted(triples, key=str)


def _kinds(model: Model) -> dict[Term, set[str]]:
    """Contract classes of every resource, subclass-aware (asserted + inferred types)."""
    found: dict[Term, set[str]] = defaultdict(set)
    for quad in model.store.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), None, None):
        obj = quad.object
        if isinstance(obj, ox.NamedNode) and obj.value.startswith(KKT):
            name = obj.value[len(KKT) :]
            if name in CLASS_LABELS:
                found[quad.subject].add(name)  # type: ignore[index]
    return found


# -- one cell ---------------------------------------------------------------------------
def _typed_cell(kind: str, literal: ox.Literal) -> Any:
    """The cell value that imports back to exactly ``literal``, or None if there is none."""
    datatype = literal.datatype.value
    # The Oxigraph store keeps xsd:positiveInteger values as xsd:integer, so a priority
    # read from a model is xsd:integer; the column takes it and import writes the contract
    # type, which the store reads back as the same xsd:integer.
    allowed = (DATATYPES[kind], XSD + "integer") if kind == "posint" else (DATATYPES[kind],)
    if datatype not in allowed or literal.language:
        return None
    lexical = literal.value
    candidates: list[Any] = []
    if kind == "date" and re.match(r"^\d{4}-\d{2}-\d{2}$", lexical):
        try:
            day = dt.date.fromisoformat(lexical)
            if day.year >= 1901:
                candidates.append(day)
        except ValueError:
            pass
    if kind in ("decimal", "posint", "gyear") and re.match(r"^-?\d{1,15}$", lexical):
        candidates.append(int(lexical))
    if kind == "decimal" and re.match(r"^-?\d{1,15}\.\d{1,15}$", lexical):
        candidates.append(float(lexical))
    candidates.append(lexical)
    for candidate in candidates:
        try:
            if _PARSERS[kind](candidate) == lexical:
                return candidate
        except CellValueError:
            continue
    return None


class _Builder:
    def __init__(self, model: Model, base: str, lang: str, only: set[Term] | None = None) -> None:
        self.base = base
        self.lang = lang
        everything = data_triples(model)
        #: With ``only``: resources of the model left out of the export, which the importer
        #: finds in the project's data, so references to them are written as short ids.
        self.known: set[Term] = set()
        if only is not None:
            self.known = {t.subject for t in everything} - only  # type: ignore[assignment]
            everything = [t for t in everything if t.subject in only]
        self.triples = everything
        self.subjects = {t.subject for t in self.triples}
        self.kinds = _kinds(model)
        self.placed: set[Term] = set()  # subjects that got a row on a contract sheet
        self.by_plan = only is not None

    def ref_text(self, term: Term) -> str:
        """An id the importer resolves to ``term`` without an unknown-id error."""
        text = term_to_id(term, self.base)
        if is_explicit(text) or term in self.subjects or term in self.known:
            return text
        return f"<{term.value}>" if not re.match(r"^(https?://|urn:)", term.value) else term.value

    def cell(self, sheet: Sheet, col: Column, obj: Any) -> Any:
        """The cell value for ``obj`` in ``col``, or None if the column cannot hold it."""
        if col.kind == "lang":
            ok = isinstance(obj, ox.Literal) and obj.language == col.lang and obj.value.strip()
            return obj.value if ok else None
        if col.kind == "string":
            ok = isinstance(obj, ox.Literal) and obj.datatype.value == _XSD_STRING  # type: ignore[assignment]
            return obj.value if ok and obj.value.strip() else None
        if col.kind in _PARSERS:
            return _typed_cell(col.kind, obj) if isinstance(obj, ox.Literal) else None
        if not isinstance(obj, (ox.NamedNode, ox.BlankNode)):
            return None
        if col.kind == "status":
            name = obj.value[len(KKT) :] if obj.value.startswith(KKT) else ""
            return status_label(name, self.lang) if name in STATUS_LABELS else None
        if col.kind == "classes":
            if isinstance(obj, ox.BlankNode):
                return None
            if obj.value.startswith(KKT):
                name = obj.value[len(KKT) :]
                ok = name in CLASS_LABELS and name in sheet.classes  # type: ignore[assignment]
                return class_label(name, self.lang) if ok else None
            text = compact_name(obj.value)
        else:
            text = self.ref_text(obj)
        return None if ";" in text else text

    def other_row(self, t: ox.Triple) -> list[Any]:
        obj = t.object
        subject = term_to_id(t.subject, self.base)  # type: ignore[arg-type]
        predicate = compact_name(t.predicate.value)
        if isinstance(obj, (ox.NamedNode, ox.BlankNode)):
            return [subject, predicate, self.ref_text(obj), "id"]
        if obj.language:  # type: ignore[union-attr]
            return [subject, predicate, obj.value or None, f"@{obj.language}"]  # type: ignore[union-attr]
        if obj.datatype.value == _XSD_STRING and obj.value.strip():  # type: ignore[union-attr]
            return [subject, predicate, obj.value, None]  # type: ignore[union-attr]
        return [subject, predicate, obj.value or None, compact_name(obj.datatype.value)]  # type: ignore[union-attr]

    def rows(
        self, sheets: tuple[Sheet, ...], single: Sheet | None = None
    ) -> tuple[Rows, list[ox.Triple]]:
        """Rows per sheet key, and the triples no sheet column holds."""
        by_subject: dict[Term, list[ox.Triple]] = defaultdict(list)
        for t in self.triples:
            by_subject[t.subject].append(t)  # type: ignore[index]
        rows: Rows = defaultdict(list)
        rest: list[ox.Triple] = []
        for subject, triples in by_subject.items():
            kind = next((k for k in KINDS if k in self.kinds.get(subject, ())), None)
            sheet = sheet_for_class(kind) if kind else None
            if sheet is None or sheet not in sheets:
                rest.extend(triples)
                continue
            target = single or sheet
            cells: dict[str, list[Any]] = defaultdict(list)
            left: list[ox.Triple] = []
            for t in triples:
                col = self._column(sheet, target, t, cells)
                if col is None:
                    left.append(t)
            if not cells.get("class"):
                rest.extend(triples)
                continue
            rest.extend(left)
            self.placed.add(subject)
            row = [term_to_id(subject, self.base)]
            for col in target.columns[1:]:
                values = cells.get(col.key, [])
                if col.multi:
                    row.append("; ".join(sorted(values)) if values else None)  # type: ignore[arg-type]
                else:
                    row.append(values[0] if values else None)  # type: ignore[arg-type]
            rows[target.key].append(row)
        for key in rows:
            rows[key].sort(key=lambda r: (str(r[0]).casefold(), str(r[0])))
        if self.by_plan:  # one plan owner's rows: grouped by the plan they are part of
            for key, sheet_rows in rows.items():
                col = next(  # type: ignore[assignment]
                    (i for i, c in enumerate((single or _SHEET[key]).columns) if c.key == "partOf"),
                    None,
                )
                if col is not None:
                    sheet_rows.sort(key=lambda r, i=col: _natural(str(r[i] or r[0])))  # type: ignore[misc]
        return rows, rest

    def _column(
        self, sheet: Sheet, target: Sheet, t: ox.Triple, cells: dict[str, list[Any]]
    ) -> Column | None:
        for col in target.columns[1:]:
            if col.prop != t.predicate.value or (cells.get(col.key) and not col.multi):
                continue
            if sheet.column(col.key) is None:
                continue
            value = self.cell(sheet, col, t.object)
            if value is not None:
                cells[col.key].append(value)
                return col
        return None


_SHEET = {s.key: s for s in SHEETS}


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text))


def owner_scope(
    model: Model, administration: str | None, plan: str | None, lang: str = "en"
) -> set[Term] | None:
    """The resources of one administration's local plans (or of one plan), or None = all.

    A plan, everything ``kkt:partOf`` it and the status entries about its initiatives
    (:func:`kktrace.findings.scope.in_plan`); an administration's plans are those it owns.
    """
    if administration is None and plan is None:
        return None
    from kktrace.facts import Facts
    from kktrace.findings.scope import in_plan, pick_administration, pick_plan

    plans: list[str] = []
    if plan is not None:
        plans.append(pick_plan(model, plan, lang))
    if administration is not None:
        admin = pick_administration(model, administration, lang)
        facts = Facts(model)
        owned = [
            p for p in model.nodes_of_kind("LocalActionPlan") if facts.administration_of(p) == admin
        ]
        plans = [p for p in plans if p in owned] if plan is not None else owned
    inside: set[str] = set()
    for p in plans:
        inside |= in_plan(model, p)
    return {ox.NamedNode(i) for i in inside if not i.startswith("_:")}


def workbook_rows(
    model: Model, base: str = DEFAULT_BASE, lang: str = "da", only: set[Term] | None = None
) -> Rows:
    """The rows of every sheet (incl. "Øvrige") for exporting ``model`` to XLSX."""
    builder = _Builder(model, base, lang, only)
    rows, rest = builder.rows(SHEETS)
    other = sorted((builder.other_row(t) for t in rest), key=lambda r: [str(v) for v in r])
    rows[OTHER.key] = other
    return dict(rows)


def export_xlsx(
    model: Model, base: str = DEFAULT_BASE, lang: str = "da", only: set[Term] | None = None
) -> bytes:
    """The model as a workbook in the template layout (import gives the same triples).

    With ``only`` (one plan owner's resources, see :func:`owner_scope`): those rows, grouped
    by plan, references to the rest of the model as short ids, with an autofilter.
    """
    from kktrace.spreadsheet.template import write_workbook

    rows = workbook_rows(model, base, lang, only)
    return write_workbook(lang, rows, data=model if only is not None else None, autofilter=True)


def export_csv(
    model: Model, base: str = DEFAULT_BASE, lang: str = "da", only: set[Term] | None = None
) -> str:
    """Every resource of the contract sheets as one ``;``-separated table (UTF-8 with BOM).

    The columns are those of every sheet; triples no column holds (the "Øvrige" sheet of
    the XLSX export) are left out: use XLSX for a lossless round trip.
    """
    union = csv_sheet("csv")
    builder = _Builder(model, base, lang, only)
    builder.rows(SHEETS, single=union)
    # Only resources with a row are defined in a CSV file; refer to the others by full IRI.
    builder.subjects = builder.placed  # type: ignore[assignment]
    rows, _ = builder.rows(SHEETS, single=union)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header(lang) for c in union.columns])
    merged = rows.get("csv", [])
    if only is None:
        merged = sorted(merged, key=lambda r: (str(r[0]).casefold(), str(r[0])))
    for row in merged:
        writer.writerow(
            [_csv_text(v, col, lang) for v, col in zip(row, union.columns, strict=True)]
        )
    return "\ufeff" + out.getvalue()


def _csv_text(value: Any, col: Column, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = neutralise_formula(str(value))
    if col.kind == "decimal" and lang == "da" and "." in text:
        comma = text.replace(".", ",")
        try:
            if parse_decimal(comma) == parse_decimal(text):
                return comma
        except CellValueError:
            pass
    return text


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def export_jsonld(model: Model, base: str = DEFAULT_BASE) -> str:
    """The data as JSON-LD with a context of the contract prefixes (sorted, indented)."""
    import rdflib

    def term(t: Any) -> Any:
        # Build the terms directly: rdflib's N-Triples parser would give blank nodes fresh
        # random ids, and the export would differ on every run.
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if t.datatype.value == XSD_STRING:
            return rdflib.Literal(t.value)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))

    graph = rdflib.Graph()
    for t in data_triples(model):
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    context = {"kk": base, **PREFIXES}
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(text)
    if isinstance(doc.get("@graph"), list):
        doc["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True, ensure_ascii=False))
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _plain_graph(model: Model) -> Any:
    """The NetworkX projection with only string/number attributes (GraphML/GEXF need that)."""
    import networkx as nx

    source = model.graph
    graph = nx.MultiDiGraph()
    for node, data in source.nodes(data=True):
        graph.add_node(node, **_plain(data, node))
    for u, v, key, data in source.edges(keys=True, data=True):
        graph.add_edge(u, v, key=key, property=key, **_plain(data, u))
    return graph


#: Characters XML 1.0 cannot hold (GraphML and GEXF are XML).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _plain(data: dict[str, Any], node: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in sorted(data.items()):
        if value is None:
            continue
        if isinstance(value, (list, tuple, set)):
            value = ";".join(sorted(str(v) for v in value))
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and _NOT_XML.search(value):
            from kktrace.errors import UsageError

            raise UsageError(
                f"<{node}> {name}: the value holds control characters that GraphML/GEXF "
                "(XML) cannot store — remove them from the data"
            )
        out[name] = value
    return out


def export_graphml(model: Model) -> str:
    """The NetworkX projection as GraphML (for yEd, Gephi)."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(_plain_graph(model))) + "\n"


def export_gexf(model: Model) -> str:
    """The NetworkX projection as GEXF (for Gephi)."""
    import networkx as nx

    text = "\n".join(nx.generate_gexf(_plain_graph(model)))
    # networkx stamps today's date into <meta lastmodifieddate>; pin it for equal bytes.
    text = re.sub(r'lastmodifieddate="[^"]*"', 'lastmodifieddate="2010-01-01"', text)
    return text + "\n"


def export(
    model: Model,
    fmt: str,
    base: str = DEFAULT_BASE,
    lang: str = "da",
    administration: str | None = None,
    plan: str | None = None,
) -> bytes | str:
    """The model in ``fmt`` (one of :data:`FORMATS`): bytes for xlsx, text otherwise.

    ``administration`` / ``plan`` (xlsx and csv) keep only that plan owner's local plans
    and what is part of them.
    """
    only = owner_scope(model, administration, plan, lang)
    if only is not None and fmt not in ("xlsx", "csv"):
        from kktrace.errors import UsageError

        raise UsageError(
            "--administration og --plan virker med --format xlsx eller csv"
            if lang == "da"
            else "--administration and --plan work with --format xlsx or csv"
        )
    if fmt == "xlsx":
        return export_xlsx(model, base, lang, only)
    if fmt == "csv":
        return export_csv(model, base, lang, only)
    if fmt == "jsonld":
        return export_jsonld(model, base)
    if fmt == "graphml":
        return export_graphml(model)
    if fmt == "gexf":
        return export_gexf(model)
    from kktrace.errors import UsageError

    raise UsageError(f"unknown export format '{fmt}' — use one of {', '.join(FORMATS)}")
