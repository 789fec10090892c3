"""The rule registry: the SPARQL rules (``.rq`` files) and the SHACL shapes, in one list.

A SPARQL rule is one ``.rq`` file whose leading comment block is its metadata::

    # id: orphan-initiative
    # severity: error
    # title@da: Forældreløst initiativ
    # title@en: Orphan initiative
    # description@da: …            (a line starting "#   " continues the previous field)
    # description@en: …
    # fix@da: …
    # fix@en: …
    # message@da: Initiativet «{focus}» i «{related}» understøtter ikke noget.
    # message@en: The initiative “{focus}” in “{related}” supports nothing.
    SELECT ?focus ?related WHERE { … }

The SELECT returns ``?focus`` (the node a finding is about), optionally ``?related``
(several rows → a list) and any variables the message uses; an optional ``?severity``
("error"/"warning"/"info") overrides the default severity per row. Rows are grouped by
focus into one finding. The query may use the prefixes of
:data:`kktrace.model.namespaces.PREFIXES` without declaring them.

The graph rules (reachability, chains and cycles over ``kkt:supports``) are ``.rq`` files
too: SPARQL 1.1 property paths (``kkt:supports+``) evaluated inside the store, so no copy of
the graph is made in Python and every rule also runs unchanged on a SPARQL server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kktrace.errors import ParseError, UsageError
from kktrace.model.namespaces import PREFIXES
from kktrace.model.vocab import SEVERITIES
from kktrace.rules.header import header_fields

#: Header fields every ``.rq`` rule must have.
REQUIRED_FIELDS: tuple[str, ...] = (
    "id",
    "severity",
    "title@da",
    "title@en",
    "description@da",
    "description@en",
    "fix@da",
    "fix@en",
    "message@da",
    "message@en",
)
#: The rule ids of the contract (DESIGN.md §3); other rules may be added beside them.
CONTRACT_RULES: tuple[str, ...] = (
    "orphan-initiative",
    "untraced-to-strategy",
    "local-plan-not-supporting-common-plan",
    "hollow-local-plan",
    "support-period-mismatch",
    "goal-without-initiative",
    "focus-area-without-goal",
    "dangling-reference",
    "invalid-support-direction",
    "support-cycle",
    "not-decision-ready",
    "priority-conflict",
    "period-outside-plan",
    "missing-local-plan",
    "dropped-without-decision",
    "shape-violation",
)
RULES_DIR = Path(__file__).resolve().parent

#: A row of a rule's result: variable name → Oxigraph term (or None when unbound).
Row = dict[str, Any]
#: Runs a SELECT and returns its rows; locally :meth:`kktrace.model.store.Model.select`.
QueryRunner = Callable[[str], list[Row]]

_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_SPARQL_POS = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.S)


@dataclass(frozen=True)
class Rule:
    """One rule: metadata in Danish and English plus how to evaluate it.

    ``kind`` is "sparql" (``query`` holds the SELECT text, header included) or "shacl" (the
    SHACL shapes, evaluated by :func:`kktrace.findings.run.check`). ``location`` says where the rule lives.
    """

    id: str
    severity: str
    title: Mapping[str, str]
    description: Mapping[str, str]
    fix: Mapping[str, str]
    message: Mapping[str, str]
    location: str
    kind: str = "sparql"
    query: str | None = None

    def text(self, what: str, lang: str) -> str:
        """``title``/``description``/``fix``/``message`` in ``lang`` (falls back to da)."""
        values: Mapping[str, str] = getattr(self, what)
        return values.get(lang) or values.get("da", "")

    def rows(self, select: QueryRunner) -> list[Row]:
        """Evaluate a SPARQL rule through ``select`` (no rows for the SHACL rule)."""
        if self.kind == "sparql" and self.query is not None:
            return select(self.query)
        return []


# -- .rq files ------------------------------------------------------------------------


def parse_header(text: str) -> dict[str, str]:
    """The metadata fields of a ``.rq`` file's leading comment block (see
    :mod:`kktrace.rules.header`, the one reading of ``.rq`` headers)."""
    return {key: value for key, value, _ in header_fields(text)}


def load_rq(path: Path) -> Rule:
    """Read one ``.rq`` rule; raise :class:`ParseError` naming the file for any defect."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(path, f"rule file cannot be read ({exc})", hint="check the file") from None
    fields = parse_header(text)
    missing = [f for f in REQUIRED_FIELDS if not fields.get(f)]
    if missing:
        raise ParseError(
            path,
            f"rule header lacks {', '.join('# ' + m + ':' for m in missing)}",
            hint="add the missing '# field: value' lines at the top (see docs/checks.md)",
        )
    rule_id, severity = fields["id"], fields["severity"]
    if not _ID.match(rule_id):
        raise ParseError(
            path, f"rule id '{rule_id}' is not lower-case-with-dashes", hint="rename it"
        )
    if severity not in SEVERITIES:
        raise ParseError(
            path, f"severity '{severity}' is not one of {', '.join(SEVERITIES)}", hint="fix it"
        )
    for lang in ("da", "en"):
        _validate_message(path, lang, fields[f"message@{lang}"])
    text = _validate_sparql(path, text)
    return Rule(
        id=rule_id,
        severity=severity,
        title=_by_lang(fields, "title"),
        description=_by_lang(fields, "description"),
        fix=_by_lang(fields, "fix"),
        message=_by_lang(fields, "message"),
        location=_display(path),
        kind="sparql",
        query=text,
    )


