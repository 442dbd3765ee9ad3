// The background of the public maps, drawn by the app from its own data (no tile server, no
// third-party host): roads, département outlines, a commune's neighbours, place names, overseas
// insets, a scale and a reset button. Used by map.js as window.ProxiSanteFond.
//
// Place names are HTML labels laid over the map, not a MapLibre symbol layer: symbol layers
// need glyphs (signed-distance-field PBFs) from a glyph server or generated at build time, and
// the few dozen names of a map do not justify either. The labels use the page's own font
// (Marianne, already loaded), stay sharp, and cost no byte beyond their names.
(function () {
  "use strict";

  // Overseas départements: where each is drawn, as an inset west of metropolitan France, in
  // Web-Mercator units of degrees (x = longitude, y = Mercator latitude in degrees).
  var INSET_ORDER = ["dep:971", "dep:972", "dep:973", "dep:974", "dep:976"];
  var INSET_X = [-10.9, -6.6];
  var INSET_TOP = 59.8;
  var INSET_H = 2.56;
  var INSET_GAP = 0.4;
  var INSET_MARGIN = 0.25;
  var DEG = 180 / Math.PI;

  function mercY(lat) { return DEG * Math.log(Math.tan(Math.PI / 4 + lat / DEG / 2)); }
  function latOf(y) { return DEG * (2 * Math.atan(Math.exp(y / DEG)) - Math.PI / 2); }

  // The overseas département of a feature code ("dep:971", a commune "97101"), else null.
  function overseasOf(code, dep) {
    if (dep && INSET_ORDER.indexOf(dep) >= 0) { return dep; }
    if (!code) { return null; }
    if (INSET_ORDER.indexOf(code) >= 0) { return code; }
    var m = /^(97[1-6])\d\d$/.exec(code);
    return m && INSET_ORDER.indexOf("dep:" + m[1]) >= 0 ? "dep:" + m[1] : null;
  }

  function walk(coords, fn) {
    if (typeof coords[0] === "number") { return fn(coords); }
    return coords.map(function (c) { return walk(c, fn); });
  }

  // A map of France (its bounds hold the metropole) gets the overseas insets.
  function wantsInsets(bounds) {
    return bounds[0][0] <= -4.5 && bounds[1][0] >= 7.5 && bounds[0][1] <= 43 && bounds[1][1] >= 50;
  }

  // The bounds of a map with its insets column.
  function insetBounds(bounds) {
    var bottom = INSET_TOP - INSET_ORDER.length * INSET_H - (INSET_ORDER.length - 1) * INSET_GAP;
    return [[Math.min(bounds[0][0], INSET_X[0]), Math.min(bounds[0][1], latOf(bottom))],
            [bounds[1][0], Math.max(bounds[1][1], latOf(INSET_TOP))]];
  }

  // Moves the overseas features of `geo` (zones, in place) into their insets when the map also
  // shows the metropole; returns the insets (box, name, transform) or null.
  function insets(geo) {
    var boxes = {};
    var metro = false;
    geo.features.forEach(function (f) {
      var dep = overseasOf(f.properties.code);
      if (!dep) { metro = true; return; }
      var b = boxes[dep] || (boxes[dep] = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity, name: null });
      walk(f.geometry.coordinates, function (c) {
        var y = mercY(c[1]);
        b.x0 = Math.min(b.x0, c[0]); b.x1 = Math.max(b.x1, c[0]);
        b.y0 = Math.min(b.y0, y); b.y1 = Math.max(b.y1, y);
      });
      if (f.properties.code === dep) { b.name = f.properties.name; }
    });
    if (!metro || !Object.keys(boxes).length) { return null; }
    var out = { list: [], byDep: {} };
    INSET_ORDER.forEach(function (dep, i) {
      var src = boxes[dep];
      if (!src) { return; }
      var top = INSET_TOP - i * (INSET_H + INSET_GAP);
      var box = { x0: INSET_X[0], x1: INSET_X[1], y0: top - INSET_H, y1: top };
      var s = Math.min((box.x1 - box.x0 - 2 * INSET_MARGIN) / Math.max(src.x1 - src.x0, 1e-6),
                       (box.y1 - box.y0 - 2 * INSET_MARGIN) / Math.max(src.y1 - src.y0, 1e-6));
      var cx = (src.x0 + src.x1) / 2, cy = (src.y0 + src.y1) / 2;
      var tx = (box.x0 + box.x1) / 2, ty = (box.y0 + box.y1) / 2;
      var inset = {
        dep: dep,
        name: src.name || dep,
        box: [[box.x0, latOf(box.y0)], [box.x1, latOf(box.y1)]],
        titleAt: [box.x0 + 0.15, latOf(box.y1 - 0.4)],
        move: function (c) { return [tx + (c[0] - cx) * s, latOf(ty + (mercY(c[1]) - cy) * s)]; }
      };
      out.list.push(inset);
      out.byDep[dep] = inset;
    });
    geo.features.forEach(function (f) {
      var inset = out.byDep[overseasOf(f.properties.code)];
      if (inset) { f.geometry.coordinates = walk(f.geometry.coordinates, inset.move); }
    });
    return out;
  }

  function insetFrames(ins) {
    return { type: "FeatureCollection", features: ins.list.map(function (i) {
      var a = i.box[0], b = i.box[1];
      return { type: "Feature", properties: { dep: i.dep, name: i.name }, geometry: {
        type: "LineString", coordinates: [[a[0], a[1]], [b[0], a[1]], [b[0], b[1]], [a[0], b[1]], [a[0], a[1]]] } };
    }) };
  }

  // MapLibre's own words (controls, cooperative gestures) in the page's language.
  function locale(texts) {
    var out = {};
    Object.keys(texts || {}).forEach(function (k) { if (k.indexOf(".") > 0) { out[k] = texts[k]; } });
    return out;
  }

  // A button of the map's control bar that brings the map back to its opening view.
  function ResetControl(bounds, label) {
    this._bounds = bounds;
    this._label = label;
  }
  ResetControl.prototype.onAdd = function (map) {
    var self = this;
    var box = document.createElement("div");
    box.className = "maplibregl-ctrl maplibregl-ctrl-group";
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "ps-map-reset";
    btn.title = this._label;
    btn.setAttribute("aria-label", this._label);
    var svgNS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(svgNS, "path");
    // Four corners of a frame around a dot: "back to the whole view".
    path.setAttribute("d", "M3 9V3h6v2H5v4H3zm12-6h6v6h-2V5h-4V3zM5 15v4h4v2H3v-6h2zm14 0h2v6h-6v-2h4v-4zM12 10a2 2 0 1 1 0 4 2 2 0 0 1 0-4z");
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    btn.appendChild(svg);
    btn.addEventListener("click", function () {
      map.fitBounds(self._bounds, { padding: 20, duration: 300 });
    });
    box.appendChild(btn);
    this._box = box;
    return box;
  };
  ResetControl.prototype.onRemove = function () { this._box.remove(); };

  // Place names: HTML labels over the map; the largest places that fit the view without
  // overlapping, the area's own places first. Hidden from assistive technologies (the table
  // names every zone).
  function Labels(map, items) {
    this.map = map;
    this.items = items;
    this.layer = document.createElement("div");
    this.layer.className = "ps-labels";
    this.layer.setAttribute("aria-hidden", "true");
    map.getCanvasContainer().appendChild(this.layer);
    var self = this;
    items.forEach(function (it) {
      var el = document.createElement("span");
      el.className = "ps-label" + (it.inside ? " ps-label--in" : "") + (it.title ? " ps-label--title" : "");
      el.textContent = it.name;
      el.hidden = true;
      it.el = el;
      self.layer.appendChild(el);
    });
    this.place = this.place.bind(this);
    this.choose = this.choose.bind(this);
    map.on("move", this.place);
    map.on("moveend", this.choose);
    map.on("resize", this.choose);
    this.choose();
  }
  Labels.prototype.place = function () {
    var map = this.map;
    this.items.forEach(function (it) {
      if (it.el.hidden) { return; }
      var p = map.project(it.at);
      it.el.style.transform = "translate(" + Math.round(p.x) + "px," + Math.round(p.y) + "px)";
    });
  };
  Labels.prototype.choose = function () {
    var map = this.map;
    var canvas = map.getCanvas();
    var w = canvas.clientWidth, h = canvas.clientHeight;
    var most = Math.max(4, Math.min(30, Math.round(w * h / 22000)));
    var taken = [];
    var shown = 0;
    this.items.forEach(function (it) {
      var p = map.project(it.at);
      var ok = shown < most || it.title;
      var box = null;
      if (ok) {
        if (!it.size) {
          it.el.hidden = false;
          it.size = [it.el.offsetWidth, it.el.offsetHeight];
        }
        // The label's box: the dot at the point, the name to its right.
        box = [p.x - 4, p.y - it.size[1] / 2, p.x + it.size[0] + 2, p.y + it.size[1] / 2];
        ok = box[0] >= 0 && box[1] >= 0 && box[2] <= w && box[3] <= h;
      }
      if (ok) {
        ok = !taken.some(function (t) {
          return box[0] < t[2] && box[2] > t[0] && box[1] < t[3] && box[3] > t[1];
        });
      }
      it.el.hidden = !ok;
      if (ok) {
        taken.push(box);
        if (!it.title) { shown += 1; }
        it.el.style.transform = "translate(" + Math.round(p.x) + "px," + Math.round(p.y) + "px)";
      }
    });
  };

  function line(colour, width) {
    var b = document.createElement("span");
    b.className = "ps-swatch ps-swatch--line";
    b.style.borderTopColor = colour;
    b.style.borderTopWidth = width + "px";
    b.setAttribute("aria-hidden", "true");
    return b;
  }

  function legendItem(ul, mark, label) {
    var li = document.createElement("li");
    li.appendChild(mark);
    li.appendChild(document.createTextNode(" " + label));
    ul.appendChild(li);
  }

  // The legend of the background, after the indicator's legend.
  function drawLegend(after, texts, has) {
    var box = document.getElementById("legende-fond");
    if (!box) {
      box = document.createElement("div");
      box.id = "legende-fond";
      box.className = "fr-mt-2w";
      after.parentNode.insertBefore(box, after.nextSibling);
    }
    box.replaceChildren();
    var title = document.createElement("p");
    title.className = "fr-text--sm fr-mb-1v";
    title.textContent = texts.background;
    box.appendChild(title);
    var ul = document.createElement("ul");
    ul.className = "ps-legend";
    if (has.A) { legendItem(ul, line(STYLE.motorway, 4), texts.motorway); }
    if (has.N) { legendItem(ul, line(STYLE.national, 2), texts.national_road); }
    if (has.dep) {
      var d = line(STYLE.department, 2);
      d.classList.add("ps-swatch--dashed");
      legendItem(ul, d, texts.department);
    }
    if (has.voisin) {
      var v = document.createElement("span");
      v.className = "ps-swatch ps-swatch--neighbour";
      v.setAttribute("aria-hidden", "true");
      legendItem(ul, v, texts.neighbours);
    }
    if (has.insets) {
      var f = document.createElement("span");
      f.className = "ps-swatch ps-swatch--inset";
      f.setAttribute("aria-hidden", "true");
      legendItem(ul, f, texts.overseas);
    }
    box.appendChild(ul);
  }

  var STYLE = {
    motorway: "#5e2c04", national: "#5e2c04", casing: "#ffffff", department: "#161616",
    neighbourFill: "#ffffff", neighbourLine: "#666666", inset: "#3a3a3a"
  };

  // Adds the background layers and the place names once `fond` (GeoJSON) and the zones are on
  // the map; `zoneCodes`: the codes of the map's own zones (their names come first).
  function draw(map, fond, opts) {
    var texts = opts.texts || {};
    var ins = opts.insets;
    var has = { A: false, N: false, dep: false, voisin: false, insets: !!ins };
    var lines = [], neighbours = [], places = [];
    fond.features.forEach(function (f) {
      var k = f.properties.k;
      if (k === "route") { has[f.properties.kind] = true; lines.push(f); }
      else if (k === "dep") { has.dep = true; lines.push(f); }
      else if (k === "voisin") { has.voisin = true; neighbours.push(f); }
      else if (k === "lieu") { places.push(f); }
    });
    var first = map.getLayer("zones-fond") ? "zones-fond" : undefined;
    if (neighbours.length) {
      map.addSource("voisins", { type: "geojson", data: { type: "FeatureCollection", features: neighbours } });
      map.addLayer({ id: "voisins-fond", type: "fill", source: "voisins",
        paint: { "fill-color": STYLE.neighbourFill, "fill-opacity": 0.9 } }, first);
      map.addLayer({ id: "voisins-bord", type: "line", source: "voisins",
        paint: { "line-color": STYLE.neighbourLine, "line-width": 1 } }, first);
    }
    map.addSource("fond", { type: "geojson", data: { type: "FeatureCollection", features: lines } });
    map.addLayer({ id: "fond-departements", type: "line", source: "fond", filter: ["==", ["get", "k"], "dep"],
      paint: { "line-color": STYLE.department, "line-width": 1.6, "line-dasharray": [3, 1.5], "line-opacity": 0.85 } });
    map.addLayer({ id: "fond-routes-bord", type: "line", source: "fond", filter: ["==", ["get", "k"], "route"],
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": STYLE.casing, "line-opacity": 0.8,
        "line-width": ["interpolate", ["linear"], ["zoom"],
          5, ["match", ["get", "kind"], "A", 2.5, 1.5], 10, ["match", ["get", "kind"], "A", 5, 3.5]] } });
    map.addLayer({ id: "fond-routes", type: "line", source: "fond", filter: ["==", ["get", "k"], "route"],
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": ["match", ["get", "kind"], "A", STYLE.motorway, STYLE.national], "line-opacity": 0.85,
        "line-width": ["interpolate", ["linear"], ["zoom"],
          5, ["match", ["get", "kind"], "A", 1.4, 0.6], 10, ["match", ["get", "kind"], "A", 3, 1.5]] } });
    if (ins) {
      map.addSource("encarts", { type: "geojson", data: insetFrames(ins) });
      map.addLayer({ id: "encarts-cadre", type: "line", source: "encarts",
        paint: { "line-color": STYLE.inset, "line-width": 1 } });
    }
    // Place names: inset titles first, then the area's own places, then by population.
    var codes = opts.zoneCodes || {};
    var items = [];
    if (ins) {
      ins.list.forEach(function (i) {
        items.push({ name: i.name, at: i.titleAt, title: true, inside: true, rank: -1, pop: 0 });
      });
    }
    places.forEach(function (f) {
      var p = f.properties;
      if (ins && overseasOf(p.code, p.dep)) { return; }  // the inset's title names it
      items.push({ name: p.name, at: f.geometry.coordinates, inside: !!codes[p.code], title: false,
        rank: codes[p.code] ? 0 : 1, pop: p.population || 0 });
    });
    items.sort(function (a, b) { return a.rank - b.rank || b.pop - a.pop; });
    var labels = new Labels(map, items);
    if (opts.legend) { drawLegend(opts.legend, texts, has); }
    return labels;
  }

  // The scale bar measures the metropole: hidden while the view is on an inset (each inset
  // has its own scale).
  function watchScale(map, ins) {
    function check() {
      var c = map.getCenter();
      var onInset = ins.list.some(function (i) {
        return c.lng >= i.box[0][0] && c.lng <= i.box[1][0] && c.lat >= i.box[0][1] && c.lat <= i.box[1][1];
      });
      var scale = map.getContainer().querySelector(".maplibregl-ctrl-scale");
      if (scale) { scale.style.display = onInset ? "none" : ""; }
    }
    map.on("moveend", check);
    check();
  }

  window.ProxiSanteFond = {
    watchScale: watchScale,
    wantsInsets: wantsInsets,
    insetBounds: insetBounds,
    insets: insets,
    locale: locale,
    ResetControl: ResetControl,
    draw: draw
  };
})();
