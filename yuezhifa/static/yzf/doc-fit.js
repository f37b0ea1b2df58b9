// Document previews (办案 documents and the document library's samples): the document is drawn inside its frame as a
// sheet of its real size (A4: 210 mm). On a screen narrower than the sheet, the frame is laid out at the sheet's width
// and scaled down to the width of the screen (CSS transform), so the whole page is seen at once and nothing scrolls
// sideways; at a desk it stays at its real size. Without script the frame keeps its own scroll bars.
(function () {
  "use strict";
  var SHEET = 840; // CSS px: an A4 sheet (210 mm = 794 px) with the preview's grey margins around it

  function fit(box) {
    var frame = box.querySelector("iframe");
    if (!frame) { return; }
    var sheet = parseFloat(box.getAttribute("data-sheet-width")) || SHEET;
    var width = box.clientWidth;
    if (!width || width >= sheet) {
      box.classList.remove("doc-fit-scaled");
      frame.style.width = frame.style.height = frame.style.transform = box.style.height = "";
      return;
    }
    var scale = width / sheet;
    var shown = Math.round(window.innerHeight * 0.75);
    box.classList.add("doc-fit-scaled");
    frame.style.width = sheet + "px";
    frame.style.height = Math.round(shown / scale) + "px";
    frame.style.transform = "scale(" + scale.toFixed(4) + ")";
    box.style.height = shown + "px";
  }

  function fitAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".doc-fit"), fit);
  }

  window.addEventListener("resize", fitAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fitAll);
  } else {
    fitAll();
  }
}());
