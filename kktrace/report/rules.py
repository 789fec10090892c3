"""Rule texts for the report (title, description, how to fix) from the rule registry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RuleText:
    """What the report says about one rule, in the report's language."""

    id: str
    severity: str
    title: str
    description: str = ""
    fix: str = ""

    @classmethod
    def unknown(cls, rule_id: str, severity: str = "warning") -> RuleText:
        """A rule the registry does not know (e.g. from an older baseline): its id only."""
        return cls(rule_id, severity, rule_id)


def rule_texts(rules: Iterable[Any], lang: str) -> dict[str, RuleText]:
    """Map rule id → :class:`RuleText` for registry rules (``kktrace.findings.run.registry()``)."""
    return {
        r.id: RuleText(
            id=r.id,
            severity=r.severity,
            title=r.text("title", lang),
            description=r.text("description", lang),
            fix=r.text("fix", lang),
        )
        for r in rules
    }


def registry_texts(lang: str) -> dict[str, RuleText]:
    """:func:`rule_texts` of every rule in the registry."""
    from kktrace.rules import registry

    return rule_texts(registry(), lang)
