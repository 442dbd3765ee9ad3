// Public maps: a MapLibre map of areas coloured by the chosen indicator, with a legend, a
// figures panel, and links with the equivalent table (buttons "Voir sur la carte").
// Served by the app itself (no CDN); the worker is a same-origin file (strict CSP).
(function () {
  "use strict";
  var root = document.getElementById("carte");
  if (!root || !window.maplibregl) { return; }
  // User Timing marks (read by benchmarks/web.py): "carte-script" when this script starts,
  // "carte-donnees" when the data is handed to the map, "carte-rendue" at its first idle frame.
  performance.mark("carte-script");
  var i18n = JSON.parse(document.getElementById("carte-textes").textContent);
  var lang = document.documentElement.lang || "fr";
  var fmt = function (v, d) {
    if (v === null || v === undefined) { return i18n.unknown; }
    return Number(v).toLocaleString(lang === "de" ? "de-CH" : lang, {
      minimumFractionDigits: d, maximumFractionDigits: d });
  };
  // Colours and breaks: one definition shared with the PDF maps (diagnosis/scales.py), put in
  // the page as JSON.
  var scales = JSON.parse(document.getElementById("carte-echelles").textContent);
  var SEQ = scales.palette;
  var INDICATORS = scales.indicators;
  var NODATA = scales.nodata;
  // The data is asked for at once (the page preloads it), not after the map's "load": its
  // download and parsing overlap with the start of MapLibre and its worker.
  var dataPromise = fetch(root.dataset.geojson).then(function (r) { return r.json(); });
  maplibregl.setWorkerUrl(root.dataset.worker);
  // Background (roads, outlines, neighbours, place names, insets, scale, reset): basemap.js.
  var fond = window.ProxiSanteFond;
  var fondTexts = i18n.fond || {};
  var bounds = JSON.parse(root.dataset.bounds);
  if (fond && fond.wantsInsets(bounds)) { bounds = fond.insetBounds(bounds); }
  // No fade or style transition: the first frame is the final one (nothing is animated here).
  // Cooperative gestures: the wheel scrolls the page (Ctrl + wheel zooms the map), one finger
  // scrolls the page on a phone (two fingers move the map).
  var map = new maplibregl.Map({
    container: root,
    style: { version: 8, transition: { duration: 0, delay: 0 }, sources: {}, layers: [
      { id: "fond", type: "background", paint: { "background-color": "#f6f6f6" } }] },
    bounds: bounds,
    fitBoundsOptions: { padding: 20 },
    attributionControl: false,
    fadeDuration: 0,
    dragRotate: false,
    pitchWithRotate: false,
    cooperativeGestures: true,
    locale: fond ? fond.locale(fondTexts) : {}
  });
  root.carte = map;  // for static/js/export.js (PNG export)
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  if (fond) { map.addControl(new fond.ResetControl(bounds, fondTexts.reset), "top-right"); }
  map.addControl(new maplibregl.ScaleControl({ maxWidth: 120, unit: "metric" }), "bottom-left");
  map.keyboard.enable();
  // The current view, for tests and benchmarks: "zoom lng lat".
  function noteView() {
    var c = map.getCenter();
    root.setAttribute("data-vue", map.getZoom().toFixed(3) + " " + c.lng.toFixed(4) + " " + c.lat.toFixed(4));
  }
  map.on("load", noteView);
  map.on("moveend", noteView);
  var select = document.getElementById("indicateur");
  var legend = document.getElementById("legende");
  var panel = document.getElementById("chiffres");
  var selected = null;
  var data = null;
  var insets = null;

  function colourExpression(key) {
    var ind = INDICATORS[key];
    if (ind.classes) {
      var m = ["match", ["get", "class"]];
      ind.classes.forEach(function (c, i) { m.push(c, ind.colours[i]); });
      m.push(NODATA);
      return m;
    }
    var colours = ind.reverse ? SEQ.slice().reverse() : SEQ;
    var step = ["step", ["to-number", ["get", key]], colours[0]];
    ind.breaks.forEach(function (b, i) { step.push(b, colours[i + 1]); });
    return ["case", ["==", ["typeof", ["get", key]], "number"], step, NODATA];
  }

  function swatch(colour, label) {
    var li = document.createElement("li");
    var box = document.createElement("span");
    box.className = "ps-swatch";
    box.style.backgroundColor = colour;
    box.setAttribute("aria-hidden", "true");
    li.appendChild(box);
    li.appendChild(document.createTextNode(" " + label));
    return li;
  }

  function drawLegend(key) {
    var ind = INDICATORS[key];
    legend.replaceChildren();
    var title = document.createElement("p");
    title.className = "fr-text--sm fr-mb-1v";
    title.textContent = i18n.indicators[key];
    legend.appendChild(title);
    var ul = document.createElement("ul");
    ul.className = "ps-legend";
    if (ind.classes) {
      ind.classes.forEach(function (c, i) { ul.appendChild(swatch(ind.colours[i], i18n.classes[c])); });
    } else {
      var colours = ind.reverse ? SEQ.slice().reverse() : SEQ;
      var b = ind.breaks;
      ul.appendChild(swatch(colours[0], "< " + fmt(b[0], ind.digits)));
      for (var i = 0; i < b.length - 1; i++) {
        ul.appendChild(swatch(colours[i + 1], fmt(b[i], ind.digits) + " – " + fmt(b[i + 1], ind.digits)));
      }
      ul.appendChild(swatch(colours[b.length], "≥ " + fmt(b[b.length - 1], ind.digits)));
      ul.appendChild(swatch(NODATA, i18n.unknown));
    }
    legend.appendChild(ul);
  }

  // The panel's heading comes one level under the last heading before it (h3 under the
  // territory page's "Carte", h2 under the national page's title).
  function panelLevel() {
    var level = 2;
    document.querySelectorAll("h1, h2, h3, h4, h5").forEach(function (h) {
      if (h.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING) {
        level = Math.min(6, Number(h.tagName.charAt(1)) + 1);
      }
    });
    return level;
  }

  function show(props) {
    if (!panel) { return; }
    panel.replaceChildren();
    var h = document.createElement("h" + panelLevel());
    h.className = "fr-h6 fr-mb-1w";
    h.textContent = props.name;
    panel.appendChild(h);
    var dl = document.createElement("dl");
    dl.className = "ps-figures";
    // The page's own indicators only (a Valais page has no APL nor GP count).
    [["population", 0], ["apl", 2], ["apl_computed", 2], ["access_ch", 2], ["gp_density", 1],
     ["minutes_gp", 0], ["minutes_emergency", 0], ["apl_nurse", 1]].filter(function (pair) {
      return pair[0] in i18n.indicators;
    }).forEach(function (pair) {
      var dt = document.createElement("dt");
      dt.textContent = i18n.indicators[pair[0]];
      var dd = document.createElement("dd");
      dd.textContent = fmt(props[pair[0]], pair[1]);
      dl.appendChild(dt); dl.appendChild(dd);
    });
    if ("class" in i18n.indicators) {
      var dt = document.createElement("dt");
      dt.textContent = i18n.indicators["class"];
      var dd = document.createElement("dd");
      dd.textContent = i18n.classes[props["class"]] || props["class"];
      dl.appendChild(dt); dl.appendChild(dd);
    }
    panel.appendChild(dl);
    if (root.dataset.link) {
      var a = document.createElement("a");
      a.className = "fr-link fr-icon-arrow-right-line fr-link--icon-right";
      a.href = "/territoires/" + encodeURIComponent(props.code) + "?lang=" + lang;
      a.textContent = i18n.open;
      panel.appendChild(a);
    }
  }

  function choose(code, fly) {
    if (!data) { return; }
    var f = data.features.find(function (x) { return x.properties.code === code; });
    if (!f) { return; }
    if (selected !== null) { map.setFeatureState({ source: "zones", id: selected }, { selected: false }); }
    selected = code;
    map.setFeatureState({ source: "zones", id: code }, { selected: true });
    show(f.properties);
    // An overseas département in its inset: the whole inset (its frame, its own scale).
    var inset = fly && insets && insets.byDep[code];
    if (inset) {
      map.fitBounds(inset.box, { padding: 20, duration: 300 });
    } else if (fly) {
      var b = new maplibregl.LngLatBounds();
      var walk = function (c) { if (typeof c[0] === "number") { b.extend(c); } else { c.forEach(walk); } };
      walk(f.geometry.coordinates);
      map.fitBounds(b, { padding: 40, maxZoom: 10, duration: 300 });
    }
  }

  map.on("load", function () {
    dataPromise.then(function (geo) {
      performance.mark("carte-donnees");
      data = geo;
      // Overseas départements beside the metropole are drawn in insets (moved, not dropped).
      insets = fond ? fond.insets(geo) : null;
      if (insets) { fond.watchScale(map, insets); }
      map.addSource("zones", { type: "geojson", data: geo, promoteId: "code" });
      map.addLayer({ id: "zones-fond", type: "fill", source: "zones",
        paint: { "fill-color": colourExpression(select.value), "fill-opacity": 0.85 } });
      map.addLayer({ id: "zones-bord", type: "line", source: "zones",
        paint: { "line-color": ["case", ["boolean", ["feature-state", "selected"], false], "#000000", "#ffffff"],
                 "line-width": ["case", ["boolean", ["feature-state", "selected"], false], 3, 0.6] } });
      drawLegend(select.value);
      root.setAttribute("data-rendered", "1");
      // The background comes after the zones: downloaded now (it is small), but drawn once the
      // zones are on screen, so that its layers and place names do not delay the first map.
      var background = fond && root.dataset.fond ?
        fetch(root.dataset.fond).then(function (r) { return r.json(); }) : null;
      map.once("idle", function () {
        performance.mark("carte-rendue");
        root.setAttribute("data-idle", "1");
        root.dispatchEvent(new Event("carte-rendue"));  // js/dsfr-later.js starts DSFR's script
        if (!background) { return; }
        var codes = {};
        geo.features.forEach(function (f) { codes[f.properties.code] = true; });
        background.then(function (bg) {
          fond.draw(map, bg, { texts: fondTexts, insets: insets, zoneCodes: codes, legend: legend });
          root.setAttribute("data-fond-pret", "1");
        });
      });
    });
  });
  map.on("click", "zones-fond", function (e) {
    if (e.features && e.features.length) { choose(e.features[0].properties.code, false); }
  });
  map.on("mouseenter", "zones-fond", function () { map.getCanvas().style.cursor = "pointer"; });
  map.on("mouseleave", "zones-fond", function () { map.getCanvas().style.cursor = ""; });
  select.addEventListener("change", function () {
    if (map.getLayer("zones-fond")) {
      map.setPaintProperty("zones-fond", "fill-color", colourExpression(select.value));
    }
    drawLegend(select.value);
  });
  document.querySelectorAll("[data-voir]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      choose(btn.getAttribute("data-voir"), true);
      root.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  });
})();
