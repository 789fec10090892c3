"""The one text catalogue format: what users read, in Danish and English.

Every area keeps its texts in a JSON file beside its code — ``kktrace/report/texts.json``,
``kktrace/status/templates/texts.json``, ``kktrace/view/texts.json``,
``kktrace/spreadsheet/texts.json`` — in one shape::

    {"key": {"da": "Dansk tekst med {pladsholder}", "en": "English text with {placeholder}"}}

and reads it with :func:`load`, which checks that every key has both languages (a missing
one is an error naming the file and key, not a silent fallback).

>>> cat = load_text('{"hello": {"da": "Hej {name}", "en": "Hello {name}"}}', "inline")
>>> in_lang(cat, "en")["hello"].format(name="Ada")
'Hello Ada'
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGS: tuple[str, ...] = ("da", "en")

#: key → {"da": …, "en": …}
Catalogue = dict[str, dict[str, str]]


def load_text(text: str, name: str) -> Catalogue:
    """Parse and check one catalogue (``name`` says where it came from, for errors)."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: a text catalogue is a JSON object of key → {{da, en}}")
    for key, by_lang in data.items():
        missing = [lang for lang in LANGS if not isinstance(by_lang, dict) or lang not in by_lang]
        if missing:
            raise ValueError(f"{name}: text '{key}' lacks {', '.join(missing)}")
    return data


@cache
def load(path: Path) -> Catalogue:
    """The catalogue in ``path`` (read once per process)."""
    return load_text(Path(path).read_text(encoding="utf-8"), str(path))


def in_lang(catalogue: Catalogue, lang: str) -> dict[str, str]:
    """key → text in ``lang`` (Danish, the default language, for an unknown one)."""
    lang = lang if lang in LANGS else "da"
    return {key: by_lang[lang] for key, by_lang in catalogue.items()}


def by_lang(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """lang → key → text: the shape older callers index as ``TEXTS[lang][key]``."""
    return {lang: in_lang(catalogue, lang) for lang in LANGS}


__all__ = ["LANGS", "Catalogue", "by_lang", "in_lang", "load", "load_text"]
