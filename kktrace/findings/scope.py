"""Narrowing a check to one plan owner: one administration's elements, or one plan's.

``kktrace check --administration BUF`` keeps the findings whose focus belongs to BUF
(:meth:`kktrace.facts.Facts.administration_of`, the definition the gap report's
``--administration`` uses too) and decides the exit code on those alone. ``--plan``
keeps the plan itself and what is part of it (``kkt:partOf``, transitively) and the
status entries about its initiatives.

:func:`outside_references` tells a plan file checked alone from a plan with mistakes:
dangling references whose target is described in the project's data are not mistakes in
the file but a missing folder on the command line.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kktrace.errors import UsageError
from kktrace.findings.finding import Finding, Report

if TYPE_CHECKING:
    from kktrace.model.store import Model

DANGLING = "dangling-reference"


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


_NOT_FOUND = {
    "da": "{option} {text}: findes ikke i data — brug en af: {shown}",
    "en": "{option} {text}: not found in the data — use one of: {shown}",
}


def _pick(model: Model, kinds: tuple[str, ...], text: str, option: str, lang: str) -> str:
    """The node of one of ``kinds`` that ``text`` names: IRI, id, code or name, any case."""
    g = model.graph
    nodes = model.nodes_of_kind(*kinds)
    key = _key(text)
    for field in ("iri", "id", "notation", "label"):
        found = sorted(
            n
            for n in nodes
            if key
            in {
                "iri": {_key(n)},
                "id": {_key(_local(n))},
                "notation": {_key(g.nodes[n].get("notation") or "")},
                "label": {
                    _key(g.nodes[n].get("label_da") or ""),
                    _key(g.nodes[n].get("label_en") or ""),
                },
            }[field]
        )
        if len(found) == 1:
            return found[0]
    codes = sorted(g.nodes[n].get("notation") or _local(n) for n in nodes)
    shown = ", ".join(codes) or "—"
    raise UsageError(_NOT_FOUND[lang].format(option=option, text=text, shown=shown))


def pick_administration(model: Model, text: str, lang: str = "en") -> str:
    """The IRI of the administration ``text`` names (code such as BUF, id, IRI or name)."""
    return _pick(model, ("Administration",), text, "--administration", lang)


def pick_plan(model: Model, text: str, lang: str = "en") -> str:
    """The IRI of the action plan ``text`` names (code such as BUF-2013-2014, id or IRI)."""
    return _pick(model, ("ActionPlan",), text, "--plan", lang)


def in_plan(model: Model, plan: str) -> set[str]:
    """The plan, everything ``kkt:partOf`` it (transitively), and status entries about those."""
    g = model.graph
    inside = {plan}
    frontier = [plan]
    while frontier:
        node = frontier.pop()
        for u, _, k in g.in_edges(node, keys=True):
            if k == "partOf" and u not in inside:
                inside.add(u)
                frontier.append(u)
    for entry, about in model.select_values("SELECT ?e ?i WHERE { ?e kkt:about ?i }"):
        if about in inside:
            inside.add(entry)  # type: ignore[arg-type]
    return inside


def scope(
    report: Report,
    model: Model,
    administration: str | None = None,
    plan: str | None = None,
    lang: str = "en",
) -> Report:
    """``report`` with only the findings about ``administration``'s / ``plan``'s elements."""
    keep = report.findings
    if administration is not None:
        from kktrace.facts import Facts

        facts = Facts(model)
        admin = pick_administration(model, administration, lang)
        keep = [f for f in keep if facts.administration_of(f.focus) == admin]
    if plan is not None:
        inside = in_plan(model, pick_plan(model, plan, lang))
        keep = [f for f in keep if f.focus in inside]
    return replace(report, findings=list(keep))


def outside_references(report: Report, described: set[str]) -> tuple[Report, list[Finding]]:
    """Split off the dangling-reference findings all of whose targets ``described`` holds
    (the project's data); a finding with one target described nowhere stays."""
    outside = [
        f
        for f in report.findings
        if f.rule == DANGLING and f.related and all(r in described for r in f.related)
    ]
    if not outside:
        return report, []
    rest = [f for f in report.findings if f not in set(outside)]
    return replace(report, findings=rest), outside
