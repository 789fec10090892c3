"""Annual implementation status and portfolio: what the IT chiefs' forum reports each year.

The status of an initiative for a year comes from the ``kkt:StatusEntry`` that is
``kkt:about`` it with that ``kkt:year``. Everything here is computed from the model and
returned as plain, JSON-ready data (:func:`status_report`); :func:`render` turns it into
HTML or Markdown with the templates in ``kktrace/status/templates/``. The definitions (active, backwards, completion rate, focus-area attribution)
are documented in ``docs/governance.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kktrace.errors import UsageError
from kktrace.findings.finding import Finding
from kktrace.model.namespaces import KKT
from kktrace.model.store import BUNDLED_SOURCE, Model, iter_edges

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Status values in report order; ``none`` = no status entry for the year.
STATUSES: tuple[str, ...] = (
    "Proposed",
    "Approved",
    "InProgress",
    "Completed",
    "Postponed",
    "Cancelled",
)
NO_ENTRY = "none"
#: The forward axis of an initiative's life; Postponed and Cancelled are off it.
FORWARD_RANK = {"Proposed": 0, "Approved": 1, "InProgress": 2, "Completed": 3}
#: An initiative whose last known status is one of these is finished, not active.
FINISHED = frozenset({"Completed", "Cancelled"})
#: ``missing-status`` asks for an entry from initiatives last known to be one of these.
LIVE = frozenset({"Approved", "InProgress"})

MISSING_STATUS_RULE = "missing-status"


def is_backwards(old: str, new: str) -> bool:
    """True when a move from status ``old`` to ``new`` is a step back.

    On the forward axis Proposed < Approved < InProgress < Completed a lower new rank is
    backwards. Postponed and Cancelled count as backwards from InProgress or Completed
    (work that was under way stopped); from Proposed or Approved they are not (the
    initiative never started), and leaving Postponed or Cancelled is never backwards.

    >>> is_backwards("InProgress", "Approved"), is_backwards("InProgress", "Postponed")
    (True, True)
    >>> is_backwards("Approved", "Cancelled"), is_backwards("Postponed", "Approved")
    (False, False)
    """
    if old in FORWARD_RANK and new in FORWARD_RANK:
        return FORWARD_RANK[new] < FORWARD_RANK[old]
    if new in ("Postponed", "Cancelled"):
        return old in ("InProgress", "Completed")
    return False


@dataclass
class InitiativeFacts:
    """What the status report needs to know about one initiative."""

    iri: str
    label: str
    notation: str | None
    kind: str | None
    plan: str | None
    administration: str | None
    start: date | None
    end: date | None
    budget: Decimal | None
    catalogue_ref: str | None
    own_status: str | None
    #: year → (status local name, comment)
    entries: dict[int, tuple[str, str]] = field(default_factory=dict)
    focus_areas: tuple[str, ...] = ()

    def active_in(self, year: int) -> bool:
        """Its period (own dates, else its plan's) overlaps the year, and it was not finished.

        Finished = its last known status before ``year`` is Completed or Cancelled.
        """
        if self.start is None and self.end is None:
            return False
        first = self.start or date.min
        last = self.end or date.max
        if first > date(year, 12, 31) or last < date(year, 1, 1):
            return False
        before = self.last_status_before(year)
        return before is None or before[1] not in FINISHED

    def last_status_before(self, year: int) -> tuple[int, str] | None:
        """(year, status) of the latest entry before ``year``; None if there is none."""
        earlier = [y for y in self.entries if y < year]
        if not earlier:
            return None
        y = max(earlier)
        return y, self.entries[y][0]

    def known_status_before(self, year: int) -> str | None:
        """The latest entry's status before ``year``, else the initiative's own status."""
        before = self.last_status_before(year)
        return before[1] if before else self.own_status


# -- reading the model ----------------------------------------------------------------

_LITERALS = """
SELECT ?s ?p ?o WHERE {
  VALUES ?p { kkt:startDate kkt:endDate kkt:budget kkt:investmentCatalogueRef }
  ?s ?p ?o . FILTER(isLiteral(?o))
}"""

_OWN_STATUS = "SELECT ?s ?o WHERE { ?s kkt:status ?o . FILTER NOT EXISTS { ?s a kkt:StatusEntry } }"

_ENTRIES = """
SELECT ?e ?i ?y ?st ?c WHERE {
  ?e a kkt:StatusEntry ; kkt:about ?i ; kkt:year ?y ; kkt:status ?st .
  OPTIONAL { ?e rdfs:comment ?c }
}"""


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _year(value: str) -> int | None:
    try:
        return int(value.strip()[:4])
    except ValueError:
        return None


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _status_name(iri: str) -> str:
    return iri[len(KKT) :] if iri.startswith(KKT) else iri.rsplit("/", 1)[-1]


def _literals(model: Model) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = defaultdict(dict)
    for row in sorted(
        model.select(_LITERALS), key=lambda r: (r["s"].value, r["p"].value, r["o"].value)
    ):
        values[row["s"].value].setdefault(row["p"].value[len(KKT) :], row["o"].value)
    return values


def _entries(model: Model, lang: str) -> dict[str, dict[int, tuple[str, str]]]:
    """initiative → year → (status, comment); of two entries for one year the first by IRI."""
    rows = sorted(
        model.select(_ENTRIES),
        key=lambda r: (r["e"].value, (r["c"].language or "") != lang if r["c"] else True),
    )
    out: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    for row in rows:
        year = _year(row["y"].value)
        if year is None:
            continue
        comment = row["c"].value if row["c"] is not None else ""
        out[row["i"].value].setdefault(year, (_status_name(row["st"].value), comment))
    return out


def administration_of(model: Model, iri: str) -> str | None:
    """The administration an initiative belongs to.

    Its plan's ``kkt:owner`` when that is an Administration (local initiatives); else its
    ``kkt:responsible`` unit when that is an Administration or a unit of one
    (``org:unitOf``) — common initiatives, whose plan the forum owns.
    """
    g = model.graph

    def adm(unit: str | None) -> str | None:
        if unit is None or unit not in g:
            return None
        if "Administration" in g.nodes[unit]["classes"]:
            return unit
        parent = g.nodes[unit].get("unit_of")
        if parent in g and "Administration" in g.nodes[parent]["classes"]:
            return parent
        return None

    plan = _first(g, iri, "partOf")
    return adm(_first(g, plan, "owner") if plan else None) or adm(_first(g, iri, "responsible"))


def _first(g: Any, node: str, key: str) -> str | None:
    targets = sorted(v for _, v, k in g.out_edges(node, keys=True) if k == key)
    return targets[0] if targets else None


def focus_areas_served(model: Model) -> dict[str, tuple[str, ...]]:
    """Node → the focus areas its ``kkt:supports`` chains reach (directly or via a goal).

    A chain reaches a focus area when it ends at the focus area itself or at a strategic
    goal ``kkt:partOf`` it.
    """
    import networkx as nx

    g = model.graph
    sg = model.supports_graph()
    fa_of: dict[str, set[str]] = defaultdict(set)
    for node, data in g.nodes(data=True):
        if "FocusArea" in data["classes"]:
            fa_of[node].add(node)
    for child, parent in iter_edges(g, "partOf"):
        if (
            "StrategicGoal" in g.nodes[child]["classes"]
            and "FocusArea" in g.nodes[parent]["classes"]
        ):
            fa_of[child].add(parent)
    out: dict[str, tuple[str, ...]] = {}
    for node in sg.nodes:
        reached: set[str] = set()
        for up in nx.descendants(sg, node):
            reached |= fa_of.get(up, set())
        out[node] = tuple(sorted(reached))
    return out


def initiative_facts(model: Model, lang: str = "da") -> list[InitiativeFacts]:
    """Facts about every initiative in the model, sorted by IRI."""
    g = model.graph
    lits = _literals(model)
    own = {r["s"].value: _status_name(r["o"].value) for r in model.select(_OWN_STATUS)}
    entries = _entries(model, lang)
    fas = focus_areas_served(model)
    facts = []
    for iri in model.nodes_of_kind("Initiative"):
        plan = _first(g, iri, "partOf")
        mine, plans = lits.get(iri, {}), lits.get(plan or "", {})
        start = mine.get("startDate") or plans.get("startDate")
        end = mine.get("endDate") or plans.get("endDate")
        budget = mine.get("budget")
        facts.append(
            InitiativeFacts(
                iri=iri,
                label=model.label(iri, lang),
                notation=g.nodes[iri]["notation"],
                kind=g.nodes[iri]["kind"],
                plan=plan,
                administration=administration_of(model, iri),
                start=_date(start) if start else None,
                end=_date(end) if end else None,
                budget=_decimal(budget) if budget else None,
                catalogue_ref=mine.get("investmentCatalogueRef"),
                own_status=own.get(iri),
                entries=dict(entries.get(iri, {})),
                focus_areas=fas.get(iri, ()),
            )
        )
    return facts


def status_years(model: Model) -> list[int]:
    """The years that have status entries or status reports, ascending."""
    rows = model.select(
        "SELECT DISTINCT ?y WHERE { ?x kkt:year ?y . ?x a ?c . "
        "VALUES ?c { kkt:StatusEntry kkt:StatusReport } }"
    )
    return sorted({y for r in rows if (y := _year(r["y"].value)) is not None})


# -- the missing-status rule ------------------------------------------------------------


def missing_status(facts: Iterable[InitiativeFacts], years: Iterable[int]) -> dict[str, list[int]]:
    """Initiative → the years it lacks a status entry though it should have one.

    For a year Y: the initiative's period covers (overlaps) Y, its last known status before
    Y (the latest earlier entry, else its own ``kkt:status``) is Approved or InProgress,
    and it has no entry for Y.
    """
    out: dict[str, list[int]] = {}
    for f in facts:
        gaps = [
            y
            for y in years
            if y not in f.entries and f.active_in(y) and f.known_status_before(y) in LIVE
        ]
        if gaps:
            out[f.iri] = gaps
    return out


def missing_status_findings(
    model: Model, year: int | None = None, lang: str = "da"
) -> list[Finding]:
    """Findings of the ``missing-status`` rule (warning), one per initiative.

    Checks every year the data has status entries or reports for, up to ``year`` (default:
    all of them), so the rule needs no option in ``kktrace check``. A model without any
    status data gives no findings. ``kktrace check`` runs the same definition as
    ``kktrace/rules/missing-status.rq``; the tests keep the two in agreement.
    """
    years = [y for y in status_years(model) if year is None or y <= year]
    if not years:
        return []
    facts = initiative_facts(model, lang)
    gaps = missing_status(facts, years)
    by_iri = {f.iri: f for f in facts}
    findings = []
    for iri, missing in sorted(gaps.items()):
        f = by_iri[iri]
        listed = ", ".join(map(str, missing))
        message = (
            f"Initiativet er godkendt eller i gang, men mangler statuspost for {listed}"
            if lang == "da"
            else f"The initiative is approved or in progress but has no status entry for {listed}"
        )
        findings.append(
            Finding(
                rule=MISSING_STATUS_RULE,
                focus=iri,
                severity="warning",
                label=f.label,
                message=message,
                related=(f.plan,) if f.plan else (),
            )
        )
    return findings


# -- the status report --------------------------------------------------------------------


def _money(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _group(
    model: Model, iri: str | None, members: list[InitiativeFacts], year: int, lang: str
) -> dict[str, Any]:
    """Counts, budget and completion rate of one group of initiatives for ``year``."""
    by_status = dict.fromkeys((*STATUSES, NO_ENTRY), 0)
    budget = dict.fromkeys((*STATUSES, NO_ENTRY), Decimal(0))
    for f in members:
        status = f.entries[year][0] if year in f.entries else NO_ENTRY
        status = status if status in by_status else NO_ENTRY
        by_status[status] += 1
        budget[status] += f.budget or Decimal(0)
    considered = len(members) - by_status["Cancelled"]
    return {
        "iri": iri,
        "label": model.label(iri, lang) if iri else "",
        "notation": model.graph.nodes[iri]["notation"] if iri in model.graph else None,
        "initiatives": len(members),
        "by_status": by_status,
        "budget": _money(sum(budget.values(), Decimal(0))),
        "budget_by_status": {k: _money(v) for k, v in budget.items()},
        "completion_rate": round(by_status["Completed"] / considered, 4) if considered else None,
    }


def _row(model: Model, f: InitiativeFacts, year: int, lang: str) -> dict[str, Any]:
    status, comment = f.entries.get(year, (NO_ENTRY, ""))
    return {
        "iri": f.iri,
        "label": f.label,
        "notation": f.notation,
        "plan": f.plan,
        "plan_label": model.label(f.plan, lang) if f.plan else "",
        "administration": f.administration,
        "status": status,
        "comment": comment,
        "budget": _money(f.budget) if f.budget is not None else None,
        "catalogue_ref": f.catalogue_ref,
        "focus_areas": list(f.focus_areas),
    }


def _totals(model: Model, keyed: dict[str | None, Decimal], lang: str) -> list[dict[str, Any]]:
    rows = [
        {
            "iri": k,
            "label": model.label(k, lang) if k else "",
            "notation": model.graph.nodes[k]["notation"] if k in model.graph else None,
            "budget": _money(v),
        }
        for k, v in keyed.items()
    ]
    return sorted(rows, key=lambda r: (r["iri"] is None, r["notation"] or "", r["iri"] or ""))


def portfolio(model: Model, scope: list[InitiativeFacts], year: int, lang: str) -> dict[str, Any]:
    """Budget totals by plan, focus area, administration and status; catalogue references.

    An initiative serving several focus areas counts in full in each of them
    (``shared_initiatives`` says how many do, so focus-area totals may add up to more
    than the total); initiatives reaching no focus area are ``unattributed``.
    """
    by_plan: dict[str | None, Decimal] = defaultdict(Decimal)
    by_fa: dict[str | None, Decimal] = defaultdict(Decimal)
    by_adm: dict[str | None, Decimal] = defaultdict(Decimal)
    by_status: dict[str, Decimal] = dict.fromkeys((*STATUSES, NO_ENTRY), Decimal(0))
    for f in scope:
        b = f.budget or Decimal(0)
        by_plan[f.plan] += b
        by_adm[f.administration] += b
        for fa in f.focus_areas or (None,):
            by_fa[fa] += b
        status = f.entries[year][0] if year in f.entries else NO_ENTRY
        by_status[status if status in by_status else NO_ENTRY] += b
    catalogue = [_row(model, f, year, lang) for f in scope if f.catalogue_ref]
    return {
        "total": _money(sum((f.budget or Decimal(0) for f in scope), Decimal(0))),
        "by_plan": _totals(model, by_plan, lang),
        "by_focus_area": _totals(model, by_fa, lang),
        "shared_initiatives": sum(1 for f in scope if len(f.focus_areas) > 1),
        "by_administration": _totals(model, by_adm, lang),
        "by_status": {k: _money(v) for k, v in by_status.items()},
        "catalogue": sorted(catalogue, key=lambda r: (r["catalogue_ref"], r["iri"])),
    }


def status_report(model: Model, year: int, lang: str = "da") -> dict[str, Any]:
    """The implementation status for ``year`` as JSON-ready data.

    In scope: initiatives active in ``year`` (see :meth:`InitiativeFacts.active_in`) and
    those with a status entry for it. Groups: per common plan (its own initiatives) and
    per administration (see :func:`administration_of`). ``backwards`` compares the entry
    for ``year`` with the latest earlier entry (:func:`is_backwards`); ``missing`` lists
    the initiatives active in ``year`` without an entry, with their last known status.
    """
    if not 1000 <= year <= 9999:
        raise UsageError(f"--year {year}: not a year — give four digits, e.g. 2012")
    facts = initiative_facts(model, lang)
    scope = [f for f in facts if year in f.entries or f.active_in(year)]
    if not scope:
        years = status_years(model)
        known = f"{years[0]}–{years[-1]}" if years else "none"
        raise UsageError(
            f"no initiative is active in {year} and no status entry is for it "
            f"(status years in the data: {known}) — give another --year"
        )
    g = model.graph
    plans = sorted(
        {f.plan for f in scope if f.plan and "CommonActionPlan" in g.nodes[f.plan]["classes"]}
    )
    adms = sorted({f.administration for f in scope if f.administration})
    backwards = []
    for f in scope:
        before = f.last_status_before(year)
        if year in f.entries and before and is_backwards(before[1], f.entries[year][0]):
            backwards.append(
                {**_row(model, f, year, lang), "from": before[1], "from_year": before[0]}
            )
    missing = [
        {**_row(model, f, year, lang), "last_status": f.known_status_before(year)}
        for f in scope
        if year not in f.entries
    ]
    return {
        "year": year,
        "lang": lang,
        "source": model.source,
        # The pages name the bundled data in their language; other sources by their paths.
        "bundled": model.source == BUNDLED_SOURCE,
        "statuses": [*STATUSES, NO_ENTRY],
        "status_labels": {s: model.label(KKT + s, lang) for s in STATUSES},
        "labels": {a: model.label(a, lang) for a in adms},
        "total": _group(model, None, scope, year, lang),
        "common_plans": [
            _group(model, p, [f for f in scope if f.plan == p], year, lang) for p in plans
        ],
        "administrations": [
            _group(model, a, [f for f in scope if f.administration == a], year, lang) for a in adms
        ],
        "backwards": backwards,
        "missing": missing,
        "portfolio": portfolio(model, scope, year, lang),
        "initiatives": [_row(model, f, year, lang) for f in scope],
    }


# -- rendering -------------------------------------------------------------------------------


def texts(lang: str) -> dict[str, str]:
    """The report's fixed texts in ``lang`` from the one catalogue (``texts.json``)."""
    import json

    catalogue = json.loads((TEMPLATES / "texts.json").read_text("utf-8"))
    return {key: by_lang.get(lang, by_lang["en"]) for key, by_lang in catalogue.items()}


def render(report: dict[str, Any], fmt: str) -> str:
    """The report as ``json``, ``md`` or ``html`` (self-contained, autoescaped) text."""
    import json

    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    import jinja2

    from kktrace.report.render import md_escape

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["money"] = _fmt_money
    env.filters["cell"] = md_escape  # data shown literally: no HTML, links or table breaks
    env.filters["pct"] = lambda v: "–" if v is None else f"{v * 100:.0f} %"
    template = env.get_template(f"status.{fmt}.j2")
    return template.render(r=report, t=texts(report["lang"]))


def _fmt_money(value: int | float | None) -> str:
    """DKK with thin grouping, no decimals: 10900000 → '10.900.000'."""
    if value is None:
        return "–"
    return f"{round(value):,}".replace(",", ".")
