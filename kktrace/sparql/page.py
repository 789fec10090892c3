"""The query page of ``kktrace serve``: one self-contained HTML document.

Inline CSS and JS only, relative URLs only, so it works with no network. Results are put
into the page with ``textContent`` (never ``innerHTML``), so data cannot inject markup.

:data:`CSP` allows nothing by default; the one inline ``<style>`` and ``<script>`` are
allowed by their SHA-256 hashes (no ``'unsafe-inline'``), and the script may fetch only
from the page's own origin. The server sends it as a header, and the page carries it in a
``<meta>`` too (a saved copy keeps it).
"""

import base64
import hashlib
import re

PAGE = """<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="@CSP@">
<title>kktrace SPARQL</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { background: #1f3a5f; color: #fff; padding: .7em 1.2em; }
header h1 { font-size: 1.15em; margin: 0; }
main { display: grid; grid-template-columns: 20em 1fr; gap: 1em; padding: 1em 1.2em; }
nav ul { list-style: none; padding: 0; margin: 0; }
nav li button { width: 100%; text-align: left; border: 0; background: none; padding: .35em .5em;
  border-radius: 4px; cursor: pointer; font: inherit; color: #1f3a5f; }
nav li button:hover, nav li button.on { background: #dfe7f2; }
section { background: #fff; border: 1px solid #d5dae1; border-radius: 6px; padding: 1em; min-width: 0; }
textarea { width: 100%; box-sizing: border-box; min-height: 14em; font: 13px/1.4 ui-monospace, monospace; }
.params label { display: block; margin: .3em 0; }
.params input { width: 24em; font: inherit; }
.bar { display: flex; gap: .6em; align-items: center; margin: .6em 0; flex-wrap: wrap; }
button.run { background: #1f3a5f; color: #fff; border: 0; padding: .45em 1.1em; border-radius: 4px;
  font: inherit; cursor: pointer; }
#status { color: #555; }
#status.err { color: #a11; white-space: pre-wrap; }
table { border-collapse: collapse; font-size: 13px; margin-top: .5em; }
th, td { border: 1px solid #d5dae1; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
pre#graph { white-space: pre-wrap; font-size: 12px; }
.desc { color: #444; }
nav h2 { font-size: 1em; }
#title { font-weight: 600; }
</style>
</head>
<body>
<header><h1>kktrace — SPARQL</h1></header>
<main>
<nav>
  <h2>Navngivne forespørgsler / Named queries</h2>
  <ul id="names"></ul>
</nav>
<section>
  <div id="title"></div>
  <div id="desc" class="desc"></div>
  <div id="params" class="params"></div>
  <textarea id="text" spellcheck="false" aria-label="SPARQL">SELECT ?class (COUNT(?x) AS ?n) WHERE {
  ?x a ?class .
  FILTER(STRSTARTS(STR(?class), STR(kkt:)))
}
GROUP BY ?class
ORDER BY DESC(?n)</textarea>
  <div class="bar">
    <button class="run" id="run">Kør / Run</button>
    <label>Sprog / Language <select id="lang"><option>da</option><option>en</option></select></label>
    <span id="status"></span>
  </div>
  <div id="out"></div>
</section>
</main>
<script>
"use strict";
let queries = [], current = null;
const $ = (id) => document.getElementById(id);
function el(tag, text) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
function lang() { return $("lang").value; }
function show(q) {
  current = q;
  document.querySelectorAll("nav li button").forEach((b) => b.classList.toggle("on", q && b.dataset.name === q.name));
  $("title").textContent = q ? (q.title[lang()] || q.name) : "";
  $("desc").textContent = q ? (q.description[lang()] || "") : "";
  const box = $("params"); box.replaceChildren();
  if (q) {
    q.parameters.forEach((p) => {
      const label = el("label", p.name + (p.optional ? " (valgfri / optional)" : "") + " — " + p.description + " ");
      const input = el("input"); input.name = p.name; input.placeholder = p.kind;
      label.appendChild(input); box.appendChild(label);
    });
    $("text").value = q.text;
  }
}
function list() {
  const ul = $("names"); ul.replaceChildren();
  const free = el("button", "(egen forespørgsel / your own query)"); free.onclick = () => show(null);
  const li0 = el("li"); li0.appendChild(free); ul.appendChild(li0);
  queries.forEach((q) => {
    const b = el("button", q.title[lang()] || q.name); b.dataset.name = q.name; b.title = q.name;
    b.onclick = () => show(q);
    const li = el("li"); li.appendChild(b); ul.appendChild(li);
  });
}
function cell(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return term.value + " @" + term["xml:lang"];
  return term.value;
}
async function run() {
  const out = $("out"); out.replaceChildren();
  const status = $("status"); status.className = ""; status.textContent = "…";
  const started = performance.now();
  const body = new URLSearchParams();
  let url = "sparql";
  // A named query runs unchanged with its parameters bound on the server; edited text runs as your own.
  if (current && $("text").value === current.text) {
    url = "queries/" + encodeURIComponent(current.name);
    document.querySelectorAll("#params input").forEach((i) => { if (i.value) body.append(i.name, i.value); });
  } else {
    body.append("query", $("text").value);
  }
  try {
    const res = await fetch(url, { method: "POST", body,
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" } });
    const text = await res.text();
    const ms = Math.round(performance.now() - started);
    if (!res.ok) { status.className = "err"; status.textContent = res.status + " " + text; return; }
    if ((res.headers.get("content-type") || "").includes("json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) { out.appendChild(el("p", String(data.boolean))); status.textContent = ms + " ms"; return; }
      const vars = data.head.vars, table = el("table"), head = el("tr");
      vars.forEach((v) => head.appendChild(el("th", "?" + v))); table.appendChild(head);
      data.results.bindings.forEach((row) => {
        const tr = el("tr"); vars.forEach((v) => tr.appendChild(el("td", cell(row[v])))); table.appendChild(tr);
      });
      out.appendChild(table);
      status.textContent = data.results.bindings.length + " rækker / rows, " + ms + " ms";
    } else {
      const pre = el("pre", text); pre.id = "graph"; out.appendChild(pre); status.textContent = ms + " ms";
    }
  } catch (e) { status.className = "err"; status.textContent = String(e); }
}
$("run").onclick = run;
$("lang").onchange = () => { list(); show(current); };
fetch("queries").then((r) => r.json()).then((data) => { queries = data; list(); });
</script>
</body>
</html>
"""


def _hash(tag: str, html: str) -> str:
    body = re.search(rf"<{tag}>(.*?)</{tag}>", html, re.S)
    assert body is not None
    digest = hashlib.sha256(body.group(1).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


#: The Content-Security-Policy of the page (header and ``<meta>``).
CSP = (
    f"default-src 'none'; script-src {_hash('script', PAGE)}; style-src {_hash('style', PAGE)}; "
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
)
PAGE = PAGE.replace("@CSP@", CSP)
