"""Findings as text (grouped by rule, for people), CSV (spreadsheets) and Markdown (wikis).

JSON is :meth:`kktrace.findings.finding.Report.dumps` (the contract's format).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from kktrace.findings.finding import Finding, Report
from kktrace.rules import Rule

_WORDS = {
    "da": {
        "error": "fejl",
        "warning": "advarsel",
        "info": "info",
        "none": "Ingen fund: modellen opfylder alle kontrollerede regler.",
        "summary": "I alt: {error} fejl, {warning} advarsler, {info} info ({rules} regler kørt).",
        "fix": "Sådan rettes det",
        "related": "relateret",
        "title": "Sporbarhedskontrol",
        "rule": "Regel",
        "count": "Antal",
        "node": "Node",
        "message": "Meddelelse",
        "severity": "Alvor",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "none": "No findings: the model satisfies every rule checked.",
        "summary": "Total: {error} errors, {warning} warnings, {info} info ({rules} rules run).",
        "fix": "How to fix",
        "related": "related",
        "title": "Traceability check",
        "rule": "Rule",
        "count": "Count",
        "node": "Node",
        "message": "Message",
        "severity": "Severity",
    },
}

CSV_COLUMNS = ("rule", "severity", "focus", "label", "message", "related")


def _by_rule(report: Report) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for f in report.findings:
        groups.setdefault(f.rule, []).append(f)
    return groups


def _rule_index(rules: Sequence[Rule]) -> dict[str, Rule]:
    return {r.id: r for r in rules}


def to_text(report: Report, rules: Sequence[Rule] = (), lang: str = "da") -> str:
    """Readable report: per rule a heading with its title and fix, then one line per finding."""
    w = _WORDS[lang]
    index = _rule_index(rules)
    lines: list[str] = []
    for rule_id, findings in _by_rule(report).items():
        rule = index.get(rule_id)
        title = rule.text("title", lang) if rule else rule_id
        lines.append(f"{rule_id} — {title} ({len(findings)})")
        if rule:
            lines.append(f"  {w['fix']}: {rule.text('fix', lang)}")
        for f in findings:
            lines.append(f"  [{w[f.severity]}] {f.message}")
            named = f.label and f.label in f.message
            lines.append(f"      <{f.focus}>" if named else f"      {f.label} <{f.focus}>")
        lines.append("")
    if not report.findings:
        lines.append(w["none"])
    lines.append(w["summary"].format(**report.summary, rules=len(report.rules)))
    return "\n".join(lines) + "\n"


def to_csv(report: Report) -> str:
    """One row per finding; ``related`` IRIs separated by spaces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in report.findings:
        writer.writerow([f.rule, f.severity, f.focus, f.label, f.message, " ".join(f.related)])
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    """Data shown literally in a Markdown table cell: no HTML, links, emphasis or breaks."""
    from kktrace.report.render import md_escape

    return md_escape(text)


_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]")


def _md_link(label: str, iri: str) -> str:
    """``[label](iri)`` for an http(s) IRI (percent-encoding what could end the link);
    any other IRI (``javascript:``, ``data:``, ``urn:``) is shown as escaped text."""
    if not iri.lower().startswith(("http://", "https://")):
        return f"{_md_cell(label)} ({_md_cell(iri)})" if label else _md_cell(iri)
    url = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), iri)
    return f"[{_md_cell(label) or _md_cell(iri)}]({url})"


def to_markdown(report: Report, rules: Sequence[Rule] = (), lang: str = "da") -> str:
    """A summary table, then a section per rule with a table of its findings."""
    w = _WORDS[lang]
    index = _rule_index(rules)
    groups = _by_rule(report)
    out = [f"# {w['title']}", "", w["summary"].format(**report.summary, rules=len(report.rules))]
    if groups:
        out += ["", f"| {w['rule']} | {w['count']} |", "|---|---:|"]
        out += [f"| `{rule_id}` | {len(fs)} |" for rule_id, fs in groups.items()]
    for rule_id, findings in groups.items():
        rule = index.get(rule_id)
        title = rule.text("title", lang) if rule else rule_id
        out += ["", f"## `{rule_id}` — {_md_cell(title)}", ""]
        if rule:
            out += [f"*{w['fix']}:* {_md_cell(rule.text('fix', lang))}", ""]
        out += [f"| {w['severity']} | {w['node']} | {w['message']} |", "|---|---|---|"]
        for f in findings:
            node = _md_link(f.label, f.focus)
            out.append(f"| {w[f.severity]} | {node} | {_md_cell(f.message)} |")
    if not groups:
        out += ["", w["none"]]
    return "\n".join(out) + "\n"


__all__ = ["CSV_COLUMNS", "to_csv", "to_markdown", "to_text"]
