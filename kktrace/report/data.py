"""The gap report's content, computed from a model and its findings (no formatting here).

:func:`assemble` returns a :class:`GapReport`: plain, sorted data the HTML and Markdown
templates lay out. The findings come in as a parameter, so the report can be built (and
tested) from any list of :class:`~kktrace.findings.finding.Finding`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from kktrace.errors import UsageError
from kktrace.facts import Facts, bound_rows
from kktrace.findings.finding import Finding, Severity
from kktrace.model.store import local_name
from kktrace.model.vocab import SEVERITIES
from kktrace.report.rules import RuleText

if TYPE_CHECKING:
    from kktrace.model.store import Model

_CHAIN_LEVELS = {2, 3}


@dataclass(frozen=True)
class Node:
    """A node as the reader sees it: label in the report's language, code and IRI."""

    iri: str
    label: str
    notation: str | None = None
    kind: str | None = None
    #: The data marks the element as illustrative (docs/provenance.md): a small mark shows it.
    illustrative: bool = False

    @property
    def code(self) -> str:
        """The notation, else the IRI's last part (for narrow table columns)."""
        return self.notation or local_name(self.iri)


@dataclass(frozen=True)
class Chain:
    """A trace chain as nodes; ``applicable`` is False where chains mean nothing."""

    steps: tuple[Node, ...]
    complete: bool
    reason: str | None
    applicable: bool = True


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    node: Node
    chain: Chain | None
    successor: Node | None = None

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def anchor(self) -> str:
        """A stable HTML id for the finding's row (the continuity section links to it)."""
        return finding_anchor(self.finding.rule, self.finding.focus)


def finding_anchor(rule: str, focus: str) -> str:
    """``f-`` + a short hash of (rule, focus): a valid, stable id whatever the IRI holds."""
    return "f-" + hashlib.sha1(f"{rule} {focus}".encode()).hexdigest()[:12]


#: A local plan that supports no common plan, and its administration reported as having no
#: local plan for the same period: one root cause (the missing link), one entry.
UNLINKED_PLAN = "unlinked-plan"
NOT_READY_RULE = "not-decision-ready"
MISSING_STATUS_RULE = "missing-status"


@dataclass
class Entry:
    """One root cause: the finding to act on and the findings that follow from it.

    ``cause`` is the main finding's rule id, or :data:`UNLINKED_PLAN`; ``owner`` is who acts
    (the administration, else the responsible unit, else the plan's owner); ``plan`` the plan
    the element belongs to; ``targets`` the plans the finding concerns (the common plan a
    local plan should support, a successor plan); ``details`` what is missing (parts of the
    decision basis, years without a status entry); ``blocker`` marks a finding that keeps a
    decided plan's initiative from its political decision.
    """

    main: FindingView
    follows: list[FindingView]
    cause: str
    owner: Node | None
    plan: Node | None
    targets: list[Node]
    details: tuple[str, ...]
    blocker: bool
    #: in a report over several municipalities: the municipality of the owner (else of the
    #: plan), so that "fix first" says whose BIF a line is about
    municipality: Node | None = None

    @property
    def severity(self) -> str:
        return self.main.severity

    @property
    def anchor(self) -> str:
        return self.main.anchor

    @property
    def views(self) -> list[FindingView]:
        return [self.main, *self.follows]


@dataclass
class RuleGroup:
    rule: RuleText
    findings: list[FindingView]


@dataclass
class AdminGroup:
    """The findings of one administration (``admin`` None = common), grouped by rule."""

    admin: Node | None
    rules: list[RuleGroup]
    counts: dict[str, int]
    entries: list[Entry] = field(default_factory=list)
    #: the common plans the administration has no local plan for (their period)
    no_plan: list[Node] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class RuleCount:
    rule: RuleText
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class MatrixTable:
    """Administrations × the common goals of one common plan."""

    plan: Node
    goals: list[Node]
    rows: list[tuple[Node, list[int]]]
    unsupported: list[Node]
    #: per goal, contributions from elements of no administration in ``rows`` (another
    #: municipality's, or of no administration): counted, not dropped
    others: list[int] = field(default_factory=list)
    #: per row, per goal: the local goals and initiatives that make up the cell
    members: list[list[list[Node]]] = field(default_factory=list)
    #: administrations (IRIs) without a local plan for this plan's period
    no_plan: set[str] = field(default_factory=set)
    #: administration (IRI) → the periods of its local plans counted in the row
    #: ("2013–2014", "2013–2014, 2015–2016"), so plans of different periods are told apart
    periods: dict[str, str] = field(default_factory=dict)
    #: per row, per goal: the IRIs of the cell's local goals and initiatives (the totals
    #: count these; ``members`` is left empty when the cells show counts only)
    member_iris: list[list[frozenset[str]]] = field(default_factory=list)
    #: the municipality the plan belongs to (IRI), when the report covers several
    municipality: str | None = None

    def row_total(self, index: int) -> int:
        """Distinct local elements of row ``index`` contributing to any goal of the plan."""
        return len(frozenset().union(*self.member_iris[index]))

    def column_total(self, index: int) -> int:
        """Distinct local elements (of the listed administrations) contributing to goal
        ``index``."""
        return len(frozenset().union(*(row[index] for row in self.member_iris)))

    @property
    def total(self) -> int:
        """Distinct local elements of the listed administrations contributing to the plan."""
        return len(frozenset().union(*(c for row in self.member_iris for c in row)))

    @property
    def no_plan_rows(self) -> int:
        """Rows (administrations) without a local plan for this plan's period."""
        return sum(a.iri in self.no_plan for a, _ in self.rows)

    @property
    def has_others(self) -> bool:
        return any(self.others)

    @functools.cached_property
    def short_codes(self) -> list[str]:
        """Goal codes without the prefix they share ("FHP-2011-M01" → "M01"): narrow columns
        (worked out once: the templates ask for it per column)."""
        return short_codes([g.code for g in self.goals])


