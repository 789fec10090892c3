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

from collections.abc import Iterable
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


#: A node one can name on the command line: (IRI, skos:notation, Danish label, English
#: label) as the projection has them.
Named = tuple[str, "str | None", "str | None", "str | None"]


def named(model: Model, *kinds: str) -> list[Named]:
    """The nodes of ``kinds`` with what :func:`pick_named` matches a text against."""
    g = model.graph
    return [
        (n, g.nodes[n].get("notation"), g.nodes[n].get("label_da"), g.nodes[n].get("label_en"))
        for n in model.nodes_of_kind(*kinds)
    ]


def pick_named(nodes: list[Named], text: str, option: str, lang: str) -> str:
    """The one node of ``nodes`` that ``text`` names: IRI, id, code or name, any case."""
    key = _key(text)
    for field in ("iri", "id", "notation", "label"):
        found = sorted(
            iri
            for iri, notation, label_da, label_en in nodes
            if key
            in {
                "iri": {_key(iri)},
                "id": {_key(_local(iri))},
                "notation": {_key(notation or "")},
                "label": {_key(label_da or ""), _key(label_en or "")},
            }[field]
        )
        if len(found) == 1:
            return found[0]
    codes = sorted(notation or _local(iri) for iri, notation, _, _ in nodes)
    shown = ", ".join(codes) or "—"
    raise UsageError(_NOT_FOUND[lang].format(option=option, text=text, shown=shown))


def _pick(model: Model, kinds: tuple[str, ...], text: str, option: str, lang: str) -> str:
    """The node of one of ``kinds`` that ``text`` names: IRI, id, code or name, any case."""
    return pick_named(named(model, *kinds), text, option, lang)


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


def plans_containing(model: Model, nodes: Iterable[str]) -> dict[str, list[str]]:
    """For each node, the action plans whose :func:`in_plan` holds it (the inverse of
    :func:`in_plan`: the node and what it is ``kkt:partOf``, transitively, and for a
    status entry the same of what it is ``kkt:about``)."""
    g = model.graph
    plans = set(model.nodes_of_kind("ActionPlan"))
    about: dict[str, set[str]] = {}
    for entry, target in model.select_values("SELECT ?e ?i WHERE { ?e kkt:about ?i }"):
        about.setdefault(entry, set()).add(target)  # type: ignore[arg-type]

    def up(node: str) -> set[str]:
        seen = {node}
        frontier = [node]
        while frontier:
            here = frontier.pop()
            if here not in g:
                continue
            for _, v, k in g.out_edges(here, keys=True):
                if k == "partOf" and v not in seen:
                    seen.add(v)
                    frontier.append(v)
        return seen

    out = {}
    for node in nodes:
        found = up(node)
        for target in about.get(node, ()):
            found |= up(target)
        out[node] = sorted(found & plans)
    return out


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
