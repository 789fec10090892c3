"""``kktrace query``, ``kktrace serve`` and ``kktrace push``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kktrace.cli.app import Lang, LangOpt, PathsArg, app
from kktrace.cli.streams import printable
from kktrace.errors import UsageError
from kktrace.model.namespaces import KK


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    turtle = "turtle"
    nt = "nt"


EndpointOpt = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        help="URL of a SPARQL 1.1 endpoint to query instead of local files.",
        show_default=False,
    ),
]
UserOpt = Annotated[
    str | None, typer.Option("--user", help="User for HTTP basic/digest auth.", show_default=False)
]
PasswordOpt = Annotated[
    str | None,
    typer.Option(
        "--password",
        help="Password for --user (or set KKTRACE_PASSWORD).",
        envvar="KKTRACE_PASSWORD",
        show_default=False,
    ),
]


@app.command()
def query(
    paths: PathsArg = None,
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="Run a named query (see --list).", show_default=False),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--query", "-q", help="Run this SPARQL text.", show_default=False)
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="NAME=VALUE, bound as an RDF term (IRI for <…>, "
            "prefix:local, http(s)://…; else a literal); repeatable.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        QueryFormat,
        typer.Option(
            "--format",
            help="table, csv, tsv, json (SPARQL 1.1 "
            "JSON results), xml; turtle or nt for CONSTRUCT/DESCRIBE.",
        ),
    ] = QueryFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries and exit.")] = False,
    endpoint: EndpointOpt = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph",
            help="With --endpoint: the graph to query (sent as default-graph-uri).",
            show_default=False,
        ),
    ] = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    data_only: Annotated[
        bool,
        typer.Option(
            "--data-only",
            help="Query only the data as written: no ontology, no inferred types "
            "(a query's own FROM still wins).",
        ),
    ] = False,
    lang: LangOpt = Lang.da,
) -> None:
    """Run a SPARQL query: a QUERY.rq file (among the paths), --name NAME or --query TEXT.

    The prefixes kkt, org, skos, dcterms, prov, rdf, rdfs, xsd, owl are predeclared; types
    are subclass-aware (unless --data-only). FROM / FROM NAMED are honoured. Exit 0 with
    results, 2 on a bad query, name or endpoint.
    """
    from kktrace.sparql import query as q

    if list_:
        queries = q.load_queries()
        width = max((len(n) for n in queries), default=0)
        for qname, named in queries.items():
            params = " ".join(
                f"[{p.name}]" if p.optional else f"<{p.name}>" for p in named.parameters
            )
            typer.echo(
                f"{qname:<{width}}  {named.title_in(lang.value)}"
                + (f"  {params}" if params else "")
            )
        return
    files = [p for p in paths or [] if p.suffix.lower() == ".rq"]
    data = [p for p in paths or [] if p.suffix.lower() != ".rq"]
    given = sum(x is not None for x in (name, text)) + len(files)
    if given != 1:
        raise UsageError(
            "give exactly one query: a QUERY.rq file, --name NAME or --query TEXT "
            "(kktrace query --list shows the names)"
        )
    named = q.get_query(name) if name else q.load_query_file(files[0]) if files else None  # type: ignore[assignment]
    sparql = named.text if named else text or ""
    source = str(named.path) if named else "--query"
    from kktrace.sparql.guard import check_query

    check_query(sparql, source)  # before any data is loaded: refuse SERVICE, updates
    if endpoint and data:
        raise UsageError("give either data files or --endpoint, not both")
    model = None
    if not endpoint:
        from kktrace.model.store import load
        from kktrace.sparql.element import code_resolver

        model = load(data or None)
    codes = code_resolver(model) if model is not None else None
    bindings = q.parse_params(param or [], named if name else None, sparql, codes)
    fmt_name = fmt.value
    if model is None:
        if data_only:
            raise UsageError("--data-only works on local data; with --endpoint use --graph")
        from kktrace.model.remote import remote_query

        assert endpoint is not None  # this branch is the --endpoint one
        result = remote_query(
            endpoint, sparql, bindings, user=user, password=password, source=source, graph=graph
        )
    else:
        result = q.run_local(model, sparql, bindings, source, data_only=data_only)
    if result.kind == "graph" and fmt_name == "table":
        fmt_name = "turtle"
    shown = q.format_result(result, fmt_name, q.query_prefixes(sparql) | _DATA_PREFIXES)
    # A table is for a terminal: no escape sequences from the data; other formats are data.
    typer.echo(printable(shown) if fmt_name == "table" else shown, nl=False)


#: Prefixes used only to shorten IRIs in tables (the bundled data's own namespace).
_DATA_PREFIXES = {"kk": KK}


@app.command()
def serve(
    paths: PathsArg = None,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on (loopback unless you say otherwise)."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run.")] = 30.0,
    max_results: Annotated[
        int, typer.Option("--max-results", help="Most rows/triples per answer.")
    ] = 100_000,
    workers: Annotated[
        int, typer.Option("--workers", help="Queries computed at once, each in its own process.")
    ] = 2,
    max_memory: Annotated[
        int,
        typer.Option("--max-memory", help="MB of memory one query may use before it is stopped."),
    ] = 1024,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Also answer requests for this Host name (besides localhost, 127.0.0.1, "
            "[::1] and --host); repeatable.",
            show_default=False,
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Reload and re-check the model when an input file changes (the last good "
            "model is served while a file is broken).",
        ),
    ] = False,
    cache: Annotated[
        Path | None,
        typer.Option(
            "--cache",
            help="Check through this cache folder (as check --cache): a reload re-checks "
            "only the files that changed.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the workbench: a read-only SPARQL 1.1 endpoint at /sparql, the query editor at
    /, the gap report, status report, views and a page per element, all offline.

    Ctrl-C or SIGTERM stops it cleanly (exit 0).
    """
    from kktrace.findings.cache import CacheDir, cached_checker
    from kktrace.model.resources import data_dir
    from kktrace.model.store import load
    from kktrace.sparql.query import load_queries
    from kktrace.sparql.serve import serve as run_server
    from kktrace.sparql.workers import Limits

    if timeout <= 0 or max_results <= 0 or workers <= 0 or max_memory <= 0:
        raise UsageError("--timeout, --max-results, --workers and --max-memory must be positive")
    if not 1 <= port <= 65535:
        raise UsageError(f"--port {port} is out of range — give a port from 1 to 65535")
    if cache is not None:
        CacheDir(cache)  # a folder that is not a cache is refused before anything loads
    run_server(
        load(paths),
        load_queries(),
        host=host,
        port=port,
        limits=Limits(
            timeout=timeout, max_results=max_results, workers=workers, max_memory_mb=max_memory
        ),
        allow_hosts=allow_host or (),
        watch=(paths or [data_dir()]) if watch else None,
        check=None if cache is None else cached_checker(paths, cache),
    )


