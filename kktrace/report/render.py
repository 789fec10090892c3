"""Lay a :class:`~kktrace.report.data.GapReport` out as HTML and as Markdown (Jinja2).

HTML: autoescape on, so every label, message and IRI is escaped; a Content-Security-Policy
forbids scripts and every network fetch as a second line of defence. Markdown: every
``{{ expression }}`` passes through :func:`md_escape` (Jinja's ``finalize``), so data
cannot turn into markup; the templates' own literal text carries the markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from kktrace.model.vocab import SEVERITIES
from kktrace.report.data import Chain, Element, Entry, GapReport, Node, element_anchor
from kktrace.report.messages import Catalogue
from kktrace.report.svg import period_chart

TEMPLATES = Path(__file__).resolve().parent / "templates"

_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>|&~])")
_MD_LEADING = re.compile(r"^(\s*)([#+\-=>])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


class MdSafe(str):
    """Markdown already escaped (a macro's output): :func:`md_escape` leaves it alone."""


def md_escape(value: Any) -> str:
    r"""Text that Markdown shows literally, on one line (safe in a table cell).

    Backslash-escapes the characters that start emphasis, links, code, HTML, tables
    and entities, and a leading ``#``, ``>``, list marker or ``1.`` that would start a
    block. Line breaks become spaces.

    >>> print(md_escape("<b>*x*</b> | [y](z)"))
    \<b\>\*x\*\</b\> \| \[y\](z)
    >>> print(md_escape("# heading"), md_escape("1. day"))
    \# heading 1\. day
    >>> md_escape(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    return _md_text(str(value))


@functools.lru_cache(maxsize=65536)
def _md_text(value: str) -> str:
    """:func:`md_escape` of a string (a pure function of it: the same label is escaped
    once however often a report shows it)."""
    text = " ".join(value.split())
    text = _MD_ACTIVE.sub(r"\\\1", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    return _MD_LEADING.sub(r"\1\\\2", text)


@jinja2.pass_context
def _rule_title(context: Any, rule: str) -> str:
    """A rule's title in the report's language (``rule_titles`` of the render context)."""
    return context["rule_titles"].get(rule, rule)


@functools.cache
def _environment(autoescape: bool) -> jinja2.Environment:
    """The Jinja environment, made once per process (so each template is compiled once)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=None if autoescape else md_escape,
    )
    env.filters["raw"] = MdSafe
    env.filters["md_escape"] = md_escape
    env.filters["rule_title"] = _rule_title
    return env


def admin_text(node: Node | None, cat: Catalogue) -> str:
    """An administration or unit spelled out with its code: "Koncernservice (KS)"."""
    if node is None:
        return cat["common_short"]
    if node.notation and node.notation != node.label:
        return f"{node.label} ({node.notation})"
    return node.label


def entry_texts(
    e: Entry, cat: Catalogue, link: Callable[[Node], Any], rule_title: str = ""
) -> tuple[Any, Any]:
    """(what is wrong, what to do) of a root cause, in plain words.

    ``link`` renders an element: an HTML link (Markup) or plain text (Markdown). The
    texts come from the catalogue per cause; a rule it has no words for gets its title
    and a pointer to the appendix.
    """
    html = isinstance(link(e.main.node), Markup)
    fill = cat.markup if html else cat.fmt
    key = e.cause if f"what_{e.cause}" in cat else "other"
    if e.main.finding.rule == "missing-status":
        details = cat.join(list(e.details))
    else:
        details = cat.join([cat[f"part_{d}"] for d in e.details])
    targets = [link(t) for t in e.targets]
    joined: Any = (
        Markup(cat.join([str(t) for t in targets])) if html else cat.join([str(t) for t in targets])
    )
    values = {
        "element": link(e.main.node),
        "in_plan": fill("in_plan", plan=link(e.plan))
        if e.plan and e.plan.iri != e.main.node.iri
        else "",
        "plan_name": link(e.plan) if e.plan else "",
        "target": joined,
        "owner": admin_text(e.owner, cat),
        "details": details,
        "title": rule_title or e.main.finding.rule,
    }
    return fill(f"what_{key}", **values), fill(f"act_{key}", **values)


