// Batch work in the approval queues (docs/decisions/0049): 全选 and the count of chosen items.
(function () {
  "use strict";
  document.querySelectorAll("form[data-batch]").forEach(function (form) {
    var all = form.querySelector("[data-select-all]");
    var count = form.querySelector("[data-selected-count]");
    var boxes = function () { return Array.prototype.slice.call(form.querySelectorAll('input[name="ids"]')); };
    var update = function () {
      var chosen = boxes().filter(function (b) { return b.checked; }).length;
      if (count) { count.textContent = chosen ? "已选 " + chosen + " 件" : ""; }
      if (all) { all.checked = chosen > 0 && chosen === boxes().length; }
    };
    if (all) {
      all.addEventListener("change", function () {
        boxes().forEach(function (b) { b.checked = all.checked; });
        update();
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "ids") { update(); }
    });
    update();
  });
})();
