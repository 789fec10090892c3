"""``kktrace sources`` output: JSON for tools, text for people."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kktrace.model.namespaces import KK, PREFIXES, RDF
from kktrace.provenance import Coverage, Statement

if TYPE_CHECKING:
    from kktrace.model.store import Model

TEXTS = {
    "da": {
        "summary": "{total} udsagn: {sourced} fra kilder ({share} %), {illustrative} illustrative",
        "graph": ", {n} fra navngivne grafer uden beskrivelse",
        "unstated": ", {n} uden angivet kilde",
        "illustrative": "illustrativ",
        "unstated_one": "ingen kilde angivet",
        "confidence": "sikkerhed",
        "none": "Ingen udsagn.",
    },
    "en": {
        "summary": "{total} statements: {sourced} from sources ({share} %), {illustrative} illustrative",
        "graph": ", {n} from named graphs the data does not describe",
        "unstated": ", {n} with no stated source",
        "illustrative": "illustrative",
        "unstated_one": "no source stated",
        "confidence": "confidence",
        "none": "No statements.",
    },
}


def to_json(rows: list[Statement]) -> str:
    """A JSON list of {subject, predicate, object, source, …}, one object per statement.

    ``source`` is the source's IRI, or ``null`` for an illustrative statement (and for one
    with no stated provenance: ``provenance`` tells them apart).
    """
    out: list[dict[str, Any]] = []
    for r in rows:
        p = r.provenance
        obj = r.object
        out.append(
            {
                "subject": r.subject_id,
                "predicate": r.predicate.value,
                "object": r.object_id,
                "datatype": obj.datatype.value if isinstance(obj, ox.Literal) else None,
                "language": (obj.language or None) if isinstance(obj, ox.Literal) else None,
                "source": p.source,
                "source_label": p.label if p.source else None,
                "provenance": p.kind,
                "graph": p.graph,
                "locator": p.locator,
                "confidence": p.confidence,
                "date": p.date,
            }
        )
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def _short(iri: str) -> str:
    for prefix, ns in (("kk", KK), *PREFIXES.items()):
        if iri.startswith(ns) and all(c.isalnum() or c in "-_." for c in iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def _term(term: Any, text: str = "") -> str:
    if isinstance(term, ox.NamedNode):
        return _short(term.value)
    if isinstance(term, ox.BlankNode):
        return text or f"_:{term.value}"
    text = json.dumps(term.value, ensure_ascii=False)
    if len(text) > 60:
        text = text[:57] + '…"'
    if term.language:
        return f"{text}@{term.language}"
    dt = term.datatype.value
    return text if dt.endswith("#string") else f"{text}^^{_short(dt)}"


def _where(r: Statement, t: dict[str, str]) -> str:
    p = r.provenance
    if p.kind == "illustrative":
        return t["illustrative"]
    if p.kind == "unstated":
        return t["unstated_one"]
    text = p.label or p.source or ""
    if p.locator:
        text += f", {p.locator}"
    if p.confidence:
        text += f" ({t['confidence']} {p.confidence})"
    return text


def summary_line(cov: Coverage, lang: str = "da") -> str:
    """One sentence: how many statements, how many sourced, illustrative, other."""
    t = TEXTS[lang]
    share = f"{100 * cov.share_sourced:.1f}".replace(".", "," if lang == "da" else ".")
    text = t["summary"].format(
        total=_n(cov.total, lang),
        sourced=_n(cov.sourced, lang),
        share=share,
        illustrative=_n(cov.illustrative, lang),
    )
    if cov.by_kind.get("graph"):
        text += t["graph"].format(n=_n(cov.by_kind["graph"], lang))
    if cov.by_kind.get("unstated"):
        text += t["unstated"].format(n=_n(cov.by_kind["unstated"], lang))
    return text + "."


def _n(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "." if lang == "da" else ",")


def to_text(model: Model, rows: list[Statement], cov: Coverage, lang: str = "da") -> str:
    """For people: a summary line, then each subject with its statements and sources."""
    t = TEXTS[lang]
    lines = [summary_line(cov, lang), ""]
    if not rows:
        return "\n".join([*lines, t["none"]]) + "\n"
    current = None
    for r in rows:
        if r.subject != current:
            current = r.subject
            if len(lines) > 2:
                lines.append("")
            head = _term(r.subject, r.subject_id)
            if isinstance(r.subject, ox.NamedNode):
                head += f"  {model.label(r.subject.value, lang)}"
            lines.append(head)
        obj = _term(r.object, r.object_id)
        statement = f"{_term(r.predicate)} {obj}"
        if r.predicate.value == RDF + "type":
            statement = f"a {obj}"
        lines.append(f"  {statement:<72} {_where(r, t)}")
    return "\n".join(lines) + "\n"
