"""Every user-facing text of the gap report, in Danish and English.

Templates and code ask :class:`Catalogue` for a key; nothing the reader sees is written
anywhere else (rule titles, descriptions and fixes come from the rule registry). Texts with
``{name}`` placeholders are filled with :meth:`Catalogue.fmt`. Both languages must have the
same keys (a test checks it).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup

from kktrace.model.vocab import vocabulary
from kktrace.texts import by_lang, load

#: lang → key → text, from ``texts.json`` beside this module (the one catalogue format,
#: :mod:`kktrace.texts`).
MESSAGES: dict[str, dict[str, str]] = by_lang(load(Path(__file__).with_name("texts.json")))

LANGS: tuple[str, ...] = tuple(MESSAGES)


class Catalogue(Mapping[str, str]):
    """The texts of one language: ``cat["title"]``, ``cat.pct(0.8)``."""

    def __init__(self, lang: str) -> None:
        if lang not in MESSAGES:
            raise KeyError(f"no messages for language {lang!r}; known: {', '.join(LANGS)}")
        self.lang = lang
        self._texts = MESSAGES[lang]

    def __getitem__(self, key: str) -> str:
        return self._texts[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def fmt(self, key: str, **values: object) -> str:
        """The text of ``key`` with its ``{placeholders}`` filled."""
        return self._texts[key].format(**values)

    def markup(self, key: str, **values: object) -> Markup:
        """:meth:`fmt` for HTML: values are escaped unless they are already markup (links)."""
        return Markup(self._texts[key]).format(**values)

    def join(self, items: list[str]) -> str:
        """ "a, b og c" / "a, b and c"."""
        if len(items) < 2:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self._texts['and']} " + items[-1]

    def summary_line(self, counts: Mapping[str, int], admin: str | None = None) -> str:
        """The one-line count of findings the CLI prints, in this language."""
        line = self.fmt(
            "cli_summary",
            errors=self.count("n_errors", counts.get("error", 0)),
            warnings=self.count("n_warnings", counts.get("warning", 0)),
            info=self.count("n_info", counts.get("info", 0)),
        )
        return line + (self.fmt("cli_for", admin=admin) if admin else "")

    def count(self, key: str, n: int) -> str:
        """``n_errors`` → "1 fejl" / "3 fejl", using the ``_1`` form for one."""
        if n == 1 and f"{key}_1" in self._texts:
            return self._texts[f"{key}_1"]
        return self.fmt(key, n=n)

    def pct(self, share: float) -> str:
        """A share 0–1 as a whole percentage in this language's style."""
        return self.fmt("pct_fmt", n=round(share * 100))

    def date(self, day: _dt.date) -> str:
        """A day written out, e.g. "26. november 2026" / "26 November 2026"."""
        month = self._texts["months"].split()[day.month - 1]
        return self.fmt("date_fmt", day=day.day, month=month, year=day.year)

    def status(self, status: str | None, year: str | None = None) -> str:
        """A kkt:status local name as text ("InProgress" → "I gang"), with its year if given."""
        if not status:
            return self._texts["chain_na"]
        labels = vocabulary().status_labels.get(status)  # the ontology's skos:prefLabel
        text = (labels.get(self.lang) or labels["en"]).capitalize() if labels else status
        return self.fmt("status_year", status=text, year=year) if year else text

    def severity(self, severity: str, plural: bool = False) -> str:
        return self._texts.get(f"sev_{severity}{'_pl' if plural else ''}", severity)