def html_helpers(registered: set[str], cat: Catalogue) -> dict[str, Callable[..., Markup]]:
    """The HTML page's smallest, most repeated fragments, as functions (a Jinja macro call
    costs several microseconds, and a national report makes hundreds of thousands):

    - ``el(node)``: the element's label, a link to its row in the register when the
      register has it;
    - ``named(node)``: its label and, when it has one, its code;
    - ``items(nodes)``: ``<li>`` items of :func:`named` (a matrix cell's list);
    - ``ill(node)``: the "illustrative" mark, or nothing;
    - ``sev(severity)``: the severity badge;
    - ``register(elements)``: the rows of the element register.

    Each is computed once per distinct argument.
    """
    links: dict[tuple[str, str], Markup] = {}
    mark = Markup(' <span class="ill" title="{}">{}</span>').format(
        cat["illustrative_title"], cat["illustrative"]
    )
    badges: dict[str, Markup] = {}
    names: dict[tuple[str, str, str | None], str] = {}

    def el(n: Node | None) -> Markup:
        if n is None:
            return Markup("")
        key = (n.iri, n.label)
        found = links.get(key)
        if found is None:
            label = escape(n.label)
            if n.iri in registered:
                found = Markup(f'<a class="el" href="#{element_anchor(n.iri)}">{label}</a>')
            else:
                found = label
            links[key] = found
        return found

    def _named(n: Node) -> str:
        key = (n.iri, n.label, n.notation)
        found = names.get(key)
        if found is None:
            found = str(escape(n.label))
            if n.notation:
                found += f' <span class="code">{escape(n.notation)}</span>'
            names[key] = found
        return found

    def named(n: Node) -> Markup:
        return Markup(_named(n))

    def items(nodes: list[Node]) -> Markup:
        return Markup("".join([f"<li>{_named(n)}</li>" for n in nodes]))

    def ill(n: Node | None) -> Markup:
        return mark if n is not None and n.illustrative else Markup("")

    def sev(severity: str) -> Markup:
        found = badges.get(severity)
        if found is None:
            found = badges[severity] = Markup('<span class="sev sev-{}">{}</span>').format(
                severity, cat.severity(severity)
            )
        return found

    def register(elements: list[Element]) -> Markup:
        """The register's rows (``<tr>`` … ``</tr>`` and a line break each): at 98
        municipalities thousands of rows, built here rather than cell by cell in Jinja."""
        kind_label, plan_label = escape(cat["kind"]), escape(cat["plan"])
        admin_label, finding_label = escape(cat["administration"]), escape(cat["finding_col"])
        see = escape(cat["see_finding"])
        rows = []
        for x in elements:
            n = x.node
            kind = escape(cat.get(f"kind_{n.kind}", n.kind or ""))
            plan = el(x.plan) if x.plan else ""
            admin = escape(admin_text(x.admin, cat)) if x.admin else ""
            finding = f'<a href="#{escape(x.finding)}">{see}</a>' if x.finding else ""
            rows.append(
                f'<tr id="{escape(x.anchor)}"><td>{_named(n)}{ill(n)}</td>\n'
                f'<td data-label="{kind_label}">{kind}</td>\n'
                f'<td data-label="{plan_label}">{plan}</td>\n'
                f'<td data-label="{admin_label}">{admin}</td>\n'
                f'<td data-label="{finding_label}">{finding}</td></tr>\n'
            )
        return Markup("".join(rows))

    return {
        "el": el,
        "named": named,
        "items": items,
        "ill": ill,
        "sev": sev,
        "register": register,
    }


def md_helpers(cat: Catalogue) -> dict[str, Callable[..., MdSafe]]:
    """The Markdown page's most repeated fragments, escaped here (:class:`MdSafe`):

    - ``nodetxt(node)``: the element's label and, when it has one, its code in brackets;
    - ``chaintxt(chain)``: a trace chain as "A → B → C — ✓ reaches the strategy".
    """
    names: dict[tuple[str, str, str | None], MdSafe] = {}

    def nodetxt(n: Node) -> MdSafe:
        key = (n.iri, n.label, n.notation)
        found = names.get(key)
        if found is None:
            text = md_escape(n.label)
            if n.notation:
                text += f" ({md_escape(n.notation)})"
            found = names[key] = MdSafe(text)
        return found

    def chaintxt(c: Chain | None) -> MdSafe:
        if c is None or not c.applicable:
            return MdSafe(md_escape(cat["chain_na"]))
        steps = " → ".join(nodetxt(s) for s in c.steps)
        if c.complete:
            end = "✓ " + md_escape(cat["chain_complete"])
        else:
            end = "✗ " + md_escape(cat[f"chain_{c.reason}"])
        return MdSafe(f"{steps} — {end}")

    return {"nodetxt": nodetxt, "chaintxt": chaintxt}


def _labels(nodes: list[Node], once: bool) -> list[str]:
    """The nodes' labels; with ``once``, each label once (in first-seen order)."""
    labels = [n.label for n in nodes]
    return list(dict.fromkeys(labels)) if once else labels


