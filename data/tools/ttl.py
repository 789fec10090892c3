"""Tiny deterministic Turtle writer used by build_dataset.py.

Resources are written in the order they are added, properties in the order given, so the
output reads like a hand-kept file and regenerating it gives the same bytes.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from pathlib import Path

PREFIXES = """\
@prefix kkt:     <https://w3id.org/kktrace/def#> .
@prefix kk:      <https://w3id.org/kktrace/id/kk/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def da(text: str) -> str:
    return f'"{_esc(text)}"@da'


def en(text: str) -> str:
    return f'"{_esc(text)}"@en'


def s(text: str) -> str:
    return f'"{_esc(text)}"'


def date(iso: str) -> str:
    return f'"{iso}"^^xsd:date'


def year(y: int) -> str:
    return f'"{y}"^^xsd:gYear'


def posint(n: int) -> str:
    return f'"{n}"^^xsd:positiveInteger'


def dec(n: int) -> str:
    return f'"{n}"^^xsd:decimal'


def month_start(ym: str) -> str:
    return f"{ym}-01"


def month_end(ym: str) -> str:
    y, m = (int(p) for p in ym.split("-"))
    return f"{ym}-{calendar.monthrange(y, m)[1]:02d}"


@dataclass
class Res:
    iri: str
    types: list[str]
    props: list[tuple[str, str]] = field(default_factory=list)
    note: str | None = None

    def add(self, pred: str, obj: str | None) -> Res:
        if obj is not None:
            self.props.append((pred, obj))
        return self

    def turtle(self) -> str:
        lines = []
        if self.note:
            lines.append(f"# {self.note}")
        lines.append(f"{self.iri} a {' , '.join(self.types)} ;")
        # group repeated predicates: p o1 , o2
        grouped: list[tuple[str, list[str]]] = []
        for p, o in self.props:
            for g in grouped:
                if g[0] == p:
                    g[1].append(o)
                    break
            else:
                grouped.append((p, [o]))
        for i, (p, objs) in enumerate(grouped):
            end = " ." if i == len(grouped) - 1 else " ;"
            lines.append(f"    {p} {' , '.join(objs)}{end}")
        if not grouped:
            lines[-1] = lines[-1][:-2] + " ."
        return "\n".join(lines) + "\n"


@dataclass
class Doc:
    path: Path
    header: str
    sections: list[tuple[str | None, list[Res]]] = field(default_factory=list)

    def section(self, title: str | None) -> list[Res]:
        items: list[Res] = []
        self.sections.append((title, items))
        return items

    def write(self) -> int:
        out = [self.header.rstrip() + "\n\n", PREFIXES, "\n"]
        n = 0
        for title, items in self.sections:
            if not items:
                continue
            if title:
                out.append(f"# --- {title} " + "-" * max(3, 88 - len(title)) + "\n\n")
            for r in items:
                out.append(r.turtle() + "\n")
                n += len(r.types) + len(r.props)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("".join(out).rstrip() + "\n", encoding="utf-8")
        return n
