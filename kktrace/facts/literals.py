"""Literal values of ``kkt:`` properties, read per node while few are asked for.

The gap report reads the dates of plans, not of every initiative; the status report reads
every initiative's budget. :class:`Literals` answers both from the store's indexes
(``quads_for_pattern``): one node at a time at first, the whole property at once after
:data:`ONE_BY_ONE` look-ups of it. Either way the answer is the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kktrace.model.namespaces import KKT
from kktrace.model.store import key_term, node_key

if TYPE_CHECKING:
    from kktrace.model.store import Model


#: Values of a property looked up one node at a time before :class:`Literals` reads that
#: property for every node at once.
ONE_BY_ONE = 2000


class Literals(Mapping[tuple[str, str], str]):
    """(node, ``kkt:`` property local name) → the node's smallest literal value.

    A property is read per node while few are asked for (the gap report reads the dates of
    plans, not of every initiative), and for every node at once after :data:`ONE_BY_ONE`
    look-ups of it (the status report reads every initiative's budget). Either way the
    answer is the same.
    """

    def __init__(self, model: Model, properties: tuple[str, ...]) -> None:
        self.store = model.store
        self.properties = properties
        self._all: dict[str, dict[str, str]] = {}
        self._one: dict[str, dict[str, str | None]] = {p: {} for p in properties}

    def _bulk(self, prop: str) -> dict[str, str]:
        if prop not in self._all:
            values: dict[str, str] = {}
            for s, _, o, _ in self.store.quads_for_pattern(
                None, ox.NamedNode(KKT + prop), None, None
            ):
                if type(o) is ox.Literal:
                    sk, text = node_key(s), o.value
                    if sk not in values or text < values[sk]:
                        values[sk] = text
            self._all[prop] = values
        return self._all[prop]

    def value(self, iri: str, prop: str) -> str | None:
        """The value, or None when ``iri`` has no literal ``kkt:<prop>``."""
        if prop in self._all:
            return self._all[prop].get(iri)
        one = self._one.get(prop)
        if one is None:
            return None
        if iri not in one:
            if len(one) >= ONE_BY_ONE:
                return self._bulk(prop).get(iri)
            try:
                term: ox.NamedNode | ox.BlankNode | None = key_term(iri)
            except ValueError:  # not an IRI Oxigraph accepts: it has no values
                term = None
            texts = (
                [
                    q.object.value
                    for q in self.store.quads_for_pattern(
                        term, ox.NamedNode(KKT + prop), None, None
                    )
                    if type(q.object) is ox.Literal
                ]
                if term is not None
                else []
            )
            one[iri] = min(texts) if texts else None
        return one[iri]

    def get(self, key: tuple[str, str], default: Any = None) -> Any:  # type: ignore[override]
        found = self.value(*key)
        return default if found is None else found

    def __getitem__(self, key: tuple[str, str]) -> str:
        found = self.value(*key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and self.value(*key) is not None

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for prop in self.properties:
            for iri in sorted(self._bulk(prop)):
                yield iri, prop

    def __len__(self) -> int:
        return sum(len(self._bulk(p)) for p in self.properties)
