"""The architects' workbench: one local site over one model.

``kktrace serve`` answers SPARQL at ``/sparql`` and, beside it, serves the pages people read:
the query editor (YASGUI, shipped in ``static/yasgui``), the gap report, the annual status
report, the graph views and a page per element — all from the same model, all offline, all
with the same navigation bar, in Danish with a language switch (``?lang=en``).

With ``--watch`` (:class:`Live`), a change to any input file reloads the model and re-checks
it in the background; the pages show the new findings on the next request. A file that no
longer parses shows its one-line error on every page while the last good model keeps being
served.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from kktrace.errors import KKTraceError

if TYPE_CHECKING:
    from kktrace.findings.finding import Report
    from kktrace.model.store import Model

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
LANGS = ("da", "en")

#: The site's Content-Security-Policy: nothing from anywhere but this server; YASGUI sets
#: inline styles from script, so styles may be inline; scripts never are.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

#: The views are self-contained pages with inline script and style: they may run those,
#: and still reach nothing outside the page.
VIEW_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "query": "Forespørgsler",
        "report": "Gap-rapport",
        "status": "Status",
        "view": "Graf",
        "element": "Element",
        "other_lang": "English",
        "broken": "Inddata kan ikke læses – siden viser den sidste gyldige model",
        "loaded": "Model indlæst",
        "hint": "Ctrl+Enter kører forespørgslen. De navngivne forespørgsler ligger i fanerne; "
        "præfikserne kkt:, org:, skos: m.fl. er kendte.",
        "chain": "Sporingskæde op til strategien",
        "complete": "Kæden når strategien.",
        "incomplete": "Kæden når ikke strategien.",
        "no_chain": "Elementet indgår ikke i nogen kæde af bidrag.",
        "supporters": "Bidrager hertil",
        "findings": "Fund",
        "no_findings": "Ingen fund.",
        "error": "Fejl",
        "warning": "Advarsel",
        "info": "Info",
        "via": "om",
        "fix": "Sådan rettes det",
        "history": "Statushistorik",
        "year": "År",
        "properties": "Egenskaber",
        "outgoing": "Links fra elementet",
        "incoming": "Links til elementet",
        "none": "Ingen.",
    },
    "en": {
        "query": "Queries",
        "report": "Gap report",
        "status": "Status",
        "view": "Graph",
        "element": "Element",
        "other_lang": "Dansk",
        "broken": "The input cannot be read — the pages show the last good model",
        "loaded": "Model loaded",
        "hint": "Ctrl+Enter runs the query. The named queries are in the tabs; the prefixes "
        "kkt:, org:, skos: and others are known.",
        "chain": "Trace chain up to the strategy",
        "complete": "The chain reaches the strategy.",
        "incomplete": "The chain does not reach the strategy.",
        "no_chain": "The element is on no chain of contributions.",
        "supporters": "Contribute to it",
        "findings": "Findings",
        "no_findings": "No findings.",
        "error": "Error",
        "warning": "Warning",
        "info": "Info",
        "via": "about",
        "fix": "How to fix",
        "history": "Status history",
        "year": "Year",
        "properties": "Properties",
        "outgoing": "Links from the element",
        "incoming": "Links to the element",
        "none": "None.",
    },
}


class State:
    """One loaded model with its check, and the error of the latest reload if it failed.

    The check of the first model runs when a page first needs it, so a server that only
    answers SPARQL does not pay for it at start-up; a reload checks at once, in the
    background, so that a model that cannot be checked is never served.
    """

    def __init__(
        self,
        model: Model,
        check: Callable[[Model], Report],
        generation: int,
        loaded_at: str,
        error: str | None = None,
        report: Report | None = None,
    ) -> None:
        self.model = model
        self.generation = generation
        self.loaded_at = loaded_at
        self.error = error
        self._check = check
        self._report = report
        self._lock = threading.Lock()

    @property
    def report(self) -> Report:
        with self._lock:
            if self._report is None:
                self._report = self._check(self.model)
            return self._report

    def failed(self, error: str) -> State:
        """The same model, with the error of a reload that did not succeed."""
        return State(self.model, self._check, self.generation, self.loaded_at, error, self._report)


def _fingerprint(paths: Sequence[Path | str]) -> str:
    """A hash of every input file's name, size and modification time (a stat per file, so
    watching a national data set costs nothing between changes)."""
    from kktrace.model.parse import find_files

    digest = hashlib.sha256()
    try:
        files = find_files(paths)
    except KKTraceError as exc:
        return f"error:{exc}"
    for path in files:
        digest.update(str(path).encode("utf-8", "surrogateescape"))
        try:
            stat = path.stat()
            digest.update(f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}".encode())
        except OSError as exc:
            digest.update(str(exc).encode())
    return digest.hexdigest()


class Live:
    """The model the site serves; with :meth:`start`, reloaded when an input file changes.

    ``load`` and ``check`` are the library functions (passed in so tests can count calls);
    ``on_reload`` is called with each new good :class:`State` (the endpoint swaps its
    query workers there).
    """

    def __init__(
        self,
        paths: Sequence[Path | str],
        model: Model,
        *,
        load: Callable[[Sequence[Path | str]], Model] | None = None,
        check: Callable[[Model], Report] | None = None,
        interval: float = 1.0,
    ) -> None:
        from kktrace.findings.run import check as run_check
        from kktrace.model.store import load as load_model

        self.paths = list(paths)
        self._load = load or load_model
        self._check = check or run_check
        self.interval = interval
        self.on_reload: list[Callable[[State], None]] = []
        self._lock = threading.Lock()
        self._state = State(model, self._check, 1, _now())
        self._stamp = _fingerprint(self.paths) if self.paths else ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> State:
        with self._lock:
            return self._state

    def poll(self) -> bool:
        """Reload if an input changed; True when the served state changed.

        A check may read the files again (``check --cache`` hashes them): when a file
        changed while the model was loaded and checked, both are done again (up to three
        times), so the served report is the one of the served model; if the files keep
        changing, the next poll reloads them."""
        stamp = _fingerprint(self.paths)
        if stamp == self._stamp:
            return False
        old = self.state
        for _attempt in range(3):
            self._stamp = stamp
            try:
                model = self._load(self.paths)
                report = self._check(model)
                error = None
            except KKTraceError as exc:
                error = str(exc)
            stamp = _fingerprint(self.paths)
            if stamp == self._stamp:
                break
        if error is not None:
            new = old.failed(error)
        else:
            new = State(model, self._check, old.generation + 1, _now(), report=report)
            for callback in self.on_reload:
                callback(new)
        with self._lock:
            self._state = new
        return True

    def start(self) -> None:
        """Watch the input files in a background thread until :meth:`stop`."""
        if not self.paths:
            raise KKTraceError("--watch needs the files to watch: give PATH (a file or folder)")

        def run() -> None:
            while not self._stop.wait(self.interval):
                self.poll()

        self._thread = threading.Thread(target=run, name="kktrace-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _now() -> str:
    return dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")


def environment() -> jinja2.Environment:
    """The site's templates, autoescaped."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def language(value: str | None) -> str:
    return value if value in LANGS else "da"


