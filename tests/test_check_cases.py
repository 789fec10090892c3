"""The conformance suite: tests/cases/<rule-id>/<case>.ttl, each with its expected findings.

A case file's leading comments say what its rule must report, one line per finding::

    # expect: ex:I1 error -> ex:P           focus, severity, and (optionally) exact related
    # expect: nothing                       the rule reports nothing on this file

``ex:`` is https://example.org/. Only the case's own rule runs (the folder name), so each
file tests one rule; SHACL runs only for ``shape-violation``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kktrace import check, load
from kktrace.rules import CONTRACT_RULES, registry

CASES = Path(__file__).parent / "cases"
EX = "https://example.org/"
_EXPECT = re.compile(r"^#\s*expect:\s*(.+?)\s*$")


def _iri(token: str) -> str:
    return EX + token[3:] if token.startswith("ex:") else token.strip("<>")


def expected(path: Path) -> set[tuple[str, str, tuple[str, ...] | None]]:
    """(focus, severity, related or None) for each ``# expect:`` line of a case file."""
    out: set[tuple[str, str, tuple[str, ...] | None]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _EXPECT.match(line)
        if not match or match.group(1) == "nothing":
            continue
        head, _, tail = match.group(1).partition("->")
        focus, severity = head.split()
        related = tuple(sorted(_iri(t) for t in tail.split())) if tail else None
        out.add((_iri(focus), severity, related))
    return out


def _cases() -> list[Path]:
    return sorted(CASES.glob("*/*.ttl"))


@pytest.mark.parametrize("path", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case(path: Path) -> None:
    rule = path.parent.name
    text = path.read_text(encoding="utf-8")
    assert "# expect:" in text, f"{path} has no '# expect:' line"
    report = check(load([path]), rules=[rule], shapes=rule == "shape-violation")
    got = {(f.focus, f.severity, f.related) for f in report.findings}
    want = expected(path)
    # Where a case does not spell out related nodes, compare focus and severity only.
    got_cmp = {(fo, sev, rel if (fo, sev, None) not in want else None) for fo, sev, rel in got}
    assert got_cmp == want, "\n".join(f.message for f in report.findings)
    assert all(f.rule == rule and f.message for f in report.findings)


def test_registry_has_every_contract_rule() -> None:
    assert set(CONTRACT_RULES) <= {r.id for r in registry()}


@pytest.mark.parametrize("rule_id", CONTRACT_RULES)
def test_every_contract_rule_has_a_failing_and_a_passing_case(rule_id: str) -> None:
    files = sorted((CASES / rule_id).glob("*.ttl"))
    kinds = {bool(expected(p)) for p in files}
    assert kinds == {True, False}, f"{rule_id}: need one failing and one passing case"


def test_cases_folders_are_rule_ids() -> None:
    known = {r.id for r in registry()}
    assert {p.name for p in CASES.iterdir() if p.is_dir()} <= known
