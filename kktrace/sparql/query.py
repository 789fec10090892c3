"""SPARQL for architects: the named query library, safe parameters and result formats.

A named query is a ``.rq`` file in ``ontology/queries/`` whose leading comment lines are a
header::

    # title@da: Initiativer uden understøttelse
    # title@en: Orphan initiatives
    # description@da: Initiativer uden nogen kkt:supports-forbindelse.
    # description@en: Initiatives with no kkt:supports link at all.
    # param: unit (iri, optional) — the responsible org unit, e.g. kk:BUF

Parameters are bound as RDF terms — through Oxigraph substitutions locally and a ``VALUES``
block of N-Triples-escaped terms against a remote endpoint — never by splicing text into
the query. A value becomes an IRI when it is ``<…>``, ``prefix:local`` with a known prefix
(the predeclared ones and the query's own ``PREFIX`` lines) or starts with ``http://``,
``https://`` or ``urn:``; ``prefix:local`` with an unknown prefix is refused rather than
guessed; otherwise it is a literal (``"text"@da`` and ``"2012"^^xsd:gYear`` are understood). A parameter whose header gives
an XSD datatype (``param: year (xsd:gYear)``) types a bare value with it.

Results are formatted as an aligned table, or in the standard SPARQL 1.1 result formats
(JSON, XML, CSV, TSV); CONSTRUCT and DESCRIBE results as Turtle or N-Triples.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from kktrace.errors import ParseError, UsageError
from kktrace.model.namespaces import PREFIXES, XSD
from kktrace.model.resources import queries_dir
from kktrace.rules.header import header_fields

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = tuple[Term | None, ...]

#: Output formats of ``kktrace query`` for SELECT/ASK, and for CONSTRUCT/DESCRIBE.
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "ttl": "turtle", "nt": "ntriples"}

XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# -- the named query library ------------------------------------------------------------
@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a named query."""

    name: str
    kind: str = "any"  # "iri", "literal", "any" or an XSD datatype such as "xsd:gYear"
    optional: bool = False
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file of the library with its header."""

    name: str
    path: Path
    text: str
    title: Mapping[str, str] = field(default_factory=dict)
    description: Mapping[str, str] = field(default_factory=dict)
    parameters: tuple[Parameter, ...] = ()

    def title_in(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.get("en") or self.title.get("da") or self.name

    def description_in(self, lang: str = "en") -> str:
        return self.description.get(lang) or self.description.get("en") or ""

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": dict(self.title),
            "description": dict(self.description),
            "parameters": [p.__dict__ for p in self.parameters],
            "text": self.text,
        }


_PARAM = re.compile(
    r"^\??(?P<name>[A-Za-z_][\w]*)\s*(?:\((?P<spec>[^)]*)\))?\s*(?:[—–:-]+\s*(?P<desc>.*))?$"
)


def parse_header(
    text: str, path: Path
) -> tuple[dict[str, str], dict[str, str], tuple[Parameter, ...]]:
    """Title and description per language and the parameters from a query's comment header.

    The header is read by :func:`kktrace.rules.header.header_fields` (the same reading as
    the rules': ``#   …`` indented by two or more spaces continues a field).
    """
    title: dict[str, str] = {}
    description: dict[str, str] = {}
    params: list[Parameter] = []
    for key, value, number in header_fields(text):
        name, _, lang = key.partition("@")
        if name == "title" and lang:
            title[lang] = value
        elif name == "description" and lang:
            description[lang] = value
        elif name == "param":
            params.append(_parse_param(value, path, number))
    return title, description, tuple(params)


def _parse_param(spec: str, path: Path, line: int) -> Parameter:
    match = _PARAM.match(spec)
    if not match:
        raise ParseError(
            path,
            f"cannot read parameter declaration '{spec}'",
            line,
            1,
            "write '# param: name (iri|literal|xsd:type, optional) — what it is'",
        )
    kind, optional = "any", False
    for word in (w.strip() for w in (match.group("spec") or "").split(",")):
        if word == "optional":
            optional = True
        elif word:
            kind = word
    return Parameter(match.group("name"), kind, optional, (match.group("desc") or "").strip())


def load_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file (name = file name without ``.rq``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        from kktrace.errors import InputFileError

        raise InputFileError(
            f"{path}: cannot be read ({exc.strerror or exc}) — check the file"
        ) from None
    except UnicodeDecodeError as exc:
        raise ParseError(
            path, f"not UTF-8 (byte {exc.start})", hint="save the query as UTF-8"
        ) from None
    title, description, params = parse_header(text, path)
    return NamedQuery(path.stem, path, text, title, description, params)


def load_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries of a folder (default: the bundled library), sorted by name."""
    folder = folder or queries_dir()
    return {p.stem: load_query_file(p) for p in sorted(folder.glob("*.rq"))}


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query ``name``; :class:`UsageError` listing the names if there is none."""
    queries = load_queries(folder)
    if name not in queries:
        raise UsageError(
            f"no named query '{name}' — choose one of: {', '.join(queries) or '(none)'} "
            "(see kktrace query --list)"
        )
    return queries[name]


# -- parameters ----------------------------------------------------------------------
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)
_PNAME = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s<>\"{}|^`\\]*)$")
_TYPED = re.compile(
    r'^"(?P<v>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<dt>\S+))?$'
)


def query_prefixes(text: str) -> dict[str, str]:
    """The predeclared :data:`PREFIXES` plus the ``PREFIX`` declarations of ``text``."""
    found = dict(PREFIXES)
    found.update({p or "": iri for p, iri in _PREFIX_DECL.findall(text)})
    return found


def _iri(text: str, prefixes: Mapping[str, str]) -> ox.NamedNode | None:
    """The IRI ``text`` denotes, or None when it does not look like one.

    Raises :class:`UsageError` when it looks like an IRI but is not a valid one.
    """
    try:
        if text.startswith("<") and text.endswith(">"):
            return ox.NamedNode(text[1:-1])
        if re.match(r"^(https?|urn):\S+$", text):
            return ox.NamedNode(text)
        match = _PNAME.match(text)
        if match and (match.group(1) or "") in prefixes:
            return ox.NamedNode(prefixes[match.group(1) or ""] + match.group(2))
    except ValueError as exc:
        raise UsageError(
            f"'{text}' is not a valid IRI ({exc}) — write it without spaces, "
            "e.g. <https://example.org/x>"
        ) from None
    return None


_TZ = r"(Z|[+-]\d\d:\d\d)?"
_YEAR = r"-?([1-9]\d{3,}|0\d{3})"
_INT = r"[+-]?\d+"
#: Lexical forms (XML Schema 1.1 Part 2) of the datatypes a parameter is likely to declare.
_LEXICAL = {
    "gYear": _YEAR + _TZ,
    "gYearMonth": _YEAR + r"-(0[1-9]|1[0-2])" + _TZ,
    "gMonth": r"--(0[1-9]|1[0-2])" + _TZ,
    "gDay": r"---(0[1-9]|[12]\d|3[01])" + _TZ,
    "gMonthDay": r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])" + _TZ,
    "date": _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])" + _TZ,
    "dateTime": _YEAR
    + r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-4]):[0-5]\d:[0-5]\d(\.\d+)?"
    + _TZ,
    "integer": _INT,
    "int": _INT,
    "long": _INT,
    "short": _INT,
    "positiveInteger": r"\+?0*[1-9]\d*",
    "nonNegativeInteger": r"(\+?\d+|-0+)",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "double": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN",
    "float": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN",
    "boolean": r"true|false|1|0",
}
_EXAMPLES = {"gYear": "2012", "gYearMonth": "2012-06", "date": "2012-06-30", "integer": "3"}


def parse_value(
    text: str, kind: str = "any", prefixes: Mapping[str, str] = PREFIXES
) -> ox.NamedNode | ox.Literal:
    """The RDF term a ``--param`` value denotes (see the module docstring).

    >>> parse_value("kkt:Completed")
    <NamedNode value=https://w3id.org/kktrace/def#Completed>
    >>> parse_value('x" } ; DROP ALL ; #')
    <Literal value=x" } ; DROP ALL ; # datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    >>> parse_value("2012", "xsd:gYear").datatype.value
    'http://www.w3.org/2001/XMLSchema#gYear'
    """
    try:
        if kind != "literal":
            iri = _iri(text, prefixes)
            if iri is not None:
                return iri
            if kind == "iri":
                raise UsageError(
                    f"'{text}' is not an IRI — give <http://…>, http(s)://… or prefix:local "
                    f"with a known prefix ({', '.join(sorted(p for p in prefixes if p))})"
                )
        pname = _PNAME.match(text)
        if pname and kind == "any" and re.match(r"^[A-Za-z]", text):
            # Probably meant as an IRI with a prefix nobody declared: say so, don't guess.
            raise UsageError(
                f"'{text}': unknown prefix '{pname.group(1)}:' — declare it with PREFIX in the "
                f'query, write the full IRI <…>, or quote the value ("{text}") for a literal'
            )
        match = _TYPED.match(text)
        if match:
            value = json.loads(f'"{match.group("v")}"')
            if match.group("lang"):
                return ox.Literal(value, language=match.group("lang"))
            if match.group("dt"):
                datatype = _iri(match.group("dt"), prefixes)
                if datatype is None:
                    raise UsageError(f"unknown datatype '{match.group('dt')}' in '{text}'")
                return _typed(value, datatype)
            return ox.Literal(value)
        if kind not in {"any", "literal", "iri"}:
            datatype = _iri(kind, prefixes)
            if datatype is None:
                raise UsageError(f"unknown parameter type '{kind}' — use iri, literal or xsd:…")
            return _typed(text, datatype)
        return ox.Literal(text)
    except (ValueError, json.JSONDecodeError) as exc:
        raise UsageError(f"parameter value '{text}' is not a valid RDF term ({exc})") from None


def _typed(text: str, datatype: ox.NamedNode) -> ox.Literal:
    """A typed literal; refused when an XSD datatype's lexical form does not fit."""
    local = datatype.value.removeprefix(XSD)
    pattern = _LEXICAL.get(local) if datatype.value.startswith(XSD) else None
    if pattern and not re.fullmatch(pattern, text):
        raise UsageError(
            f"'{text}' is not a valid xsd:{local} value — write it like "
            f"{_EXAMPLES.get(local, 'the XML Schema lexical form')}"
        )
    return ox.Literal(text, datatype=datatype)


def parse_params(
    items: Sequence[str],
    query: NamedQuery | None = None,
    text: str = "",
    codes: Callable[[str], str | None] | None = None,
) -> dict[str, ox.NamedNode | ox.Literal]:
    """``["name=VALUE", …]`` → variable name → RDF term, typed by the query's declarations.

    For a named query, unknown parameter names are refused and missing required ones
    reported, so a typo does not silently return every row. ``codes`` looks up a code as
    people write it (``BUF-2011-01``, ``skos:notation``) for a parameter declared as an IRI.
    """
    prefixes = query_prefixes(query.text if query else text)
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.match(r"^[A-Za-z_]\w*$", name):
            raise UsageError(f"--param '{item}': write --param NAME=VALUE")
        kind = "any"
        if query is not None:
            declared = query.parameter(name)
            if declared is None:
                names = ", ".join(p.name for p in query.parameters) or "none"
                raise UsageError(
                    f"query '{query.name}' has no parameter '{name}' (it has: {names})"
                )
            kind = declared.kind
        if name in bindings:
            raise UsageError(f"--param {name} given twice — give each parameter once")
        coded = codes(value) if codes and kind == "iri" and _iri(value, prefixes) is None else None
        if codes and kind == "iri" and coded is None and _iri(value, prefixes) is None:
            raise UsageError(
                f"--param {name}={value}: not an IRI, nor the code of one element in the "
                "data — give a code as printed in the report (e.g. BUF-2011-01), "
                "prefix:local or <http://…>"
            )
        bindings[name] = ox.NamedNode(coded) if coded else parse_value(value, kind, prefixes)
    if query is not None:
        missing = [p.name for p in query.parameters if not p.optional and p.name not in bindings]
        if missing:
            raise UsageError(
                f"query '{query.name}' needs --param {missing[0]}=VALUE "
                f"({query.parameter(missing[0]).description or 'see kktrace query --list'})"  # type: ignore[union-attr]
            )
    return bindings


# -- syntax checks and VALUES binding for remote endpoints -----------------------------------
_ERROR_AT = re.compile(r"error at (\d+):(\d+)")


def check_syntax(text: str, source: str = "<query>") -> str:
    """The query's kind (``select``, ``ask`` or ``graph``); :class:`ParseError` with line
    and column if ``text`` is not valid SPARQL 1.1."""
    from kktrace.sparql.guard import check_query

    checked = check_query(text, source)  # refuses SERVICE and updates before Oxigraph runs
    try:
        # Evaluating on an empty store parses the query and costs next to nothing.
        result = ox.Store().query(checked.text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise syntax_error(exc, source, text) from None
    del result
    return checked.kind


#: The first keyword of a SPARQL Update request, after comments and the prologue.
_UPDATE = re.compile(
    r"(?:\s+|#[^\n]*|(?:PREFIX\s*[\w.-]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>))*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


def syntax_error(exc: SyntaxError, source: str, text: str = "") -> ParseError:
    """A :class:`ParseError` with the line and column Oxigraph reports in its message
    (or, when ``text`` is a SPARQL Update request, that updates are never run)."""
    update = _UPDATE.match(text)
    if update:
        return ParseError(
            source,
            f"SPARQL syntax error: {update.group(1).upper()} is SPARQL Update, and kktrace "
            "only reads (the model is never changed)",
            hint="ask with SELECT, ASK, CONSTRUCT or DESCRIBE",
        )
    message = exc.msg or str(exc)
    match = _ERROR_AT.search(message)
    detail = _ERROR_AT.sub("", message).strip(" :") or "invalid query"
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    return ParseError(
        source,
        f"SPARQL syntax error: {detail}",
        line,
        column,
        "fix the query at that place and run again",
    )


_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


def _where_brace(text: str) -> int:
    """Index of the ``{`` that opens the query's top-level WHERE group."""
    depth, i, seen_where = 0, 0, False
    keyword_re = re.compile(r"[?$]?[A-Za-z_][\w:.-]*")
    first_brace_at_zero: list[int] = []
    while i < len(text):
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < len(text) and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "<":
            match = _IRIREF.match(text, i)
            if match:
                i = match.end()
                continue
        if ch == "{":
            if depth == 0:
                if seen_where:
                    return i
                first_brace_at_zero.append(i)
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and (ch.isalpha() or ch in "_?$"):
            word = keyword_re.match(text, i)
            if word is None:  # a lone ? or $
                i += 1
                continue
            if word.group(0).upper() == "WHERE":
                seen_where = True
            i = word.end()
            continue
        i += 1
    # SELECT/ASK without the WHERE keyword: the first top-level group is the WHERE group.
    head = text[: first_brace_at_zero[0]] if first_brace_at_zero else ""
    if first_brace_at_zero and not re.search(r"\bCONSTRUCT\b", _strip_comments(head), re.I):
        return first_brace_at_zero[0]
    raise UsageError("cannot bind parameters: the query has no WHERE { … } group")


def _strip_comments(text: str) -> str:
    return re.sub(r"#[^\n]*", "", text)


def with_values(text: str, bindings: Mapping[str, Term]) -> str:
    """``text`` with a ``VALUES`` block binding ``bindings`` as the first thing in WHERE.

    For endpoints that take no substitutions. The terms are written in N-Triples syntax by
    Oxigraph (``str(term)``), which escapes them, so a value cannot change the query.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    block = "VALUES ({}) {{ ({}) }}".format(
        " ".join(f"?{n}" for n in names), " ".join(str(bindings[n]) for n in names)
    )
    at = _where_brace(text) + 1
    return f"{text[:at]} {block}\n{text[at:]}"


# -- running -------------------------------------------------------------------------
@dataclass
class Result:
    """The outcome of a query: SELECT rows, an ASK boolean or CONSTRUCT/DESCRIBE triples."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool = False
    triples: list[ox.Triple] = field(default_factory=list)


def collect(result: Any) -> Result:
    """Turn an Oxigraph query result into a :class:`Result` (reads it completely)."""
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return Result("select", names, [tuple(row[n] for n in names) for row in result])
    if isinstance(result, ox.QueryBoolean):
        return Result("ask", boolean=bool(result))
    return Result("graph", triples=list(result))


def run_local(
    model: Any,
    text: str,
    bindings: Mapping[str, Term] | None = None,
    source: str = "<query>",
    *,
    data_only: bool = False,
) -> Result:
    """Run ``text`` on a :class:`~kktrace.model.store.Model` with engine substitutions.

    The text passes :func:`~kktrace.sparql.guard.check_query` first (no ``SERVICE``, no
    update); its ``FROM`` / ``FROM NAMED`` are honoured. ``data_only``: see
    :meth:`~kktrace.model.store.Model.query` (no ontology, no inferred types).
    """
    from kktrace.sparql.guard import check_query

    checked = check_query(text, source)
    try:
        return collect(model.query(checked, bindings or None, data_only=data_only))
    except SyntaxError as exc:
        raise syntax_error(exc, source, text) from None
    except RuntimeError as exc:
        raise binding_error(exc, source) from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{source}: the query failed: {exc}") from None


def binding_error(exc: Exception, source: str) -> UsageError:
    """The engine's refusal to bind a parameter, as advice (Oxigraph binds only variables
    that the SELECT clause projects)."""
    match = re.search(r"variable (\?\w+)", str(exc))
    if match:
        return UsageError(
            f"{source}: parameter {match.group(1)} is not in the SELECT clause — add it there "
            "(or use SELECT *) so that it can be bound"
        )
    return UsageError(f"{source}: the query failed: {exc}")


# -- formatting ----------------------------------------------------------------------
def shorten(term: Term | None, prefixes: Mapping[str, str]) -> str:
    """A compact, readable form of a term for tables: ``kkt:Completed``, ``2012``, ``_:b0``
    (a literal shows its value only: the table is for reading, the other formats are exact)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max(
            ((p, iri) for p, iri in prefixes.items() if p and term.value.startswith(iri)),
            key=lambda item: len(item[1]),
            default=None,
        )
        if best and re.match(r"^[\w.-]*$", term.value[len(best[1]) :]):
            return f"{best[0]}:{term.value[len(best[1]) :]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def to_table(variables: Sequence[str], rows: Iterable[Row], prefixes: Mapping[str, str]) -> str:
    """An aligned text table, one line per row, with a row count."""
    cells = [[shorten(t, prefixes).replace("\n", " ") for t in row] for row in rows]
    widths = [
        min(60, max([len(v) + 1, *(len(r[i]) for r in cells)])) for i, v in enumerate(variables)
    ]
    lines = ["  ".join(f"?{v}".ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def term_json(term: Term) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def to_json(variables: Sequence[str], rows: Iterable[Row]) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    bindings = [
        {v: term_json(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    return (
        json.dumps(
            {"head": {"vars": list(variables)}, "results": {"bindings": bindings}},
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )


#: Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    if _NOT_XML.search(value):
        raise UsageError(
            f"the value {value[:40]!r} holds control characters that XML cannot hold — "
            "ask for the results as JSON (or CSV/TSV) instead"
        )
    return xml_escape(value)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return (
            f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        )
    return f"<literal>{_xml_text(term.value)}</literal>"


def to_xml(variables: Sequence[str], rows: Iterable[Row]) -> str:
    """SPARQL Query Results XML Format."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
    ]
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out += ["</head>", "<results>"]
    for row in rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v, t in zip(variables, row, strict=True)
            if t is not None
        ]
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def to_csv(variables: Sequence[str], rows: Iterable[Row]) -> str:
    """SPARQL 1.1 CSV results: plain values, CRLF line ends (lossy by design of the format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(
            [
                "" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value)
                for t in row
            ]
        )
    return buffer.getvalue()


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    # N-Triples syntax from Oxigraph; TSV additionally forbids raw tabs and newlines.
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def to_tsv(variables: Sequence[str], rows: Iterable[Row]) -> str:
    """SPARQL 1.1 TSV results: terms in Turtle/N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def boolean_as(value: bool, fmt: str) -> str:
    """An ASK result in ``fmt``."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/'
            f'sparql-results#">\n<head/>\n<boolean>{str(value).lower()}</boolean>\n</sparql>\n'
        )
    if fmt == "csv":
        return f"_askResult\r\n{str(value).lower()}\r\n"
    if fmt == "tsv":
        return f"?_askResult\n{str(value).lower()}\n"
    return f"{str(value).lower()}\n"


def triples_as(triples: Iterable[ox.Triple], fmt: str, prefixes: Mapping[str, str]) -> bytes:
    """CONSTRUCT/DESCRIBE results as Turtle (with prefixes) or N-Triples."""
    if fmt == "ntriples":
        return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    used = {p: iri for p, iri in prefixes.items() if p}
    return ox.serialize(list(triples), format=ox.RdfFormat.TURTLE, prefixes=used) or b""


def format_result(result: Result, fmt: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A :class:`Result` as text in ``fmt`` (table/csv/tsv/json/xml; turtle/nt for graphs)."""
    if result.kind == "ask":
        return boolean_as(result.boolean, fmt)
    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise UsageError(
                f"a CONSTRUCT/DESCRIBE result cannot be written as {fmt} — use "
                "--format turtle or nt"
            )
        return triples_as(result.triples, GRAPH_FORMATS[fmt], prefixes).decode("utf-8")
    writers = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
    if fmt == "table":
        return to_table(result.variables, result.rows, prefixes)
    if fmt not in writers:
        raise UsageError(
            f"a SELECT result cannot be written as {fmt} — use one of {', '.join(SELECT_FORMATS)}"
        )
    return writers[fmt](result.variables, result.rows)


def iter_rows(solutions: ox.QuerySolutions) -> Iterator[Row]:
    """The rows of a SELECT result as tuples in the order of its variables, lazily."""
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield tuple(solution[n] for n in names)
