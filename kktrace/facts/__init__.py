"""The facts every output shows, each derived here once.

load → model → **facts** → rules → findings → outputs. The rules, the gap report, the
status report, the views and the named queries read these answers instead of working them
out again, so a number shown in two outputs is the same in both
(``tests/test_consistency.py`` says so):

- :meth:`Facts.administration_of` — which administration an element belongs to;
- :meth:`Facts.readiness` — which common initiatives are not decision-ready and what they
  lack (the rule ``not-decision-ready`` itself, run on the model);
- :meth:`Facts.status_before`, :meth:`Facts.active_in`, :meth:`Facts.finished_before` —
  an initiative's state as of a year; :meth:`Facts.missing_status` — the rule
  ``missing-status`` itself;
- :meth:`Facts.coverage` — per administration, its local initiatives and how many reach the
  strategy;
- :meth:`Facts.contributions` — per common goal, which administrations' local elements
  support it (elements of no listed administration are counted apart, never dropped);
- :func:`portfolio_sums` — budget sums over a stated set of initiatives.

Where a definition is a rule (readiness, missing status), the facts run that rule's
``.rq`` file: there is one text of the definition, and ``kktrace check`` reports exactly
what the outputs show.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kktrace.facts.literals import Literals
from kktrace.model.namespaces import KKT, ORG, RDF, SKOS
from kktrace.model.store import EDGE_PROPERTIES, KINDS, key_term, node_key
from kktrace.model.trace import STRATEGY_LEVEL, TraceChain, chain_by, reach

if TYPE_CHECKING:
    from kktrace.model.store import Model

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

#: An initiative whose status as of a year is one of these is finished (not active).
FINISHED: frozenset[str] = frozenset({"Completed", "Cancelled"})
#: The local classes whose support counts in the traceability matrix.
LOCAL_ELEMENTS: frozenset[str] = frozenset({"LocalGoal", "LocalInitiative"})

_UNIT_LINKS = f"""
SELECT ?s ?o WHERE {{
  VALUES ?p {{ <{ORG}unitOf> <{ORG}subOrganizationOf> }}
  ?s ?p ?o . FILTER(!isLiteral(?o))
}}"""

#: The literal properties :attr:`Facts.literals` holds.
LITERAL_PROPERTIES: tuple[str, ...] = (
    "startDate",
    "endDate",
    "budget",
    "investmentCatalogueRef",
    "priority",
    "date",
)

_RDF_TYPE = ox.NamedNode(RDF + "type")
#: What :meth:`Facts.links` returns for no links (shared: callers never change it).
_NO_LINKS: list[str] = []
_LEVEL = ox.NamedNode(KKT + "level")
_NOTATION = ox.NamedNode(SKOS + "notation")

_OWN_STATUS = (
    "SELECT ?s ?o WHERE { ?s kkt:status ?o . FILTER(isIRI(?o)) "
    "FILTER NOT EXISTS { ?s a kkt:StatusEntry } }"
)

_ENTRIES = """
SELECT ?e ?i ?y ?st WHERE {
  ?e a kkt:StatusEntry ; kkt:about ?i ; kkt:year ?y ; kkt:status ?st . FILTER(isIRI(?st))
}"""

_STATUS_YEARS = (
    "SELECT DISTINCT ?y WHERE { ?x kkt:year ?y . ?x a ?c . "
    "VALUES ?c { kkt:StatusEntry kkt:StatusReport } }"
)


def bound_rows(rows: Iterable[tuple[str | None, ...]]) -> list[tuple[str, ...]]:
    """Rows of a query that binds every variable, typed as such."""
    return [tuple(v or "" for v in row) for row in rows]


def rule_query(rule_id: str) -> str:
    """The SELECT text of a built-in ``.rq`` rule (the one definition of its fact)."""
    return (RULES_DIR / f"{rule_id}.rq").read_text(encoding="utf-8")


def year_of(value: str) -> int | None:
    """The year of an ``xsd:gYear``/``xsd:date``/integer lexical form.

    >>> year_of("2012"), year_of("2012-05-01"), year_of("x")
    (2012, 2012, None)
    """
    try:
        return int(value.strip()[:4])
    except ValueError:
        return None


def date_of(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def decimal_of(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _status_name(iri: str) -> str:
    return iri[len(KKT) :] if iri.startswith(KKT) else iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Readiness:
    """One common initiative of a non-transition common plan and what it lacks."""

    initiative: str
    plan: str
    #: local names of the properties it lacks (responsible, businessCase, funding, priority)
    lacks: frozenset[str]

    @property
    def ready(self) -> bool:
        return not self.lacks


@dataclass
class Contributions:
    """Per common goal of one plan: contributions counted by administration.

    ``by_admin[goal][admin]`` counts the local goals and initiatives of ``admin`` whose
    ``kkt:supports`` chain reaches ``goal``; contributions from elements of no
    administration in ``admins`` (another municipality's, or of no administration) are in
    ``others[goal]``.
    """

    plan: str
    goals: list[str]
    admins: list[str]
    by_admin: dict[str, Counter[str]] = field(default_factory=dict)
    others: dict[str, int] = field(default_factory=dict)
    #: ``members[goal][admin]``: the local goals and initiatives counted in that cell
    members: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def cell(self, admin: str, goal: str) -> int:
        return self.by_admin.get(goal, Counter()).get(admin, 0)

    def supported(self, goal: str) -> bool:
        """True when some listed administration contributes to ``goal``."""
        return any(self.cell(a, goal) for a in self.admins)


class Facts:
    """The derived facts of one model, computed lazily and kept for its lifetime."""

    def __init__(self, model: Model) -> None:
        self.model = model

    # -- indexes ----------------------------------------------------------------------
    #: How many subjects of one link property are read one by one from the store's index
    #: before the whole property is read with one query: a view asks about a few hundred
    #: nodes, a report about every element.
    ONE_BY_ONE = 500

    @cached_property
    def _indexes(self) -> dict[str, tuple[dict[str, list[str]], dict[str, list[str]]]]:
        return {}

    @cached_property
    def _asked(self) -> Counter[str]:
        return Counter()

    def _index(self, key: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """One link property's (subject → sorted objects, object → sorted subjects): the
        projection's edges of that key, read at once from the store's index."""
        if key not in self._indexes:
            out: dict[str, list[str]] = {}
            into: dict[str, list[str]] = {}
            link = ox.NamedNode(KKT + key)
            blank, literal = ox.BlankNode, ox.Literal
            for s, _, o, _ in self.model.store.quads_for_pattern(None, link, None):
                kind = type(o)
                if kind is literal:
                    continue
                # node_key, inlined: this loop sees every link of the model
                u = "_:" + s.value if type(s) is blank else s.value
                v = "_:" + o.value if kind is blank else o.value
                out.setdefault(u, []).append(v)
                into.setdefault(v, []).append(u)
            for links in (out, into):
                for k, found in links.items():
                    if len(found) > 1:  # sorted, and once each (a triple in two graphs)
                        links[k] = sorted(set(found))
            self._indexes[key] = (out, into)
        return self._indexes[key]

    def _linked(self, iri: str, key: str, forward: bool) -> list[str]:
        """:meth:`links` (``forward``) or :meth:`linked_from`: from the property's index
        once it has been read or asked for more than :attr:`ONE_BY_ONE` times, else from
        the store's index for this one node (the same answer)."""
        read = self._indexes.get(key)
        if read is not None:
            return read[0 if forward else 1].get(iri, _NO_LINKS)
        if key not in EDGE_PROPERTIES:
            return []
        self._asked[key] += 1
        if self._asked[key] <= self.ONE_BY_ONE:
            try:
                node = key_term(iri)
            except ValueError:  # no IRI Oxigraph accepts: nothing links it
                return []
            link = ox.NamedNode(KKT + key)
            quads = self.model.store.quads_for_pattern(
                node if forward else None, link, None if forward else node
            )
            return sorted(
                {
                    node_key(q.object if forward else q.subject)
                    for q in quads
                    if type(q.object) is not ox.Literal
                }
            )
        return self._index(key)[0 if forward else 1].get(iri, _NO_LINKS)

    def links(self, iri: str, key: str) -> list[str]:
        """Sorted objects of ``iri``'s ``kkt:<key>`` links (IRIs and blank nodes only)."""
        return self._linked(iri, key, forward=True)

    def linked_from(self, iri: str, key: str) -> list[str]:
        """Sorted subjects with a ``kkt:<key>`` link to ``iri``."""
        return self._linked(iri, key, forward=False)

    @cached_property
    def _instances(self) -> dict[str, frozenset[str]]:
        return {}

    def instances(self, class_iri: str) -> frozenset[str]:
        """Every instance of a class (full IRI), subclass-aware; one read per class."""
        if class_iri not in self._instances:
            quads = self.model.store.quads_for_pattern(None, _RDF_TYPE, ox.NamedNode(class_iri))
            blank = ox.BlankNode  # node_key, inlined: a report reads every typed node
            self._instances[class_iri] = frozenset(
                "_:" + s.value if type(s) is blank else s.value for s, _, _, _ in quads
            )
        return self._instances[class_iri]

    def has(self, iri: str, cls: str) -> bool:
        """True when ``iri`` is an instance of the contract class ``kkt:<cls>`` (subclass-
        aware, as the projection's ``classes``); one read per class, when first asked for."""
        members = self._named.get(cls)
        if members is None:
            members = self._named[cls] = self.instances(KKT + cls)
        return iri in members

    @cached_property
    def _named(self) -> dict[str, frozenset[str]]:
        return {}

    def of_kind(self, cls: str) -> list[str]:
        """Sorted instances of ``kkt:<cls>`` (as :meth:`Model.nodes_of_kind`)."""
        if cls not in self._of_kind:
            self._of_kind[cls] = sorted(self.instances(KKT + cls))
        return self._of_kind[cls]

    @cached_property
    def _of_kind(self) -> dict[str, list[str]]:
        return {}

    # -- what the projection says of a node, without building it ---------------------------
    @cached_property
    def _classes_used(self) -> list[str]:
        """The ``kkt:`` classes that have instances, and every class with a ``kkt:level``."""
        used = {c.value for (c,) in self.model.query("SELECT DISTINCT ?c WHERE { ?s a ?c }")}  # type: ignore[misc,union-attr]
        return sorted(c for c in used if c.startswith(KKT) or c in self._class_levels)

    @cached_property
    def _class_levels(self) -> dict[str, int]:
        levels: dict[str, int] = {}
        for q in self.model.store.quads_for_pattern(None, _LEVEL, None):
            o, s = q.object, q.subject
            if isinstance(o, ox.Triple) or isinstance(s, ox.Triple):  # RDF-star: no level
                continue
            try:
                value = int(o.value)
            except ValueError:
                continue
            c = s.value
            levels[c] = min(value, levels.get(c, value))
        return levels

    @cached_property
    def _kinds(self) -> dict[str, str]:
        kinds: dict[str, str] = {}
        for k in reversed(KINDS):  # the most specific last, so it wins
            kinds.update(dict.fromkeys(self.instances(KKT + k), k))
        return kinds

    def kind(self, iri: str) -> str | None:
        """The node's most specific contract class (:data:`~kktrace.model.store.KINDS`)."""
        return self._kinds.get(iri)

    @cached_property
    def _levels(self) -> list[tuple[int, frozenset[str]]]:
        used = set(self._classes_used)
        return sorted(
            (level, self.instances(c)) for c, level in self._class_levels.items() if c in used
        )

    def level(self, iri: str) -> int | None:
        """1 strategy, 2 common, 3 local: the smallest ``kkt:level`` of its classes."""
        return next((level for level, members in self._levels if iri in members), None)

    @cached_property
    def _typed(self) -> frozenset[str]:
        return frozenset().union(
            *(self.instances(c) for c in self._classes_used if c.startswith(KKT))
        )

    def nodes(self) -> list[str]:
        """Every node of the projection, sorted: what has a ``kkt:`` type or is an end of a
        link."""
        ends = {n for p in EDGE_PROPERTIES for found in self._index(p) for n in found}
        return sorted(self._typed | ends)

    def in_model(self, iri: str) -> bool:
        """``iri`` is a node of the projection: it has a ``kkt:`` type or is an end of a link."""
        return iri in self._typed or any(
            self.links(iri, p) or self.linked_from(iri, p) for p in EDGE_PROPERTIES
        )

    @cached_property
    def notations(self) -> dict[str, str]:
        """node → its smallest ``skos:notation``."""
        found: dict[str, str] = {}
        for subject, _, o, _ in self.model.store.quads_for_pattern(None, _NOTATION, None):
            s, code = node_key(subject), node_key(o)
            if s not in found or code < found[s]:
                found[s] = code
        return found

    @cached_property
    def literals(self) -> Literals:
        """(subject, property local name) → the smallest literal value, for the properties
        of :data:`LITERAL_PROPERTIES` (read as needed, see :class:`~kktrace.facts.literals.Literals`)."""
        return Literals(self.model, LITERAL_PROPERTIES)

    # -- organisation -------------------------------------------------------------------
    @cached_property
    def _unit_parents(self) -> dict[str, list[str]]:
        up: dict[str, list[str]] = defaultdict(list)
        for s, o in bound_rows(self.model.select_values(_UNIT_LINKS)):
            up[s].append(o)
        return {k: sorted(v) for k, v in up.items()}

    def administration_of_unit(self, unit: str | None) -> str | None:
        """The Administration ``unit`` is, or belongs to through ``org:unitOf`` /
        ``org:subOrganizationOf`` (nearest first, then smallest IRI); else None."""
        if unit is None:
            return None
        seen = {unit}
        level = [unit]
        while level:
            admins = sorted(u for u in level if self.has(u, "Administration"))
            if admins:
                return admins[0]
            nxt = sorted({p for u in level for p in self._unit_parents.get(u, ()) if p not in seen})
            seen.update(nxt)
            level = nxt
        return None

    @cached_property
    def _admin_cache(self) -> dict[str, str | None]:
        return {}

    def administration_of(self, iri: str) -> str | None:
        """The administration an element belongs to (the one definition).

        An organisational unit: the Administration it is or belongs to. Anything else: the
        administration of the ``kkt:owner`` of the nearest plan up its ``kkt:partOf``
        chain (local plans and their elements); failing that, of its own
        ``kkt:responsible`` unit (common initiatives). Units reach their administration
        through ``org:unitOf`` / ``org:subOrganizationOf``. None = common (no
        administration).
        """
        cache = self._admin_cache
        if iri not in cache:
            cache[iri] = self._find_admin(iri)
        return cache[iri]

    @cached_property
    def _plan_admin(self) -> dict[str, str | None]:
        return {}

    def _owners_admin(self, iri: str) -> str | None:
        """The administration of the first ``kkt:owner`` (that has one) up ``iri``'s
        ``kkt:partOf`` chain. Kept per node on the walk: the nodes of one walk share the
        answer (unless the chain loops, then nothing is kept)."""
        known = self._plan_admin
        walked: list[str] = []
        seen: set[str] = set()
        node: str | None = iri
        found: str | None = None
        while node is not None and node not in seen:
            if node in known:
                found = known[node]
                break
            seen.add(node)
            walked.append(node)
            found = next(
                (
                    a
                    for a in map(self.administration_of_unit, self.links(node, "owner"))
                    if a is not None
                ),
                None,
            )
            if found is not None:
                break
            parents = self.links(node, "partOf")
            node = parents[0] if parents else None
        else:
            if node is not None:  # a loop: the answer depends on where the walk began
                return found
        known.update(dict.fromkeys(walked, found))
        return found

    def _find_admin(self, iri: str) -> str | None:
        if self.has(iri, "Administration") or iri in self._unit_parents:
            return self.administration_of_unit(iri)
        found = self._owners_admin(iri)
        if found is not None:
            return found
        for unit in self.links(iri, "responsible"):
            found = self.administration_of_unit(unit)
            if found is not None:
                return found
        return None

    @cached_property
    def _municipality_cache(self) -> dict[str, str | None]:
        return {}

    def municipality_of(self, iri: str) -> str | None:
        """A unit's municipality (``org:unitOf`` up the organisation), or a plan's: its
        owner's."""
        cache = self._municipality_cache
        if iri not in cache:
            cache[iri] = self._find_municipality(iri)
        return cache[iri]

    def _find_municipality(self, iri: str) -> str | None:
        start = [iri] if not self.links(iri, "owner") else self.links(iri, "owner")
        seen = set(start)
        level = start
        while level:
            found = sorted(u for u in level if self.has(u, "Municipality"))
            if found:
                return found[0]
            nxt = sorted({p for u in level for p in self._unit_parents.get(u, ()) if p not in seen})
            seen.update(nxt)
            level = nxt
        return None

    def same_municipality(self, admin: str, plan: str) -> bool:
        """True unless both say which municipality they belong to and the two differ."""
        a, p = self.municipality_of(admin), self.municipality_of(plan)
        return a is None or p is None or a == p

    # -- plans --------------------------------------------------------------------------
    def plans_by_date(self, iris: Iterable[str]) -> list[str]:
        return sorted(iris, key=lambda p: (self.literals.get((p, "startDate"), ""), p))

    def common_plans(self, transition: bool = False) -> list[str]:
        """Common plans by start date: the two-year ones, or (``transition``) the transition
        plans (exempt from the decision basis; local plans contribute to the two-year ones)."""
        plans = self.of_kind("CommonActionPlan")
        return self.plans_by_date(
            p for p in plans if self.has(p, "TransitionActionPlan") == transition
        )

    # -- decision readiness ---------------------------------------------------------------
    @cached_property
    def _not_ready(self) -> dict[str, frozenset[str]]:
        lacks: dict[str, set[str]] = defaultdict(set)
        for row in self.model.select(rule_query("not-decision-ready")):
            lacks[node_key(row["focus"])].add(row["lack"].value[len(KKT) :])
        return {k: frozenset(v) for k, v in lacks.items()}

    def readiness(self, plan: str) -> list[Readiness]:
        """Every common initiative of a non-transition common ``plan``, with what it lacks
        — exactly what the rule ``not-decision-ready`` reports (a literal responsible unit,
        business case or funding names nothing and does not count)."""
        if self.has(plan, "TransitionActionPlan") or not self.has(plan, "CommonActionPlan"):
            return []
        return [
            Readiness(i, plan, self._not_ready.get(i, frozenset()))
            for i in self.linked_from(plan, "partOf")
            if self.has(i, "CommonInitiative")
        ]

    # -- status as of a year ----------------------------------------------------------------
    @cached_property
    def own_status(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for s, o in sorted(bound_rows(self.model.select_values(_OWN_STATUS))):
            out.setdefault(s, _status_name(o))
        return out

    @cached_property
    def entries(self) -> dict[str, dict[int, str]]:
        """initiative → year → status; of two entries for one year, the first by entry IRI."""
        out: dict[str, dict[int, str]] = defaultdict(dict)
        for _e, i, y, st in sorted(bound_rows(self.model.select_values(_ENTRIES))):
            year = year_of(y)
            if year is not None:
                out[i].setdefault(year, _status_name(st))
        return dict(out)

    @cached_property
    def status_years(self) -> list[int]:
        """The years the data has status entries or status reports for, ascending."""
        rows = self.model.select_values(_STATUS_YEARS)
        return sorted({y for (v,) in rows if v and (y := year_of(v)) is not None})

    @cached_property
    def _periods(self) -> dict[str, tuple[date | None, date | None]]:
        return {}

    def period(self, iri: str) -> tuple[date | None, date | None]:
        """An initiative's own dates, else its plan's."""
        found = self._periods.get(iri)
        if found is None:
            found = self._periods[iri] = self._find_period(iri)
        return found

    def _find_period(self, iri: str) -> tuple[date | None, date | None]:
        plans = self.links(iri, "partOf")
        plan = plans[0] if plans else ""
        start = self.literals.get((iri, "startDate")) or self.literals.get((plan, "startDate"))
        end = self.literals.get((iri, "endDate")) or self.literals.get((plan, "endDate"))
        return (date_of(start) if start else None, date_of(end) if end else None)

    def last_entry_before(self, iri: str, year: int) -> tuple[int, str] | None:
        """(year, status) of the latest status entry before ``year``, or None."""
        years = [y for y in self.entries.get(iri, {}) if y < year]
        if not years:
            return None
        y = max(years)
        return y, self.entries[iri][y]

    def status_before(self, iri: str, year: int) -> str | None:
        """The status known before ``year``: the latest earlier entry, else its own
        ``kkt:status``."""
        before = self.last_entry_before(iri, year)
        return before[1] if before else self.own_status.get(iri)

    def finished_before(self, iri: str, year: int) -> bool:
        """Completed or Cancelled as known before ``year``."""
        return self.status_before(iri, year) in FINISHED

    def active_in(self, iri: str, year: int) -> bool:
        """Its period (own dates, else its plan's) overlaps ``year`` and it was not finished
        before (an initiative last known as Completed or Cancelled is not active)."""
        start, end = self.period(iri)
        if start is None and end is None:
            return False
        if (start or date.min) > date(year, 12, 31) or (end or date.max) < date(year, 1, 1):
            return False
        return not self.finished_before(iri, year)

    @cached_property
    def _missing(self) -> dict[str, list[int]]:
        out: dict[str, set[int]] = defaultdict(set)
        for row in self.model.select(rule_query("missing-status")):
            y = year_of(row["year"].value)
            if y is not None:
                out[node_key(row["focus"])].add(y)
        return {k: sorted(v) for k, v in sorted(out.items())}

    def missing_status(self, year: int | None = None) -> dict[str, list[int]]:
        """Initiative → the years it lacks a status entry though approved or in progress —
        exactly what the rule ``missing-status`` reports (``year``: only that year)."""
        if year is None:
            return dict(self._missing)
        return {i: [year] for i, ys in self._missing.items() if year in ys}

    # -- traceability ---------------------------------------------------------------------------
    @cached_property
    def reach(self) -> frozenset[str]:
        """Nodes whose ``kkt:supports`` chain reaches the strategy level."""
        tops = sorted(
            n
            for level, members in self._levels
            if level == STRATEGY_LEVEL
            for n in members
            if self.level(n) == STRATEGY_LEVEL and self.in_model(n)
        )
        # every supports link is visited: read them at once and walk the dict
        supported_by = self._index("supports")[1]
        return frozenset(reach(lambda n: supported_by.get(n, _NO_LINKS), tops))

    def _supported_by(self, iri: str) -> list[str]:
        return self.linked_from(iri, "supports")

    def supporters(self, iri: str) -> set[str]:
        """Nodes with a chain of one or more supports links to ``iri``."""
        if not self.in_model(iri):
            return set()
        return reach(self._supported_by, [iri]) - {iri}

    def chain(self, iri: str) -> TraceChain:
        """The trace chain of ``iri`` (:func:`kktrace.model.trace.chain_in`, without the
        projection)."""
        return chain_by(
            iri,
            up=lambda n: self.links(n, "supports"),
            level=self.level,
            kind=self.kind,
            known=self.in_model,
        )

    def coverage(self, admins: Iterable[str]) -> dict[str, tuple[int, int]]:
        """admin → (local initiatives, of which reach the strategy)."""
        per_admin: dict[str, list[str]] = defaultdict(list)
        for i in self.of_kind("LocalInitiative"):
            a = self.administration_of(i)
            if a is not None:
                per_admin[a].append(i)
        return {a: (len(per_admin[a]), sum(i in self.reach for i in per_admin[a])) for a in admins}

    @cached_property
    def _local_elements(self) -> frozenset[str]:
        return frozenset().union(*(self.instances(KKT + c) for c in LOCAL_ELEMENTS))

    def contributions(self, plan: str, admins: Iterable[str]) -> Contributions:
        """The traceability matrix of one common plan (see :class:`Contributions`)."""
        goals = [g for g in self.linked_from(plan, "partOf") if self.has(g, "CommonGoal")]
        listed = list(admins)
        result = Contributions(plan, goals, listed)
        # a matrix visits every supports link below its goals: walk the property's dict
        supported_by = self._index("supports")[1]
        local = self._local_elements
        for goal in goals:
            counts: Counter[str] = Counter()
            members: dict[str, list[str]] = defaultdict(list)
            other = 0
            found = (
                reach(lambda n: supported_by.get(n, _NO_LINKS), [goal]) - {goal}
                if self.in_model(goal)
                else set()
            )  # = self.supporters(goal)
            for s in sorted(found & local):
                a = self.administration_of(s)
                if a in listed:
                    counts[a] += 1  # type: ignore[index]
                    members[a].append(s)  # type: ignore[index]
                else:
                    other += 1
            result.by_admin[goal] = counts
            result.others[goal] = other
            result.members[goal] = dict(members)
        return result


# -- portfolio ---------------------------------------------------------------------------------


def portfolio_sums(
    items: Iterable[tuple[str, Decimal | None]], key: Mapping[str, Any]
) -> dict[Any, Decimal]:
    """Sum the budgets of ``items`` (initiative, budget) grouped by ``key[initiative]``.

    The scope is the items given: the caller states which initiatives they are. An
    initiative without a budget counts as 0.
    """
    out: dict[Any, Decimal] = defaultdict(Decimal)
    for iri, budget in items:
        out[key.get(iri)] += budget or Decimal(0)
    return dict(out)


__all__ = [
    "FINISHED",
    "LOCAL_ELEMENTS",
    "Contributions",
    "Facts",
    "Readiness",
    "bound_rows",
    "portfolio_sums",
    "rule_query",
    "year_of",
]
