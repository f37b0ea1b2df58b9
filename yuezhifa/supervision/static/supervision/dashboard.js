/* The supervision dashboard's charts (ECharts, vendored): each chart's data comes from the page (json_script); a
   click on a bar, slice or point opens the list the item stands for (the same filter as the table's link). */
(function () {
  "use strict";
  function init() {
    var holder = document.getElementById("chart-data");
    if (!holder || !window.echarts) { return; }
    var charts = JSON.parse(holder.textContent);
    var period = new URLSearchParams(window.location.search);
    charts.forEach(function (chart) {
      var el = document.getElementById("chart-" + chart.key);
      if (!el) { return; }
      var instance = window.echarts.init(el, null, {renderer: "svg"});
      var option;
      if (chart.kind === "pie") {
        option = {tooltip: {trigger: "item"}, series: [{type: "pie", radius: "65%",
          data: chart.labels.map(function (label, i) { return {name: label, value: chart.values[i]}; })}]};
      } else {
        option = {tooltip: {trigger: "axis"}, grid: {left: 48, right: 16, bottom: 72, top: 16},
          xAxis: {type: "category", data: chart.labels, axisLabel: {rotate: chart.labels.length > 6 ? 35 : 0, interval: 0}},
          yAxis: {type: "value", minInterval: 1},
          series: [{type: chart.kind === "line" ? "line" : "bar", data: chart.values}]};
      }
      instance.setOption(option);
      instance.on("click", function (params) {
        var link = chart.links[params.dataIndex];
        if (!link) { return; }
        var url = new URL(link, window.location.origin);
        if (url.pathname.indexOf("/cases/") !== -1) {
          ["from", "to"].forEach(function (k) { if (period.get(k)) { url.searchParams.set(k, period.get(k)); } });
        }
        window.location.href = url.pathname + url.search;
      });
      window.addEventListener("resize", function () { instance.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
