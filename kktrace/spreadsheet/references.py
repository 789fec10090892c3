"""What ids in a workbook may refer to: the workbook's own rows and the project's data.

A plan owner writes references the way the report and the views print them: the internal
id (``plan-faelles-2013-2014``), the code (``FHP-2013-2014``, ``SM5.1``), an
administration's code in any case (``buf``) or its full name. :class:`Index` resolves
such a text to exactly one resource, case-insensitively, in three tiers (ids, then codes,
then names); a miss or a tie gives suggestions naming the closest ids with their names.

:func:`project_data` says which data a workbook is checked against by default: the
``data/`` folder of the current directory when it holds RDF files, else the bundled
Copenhagen data.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kktrace.model.resources import project_data  # noqa: F401  (defined there, used from here)
from kktrace.spreadsheet.iris import term_to_id

if TYPE_CHECKING:
    from kktrace.model.store import Model

Term = ox.NamedNode | ox.BlankNode

_TIERS = ("id", "code", "name")


@dataclass
class Candidate:
    """A resource a reference may name: its term, the id to write and its name."""

    term: Term
    id: str
    label: str = ""

    def show(self) -> str:
        return f"{self.id} «{self.label}»" if self.label and self.label != self.id else self.id


@dataclass
class Index:
    """Resources by id, code and name (casefolded), for resolving references."""

    base: str
    lang: str = "da"
    by: dict[str, dict[str, set[Term]]] = field(
        default_factory=lambda: {tier: {} for tier in _TIERS}
    )
    shown: dict[Term, Candidate] = field(default_factory=dict)
    terms: set[Term] = field(default_factory=set)

    def add(
        self,
        term: Term,
        ident: str | None = None,
        codes: Iterable[str] = (),
        names: Iterable[str] = (),
    ) -> None:
        """Index ``term`` under its id text, its codes (skos:notation) and names (labels)."""
        self.terms.add(term)
        ident = ident or term_to_id(term, self.base)
        names = [n for n in names if n and n.strip()]
        if term not in self.shown or (names and not self.shown[term].label):
            self.shown[term] = Candidate(term, ident, names[0] if names else "")
        for tier, keys in (("id", [ident]), ("code", codes), ("name", names)):
            for key in keys:
                if key and key.strip():
                    self.by[tier].setdefault(_key(key), set()).add(term)

    def add_model(self, model: Model) -> None:
        """Every typed resource of ``model``'s data (the projection's nodes)."""
        from kktrace.spreadsheet.exporter import data_triples

        for triple in data_triples(model):
            self.terms.add(triple.subject)  # type: ignore[arg-type]  # data has no RDF-star
        g = model.graph
        for iri, data in g.nodes(data=True):
            if not data.get("classes"):
                continue
            labels = [data.get(f"label_{self.lang}") or "", data.get("label_da") or ""]
            labels += [data.get("label_en") or ""]
            codes = [data["notation"]] if data.get("notation") else []
            self.add(ox.NamedNode(iri), None, codes, labels)

    def resolve(self, text: str) -> tuple[Term | None, list[Candidate], bool]:
        """The one resource ``text`` names; else ``None``, the candidates and whether
        ``text`` names several of them (a tie) rather than none (then the closest)."""
        key = _key(text)
        for tier in _TIERS:
            found = self.by[tier].get(key, set())
            if len(found) == 1:
                return next(iter(found)), [], False
            if len(found) > 1:
                return None, sorted((self.shown[t] for t in found), key=lambda c: c.id), True
        return None, self.suggest(text), False

    def suggest(self, text: str, n: int = 3) -> list[Candidate]:
        """The resources whose id, code or name is closest to ``text``."""
        key = _key(text)
        keys = sorted({k for tier in _TIERS for k in self.by[tier]})
        close = difflib.get_close_matches(key, keys, n=n * 2, cutoff=0.6)
        out: list[Candidate] = []
        for k in close:
            for tier in _TIERS:
                for term in sorted(self.by[tier].get(k, ()), key=str):
                    cand = self.shown[term]
                    if cand not in out:
                        out.append(cand)
        return out[:n]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()
