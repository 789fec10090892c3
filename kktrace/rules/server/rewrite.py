"""Make a query subclass-aware on a server that does not reason: ``?x a kkt:C`` → ``?x a ?t``
with ``VALUES ?t { kkt:C and every subclass of it }``.

Locally kktrace materialises the ``rdf:type`` triples that ``rdfs:subClassOf`` implies
(:func:`kktrace.model.parse.materialise_types`); a SPARQL server usually has neither the
ontology nor those triples. The class hierarchy is small, so it is closed here (the
ontology's axioms plus the ``rdfs:subClassOf`` triples of the server's graph) and put into
each query that asks for a class.

The query is read as SPARQL tokens (strings, IRIs, comments and variables are never
touched), not matched with a pattern over its text: the keyword ``a`` can only be a
verb, and its objects are the terms up to the end of its object list. Each constant
object with subclasses becomes a fresh variable, bound by a ``VALUES`` block at the end
of the innermost group that holds the triple, so the block joins exactly that group
(inside ``OPTIONAL``, ``NOT EXISTS``, ``UNION`` branches and subqueries alike). ``a`` in
a property path (``a/rdfs:subClassOf*``) and ``rdf:type`` written out are left as they
are. The result is parsed again (:func:`kktrace.sparql.query.check_syntax`) before it is sent.

>>> text = "SELECT ?x WHERE { ?x a kkt:Goal ; kkt:partOf ?p . }"
>>> closure = {"https://w3id.org/kktrace/def#Goal": ["https://w3id.org/kktrace/def#Goal",
...            "https://w3id.org/kktrace/def#LocalGoal"]}
>>> print(with_subclasses(text, closure))
SELECT ?x WHERE { ?x a ?kktrace_type_1 ; kkt:partOf ?p . VALUES ?kktrace_type_1 { <https://w3id.org/kktrace/def#Goal> <https://w3id.org/kktrace/def#LocalGoal> } }
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kktrace.model.namespaces import KKT, PREFIXES, RDFS

#: One SPARQL token; the alternatives are tried in order (long strings before short ones,
#: an IRI before the ``<`` operator: an IRI has no spaces, ``?a < ?b`` has).
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*)
  | (?P<word>[^\W\d][\w-]*)
  | (?P<other>.)
    """,
    re.X | re.S,
)
_PATH_NEIGHBOURS = frozenset("/|^*+?!(")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokens(text: str) -> list[Token]:
    """The query as tokens; joining their texts gives ``text`` back."""
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        out.append(Token(kind, match.group()))
    return out


def _iri(token: Token) -> str | None:
    """The IRI a constant token names (prefixed names with kktrace's prefixes)."""
    if token.kind == "iri":
        return token.text[1:-1]
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        base = PREFIXES.get(prefix)
        return None if base is None else base + re.sub(r"\\(.)", r"\1", local)
    return None


