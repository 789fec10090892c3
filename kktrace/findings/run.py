"""Run the traceability rules over a model and return a :class:`~kktrace.findings.finding.Report`.

>>> from kktrace import load, check
>>> report = check(load(), rules=["orphan-initiative"], shapes=False)
>>> report.rules
['orphan-initiative']

``check`` is a plain function: ``from kktrace import check`` and
``from kktrace.findings.run import check`` name the same object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kktrace.errors import UsageError
from kktrace.findings.finding import FAIL_ON_RANK, Finding, Report, Severity
from kktrace.model.memory import release, resident
from kktrace.model.store import Model, node_key
from kktrace.rules import QueryRunner, Row, Rule, registry, select_rules

LANGS = ("da", "en")
_EMPTY = {"da": "–", "en": "–"}


def check(
    model: Model,
    rules: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    rule_dirs: Sequence[Path | str] = (),
    shapes: bool = True,
    lang: str = "da",
    fail_on: str = "error",
    select: QueryRunner | None = None,
    on_rule: Callable[[Rule], object] | None = None,
) -> Report:
    """Check ``model`` with every rule (or only ``rules``, minus ``skip``).

    ``rule_dirs`` adds folders of user ``.rq`` rules; ``shapes=False`` leaves out the
    SHACL shapes (``shape-violation``); ``lang`` ("da"/"en") is the language of labels
    and messages; ``fail_on`` is stored on the report (``report.fails()``). ``select``
    runs the SPARQL rules somewhere else (a callable taking query text and returning rows
    of Oxigraph terms); by default they run on ``model.select``, several at once on
    threads of this process (:func:`rule_threads`; a ``select`` of the caller's runs them
    one after the other). ``on_rule`` is called with each rule in turn (a progress bar
    hooks in there). Unknown rule ids raise
    :class:`~kktrace.errors.UsageError` listing the known ones.
    """
    chosen = chosen_rules(rules, skip, rule_dirs, shapes, lang, fail_on)
    runner = select or model.select
    findings = _run(chosen, model, runner, lang, on_rule, parallel=select is None)
    return Report(findings, rules=[r.id for r in chosen], source=model.source, fail_on=fail_on)


def chosen_rules(
    rules: Iterable[str] | None,
    skip: Iterable[str],
    rule_dirs: Sequence[Path | str],
    shapes: bool,
    lang: str,
    fail_on: str,
) -> list[Rule]:
    """The rules a check runs (see :func:`check`'s arguments), after checking ``lang`` and
    ``fail_on``; every way of running a check (here, ``--cache``, ``--on-server``) asks this."""
    if lang not in LANGS:
        raise UsageError(f"unknown language '{lang}' — use one of {', '.join(LANGS)}")
    if fail_on not in FAIL_ON_RANK:
        raise UsageError(f"unknown --fail-on '{fail_on}' — use one of {', '.join(FAIL_ON_RANK)}")
    chosen = select_rules(registry(rule_dirs), rules, skip)
    return chosen if shapes else [r for r in chosen if r.kind != "shacl"]


def _run(
    rules: Sequence[Rule],
    model: Model,
    runner: QueryRunner,
    lang: str,
    on_rule: Callable[[Rule], object] | None,
    parallel: bool,
) -> list[Finding]:
    """Evaluate the rules; with ``parallel``, on a few threads at once.

    Oxigraph gives up the GIL while it evaluates a query, so the rules' queries run side by
    side on the machine's cores in this one process. Only the queries (and the SHACL
    checks) run on the threads; the findings are built here, in the rules' order, so the
    result does not depend on which query finished first.
    """

    outcomes: list[Any] = []
    workers = rule_threads() if parallel else 1
    if workers > 1 and len(rules) > 1:
        from concurrent.futures import ThreadPoolExecutor

        gate = _Gate()
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kktrace-rule")

        def gated_map(fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
            return pool.map(lambda item: gate.run(fn, item), items)

        try:
            futures = {
                i: pool.submit(gate.run, rule.rows, runner)
                for i, rule in enumerate(rules)
                if rule.kind != "shacl"
            }
            for i, rule in enumerate(rules):
                if on_rule is not None:
                    on_rule(rule)
                if rule.kind == "shacl":
                    # its compiled checks join the queue behind the SPARQL rules
                    outcomes.append(shape_findings(model, rule, lang, run_map=gated_map))
                else:
                    outcomes.append(futures[i].result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    else:
        for rule in rules:
            if on_rule is not None:
                on_rule(rule)
            if rule.kind == "shacl":
                outcomes.append(shape_findings(model, rule, lang))
            else:
                outcomes.append(rule.rows(runner))
    findings: list[Finding] = []
    for rule, outcome in zip(rules, outcomes, strict=True):
        if rule.kind == "shacl":
            findings.extend(outcome)
        else:
            findings.extend(findings_from_rows(rule, outcome, model.label, lang))
    return findings


#: A query starts beside one that has grown the process by more than this waits for it.
GATE_MARGIN = 16 << 20
#: A query that grew the process by more than this gives the free memory back after it.
RELEASE_AFTER = 8 << 20


class _Gate:
    """Keeps two memory-hungry queries from running at once on the rule threads.

    A query that walks a long ``kkt:supports+`` closure holds tens of MiB while it runs
    (hollow-local-plan: 66 MiB at 98 municipalities); two of them side by side add up.
    A thread about to start a query waits while another query is running and the
    process has grown by more than :data:`GATE_MARGIN` since that one started; after a
    query that grew it by more than :data:`RELEASE_AFTER`, the freed memory goes back to
    the system (:func:`kktrace.model.memory.release`), else each thread's ``malloc`` arena
    would keep its own high-water mark. What runs when changes nothing in the findings:
    they are built in the rules' order after the queries.
    """

    def __init__(self) -> None:
        import threading

        self._lock = threading.Condition()
        self._started: dict[int, int] = {}  # running query → resident memory at its start
        self._next = 0

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        with self._lock:
            while self._started and resident() - min(self._started.values()) > GATE_MARGIN:
                self._lock.wait(0.005)
            key, self._next = self._next, self._next + 1
            start = self._started[key] = resident()
        try:
            return fn(*args)
        finally:
            grown = resident() - start > RELEASE_AFTER
            if grown:
                release()
            with self._lock:
                del self._started[key]
                self._lock.notify_all()


def rule_threads() -> int:
    """How many rules run at once: the CPUs this process may use, at most 4
    (``KKTRACE_THREADS`` overrides; 1 runs them one after the other)."""
    import os

    raw = os.environ.get("KKTRACE_THREADS", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(4, cpus))


def findings_from_rows(
    rule: Rule, rows: Iterable[Row], label: Any, lang: str = "da"
) -> list[Finding]:
    """Group a rule's rows by ``?focus`` into findings with messages in ``lang``.

    ``label(iri, lang)`` names nodes. ``?related`` values become the finding's
    ``related`` IRIs; ``?severity`` (if bound) overrides the default, the most severe
    winning; every other variable fills the message's ``{placeholder}`` of that name, its
    distinct values joined by ", " (IRIs by label, language-tagged literals in ``lang``).
    """
    groups: dict[str, list[Row]] = {}
    for row in rows:
        focus = row.get("focus")
        if focus is None or isinstance(focus, ox.Literal):
            continue
        groups.setdefault(node_key(focus), []).append(row)
    out = []
    template = rule.text("message", lang)
    for focus, group in groups.items():
        related = sorted({_value(r.get("related")) for r in group} - {""})
        severities = {_value(r.get("severity")) for r in group} - {""}
        severity = max(severities, key=lambda s: Severity(s).rank) if severities else rule.severity
        params = _params(group, label, lang)
        params["focus"] = _quote(label(focus, lang), lang)
        if related:
            params["related"] = ", ".join(_quote(label(r, lang), lang) for r in related)
        out.append(
            Finding(
                rule=rule.id,
                focus=focus,
                severity=severity,
                label=label(focus, lang),
                message=template.format_map(_Defaults(params, _EMPTY[lang])),
                related=tuple(related),
            )
        )
    return out


def _quote(text: str, lang: str) -> str:
    """A node's label as it appears in a message: «…» in Danish, “…” in English."""
    return f"«{text}»" if lang == "da" else f"“{text}”"


