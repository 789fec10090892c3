"""Importing a plan owner's workbook (XLSX) or CSV file into contract-vocabulary triples.

:func:`import_file` reads the file (see :mod:`.reading`), turns every row into triples
and checks every cell; it collects **all** problems and raises one
:class:`~kktrace.spreadsheet.errors.SpreadsheetError` listing them, or returns the
triples. Nothing is written here; :func:`to_turtle` gives the sorted Turtle text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kktrace.errors import InputFileError
from kktrace.model.namespaces import KKT, PREFIXES, RDF, SKOS
from kktrace.spreadsheet.iris import DEFAULT_BASE, expand_name, id_to_term, is_explicit, slug
from kktrace.spreadsheet.layout import (
    CLASS_LABELS,
    DATATYPES,
    OTHER,
    STATUS_LABELS,
    Column,
    Sheet,
    class_label,
    sheet_for_class,
    status_label,
)
from kktrace.spreadsheet.messages import message
from kktrace.spreadsheet.reading import (
    BAD,
    Problems,
    RawCell,
    RawSheet,
    is_empty,
    read_csv,
    read_workbook,
)
from kktrace.spreadsheet.references import Candidate, Index
from kktrace.spreadsheet.values import (
    CellValueError,
    parse_date,
    parse_decimal,
    parse_posint,
    parse_year,
    text_of,
)

if TYPE_CHECKING:
    from kktrace.model.store import Model

Term = ox.NamedNode | ox.BlankNode

_CLASS_LOOKUP: dict[str, str] = {}
for _name, (_da, _en) in CLASS_LABELS.items():
    for _alias in (_name, _da, _en, f"kkt:{_name}", KKT + _name):
        _CLASS_LOOKUP.setdefault(_alias.casefold(), _name)
# The class kkt:Forum was labelled after its one instance until 2026-11; old sheets still import.
_CLASS_LOOKUP.setdefault("it-chefforum", "Forum")
_CLASS_LOOKUP.setdefault("it chiefs' forum", "Forum")
_STATUS_LOOKUP: dict[str, str] = {}
for _name, (_notation, _da, _en) in STATUS_LABELS.items():
    for _alias in (_name, _notation, _da, _en, f"kkt:{_name}", KKT + _name):
        _STATUS_LOOKUP.setdefault(_alias.casefold(), _name)

_PARSERS = {
    "date": parse_date,
    "decimal": parse_decimal,
    "posint": parse_posint,
    "gyear": parse_year,
}
_NOTATION = ox.NamedNode(SKOS + "notation")
#: More rows already in the project's data than this are reported in one warning.
_MANY = 3
_TYPE = ox.NamedNode(RDF + "type")

SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv")


@dataclass
class ImportResult:
    """The triples of an imported file (sorted, no duplicates), its language and warnings."""

    triples: list[ox.Triple]
    lang: str
    rows: int
    warnings: list[str] = field(default_factory=list)


def import_file(
    path: Path | str,
    base: str = DEFAULT_BASE,
    known: Iterable[Term] = (),
    lang: str | None = None,
    data: Model | None = None,
    data_name: str = "",
) -> ImportResult:
    """Read an XLSX workbook or CSV file and return its triples, or raise every error.

    ``data`` is the model the workbook's references may point into (e.g. the common plan
    and the administrations in the project's data); they may be written as ids, codes
    (skos:notation) or an administration's full name, in any case. ``data_name`` is what
    messages say was searched (``"bundled"`` = the bundled data, or a folder name).
    ``known`` are further resources bare ids may refer to. ``lang`` forces the language of
    the messages; by default it is the workbook's.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".numbers"):
        raise InputFileError(message("other_format", lang or "da", file=str(path), kind=suffix))
    if suffix not in SUFFIXES:
        raise InputFileError(
            message("unknown_suffix", lang or "da", file=str(path), kind=suffix or "(—)")
        )
    if not path.is_file():
        raise InputFileError(message("no_file", lang or "da", file=str(path)))
    if suffix == ".ods":
        from kktrace.spreadsheet.ods import read_ods

        reader = read_ods
    else:
        reader = read_csv if suffix == ".csv" else read_workbook
    raws, problems = reader(path, lang)
    index = Index(base, problems.lang)
    if data is not None:
        index.add_model(data)
    extra = list(known)
    index.terms.update(extra)
    searched = _searched(problems.lang, data_name if data is not None or extra else "")
    converter = _Converter(base, problems, index, searched)
    for raw in raws:
        converter.sheet(raw)
    converter.check_refs()
    problems.raise_if_any()
    triples = sorted(converter.resolved(), key=str)
    return ImportResult(
        triples, problems.lang, sum(len(r.rows) for r in raws), problems.warning_lines()
    )


