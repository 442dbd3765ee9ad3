// PNG export of the territory page's map: the canvas is read inside a "render" event (the
// WebGL drawing buffer is still there; no preserveDrawingBuffer needed), then downloaded.
(function () {
  "use strict";
  var button = document.getElementById("export-carte");
  var root = document.getElementById("carte");
  if (!button || !root) { return; }

  function exportPng(map, fileName) {
    map.once("render", function () {
      var link = document.createElement("a");
      link.href = map.getCanvas().toDataURL("image/png");
      link.download = fileName;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    map.triggerRepaint();
  }

  function ready() {
    if (!root.carte) { return false; }
    button.disabled = false;
    button.addEventListener("click", function () { exportPng(root.carte, button.dataset.file); });
    return true;
  }
  if (!ready()) { window.addEventListener("load", ready, { once: true }); }
})();