def _value(term: Any) -> str:
    if term is None:
        return ""
    return (
        node_key(term)
        if isinstance(term, ox.NamedNode | ox.BlankNode)
        else str(getattr(term, "value", term))
    )


def _params(group: Sequence[Row], label: Any, lang: str) -> dict[str, str]:
    """Message values: every variable but focus/related/severity, distinct and sorted."""
    values: dict[str, set[str]] = {}
    for row in group:
        for name, raw in row.items():
            if name in ("focus", "related", "severity"):
                continue
            bucket = values.setdefault(name, set())
            for term in raw if isinstance(raw, list) else [raw]:
                text = _render(term, label, lang)
                if text is not None:
                    bucket.add(text)
    return {name: ", ".join(sorted(texts)) for name, texts in values.items() if texts}


def _render(term: Any, label: Any, lang: str) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return _quote(label(node_key(term), lang), lang)
    if isinstance(term, ox.Literal):
        if term.language and term.language != lang:
            return None
        return term.value
    return str(term)


class _Defaults(dict[str, str]):
    """format_map mapping where a placeholder with no value shows a dash."""

    def __init__(self, values: Mapping[str, str], empty: str) -> None:
        super().__init__(values)
        self.empty = empty

    def __missing__(self, key: str) -> str:
        return self.empty


_SHACL_SEVERITY = {"Violation": "error", "Warning": "warning", "Info": "info"}


def shape_findings(
    model: Model, rule: Rule, lang: str = "da", run_map: Callable[..., Iterable[Any]] = map
) -> list[Finding]:
    """One ``shape-violation`` finding per SHACL result (sh:Warning/sh:Info keep theirs).

    ``run_map`` runs the compiled shape checks (a thread pool's ``map`` runs them side by
    side)."""
    from kktrace.rules.shacl.engine import validate

    return violation_findings(
        validate(model, lang=lang, skip_untyped=True, run_map=run_map), rule, model.label, lang
    )


def violation_findings(
    violations: Iterable[Any], rule: Rule, label: Any, lang: str = "da"
) -> list[Finding]:
    """SHACL :class:`~kktrace.rules.shacl.engine.Violation` s as findings; ``label(iri, lang)``."""
    out = []
    for v in violations:
        related = (v.value,) if v.value.startswith(("http://", "https://", "urn:")) else ()
        out.append(
            Finding(
                rule=rule.id,
                focus=v.focus,
                severity=_SHACL_SEVERITY.get(v.severity, rule.severity),
                label=label(v.focus, lang),
                message=v.message,
                related=related,
            )
        )
    return out


__all__ = ["check", "findings_from_rows", "registry", "shape_findings"]
