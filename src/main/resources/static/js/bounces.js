// The bounce rates page: one line chart per rate, drawn with ECharts from the table below them (as the edition and
// trends pages do), each with the provider's line (bounces 2 %, complaints 0.3 %) marked across it.
(function () {
  'use strict';

  // the smallest of 1, 2, 2.5, 5 times a power of ten at or above v, so the axis ends on a round figure
  function niceCeil(v) {
    var power = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * power >= v - 1e-9) {
        return steps[i] * power;
      }
    }
    return 10 * power;
  }

  function rateChart(el) {
    var rows = Array.prototype.slice.call(document.querySelectorAll('#' + el.dataset.table + ' tbody tr'));
    var field = el.dataset.field;
    var line = Number(el.dataset.line);
    var values = rows.map(function (r) { return Number(r.dataset[field]); });
    // the provider's line always shows, with room above it
    var top = niceCeil(Math.max(line * 1.5, Math.max.apply(null, values.concat([0])) * 1.1));
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      title: { text: el.dataset.label, left: 8, top: 4, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v.toFixed(2) + ' %'; } },
      grid: { left: 12, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map(function (r) { return r.dataset.week; }),
        axisLabel: { fontSize: el.clientWidth < 500 ? 10 : 12 } },
      yAxis: { type: 'value', min: 0, max: top,
        axisLabel: { formatter: function (v) { return v + ' %'; } } },
      series: [{
        name: el.dataset.label, type: 'line', data: values, symbolSize: 7,
        markLine: { symbol: 'none', silent: true, lineStyle: { color: '#b91c1c', type: 'dashed' },
          label: { formatter: el.dataset.lineLabel, position: 'insideEndTop', color: '#b91c1c' },
          data: [{ yAxis: line }] }
      }]
    });
    return chart;
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (typeof echarts === 'undefined') {
      return;
    }
    var charts = ['chart-bounce-rate', 'chart-complaint-rate'].map(function (id) {
      var el = document.getElementById(id);
      return el ? rateChart(el) : null;
    }).filter(function (c) { return c !== null; });
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  });
}());
