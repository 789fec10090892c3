"""The rules in the form a SPARQL server runs them (``kktrace check --endpoint URL --on-server``).

The ``.rq`` rules of :mod:`kktrace.rules` run on a server as they are. The Python graph rules
(:mod:`kktrace.rules.graph`) have a SPARQL 1.1 form each, in this folder, with property
paths (``kkt:supports+``) in place of the NetworkX traversals; :data:`SERVER_QUERIES` maps
rule id → file, and each returns the rows of its Python rule (the tests compare them on
the bundled data and on a synthetic national set), so
:func:`kktrace.findings.run.findings_from_rows` makes the same findings from them.

A server knows no subclass reasoning and usually has no ontology: :class:`Schema` closes
the class hierarchy here (the ontology's ``rdfs:subClassOf`` axioms and ``kkt:level``
annotations plus those in the server's graph) and :func:`kktrace.rules.server.rewrite.with_subclasses`
puts it into each query as ``VALUES``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kktrace.model.namespaces import KKT, RDFS
from kktrace.model.vocab import vocabulary
from kktrace.rules import Row
from kktrace.rules.server.rewrite import subclass_closure, with_subclasses

SERVER_DIR = Path(__file__).resolve().parent

#: Rule id → the file of its server form: every Python graph rule, and the ``.rq`` rules
#: that a server answers wrongly as they are (each file says why).
SERVER_QUERIES: dict[str, str] = {
    "empty-model": "empty-model.rq",
    "focus-area-without-goal": "focus-area-without-goal.rq",
    "goal-without-initiative": "goal-without-initiative.rq",
    "hollow-local-plan": "hollow-local-plan.rq",
    "invalid-support-direction": "invalid-support-direction.rq",
    "support-cycle": "support-cycle.rq",
    "untraced-to-strategy": "untraced-to-strategy.rq",
}


@cache
def server_query(rule_id: str) -> str | None:
    """The SPARQL text of the server form of rule ``rule_id`` (None: it has none)."""
    name = SERVER_QUERIES.get(rule_id)
    return None if name is None else (SERVER_DIR / name).read_text(encoding="utf-8")


def server_rows(rule_id: str, rows: Iterable[Row]) -> list[Row]:
    """The rows of a server query as its Python rule yields them.

    Only ``invalid-support-direction`` differs: the server returns the two levels as
    numbers (``?low``, ``?high``); the message wants their names in Danish and English,
    which come from the ontology here.
    """
    if rule_id != "invalid-support-direction":
        return list(rows)
    names = vocabulary()

    def named(level: ox.Literal) -> list[ox.Literal]:
        number = int(level.value)
        return [ox.Literal(names.level_label(number, lang), language=lang) for lang in ("da", "en")]

    return [
        {
            "focus": row["focus"],
            "related": row["related"],
            "level": named(row["low"]),
            "target": named(row["high"]),
        }
        for row in rows
    ]


@dataclass
class Schema:
    """The class hierarchy a query is widened with: class → itself and its subclasses, and
    class → its ``kkt:level`` (own or inherited).

    ``pairs`` are ``rdfs:subClassOf`` axioms (IRIs), ``own_levels`` the classes that carry
    ``kkt:level`` themselves; both from the ontology and the server's graph. Add to them
    with :meth:`add_pair` and :meth:`add_level` (the closure is computed once, on first use).
    """

    pairs: set[tuple[str, str]] = field(default_factory=set)
    own_levels: dict[str, int] = field(default_factory=dict)
    _widening: tuple[dict[str, list[str]], dict[str, int]] | None = field(
        default=None, repr=False, compare=False
    )

    @classmethod
    def of_ontology(cls) -> Schema:
        """The ontology's own axioms and levels."""
        from kktrace.model.resources import ontology_file

        schema = cls()
        subclass, level = ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(KKT + "level")
        for quad in ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE):
            s, p, o = quad.subject, quad.predicate, quad.object
            if p == subclass and type(s) is ox.NamedNode and type(o) is ox.NamedNode:
                schema.add_pair(s.value, o.value)
            elif p == level and type(s) is ox.NamedNode and isinstance(o, ox.Literal):
                schema.add_level(s.value, o.value)
        return schema

    def add_pair(self, sub: str, sup: str) -> None:
        """``sub rdfs:subClassOf sup``."""
        self.pairs.add((sub, sup))
        self._widening = None

    def add_level(self, cls: str, value: str) -> None:
        """``cls kkt:level value`` (the lowest wins; a value that is no integer is ignored)."""
        try:
            number = int(value)
        except ValueError:
            return
        self.own_levels[cls] = min(number, self.own_levels.get(cls, number))
        self._widening = None

    @property
    def closure(self) -> dict[str, list[str]]:
        """class → itself and every class below it."""
        return subclass_closure(self.pairs)

    @property
    def levels(self) -> dict[str, int]:
        """class → the lowest ``kkt:level`` of itself and its superclasses."""
        out: dict[str, int] = {}
        closure = self.closure
        for cls, number in self.own_levels.items():
            for sub in closure.get(cls, [cls]):
                out[sub] = min(number, out.get(sub, number))
        return out

    def widen(self, text: str) -> str:
        """``text`` subclass-aware for a server without reasoning (see the module doc)."""
        if self._widening is None:
            self._widening = (self.closure, self.levels)
        closure, levels = self._widening
        return with_subclasses(text, closure, levels)


__all__ = ["SERVER_QUERIES", "Schema", "server_query", "server_rows"]