def _context(report: GapReport, cat: Catalogue, html: bool = True) -> dict[str, Any]:
    def day(iso: str | None) -> str:
        if not iso:
            return ""
        try:
            return cat.date(dt.date.fromisoformat(iso[:10]))
        except ValueError:
            return iso

    registered = {e.node.iri for e in report.elements}
    source = report.source if report.source is not None else cat["bundled_source"]
    inline = report.source if report.source is not None else cat["bundled_source_inline"]
    return {
        "r": report,
        "m": cat,
        "lang": cat.lang,
        "day": day,
        "date": day(report.date),
        "source": source,
        "summary": summary_sentences(report, cat, inline, day(report.date)),
        "periods_svg": period_chart(report.periods, cat) if html else "",
        "severities": SEVERITIES,
        "admin_text": lambda n: admin_text(n, cat),
        "anchor": element_anchor,
        **(html_helpers(registered, cat) if html else md_helpers(cat)),
        "texts": lambda e, link: entry_texts(e, cat, link, _title(report, e)),
        "fix_first_limit": FIX_FIRST_LIMIT,
        # Over several municipalities each name once (every municipality has its own).
        "transition_labels": _labels(report.transition_plans, report.national),
        "strategy_labels": _labels(report.strategies, report.national),
        # plan → its (first) continuity table, for links to it
        "continuity_of": {p: t for p, t in reversed([(t.plan.iri, t) for t in report.continuity])},
        "plain": lambda n: n.label if n is not None else "",
        "all_views": sorted(
            (v for g in report.by_admin for rg in g.rules for v in rg.findings),
            key=lambda v: (v.finding.rule, v.node.code, v.node.iri),
        ),
    }


#: The "fix first" list shows this many root causes; the rest are in the findings section.
FIX_FIRST_LIMIT = 15


def _title(report: GapReport, e: Entry) -> str:
    rule = next((r for r in report.rules if r.id == e.main.finding.rule), None)
    return rule.title if rule else e.main.finding.rule


def summary_sentences(report: GapReport, cat: Catalogue, source: str, date: str) -> list[str]:
    """The plain-language summary, one sentence per item."""
    sc = report.severity_counts
    admin = report.admin.label if report.admin else ""
    if sum(sc.values()) == 0:
        out = [cat.fmt("sum_clean", source=source, date=date)]
    else:
        out = [
            cat.fmt(
                "sum_intro_admin" if report.admin else "sum_intro",
                source=source,
                date=date,
                admin=admin,
                errors=cat.count("n_errors", sc["error"]),
                warnings=cat.count("n_warnings", sc["warning"]),
            )
        ]
    total = sum(r.total for r in report.coverage)
    traced = sum(r.traced for r in report.coverage)
    if total:
        key = "sum_coverage_admin" if report.admin else "sum_coverage"
        out.append(cat.fmt(key, pct=cat.pct(traced / total), total=total))
    else:
        out.append(cat["sum_coverage_none"])
    unsupported = len(report.unsupported)
    if unsupported:
        key = "sum_unsupported_admin" if report.admin else "sum_unsupported"
        out.append(cat.count(key, unsupported))
    elif any(m.goals for m in report.matrices):
        out.append(cat["sum_all_supported"])
    tables = [t for t in report.readiness if not t.transition]
    needing = sum(len(t.rows) for t in tables)
    if needing:
        out.append(cat.fmt("sum_readiness", ready=sum(t.ready for t in tables), total=needing))
    elif not report.admin:
        out.append(cat["sum_readiness_none"])
    if report.no_plan and report.national:
        out.append(cat.count("sum_no_plan_national", len(report.no_plan)))
    elif report.no_plan:
        items = cat.join(
            [
                cat.fmt("no_plan_item", admin=admin_text(a, cat), plan=p.label)
                for a, p in report.no_plan
            ]
        )
        out.append(cat.fmt("sum_no_plan", items=items))
    top = sorted((g for g in report.by_admin if g.total), key=lambda g: -g.total)[:3]
    if top and not report.admin:
        items = ", ".join(f"{admin_text(g.admin, cat)}: {g.total}" for g in top)
        out.append(cat.fmt("sum_top", items=items))
    if report.changes is not None:
        out.append(
            cat.fmt(
                "sum_changes",
                resolved=cat.count("n_findings", len(report.changes.resolved)),
                new=cat.count("n_findings", len(report.changes.new)),
            )
        )
    return out


def _render(report: GapReport, html: bool) -> str:
    cat = Catalogue(report.lang)
    name = "report.html.j2" if html else "report.md.j2"
    context = _context(report, cat, html)
    context["rule_titles"] = {r.id: r.title for r in report.rules}
    return _environment(html).get_template(name).render(context)


def render_html(report: GapReport) -> str:
    """The self-contained HTML page."""
    return _render(report, True)


def render_markdown(report: GapReport) -> str:
    """The same content as Markdown (GitHub-flavoured tables; the pictures stay in HTML)."""
    return _render(report, False)
