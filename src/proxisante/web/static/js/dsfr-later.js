// DSFR's script (header menu, tables, modals) on the map pages, started once the first map is on
// screen: its start-up measures and lays out the whole page (seconds of main thread on a slow
// phone), which would otherwise come between MapLibre's start and the first map. It starts at
// once on the first interaction (a tap, a key, a focus), when the page has no map (MapLibre
// missing, no WebGL), and after 10 s at most (data that never comes). A tap on a DSFR control
// (the phone menu, a disclosure) made before the script has started is replayed once DSFR has
// taken the control over, so the first tap opens the menu.
(function () {
  "use strict";
  var script = document.currentScript;
  var src = script && script.dataset.dsfr;
  if (!src) { return; }
  var started = false;
  var ready = false;
  var pending = null;
  var events = ["pointerdown", "keydown", "focusin", "touchstart"];
  function managed(el) {
    return Array.prototype.some.call(el.attributes, function (a) {
      return a.name.indexOf("data-fr-js-") === 0;
    });
  }
  function replay() {
    ready = true;
    var el = pending;
    pending = null;
    if (!el) { return; }
    var tries = 0;
    (function wait() {
      if (managed(el)) { el.click(); return; }
      if (++tries < 60) { setTimeout(wait, 50); }
    })();
  }
  document.addEventListener("click", function (e) {
    if (ready || !e.target || !e.target.closest) { return; }
    var control = e.target.closest("[aria-controls]");
    if (control && !managed(control)) { pending = control; }
  }, true);
  function start() {
    if (started) { return; }
    started = true;
    events.forEach(function (e) { document.removeEventListener(e, start, true); });
    document.documentElement.classList.remove("polices-apres-carte");
    import(src).then(replay, replay);
  }
  events.forEach(function (e) { document.addEventListener(e, start, { capture: true, passive: true }); });
  var root = document.getElementById("carte");
  // map.js ran before this script (both deferred, in document order) and left its map on the
  // element, unless it could not make one.
  if (!root || !root.carte || root.hasAttribute("data-idle")) { start(); return; }
  root.addEventListener("carte-rendue", start, { once: true });
  setTimeout(start, 10000);
})();
