// Draws the incident report's charts from the page's JSON data block with Apache ECharts (inlined before this
// script). Every string in the data may come from an attacker: nothing here builds HTML. Texts reach the page
// only through ECharts' canvas (axis labels, and tooltips in renderMode 'richText').
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('incident-data').textContent);
  var charts = [];
  var tooltip = { renderMode: 'richText', confine: true };

  function timeline(el) {
    var t = data.timeline;
    var kinds = ['events', 'errors', 'writes', 'detections'];
    var colors = { events: '#4c78a8', errors: '#e45756', writes: '#f58518', detections: '#b279a2' };
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      legend: { top: 0, data: kinds },
      grid: { left: 56, right: 24, top: 36, bottom: 72 },
      tooltip: Object.assign({ trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: function (items) {
          var lines = [items.length ? items[0].name + ' UTC' : ''];
          items.forEach(function (p) { lines.push(p.seriesName + ': ' + p.value); });
          return lines.join('\n');
        } }, tooltip),
      xAxis: { type: 'category', data: t.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1, name: 'per ' + data.bucketWidth },
      dataZoom: [{ type: 'slider', bottom: 16 }, { type: 'inside' }],
      series: kinds.map(function (k) {
        return { name: k, type: k === 'events' ? 'bar' : 'line', data: t[k], showSymbol: false,
          color: colors[k], barMaxWidth: 24 };
      })
    });
    return chart;
  }

  function heatmap(el) {
    var h = data.heatmap;
    el.style.height = Math.max(240, 140 + 26 * h.regions.length) + 'px';
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      grid: { left: 170, right: 24, top: 12, bottom: 120 },
      tooltip: Object.assign({ position: 'top',
        formatter: function (p) {
          return h.regions[p.value[1]] + '\n' + h.labels[p.value[0]] + ' UTC\n' + p.value[2] + ' events';
        } }, tooltip),
      xAxis: { type: 'category', data: h.labels, splitArea: { show: true }, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'category', data: h.regions, splitArea: { show: true },
        axisLabel: { width: 150, overflow: 'truncate' } },
      visualMap: { min: 0, max: Math.max(1, h.max), calculable: true, orient: 'horizontal', left: 'center',
        bottom: 4, itemHeight: 160, itemWidth: 14, inRange: { color: ['#f0f6ff', '#4c78a8', '#b4003c'] } },
      dataZoom: [{ type: 'slider', bottom: 64, height: 18 }, { type: 'inside' }],
      series: [{ name: 'events', type: 'heatmap', data: h.cells, emphasis: { itemStyle: { borderColor: '#1b1f24' } } }]
    });
    return chart;
  }

  var el = document.getElementById('timeline-chart');
  if (el) {
    charts.push(timeline(el));
  }
  el = document.getElementById('region-chart');
  if (el) {
    charts.push(heatmap(el));
  }
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
