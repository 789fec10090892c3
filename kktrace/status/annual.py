"""Annual implementation status and portfolio: what the IT chiefs' forum reports each year.

The status of an initiative for a year comes from the ``kkt:StatusEntry`` that is
``kkt:about`` it with that ``kkt:year``. Everything here is computed from the model and
returned as plain, JSON-ready data (:func:`status_report`); :func:`render` turns it into
HTML or Markdown with the templates in ``kktrace/status/templates/``. The definitions (active, backwards, completion rate, focus-area attribution)
are documented in ``docs/governance.md``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kktrace.errors import UsageError
from kktrace.facts import Facts, decimal_of, portfolio_sums, year_of
from kktrace.model.namespaces import KKT
from kktrace.model.store import BUNDLED_SOURCE, Model
from kktrace.model.trace import reach
from kktrace.model.vocab import vocabulary
from kktrace.texts import in_lang
from kktrace.texts import load as load_texts

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Status values in report order (``kkt:StatusOrder`` in the ontology); ``none`` = no
#: status entry for the year.
STATUSES: tuple[str, ...] = vocabulary().statuses
NO_ENTRY = "none"
#: The forward axis of an initiative's life: the statuses before Postponed and Cancelled.
FORWARD_RANK = {s: i for i, s in enumerate(STATUSES[: STATUSES.index("Completed") + 1])}

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
    truth: Facts | None = field(default=None, repr=False, compare=False)

    def active_in(self, year: int) -> bool:
        """See :meth:`kktrace.facts.Facts.active_in` (the one definition)."""
        if self.truth is None:
            raise ValueError("InitiativeFacts made without the model's Facts")
        return self.truth.active_in(self.iri, year)

    def last_status_before(self, year: int) -> tuple[int, str] | None:
        """(year, status) of the latest entry before ``year``; None if there is none."""
        earlier = [y for y in self.entries if y < year]
        if not earlier:
            return None
        y = max(earlier)
        return y, self.entries[y][0]

    def known_status_before(self, year: int) -> str | None:
        """See :meth:`kktrace.facts.Facts.status_before`."""
        if self.truth is None:
            raise ValueError("InitiativeFacts made without the model's Facts")
        return self.truth.status_before(self.iri, year)


# -- reading the model ----------------------------------------------------------------

_ENTRIES = """
SELECT ?e ?i ?y ?st ?c WHERE {
  ?e a kkt:StatusEntry ; kkt:about ?i ; kkt:year ?y ; kkt:status ?st .
  OPTIONAL { ?e rdfs:comment ?c }
}"""


def _status_name(iri: str) -> str:
    return iri[len(KKT) :] if iri.startswith(KKT) else iri.rsplit("/", 1)[-1]


def _entries(model: Model, lang: str) -> dict[str, dict[int, tuple[str, str]]]:
    """initiative → year → (status, comment); of two entries for one year the first by IRI."""
    rows = sorted(
        model.select(_ENTRIES),
        key=lambda r: (r["e"].value, (r["c"].language or "") != lang if r["c"] else True),
    )
    out: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    for row in rows:
        year = year_of(row["y"].value)
        if year is None:
            continue
        comment = row["c"].value if row["c"] is not None else ""
        out[row["i"].value].setdefault(year, (_status_name(row["st"].value), comment))
    return out


def administration_of(model: Model, iri: str) -> str | None:
    """The administration an initiative belongs to: :meth:`kktrace.facts.Facts.administration_of`."""
    return _facts(model).administration_of(iri)


def _facts(model: Model) -> Facts:
    """The model's :class:`Facts`, made once for all the status report's parts."""
    found = model.__dict__.get("_status_facts")
    if found is None:
        found = model.__dict__["_status_facts"] = Facts(model)
    return found


def _notation(model: Model, iri: str | None) -> str | None:
    """The node's code (skos:notation), None for what is not a node of the model."""
    truth = _facts(model)
    return truth.notations.get(iri) if iri is not None and truth.in_model(iri) else None


