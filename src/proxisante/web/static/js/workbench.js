// The analyst workbench: build a scenario (communes chosen on the map or in the list), run it
// through /api/v1/planning, colour the communes by the APL change (with the equivalent table),
// save, compare, and run a siting query (chosen sites drawn as points and listed).
// Served by the app (no CDN); writes send the CSRF token of the page (strict CSP, same origin).
(function () {
  "use strict";
  var root = document.getElementById("atelier");
  if (!root) { return; }
  var T = JSON.parse(document.getElementById("atelier-textes").textContent);
  var area = root.dataset.area;
  var lang = root.dataset.lang || "fr";
  var csrf = document.querySelector('meta[name="ps-csrf"]').getAttribute("content");
  var api = "/api/v1/planning";
  var changes = [];
  var names = {};
  var geo = null;
  var map = null;
  var lastRun = null;

  var $ = function (id) { return document.getElementById(id); };
  var fmt = function (v, d) {
    if (v === null || v === undefined) { return T.unknown; }
    return Number(v).toLocaleString(lang === "de" ? "de-CH" : lang, {
      minimumFractionDigits: d, maximumFractionDigits: d });
  };
  var cls = function (k) { return (T.classes && T.classes[k]) || k; };
  var signed = function (v, d) { return (v > 0 ? "+" : "") + fmt(v, d); };
  Array.prototype.forEach.call($("commune").options, function (o) { names[o.value] = o.textContent; });

  function call(method, path, body) {
    var opts = { method: method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(api + path + (path.indexOf("?") < 0 ? "?" : "&") + "lang=" + lang, opts)
      .then(function (r) {
        if (r.status === 204) { return null; }
        return r.json().then(function (b) {
          if (!r.ok) { throw new Error(b.error ? b.error.message : String(r.status)); }
          return b;
        });
      });
  }
  function status(text) { $("etat").textContent = text; }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  // --- the scenario being built ------------------------------------------------------------
  function describe(c) {
    var where = c.kind === "seasonal_peak" ? T.whole_area : (names[c.commune] || c.commune);
    var text = T.kinds[c.kind] + " — " + where + " : " + fmt(c.amount, 1);
    if (c.kind === "advanced_consultation") { text += " (" + T.from + " " + (names[c.origin] || c.origin) + ")"; }
    return text;
  }
  function drawChanges() {
    var ul = $("changements");
    ul.replaceChildren();
    if (!changes.length) { ul.appendChild(el("li", T.none)); return; }
    changes.forEach(function (c, i) {
      var li = el("li", describe(c) + " ");
      var b = el("button", T.remove, "fr-btn fr-btn--sm fr-btn--tertiary-no-outline");
      b.type = "button";
      b.setAttribute("aria-label", T.remove + " : " + describe(c));
      b.addEventListener("click", function () { changes.splice(i, 1); drawChanges(); });
      li.appendChild(b);
      ul.appendChild(li);
    });
  }
  function showFields() {
    var kind = $("type").value;
    $("groupe-origine").hidden = kind !== "advanced_consultation";
    $("groupe-structure").hidden = kind !== "structure_opens";
    $("groupe-ratio").hidden = kind !== "ipa_time";
  }
  $("type").addEventListener("change", showFields);
  showFields();
  $("changement").addEventListener("submit", function (e) {
    e.preventDefault();
    var c = { kind: $("type").value, commune: $("commune").value, amount: Number($("quantite").value) };
    if (c.kind === "advanced_consultation") { c.origin = $("origine").value; }
    if (c.kind === "structure_opens") { c.structure = $("structure").value; }
    if (c.kind === "ipa_time") { c.ratio = Number($("ratio").value); }
    changes.push(c);
    drawChanges();
  });

  // --- the map ---------------------------------------------------------------------------------
  var DIVERGING = ["#b35806", "#f1a340", "#f7f7f7", "#998ec3", "#542788"]; // colour-blind safe
  var BREAKS = [-0.2, -0.02, 0.02, 0.2];
  function changeColour() {
    var step = ["step", ["to-number", ["get", "change"]], DIVERGING[0]];
    BREAKS.forEach(function (b, i) { step.push(b, DIVERGING[i + 1]); });
    return ["case", ["==", ["typeof", ["get", "change"]], "number"], step, "#e5e5e5"];
  }
  function legend() {
    var box = $("legende");
    box.replaceChildren();
    box.appendChild(el("p", T.change_legend, "fr-text--sm fr-mb-1v"));
    var ul = el("ul", null, "ps-legend");
    var labels = ["< " + fmt(BREAKS[0], 2) + " (" + T.legend_down + ")",
      fmt(BREAKS[0], 2) + " – " + fmt(BREAKS[1], 2),
      fmt(BREAKS[1], 2) + " – " + fmt(BREAKS[2], 2) + " (" + T.legend_none + ")",
      fmt(BREAKS[2], 2) + " – " + fmt(BREAKS[3], 2),
      "≥ " + fmt(BREAKS[3], 2) + " (" + T.legend_up + ")"];
    DIVERGING.forEach(function (c, i) {
      var li = el("li");
      var sw = el("span", null, "ps-swatch");
      sw.style.backgroundColor = c;
      sw.setAttribute("aria-hidden", "true");
      li.appendChild(sw);
      li.appendChild(document.createTextNode(" " + labels[i]));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }
  function choose(code) {
    if (!names[code]) { return; }
    $("commune").value = code;
    status(T.selected.replace("{name}", names[code]));
  }
  if (window.maplibregl) {
    maplibregl.setWorkerUrl(document.getElementById("carte").dataset.worker);
    map = new maplibregl.Map({
      container: "carte",
      style: { version: 8, sources: {}, layers: [
        { id: "fond", type: "background", paint: { "background-color": "#ffffff" } }] },
      center: [2.5, 46.5], zoom: 5, attributionControl: false, dragRotate: false
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    map.on("load", function () {
      fetch($("carte").dataset.geojson).then(function (r) { return r.json(); }).then(function (g) {
        geo = g;
        map.addSource("zones", { type: "geojson", data: g, promoteId: "code" });
        map.addLayer({ id: "zones-fond", type: "fill", source: "zones",
          paint: { "fill-color": changeColour(), "fill-opacity": 0.85 } });
        map.addLayer({ id: "zones-bord", type: "line", source: "zones",
          paint: { "line-color": "#5a5a5a", "line-width": 0.6 } });
        map.addSource("sites", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
        map.addLayer({ id: "sites", type: "circle", source: "sites", paint: {
          "circle-radius": 7, "circle-stroke-width": 2, "circle-stroke-color": "#000000",
          "circle-color": ["case", ["get", "locked"], "#ffffff", "#0072b2"] } });
        var b = new maplibregl.LngLatBounds();
        var walk = function (c) { if (typeof c[0] === "number") { b.extend(c); } else { c.forEach(walk); } };
        g.features.forEach(function (f) { walk(f.geometry.coordinates); });
        if (!b.isEmpty()) { map.fitBounds(b, { padding: 20, duration: 0 }); }
        legend();
        $("carte").setAttribute("data-rendered", "1");
      });
    });
    map.on("click", "zones-fond", function (e) {
      if (e.features && e.features.length) { choose(e.features[0].properties.code); }
    });
    map.on("mouseenter", "zones-fond", function () { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", "zones-fond", function () { map.getCanvas().style.cursor = ""; });
  }
  // The change shown is the anchored one (the official APL moved by the model's change).
  function anchoredChange(c) {
    return c.apl_before === null || c.apl_after === null ? null : c.apl_after - c.apl_before;
  }
  function paintChange(result) {
    if (!geo || !map.getSource("zones")) { return; }
    var byCode = {};
    result.communes.forEach(function (c) { byCode[c.code] = anchoredChange(c); });
    geo.features.forEach(function (f) {
      var v = byCode[f.properties.code];
      f.properties.change = v === undefined ? null : v;
    });
    map.getSource("zones").setData(geo);
    $("carte").setAttribute("data-painted", "1");
  }

  // --- running -----------------------------------------------------------------------------------
  function figures(f) {
    var dl = el("dl", null, "ps-figures");
    [[T.apl_area, fmt(f.apl_anchored_before, 2) + " → " + fmt(f.apl_anchored_after, 2)],
     [T.under, fmt(f.population_under_2_5_before, 0) + " → " + fmt(f.population_under_2_5_after, 0)],
     [T.lifted, fmt(f.population_lifted_above_2_5, 0) + " / " + fmt(f.population_dropped_below_2_5, 0)],
     [T.class_area, cls(f.class_before) + " → " + cls(f.class_after)]].forEach(function (p) {
      dl.appendChild(el("dt", p[0]));
      dl.appendChild(el("dd", p[1]));
    });
    return dl;
  }
  function method(r) {
    var box = el("div");
    [r.demand ? T.demand + " " + r.demand : "", r.anchoring].forEach(function (t) {
      if (t) { box.appendChild(el("p", t, "fr-text--sm")); }
    });
    return box;
  }
  function table(result) {
    var body = $("resultats");
    body.replaceChildren();
    result.communes.slice()
      .sort(function (a, b) {
        return Math.abs(anchoredChange(b) || 0) - Math.abs(anchoredChange(a) || 0);
      })
      .forEach(function (c) {
        var tr = el("tr");
        var th = el("th", c.name);
        th.scope = "row";
        tr.appendChild(th);
        var moved = anchoredChange(c);
        [fmt(c.population, 0), fmt(c.apl_before, 2), fmt(c.apl_after, 2),
         moved === null ? T.unknown : signed(moved, 3), c.class_after,
         c.anchoring_label].forEach(function (v) { tr.appendChild(el("td", v)); });
        body.appendChild(tr);
      });
  }
  $("lancer").addEventListener("click", function () {
    status(T.running);
    call("POST", "/territories/" + area + "/run", { changes: changes }).then(function (r) {
      lastRun = r;
      status(r.label);
      var box = $("chiffres");
      box.replaceChildren(figures(r.figures), method(r));
      table(r);
      paintChange(r);
    }).catch(function (err) { status(T.failed.replace("{message}", err.message)); });
  });

  // --- saving and comparing --------------------------------------------------------------------
  function drawSaved(list) {
    var box = $("enregistres");
    box.replaceChildren();
    if (!list.length) { box.appendChild(el("p", T.nothing_saved, "fr-text--sm")); return; }
    list.forEach(function (s) {
      var div = el("div", null, "fr-checkbox-group");
      var input = el("input");
      input.type = "checkbox";
      input.id = "sc-" + s.id;
      input.value = s.id;
      var label = el("label", s.name + " (" + s.changes.length + ")", "fr-label");
      label.htmlFor = input.id;
      div.appendChild(input);
      div.appendChild(label);
      box.appendChild(div);
    });
  }
  function loadSaved() { return call("GET", "/territories/" + area + "/scenarios").then(drawSaved); }
  $("enregistrer").addEventListener("submit", function (e) {
    e.preventDefault();
    call("POST", "/territories/" + area + "/scenarios", { name: $("nom").value, changes: changes })
      .then(function () { status(T.saved); return loadSaved(); })
      .catch(function (err) { status(T.failed.replace("{message}", err.message)); });
  });
  $("comparer").addEventListener("click", function () {
    var ids = Array.prototype.map.call(
      document.querySelectorAll("#enregistres input:checked"), function (i) { return i.value; });
    if (!ids.length) { return; }
    call("GET", "/compare?ids=" + ids.join(",")).then(function (list) {
      var wrap = el("div", null, "fr-table fr-table--bordered");
      var t = el("table");
      t.appendChild(el("caption", T.compare_name + " — SIMULATION"));
      var head = el("tr");
      [T.compare_name, T.apl_area, T.under, T.lifted, T.class_area].forEach(function (h) {
        var th = el("th", h); th.scope = "col"; head.appendChild(th);
      });
      var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
      var tb = el("tbody");
      list.forEach(function (s) {
        var f = s.figures;
        var tr = el("tr");
        var th = el("th", s.name); th.scope = "row"; tr.appendChild(th);
        [fmt(f.apl_anchored_before, 2) + " → " + fmt(f.apl_anchored_after, 2),
         fmt(f.population_under_2_5_before, 0) + " → " + fmt(f.population_under_2_5_after, 0),
         fmt(f.population_lifted_above_2_5, 0) + " / " + fmt(f.population_dropped_below_2_5, 0),
         cls(f.class_before) + " → " + cls(f.class_after)].forEach(function (v) { tr.appendChild(el("td", v)); });
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      wrap.appendChild(t);
      $("comparaison").replaceChildren(wrap);
    }).catch(function (err) { status(T.failed.replace("{message}", err.message)); });
  });

  // --- siting ----------------------------------------------------------------------------------
  $("implantation").addEventListener("submit", function (e) {
    e.preventDefault();
    var box = $("sites");
    box.replaceChildren(el("p", T.running));
    var body = { objective: $("objectif").value, p: Number($("nombre").value),
      radius: Number($("rayon").value) };
    call("POST", "/territories/" + area + "/siting", body).then(function (r) {
      box.replaceChildren(el("h3", T.chosen + " — " + r.label, "fr-h6"));
      box.appendChild(el("p", r.method + " ; " + T.gap + " " + fmt(100 * r.gap, 2) + " %", "fr-text--sm"));
      var ul = el("ul");
      r.sites.forEach(function (s) {
        ul.appendChild(el("li", s.name + " (" + (s.locked ? T.existing : T.new_site) + ")"));
      });
      box.appendChild(ul);
      if (r.communes.length) {
        box.appendChild(el("p", T.gains, "fr-text--sm"));
        var gains = el("ul");
        r.communes.slice(0, 10).forEach(function (c) {
          gains.appendChild(el("li", c.name + " (" + c.code + ") : " + fmt(c.apl_before, 2) + " → " +
            fmt(c.apl_after, 2) + " — " + c.anchoring_label));
        });
        box.appendChild(gains);
      }
      if (map && map.getSource("sites")) {
        map.getSource("sites").setData({ type: "FeatureCollection", features: r.sites.map(function (s) {
          return { type: "Feature", geometry: { type: "Point", coordinates: [s.lon, s.lat] },
            properties: { code: s.code, locked: s.locked } };
        }) });
      }
    }).catch(function (err) { box.replaceChildren(el("p", T.failed.replace("{message}", err.message))); });
  });

  drawChanges();
  loadSaved().catch(function () { /* shown on first save */ });
})();
