"""Tiny deterministic TriG writer used by build_dataset.py.

Every statement goes into the named graph that says where it comes from (a source, a section
of a source, or the illustrative graph; see docs/provenance.md). A file holds one block per
graph, the sourced blocks first; inside a block, resources are written in the order they are
added and properties in the order given, so the output reads like a hand-kept file and
regenerating it gives the same bytes.
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
@prefix prov:    <http://www.w3.org/ns/prov#> .
"""

#: The graph of illustrative statements: written to be realistic, taken from no source.
ILLUSTRATIVE = "kk:illustrativ"


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
    """One resource; each statement carries the graph (provenance) it is written into."""

    iri: str
    types: list[str]
    src: str = ILLUSTRATIVE  # default graph of this resource's statements
    type_src: str | None = None  # graph of the rdf:type statements (default: src)
    props: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, pred: str, obj: str | None, src: str | None = None) -> Res:
        if obj is not None:
            self.props.append((pred, obj, src or self.src))
        return self

    def graphs(self) -> list[str]:
        seen = [self.type_src or self.src]
        for _, _, g in self.props:
            if g not in seen:
                seen.append(g)
        return seen

    def turtle(self, graph: str) -> str | None:
        """The resource's statements in ``graph`` as one Turtle block (None if it has none)."""
        props = [(p, o) for p, o, g in self.props if g == graph]
        types = self.types if (self.type_src or self.src) == graph else []
        if not props and not types:
            return None
        grouped: list[tuple[str, list[str]]] = []
        if types:
            grouped.append(("a", list(types)))
        for p, o in props:  # group repeated predicates: p o1 , o2
            for g in grouped:
                if g[0] == p:
                    g[1].append(o)
                    break
            else:
                grouped.append((p, [o]))
        first, *rest = grouped
        lines = [f"{self.iri} {first[0]} {' , '.join(first[1])}"]
        lines += [f"    {p} {' , '.join(objs)}" for p, objs in rest]
        return " ;\n".join(lines) + " .\n"

    def count(self) -> int:
        return len(self.types) + len(self.props)


@dataclass
class Doc:
    path: Path
    header: str
    sections: list[tuple[str | None, list[Res]]] = field(default_factory=list)

    def section(self, title: str | None) -> list[Res]:
        items: list[Res] = []
        self.sections.append((title, items))
        return items

    def write(self, graph_order: list[str], graph_titles: dict[str, str]) -> int:
        """Write the file as TriG, one GRAPH block per provenance; returns the triple count."""
        used: set[str] = {g for _, items in self.sections for r in items for g in r.graphs()}
        unknown = used - set(graph_order)
        if unknown:
            raise ValueError(f"{self.path}: statements in undeclared graphs {sorted(unknown)}")
        out = [self.header.rstrip() + "\n\n", PREFIXES, "\n"]
        for graph in (g for g in graph_order if g in used):
            out.append(f"# === {graph_titles[graph]} " + "=" * max(3, 86 - len(graph_titles[graph])) + "\n")
            out.append(f"GRAPH {graph} {{\n\n")
            for title, items in self.sections:
                blocks = [b for b in (r.turtle(graph) for r in items) if b]
                if not blocks:
                    continue
                if title:
                    out.append(f"# --- {title} " + "-" * max(3, 88 - len(title)) + "\n\n")
                out.extend(b + "\n" for b in blocks)
            out.append("}\n\n")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("".join(out).rstrip() + "\n", encoding="utf-8")
        return sum(r.count() for _, items in self.sections for r in items)
