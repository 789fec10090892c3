"""The vocabulary as Python sees it, read from ``ontology/kktrace.ttl`` once, at first use.

Nothing here repeats the ontology: the contract classes (and which is more specific),
their levels (``kkt:level``, inherited through ``rdfs:subClassOf``), the level names
(``kkt:LevelScheme``), the statuses in their display order (``kkt:StatusOrder``) with
their Danish and English labels and notations, and the class labels all come from the
file. Only the severities of findings, which the ontology does not describe, are defined
here (:data:`SEVERITIES`), once.

>>> V = vocabulary()
>>> V.statuses[:4]
('Proposed', 'Approved', 'InProgress', 'Completed')
>>> V.level_of_class["TransitionActionPlan"], V.level_name(2)
(2, 'common')
>>> V.kinds.index("TransitionActionPlan") < V.kinds.index("CommonActionPlan")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from pathlib import Path

from kktrace.model.namespaces import KKT, OWL, RDF, RDFS, SKOS

LANGS: tuple[str, ...] = ("da", "en")


class Severity(str, Enum):
    """How serious a finding is; ``--fail-on`` compares against this order.

    >>> [s.value for s in sorted(Severity, key=lambda s: -s.rank)]
    ['error', 'warning', 'info']
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self.value]


_RANK = {"error": 3, "warning": 2, "info": 1}
#: Severity values, most severe first (the one list every output and parser uses).
SEVERITIES: tuple[str, ...] = tuple(sorted(_RANK, key=lambda s: -_RANK[s]))


@dataclass(frozen=True)
class Vocabulary:
    """What kktrace's Python code needs to know about ``kkt:`` terms."""

    #: Contract class local names, most specific first: a node's kind is the first it has.
    kinds: tuple[str, ...]
    #: class → itself and its kkt: superclasses
    superclasses: dict[str, frozenset[str]]
    #: class → level (1 strategy, 2 common, 3 local), own or inherited
    level_of_class: dict[str, int]
    #: level number → notation ("strategy", "common", "local")
    levels: dict[int, str]
    #: level number → {"da": …, "en": …}
    level_labels: dict[int, dict[str, str]]
    #: status local names in display order
    statuses: tuple[str, ...]
    #: status → {"da": …, "en": …}
    status_labels: dict[str, dict[str, str]]
    #: status → skos:notation ("in-progress")
    status_notations: dict[str, str]
    #: class → {"da": …, "en": …}
    class_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def level_name(self, level: int) -> str:
        return self.levels[level]

    def level_label(self, level: int, lang: str) -> str:
        return self.level_labels[level].get(lang) or self.level_labels[level]["en"]

    def status_label(self, status: str, lang: str) -> str:
        return self.status_labels[status].get(lang) or self.status_labels[status]["en"]

    def class_label(self, cls: str, lang: str) -> str:
        return self.class_labels[cls].get(lang) or self.class_labels[cls]["en"]

    def subclasses_of(self, cls: str) -> tuple[str, ...]:
        """``cls`` and every contract class below it, in :attr:`kinds` order."""
        return tuple(k for k in self.kinds if cls in self.superclasses[k])


def _local(iri: str) -> str:
    return iri[len(KKT) :]


@cache
def vocabulary(path: Path | None = None) -> Vocabulary:
    """Read the vocabulary from ``path`` (default: the bundled ``ontology/kktrace.ttl``)."""
    import pyoxigraph as ox

    from kktrace.model.resources import ontology_file

    source = Path(path) if path is not None else ontology_file()
    triples = list(ox.parse(path=str(source), format=ox.RdfFormat.TURTLE))

    def iri(t: object) -> str | None:
        return t.value if isinstance(t, ox.NamedNode) else None

    order: list[str] = []  # classes in file order
    parents: dict[str, set[str]] = {}
    own_level: dict[str, int] = {}
    labels: dict[str, dict[str, str]] = {}
    pref: dict[str, dict[str, str]] = {}
    notation: dict[str, str] = {}
    value: dict[str, int] = {}
    first: dict[str, str] = {}
    rest: dict[str, str] = {}
    member_list: str | None = None
    level_concepts: list[str] = []
    for s, p, o in ((t.subject, t.predicate.value, t.object) for t in triples):
        subject = s.value
        if p == RDF + "first":
            first[subject] = o.value
        elif p == RDF + "rest":
            rest[subject] = o.value
        if not (isinstance(s, ox.NamedNode) and subject.startswith(KKT)):
            continue
        name = _local(subject)
        if p == RDF + "type" and iri(o) == OWL + "Class" and name not in order:
            order.append(name)
        elif p == RDFS + "subClassOf" and (iri(o) or "").startswith(KKT):
            parents.setdefault(name, set()).add(_local(o.value))
        elif p == KKT + "level":
            own_level[name] = int(o.value)
        elif p == RDFS + "label" and isinstance(o, ox.Literal) and o.language:
            labels.setdefault(name, {})[o.language] = o.value
        elif p == SKOS + "prefLabel" and isinstance(o, ox.Literal) and o.language:
            pref.setdefault(name, {})[o.language] = o.value
        elif p == SKOS + "notation":
            notation[name] = o.value
        elif p == RDF + "value":
            value[name] = int(o.value)
        elif p == SKOS + "memberList" and name == "StatusOrder":
            member_list = o.value
        elif p == SKOS + "inScheme" and iri(o) == KKT + "LevelScheme":
            level_concepts.append(name)

    def ancestors(cls: str) -> frozenset[str]:
        seen, todo = {cls}, [cls]
        while todo:
            for up in parents.get(todo.pop(), ()):
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
        return frozenset(seen)

    supers = {c: ancestors(c) for c in order}
    levels_of = {
        c: min((own_level[a] for a in supers[c] if a in own_level), default=0) for c in order
    }
    # Most specific first: a class before its superclasses, otherwise in file order.
    depth = {c: len(supers[c]) for c in order}
    roots = {c: min(supers[c], key=order.index) for c in order}
    kinds = tuple(sorted(order, key=lambda c: (order.index(roots[c]), -depth[c], order.index(c))))

    statuses: list[str] = []
    node = member_list
    while node is not None and node in first:
        statuses.append(_local(first[node]))
        node = rest.get(node)
    return Vocabulary(
        kinds=kinds,
        superclasses=supers,
        level_of_class={c: lvl for c, lvl in levels_of.items() if lvl},
        levels={value[c]: notation[c] for c in sorted(level_concepts, key=lambda c: value[c])},
        level_labels={value[c]: pref[c] for c in level_concepts},
        statuses=tuple(statuses),
        status_labels={s: pref[s] for s in statuses},
        status_notations={s: notation[s] for s in statuses},
        class_labels={c: labels[c] for c in order if c in labels},
    )


__all__ = ["LANGS", "SEVERITIES", "Severity", "Vocabulary", "vocabulary"]
