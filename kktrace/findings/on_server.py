"""``kktrace check --endpoint URL --on-server``: the rules run on the SPARQL server, only
findings (and the labels they name) travel.

What runs where:

- the ``.rq`` rules (built-in and ``--rules-dir``) as they are, sent with kktrace's prefixes,
  except those with a server form (:mod:`kktrace.rules.server`: the graph rules, whose
  ``.rq`` read the ontology's own statements, as ``kkt:supports+`` property-path queries
  that do not);
- the SHACL shapes through the SHACL-to-SPARQL compiler
  (:mod:`kktrace.rules.shacl.compiler`), unchanged: its queries go to the server through a
  stand-in model (:class:`_ServerModel`). Where SHACL's meaning depends on a datatype
  (``sh:datatype``, ``sh:or`` of datatypes, ``sh:lessThanOrEquals``), the compiler fetches
  the *distinct values* of that property and judges them here with pySHACL, then asks
  for the focus nodes of the failing ones: values travel, not the graph. A shape the
  compiler cannot compile is not run, and a warning line names it;
- subclass reasoning: every query is widened with the class hierarchy
  (:class:`kktrace.rules.server.Schema`: the ontology's axioms plus the
  ``rdfs:subClassOf`` and ``kkt:level`` triples of the server's graph, fetched first);
- labels: one ``VALUES`` query (in parts of :data:`LABEL_BATCH`) for the nodes the
  findings name; the ontology's labels are known here.

Every query of one check shares one :class:`~kktrace.model.remote.Budget` (deadline and
byte cap). ``--graph`` becomes the query's default graph (protocol field
``default-graph-uri``). Findings are those of a local check of the same data (the tests
compare the JSON on Virtuoso), except where the data has blank nodes that findings name
(their ``_:`` labels are the server's, not content-derived) or blank-node classes (a
warning says so; use the download mode, ``check --endpoint`` without ``--on-server``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kktrace.errors import EndpointError, UsageError
from kktrace.findings.finding import Finding, Report
from kktrace.findings.run import chosen_rules, findings_from_rows, violation_findings
from kktrace.model.namespaces import ONTOLOGY_GRAPH, RDFS
from kktrace.model.remote import DEFAULT_TIMEOUT, Budget, remote_query
from kktrace.model.store import Model
from kktrace.rules import Row, Rule
from kktrace.rules.server import Schema, server_query, server_rows
from kktrace.rules.server.rewrite import SCHEMA_QUERY

#: IRIs per label query (keeps each request small for servers that cap query length).
LABEL_BATCH = 400
#: A UNION, not the path ``rdfs:label|skos:prefLabel``: Virtuoso 7.2 took 9.3 s for the
#: path and 0.85 s for the UNION (2,744 nodes, 98 municipalities).
_LABEL_QUERY = (
    "SELECT ?s ?l WHERE {{ VALUES ?s {{ {nodes} }} "
    "{{ ?s rdfs:label ?l }} UNION {{ ?s skos:prefLabel ?l }} FILTER(isLiteral(?l)) }}"
)


class Server:
    """One SPARQL endpoint, one graph, one budget: runs kktrace's queries there."""

    def __init__(
        self,
        url: str,
        graph: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.url, self.graph = url, graph
        self.auth: dict[str, Any] = {
            "user": user,
            "password": password,
            "timeout": timeout,
            "budget": Budget(timeout),
            "graph": graph,
            "complete": True,
        }
        self.schema = Schema.of_ontology()
        self.warnings: list[str] = []

    @property
    def source(self) -> str:
        graph = f" graph <{self.graph}>" if self.graph else " (default graph)"
        return f"{self.url}{graph} (rules on the server)"

    def rows(self, text: str, source: str = "<query>") -> tuple[list[str], list[tuple[Any, ...]]]:
        """Variables and rows of a SELECT, widened for subclasses, run on the server."""
        result = remote_query(self.url, self.schema.widen(text), source=source, **self.auth)
        return result.variables, result.rows

    def select(self, text: str, source: str = "<query>") -> list[Row]:
        names, rows = self.rows(text, source)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def read_schema(self) -> None:
        """Add the server's own subclass axioms and ``kkt:level`` to the ontology's."""
        blank = 0
        for row in self.select(SCHEMA_QUERY, "<schema>"):
            cls, sup, level = row.get("c"), row.get("super"), row.get("level")
            if sup is not None:
                if type(cls) is ox.NamedNode and type(sup) is ox.NamedNode:
                    self.schema.add_pair(cls.value, sup.value)
                else:
                    blank += 1
            elif type(cls) is ox.NamedNode and isinstance(level, ox.Literal):
                self.schema.add_level(cls.value, level.value)
        if blank:
            self.warnings.append(
                f"{self.url}: {blank} rdfs:subClassOf axioms name a blank-node class, which "
                "kktrace cannot put into its queries: their instances count only where the "
                "graph also states their supertypes (kktrace push sends them) — check "
                "without --on-server to be sure"
            )

    def labels(self, keys: Iterable[str]) -> Model:
        """A small model with the ontology and the labels of ``keys`` (IRIs) from the server."""
        from kktrace.model.parse import load_file
        from kktrace.model.resources import ontology_file

        store = ox.Store()
        load_file(store, ontology_file(), graph=ONTOLOGY_GRAPH)
        iris = []
        for key in sorted(set(keys)):
            if key.startswith("_:"):  # a blank node cannot be named in another query
                continue
            try:
                iris.append(str(ox.NamedNode(key)))
            except ValueError:  # not an IRI: it has no label (Model.label says so too)
                continue
        label = ox.NamedNode(RDFS + "label")
        for start in range(0, len(iris), LABEL_BATCH):
            nodes = " ".join(iris[start : start + LABEL_BATCH])
            _names, rows = self.rows(_LABEL_QUERY.format(nodes=nodes), "<labels>")
            store.extend(
                ox.Quad(s, label, text, ox.DefaultGraph())
                for s, text in rows
                if type(s) is ox.NamedNode and isinstance(text, ox.Literal)
            )
        return Model(store=store, source=self.source)


class _ServerStore:
    """What the SHACL compiler calls on a model's store: ``query`` → rows from the server."""

    def __init__(self, server: Server) -> None:
        self.server = server

    def query(self, text: str, **_dataset: Any) -> list[tuple[Any, ...]]:
        # The compiler names the dataset (data graphs, the inferred graph) for a local
        # store; on the server the graph is --graph, and subclasses come from widening.
        return self.server.rows(text, "<shacl>")[1]


class _ServerModel:
    """A stand-in :class:`~kktrace.model.store.Model` for :func:`kktrace.rules.shacl.engine.validate`.

    Literals are judged as the server returns them: the forms the files wrote
    (:attr:`Model.written`) are not known there.
    """

    written: Mapping[Any, Any] = {}
    written_forms: Mapping[Any, Any] = {}
    user_graphs: list[Any] = []

    def __init__(self, server: Server) -> None:
        self.store = _ServerStore(server)
        self.server = server
        self.data_graphs = [ox.DefaultGraph()]

    def select(self, text: str, bindings: Mapping[str, Any] | None = None) -> list[Row]:
        if bindings:
            raise UsageError("bindings are not supported on the server stand-in")
        return self.server.select(text, "<shacl>")


def _shape_violations(server: Server, lang: str) -> list[Any]:
    """SHACL violations found on the server; compiled shapes only (others: a warning)."""
    from kktrace.model.resources import shapes_file
    from kktrace.rules.shacl import compiler
    from kktrace.rules.shacl.engine import read_shapes, validate

    path = shapes_file()
    read = read_shapes(path)  # the bundled shapes: compiled already (bundled.json)
    model: Any = _ServerModel(server)
    if not read.unsupported:
        return validate(model, path, lang=lang, skip_untyped=True, engine="sparql")
    shapes = compiler.copy_graph(read.graph())
    for node in read.unsupported:
        server.warnings.append(
            f"{path.name}: shape {node} cannot be compiled to SPARQL, so it was not checked "
            "on the server — check without --on-server to run it with pySHACL"
        )
        for target in compiler._TARGETS:  # a shape without targets validates nothing
            shapes.remove((node, target, None))
    with tempfile.TemporaryDirectory(prefix="kktrace-shapes-") as tmp:
        kept = Path(tmp) / "shapes.ttl"
        shapes.serialize(kept, format="turtle")
        return validate(model, kept, lang=lang, skip_untyped=True, engine="sparql")


def check_on_server(
    url: str,
    graph: str | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    rules: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    rule_dirs: Sequence[Path | str] = (),
    shapes: bool = True,
    lang: str = "da",
    fail_on: str = "error",
    timeout: float = DEFAULT_TIMEOUT,
    on_rule: Callable[[Rule], object] | None = None,
    warn: Callable[[str], object] | None = None,
) -> Report:
    """Check ``graph`` on the SPARQL endpoint ``url`` with every rule running there.

    The arguments mean what they mean for :func:`kktrace.findings.run.check`; ``warn`` is
    called with each warning line (a shape not compiled, blank-node classes, findings on
    blank nodes). Errors from the server are :class:`~kktrace.errors.EndpointError`.
    """
    chosen = chosen_rules(rules, skip, rule_dirs, shapes, lang, fail_on)
    server = Server(url, graph, user=user, password=password, timeout=timeout)
    server.read_schema()
    results: list[tuple[Rule, list[Row] | list[Any]]] = []
    for rule in chosen:
        if on_rule is not None:
            on_rule(rule)
        results.append((rule, _rule_rows(server, rule, lang)))
    # Labels: first learn which nodes the findings name, then fetch only theirs.
    named: set[str] = set()

    def remember(key: str, _lang: str = lang) -> str:
        named.add(key)
        return key

    _findings(results, remember, lang)
    labels = server.labels(named)
    findings = _findings(results, labels.label, lang)
    blank = sum(
        1
        for f in findings
        if f.focus.startswith("_:") or any(r.startswith("_:") for r in f.related)
    )
    if blank:
        server.warnings.append(
            f"{url}: {blank} findings name blank nodes; their _: labels are the server's, "
            "not derived from content — check without --on-server for stable labels"
        )
    for line in server.warnings:
        if warn is not None:
            warn(line)
    return Report(findings, rules=[r.id for r in chosen], source=server.source, fail_on=fail_on)


def _rule_rows(server: Server, rule: Rule, lang: str) -> list[Any]:
    if rule.kind == "shacl":
        return _shape_violations(server, lang)
    # A user's rule cannot take a built-in id (the registry refuses), so this is ours.
    text = server_query(rule.id)
    if text is not None:
        return server_rows(rule.id, server.select(text, f"server form of {rule.id}"))
    if rule.query is None:
        raise UsageError(
            f"rule {rule.id} has no SPARQL form — run it without --on-server or --skip it"
        )
    return server.select(rule.query, rule.location)


def _findings(
    results: Sequence[tuple[Rule, list[Any]]], label: Callable[..., str], lang: str
) -> list[Finding]:
    out: list[Finding] = []
    for rule, rows in results:
        if rule.kind == "shacl":
            out.extend(violation_findings(rows, rule, label, lang))
        else:
            out.extend(findings_from_rows(rule, rows, label, lang))
    return out


__all__ = ["EndpointError", "Server", "check_on_server"]
