/* kktrace view: layout packing, frames, search, chain highlight, filters, unfolding.
   Data comes from the JSON blocks above; text from data is only ever put into the page as
   text (textContent / option.text), and tooltips are HTML that kktrace escaped piece by
   piece in Python. No inline event handlers, no eval: works under a strict CSP. */
"use strict";
var kktrace = { drawnAt: null, stableAt: null, t: {} };
var network;
(function () {
  kktrace.t.start = performance.now();
  var data = JSON.parse(document.getElementById("kkt-data").textContent);
  var ui = JSON.parse(document.getElementById("kkt-ui").textContent);
  var meta = data.meta, C = meta.layout_constants;
  var LABEL = "#1a1a1a", DIM_LABEL = "#c8c8c8";
  var DIM = { background: "#eeeeee", border: "#dddddd", highlight: { background: "#eeeeee", border: "#dddddd" }, hover: { background: "#eeeeee", border: "#dddddd" } };
  var DIM_EDGE = { color: "#e6e6e6", opacity: 0.6 };
  var $ = function (id) { return document.getElementById(id); };

  var tpl = document.createElement("template");
  function tooltip(html) {
    // parsed in an inert template (nothing loads or runs there); the HTML is escaped data
    tpl.innerHTML = html;
    var box = document.createElement("div");
    box.appendChild(tpl.content.cloneNode(true));
    return box;
  }
  function visNode(n) { var c = Object.assign({}, n); c.title = tooltip(n.title); return c; }
  function visEdge(e) { var c = Object.assign({}, e); if (e.title) { c.title = tooltip(e.title); } return c; }

  var byId = {}, edgeById = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var folded = data.folded || {};
  var unfolded = {};

  // adjacency over the drawn trace edges (plan-period links are one step only)
  var up = {}, down = {}, period = {};
  function adjacency() {
    up = {}; down = {}; period = {};
    edges.getIds().forEach(function (id) {
      var e = edgeById[id];
      if (e.chain) {
        (period[e.from] = period[e.from] || []).push(e.to);
        (period[e.to] = period[e.to] || []).push(e.from);
      } else {
        (up[e.from] = up[e.from] || []).push(e.to);
        (down[e.to] = down[e.to] || []).push(e.from);
      }
    });
  }
  adjacency();

  kktrace.t.datasets = performance.now();
  var container = $("kkt-network");
  var options = data.options;
  network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;
  kktrace.t.network = performance.now();

  var physics = options.physics && options.physics.enabled;
  network.once("afterDrawing", function () {
    kktrace.drawnAt = performance.now();
    if (!physics) { kktrace.stableAt = kktrace.drawnAt; }
  });
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", function () { kktrace.stableAt = performance.now(); });
      network.redraw();
    });
  }

  // ---- layout: the same packing as kktrace/view/layout.py (pack), on what is shown ----
  function bandOf(row) { return Math.min(Math.floor(row / 3), 2); }
  function cmp(a, b) {
    for (var i = 0; i < a.length; i++) {
      if (a[i] < b[i]) { return -1; }
      if (a[i] > b[i]) { return 1; }
    }
    return 0;
  }
  function block(rows) {
    var placed = {}, width = 0, y = 0;
    Object.keys(rows).map(Number).sort(function (a, b) { return a - b; }).forEach(function (r) {
      var members = rows[r].sort(function (a, b) { return a[0] - b[0]; }).map(function (m) { return m[1]; });
      var lines = Math.min(C.stagger[r] || 1, Math.max(1, Math.floor((members.length + 2) / 4)));
      var step = Math.floor(C.slot[r] / lines);
      var span = (members.length - 1) * step;
      members.forEach(function (n, i) { placed[n] = [-span / 2 + i * step, y + (i % lines) * C.staggerDy]; });
      width = Math.max(width, span + C.slot[r]);
      y += C.dy + (lines - 1) * C.staggerDy + (C.rowGap[r] || 0);
    });
    return [placed, width, y - C.dy];
  }
  function pack(ids) {
    var tree = {}, mkeys = {};
    ids.forEach(function (id) {
      var k = byId[id].lk, mk = JSON.stringify([k[4], k[1]]);
      mkeys[mk] = [k[4], k[1]];
      var bands = tree[mk] = tree[mk] || {};
      var blocks = bands[bandOf(k[0])] = bands[bandOf(k[0])] || {};
      var bk = JSON.stringify([k[5], k[2], k[6], k[3]]);
      var rows = blocks[bk] = blocks[bk] || { key: [k[5], k[2], k[6], k[3]], rows: {} };
      (rows.rows[k[0]] = rows.rows[k[0]] || []).push([k[7], id]);
    });
    var order = Object.keys(tree).sort(function (a, b) { return cmp(mkeys[a], mkeys[b]); });
    var rel = {}, sizes = {};
    order.forEach(function (mk) {
      var y = 0, width = 0;
      Object.keys(tree[mk]).map(Number).sort().forEach(function (band) {
        var bl = tree[mk][band];
        var keys = Object.keys(bl).sort(function (a, b) { return cmp(bl[a].key, bl[b].key); });
        var shelves = [keys];
        if (band === 2) {
          // each group (the plans under one common plan) on its own shelf
          shelves = [];
          keys.forEach(function (k, i) {
            if (!i || cmp(bl[k].key.slice(0, 2), bl[keys[i - 1]].key.slice(0, 2)) !== 0) { shelves.push([]); }
            shelves[shelves.length - 1].push(k);
          });
        }
        shelves.forEach(function (shelf) {
          var list = shelf.map(function (k) { return block(bl[k].rows); });
          var total = list.reduce(function (s, b) { return s + b[1]; }, 0) + C.blockGap * (list.length - 1);
          var x = -total / 2, height = 0;
          list.forEach(function (b) {
            Object.keys(b[0]).forEach(function (n) { rel[n] = [x + b[1] / 2 + b[0][n][0], y + b[0][n][1]]; });
            x += b[1] + C.blockGap;
            height = Math.max(height, b[2]);
          });
          width = Math.max(width, total);
          y += height + C.bandGap;
        });
      });
      sizes[mk] = [width, y - C.bandGap];
    });
    var pos = {}, cols = Math.max(1, Math.ceil(Math.sqrt(order.length)));
    var colW = Math.max.apply(null, order.map(function (m) { return sizes[m][0]; })) + C.muniGap;
    var y = 0;
    for (var start = 0; start < order.length; start += cols) {
      var line = order.slice(start, start + cols);
      line.forEach(function (mk, c) {
        var x = (c - (line.length - 1) / 2) * colW;
        Object.keys(rel).forEach(function (n) {
          var k = byId[n].lk;
          if (JSON.stringify([k[4], k[1]]) === mk) { pos[n] = [Math.floor(x + rel[n][0]), Math.floor(y + rel[n][1])]; }
        });
      });
      y += Math.max.apply(null, line.map(function (m) { return sizes[m][1]; })) + C.muniGap;
    }
    return pos;
  }
  kktrace.pack = function (ids) { return pack(ids || nodes.getIds()); };

  // ---- state: what the filters leave, what is lit ----
  var visible = null, lit = null, selected = null;
  function shownIds() {
    return nodes.getIds().filter(function (id) { return !visible || visible[id]; });
  }
  // vis DataSet updates are costly: send only what changes
  var nodeNow = {}, edgeNow = {};
  data.nodes.forEach(function (n) { nodeNow[n.id] = { x: n.x, y: n.y, hidden: false, dim: false }; });
  data.edges.forEach(function (e) { edgeNow[e.id] = { hidden: !!e.hidden, dim: false }; });
  function setNodes(want) {
    var changes = [];
    Object.keys(want).forEach(function (id) {
      var w = want[id], now = nodeNow[id] || (nodeNow[id] = {}), d = byId[id], c = { id: id }, any = false;
      if (w.x !== undefined && (w.x !== now.x || w.y !== now.y)) { c.x = w.x; c.y = w.y; now.x = w.x; now.y = w.y; any = true; }
      if (w.hidden !== undefined && w.hidden !== now.hidden) { c.hidden = w.hidden; now.hidden = w.hidden; any = true; }
      if (w.dim !== undefined && w.dim !== now.dim) {
        c.color = w.dim ? DIM : d.color;
        c.font = { size: d.font.size, color: w.dim ? DIM_LABEL : LABEL };
        now.dim = w.dim; any = true;
      }
      if (any) { changes.push(c); }
    });
    if (changes.length) { nodes.update(changes); }
  }
  function relayout() {
    var ids = shownIds(), pos = pack(ids), want = {};
    nodes.getIds().forEach(function (id) {
      var p = pos[id];
      want[id] = p ? (physics ? { hidden: false } : { x: p[0], y: p[1], hidden: false }) : { hidden: true };
    });
    setNodes(want);
    paintEdges();
    var count = $("kkt-count"), empty = $("kkt-empty");
    var shownEdges = edges.getIds().filter(function (id) { var e = edgeById[id]; return pos[e.from] && pos[e.to]; });
    count.textContent = ids.length + " " + ui.nodes + " · " + shownEdges.length + " " + ui.edges;
    empty.hidden = ids.length > 0;
  }
  function paintEdges() {
    var changes = [];
    edges.getIds().forEach(function (id) {
      var e = edgeById[id], now = edgeNow[id] || (edgeNow[id] = { hidden: !!e.hidden, dim: false });
      var show = (!visible || (visible[e.from] && visible[e.to]));
      var inChain = !!(lit && lit[e.from] && lit[e.to]);
      var hidden = !show || !!(e.quiet && !inChain), dim = !!lit && !inChain;
      if (hidden !== now.hidden || dim !== now.dim) {
        changes.push({ id: id, hidden: hidden, color: dim ? DIM_EDGE : e.color });
        now.hidden = hidden; now.dim = dim;
      }
    });
    if (changes.length) { edges.update(changes); }
  }
  // fit, then zoom out a little: the frames' headings stand above their nodes
  function roomy() { network.moveTo({ scale: network.getScale() * 0.9, animation: false }); }
  function fitAll() { network.fit({ animation: false }); roomy(); }
  function fitIds(ids) {
    ids = ids.filter(function (id) { return !visible || visible[id]; });
    if (ids.length) { network.fit({ nodes: ids, animation: false }); roomy(); } else { fitAll(); }
  }

  function closure(seeds, adj) {
    var seen = {}, stack = seeds.slice();
    seeds.forEach(function (s) { seen[s] = true; });
    while (stack.length) {
      var cur = stack.pop();
      (adj[cur] || []).forEach(function (nxt) {
        if (!seen[nxt]) { seen[nxt] = true; stack.push(nxt); }
      });
    }
    return seen;
  }
  function name(id) {
    var n = byId[id];
    return n ? (n.code ? n.code + " " : "") + n.name : id;
  }
  function listButtons(box, ids) {
    box.textContent = "";
    ids.forEach(function (id) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button"; b.className = "kkt-link"; b.textContent = name(id);
      b.dataset.node = id;
      if (id === selected) { b.setAttribute("aria-current", "true"); }
      li.appendChild(b);
      box.appendChild(li);
    });
  }
  function rowOf(id) { return byId[id] ? byId[id].lk[0] : 9; }

  function highlight(id, fit) {
    if (!byId[id]) { return; }
    selected = id;
    var upSet = closure([id], up), downSet = closure([id], down);
    lit = Object.assign({}, upSet, downSet);
    // who contributes: the plans of everything that supports it
    var plans = {};
    Object.keys(downSet).forEach(function (n) { if (byId[n] && byId[n].plan) { plans[byId[n].plan] = true; } });
    Object.keys(plans).forEach(function (p) { if (byId[p]) { lit[p] = true; Object.assign(lit, closure([p], up)); } });
    var periodIds = (period[id] || []).filter(function (p) { return !visible || visible[p]; });
    periodIds.forEach(function (p) { lit[p] = true; });
    var want = {};
    // filtered-out nodes keep their colours (fewer costly updates at national scale)
    nodes.getIds().forEach(function (n) { if (!visible || visible[n]) { want[n] = { dim: !lit[n] }; } });
    setNodes(want);
    paintEdges();
    network.selectNodes([id]);
    $("kkt-selected").hidden = false;
    $("kkt-selected-name").textContent = name(id);
    var elementPage = $("kkt-element-page");  // only in the workbench (kktrace serve)
    if (elementPage) {
      elementPage.hidden = !/^(https?|urn):/.test(id);
      elementPage.href = elementPage.getAttribute("data-base") + encodeURIComponent(id);
    }
    $("kkt-selected-counts").textContent =
      (Object.keys(upSet).length - 1) + " " + ui.chain_up + " · " +
      (Object.keys(downSet).length - 1) + " " + ui.chain_down +
      (periodIds.length ? " · " + periodIds.length + " " + ui.chain_period : "");
    var chain = Object.keys(upSet).filter(function (n) { return n !== id; });
    chain.sort(function (a, b) { return rowOf(a) - rowOf(b) || (name(a) < name(b) ? -1 : 1); });
    chain.push(id);
    var supporters = Object.keys(downSet).filter(function (n) { return n !== id; });
    supporters.sort(function (a, b) { return rowOf(a) - rowOf(b) || (name(a) < name(b) ? -1 : 1); });
    listButtons($("kkt-chain-up"), chain);
    listButtons($("kkt-chain-down"), supporters);
    $("kkt-chain-down-box").hidden = !supporters.length;
    var adms = {};
    supporters.concat([id]).forEach(function (n) {
      var d = byId[n];
      if (d && d.adm) { adms[d.adm + " – " + ((meta.blocks[d.admIri] || {}).title || d.adm).replace(/^[^–]*– /, "")] = true; }
    });
    var admBox = $("kkt-contributors");
    admBox.textContent = "";
    Object.keys(adms).sort().forEach(function (a) {
      var li = document.createElement("li"); li.textContent = a; admBox.appendChild(li);
    });
    $("kkt-contributors-box").hidden = !Object.keys(adms).length;
    var unfoldButton = $("kkt-unfold");
    unfoldButton.hidden = !(folded[id]);
    unfoldButton.textContent = unfolded[id] ? ui.fold : ui.unfold;
    if (fit !== false) { fitIds(Object.keys(lit)); }
  }
  function clearHighlight() {
    lit = null; selected = null;
    var want = {};
    nodes.getIds().forEach(function (n) { want[n] = { dim: false }; });
    setNodes(want);
    paintEdges();
    network.unselectAll();
    $("kkt-selected").hidden = true;
  }
  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); } else { clearHighlight(); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && folded[params.nodes[0]]) { toggleFold(params.nodes[0]); }
  });
  $("kkt-selected").addEventListener("click", function (ev) {
    var t = ev.target;
    if (t && t.dataset && t.dataset.node) { highlight(t.dataset.node); }
  });

  // ---- unfolding an aggregated plan in the page ----
  // a folded member's record is compact: the rest comes from its plan and meta.styles
  function expandNode(m, p) {
    var ks = meta.styles.kinds[m.kind] || { font: 13, width: 140, level: 3 };
    var n = Object.assign({}, m, {
      adm: p.adm, admIri: p.admIri, muni: p.muni, plan: p.id, level: ks.level,
      findings: m.findings || 0, severity: m.severity || "", orphan: !!m.orphan,
      font: { size: ks.font, color: LABEL }, widthConstraint: { maximum: ks.width },
      color: {
        background: m.bg, border: m.border,
        highlight: { background: m.bg, border: "#000000" }, hover: { background: m.bg, border: "#000000" }
      },
      lk: [m.lk[0], p.lk[1], p.lk[2], p.lk[3], p.lk[4], p.lk[5], p.lk[6], m.lk[1]],
      x: 0, y: 0
    });
    delete n.bg; delete n.border;
    return n;
  }
  function expandEdge(t, id) {
    var e = Object.assign({}, meta.styles.edges[t[2]], { id: id, from: t[0], to: t[1], kind: t[2] });
    if (t[3]) { e.quiet = true; e.hidden = true; }
    if (t[4]) { e.title = t[4]; }
    return e;
  }
  function toggleFold(plan, quiet) {
    var f = folded[plan];
    if (!f) { return; }
    if (!unfolded[plan]) {
      var members = f.nodes.map(function (m) { return expandNode(m, byId[plan]); });
      var links = f.edges.map(function (t, j) { return expandEdge(t, "f:" + plan + ":" + j); });
      members.forEach(function (n) { byId[n.id] = n; nodeNow[n.id] = { x: 0, y: 0, hidden: false, dim: false }; });
      links.forEach(function (e) { edgeById[e.id] = e; edgeNow[e.id] = { hidden: !!e.hidden, dim: false }; });
      edges.remove(f.drop);
      nodes.add(members.map(visNode));
      edges.add(links.map(visEdge));
      if (visible) { members.forEach(function (n) { visible[n.id] = !!visible[plan]; }); }
      unfolded[plan] = links.map(function (e) { return e.id; });
      nodes.update({ id: plan, label: byId[plan].label.split("\n")[0] });  // counts now drawn
    } else {
      fold(plan);
    }
    adjacency();
    relayout();
    if (!quiet) { highlight(plan); }
  }
  function fold(plan) {
    var f = folded[plan];
    edges.remove(unfolded[plan]);
    nodes.remove(f.nodes.map(function (n) { return n.id; }));
    nodes.update({ id: plan, label: byId[plan].label });
    edges.add(f.drop.map(function (id) {
      edgeNow[id] = { hidden: !!edgeById[id].hidden, dim: false };
      return visEdge(edgeById[id]);
    }));
    delete unfolded[plan];
  }
  kktrace.unfold = function (plan) { toggleFold(plan); };
  $("kkt-unfold").addEventListener("click", function () { if (selected) { toggleFold(selected); } });

  // ---- filters: municipality, administration, plan; then re-lay out what remains ----
  var muniSelect = $("kkt-muni"), admSelect = $("kkt-adm"), planSelect = $("kkt-plan");
  function applyFilters() {
    var muni = muniSelect ? muniSelect.value : "", adm = admSelect.value, plan = planSelect.value;
    clearHighlight();
    if (!muni && !adm && !plan) {
      visible = null;
    } else {
      var seeds = nodes.getIds().filter(function (id) {
        var n = byId[id];
        return (!muni || n.muni === muni) && (!adm || n.adm === adm) && (!plan || n.plan === plan);
      });
      visible = seeds.length ? Object.assign({}, closure(seeds, up), closure(seeds, down)) : {};
      if (muni) {
        Object.keys(visible).forEach(function (id) { if (byId[id].muni !== muni) { delete visible[id]; } });
      }
    }
    relayout();
    fitAll();
  }
  [muniSelect, admSelect, planSelect].forEach(function (s) { if (s) { s.addEventListener("change", applyFilters); } });

  // ---- search: label, code (skos:notation) or IRI; Enter again → next match ----
  var names = $("kkt-names"), seenNames = {};
  data.nodes.map(function (n) { return n.code || n.name; }).sort().forEach(function (v) {
    if (seenNames[v]) { return; }
    seenNames[v] = true;
    var opt = document.createElement("option");
    opt.value = v;
    names.appendChild(opt);
  });
  function score(n, q) {
    var code = (n.code || "").toLowerCase(), label = n.name.toLowerCase(), iri = n.id.toLowerCase();
    if (code === q || iri === q) { return 0; }
    if (label === q) { return 1; }
    if (code && code.indexOf(q) !== -1) { return 2; }
    if (label.indexOf(q) !== -1) { return 3; }
    if (iri.indexOf(q) !== -1) { return 4; }
    return -1;
  }
  var lastQuery = "", matchIndex = -1;
  function search(query) {
    var q = query.trim().toLowerCase();
    var result = $("kkt-search-result");
    if (!q) { result.textContent = ""; return null; }
    var pool = nodes.getIds().filter(function (id) { return !visible || visible[id]; }).map(function (id) { return byId[id]; });
    var matches = pool.map(function (n) { return [score(n, q), n]; }).filter(function (m) { return m[0] >= 0; });
    if (!matches.length) {
      // a goal or initiative folded into its plan: unfold the plan, then find it there
      var hidden = Object.keys(folded).filter(function (p) { return !unfolded[p] && (!visible || visible[p]); });
      for (var i = 0; i < hidden.length; i++) {
        var hit = folded[hidden[i]].nodes.filter(function (n) { var sc = score(n, q); return sc >= 0 && sc <= 2; })[0];
        if (hit) { toggleFold(hidden[i], true); return search(query); }
      }
      result.textContent = ui.no_match;
      return null;
    }
    matches.sort(function (a, b) {
      return a[0] - b[0] || (a[1].name < b[1].name ? -1 : a[1].name > b[1].name ? 1 : 0) || (a[1].id < b[1].id ? -1 : 1);
    });
    matchIndex = q === lastQuery ? (matchIndex + 1) % matches.length : 0;
    lastQuery = q;
    var found = matches[matchIndex][1];
    result.textContent = (matchIndex + 1) + "/" + matches.length + " " + ui.matches;
    highlight(found.id);
    return found.id;
  }
  kktrace.search = search;
  kktrace.highlight = highlight;
  kktrace.clear = clearHighlight;
  $("kkt-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search($("kkt-search").value);
  });

  // findings whose node is not drawn: their buttons show the administration's plans
  $("kkt-undrawn-list") && $("kkt-undrawn-list").addEventListener("click", function (ev) {
    var t = ev.target;
    if (!t || !t.dataset || !t.dataset.adm) { return; }
    var some = nodes.getIds().map(function (id) { return byId[id]; }).filter(function (n) { return n.admIri === t.dataset.adm; })[0];
    if (!some) { return; }
    if (muniSelect) { muniSelect.value = some.muni; }
    admSelect.value = some.adm;
    planSelect.value = "";
    applyFilters();
  });

  function reset() {
    if (muniSelect) { muniSelect.value = ""; }
    admSelect.value = "";
    planSelect.value = "";
    $("kkt-search").value = "";
    $("kkt-search-result").textContent = "";
    lastQuery = "";
    Object.keys(unfolded).forEach(fold);
    adjacency();
    visible = null;
    clearHighlight();
    relayout();
    fitAll();
  }
  kktrace.reset = reset;
  $("kkt-reset").addEventListener("click", reset);

  // ---- frames and headings of municipalities and plan blocks, drawn under the graph ----
  var several = (meta.municipalities || []).length > 1;
  network.on("beforeDrawing", function (ctx) {
    if (physics) { return; }
    var ids = shownIds(), pos = network.getPositions(ids), boxes = {};
    ids.forEach(function (id) {
      var k = byId[id].lk, p = pos[id];
      if (!p) { return; }
      var keys = [];
      if (bandOf(k[0]) > 0 && k[3] && k[3] !== "~" && meta.blocks[k[3]]) { keys.push(["plan", k[3]]); }
      if (several && k[1]) { keys.push(["muni", k[1]]); }
      keys.forEach(function (key) {
        var b = boxes[key[1]] = boxes[key[1]] || { kind: key[0], n: 0, x0: p.x, x1: p.x, y0: p.y, y1: p.y };
        b.n += 1;
        b.x0 = Math.min(b.x0, p.x); b.x1 = Math.max(b.x1, p.x);
        b.y0 = Math.min(b.y0, p.y); b.y1 = Math.max(b.y1, p.y);
      });
    });
    Object.keys(boxes).sort().forEach(function (key) {
      var b = boxes[key], info = meta.blocks[key] || { title: key, sub: "" };
      if (b.kind === "plan" && b.n < 2 && meta.aggregated) { return; }
      var muni = b.kind === "muni";
      var padX = muni ? 260 : 95, top = muni ? 300 : 150, bottom = muni ? 160 : 70;
      var lit_ = lit && lit[key];
      ctx.save();
      ctx.fillStyle = muni ? "rgba(40,60,120,0.03)" : (lit_ ? "rgba(255,230,150,0.25)" : "rgba(120,120,140,0.05)");
      ctx.strokeStyle = muni ? "#8090b0" : (lit_ ? "#b07a00" : "#b8b8c8");
      ctx.lineWidth = muni ? 6 : (lit_ ? 4 : 2);
      ctx.fillRect(b.x0 - padX, b.y0 - top, b.x1 - b.x0 + 2 * padX, b.y1 - b.y0 + top + bottom);
      ctx.strokeRect(b.x0 - padX, b.y0 - top, b.x1 - b.x0 + 2 * padX, b.y1 - b.y0 + top + bottom);
      ctx.fillStyle = "#333344";
      ctx.textBaseline = "top";
      var room = b.x1 - b.x0 + 2 * padX - 24;
      ctx.font = "bold " + (muni ? 180 : 56) + "px sans-serif";
      ctx.fillText(info.title, b.x0 - padX + 12, b.y0 - top + 10, room);
      if (info.sub && !muni) {
        ctx.font = "22px sans-serif";
        ctx.fillStyle = "#555566";
        ctx.fillText(info.sub, b.x0 - padX + 12, b.y0 - top + 74, room);
      }
      ctx.restore();
    });
  });

  // the page opens on Python's positions (pack of everything gives the same); count only
  $("kkt-count").textContent = data.nodes.length + " " + ui.nodes + " · " + data.edges.length + " " + ui.edges;
  kktrace.t.ready = performance.now();
  kktrace.state = function () {
    return { visible: visible ? Object.keys(visible).length : null, lit: lit ? Object.keys(lit).length : 0, selected: selected, unfolded: Object.keys(unfolded) };
  };
  window.kktrace = kktrace;
})();