def subclass_closure(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """class → itself and every class below it (``rdfs:subClassOf+``), sorted.

    >>> subclass_closure([("b", "a"), ("c", "b")])["a"]
    ['a', 'b', 'c']
    """
    below: dict[str, set[str]] = {}
    for sub, sup in pairs:
        below.setdefault(sup, set()).add(sub)
    out: dict[str, list[str]] = {}
    for cls in below:
        seen, todo = {cls}, [cls]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        out[cls] = sorted(seen)
    return out


def with_subclasses(
    text: str,
    closure: Mapping[str, Sequence[str]],
    levels: Mapping[str, int] | None = None,
) -> str:
    """``text`` with every ``a <C>`` whose class has subclasses in ``closure`` widened.

    With ``levels`` (class → its own or inherited ``kkt:level``), a whole triple pattern
    ``?class kkt:level ?level`` is answered from them: it becomes ``VALUES (?class ?level)``.
    Joined with ``?node a ?class`` (the asserted types on the server) it gives every level
    that the inferred types give locally, so ``MIN(?level)`` is the same.
    """
    toks = tokens(text)
    significant = [i for i, t in enumerate(toks) if t.kind not in ("ws", "comment")]
    replace: dict[int, str] = {}
    if levels is not None:
        _answer_levels(toks, significant, levels, replace)
    _widen_class_values(toks, significant, closure, replace)
    open_groups: list[int] = []  # token index of each unclosed "{"
    inserts: dict[int, list[str]] = {}  # token index of a "}" → VALUES blocks before it
    pending: dict[int, list[str]] = {}  # token index of a "{" → blocks for its group
    fresh = 0
    for pos, i in enumerate(significant):
        tok = toks[i]
        if tok.kind == "other" and tok.text == "{":
            open_groups.append(i)
        elif tok.kind == "other" and tok.text == "}":
            opener = open_groups.pop() if open_groups else None
            if opener is not None and opener in pending:
                inserts[i] = pending.pop(opener)
        elif tok.kind == "word" and tok.text == "a" and open_groups:
            before = toks[significant[pos - 1]].text if pos else ""
            after = toks[significant[pos + 1]].text if pos + 1 < len(significant) else ""
            if before in _PATH_NEIGHBOURS or before == "@" or after in _PATH_NEIGHBOURS:
                continue
            # The object list: term ("," term)*.
            k = pos + 1
            while k < len(significant):
                obj = toks[significant[k]]
                cls = _iri(obj)
                classes = closure.get(cls or "", ())
                if cls is not None and len(classes) > 1:
                    fresh += 1
                    var = f"?kktrace_type_{fresh}"
                    replace[significant[k]] = var
                    values = " ".join(f"<{c}>" for c in classes)
                    pending.setdefault(open_groups[-1], []).append(f"VALUES {var} {{ {values} }}")
                if k + 1 < len(significant) and toks[significant[k + 1]].text == ",":
                    k += 2
                    continue
                break
    if not replace:
        return text
    out = []
    for i, tok in enumerate(toks):
        if i in inserts:
            out.append(" ".join(inserts[i]) + " ")
        out.append(replace.get(i, tok.text))
    return "".join(out)


_LEVEL = KKT + "level"


def _type_objects(toks: list[Token], significant: list[int]) -> dict[str, int]:
    """Variable → how often it is the object right after the verb ``a``."""
    out: dict[str, int] = {}
    for pos in range(len(significant) - 1):
        verb, obj = toks[significant[pos]], toks[significant[pos + 1]]
        if verb.kind == "word" and verb.text == "a" and obj.kind == "var":
            out[obj.text] = out.get(obj.text, 0) + 1
    return out


def _widen_class_values(
    toks: list[Token],
    significant: list[int],
    closure: Mapping[str, Sequence[str]],
    replace: dict[int, str],
) -> None:
    """``VALUES ?c { kkt:A kkt:B }`` with ``?x a ?c`` → the classes and their subclasses.

    Only for a variable used nowhere but in such ``VALUES`` blocks and as the object of
    ``a`` (the SHACL compiler's targets, ``?kktraceTargetClass``): then the wider list means
    exactly "an instance of one of the classes".
    """
    typed = _type_objects(toks, significant)
    uses: dict[str, int] = {}
    for i in significant:
        if toks[i].kind == "var":
            uses[toks[i].text] = uses.get(toks[i].text, 0) + 1
    texts = [toks[i].text for i in significant]
    for pos in range(len(significant) - 3):
        if texts[pos].upper() != "VALUES" or texts[pos + 2] != "{":
            continue
        var = toks[significant[pos + 1]]
        if var.kind != "var" or var.text not in typed:
            continue
        end = texts.index("}", pos + 3) if "}" in texts[pos + 3 :] else None
        if end is None:
            continue
        members = [_iri(toks[significant[k]]) for k in range(pos + 3, end)]
        blocks = sum(
            1
            for k in range(len(texts) - 1)
            if texts[k].upper() == "VALUES" and texts[k + 1] == var.text
        )
        if None in members or uses[var.text] != typed[var.text] + blocks:
            continue
        wider = sorted({c for m in members for c in closure.get(m or "", [m or ""])})
        replace[significant[pos + 3]] = " ".join(f"<{c}>" for c in wider)
        for k in range(pos + 4, end):
            replace[significant[k]] = ""


def _answer_levels(
    toks: list[Token], significant: list[int], levels: Mapping[str, int], replace: dict[int, str]
) -> None:
    """Replace each triple ``?c kkt:level ?l`` (a whole triple, variables at both ends)."""
    texts = [toks[i].text for i in significant]
    for pos in range(len(significant) - 2):
        subject, verb, obj = (toks[significant[pos + k]] for k in range(3))
        starts = pos == 0 or texts[pos - 1] in ("{", "}", ".")
        ends = pos + 3 >= len(texts) or texts[pos + 3] in (".", "}")
        if starts and ends and subject.kind == "var" and obj.kind == "var" and _iri(verb) == _LEVEL:
            rows = " ".join(f"(<{c}> {n})" for c, n in sorted(levels.items()))
            replace[significant[pos]] = f"VALUES ({subject.text} {obj.text}) {{ {rows} }}"
            replace[significant[pos + 1]] = replace[significant[pos + 2]] = ""


#: The schema a server holds for the closure: its own subclass axioms (classes in data).
SCHEMA_QUERY = f"""SELECT DISTINCT ?c ?super ?level WHERE {{
  {{ ?c <{RDFS}subClassOf> ?super . FILTER(!isLiteral(?super)) }}
  UNION
  {{ ?c <{_LEVEL}> ?level . }}
}}"""
