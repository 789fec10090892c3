/* kktrace view: search, chain highlight, filters. Data comes from the JSON blocks above;
   text from data is only ever put into the page as text (textContent / option.text), and
   tooltips are HTML that kktrace escaped piece by piece in Python. */
"use strict";
var kktrace = { drawnAt: null, stableAt: null };
var network;
(function () {
  var data = JSON.parse(document.getElementById("kkt-data").textContent);
  var ui = JSON.parse(document.getElementById("kkt-ui").textContent);
  var DIM = { background: "#eeeeee", border: "#dddddd", highlight: { background: "#eeeeee", border: "#dddddd" }, hover: { background: "#eeeeee", border: "#dddddd" } };
  var DIM_EDGE = { color: "#e6e6e6", opacity: 0.6 };

  var tpl = document.createElement("template");
  function tooltip(html) {
    // parsed in an inert template (nothing loads or runs there); the HTML is escaped data
    tpl.innerHTML = html;
    var box = document.createElement("div");
    box.appendChild(tpl.content.cloneNode(true));
    return box;
  }

  var byId = {};
  var up = {}, down = {};
  var rawNodes = data.nodes.map(function (n) {
    byId[n.id] = n;
    var copy = Object.assign({}, n);
    copy.title = tooltip(n.title);
    return copy;
  });
  // plan-period links (continues, successorOf) are extra edges: never followed by the
  // chain closure or the filters, only one step from a clicked node
  var period = {};
  var rawEdges = data.edges.map(function (e) {
    if (e.chain) {
      (period[e.from] = period[e.from] || []).push(e.to);
      (period[e.to] = period[e.to] || []).push(e.from);
      var copy = Object.assign({}, e);
      copy.title = tooltip(e.title);
      return copy;
    }
    (up[e.from] = up[e.from] || []).push(e.to);
    (down[e.to] = down[e.to] || []).push(e.from);
    return e;
  });

  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var container = document.getElementById("kkt-network");
  network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;

  var physics = data.options.physics && data.options.physics.enabled;
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

  var dimmed = false;
  function highlight(id) {
    var upSet = closure([id], up), downSet = closure([id], down);
    var lit = Object.assign({}, upSet, downSet);
    var periodIds = (period[id] || []).filter(function (p) { return !visible || visible[p]; });
    periodIds.forEach(function (p) { lit[p] = true; });
    nodes.update(data.nodes.map(function (n) {
      return lit[n.id]
        ? { id: n.id, color: n.color, font: { size: n.font.size, color: "#1a1a1a" } }
        : { id: n.id, color: DIM, font: { size: n.font.size, color: "#c8c8c8" } };
    }));
    edges.update(data.edges.map(function (e) {
      return (lit[e.from] && lit[e.to]) ? { id: e.id, color: e.color } : { id: e.id, color: DIM_EDGE };
    }));
    dimmed = true;
    var panel = document.getElementById("kkt-selected");
    panel.hidden = false;
    document.getElementById("kkt-selected-name").textContent = byId[id].name;
    document.getElementById("kkt-selected-counts").textContent =
      (Object.keys(upSet).length - 1) + " " + ui.chain_up + " · " +
      (Object.keys(downSet).length - 1) + " " + ui.chain_down +
      (periodIds.length ? " · " + periodIds.length + " " + ui.chain_period : "");
  }
  function clearHighlight() {
    if (dimmed) {
      nodes.update(data.nodes.map(function (n) { return { id: n.id, color: n.color, font: n.font }; }));
      edges.update(data.edges.map(function (e) { return { id: e.id, color: e.color }; }));
      dimmed = false;
    }
    document.getElementById("kkt-selected").hidden = true;
  }
  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); } else { clearHighlight(); }
  });

  // filters: the chosen administration's / plan's nodes with everything above and below them
  var admSelect = document.getElementById("kkt-adm");
  var planSelect = document.getElementById("kkt-plan");
  var visible = null;
  function applyFilters() {
    var adm = admSelect.value, plan = planSelect.value;
    clearHighlight();
    if (!adm && !plan) {
      visible = null;
    } else {
      var seeds = data.nodes.filter(function (n) {
        return (!adm || n.adm === adm) && (!plan || n.plan === plan);
      }).map(function (n) { return n.id; });
      visible = Object.assign({}, closure(seeds, up), closure(seeds, down));
    }
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !!visible && !visible[n.id] }; }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, hidden: !!visible && !(visible[e.from] && visible[e.to]) };
    }));
    var ids = visible ? Object.keys(visible) : undefined;
    network.fit({ nodes: ids, animation: false });
  }
  admSelect.addEventListener("change", applyFilters);
  planSelect.addEventListener("change", applyFilters);

  // search by label: Enter/Find selects the next match and focuses it
  var names = document.getElementById("kkt-names");
  var seenNames = {};
  data.nodes.map(function (n) { return n.name; }).sort().forEach(function (name) {
    if (seenNames[name]) { return; }
    seenNames[name] = true;
    var opt = document.createElement("option");
    opt.value = name;
    names.appendChild(opt);
  });
  var lastQuery = "", matchIndex = -1;
  function search(query) {
    var q = query.trim().toLowerCase();
    var result = document.getElementById("kkt-search-result");
    if (!q) { result.textContent = ""; return null; }
    var matches = data.nodes.filter(function (n) {
      return (!visible || visible[n.id]) && n.name.toLowerCase().indexOf(q) !== -1;
    });
    matches.sort(function (a, b) {
      var ea = a.name.toLowerCase() === q ? 0 : 1, eb = b.name.toLowerCase() === q ? 0 : 1;
      return ea - eb || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    if (!matches.length) { result.textContent = ui.no_match; return null; }
    matchIndex = q === lastQuery ? (matchIndex + 1) % matches.length : 0;
    lastQuery = q;
    var hit = matches[matchIndex];
    result.textContent = (matchIndex + 1) + "/" + matches.length + " " + ui.matches;
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: 1.1, animation: false });
    highlight(hit.id);
    return hit.id;
  }
  kktrace.search = search;
  kktrace.highlight = highlight;
  document.getElementById("kkt-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("kkt-search").value);
  });

  document.getElementById("kkt-reset").addEventListener("click", function () {
    admSelect.value = "";
    planSelect.value = "";
    document.getElementById("kkt-search").value = "";
    document.getElementById("kkt-search-result").textContent = "";
    lastQuery = "";
    network.unselectAll();
    applyFilters();
  });
  window.kktrace = kktrace;
})();