@app.command()
def push(
    paths: PathsArg = None,
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            help="Graph Store Protocol URL (Virtuoso: "
            "…/sparql-graph-crud-auth, Oxigraph: …/store, Fuseki: …/DATASET/data).",
        ),
    ] = "",
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph",
            help="IRI of the graph to replace (default: the server's default graph).",
            show_default=False,
        ),
    ] = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    inferred: Annotated[
        bool,
        typer.Option(
            "--inferred/--no-inferred",
            help="Also push the rdf:type triples inferred from rdfs:subClassOf.",
        ),
    ] = True,
    ontology: Annotated[
        bool,
        typer.Option(
            "--ontology/--no-ontology",
            help="Also push the kktrace ontology (named queries use its class levels).",
        ),
    ] = True,
) -> None:
    """Put the model's data into a graph of a SPARQL server (Graph Store Protocol PUT)."""
    from kktrace.model.remote import push as push_model
    from kktrace.model.store import load

    if not endpoint:
        raise UsageError("give --endpoint URL (the server's Graph Store Protocol URL)")
    done = push_model(
        load(paths),
        endpoint,
        graph,
        user=user,
        password=password,
        inferred=inferred,
        ontology=ontology,
    )
    where = f"graph <{graph}>" if graph else "the default graph"
    typer.echo(
        f"Pushed {done.triples} triples to {where} at {endpoint} "
        f"(HTTP {done.status}, {done.seconds:.2f} s)."
    )
