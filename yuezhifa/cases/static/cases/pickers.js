/* 办案 forms: the pickers (docs/decisions/0048). A search box under an input asks the server (htmx) for options;
   choosing one fills the plain inputs, which are posted and validated as if typed. Without script the search boxes
   stay hidden and the inputs are typed by hand. Loaded once even when several pickers include it. */
(function () {
  "use strict";
  if (window.yzfPickers) { return; }
  window.yzfPickers = true;

  var PARTY_KEYS = ["kind", "name", "credit_code", "legal_representative", "address", "phone"];

  function named(form, name) {
    return form.querySelector("[name=\"" + name.replace(/"/g, "") + "\"]");
  }

  function set(input, value) {
    if (!input) { return; }
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addLine(input, line) {
    if (!input) { return; }
    if (input.tagName !== "TEXTAREA") { set(input, line); return; }
    var lines = input.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
    if (lines.indexOf(line) < 0) { lines.push(line); }
    set(input, lines.join("\n"));
  }

  function close(picker, said) {
    var options = picker.querySelector(".picker-options");
    var search = picker.querySelector(".picker-search");
    if (options) { options.textContent = said || ""; }
    if (search) { search.value = ""; }
  }

  function choose(button) {
    var picker = button.closest(".picker");
    var form = button.closest("form");
    if (!picker || !form) { return; }
    var fill = JSON.parse(button.dataset.fill || "{}");
    var target = button.dataset.target;
    var kind = button.dataset.kind;
    var label = button.querySelector(".picker-option-label");
    var focus = null;
    if (kind === "party") {
      PARTY_KEYS.forEach(function (key) {
        var input = named(form, target + "__" + key);
        if (input && (key in fill || key !== "kind")) { set(input, fill[key] || ""); }
      });
      focus = named(form, target + "__name");
    } else if (kind === "law") {
      addLine(named(form, target), fill[""]);
      focus = picker.querySelector(".picker-search");
    } else if (kind === "officers") {
      var box = form.querySelector("input[type=checkbox][name=\"" + target + "\"][value=\"" + fill[""] + "\"]");
      if (box) { box.checked = true; box.dispatchEvent(new Event("change", { bubbles: true })); }
      focus = picker.querySelector(".picker-search");
    } else {
      focus = named(form, target);
      set(focus, fill[""]);
    }
    close(picker, label ? (picker.dataset.chosen || "") + label.textContent : "");
    if (focus) { focus.focus(); }
  }

  function move(from, step) {
    var picker = from.closest(".picker");
    var all = Array.prototype.slice.call(picker.querySelectorAll(".picker-option"));
    if (!all.length) { return; }
    var at = all.indexOf(from);
    var next = at < 0 ? (step > 0 ? 0 : all.length - 1) : at + step;
    if (next < 0) { picker.querySelector(".picker-search").focus(); return; }
    all[Math.min(next, all.length - 1)].focus();
  }

  function show(root) {
    root.querySelectorAll(".picker[hidden]").forEach(function (picker) {
      picker.hidden = false;
      if (picker.hasAttribute("data-picker-long")) {
        var group = picker.closest("fieldset");
        if (group) { group.classList.add("picker-collapsed"); }
      }
    });
  }

  document.addEventListener("click", function (event) {
    var option = event.target.closest(".picker-option");
    if (option) { event.preventDefault(); choose(option); return; }
    var all = event.target.closest("[data-picker-all]");
    if (all) {
      var group = all.closest("fieldset");
      if (group) { group.classList.toggle("picker-collapsed"); }
    }
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!el.closest || !el.closest(".picker")) { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(el, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Escape") {
      close(el.closest(".picker"));
      el.closest(".picker").querySelector(".picker-search").focus();
    } else if (event.key === "Enter" && el.classList.contains("picker-search")) {
      event.preventDefault();  /* never submits the act form; the first option is taken when there is one */
      var first = el.closest(".picker").querySelector(".picker-option");
      if (first) { choose(first); }
    }
  });

  document.addEventListener("DOMContentLoaded", function () { show(document); });
  document.addEventListener("htmx:load", function (event) { show(event.target); });
}());
