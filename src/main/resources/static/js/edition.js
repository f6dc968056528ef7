// The edition page: the send's progress bar, polled every 2 s while it runs, and the report's charts, drawn with
// ECharts from the tables below them (the tables stay as the readable, accessible form of the same figures).
(function () {
  'use strict';

  function duration(seconds) {
    if (seconds === null || seconds === undefined || seconds === '') {
      return '–';
    }
    var s = Number(seconds);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var rest = s % 60;
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return (h > 0 ? h + ':' + pad(m) : m) + ':' + pad(rest);
  }

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) {
      el.textContent = value;
    }
  }

  function showProgress(p) {
    var d = p.deliveries;
    document.getElementById('progress-bar').value = d.percent;
    text('p-done', d.done);
    text('p-total', d.total);
    text('p-percent', d.percent);
    text('p-rate', d.perSecond);
    text('p-left', duration(d.secondsLeft));
    text('p-sent', d.sent);
    text('p-failed', d.failed);
    text('p-deferred', d.deferred);
    text('p-skipped', d.skipped);
    text('p-scheduled', d.scheduled);
  }

  function poll(section) {
    fetch(section.dataset.url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (p) {
          showProgress(p);
          section.dataset.sending = String(p.sending);
        }
        if (!p || p.sending) {
          setTimeout(function () { poll(section); }, 2000);
        }
      })
      .catch(function () { setTimeout(function () { poll(section); }, 2000); });
  }

  function rows(tableId) {
    var table = document.getElementById(tableId);
    return table ? Array.prototype.slice.call(table.querySelectorAll('tbody tr')) : [];
  }

  function sectionsChart(el) {
    var data = rows(el.dataset.table);
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: [el.dataset.clicksLabel, el.dataset.ctrLabel], top: 0, type: 'scroll' },
      grid: { left: 12, right: 12, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.map(function (r) { return r.dataset.name; }),
        // each name wraps within its own column, so neighbours never run into each other on a phone
        axisLabel: { interval: 0, width: Math.max(56, (el.clientWidth - 110) / Math.max(1, data.length) - 8),
          overflow: 'break', lineHeight: 13, fontSize: el.clientWidth < 500 ? 10 : 12, margin: 10,
          verticalAlign: 'top' } },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', splitLine: { show: false } }],
      series: [
        { name: el.dataset.clicksLabel, type: 'bar', data: data.map(function (r) { return Number(r.dataset.clicks); }) },
        { name: el.dataset.ctrLabel, type: 'line', yAxisIndex: 1,
          data: data.map(function (r) { return Number(r.dataset.ctr); }) }
      ]
    });
    return chart;
  }

  function storiesChart(el) {
    var data = rows(el.dataset.table).reverse(); // most clicked on top
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, top: 16, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: data.map(function (r) { return r.dataset.name; }),
        axisLabel: { width: el.clientWidth < 500 ? 120 : 260, overflow: 'truncate' } },
      series: [{ name: el.dataset.clicksLabel, type: 'bar',
        data: data.map(function (r) { return Number(r.dataset.clicks); }) }]
    });
    return chart;
  }

  function growthChart(el) {
    var data = rows(el.dataset.table);
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: [el.dataset.joinedLabel, el.dataset.leftLabel, el.dataset.activeLabel], top: 0, type: 'scroll' },
      grid: { left: 12, right: 12, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.map(function (r) { return r.dataset.week; }) },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', minInterval: 1, splitLine: { show: false } }],
      series: [
        { name: el.dataset.joinedLabel, type: 'bar', data: data.map(function (r) { return Number(r.dataset.joined); }) },
        { name: el.dataset.leftLabel, type: 'bar', data: data.map(function (r) { return Number(r.dataset.left); }) },
        { name: el.dataset.activeLabel, type: 'line', yAxisIndex: 1,
          data: data.map(function (r) { return Number(r.dataset.active); }) }
      ]
    });
    return chart;
  }

  function clickThroughChart(el) {
    var data = rows(el.dataset.table);
    var names = data.length ? Array.prototype.map.call(data[0].querySelectorAll('td[data-section]'),
      function (td) { return td.dataset.section; }) : [];
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: names, top: 0, type: 'scroll' },
      grid: { left: 12, right: 12, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.map(function (r) { return r.dataset.week; }) },
      yAxis: { type: 'value' },
      series: names.map(function (name, i) {
        return { name: name, type: 'line', connectNulls: true, data: data.map(function (r) {
          var v = r.querySelectorAll('td[data-section]')[i].dataset.value;
          return v === '' ? null : Number(v);
        }) };
      })
    });
    return chart;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var section = document.getElementById('progress');
    if (section) {
      var left = document.getElementById('p-left');
      left.textContent = duration(left.dataset.seconds);
      if (section.dataset.sending === 'true') {
        setTimeout(function () { poll(section); }, 2000);
      }
    }
    if (typeof echarts === 'undefined') {
      return;
    }
    var charts = [];
    var s = document.getElementById('chart-sections');
    if (s) {
      charts.push(sectionsChart(s));
    }
    var t = document.getElementById('chart-stories');
    if (t) {
      charts.push(storiesChart(t));
    }
    [['chart-growth', growthChart], ['chart-ctr', clickThroughChart], ['chart-sources', storiesChart]]
      .forEach(function (pair) {
        var el = document.getElementById(pair[0]);
        if (el) {
          charts.push(pair[1](el));
        }
      });
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  });
}());
