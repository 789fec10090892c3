"""The baseline of ``kktrace report --baseline``: the findings of an earlier run.

Either a findings JSON file (what ``kktrace report`` writes next to the report, or what
``kktrace check --format json`` prints), or an earlier version of the model (files or a
folder), which is checked now with the current rules.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from kktrace.errors import InputFileError, ParseError
from kktrace.findings.finding import Finding
from kktrace.model.vocab import SEVERITIES


def load_baseline(path: Path | str, lang: str = "da") -> list[Finding]:
    """The findings of the baseline at ``path`` (a ``.json`` file, or RDF files/folder)."""
    p = Path(path)
    if p.is_file() and p.suffix.lower() == ".json":
        return read_findings_json(p)
    from kktrace.findings.run import check
    from kktrace.model.store import load

    return list(check(load([p]), lang=lang).findings)


def read_findings_json(path: Path) -> list[Finding]:
    """Findings from a check JSON object (``{"findings": [...]}``, DESIGN §3)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError(
            f"{path}: cannot be read ({exc.strerror or exc}) — check the path"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ParseError(
            path, f"not valid JSON ({exc})", line, hint="give a findings JSON written by kktrace"
        ) from None
    except RecursionError:
        raise ParseError(
            path,
            "JSON nested too deeply to be a findings file",
            hint="give a findings JSON written by kktrace",
        ) from None
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ParseError(
            path,
            'no "findings" list',
            hint="give the findings JSON that kktrace report or kktrace check --format json wrote",
        )
    findings = []
    for number, item in enumerate(items, 1):
        problem = _problem(item)
        if problem:
            raise ParseError(
                path,
                f"finding {number} {problem}",
                hint="each finding needs rule, focus and severity (error, warning or info)",
            )
        findings.append(_finding(item))
    return findings


def _problem(item: object) -> str | None:
    """What is wrong with one finding of a findings JSON, or None."""
    if not isinstance(item, dict):
        return "is not a JSON object"
    for key in ("rule", "focus", "severity"):
        if not isinstance(item.get(key), str) or not item[key]:
            return f"lacks '{key}' (a text)"
    if item["severity"] not in SEVERITIES:
        return f"has severity '{item['severity']}'"
    related = item.get("related")
    if related is not None and (
        not isinstance(related, list) or not all(isinstance(r, str) for r in related)
    ):
        return "has a 'related' that is not a list of IRIs"
    return None


def _finding(item: dict) -> Finding:  # type: ignore[type-arg]
    related: Sequence[str] = item.get("related") or ()
    return Finding(
        rule=str(item["rule"]),
        focus=str(item["focus"]),
        severity=str(item["severity"]),
        label=str(item.get("label") or ""),
        message=str(item.get("message") or ""),
        related=tuple(str(r) for r in related),
    )
