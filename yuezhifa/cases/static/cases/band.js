// 裁量试算 (docs/decisions/0047): when a circumstance is ticked or an amount typed on an act form, ask the band panel
// (cases/_band.html, an htmx element) to recompute. No inline script: CSP script-src 'self'.
(function () {
  "use strict";
  var timer = null;
  function recompute() {
    var panel = document.getElementById("band-panel");
    if (panel && window.htmx) { window.htmx.trigger(panel, "band-recompute"); }
  }
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || !target.matches || !target.matches("[data-band-input]")) { return; }
    clearTimeout(timer);
    timer = setTimeout(recompute, target.type === "checkbox" ? 0 : 350);
  });
})();
