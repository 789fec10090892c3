"""The rules in the form a SPARQL server runs them (``kktrace check --endpoint URL --on-server``).

Every rule of :mod:`kktrace.rules` is a ``.rq`` file and runs on a server as it is, widened
for subclasses (:class:`Schema`), except the rules in :data:`SERVER_QUERIES`, which have a
server form in this folder:

- the six graph rules (``kkt:supports`` chains). Their ``.rq`` forms read the ontology's own
  statements — ``?class kkt:level 1``, the level scheme's ``rdf:value`` and labels — which
  a server usually does not hold (kktrace's ontology is pushed only by ``kktrace push``), and
  Virtuoso 7.2 fails on ``support-cycle`` as written ("VECSL: Internal error"). The server
  forms use property paths (``kkt:supports+``) with one end always bound, and only
  ``?class kkt:level ?level`` patterns, which the widening answers from the ontology;
- ``empty-model``, which Virtuoso answers wrongly as written (see its file).

Each server form returns the rows of the rule it stands for (``?focus``, ``?related``,
message variables), so :func:`kktrace.findings.run.findings_from_rows` makes the same
findings; tests/test_server_rules.py compares them on every rule case and the bundled data
(on Oxigraph, over the data alone), tests/test_on_server.py on Virtuoso.
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

#: Rule id → the file of its server form (each file says why it has one).
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
    """The rows of a server form as the rule it stands for returns them.

    Only ``invalid-support-direction`` differs: the server returns the two levels as
    numbers (``?low``, ``?high``); the message wants their names in Danish and English
    (``?level``, ``?target``), which come from the ontology here.
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
