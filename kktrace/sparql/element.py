"""A page per element for the workbench: what the element is, what it links, where it leads.

Everything shown is read from the model, its facts and the check's findings — the same
answers as the gap report, the status report and the views; nothing is worked out again.

>>> from kktrace import check, load
>>> model = load()
>>> page = element_page(model, check(model), resolve(model, "buf-2011-2012"), "da")
>>> page.kind_labels
['lokal handlingsplan']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kktrace.errors import UsageError
from kktrace.model.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from kktrace.model.trace import chain_in, supporters

if TYPE_CHECKING:
    from kktrace.findings.finding import Report
    from kktrace.model.store import Model

#: Graphs kktrace adds beside the user's data: not shown as the element's own statements.
_DERIVED = frozenset({ONTOLOGY_GRAPH, INFERRED_GRAPH})
_HISTORY = """
SELECT ?s ?year ?status WHERE {
  ?e kkt:about ?s ; kkt:year ?year ; kkt:status ?status .
} ORDER BY ?year"""


@dataclass
class Link:
    """One row of the page: a property and its value, a link when the value is a node."""

    predicate: str
    predicate_label: str
    value: str
    label: str
    is_node: bool


@dataclass
class ElementPage:
    """What the element page shows (see :func:`element_page`)."""

    iri: str
    label: str
    labels: dict[str, str]
    code: str | None
    kinds: list[str]
    kind_labels: list[str]
    properties: list[Link] = field(default_factory=list)
    outgoing: list[Link] = field(default_factory=list)
    incoming: list[Link] = field(default_factory=list)
    chain: list[tuple[str, str]] = field(default_factory=list)
    chain_complete: bool = False
    supporters: list[tuple[str, str]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    history: list[tuple[str, str]] = field(default_factory=list)


def compact(iri: str) -> str:
    """``kkt:supports`` for a known namespace, else the IRI itself."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def find_code(model: Model, code: str) -> list[str]:
    """The IRIs whose ``skos:notation`` is ``code``, compared without case."""
    rows = model.select(
        "SELECT DISTINCT ?s ?code WHERE { ?s skos:notation ?n . FILTER(LCASE(STR(?n)) = ?code) }",
        {"code": ox.Literal(code.strip().lower())},
    )
    return sorted(r["s"].value for r in rows if isinstance(r["s"], ox.NamedNode))


def code_resolver(model: Model) -> Callable[[str], str | None]:
    """For parameters: the one IRI a code names, else None (the caller says what is wrong)."""

    def lookup(code: str) -> str | None:
        found = find_code(model, code)
        return found[0] if len(found) == 1 else None

    return lookup


def resolve(model: Model, ref: str) -> str:
    """The IRI for ``ref``: an IRI, a prefixed name (``kk:BUF-2011-01``) or a code
    (``skos:notation``, any case)."""
    ref = ref.strip()
    if ref.startswith(("http://", "https://", "urn:")):
        return ref
    prefix, colon, rest = ref.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + rest
    found = find_code(model, ref)
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(f"no element with the code or IRI '{ref}' — give an IRI or a code")
    raise UsageError(f"the code '{ref}' names {len(found)} elements — give the IRI")


def element_page(model: Model, report: Report, iri: str, lang: str = "da") -> ElementPage:
    """Collect the element page of ``iri`` (raises UsageError when the model lacks it)."""
    node = ox.NamedNode(iri)
    out = [q for q in model.store.quads_for_pattern(node, None, None) if _own(q)]
    into = [q for q in model.store.quads_for_pattern(None, None, node) if _own(q)]
    if not out and not into:
        raise UsageError(f"'{iri}' is not in the model — give an IRI or a code of the data")
    labels: dict[str, str] = {}
    kinds: set[str] = set()
    page = ElementPage(iri, model.label(iri, lang), labels, None, [], [])
    for q in out:
        p, o = q.predicate.value, q.object
        if p == PREFIXES["rdfs"] + "label" and isinstance(o, ox.Literal):
            labels[o.language or ""] = o.value
        elif p == PREFIXES["skos"] + "notation" and isinstance(o, ox.Literal):
            page.code = o.value
        if p == PREFIXES["rdf"] + "type" and isinstance(o, ox.NamedNode):
            kinds.add(o.value)
            continue
        link = _link(model, p, o, lang)
        (page.outgoing if link.is_node else page.properties).append(link)
    page.kinds = sorted(kinds)
    page.kind_labels = [model.label(k, lang) for k in page.kinds]
    seen = set()
    for q in into:
        if isinstance(q.subject, ox.NamedNode) and (q.subject, q.predicate) not in seen:
            seen.add((q.subject, q.predicate))
            page.incoming.append(_link(model, q.predicate.value, q.subject, lang))
    for rows in (page.properties, page.outgoing, page.incoming):
        rows.sort(key=lambda r: (r.predicate, r.value))
    _trace(model, page, lang)
    page.findings = _findings(model, report, iri, lang)
    page.history = [
        (r["year"].value, model.label(r["status"].value, lang))
        for r in model.select(_HISTORY, {"s": node})
    ]
    return page


def _own(quad: ox.Quad) -> bool:
    graph = quad.graph_name
    return not (isinstance(graph, ox.NamedNode) and graph.value in _DERIVED)


def _link(model: Model, predicate: str, term: Any, lang: str) -> Link:
    is_node = isinstance(term, ox.NamedNode)
    value = term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)
    label = model.label(value, lang) if is_node else value
    if isinstance(term, ox.Literal) and term.language:
        label = f"{value} @{term.language}"
    return Link(predicate, model.label(predicate, lang), value, label, is_node)


def _trace(model: Model, page: ElementPage, lang: str) -> None:
    g = model.supports_graph()
    if page.iri not in g:
        return
    chain = chain_in(g, page.iri)
    page.chain = [(n, model.label(n, lang)) for n in chain.path]
    page.chain_complete = chain.complete
    page.supporters = sorted(
        ((n, model.label(n, lang)) for n in supporters(g, page.iri) if n != page.iri),
        key=lambda pair: (pair[1], pair[0]),
    )


def _findings(model: Model, report: Report, iri: str, lang: str) -> list[dict[str, Any]]:
    from kktrace.rules import registry

    rules = {r.id: r for r in registry()}
    out = []
    for f in report.findings:
        if f.focus != iri and iri not in f.related:
            continue
        rule = rules.get(f.rule)
        out.append(
            {
                "rule": f.rule,
                "severity": str(f.severity.value if hasattr(f.severity, "value") else f.severity),
                "title": rule.title.get(lang, f.rule) if rule else f.rule,
                "message": f.message,
                "fix": rule.fix.get(lang, "") if rule else "",
                "about_this": f.focus == iri,
                "focus": f.focus,
                "focus_label": f.label or model.label(f.focus, lang),
            }
        )
    return out
