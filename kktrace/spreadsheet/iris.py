"""Ids in a workbook ↔ terms in RDF: stable IRIs made from plan owners' ids.

An id becomes ``base + slug(id)``. :func:`slug` is deterministic and idempotent:

* ``æ ø å Æ Ø Å`` are transliterated the Danish way: ``ae oe aa AE OE AA``
  (``ØKF`` → ``OEKF``), so IRIs stay readable;
* ``A–Z a–z 0–9 - . _ ~`` and existing ``%XX`` escapes are kept;
* every other character (space, ``/``, ``é``, …) is percent-encoded as UTF-8 (``%20``).

When the id is changed by this (it had æøå, spaces, …) and the row gives no code, the
original id is kept as ``skos:notation`` — so "ØKF" is still findable as "ØKF".

A cell may also hold a full IRI (``https://…``, ``http://…``, ``urn:…`` or anything in
``<…>``), which is used as it is, or a blank node ``_:name``. The exporter writes an id
relative to the base wherever that gives back the same IRI, else the full IRI.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kktrace.model.namespaces import KK, PREFIXES

DEFAULT_BASE = KK

_TRANSLIT = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA"}
_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_HEX = frozenset("0123456789abcdefABCDEF")
_ABSOLUTE = re.compile(r"^(https?://|urn:)\S+$", re.IGNORECASE)
_BNODE = re.compile(r"^_:[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_PNAME = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):([A-Za-z0-9_][A-Za-z0-9_.-]*)$")


def slug(text: str) -> str:
    """The IRI-safe form of an id (see the module docstring).

    >>> slug("ØKF"), slug("BUF-2011-07"), slug("Mål 1/2")
    ('OEKF', 'BUF-2011-07', 'Maal%201%2F2')
    >>> slug(slug("Ærø café")) == slug("Ærø café")
    True
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _SAFE:
            out.append(ch)
        elif ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
        elif ch == "%" and text[i + 1 : i + 2] in _HEX and text[i + 2 : i + 3] in _HEX:
            out.append(text[i : i + 3])
            i += 3
            continue
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
        i += 1
    return "".join(out)


def id_to_term(text: str, base: str) -> ox.NamedNode | ox.BlankNode:
    """The RDF term for an id cell's text (already stripped, not empty).

    Raises :class:`ValueError` when the text looks like an IRI but is not a valid one.
    """
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    if _ABSOLUTE.match(text):
        return ox.NamedNode(text)
    if _BNODE.match(text):
        return ox.BlankNode(text[2:])
    return ox.NamedNode(base + slug(text))


def is_explicit(text: str) -> bool:
    """True if the id text is a full IRI or blank node (not checked against the workbook)."""
    return bool(
        (text.startswith("<") and text.endswith(">")) or _ABSOLUTE.match(text) or _BNODE.match(text)
    )


def term_to_id(term: ox.NamedNode | ox.BlankNode, base: str) -> str:
    """The id to write for a term: relative to ``base`` if that reads back the same."""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    iri = term.value
    if iri.startswith(base):
        rest = iri[len(base) :]
        if rest and slug(rest) == rest and not _BNODE.match(rest):
            return rest
    if _ABSOLUTE.match(iri):
        return iri
    return f"<{iri}>"


def expand_name(text: str) -> ox.NamedNode:
    """A prefixed name (``dcterms:source``, prefixes of :data:`PREFIXES`) or IRI → NamedNode.

    Raises :class:`ValueError` for anything else.
    """
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    match = _PNAME.match(text)
    if match and match.group(1) in PREFIXES:
        return ox.NamedNode(PREFIXES[match.group(1)] + match.group(2))
    if _bare_iri(text):
        return ox.NamedNode(text)
    raise ValueError(text)


def compact_name(iri: str) -> str:
    """A prefixed name for ``iri`` where a prefix of :data:`PREFIXES` fits, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            local = iri[len(ns) :]
            if _PNAME.match(f"{prefix}:{local}") and not local.endswith("."):
                return f"{prefix}:{local}"
    return iri if _bare_iri(iri) else f"<{iri}>"


def _bare_iri(text: str) -> bool:
    """An IRI that can be written without ``<…>``: cannot be mistaken for a prefixed name."""
    return bool(_ABSOLUTE.match(text) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*/\S*$", text))
