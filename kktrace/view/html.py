"""Render a :class:`~kktrace.view.build.View` as one self-contained HTML page.

The page comes from kktrace's own Jinja2 template (pyvis's links Bootstrap from a CDN), with
the node and edge lists and the vis-network options as one JSON payload. vis-network's JS
and CSS are inlined from the pyvis package, so the page loads nothing from the network;
pyvis itself is not imported (that pulls in IPython: about 0.3 s of every view).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kktrace.errors import KKTraceError
from kktrace.view.build import View
from kktrace.view.style import (
    CONTINUES_COLOUR,
    FINDING_BORDER,
    FOCUS_BORDER,
    ORPHAN_BORDER,
    ORPHAN_FILL,
    PART_OF_COLOUR,
    SUCCESSOR_COLOUR,
    SUPPORTS_COLOUR,
    TEXTS,
    UNKNOWN_BORDER,
)

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).with_name("templates")
VIS_VERSION = "9.1.2"

_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: Any) -> str:
    """JSON text that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&`` and U+2028/U+2029 only occur inside JSON strings, where their
    ``\\uXXXX`` escapes mean the same; so no ``</script>`` or ``<!--`` can end the block.

    >>> script_json({"a": "</script><b>"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _SCRIPT_SAFE.items():
        text = text.replace(char, escape)
    return text


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and its CSS, read from the installed pyvis package."""
    spec = importlib.util.find_spec("pyvis")  # where it is, without importing it
    where = spec.submodule_search_locations if spec else None
    lib = Path(where[0] if where else "pyvis") / "templates" / "lib" / f"vis-{VIS_VERSION}"
    try:
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise KKTraceError(
            f"{lib}: vis-network {VIS_VERSION} not found in the pyvis package ({exc.strerror}) "
            "— reinstall kktrace (pip install -e .) to get pyvis 0.3.2"
        ) from None
    # the inlined text must not be able to end its own <script>/<style> element
    if "</script" in js.lower() or "<!--" in js or "</style" in css.lower():
        raise KKTraceError(f"{lib}: vis-network files cannot be inlined safely")
    return js, css


def network_options(view: View) -> dict[str, Any]:
    """vis-network options: positions come with the nodes; physics only for ``force``."""
    big = len(view.nodes) > 800
    physics: dict[str, Any] = {"enabled": False}
    if view.meta["layout"] == "force":
        physics = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -3000, "springLength": 120, "damping": 0.4},
            "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 50},
        }
    return {
        "autoResize": True,
        "physics": physics,
        "layout": {"randomSeed": 1, "improvedLayout": False, "hierarchical": {"enabled": False}},
        "interaction": {
            "hover": True,
            "dragNodes": view.meta["layout"] == "force",
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "selectionWidth": 2,
        },
        "nodes": {
            "font": {"size": 13, "face": "sans-serif", "color": "#1a1a1a", "multi": False},
            "widthConstraint": {"maximum": 170},
        },
    }


def content_security_policy(*scripts: str) -> str:
    """The page's CSP: nothing from anywhere, its own inline scripts by SHA-256 hash,
    inline styles (vis-network positions its tooltip and canvas with them), data: images.

    >>> content_security_policy("x")[:48]
    "default-src 'none'; script-src 'sha256-LXEWQrcms"
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    return f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"


@cache
def _template() -> jinja2.Template:
    """The page template, compiled once per process (``--all-administrations`` renders
    hundreds of pages)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("view.html.j2")


def render_html(view: View, element_base: str = "") -> str:
    """The page of ``view``: deterministic, self-contained, no external reference.

    ``element_base``: where the workbench (``kktrace serve``) shows an element's page; the
    side panel then links the selected node there (its IRI appended, URL-encoded).
    """
    from markupsafe import Markup

    js, css = vis_assets()
    lang = view.meta["lang"]
    page = _template()
    # the two executable scripts, exactly as they stand between their tags, allowed by hash
    vis_script = "\n" + js + "\n"
    page_script = "\n" + (TEMPLATES / "view.js").read_text(encoding="utf-8") + "\n"
    payload = {
        "nodes": view.nodes,
        "edges": view.edges,
        "options": network_options(view),
        "meta": view.meta,
        "folded": view.folded,
    }
    return page.render(
        lang=lang,
        t=TEXTS[lang],
        meta=view.meta,
        data_json=Markup(script_json(payload)),
        ui_json=Markup(script_json(TEXTS[lang])),
        vis_js=Markup(vis_script),
        vis_css=Markup(css),
        page_js=Markup(page_script),
        element_base=element_base,
        csp=content_security_policy(vis_script, page_script),
        page_css=Markup((TEMPLATES / "view.css").read_text(encoding="utf-8")),
        colours={
            "finding": FINDING_BORDER,
            "orphan_fill": ORPHAN_FILL,
            "orphan_border": ORPHAN_BORDER,
            "supports": SUPPORTS_COLOUR,
            "part_of": PART_OF_COLOUR,
            "unknown": UNKNOWN_BORDER,
            "continues": CONTINUES_COLOUR,
            "successor": SUCCESSOR_COLOUR,
            "focus": FOCUS_BORDER,
        },
    )