def nav(state: State, page: str, lang: str, query: str = "") -> str:
    """The navigation bar (HTML) shown on every page of the site."""
    return (
        environment()
        .get_template("nav.html.j2")
        .render(
            page=page,
            lang=lang,
            other="en" if lang == "da" else "da",
            t=TEXTS[lang],
            state=state,
            query=query,
        )
    )


def with_nav(document: str, bar: str) -> str:
    """``document`` (a page another exporter wrote) with the bar right after ``<body…>``.

    The bar's style goes inline: those pages allow inline styles and nothing from
    elsewhere, not even this server.
    """
    css = (STATIC / "nav.css").read_text("utf-8")
    bar = f"<style>{css}</style>" + bar
    start = document.find("<body")
    end = document.find(">", start) if start >= 0 else -1
    if end < 0:
        return bar + document
    return document[: end + 1] + bar + document[end + 1 :]


def render_page(name: str, **context: Any) -> str:
    # frame-ancestors is not allowed in a meta element: the header carries it
    meta = "; ".join(d for d in CSP.split("; ") if not d.startswith("frame-ancestors"))
    return environment().get_template(name).render(meta_csp=meta, **context)


# -- the pages -----------------------------------------------------------------------


class Pages:
    """Renders the site's pages from the :class:`Live` state, cached per model generation."""

    def __init__(self, live: Live) -> None:
        self.live = live
        self._cache: dict[tuple[Any, ...], str] = {}
        self._reports: dict[tuple[int, str], Report] = {}
        self._lock = threading.Lock()

    def report_for(self, state: State, lang: str) -> Report:
        """The check of ``state``'s model with messages in ``lang`` (Danish is the live one)."""
        if lang == "da":
            return state.report
        key = (state.generation, lang)
        with self._lock:
            if key not in self._reports:
                from kktrace.findings.run import check

                self._reports = {k: v for k, v in self._reports.items() if k[0] == key[0]}
                self._reports[key] = check(state.model, lang=lang)
            return self._reports[key]

    def cached(self, key: tuple[Any, ...], make: Callable[[], str]) -> str:
        state = self.live.state
        full = (state.generation, state.error, *key)
        with self._lock:
            hit = self._cache.get(full)
        if hit is None:
            hit = make()
            with self._lock:
                if len(self._cache) > 64:
                    self._cache.clear()
                self._cache[full] = hit
        return hit

    def query(self, lang: str) -> str:
        state = self.live.state
        return render_page(
            "query.html.j2",
            lang=lang,
            t=TEXTS[lang],
            hint=TEXTS[lang]["hint"],
            nav=nav(state, "query", lang),
        )

    def element(self, ref: str, lang: str) -> str:
        from kktrace.sparql.element import element_page, resolve

        state = self.live.state
        iri = resolve(state.model, ref)
        page = element_page(state.model, self.report_for(state, lang), iri, lang)
        return render_page(
            "element.html.j2",
            lang=lang,
            t=TEXTS[lang],
            page=page,
            href=lambda target: element_href(target, lang),
            nav=nav(state, "element", lang, f"iri={_quote(iri)}"),
        )

    def report(self, lang: str, administration: str | None) -> str:
        from kktrace.report import build_gap_report
        from kktrace.report.render import render_html

        state = self.live.state
        gap = build_gap_report(
            state.model,
            self.report_for(state, lang).findings,
            lang=lang,
            date=state.loaded_at[:10],
            administration=administration,
        )
        extra = f"administration={_quote(administration)}" if administration else ""
        return with_nav(
            link_elements(render_html(gap), state.model, lang), nav(state, "report", lang, extra)
        )

    def status(self, lang: str, year: int | None) -> str:
        from kktrace.facts import Facts
        from kktrace.status.annual import render, status_report

        state = self.live.state
        years = list(Facts(state.model).status_years)
        if year is None:
            if not years:
                raise KKTraceError("the model has no status entries (kkt:StatusEntry) to report")
            year = years[-1]
        html = link_codes(render(status_report(state.model, year, lang), "html"), state.model, lang)
        bar = nav(state, "status", lang, f"year={year}")
        chooser = render_page("years.html.j2", years=years, year=year, lang=lang)
        return with_nav(html, bar + chooser)

    def view(
        self, lang: str, administration: str | None, plan: str | None, focus: str | None
    ) -> str:
        from kktrace.view.build import build_view
        from kktrace.view.html import render_html
        from kktrace.view.select import Filters

        state = self.live.state
        filters = Filters(administration=administration, plan=plan, focus=focus)
        built = build_view(state.model, self.report_for(state, lang), filters=filters, lang=lang)
        extra = "&".join(
            f"{k}={_quote(v)}"
            for k, v in (("administration", administration), ("plan", plan), ("focus", focus))
            if v
        )
        base = f"/element?lang={lang}&iri="
        return with_nav(render_html(built, element_base=base), nav(state, "view", lang, extra))


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def link_elements(html: str, model: Model, lang: str) -> str:
    """The gap report with its element links (``#e-…``) pointing at the element pages."""
    import re

    from kktrace.report.data import element_anchor

    anchors = {element_anchor(n): n for n in model.graph.nodes if isinstance(n, str)}

    def swap(match: re.Match[str]) -> str:
        iri = anchors.get(match.group(1))
        return f'href="{element_href(iri, lang)}"' if iri else match.group(0)

    return re.sub(r'href="#(e-[0-9a-f]{12})"', swap, html)


