"""Screening RDF files before a parser sees them: the one place hostile input is refused.

Oxigraph's parsers are fast but trusting: an RDF/XML DTD is expanded when it is declared
(1 KB of "billion laughs" took over 9 GB), a deeply nested JSON-LD document overflows the
stack (a segmentation fault at 5,000 levels), one token over 16 MB ends in a ``MemoryError``
and a UTF-8 byte order mark is read as part of the first term. :func:`screen_file` looks at
a file first and either says where its data starts or raises one
:class:`~kktrace.errors.ParseError` naming the file and what to do.

The bounds (documented in docs/checks.md, "Hostile input"):

* RDF/XML: no external or parameter entities, no entity whose value refers to another
  entity; the simple internal entities that ontology editors write (``<!ENTITY owl
  "http://www.w3.org/2002/07/owl#">``) are allowed while all their uses together expand to
  at most :data:`MAX_ENTITY_EXPANSION` characters.
* JSON-LD: arrays and objects nested at most :data:`MAX_JSON_DEPTH` deep.
* A byte order mark at the start of any file is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

import pyoxigraph as ox

from kktrace.errors import ParseError

#: How deep JSON-LD arrays and objects may nest (real documents stay under 20).
MAX_JSON_DEPTH = 256
#: How deep RDF/XML elements may nest (Oxigraph's RDF/XML parser slows down more than
#: quadratically with depth: 20,000 levels took 3.6 s, 50,000 took 38 s).
MAX_XML_DEPTH = 256
#: How many characters the entities of one RDF/XML file may expand to, all uses together.
MAX_ENTITY_EXPANSION = 1_000_000
#: Oxigraph's parsers hold one token (an IRI, a literal) in a buffer of at most this size.
PARSER_BUFFER = 16 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20


def screen_file(path: Path, handle: BinaryIO, fmt: ox.RdfFormat) -> int:
    """Check an open RDF file; return the offset its data starts at (3 after a BOM, else 0).

    ``handle`` is left at an unspecified position: seek to the returned offset before
    parsing. Raises :class:`ParseError` for input that would harm the parser.
    """
    head = handle.read(len(_BOM))
    start = len(_BOM) if head == _BOM else 0
    if fmt == ox.RdfFormat.RDF_XML:
        handle.seek(start)
        _screen_xml_dtd(path, handle)
    elif fmt == ox.RdfFormat.JSON_LD:
        handle.seek(start)
        if json_too_deep(handle.read()):
            handle.seek(start)
            _screen_json_depth(path, handle)  # slower, but finds the line to name
            raise ParseError(
                path,
                f"JSON-LD nests arrays and objects more than {MAX_JSON_DEPTH} deep",
                hint="flatten the document (a JSON-LD processor's flatten does it)",
            )
    return start


def has_doctype(handle: BinaryIO) -> bool:
    """Whether an XML document declares a DTD (``<!DOCTYPE``) before its first element.

    Reads only the prolog, with expat, never fetching or expanding anything.
    """
    found: list[bool] = []

    def on_doctype(*_args: object) -> None:
        found.append(True)
        raise _StopProlog

    def on_start(*_args: object) -> None:
        raise _StopProlog

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = on_doctype
    parser.StartElementHandler = on_start
    try:
        while chunk := handle.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (_StopProlog, expat.ExpatError):
        pass
    return bool(found)


def buffer_error(path: Path) -> ParseError:
    """The error for a token longer than the parser's buffer (Oxigraph's ``MemoryError``)."""
    return ParseError(
        path,
        f"a single IRI or literal is longer than {PARSER_BUFFER // (1024 * 1024)} MB, "
        "the parser's limit",
        hint="keep texts that long outside the RDF (link to a document instead)",
    )


class _StopProlog(Exception):
    """Raised inside expat once the document element starts: the DTD has been read."""


def _screen_xml_dtd(path: Path, handle: BinaryIO) -> None:
    """Read the XML with expat (never fetching anything): vet the DTD's entities before
    the first element, then measure how deep the elements nest."""
    entities: dict[str, str] = {}
    problems: list[str] = []
    depth = [0]

    def on_entity(name, is_parameter, value, base, system_id, public_id, notation):
        if is_parameter:
            problems.append(f"parameter entity '%{name};'")
        elif value is None:
            problems.append(f"external entity '&{name};' ({system_id or public_id or notation})")
        elif "&" in value or "%" in value:
            problems.append(f"entity '&{name};' that refers to other entities")
        else:
            entities[name] = value

    def on_start(name, attrs):
        if problems:
            raise _StopProlog  # before any entity is expanded in the content
        depth[0] += 1
        if depth[0] > MAX_XML_DEPTH:
            raise _StopProlog

    def on_end(name):
        depth[0] -= 1

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.ordered_attributes = True  # a list is cheaper than a dict per element
    parser.EntityDeclHandler = on_entity
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    line = None
    try:
        while chunk := handle.read(_CHUNK):
            parser.Parse(chunk, False)
            if problems:
                break
        else:
            parser.Parse(b"", True)
    except _StopProlog:
        line = parser.CurrentLineNumber
    except expat.ExpatError:
        pass  # Not well-formed: Oxigraph's parser reports it with its own line and column.
    if problems:
        raise ParseError(
            path,
            f"RDF/XML declares an {problems[0]} in its DTD — refused, kktrace reads no "
            "external or nested entities",
            hint="remove the <!DOCTYPE …> declarations or replace the entities by their text",
        )
    if depth[0] > MAX_XML_DEPTH:
        raise ParseError(
            path,
            f"RDF/XML nests elements more than {MAX_XML_DEPTH} deep",
            line,
            hint="write the nested descriptions as separate rdf:Description elements",
        )
    if entities:
        _check_expansion(path, handle, entities)


def _check_expansion(path: Path, handle: BinaryIO, entities: dict[str, str]) -> None:
    handle.seek(0)
    uses = re.compile(rb"&([A-Za-z_:][\w.:-]*);")
    total = 0
    tail = b""
    while chunk := handle.read(_CHUNK):
        data = tail + chunk
        # A reference never holds '&': every one before the last '&' ends before it, so
        # only the part from the last '&' on waits for the next chunk.
        last = data.rfind(b"&") if len(chunk) == _CHUNK else -1
        cut = last if last >= 0 else len(data)
        for match in uses.finditer(data, 0, cut):
            total += len(entities.get(match.group(1).decode("utf-8", "replace"), ""))
        tail = data[cut:]
        if total > MAX_ENTITY_EXPANSION:
            raise ParseError(
                path,
                f"RDF/XML entities expand to more than {MAX_ENTITY_EXPANSION:,} characters "
                "— refused",
                hint="replace the entities declared in <!DOCTYPE …> by their text",
            )


_JSON_TOKENS = re.compile(rb'["\\\[\]{}]')
_JSON_DELETE = bytes(c for c in range(256) if c not in b'"[]{}')
_JSON_PARENS = bytes.maketrans(b"[]{}", b"()()")


def json_too_deep(data: bytes, limit: int | None = None) -> bool:
    """Whether JSON arrays and objects nest more than ``limit`` (:data:`MAX_JSON_DEPTH`) deep.

    Done with bytes operations that run in C (about 1 s for 25 MB, a fifth of the parse):
    escapes are dropped, then everything but quotes and brackets, then the strings; each
    pass that deletes the innermost ``()`` pairs lowers the depth by one.

    >>> json_too_deep(b'{"a": [[1]], "b": "[[[[\\"]]"}', limit=3), json_too_deep(b"[[[[]]]]", limit=3)
    (False, True)
    """
    limit = MAX_JSON_DEPTH if limit is None else limit
    x = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _JSON_DELETE)
    # Two adjacent quotes are an empty string or the seam between two strings: either way no
    # bracket lies between them.
    x = re.sub(rb'"[^"]*"', b"", x.replace(b'""', b"")).translate(_JSON_PARENS)
    for _ in range(limit):
        shorter = x.replace(b"()", b"")
        if shorter == x:
            return False  # empty, or unbalanced (the parser will say where)
        x = shorter
    return b"()" in x


def _screen_json_depth(path: Path, handle: BinaryIO) -> None:
    """Measure how deep arrays and objects nest, without building the document."""
    depth = 0
    in_string = False
    skip_at = -1  # absolute offset of a character escaped by a backslash
    offset = 0
    line = 1
    while chunk := handle.read(_CHUNK):
        for match in _JSON_TOKENS.finditer(chunk):
            at = offset + match.start()
            if at == skip_at:
                continue
            token = match.group()
            if in_string:
                if token == b"\\":
                    skip_at = at + 1
                elif token == b'"':
                    in_string = False
            elif token == b'"':
                in_string = True
            elif token in (b"[", b"{"):
                depth += 1
                if depth > MAX_JSON_DEPTH:
                    line += chunk.count(b"\n", 0, match.start())
                    raise ParseError(
                        path,
                        f"JSON-LD nests arrays and objects more than {MAX_JSON_DEPTH} deep",
                        line,
                        hint="flatten the document (a JSON-LD processor's flatten does it)",
                    )
            elif token in (b"]", b"}"):
                depth = max(depth - 1, 0)
        line += chunk.count(b"\n")
        offset += len(chunk)
