// kktrace workbench: YASGUI on the local endpoint, offline. Named queries become tabs;
// the predeclared prefixes are known to the editor and used to shorten IRIs in results.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  var lang = root.getAttribute("data-lang") || "da";
  var endpoint = new URL("sparql", window.location.href).href;

  // A named query as the editor shows it: its metadata header (title, description,
  // parameters: ten lines or so) becomes one comment line, and the predeclared prefixes it
  // uses are declared, so the editor's syntax check and completion know them.
  function editorText(q, prefixes) {
    var lines = q.text.split("\n");
    while (lines.length && /^\s*#/.test(lines[0])) { lines.shift(); }
    var body = lines.join("\n");
    var declared = {};
    body.replace(/PREFIX\s+([A-Za-z][\w-]*)?:/gi, function (m, p) { declared[p || ""] = true; });
    var used = Object.keys(prefixes).sort().filter(function (p) {
      return !declared[p] && new RegExp("(^|[\\s(/^|,;{])" + p + ":", "m").test(body);
    });
    var about = (q.description && (q.description[lang] || q.description.da)) || "";
    var params = (q.parameters || []).map(function (p) { return "?" + p.name; }).join(", ");
    var head = "# " + about.replace(/\s+/g, " ");
    if (params) { head += "\n# " + (lang === "da" ? "Parametre: " : "Parameters: ") + params; }
    return head + "\n" + used.map(function (p) {
      return "PREFIX " + p + ": <" + prefixes[p] + ">\n";
    }).join("") + body;
  }

  function start(prefixes, queries) {
    var prologue = Object.keys(prefixes).sort().map(function (p) {
      return "PREFIX " + p + ": <" + prefixes[p] + ">";
    }).join("\n");
    var yasgui = new Yasgui(root, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      persistenceId: null,
      populateFromUrl: false,
      autofocus: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      yasqe: {
        // local prefix list instead of prefix.cc; no LOV term look-ups (offline)
        prefixCcApi: new URL("prefixes.json", window.location.href).href,
        autocompleters: ["prefixes", "variables"],
        value: prologue + "\n\nSELECT ?plan ?label WHERE {\n  ?plan a kkt:ActionPlan ; rdfs:label ?label .\n  FILTER(LANG(?label) = \"" + lang + "\")\n}\nORDER BY ?plan",
        createShareableLink: null,
        editorHeight: "320px"
      },
      yasr: { prefixes: prefixes, defaultPlugin: "table", pluginOrder: ["table", "response"] }
    });
    var first = yasgui.getTab();
    queries.forEach(function (q) {
      var title = (q.title && (q.title[lang] || q.title.da || q.title.en)) || q.name;
      yasgui.addTab(false, {
        name: title,
        yasqe: { value: editorText(q, prefixes) }
      });
    });
    if (first) { yasgui.selectTabId(first.getId()); }
    window.kktraceYasgui = yasgui;  // for the browser tests
  }

  Promise.all([
    fetch("prefixes.json").then(function (r) { return r.json(); }),
    fetch("queries").then(function (r) { return r.json(); })
  ]).then(function (both) { start(both[0], both[1]); }, function (err) {
    root.textContent = String(err);
  });
})();