@dataclass
class CoverageRow:
    admin: Node
    total: int
    traced: int

    @property
    def share(self) -> float | None:
        return self.traced / self.total if self.total else None


@dataclass
class ReadinessRow:
    initiative: Node
    responsible: Node | None
    business_case: bool
    funding: bool
    priority: str | None
    #: the properties it lacks, as the rule not-decision-ready reads them
    lacks: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        return not self.lacks


@dataclass
class ReadinessTable:
    plan: Node
    transition: bool
    decided: bool
    decision_date: str | None
    rows: list[ReadinessRow]

    @property
    def ready(self) -> int:
        return sum(r.ready for r in self.rows)

    @property
    def gaps(self) -> list[ReadinessRow]:
        """The rows not ready for decision (all a report over several municipalities lists)."""
        return [r for r in self.rows if not r.ready]


DROPPED_RULE = "dropped-without-decision"


@dataclass
class ContinuityRow:
    """One initiative of the earlier plan and what became of it in the successor plan.

    ``outcome`` is "continued" (``continued_by`` holds the successor plan's initiatives that
    kkt:continues it), "completed", "cancelled" or "dropped"; ``status`` and ``status_year``
    are what the report shows as its status (the latest status entry, else kkt:status);
    ``finding`` is the anchor of its dropped-without-decision finding, if reported.
    """

    initiative: Node
    status: str | None
    status_year: str | None
    outcome: str
    continued_by: list[Node]
    finding: str | None = None


@dataclass
class ContinuityTable:
    """The initiatives of ``earlier`` and what became of them in ``plan`` (kkt:successorOf)."""

    plan: Node
    earlier: Node
    rows: list[ContinuityRow]

    @property
    def anchor(self) -> str:
        return "continuity-" + hashlib.sha1(self.plan.iri.encode()).hexdigest()[:12]

    def count(self, outcome: str) -> int:
        return sum(r.outcome == outcome for r in self.rows)

    @property
    def gaps(self) -> list[ContinuityRow]:
        """The rows dropped without a decision (all a report over several municipalities
        lists)."""
        return [r for r in self.rows if r.outcome == "dropped"]


@dataclass
class Changes:
    baseline: str
    resolved: list[FindingView]
    new: list[FindingView]
    unchanged: int


@dataclass
class PeriodCell:
    """One administration in one common plan period."""

    plan: Node
    has_plan: bool
    initiatives: int
    traced: int
    findings: int
    errors: int


@dataclass
class PeriodRow:
    admin: Node
    cells: list[PeriodCell]


@dataclass(frozen=True)
class Element:
    """An element in the register: what it is, which plan and administration it is in."""

    node: Node
    plan: Node | None
    admin: Node | None
    finding: str | None

    @property
    def anchor(self) -> str:
        return element_anchor(self.node.iri)


def element_anchor(iri: str) -> str:
    """``e-`` + a short hash of the IRI: where an element is described in the report."""
    return "e-" + hashlib.sha1(iri.encode()).hexdigest()[:12]


@dataclass
class MunicipalityGroup:
    """One municipality's part of a report over several: its common plans' matrices,
    decision readiness and continuity, and the counts the overview shows (each read from
    those tables, so the overview and the tables agree)."""

    node: Node | None
    matrices: list[MatrixTable] = field(default_factory=list)
    readiness: list[ReadinessTable] = field(default_factory=list)
    continuity: list[ContinuityTable] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "m-" + hashlib.sha1((self.node.iri if self.node else "").encode()).hexdigest()[:12]

    @property
    def goals(self) -> int:
        return sum(len(m.goals) for m in self.matrices)

    @property
    def unsupported(self) -> int:
        return sum(len(m.unsupported) for m in self.matrices)

    @property
    def no_plan(self) -> int:
        """(administration, common plan) pairs without a local plan."""
        return sum(m.no_plan_rows for m in self.matrices)

    @property
    def initiatives(self) -> int:
        """Common initiatives that need a decision basis (two-year plans)."""
        return sum(len(t.rows) for t in self.readiness if not t.transition)

    @property
    def ready(self) -> int:
        return sum(t.ready for t in self.readiness if not t.transition)

    @property
    def dropped(self) -> int:
        return sum(t.count("dropped") for t in self.continuity)


@dataclass
class GapReport:
    """Everything the templates show, in display order."""

    lang: str
    date: str
    #: None = the bundled data (the templates name it in the report's language)
    source: str | None
    admin: Node | None
    facts: dict[str, object]
    strategies: list[Node]
    severity_counts: dict[str, int]
    by_rule: list[RuleCount]
    by_admin: list[AdminGroup]
    matrices: list[MatrixTable]
    coverage: list[CoverageRow]
    readiness: list[ReadinessTable]
    rules: list[RuleText]
    transition_plans: list[Node] = field(default_factory=list)
    continuity: list[ContinuityTable] = field(default_factory=list)
    changes: Changes | None = None
    findings: list[Finding] = field(default_factory=list)
    #: every root cause, "fix first" order (decision blockers, then by severity)
    fix_first: list[Entry] = field(default_factory=list)
    #: per administration and common plan period: plan, initiatives, traced, findings
    periods: list[PeriodRow] = field(default_factory=list)
    #: every element named in the report, for the register its mentions link to
    elements: list[Element] = field(default_factory=list)
    #: a report over several municipalities (and no --administration): matrix, decision
    #: readiness and continuity are grouped per municipality, matrix cells show counts only
    municipalities: list[MunicipalityGroup] = field(default_factory=list)

    @property
    def national(self) -> bool:
        return bool(self.municipalities)

    @property
    def no_plan(self) -> list[tuple[Node, Node]]:
        """(administration, common plan) of every matrix row without a local plan."""
        return [(a, m.plan) for m in self.matrices for a, _ in m.rows if a.iri in m.no_plan]

    @property
    def unsupported(self) -> list[tuple[Node, Node]]:
        """(plan, goal) of every common goal in :attr:`matrices` with no contribution."""
        return [(m.plan, g) for m in self.matrices for g in m.unsupported]


