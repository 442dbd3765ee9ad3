// Suggestions while typing a territory or commune name: fills the <datalist> of every input
// with data-suggest="URL" from the JSON endpoint (accents and case ignored by the server).
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) { return; }
        last = q;
        var url = input.dataset.suggest + (input.dataset.suggest.indexOf("?") < 0 ? "?" : "&") +
          "q=" + encodeURIComponent(q);
        fetch(url).then(function (r) { return r.ok ? r.json() : { results: [] }; }).then(function (body) {
          list.replaceChildren();
          body.results.forEach(function (item) {
            var opt = document.createElement("option");
            // data-suggest-code: « Name (code) », which the server resolves without ambiguity.
            opt.value = input.dataset.suggestCode ? item.name + " (" + item.code + ")" : item.name;
            opt.label = item.label;
            list.appendChild(opt);
          });
        });
      }, 150);
    });
  });
})();
