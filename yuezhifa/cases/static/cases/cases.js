/* 办案 pages: the device's position for on-site acts, and the "now" button of 实施时间. No framework, no network. */
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  function localNow() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" +
      pad(d.getMinutes());
  }

  function locate(form) {
    var status = form.querySelector("[data-geo-status]");
    var lat = form.querySelector("input[name=latitude]");
    var lng = form.querySelector("input[name=longitude]");
    function say(text) { if (status) { status.textContent = text; } }
    if (!lat || !lng) { return; }
    if (!("geolocation" in navigator)) { say(status.dataset.unavailable); return; }
    say(status.dataset.locating);
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lng.value = pos.coords.longitude.toFixed(6);
      say(status.dataset.located.replace("%(lat)s", lat.value).replace("%(lng)s", lng.value)
        .replace("%(accuracy)s", Math.round(pos.coords.accuracy)));
    }, function () {
      lat.value = ""; lng.value = "";
      say(status.dataset.failed);
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-geo]").forEach(locate);
    document.querySelectorAll("[data-now-for]").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.getElementById(button.dataset.nowFor);
        if (input) { input.value = localNow(); }
      });
    });
    document.querySelectorAll("[data-geo-retry]").forEach(function (button) {
      button.addEventListener("click", function () { locate(button.closest("form")); });
    });
    /* 登记案源: each procedure opens with its own fields; choosing another procedure reloads its form. */
    document.querySelectorAll("form[data-procedure-switch] select[name=procedure]").forEach(function (select) {
      var shown = select.value;
      select.addEventListener("change", function () {
        if (select.value && select.value !== shown) {
          /* keep the case it is opened from (关联案件) across the reload */
          var params = new URLSearchParams(window.location.search);
          params.set("procedure", select.value);
          window.location.search = "?" + params.toString();
        }
      });
    });
    /* One submission per form: a double tap on a slow phone network must not post the act twice (the second
       would be refused as stale anyway, but the officer would see a conflict for nothing). */
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) {
          b.setAttribute("aria-busy", "true"); b.disabled = true;
        });
      });
    });
  });
})();