# -- helpers ---------------------------------------------------------------------------


def short_codes(codes: list[str]) -> list[str]:
    """Drop the prefix all ``codes`` share, up to its last ``-``, ``_``, ``.`` or ``/``.

    >>> short_codes(["FHP-2011-M01", "FHP-2011-M02"])
    ['M01', 'M02']
    >>> short_codes(["A1"])
    ['A1']
    """
    if len(codes) < 2:
        return list(codes)
    first, last = min(codes), max(codes)
    size = next(
        (i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
        min(len(first), len(last)),
    )
    prefix = first[:size]
    cut = max(prefix.rfind(c) for c in "-_./") + 1
    if cut <= 0 or any(len(c) <= cut for c in codes):
        return list(codes)
    return [c[cut:] for c in codes]


@functools.lru_cache(maxsize=65536)
def natural_key(text: str) -> tuple[object, ...]:
    """Sort key that puts "M2" before "M10"."""
    return tuple(int(p) if p.isdigit() else p.casefold() for p in _DIGITS.split(text))


_DIGITS = re.compile(r"(\d+)")


class _Facts:
    """Lookups over the model shared by every part of the report (the facts themselves
    come from :class:`kktrace.facts.Facts`)."""

    def __init__(self, model: Model, lang: str) -> None:
        self.model = model
        self.lang = lang
        self.truth = Facts(model)
        self.literals = self.truth.literals
        self.reach = self.truth.reach
        from kktrace.provenance import illustrative_elements

        self.illustrative = illustrative_elements(model)
        self._nodes: dict[str, Node] = {}
        self._plans: dict[str, str | None] = {}
        self._sort_keys: dict[str, tuple[Node, tuple[tuple[object, ...], str]]] = {}
        self._in_municipality: dict[tuple[int, str], tuple[list[Node], list[Node]]] = {}

    def kind(self, iri: str) -> str | None:
        return self.truth.kind(iri)

    def has(self, iri: str, cls: str) -> bool:
        return self.truth.has(iri, cls)

    def of_kind(self, *kinds: str) -> list[str]:
        """Sorted nodes of any of ``kinds`` (as :meth:`Model.nodes_of_kind`)."""
        if len(kinds) == 1:
            return self.truth.of_kind(kinds[0])
        return sorted({n for k in kinds for n in self.truth.of_kind(k)})

    def node(self, iri: str, fallback_label: str = "") -> Node:
        if self.truth.in_model(iri):
            found = self._nodes.get(iri)
            if found is None:
                found = self._nodes[iri] = Node(
                    iri,
                    self.model.label(iri, self.lang),
                    self.truth.notations.get(iri),
                    self.truth.kind(iri),
                    iri in self.illustrative,
                )
            return found
        return Node(iri, fallback_label or local_name(iri))

    def links(self, iri: str, key: str) -> list[str]:
        return self.truth.links(iri, key)

    def parts(self, iri: str) -> list[str]:
        return self.truth.linked_from(iri, "partOf")

    def admin_of(self, iri: str) -> str | None:
        """The administration an element belongs to (:meth:`Facts.administration_of`)."""
        return self.truth.administration_of(iri)

    def same_municipality(self, admin: str, plan: str) -> bool:
        return self.truth.same_municipality(admin, plan)

    def in_municipality_of(self, nodes: list[Node], iri: str) -> list[Node]:
        """The ``nodes`` that :meth:`same_municipality` puts with ``iri``, in their order."""
        here = self.truth.municipality_of(iri)
        if here is None:
            return list(nodes)
        key = (id(nodes), here)
        if key not in self._in_municipality:
            muni = self.truth.municipality_of
            # Kept with the list it was made from, so the id cannot be reused meanwhile.
            self._in_municipality[key] = (
                nodes,
                [n for n in nodes if muni(n.iri) in (None, here)],
            )
        return list(self._in_municipality[key][1])

    def chain(self, iri: str) -> Chain:
        if not self.truth.in_model(iri) or self.truth.level(iri) not in _CHAIN_LEVELS:
            return Chain((), False, None, applicable=False)
        tc = self.truth.chain(iri)
        return Chain(tuple(self.node(n) for n in tc.path), tc.complete, tc.reason)

    def sorted_nodes(self, iris: Iterable[str]) -> list[Node]:
        return sorted((self.node(i) for i in iris), key=self.sort_key)

    def sort_key(self, n: Node) -> tuple[tuple[object, ...], str]:
        """Code (else label) in natural order, then IRI; computed once per node."""
        found = self._sort_keys.get(n.iri)
        if found is None or found[0] is not n:
            found = self._sort_keys[n.iri] = (n, (natural_key(n.notation or n.label), n.iri))
        return found[1]

    def plans_by_date(self, iris: Iterable[str]) -> list[str]:
        return self.truth.plans_by_date(iris)

    def overlaps(self, a: str, b: str) -> bool:
        """True when the periods of ``a`` and ``b`` (own dates, else their plan's) overlap;
        an unknown end counts as open, an element without any date overlaps nothing."""
        (s1, e1), (s2, e2) = self.truth.period(a), self.truth.period(b)
        if not (s1 or e1) or not (s2 or e2):
            return False
        return (s1 or date.min) <= (e2 or date.max) and (s2 or date.min) <= (e1 or date.max)

    def plan_of(self, iri: str) -> str | None:
        """The action plan an element is kkt:partOf (itself for a plan), else None."""
        if iri not in self._plans:
            self._plans[iri] = self._find_plan(iri)
        return self._plans[iri]

    def _find_plan(self, iri: str) -> str | None:
        node: str | None = iri
        seen: set[str] = set()
        while node is not None and node not in seen:
            seen.add(node)
            if self.has(node, "ActionPlan"):
                return node
            parents = self.links(node, "partOf")
            node = parents[0] if parents else None
        return None

    def local_plans(self, admin: str) -> list[str]:
        """The local action plans ``admin`` owns (kkt:owner)."""
        return [p for p in self.truth.linked_from(admin, "owner") if self.has(p, "LocalActionPlan")]

    def has_local_plan(self, admin: str, common_plan: str) -> bool:
        """``admin`` owns a local plan that supports ``common_plan`` or shares its period."""
        return any(
            common_plan in self.links(p, "supports") or self.overlaps(p, common_plan)
            for p in self.local_plans(admin)
        )


# -- assembly --------------------------------------------------------------------------


@dataclass
class Prepared:
    """The part of the report that needs the model only, not the findings.

    :func:`prepare` computes it; the CLI does so on a thread while ``check`` runs its
    rules (Oxigraph gives up the GIL while a query runs), then :func:`assemble` adds the
    findings. The result is the same as computing everything after the check.
    """

    lang: str
    administration: str | None
    facts: _Facts
    admins: list[Node]
    admin: Node | None
    counts: dict[str, object]
    strategies: list[Node]
    matrices: list[MatrixTable]
    coverage: list[CoverageRow]
    readiness: list[ReadinessTable]
    transition_plans: list[Node]
    continuity: list[ContinuityTable]
    municipalities: list[MunicipalityGroup] = field(default_factory=list)


def prepare(model: Model, *, lang: str, administration: str | None = None) -> Prepared:
    """The findings-independent content of the report (see :class:`Prepared`).

    ``administration`` is a skos:notation (e.g. "BUF"); an unknown one raises
    :class:`~kktrace.errors.UsageError`.
    """
    facts = _Facts(model, lang)
    admins = facts.sorted_nodes(facts.of_kind("Administration"))
    admin = _pick_admin(admins, administration)
    if admin is not None:
        admins = [admin]
    # Above one municipality the matrix cells show counts, not their elements.
    national = admin is None and len(_municipalities(facts, model)) > 1
    if admin is None and not national:
        # The whole report names nearly every goal and initiative (the matrix cells).
        model.read_labels()
    matrices = _matrices(facts, model, admins, listed=not national)
    readiness = _readiness(facts, model, admin)
    continuity = _continuity(facts, model, admin)
    return Prepared(
        lang=lang,
        administration=administration,
        facts=facts,
        admins=admins,
        admin=admin,
        counts=_counts(facts, model),
        strategies=facts.sorted_nodes(facts.of_kind("ITStrategy")),
        matrices=matrices,
        coverage=_coverage(facts, model, admins),
        readiness=readiness,
        transition_plans=[facts.node(p) for p in _common_plans(facts, model, transition=True)],
        continuity=continuity,
        municipalities=(
            _by_municipality(facts, matrices, readiness, continuity) if national else []
        ),
    )


def _municipalities(facts: _Facts, model: Model) -> set[str | None]:
    """The municipalities the common plans belong to (None: of no municipality)."""
    return {facts.truth.municipality_of(p) for p in _common_plans(facts, model)}


def _municipality(facts: _Facts, entry: Entry) -> Node | None:
    """The municipality of an entry's owner, else of its plan (an owner that is only a
    dangling reference belongs to none)."""
    for unit in (entry.owner, entry.plan):
        iri = facts.truth.municipality_of(unit.iri) if unit is not None else None
        if iri:
            return facts.node(iri)
    return None


def _by_municipality(
    facts: _Facts,
    matrices: list[MatrixTable],
    readiness: list[ReadinessTable],
    continuity: list[ContinuityTable],
) -> list[MunicipalityGroup]:
    """The tables grouped by the municipality of their plan, municipalities by name
    (plans of no municipality last)."""
    groups: dict[str | None, MunicipalityGroup] = {}

    def group(plan: str) -> MunicipalityGroup:
        iri = facts.truth.municipality_of(plan)
        if iri not in groups:
            groups[iri] = MunicipalityGroup(facts.node(iri) if iri else None)
        return groups[iri]

    for m in matrices:
        m.municipality = facts.truth.municipality_of(m.plan.iri)
        group(m.plan.iri).matrices.append(m)
    for t in readiness:
        group(t.plan.iri).readiness.append(t)
    for c in continuity:
        group(c.plan.iri).continuity.append(c)
    named = facts.sorted_nodes(i for i in groups if i is not None)
    return [groups[n.iri] for n in named] + ([groups[None]] if None in groups else [])


def assemble(
    model: Model,
    findings: Sequence[Finding],
    *,
    lang: str,
    date: str,
    rules: Mapping[str, RuleText],
    source: str | None,
    administration: str | None = None,
    baseline: Sequence[Finding] | None = None,
    baseline_name: str = "",
    prepared: Prepared | None = None,
) -> GapReport:
    """Compute the gap report's content.

    ``rules`` maps rule id → texts (unknown ids get their id as title); ``administration``
    is a skos:notation (e.g. "BUF") that narrows findings, matrix rows, coverage and
    decision readiness to that administration; ``baseline`` is an earlier run's findings,
    compared by (rule, focus); ``prepared`` is :func:`prepare`'s result for the same
    model, language and administration (computed here when not given).
    """
    if prepared is None:
        prepared = prepare(model, lang=lang, administration=administration)
    elif (prepared.lang, prepared.administration) != (lang, administration):
        raise ValueError("prepared for another language or administration")
    facts, admins, admin = prepared.facts, prepared.admins, prepared.admin

    def keep(f: Finding) -> bool:
        return admin is None or facts.admin_of(f.focus) == admin.iri

    current = sorted(f for f in set(findings) if keep(f))
    texts = dict(rules)
    for f in current:
        texts.setdefault(f.rule, RuleText.unknown(f.rule, f.severity))
    views = [_view(facts, f) for f in current]
    dropped = {f.focus: finding_anchor(f.rule, f.focus) for f in current if f.rule == DROPPED_RULE}
    for table in prepared.continuity:
        for row in table.rows:
            if row.outcome == "dropped":
                row.finding = dropped.get(row.initiative.iri)
    report = GapReport(
        lang=lang,
        date=date,
        source=source,
        admin=admin,
        facts={**prepared.counts, "rules": len(texts)},
        strategies=prepared.strategies,
        severity_counts=_severity_counts(current),
        by_rule=_by_rule(views, texts),
        by_admin=_by_admin(facts, views, texts, admins),
        matrices=prepared.matrices,
        coverage=prepared.coverage,
        readiness=prepared.readiness,
        rules=sorted(texts.values(), key=lambda r: (-Severity(r.severity).rank, r.id)),
        transition_plans=prepared.transition_plans,
        continuity=prepared.continuity,
        findings=current,
        municipalities=prepared.municipalities,
    )
    if baseline is not None:
        report.changes = _changes(facts, current, [f for f in baseline if keep(f)], baseline_name)
    entries = _entries(facts, model, views)
    if report.municipalities:
        for e in entries:
            e.municipality = _municipality(facts, e)
    report.fix_first = sorted(entries, key=_fix_order)
    by_iri = {g.admin.iri if g.admin else None: g for g in report.by_admin}
    for e in sorted(entries, key=lambda e: (-Severity(e.severity).rank, _entry_key(e))):
        group = by_iri.get(facts.admin_of(e.main.finding.focus))
        if group is None:
            group = by_iri.get(None) or _common_group(report, by_iri)
        group.entries.append(e)
    no_plan: dict[str, list[Node]] = {}
    for a, p in report.no_plan:
        no_plan.setdefault(a.iri, []).append(p)
    for g in report.by_admin:
        if g.admin is not None:
            g.no_plan = no_plan.get(g.admin.iri, [])
    report.periods = _periods(facts, model, admins, views, report)
    report.elements = _elements(facts, report)
    return report


def _common_group(report: GapReport, by_iri: dict[str | None, AdminGroup]) -> AdminGroup:
    group = AdminGroup(None, [], _severity_counts([]))
    report.by_admin.append(group)
    by_iri[None] = group
    return group


def _pick_admin(admins: list[Node], code: str | None) -> Node | None:
    if code is None:
        return None
    for a in admins:
        if code in (a.notation, a.iri) or (a.notation or "").casefold() == code.casefold():
            return a
    known = ", ".join(a.notation or a.iri for a in admins) or "none in the data"
    raise UsageError(
        f"--administration {code}: no administration has that code — use one of: {known}"
    )


def _view(facts: _Facts, f: Finding) -> FindingView:
    successor = None
    if f.rule == DROPPED_RULE and f.related:
        successor = facts.node(f.related[0])
    return FindingView(f, facts.node(f.focus, f.label), facts.chain(f.focus), successor)


def _severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def _by_rule(views: list[FindingView], texts: Mapping[str, RuleText]) -> list[RuleCount]:
    groups: dict[str, list[FindingView]] = {}
    for v in views:
        groups.setdefault(v.finding.rule, []).append(v)
    rows = [
        RuleCount(texts[r], _severity_counts(v.finding for v in vs)) for r, vs in groups.items()
    ]
    return sorted(rows, key=lambda r: (-Severity(r.rule.severity).rank, -r.total, r.rule.id))


def _by_admin(
    facts: _Facts, views: list[FindingView], texts: Mapping[str, RuleText], admins: list[Node]
) -> list[AdminGroup]:
    buckets: dict[str | None, list[FindingView]] = {}
    for v in views:
        buckets.setdefault(facts.admin_of(v.finding.focus), []).append(v)
    groups = []
    for a in [*admins, None]:
        own = buckets.get(a.iri if a else None, [])
        if a is None and not own:
            continue
        by_rule: dict[str, list[FindingView]] = {}
        for v in own:
            by_rule.setdefault(v.finding.rule, []).append(v)
        rule_groups = [
            RuleGroup(texts[r], sorted(vs, key=lambda v: (natural_key(v.node.code), v.node.iri)))
            for r, vs in by_rule.items()
        ]
        rule_groups.sort(key=lambda g: (-Severity(g.rule.severity).rank, g.rule.id))
        groups.append(AdminGroup(a, rule_groups, _severity_counts(v.finding for v in own)))
    return groups


def _common_plans(facts: _Facts, model: Model, transition: bool = False) -> list[str]:
    """Common plans by start date: the two-year plans, or (``transition``) the transition ones.

    Transition plans stay out of the matrix and decision readiness: local plans contribute
    to the two-year plans, and the transition plan is exempt from the decision basis.
    """
    plans = facts.of_kind("CommonActionPlan")
    return facts.plans_by_date(
        p for p in plans if facts.has(p, "TransitionActionPlan") == transition
    )


def _matrices(
    facts: _Facts, model: Model, admins: list[Node], listed: bool = True
) -> list[MatrixTable]:
    """Per two-year common plan, its administrations × common goals; ``listed`` names
    each cell's local goals and initiatives (``members``), else the cells are counts."""
    tables = []
    for plan in _common_plans(facts, model):
        # A plan's rows are the administrations of its own municipality (as the rule
        # missing-local-plan scopes them), so a national data set does not cross every
        # administration with every municipality's plans; contributions from any other
        # element are counted in ``others``, not dropped.
        row_admins = facts.in_municipality_of(admins, plan)
        if not row_admins:
            continue
        contrib = facts.truth.contributions(plan, [a.iri for a in row_admins])
        goals = facts.sorted_nodes(contrib.goals)
        rows = [(a, [contrib.cell(a.iri, g.iri) for g in goals]) for a in row_admins]
        unsupported = [g for g in goals if not contrib.supported(g.iri)]
        others = [contrib.others.get(g.iri, 0) for g in goals]
        member_iris = [
            [frozenset(contrib.members.get(g.iri, {}).get(a.iri, ())) for g in goals]
            for a in row_admins
        ]
        members = (
            [[facts.sorted_nodes(cell) for cell in row] for row in member_iris] if listed else []
        )
        no_plan = {a.iri for a in row_admins if not facts.has_local_plan(a.iri, plan)}
        periods = {a.iri: _plan_periods(facts, a.iri, plan) for a in row_admins}
        tables.append(
            MatrixTable(
                facts.node(plan),
                goals,
                rows,
                unsupported,
                others,
                members,
                no_plan,
                {a: p for a, p in periods.items() if p},
                member_iris,
            )
        )
    return tables


def _plan_periods(facts: _Facts, admin: str, plan: str) -> str:
    """The periods ("2013–2014") of ``admin``'s local plans that support ``plan``."""
    out = []
    for local in facts.plans_by_date(facts.local_plans(admin)):
        if plan not in facts.links(local, "supports"):
            continue
        start, end = facts.truth.period(local)
        years = sorted({d.year for d in (start, end) if d is not None})
        if years:
            out.append("–".join(str(y) for y in dict.fromkeys([years[0], years[-1]])))
    return ", ".join(dict.fromkeys(out))


def _coverage(facts: _Facts, model: Model, admins: list[Node]) -> list[CoverageRow]:
    counts = facts.truth.coverage(a.iri for a in admins)
    return [CoverageRow(a, *counts[a.iri]) for a in admins]


def _readiness(facts: _Facts, model: Model, admin: Node | None) -> list[ReadinessTable]:
    """Per two-year common plan, its common initiatives and what each lacks — read from
    :meth:`Facts.readiness` (the rule not-decision-ready), so table and rule agree."""
    tables = []
    for plan in _common_plans(facts, model):
        rows = []
        by_iri = {r.initiative: r for r in facts.truth.readiness(plan)}
        for i in facts.sorted_nodes(by_iri):
            state = by_iri[i.iri]
            responsible = [
                r for r in facts.links(i.iri, "responsible") if "responsible" not in state.lacks
            ]
            if admin is not None and facts.admin_of(i.iri) != admin.iri:
                continue
            rows.append(
                ReadinessRow(
                    initiative=i,
                    responsible=facts.node(responsible[0]) if responsible else None,
                    business_case="businessCase" not in state.lacks,
                    funding="funding" not in state.lacks,
                    priority=(
                        facts.literals.get((i.iri, "priority"), "")
                        if "priority" not in state.lacks
                        else None
                    ),
                    lacks=tuple(sorted(state.lacks)),
                )
            )
        if admin is not None and not rows:
            continue
        decisions = facts.links(plan, "decision")
        tables.append(
            ReadinessTable(
                plan=facts.node(plan),
                transition=facts.has(plan, "TransitionActionPlan"),
                decided=bool(decisions),
                decision_date=facts.literals.get((decisions[0], "date")) if decisions else None,
                rows=rows,
            )
        )
    return tables


def _statuses(model: Model) -> tuple[dict[str, str], dict[str, tuple[str, list[str]]]]:
    """kkt:status per resource, and per initiative its latest status entries (year, statuses)."""
    own: dict[str, str] = {}
    query = "SELECT ?s ?o WHERE { ?s kkt:status ?o . FILTER(isIRI(?o)) }"
    for subject, status in sorted(bound_rows(model.select_values(query))):
        own.setdefault(subject, local_name(status))
    latest: dict[str, tuple[str, list[str]]] = {}
    query = (
        "SELECT ?i ?y ?o WHERE { ?e kkt:about ?i ; kkt:year ?y ; kkt:status ?o . "
        "FILTER(isIRI(?o)) }"
    )
    for i, y, status in bound_rows(model.select_values(query)):
        o = local_name(status)
        year, statuses = latest.get(i, ("", []))
        if y > year:
            latest[i] = (y, [o])
        elif y == year and o not in statuses:
            statuses.append(o)
    for _, statuses in latest.values():
        statuses.sort()
    return own, latest


def _continuity(facts: _Facts, model: Model, admin: Node | None) -> list[ContinuityTable]:
    """Per plan with kkt:successorOf: the earlier plan's initiatives and what became of them.

    The whole-municipality report shows the common plans' chains; with an administration,
    that administration's local plans' chains (the common plans are not its to continue).
    Outcome, as the rule dropped-without-decision reads it: continued by an initiative of
    the successor plan, else Completed / Cancelled (kkt:status or the latest status entry),
    else dropped. (:func:`assemble` links a dropped row to its finding.)
    """
    plans = []
    for p in facts.plans_by_date(facts.of_kind("ActionPlan")):
        if admin is None and not facts.has(p, "CommonActionPlan"):
            continue
        if admin is not None and (
            not facts.has(p, "LocalActionPlan") or facts.admin_of(p) != admin.iri
        ):
            continue
        plans.append(p)
    if not plans:
        return []
    own, latest = _statuses(model)
    tables = []
    for plan in plans:
        members = set(facts.parts(plan))
        for earlier in facts.plans_by_date(
            e for e in facts.links(plan, "successorOf") if facts.has(e, "ActionPlan")
        ):
            rows = []
            for i in facts.sorted_nodes(
                p for p in facts.parts(earlier) if facts.has(p, "Initiative")
            ):
                by = facts.sorted_nodes(
                    c for c in facts.truth.linked_from(i.iri, "continues") if c in members
                )
                year, entries = latest.get(i.iri, (None, []))
                status = entries[-1] if entries else own.get(i.iri)
                closed = {own.get(i.iri), *entries}
                if by:
                    outcome = "continued"
                elif "Completed" in closed:
                    outcome = "completed"
                elif "Cancelled" in closed:
                    outcome = "cancelled"
                else:
                    outcome = "dropped"
                rows.append(ContinuityRow(i, status, year if entries else None, outcome, by))
            tables.append(ContinuityTable(facts.node(plan), facts.node(earlier), rows))
    return tables


def _counts(facts: _Facts, model: Model) -> dict[str, object]:
    """The data set's size for the appendix (``assemble`` adds the number of rules)."""

    def n(*kinds: str) -> int:
        return len(facts.of_kind(*kinds))

    from kktrace.provenance import coverage

    cov = coverage(model)
    return {
        "files": len(model.files),
        "triples": model.data_triples,
        # how much of the data is sourced (docs/provenance.md)
        "sourced": cov.sourced,
        "illustrative": cov.illustrative,
        "unsourced": cov.other,
        "links_documented": cov.documented_links,
        "links": cov.links,
        "plans": (n("CommonActionPlan"), n("LocalActionPlan")),
        "goals": (n("CommonGoal"), n("LocalGoal")),
        "initiatives": (n("CommonInitiative"), n("LocalInitiative")),
        "administrations": n("Administration"),
    }


def _changes(facts: _Facts, current: list[Finding], old: list[Finding], name: str) -> Changes:
    now = {(f.rule, f.focus) for f in current}
    before = {(f.rule, f.focus) for f in old}
    gone: dict[tuple[str, str], Finding] = {}
    for f in sorted(old):
        if (f.rule, f.focus) not in now:
            gone.setdefault((f.rule, f.focus), f)
    resolved = list(gone.values())
    new = [f for f in current if (f.rule, f.focus) not in before]
    return Changes(
        baseline=name,
        resolved=[FindingView(f, facts.node(f.focus, f.label), None) for f in resolved],
        new=[_view(facts, f) for f in new],
        unchanged=len(now & before),
    )


# -- root causes and "fix first" ---------------------------------------------------------


def _entry_key(e: Entry) -> tuple[object, ...]:
    return (
        natural_key(e.owner.code) if e.owner else (),
        natural_key(e.main.node.code),
        e.main.finding.rule,
        e.main.node.iri,
    )


def _fix_order(e: Entry) -> tuple[object, ...]:
    """Decision blockers first, then errors before warnings before info."""
    return (not e.blocker, -Severity(e.severity).rank, *_entry_key(e))


def _owner(facts: _Facts, f: Finding) -> Node | None:
    """Who acts on a finding: the element's responsible unit, else its administration,
    else the owner of its plan."""
    for unit in facts.links(f.focus, "responsible"):
        return facts.node(unit)
    admin = facts.admin_of(f.focus)
    if admin is not None:
        return facts.node(admin)
    plan = facts.plan_of(f.focus)
    for owner in facts.links(plan, "owner") if plan else []:
        return facts.node(owner)
    return None


_PARTS = ("responsible", "businessCase", "funding", "priority")


def _missing_parts(facts: _Facts, iri: str) -> tuple[str, ...]:
    """The parts of the decision basis an initiative lacks, as the rule reads them."""
    plan = facts.plan_of(iri)
    for state in facts.truth.readiness(plan) if plan else []:
        if state.initiative == iri:
            return tuple(p for p in _PARTS if p in state.lacks)
    return ()


def _entries(facts: _Facts, model: Model, views: list[FindingView]) -> list[Entry]:
    """One :class:`Entry` per root cause.

    A local plan that supports no common plan, and the same administration reported as
    having no local plan for a common plan whose period the local plan shares, are one
    cause: the missing link. The missing-local-plan finding follows the unlinked plan's.
    """
    unlinked = [v for v in views if v.finding.rule == "local-plan-not-supporting-common-plan"]
    follows: dict[str, list[FindingView]] = {}
    targets: dict[str, list[str]] = {}
    absorbed: set[int] = set()
    for v in views:
        if v.finding.rule != "missing-local-plan":
            continue
        for u in unlinked:
            local = u.finding.focus
            if local not in facts.local_plans(v.finding.focus):
                continue
            shared = [c for c in v.finding.related if facts.overlaps(local, c)]
            if shared:
                follows.setdefault(local, []).append(v)
                targets.setdefault(local, []).extend(shared)
                absorbed.add(id(v))
                break
    gaps = facts.truth.missing_status()
    entries = []
    for v in views:
        if id(v) in absorbed:
            continue
        f = v.finding
        plan = facts.plan_of(f.focus)
        cause, target_iris = f.rule, list(f.related)
        details: tuple[str, ...] = ()
        if f.rule == "local-plan-not-supporting-common-plan":
            target_iris = sorted(set(targets.get(f.focus, [])))
            if f.focus in follows:
                cause = UNLINKED_PLAN
        elif f.rule == NOT_READY_RULE:
            details = _missing_parts(facts, f.focus)
        elif f.rule == MISSING_STATUS_RULE:
            details = tuple(str(y) for y in gaps.get(f.focus, []))
        if f.rule in ("orphan-initiative", NOT_READY_RULE, MISSING_STATUS_RULE):
            target_iris = []
        blocker = f.rule == NOT_READY_RULE and bool(plan and facts.links(plan, "decision"))
        entries.append(
            Entry(
                main=v,
                follows=follows.get(f.focus, []),
                cause=cause,
                owner=_owner(facts, f),
                plan=facts.node(plan) if plan else None,
                targets=[facts.node(t) for t in target_iris if facts.truth.in_model(t)],
                details=details,
                blocker=blocker,
            )
        )
    return entries


# -- across plan periods ---------------------------------------------------------------


def _periods(
    facts: _Facts, model: Model, admins: list[Node], views: list[FindingView], report: GapReport
) -> list[PeriodRow]:
    """Per administration and common plan period: its local plan, initiatives, findings.

    A local element belongs to the period of the common plan its own plan shares a period
    with; a finding about the administration itself (no local plan) to the plans it names.
    """
    periods = [m.plan for m in report.matrices]
    if not periods:
        return []
    hits: dict[str, list[Node]] = {}

    def periods_of(plan: str | None) -> list[Node]:
        """The common plan periods a local plan shares (its own municipality's), cached."""
        if plan is None:
            return []
        if plan not in hits:
            hits[plan] = [
                p for p in facts.in_municipality_of(periods, plan) if facts.overlaps(plan, p.iri)
            ]
        return hits[plan]

    initiatives: dict[tuple[str, str], list[str]] = {}
    for i in facts.of_kind("LocalInitiative"):
        owner = facts.admin_of(i)
        if owner is None:
            continue
        for p in periods_of(facts.plan_of(i)):
            initiatives.setdefault((owner, p.iri), []).append(i)
    found: Counter[tuple[str, str]] = Counter()
    errors: Counter[tuple[str, str]] = Counter()
    for v in views:
        owner = facts.admin_of(v.finding.focus)
        if owner is None:
            continue
        if v.finding.focus == owner:
            hit = [p for p in periods if p.iri in v.finding.related]
        else:
            hit = periods_of(facts.plan_of(v.finding.focus))
        for p in hit[:1]:
            found[(owner, p.iri)] += 1
            errors[(owner, p.iri)] += v.severity == "error"
    rows = []
    for a in admins:
        cells = []
        for p in facts.in_municipality_of(periods, a.iri):
            mine = initiatives.get((a.iri, p.iri), [])
            cells.append(
                PeriodCell(
                    plan=p,
                    has_plan=facts.has_local_plan(a.iri, p.iri),
                    initiatives=len(mine),
                    traced=sum(i in facts.reach for i in mine),
                    findings=found[(a.iri, p.iri)],
                    errors=errors[(a.iri, p.iri)],
                )
            )
        if cells:
            rows.append(PeriodRow(a, cells))
    return rows


# -- the element register ------------------------------------------------------------------


def _elements(facts: _Facts, report: GapReport) -> list[Element]:
    """Every goal, initiative and plan the report names, with its plan and administration."""
    seen: dict[str, Node] = {}

    def add(n: Node | None) -> None:
        if n is not None and n.kind not in (None, "Administration", "Municipality"):
            seen.setdefault(n.iri, n)

    for e in report.fix_first:
        for v in e.views:
            add(v.node)
            for n in v.chain.steps if v.chain else ():
                add(n)
        add(e.plan)
        for target in e.targets:
            add(target)
    # The local goals and initiatives of a matrix cell are described in the cell itself
    # (label and code); the register holds what is named elsewhere.
    for m in report.matrices:
        add(m.plan)
        for g in m.goals:
            add(g)
    for t in report.readiness:
        add(t.plan)
        for r in t.gaps if report.national else t.rows:
            add(r.initiative)
    for c in report.continuity:
        add(c.plan)
        add(c.earlier)
        for row in c.gaps if report.national else c.rows:
            add(row.initiative)
            for n in row.continued_by:
                add(n)
    first_finding: dict[str, str] = {}
    for e in report.fix_first:
        for v in e.views:
            first_finding.setdefault(v.finding.focus, v.anchor)
    out = []
    for n in seen.values():
        plan = facts.plan_of(n.iri)
        admin = facts.admin_of(n.iri)
        out.append(
            Element(
                node=n,
                plan=facts.node(plan) if plan and plan != n.iri else None,
                admin=facts.node(admin) if admin else None,
                finding=first_finding.get(n.iri),
            )
        )
    return sorted(out, key=lambda e: (natural_key(e.node.code), e.node.iri))
