"""The comment header of a ``.rq`` file — rules and named queries read it the same way.

The header is the run of ``#`` lines at the top of the file. ``# key: value`` starts a field
(``key`` is lower-case letters, optionally ``@da``/``@en``); a following comment line
indented by two or more spaces after the ``#`` (``#   more``) continues it; any other
line — a bare ``#``, a comment that is not a field, the first query line — ends it.

>>> header_fields('''# title@en: Orphan
... #   initiatives
... #
... # Not part of the title.
... # param: plan (iri) — the plan
... SELECT * WHERE {}''')
[('title@en', 'Orphan initiatives', 1), ('param', 'plan (iri) — the plan', 5)]
"""

from __future__ import annotations

import re

_FIELD = re.compile(r"^#\s?([a-z]+(?:@[a-z]{2})?)\s*:\s?(.*)$")


def header_fields(text: str) -> list[tuple[str, str, int]]:
    """``(key, value, line number)`` of every field in the header, in file order."""
    fields: list[list[object]] = []
    current: list[object] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            current = None
            continue
        if stripped.startswith("#  ") and current is not None:
            current[1] = f"{current[1]} {stripped[1:].strip()}".strip()
            continue
        match = _FIELD.match(stripped)
        if match and not stripped.startswith("#  "):
            current = [match.group(1), match.group(2).strip(), number]
            fields.append(current)
        else:
            current = None
    return [(str(k), str(v), int(n)) for k, v, n in fields]  # type: ignore[call-overload]


__all__ = ["header_fields"]
