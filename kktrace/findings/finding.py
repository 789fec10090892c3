"""Findings and reports: what a check returns. Findings are data; failures are exceptions."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from kktrace.model.vocab import SEVERITIES, Severity

#: ``--fail-on`` values and the lowest severity rank that fails ("never": nothing fails).
FAIL_ON_RANK = {**{s: Severity(s).rank for s in SEVERITIES}, "never": 99}


@dataclass(frozen=True, order=True)
class Finding:
    """One traceability gap about one node (the focus).

    Ordered by (rule, focus, …) so sorting a list of findings gives the contract order.
    """

    rule: str
    focus: str
    severity: str
    label: str = ""
    message: str = ""
    related: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object for one finding (key order as in DESIGN.md §3)."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "focus": self.focus,
            "label": self.label,
            "message": self.message,
            "related": list(self.related),
        }


@dataclass
class Report:
    """The result of a check: sorted findings and what was checked."""

    findings: list[Finding] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    source: str = ""
    #: The ``--fail-on`` threshold the report was made for (``fails()`` uses it by default).
    fail_on: str = "error"

    def __post_init__(self) -> None:
        self.findings = sorted(set(self.findings))

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {s.value: counts.get(s.value, 0) for s in Severity}

    @property
    def conforms(self) -> bool:
        """True when there is no error-level finding."""
        return self.summary["error"] == 0

    def fails(self, fail_on: str | None = None) -> bool:
        """True when a finding is at or above ``fail_on`` (error|warning|info|never).

        Without ``fail_on``, the report's own threshold (:attr:`fail_on`) applies.
        """
        threshold = FAIL_ON_RANK[fail_on or self.fail_on]
        return any(Severity(f.severity).rank >= threshold for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object: ``conforms``, ``findings``, ``summary``."""
        return {
            "conforms": self.conforms,
            "findings": [f.to_json() for f in self.findings],
            "summary": self.summary,
        }

    def dumps(self) -> str:
        """Deterministic JSON text of :meth:`to_json`."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"


__all__ = ["FAIL_ON_RANK", "Finding", "Report", "Severity", "asdict"]