def _display(path: Path) -> str:
    """Built-in rules are shown relative to the package (the same on every machine)."""
    try:
        return path.resolve().relative_to(RULES_DIR.parent.parent).as_posix()
    except ValueError:
        return str(path)


def _by_lang(fields: Mapping[str, str], name: str) -> dict[str, str]:
    return {lang: fields[f"{name}@{lang}"] for lang in ("da", "en")}


def _validate_message(path: Path, lang: str, template: str) -> None:
    """A message is text with ``{variable}`` placeholders (``{{``/``}}`` for braces)."""
    import string

    class AnyValue(dict[str, str]):
        def __missing__(self, key: str) -> str:
            return "x"

    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        bad = next((f for f in fields if not f.isidentifier()), None)
        problem = None if bad is None else f"placeholder {{{bad}}} is not a variable name"
        if problem is None:
            template.format_map(AnyValue())  # conversions (!r) and format specs (:>10) too
    except ValueError as exc:
        problem = str(exc)
    if problem:
        raise ParseError(
            path,
            f"# message@{lang}: {problem}",
            hint="write placeholders as {variable} and literal braces as {{ }}",
        )


def _validate_sparql(path: Path, text: str) -> str:
    """Parse the query (on an empty store) and check that it is a SELECT with ?focus;
    the text to run.

    A rule from outside kktrace passes the SPARQL guard first (no ``SERVICE``, no update):
    evaluating it even on an empty store would otherwise let Oxigraph call a URL. Its
    checked (canonical) text is the one that runs.
    """
    if path.resolve().parent != RULES_DIR.resolve():
        from kktrace.sparql.guard import check_query

        checked = check_query(text, str(path))
        if checked.names_dataset:
            raise ParseError(
                path,
                "a rule runs on the whole model, so FROM / FROM NAMED would be ignored",
                hint="remove the FROM lines (use GRAPH <g> { … } to look into one graph)",
            )
        text = checked.text
    try:
        result = ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        detail = str(exc.msg if exc.msg else exc)
        match = _SPARQL_POS.search(detail)
        line = column = None
        if match:
            line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
        raise ParseError(
            path,
            f"SPARQL syntax error: {detail}",
            line,
            column,
            hint="fix the query at that place (or remove the file from the rules folder)",
        ) from None
    if not isinstance(result, ox.QuerySolutions):
        raise ParseError(
            path, "a rule must be a SELECT query", hint="rewrite it as SELECT ?focus …"
        )
    names = {v.value for v in result.variables}
    if "focus" not in names:
        raise ParseError(path, "the SELECT must return ?focus", hint="add ?focus to the SELECT")
    return text


def load_dir(folder: Path) -> list[Rule]:
    """Every ``*.rq`` rule in a folder (not recursive), sorted by file name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: rules folder not found — give a folder of .rq files")
    return [load_rq(p) for p in sorted(folder.glob("*.rq"))]


# -- the registry -----------------------------------------------------------------------


def builtin_rules() -> list[Rule]:
    """The rules kktrace ships: the ``.rq`` files here and SHACL."""
    from kktrace.rules.shapes import SHAPE_RULE

    return [*load_dir(RULES_DIR), SHAPE_RULE]


def registry(rule_dirs: Sequence[Path | str] = ()) -> list[Rule]:
    """All rules, built-in and from ``rule_dirs``, sorted by id.

    A user rule may not reuse an id (raises :class:`UsageError` naming both files).
    """
    rules: dict[str, Rule] = {}
    for rule in [*builtin_rules(), *(r for d in rule_dirs for r in load_dir(Path(d)))]:
        if rule.id in rules:
            raise UsageError(
                f"{rule.location}: rule id '{rule.id}' is already defined by "
                f"{rules[rule.id].location} — give the rule another id"
            )
        rules[rule.id] = rule
    return [rules[k] for k in sorted(rules)]


def select_rules(
    rules: Sequence[Rule], only: Iterable[str] | None = None, skip: Iterable[str] = ()
) -> list[Rule]:
    """The rules to run: ``only`` (None = all) minus ``skip``; unknown ids are an error."""
    known = {r.id for r in rules}
    only_set = set(only) if only is not None else None
    unknown = sorted(((only_set or set()) | set(skip)) - known)
    if unknown:
        raise UsageError(
            f"unknown rule id {', '.join(unknown)} — known rules: {', '.join(sorted(known))}"
        )
    return [r for r in rules if (only_set is None or r.id in only_set) and r.id not in set(skip)]


__all__ = [
    "CONTRACT_RULES",
    "REQUIRED_FIELDS",
    "QueryRunner",
    "Row",
    "Rule",
    "builtin_rules",
    "load_dir",
    "load_rq",
    "parse_header",
    "registry",
    "select_rules",
]