def link_codes(html: str, model: Model, lang: str) -> str:
    """The status report with each element's code (``<span class="code">``) linking to the
    element's page, where the code names exactly one element."""
    import html as markup
    import re

    from kktrace.sparql.element import find_code

    def swap(match: re.Match[str]) -> str:
        found = find_code(model, markup.unescape(match.group(1)))
        if len(found) != 1:
            return match.group(0)
        href = markup.escape(element_href(found[0], lang))
        return f'<a class="code" href="{href}">{match.group(1)}</a>'

    return re.sub(r'<span class="code">([^<]{1,80})</span>', swap, html)


def element_href(iri: str, lang: str = "da") -> str:
    """The site's URL of an element's page."""
    return f"/element?iri={_quote(iri)}&lang={lang}"


def routes(live: Live) -> list[Any]:
    """The site's routes (beside ``/sparql``, which the endpoint serves)."""
    import json

    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from kktrace.model.namespaces import PREFIXES

    pages = Pages(live)
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}
    #: The views draw with their own inline script (as the files `kktrace view` writes do).
    view_headers = {**headers, "Content-Security-Policy": VIEW_CSP}

    def page(
        make: Callable[[Request, str], str], headers: dict[str, str] = headers
    ) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            lang = language(request.query_params.get("lang"))
            try:
                text = make(request, lang)
            except KKTraceError as exc:
                status, message = 404, str(exc)
            except Exception as exc:  # a page must not take the site down, nor log a traceback
                status, message = 500, f"internal error ({type(exc).__name__}: {exc})"
                print(f"kktrace: {request.url.path}: {message}", file=sys.stderr, flush=True)
            else:
                return HTMLResponse(text, headers=headers)
            body = render_page(
                "problem.html.j2", lang=lang, message=message, nav=nav(live.state, "", lang)
            )
            return HTMLResponse(body, status_code=status, headers=headers)

        return endpoint

    def arg(request: Request, name: str) -> str | None:
        value = request.query_params.get(name)
        return value.strip() if value and value.strip() else None

    def year(request: Request) -> int | None:
        value = arg(request, "year")
        if value is None:
            return None
        if not (value.isdigit() and len(value) == 4):
            raise KKTraceError(f"year={value}: not a year — give four digits, e.g. year=2012")
        return int(value)

    def element(request: Request, lang: str) -> str:
        ref = arg(request, "iri") or arg(request, "code")
        if ref is None:
            raise KKTraceError("give the element as ?iri=IRI or ?code=CODE")
        return pages.cached(("element", ref, lang), lambda: pages.element(ref, lang))

    async def prefixes(request: Request) -> Response:
        return JSONResponse(dict(sorted(PREFIXES.items())), headers=headers)

    async def state(request: Request) -> Response:
        s = live.state
        body = {"generation": s.generation, "loaded_at": s.loaded_at, "error": s.error}
        body["summary"] = s.report.summary
        return Response(json.dumps(body), media_type="application/json", headers=headers)

    return [
        Route("/", page(lambda r, lang: pages.query(lang)), methods=["GET"]),
        Route("/query", page(lambda r, lang: pages.query(lang)), methods=["GET"]),
        Route("/element", page(element), methods=["GET"]),
        Route(
            "/report",
            page(
                lambda r, lang: pages.cached(
                    ("report", lang, arg(r, "administration")),
                    lambda: pages.report(lang, arg(r, "administration")),
                )
            ),
            methods=["GET"],
        ),
        Route(
            "/status",
            page(
                lambda r, lang: pages.cached(
                    ("status", lang, year(r)), lambda: pages.status(lang, year(r))
                )
            ),
            methods=["GET"],
        ),
        Route(
            "/view",
            page(
                lambda r, lang: pages.cached(
                    ("view", lang, arg(r, "administration"), arg(r, "plan"), arg(r, "focus")),
                    lambda: pages.view(
                        lang, arg(r, "administration"), arg(r, "plan"), arg(r, "focus")
                    ),
                ),
                view_headers,
            ),
            methods=["GET"],
        ),
        Route("/prefixes.json", prefixes, methods=["GET"]),
        Route("/favicon.ico", lambda request: Response(status_code=204), methods=["GET"]),
        Route("/state", state, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
