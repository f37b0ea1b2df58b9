/* The supervision dashboard's charts (ECharts, vendored): each chart's data comes from the page (json_script); a
   click on a bar, slice or point opens the list the item stands for (the same filter as the table's link).
   Each chart is drawn into the width of its box and redrawn when the box changes (a phone turned, a window
   resized), with its axis labels kept inside: nothing is wider than the screen. */
(function () {
  "use strict";
  var NARROW = 480;

  function shorten(label, max) {
    label = String(label);
    return label.length > max ? label.slice(0, max - 1) + "…" : label;
  }

  function option(chart, width) {
    var narrow = width < NARROW;
    if (chart.kind === "pie") {
      return {animation: false, tooltip: {trigger: "item", confine: true},
        series: [{type: "pie", radius: narrow ? "55%" : "65%", center: ["50%", "50%"],
          label: {width: narrow ? 90 : 140, overflow: "truncate"},
          data: chart.labels.map(function (label, i) { return {name: label, value: chart.values[i]}; })}]};
    }
    var many = chart.labels.length > (narrow ? 3 : 6);
    return {animation: false, tooltip: {trigger: "axis", confine: true},
      grid: {left: 8, right: 12, bottom: 8, top: 16, containLabel: true},
      xAxis: {type: "category", data: chart.labels,
        axisLabel: {rotate: many ? (narrow ? 45 : 35) : 0, interval: 0, hideOverlap: true,
          formatter: function (value) { return shorten(value, narrow ? 8 : 14); }}},
      yAxis: {type: "value", minInterval: 1},
      series: [{type: chart.kind === "line" ? "line" : "bar", data: chart.values, showSymbol: true, symbolSize: 7}]};
  }

  function init() {
    var holder = document.getElementById("chart-data");
    if (!holder || !window.echarts) { return; }
    var charts = JSON.parse(holder.textContent);
    var period = new URLSearchParams(window.location.search);
    charts.forEach(function (chart) {
      var el = document.getElementById("chart-" + chart.key);
      if (!el) { return; }
      var instance = window.echarts.init(el, null, {renderer: "svg"});
      var drawnNarrow = el.clientWidth < NARROW;
      instance.setOption(option(chart, el.clientWidth));
      instance.on("click", function (params) {
        var link = chart.links[params.dataIndex];
        if (!link) { return; }
        var url = new URL(link, window.location.origin);
        if (url.pathname.indexOf("/cases/") !== -1) {
          ["from", "to"].forEach(function (k) { if (period.get(k)) { url.searchParams.set(k, period.get(k)); } });
        }
        window.location.href = url.pathname + url.search;
      });
      function resize() {
        var narrow = el.clientWidth < NARROW;
        if (narrow !== drawnNarrow) {
          drawnNarrow = narrow;
          instance.setOption(option(chart, el.clientWidth), true);
        }
        instance.resize();
      }
      if (window.ResizeObserver) {
        new window.ResizeObserver(resize).observe(el);
      } else {
        window.addEventListener("resize", resize);
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
