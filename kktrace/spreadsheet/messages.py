"""The catalogue of import error texts, in Danish and English.

Each text reads "what is wrong — what is allowed"; the importer puts "Sheet!Cell: " in
front. The language is the workbook's (Danish sheet names → Danish; English → English).
"""

from __future__ import annotations

from pathlib import Path

from kktrace.texts import load

#: key → (Danish, English), from ``texts.json`` beside this module (the one catalogue
#: format, :mod:`kktrace.texts`).
MESSAGES: dict[str, tuple[str, str]] = {
    key: (text["da"], text["en"])
    for key, text in load(Path(__file__).with_name("texts.json")).items()
}


def message(code: str, lang: str, **params: object) -> str:
    """The text of ``code`` in ``lang`` (``da`` or ``en``) with ``params`` filled in."""
    da, en = MESSAGES[code]
    return (da if lang == "da" else en).format(**params)