def _searched(lang: str, data_name: str) -> str:
    """What a reference was looked up in, for messages."""
    if not data_name:
        return message("searched_workbook", lang)
    if data_name == "bundled":
        return message("searched_bundled", lang)
    return message("searched_data", lang, name=data_name)


def to_turtle(triples: Iterable[ox.Triple], base: str = DEFAULT_BASE) -> str:
    """Sorted Turtle with the contract prefixes (and ``kk:`` for the base)."""
    # The data's own prefixes: the predeclared ones less the shapes' and OWL's.
    prefixes = {"kk": base, **{k: v for k, v in PREFIXES.items() if k not in {"kkts", "owl"}}}
    # A row without an id is a blank node: name it by its content, so the same workbook
    # gives the same Turtle bytes in every run.
    from kktrace.model.bnodes import canonical_labels

    labelled = [q.triple for q in canonical_labels(ox.Quad(*t) for t in triples)]
    data = ox.serialize(sorted(labelled, key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return data.decode("utf-8")  # type: ignore[union-attr]


class _Converter:
    """Turns raw rows into triples, reporting each bad cell to ``problems``."""

    def __init__(self, base: str, problems: Problems, index: Index, searched: str) -> None:
        self.base = base
        self.problems = problems
        self.lang = problems.lang
        self.index = index
        self.searched = searched
        self.substitute: dict[Term, Term] = {}
        #: what the project's data already describes (before the workbook's rows are added)
        self.data_terms: frozenset[Term] = frozenset(index.shown)
        self.in_data: list[tuple[RawCell, str]] = []
        self.triples: set[ox.Triple] = set()
        self.defined: set[Term] = set()
        self.ids: dict[Term, tuple[str, str]] = {}  # subject → (id text, where)
        self.pending: list[tuple[Term, str, RawCell]] = []

    def error(self, cell: RawCell, code: str, **params: object) -> None:
        self.problems.add(cell.ref, cell.order, code, **params)

    # -- rows -----------------------------------------------------------------------
    def sheet(self, raw: RawSheet) -> None:
        for cells in raw.rows:
            if raw.sheet is OTHER:
                self.other_row(cells)
            else:
                self.entity_row(raw.sheet, cells)

    def entity_row(self, sheet: Sheet, cells: dict[str, RawCell]) -> None:
        subject = self.subject(sheet.columns[0], cells.get("id"))
        out: list[ox.Triple] = []
        for col in sheet.columns[1:]:
            cell = cells.get(col.key)
            if cell is None or is_empty(cell.value) or cell.value is BAD:
                if col.required and not (
                    cell is not None and (cell.hidden_by_merge or cell.value is BAD)
                ):
                    where = cell or cells.get("id")
                    if where is not None and cell is not None:
                        self.error(cell, "required", column=col.header(self.lang))
                continue
            for obj in self.objects(sheet, col, cell):
                out.append(ox.Triple(subject or ox.BlankNode(), ox.NamedNode(col.prop), obj))
        if subject is None:
            return
        self.triples.update(out)
        id_cell = cells["id"]
        id_text = text_of(id_cell.value).strip()
        has_notation = "notation" in cells and not is_empty(cells["notation"].value)
        texts = {
            k: text_of(c.value).strip()
            for k, c in cells.items()
            if c.value is not BAD and not is_empty(c.value)
        }
        self.index.add(
            subject,
            id_text,
            [texts.get("notation", "")],
            [texts.get("label_da", ""), texts.get("label_en", "")],
        )
        if not is_explicit(id_text) and slug(id_text) != id_text and not has_notation:
            self.triples.add(ox.Triple(subject, _NOTATION, ox.Literal(id_text)))

    def subject(self, col: Column, cell: RawCell | None) -> Term | None:
        if cell is None or is_empty(cell.value) or cell.value is BAD:
            if cell is not None and not cell.hidden_by_merge and cell.value is not BAD:
                self.error(cell, "required", column=col.header(self.lang))
            return None
        if self.date_converted(cell):
            return None
        text = text_of(cell.value).strip()
        try:
            term = id_to_term(text, self.base)
        except ValueError:
            self.error(cell, "bad_id", value=text)
            return None
        if col.key == "id":
            if term in self.ids:
                other_text, where = self.ids[term]
                if other_text == text:
                    self.error(cell, "duplicate_id", value=text, other=where)
                else:
                    self.error(cell, "same_iri", value=text, other_value=other_text, other=where)
            else:
                self.ids[term] = (text, cell.ref)
            if term in self.data_terms:
                self.in_data.append((cell, text))
        self.defined.add(term)
        return term

    def objects(
        self, sheet: Sheet, col: Column, cell: RawCell
    ) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        kind, value = col.kind, cell.value
        if (kind == "refs" or col.key == "notation") and self.date_converted(cell):
            return []
        if kind == "lang":
            return [ox.Literal(text_of(value), language=col.lang)]
        if kind == "string":
            return [ox.Literal(text_of(value))]
        if kind in _PARSERS:
            try:
                lexical = _PARSERS[kind](value)
            except CellValueError as exc:
                self.error(cell, exc.code, **exc.params)
                return []
            return [ox.Literal(lexical, datatype=ox.NamedNode(DATATYPES[kind]))]
        if kind == "status":
            return self.status(cell)  # type: ignore[return-value]
        if kind == "classes":
            return self.classes(sheet, cell)  # type: ignore[return-value]
        return [t for part in _parts(value) if (t := self.ref(part, cell)) is not None]

    def status(self, cell: RawCell) -> list[ox.NamedNode]:
        text = text_of(cell.value).strip()
        name = _STATUS_LOOKUP.get(" ".join(text.split()).casefold())
        if name is None:
            allowed = ", ".join(status_label(n, self.lang) for n in STATUS_LABELS)
            self.error(cell, "unknown_status", value=text, allowed=allowed)
            return []
        return [ox.NamedNode(KKT + name)]

    def classes(self, sheet: Sheet, cell: RawCell) -> list[ox.NamedNode]:
        out: list[ox.NamedNode] = []
        for part in _parts(cell.value):
            name = _CLASS_LOOKUP.get(" ".join(part.split()).casefold())
            if name is not None:
                if name in sheet.classes:
                    out.append(ox.NamedNode(KKT + name))
                else:
                    target = sheet_for_class(name)
                    other = target.name(self.lang) if target else "?"
                    self.error(cell, "class_wrong_sheet", value=part, other=other)
                continue
            try:
                iri = expand_name(part)
            except ValueError:
                iri = None
            if iri is None or iri.value.startswith(KKT):
                allowed = ", ".join(class_label(c, self.lang) for c in sheet.classes)
                self.error(cell, "unknown_class", value=part, allowed=allowed)
            else:
                out.append(iri)
        return out

    def date_converted(self, cell: RawCell) -> bool:
        """Report a date in an id, code or link cell: Excel turned a code such as 1.1 into a date."""
        value = cell.value
        if not isinstance(value, (dt.date, dt.datetime)):
            return False
        day = value.date() if isinstance(value, dt.datetime) else value
        typed = f"{day.day}.{day.month}" if self.lang == "da" else f"{day.month}/{day.day}"
        self.error(cell, "date_converted", value=day.isoformat(), typed=typed)
        return True

    def ref(self, text: str, cell: RawCell) -> Term | None:
        try:
            term = id_to_term(text, self.base)
        except ValueError:
            self.error(cell, "bad_id", value=text)
            return None
        if not is_explicit(text):
            self.pending.append((term, text, cell))
        return term

    # -- the sheet of other triples ----------------------------------------------------
    def other_row(self, cells: dict[str, RawCell]) -> None:
        cols = {c.key: c for c in OTHER.columns}
        subject = self.subject(cols["subject"], cells.get("subject"))
        pred_cell = cells.get("predicate")
        predicate = None
        if pred_cell is None or is_empty(pred_cell.value) or pred_cell.value is BAD:
            if (
                pred_cell is not None
                and pred_cell.value is not BAD
                and not pred_cell.hidden_by_merge
            ):
                self.error(pred_cell, "required", column=cols["predicate"].header(self.lang))
        else:
            text = text_of(pred_cell.value).strip()
            try:
                predicate = expand_name(text)
            except ValueError:
                self.error(pred_cell, "bad_predicate", value=text, allowed=", ".join(PREFIXES))
        obj = self.other_object(cells, cols)
        if subject is not None and predicate is not None and obj is not None:
            self.triples.add(ox.Triple(subject, predicate, obj))

    def other_object(
        self, cells: dict[str, RawCell], cols: dict[str, Column]
    ) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        type_cell = cells.get("type")
        obj_cell = cells.get("object")
        type_text = (
            ""
            if type_cell is None or is_empty(type_cell.value)
            else text_of(type_cell.value).strip()
        )
        if type_cell is not None and type_cell.value is BAD:
            return None
        if obj_cell is not None and obj_cell.value is BAD:
            return None
        raw = None if obj_cell is None or obj_cell.value is None else text_of(obj_cell.value)
        if type_text.casefold() == "id" or not type_text:
            if raw is None or not raw.strip():
                if obj_cell is not None and not obj_cell.hidden_by_merge:
                    self.error(obj_cell, "required", column=cols["object"].header(self.lang))
                return None
            if type_text:
                assert obj_cell is not None
                return self.ref(raw.strip(), obj_cell)
            return ox.Literal(raw)
        raw = raw or ""
        assert type_cell is not None
        try:
            if type_text.startswith("@"):
                return ox.Literal(raw, language=type_text[1:])
            return ox.Literal(raw, datatype=expand_name(type_text))
        except ValueError:
            self.error(type_cell, "bad_objtype", value=type_text)
            return None

    # -- after all rows ------------------------------------------------------------------
    def check_refs(self) -> None:
        """Resolve every bare id: exact, else by id, code or name in any case; else report."""
        self.warn_in_data()
        unread = self.problems.unread_ids
        for term, text, cell in self.pending:
            if term in self.defined or term in self.index.terms or term in self.substitute:
                continue
            if " ".join(text.split()).casefold() in unread:
                continue  # defined on a sheet that could not be read: reported there
            found, close, tie = self.index.resolve(text)
            if found is not None:
                self.substitute[term] = found
            elif "," in text:
                self.error(cell, "comma_ref", value=text, fixed="; ".join(_comma_parts(text)))
            elif tie:
                self.error(cell, "ambiguous_ref", value=text, candidates=_show(close))
            elif close:
                self.error(
                    cell,
                    "unknown_ref_close",
                    value=text,
                    searched=self.searched,
                    close=_show(close),
                )
            else:
                self.error(cell, "unknown_ref", value=text, searched=self.searched)

    def warn_in_data(self) -> None:
        """Rows the project's data already holds: one warning each, or one for many (an
        export of the whole data read back)."""
        if len(self.in_data) <= _MANY:
            for cell, text in self.in_data:
                self.problems.warn(cell.ref, cell.order, "already_in_data", value=text)
        else:
            cell, text = self.in_data[0]
            self.problems.warn(
                cell.ref, cell.order, "many_in_data", n=len(self.in_data), value=text
            )

    def resolved(self) -> set[ox.Triple]:
        """The triples with every reference written as a code or name replaced by its id."""
        if not self.substitute:
            return self.triples
        sub = self.substitute
        return {
            ox.Triple(t.subject, t.predicate, sub.get(t.object, t.object))  # type: ignore[arg-type]
            if isinstance(t.object, (ox.NamedNode, ox.BlankNode))
            else t
            for t in self.triples
        }


def _show(candidates: list[Candidate]) -> str:
    return ", ".join(c.show() for c in candidates)


def _comma_parts(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _parts(value: object) -> list[str]:
    return [p.strip() for p in text_of(value).split(";") if p.strip()]