def focus_areas_served(
    model: Model, nodes: Iterable[str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Node → the focus areas its ``kkt:supports`` chains reach (directly or via a goal).

    A chain reaches a focus area when it ends at the focus area itself or at a strategic
    goal ``kkt:partOf`` it. ``nodes``: only these (default: every node of the model).
    """
    truth = _facts(model)
    fa_of: dict[str, set[str]] = defaultdict(set)
    for node in truth.of_kind("FocusArea"):
        fa_of[node].add(node)
    for child in truth.of_kind("StrategicGoal"):
        for parent in truth.links(child, "partOf"):
            if truth.has(parent, "FocusArea"):
                fa_of[child].add(parent)
    up = functools.partial(truth.links, key="supports")
    out: dict[str, tuple[str, ...]] = {}
    for node in nodes if nodes is not None else truth.nodes():
        reached: set[str] = set()
        for above in reach(up, [node]) - {node}:
            reached |= fa_of.get(above, set())
        out[node] = tuple(sorted(reached))
    return out


def initiative_facts(
    model: Model, lang: str = "da", truth: Facts | None = None
) -> list[InitiativeFacts]:
    """Facts about every initiative in the model, sorted by IRI."""
    truth = truth or _facts(model)
    entries = _entries(model, lang)
    initiatives = truth.of_kind("Initiative")
    fas = focus_areas_served(model, initiatives)
    facts = []
    for iri in initiatives:
        parents = truth.links(iri, "partOf")
        plan = parents[0] if parents else None
        start, end = truth.period(iri)
        budget = truth.literals.get((iri, "budget"))
        facts.append(
            InitiativeFacts(
                iri=iri,
                label=model.label(iri, lang),
                notation=truth.notations.get(iri),
                kind=truth.kind(iri),
                plan=plan,
                administration=truth.administration_of(iri),
                start=start,
                end=end,
                budget=decimal_of(budget) if budget else None,
                catalogue_ref=truth.literals.get((iri, "investmentCatalogueRef")),
                own_status=truth.own_status.get(iri),
                entries=dict(entries.get(iri, {})),
                focus_areas=fas.get(iri, ()),
                truth=truth,
            )
        )
    return facts


def status_years(model: Model) -> list[int]:
    """The years that have status entries or status reports, ascending."""
    return _facts(model).status_years


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
        "notation": _notation(model, iri),
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
            "notation": _notation(model, k),
            "budget": _money(v),
        }
        for k, v in keyed.items()
    ]
    return sorted(rows, key=lambda r: (r["iri"] is None, r["notation"] or "", r["iri"] or ""))


def portfolio(model: Model, scope: list[InitiativeFacts], year: int, lang: str) -> dict[str, Any]:
    """Budget totals by plan, focus area, administration and status; catalogue references.

    The sums are over ``scope`` — the initiatives of the status report for ``year`` (active
    in it, or with an entry for it) — and ``scope`` in the result says so; the named query
    ``portfolio-by-plan`` sums every initiative of a plan (all years). An initiative
    serving several focus areas counts in full in each of them (``shared_initiatives`` says
    how many do, so focus-area totals may add up to more than the total); initiatives
    reaching no focus area are ``unattributed``.
    """
    items = [(f.iri, f.budget) for f in scope]
    by_plan = portfolio_sums(items, {f.iri: f.plan for f in scope})
    by_adm = portfolio_sums(items, {f.iri: f.administration for f in scope})
    by_fa: dict[str | None, Decimal] = defaultdict(Decimal)
    for f in scope:
        for fa in f.focus_areas or (None,):
            by_fa[fa] += f.budget or Decimal(0)
    status_of = {f.iri: (f.entries[year][0] if year in f.entries else NO_ENTRY) for f in scope}
    by_status: dict[str, Decimal] = dict.fromkeys((*STATUSES, NO_ENTRY), Decimal(0))
    for status, total in portfolio_sums(items, status_of).items():
        by_status[status if status in by_status else NO_ENTRY] += total
    catalogue = [_row(model, f, year, lang) for f in scope if f.catalogue_ref]
    return {
        "scope": {"year": year, "initiatives": len(scope)},
        "total": _money(sum(portfolio_sums(items, {}).values(), Decimal(0))),
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
    what the rule ``missing-status`` reports for ``year`` (approved or in progress, active,
    no entry), with their last known status.
    """
    if not 1000 <= year <= 9999:
        raise UsageError(f"--year {year}: not a year — give four digits, e.g. 2012")
    truth = _facts(model)
    facts = initiative_facts(model, lang, truth)
    scope = _scope(facts, year)
    if not scope:
        years = truth.status_years
        known = f"{years[0]}–{years[-1]}" if years else "none"
        raise UsageError(
            f"no initiative is active in {year} and no status entry is for it "
            f"(status years in the data: {known}) — give another --year"
        )
    plans = sorted({f.plan for f in scope if f.plan and truth.has(f.plan, "CommonActionPlan")})
    adms = sorted({f.administration for f in scope if f.administration})
    backwards = []
    for f in scope:
        before = f.last_status_before(year)
        if year in f.entries and before and is_backwards(before[1], f.entries[year][0]):
            backwards.append(
                {**_row(model, f, year, lang), "from": before[1], "from_year": before[0]}
            )
    # The rule missing-status for this year (the one definition, via kktrace.facts).
    lacking = truth.missing_status(year)
    total = _group(model, None, scope, year, lang)
    missing = [
        {**_row(model, f, year, lang), "last_status": f.known_status_before(year)}
        for f in facts
        if f.iri in lacking
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
        "total": total,
        "previous": _previous(model, facts, year, lang, total),
        "years": [_year_totals(facts, y) for y in _chart_years(truth, facts, year)],
        "without_status": _largest_without_status(model, scope, year, lang),
        "statuses_used": [s for s in (*STATUSES, NO_ENTRY) if total["by_status"][s]],
        "common_plans": [
            _group(model, p, [f for f in scope if f.plan == p], year, lang) for p in plans
        ],
        "administrations": [
            _group(model, a, [f for f in scope if f.administration == a], year, lang) for a in adms
        ],
        "backwards": backwards,
        "missing": missing,
        "portfolio": {
            **portfolio(model, scope, year, lang),
            "plans": _plan_totals(model, truth, scope, lang),
        },
        "initiatives": [_row(model, f, year, lang) for f in scope],
    }


def _scope(facts: list[InitiativeFacts], year: int) -> list[InitiativeFacts]:
    """The initiatives of the status report for ``year``: active in it, or with an entry."""
    return [f for f in facts if year in f.entries or f.active_in(year)]


def _previous(
    model: Model, facts: list[InitiativeFacts], year: int, lang: str, now: dict[str, Any]
) -> dict[str, Any] | None:
    """The previous year's totals (same definitions), or None when it has no initiatives
    or no status entries at all (nothing to compare with)."""
    before = _scope(facts, year - 1)
    if not before or not any(year - 1 in f.entries for f in before):
        return None
    then = _group(model, None, before, year - 1, lang)
    return {
        "year": year - 1,
        "initiatives": then["initiatives"],
        "completed": then["by_status"]["Completed"],
        "completion_rate": then["completion_rate"],
        "budget": then["budget"],
        "budget_change": _money(Decimal(str(now["budget"])) - Decimal(str(then["budget"]))),
    }


def _chart_years(truth: Facts, facts: list[InitiativeFacts], year: int) -> list[int]:
    """The status years up to ``year`` that have initiatives in scope (for the chart)."""
    return [y for y in truth.status_years if y <= year and _scope(facts, y)]


def _year_totals(facts: list[InitiativeFacts], year: int) -> dict[str, Any]:
    """Budget by status of one year's scope (the same sums as the report for that year)."""
    budget = dict.fromkeys((*STATUSES, NO_ENTRY), Decimal(0))
    for f in _scope(facts, year):
        status = f.entries[year][0] if year in f.entries else NO_ENTRY
        budget[status if status in budget else NO_ENTRY] += f.budget or Decimal(0)
    return {
        "year": year,
        "budget_by_status": {k: _money(v) for k, v in budget.items()},
        "budget": _money(sum(budget.values(), Decimal(0))),
    }


def _largest_without_status(
    model: Model, scope: list[InitiativeFacts], year: int, lang: str, n: int = 3
) -> list[dict[str, Any]]:
    """The ``n`` initiatives of the year without a status entry with the largest budget."""
    rows = [f for f in scope if year not in f.entries and f.budget]
    rows.sort(key=lambda f: (-(f.budget or 0), f.iri))
    return [_row(model, f, year, lang) for f in rows[:n]]


def _plan_totals(
    model: Model, truth: Facts, scope: list[InitiativeFacts], lang: str
) -> list[dict[str, Any]]:
    """Per plan of the year: the year's budget and the whole plan's (every initiative, every
    year) — the second is what the named query ``portfolio-by-plan`` sums."""
    plans = sorted({f.plan for f in scope if f.plan})
    year_sums = portfolio_sums([(f.iri, f.budget) for f in scope], {f.iri: f.plan for f in scope})
    out = []
    for plan in plans:
        members = [i for i in truth.linked_from(plan, "partOf") if truth.has(i, "Initiative")]
        whole = sum(
            (
                decimal_of(b) or Decimal(0)
                for i in members
                if (b := truth.literals.get((i, "budget")))
            ),
            Decimal(0),
        )
        if not whole and not year_sums.get(plan):
            continue
        out.append(
            {
                "iri": plan,
                "label": model.label(plan, lang),
                "notation": _notation(model, plan),
                "year_budget": _money(year_sums.get(plan, Decimal(0))),
                "plan_budget": _money(whole),
                "initiatives": len(members),
            }
        )
    return out


# -- rendering -------------------------------------------------------------------------------


def texts(lang: str) -> dict[str, str]:
    """The report's fixed texts in ``lang`` from its catalogue (``templates/texts.json``)."""
    return in_lang(load_texts(TEMPLATES / "texts.json"), lang)


def render(report: dict[str, Any], fmt: str) -> str:
    """The report as ``json``, ``md`` or ``html`` (self-contained, autoescaped) text.

    The HTML shares the gap report's stylesheet (``kktrace/report/templates/report.css``):
    one look, A4 with page numbers in print, tables as blocks on a phone.
    """
    import json

    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    import jinja2

    from kktrace.report.render import TEMPLATES as REPORT_TEMPLATES
    from kktrace.report.render import md_escape
    from kktrace.status.chart import budget_by_year

    lang = report["lang"]
    t = texts(lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES, REPORT_TEMPLATES]),
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    money = functools.partial(fmt_money, lang=lang)
    env.filters["money"] = money
    env.filters["cell"] = md_escape  # data shown literally: no HTML, links or table breaks
    env.filters["pct"] = functools.partial(fmt_pct, lang=lang)

    def name(s: str | None) -> str:
        if s == NO_ENTRY:
            return t["none"]
        return report["status_labels"].get(s, s) if s else t["unknown"]

    chart = budget_by_year(report["years"], report["statuses"], name, money, t["years_chart"])
    template = env.get_template(f"status.{fmt}.j2")
    return template.render(
        r=report,
        t=t,
        summary=summary(report, t, name),
        chart=chart,
        status_name=name,
        used=report["statuses_used"],
        budget_used=[s for s in report["statuses"] if report["total"]["budget_by_status"][s]],
        left_out=[name(s) for s in report["statuses"] if s not in report["statuses_used"]],
        zero_adms=[p for p in report["portfolio"]["by_administration"] if not p["budget"]],
        plan_groups=_by_plan(report["initiatives"]),
    )


def _by_plan(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The year's initiatives grouped by plan (plans in order of first appearance by label)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["plan_label"], r["notation"] or "", r["iri"])):
        groups.setdefault(row["plan_label"], []).append(row)
    return list(groups.items())


def _join(items: list[str], t: dict[str, str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t['and']} " + items[-1]


def summary(report: dict[str, Any], t: dict[str, str], name: Callable[[str], str]) -> list[str]:
    """Three sentences: the year, the comparison with the year before, what needs attention."""
    lang = report["lang"]
    total, year = report["total"], report["year"]
    rate = fmt_pct(total["completion_rate"], lang)
    out = [
        t["sum_year"].format(
            year=year,
            n=total["initiatives"],
            completed=total["by_status"]["Completed"],
            inprogress=total["by_status"]["InProgress"],
            none=total["by_status"][NO_ENTRY],
            rate=rate,
        )
    ]
    prev = report["previous"]
    if prev is None:
        out.append(t["sum_compare_none"].format(prev=year - 1))
    else:
        out.append(
            t["sum_compare"].format(
                prev=prev["year"],
                prev_rate=fmt_pct(prev["completion_rate"], lang),
                rate=rate,
                prev_budget=fmt_money(prev["budget"], lang),
                budget=fmt_money(total["budget"], lang),
            )
        )
    back = report["backwards"]
    named = _join([f"{b['label']} ({name(b['from'])} → {name(b['status'])})" for b in back], t)
    if not back:
        back_text = t["sum_back_none"]
    elif len(back) == 1:
        back_text = t["sum_back_1"].format(items=named)
    else:
        back_text = t["sum_back"].format(n=len(back), items=named)
    largest = report["without_status"]
    items = _join(
        [f"{w['label']} ({t['amount'].format(x=fmt_money(w['budget'], lang))})" for w in largest], t
    )
    if not largest:
        large_text = t["sum_largest_none"]
    elif len(largest) == 1:
        large_text = t["sum_largest"].format(items=items)
    else:
        large_text = t["sum_largest_n"].format(items=items)
    out.append(t["sum_third"].format(back=back_text, largest=large_text))
    return out


def fmt_money(value: int | float | None, lang: str = "da") -> str:
    """Whole kroner with the language's grouping: 10900000 → '10.900.000' / '10,900,000'."""
    if value is None:
        return "–"
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "da" else text


def fmt_pct(value: float | None, lang: str = "da") -> str:
    """A share as a whole percentage: '56 %' in Danish (no-break space), '56%' in English."""
    if value is None:
        return "–"
    return f"{value * 100:.0f}\u00a0%" if lang == "da" else f"{value * 100:.0f}%"
