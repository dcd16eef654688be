// venice-sim report: hand-written SVG swimlanes, no third-party code (docs/report.md).
// Only what is inside the visible time window is drawn, at most one mark of a kind per pixel
// column, so a run of millions of events pans and zooms as quickly as a small one.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var LABEL = 250, RIGHT = 14, AXIS = 26, ROW = 22, LANE = 50;
  var end = Math.max(1, data.endMs);
  var view = { from: 0, to: end };
  var container = document.getElementById('timeline');
  var tooltip = document.getElementById('tooltip');
  var detail = document.getElementById('detail');
  var windowLabel = document.getElementById('window');

  function segments(changes, initial, firstMs) {
    var result = [], state = initial, start = firstMs, line = -1;
    for (var i = 0; i < changes.length; i++) {
      var c = changes[i];
      if (c[0] > start) result.push([start, c[0], state, line]);
      state = c[1]; start = c[0]; line = c[2];
    }
    result.push([start, end, state, line]);
    return result;
  }

  function scaleOf(series) {
    var max = 1;
    for (var i = 0; i < series.length; i++) if (series[i][1] > max) max = series[i][1];
    return max;
  }

  var laneIndexOf = Object.create(null);
  data.lanes.forEach(function (lane, i) { laneIndexOf[lane.replica] = i; });
  var lanes = data.lanes.map(function (lane) {
    return {
      replica: lane.replica, server: lane.server,
      helix: segments(lane.helix, 'OFFLINE', lane.firstMs),
      lf: segments(lane.lf, 'STANDBY', lane.firstMs),
      marks: lane.marks, vt: lane.vt, ckpt: lane.ckpt, rt: lane.rt,
      vtMax: Math.max(scaleOf(lane.vt), scaleOf(lane.ckpt)), rtMax: scaleOf(lane.rt)
    };
  });

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) if (Object.prototype.hasOwnProperty.call(attrs, key)) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, content, cls) {
    var node = el('text', { x: x, y: y }, parent);
    if (cls) node.setAttribute('class', cls);
    node.textContent = content;
    return node;
  }

  function seconds(ms) { return (ms / 1000).toFixed(ms < 10000 && view.to - view.from < 10000 ? 3 : 1) + ' s'; }

  function niceStep(span, pixels) {
    var raw = span / Math.max(1, pixels / 110), power = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * power >= raw) return steps[i] * power;
    return 10 * power;
  }

  // Items inside the window, at most one per pixel column and key (the first in trace order).
  function thin(items, time, key, x) {
    var seen = Object.create(null), shown = [];
    for (var i = 0; i < items.length; i++) {
      var t = time(items[i]);
      if (t < view.from || t > view.to) continue;
      var bucket = Math.round(x(t)) + '|' + key(items[i]);
      if (seen[bucket]) { seen[bucket].count++; continue; }
      seen[bucket] = { item: items[i], count: 1 };
      shown.push(seen[bucket]);
    }
    return shown;
  }

  function render() {
    var width = Math.max(640, container.clientWidth || 1200);
    var plot = width - LABEL - RIGHT;
    var span = Math.max(1, view.to - view.from);
    var x = function (t) { return LABEL + (t - view.from) / span * plot; };
    var clampX = function (t) { return Math.max(LABEL, Math.min(LABEL + plot, x(t))); };
    var lanesTop = AXIS + 3 * ROW;
    var height = lanesTop + lanes.length * LANE + 6;
    // The plot's geometry is on the element, so a test (or a reader's script) can map sim time to pixels.
    var svg = el('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, 'class': 'chart',
      'data-plot-left': LABEL, 'data-plot-width': plot, 'data-from-ms': view.from, 'data-to-ms': view.to });

    var axis = el('g', { 'class': 'axis' }, svg);
    var step = niceStep(span, plot);
    for (var tick = Math.ceil(view.from / step) * step; tick <= view.to; tick += step) {
      el('line', { x1: x(tick), x2: x(tick), y1: AXIS - 6, y2: height }, axis);
      text(axis, x(tick) + 2, AXIS - 10, seconds(tick));
    }

    var rows = [['faults', 'faults-row'], ['version', 'version-row'], ['violations', 'violations-row']];
    rows.forEach(function (row, i) {
      var y = AXIS + i * ROW;
      el('rect', { x: LABEL, y: y + 2, width: plot, height: ROW - 4, 'class': 'row-bg' }, svg);
      text(svg, 6, y + 15, row[0], 'lane-label ' + row[1]);
    });

    var faultRow = el('g', { 'class': 'faults' }, svg);
    data.faults.forEach(function (f) {
      if (f[1] < view.from || f[0] > view.to) return;
      if (f[1] > f[0]) {
        el('rect', { x: clampX(f[0]), y: AXIS + 3, width: Math.max(2, clampX(f[1]) - clampX(f[0])), height: ROW - 6,
          'class': 'fault hit', 'data-line': f[4], 'data-label': f[2], 'data-sim-time-ms': f[0] }, faultRow);
      } else {
        el('line', { x1: x(f[0]), x2: x(f[0]), y1: AXIS + 3, y2: AXIS + ROW - 3,
          'class': 'fault-point hit', 'data-line': f[4], 'data-label': f[2], 'data-sim-time-ms': f[0] }, faultRow);
      }
    });

    var versionRow = el('g', { 'class': 'versions' }, svg);
    thin(data.version, function (m) { return m[0]; }, function () { return 'v'; }, x).forEach(function (s) {
      el('rect', { x: x(s.item[0]) - 3, y: AXIS + ROW + 5, width: 6, height: ROW - 10, 'class': 'version-mark mark hit',
        'data-line': s.item[2], 'data-label': s.item[1] + (s.count > 1 ? ' (+' + (s.count - 1) + ' more here)' : ''),
        'data-sim-time-ms': s.item[0] }, versionRow);
    });

    lanes.forEach(function (lane, index) {
      var y = lanesTop + index * LANE;
      var g = el('g', { 'class': 'lane', 'data-replica': lane.replica }, svg);
      el('rect', { x: LABEL, y: y + 1, width: plot, height: LANE - 2, 'class': 'row-bg' }, g);
      text(g, 6, y + 14, lane.replica, 'lane-label');
      text(g, 6, y + 28, 'helix / leader-follower', 'hint');
      text(g, 6, y + 42, 'offsets: vt, checkpoint, rt', 'hint');
      lane.helix.forEach(function (s) {
        if (s[1] < view.from || s[0] > view.to) return;
        el('rect', { x: clampX(s[0]), y: y + 3, width: Math.max(1, clampX(s[1]) - clampX(s[0])), height: 12,
          'class': 'helix helix-' + s[2] + ' hit', 'data-line': s[3], 'data-label': 'Helix ' + s[2], 'data-state': s[2] }, g);
      });
      lane.lf.forEach(function (s) {
        if (s[1] < view.from || s[0] > view.to) return;
        el('rect', { x: clampX(s[0]), y: y + 16, width: Math.max(1, clampX(s[1]) - clampX(s[0])), height: 5,
          'class': 'lf lf-' + s[2] + ' hit', 'data-line': s[3], 'data-label': 'leader-follower ' + s[2] }, g);
      });
      data.faults.forEach(function (f) {
        if (f[3] !== lane.server || f[1] <= f[0] || f[1] < view.from || f[0] > view.to) return;
        el('rect', { x: clampX(f[0]), y: y + 1, width: Math.max(2, clampX(f[1]) - clampX(f[0])), height: LANE - 2,
          'class': 'fault lane-fault hit', 'data-line': f[4], 'data-label': f[2] }, g);
      });
      thin(lane.marks, function (m) { return m[0]; }, function (m) { return m[1]; }, x).forEach(function (s) {
        var m = s.item, cls = m[1].indexOf('status ') === 0 ? 'status-' + m[1].substring(7) : m[1] === 'checkpoint' ? 'checkpoint' : 'other-mark';
        var mx = x(m[0]);
        var attrs = { 'class': 'mark ' + cls + ' hit', 'data-line': m[2], 'data-sim-time-ms': m[0],
          'data-label': m[1] + (s.count > 1 ? ' (+' + (s.count - 1) + ' more here)' : '') };
        if (m[1] === 'checkpoint') {
          attrs.x = mx - 1; attrs.y = y + 22; attrs.width = 2; attrs.height = 6;
          el('rect', attrs, g);
        } else {
          attrs.cx = mx; attrs.cy = y + 25; attrs.r = 3.2;
          el('circle', attrs, g);
        }
      });
      [['vt', lane.vtMax], ['ckpt', lane.vtMax], ['rt', lane.rtMax]].forEach(function (pair) {
        var series = lane[pair[0]], max = pair[1], points = [], lastPixel = null;
        for (var i = 0; i < series.length; i++) {
          var p = series[i];
          if (p[0] > view.to) { if (points.length) points.push([x(Math.min(p[0], view.to)), p[1]]); break; }
          if (p[0] < view.from && !(i + 1 < series.length && series[i + 1][0] >= view.from)) continue;
          var px = Math.round(clampX(p[0]));
          if (px === lastPixel) points[points.length - 1] = [px, p[1]]; else points.push([px, p[1]]);
          lastPixel = px;
        }
        if (points.length < 1) return;
        var d = points.map(function (p, i) { return (i ? 'L' : 'M') + p[0] + ' ' + (y + LANE - 4 - p[1] / max * 16).toFixed(1); }).join(' ');
        el('path', { d: d, 'class': 'series series-' + pair[0] }, g);
      });
    });

    // Violations last, so their lines and marks lie on top of every lane.
    var violationRow = el('g', { 'class': 'violations' }, svg);
    thin(data.violations, function (v) { return v[0]; }, function (v) { return v[3] || ''; }, x).forEach(function (s) {
      var v = s.item, vx = x(v[0]), y = AXIS + 2 * ROW;
      el('line', { x1: vx, x2: vx, y1: y + ROW - 3, y2: height, 'class': 'violation-line' }, violationRow);
      var laneIndex = v[3] === null ? -1 : laneIndexOf[v[3]];
      if (laneIndex >= 0) {
        var ly = lanesTop + laneIndex * LANE + 2;
        el('rect', { x: vx - 3, y: ly, width: 6, height: LANE - 6, 'class': 'violation-marker lane-violation hit', 'data-line': v[4],
          'data-sim-time-ms': v[0], 'data-replica': v[3], 'data-label': v[1] + ': ' + v[2] }, violationRow);
      }
      el('path', { d: 'M' + (vx - 5) + ' ' + (y + 4) + ' L' + (vx + 5) + ' ' + (y + 4) + ' L' + vx + ' ' + (y + ROW - 4) + ' Z',
        'class': 'violation-marker hit', 'data-line': v[4], 'data-sim-time-ms': v[0], 'data-invariant': v[1], 'data-count': s.count,
        'data-label': v[1] + ': ' + v[2] + (s.count > 1 ? ' (+' + (s.count - 1) + ' more here)' : '') }, violationRow);
    });

    container.replaceChildren(svg);
    windowLabel.textContent = seconds(view.from) + ' to ' + seconds(view.to) + ' of ' + seconds(end);
  }

  function lineOf(target) {
    var node = target.closest ? target.closest('[data-label]') : null;
    if (!node) return null;
    var index = Number(node.getAttribute('data-line'));
    return index >= 0 && index < data.lines.length ? data.lines[index] : node.getAttribute('data-label') + ' (trace line not kept: a large run)';
  }

  container.addEventListener('mousemove', function (event) {
    var line = lineOf(event.target);
    if (!line || dragging) { tooltip.hidden = true; return; }
    tooltip.textContent = line;
    tooltip.style.left = Math.min(event.clientX + 12, window.innerWidth - 740) + 'px';
    tooltip.style.top = (event.clientY + 14) + 'px';
    tooltip.hidden = false;
  });
  container.addEventListener('mouseleave', function () { tooltip.hidden = true; });
  container.addEventListener('click', function (event) {
    var line = lineOf(event.target);
    if (line && !moved) detail.textContent = line;
  });

  function zoom(factor, atMs) {
    var span = view.to - view.from, center = atMs === undefined ? view.from + span / 2 : atMs;
    var next = Math.max(10, Math.min(end, span * factor));
    var from = center - (center - view.from) * next / span;
    from = Math.max(0, Math.min(end - next, from));
    view = { from: from, to: from + next };
    render();
  }

  function timeAt(clientX) {
    var box = container.getBoundingClientRect(), plot = Math.max(640, container.clientWidth) - LABEL - RIGHT;
    return view.from + (clientX - box.left - LABEL) / plot * (view.to - view.from);
  }

  container.addEventListener('wheel', function (event) {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 0.8 : 1.25, Math.max(view.from, Math.min(view.to, timeAt(event.clientX))));
  }, { passive: false });

  var dragging = null, moved = false;
  container.addEventListener('mousedown', function (event) { dragging = { x: event.clientX, view: view }; moved = false; });
  window.addEventListener('mouseup', function () { dragging = null; });
  window.addEventListener('mousemove', function (event) {
    if (!dragging) return;
    var plot = Math.max(640, container.clientWidth) - LABEL - RIGHT, span = dragging.view.to - dragging.view.from;
    var shift = (dragging.x - event.clientX) / plot * span;
    if (Math.abs(dragging.x - event.clientX) > 2) moved = true;
    var from = Math.max(0, Math.min(end - span, dragging.view.from + shift));
    if (from !== view.from) { view = { from: from, to: from + span }; render(); }
  });

  document.getElementById('zoom-in').addEventListener('click', function () { zoom(0.5); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(2); });
  document.getElementById('zoom-reset').addEventListener('click', function () { view = { from: 0, to: end }; render(); });
  var violationTable = document.getElementById('violations');
  if (violationTable) {
    violationTable.addEventListener('click', function (event) {
      var row = event.target.closest('tr[data-sim-time-ms]');
      if (!row) return;
      var t = Number(row.getAttribute('data-sim-time-ms')), span = Math.max(10, end / 20);
      var from = Math.max(0, Math.min(end - span, t - span / 2));
      view = { from: from, to: from + span };
      render();
      container.scrollIntoView({ block: 'nearest' });
    });
  }

  var legend = document.getElementById('legend');
  [['helix-OFFLINE', 'OFFLINE'], ['helix-STANDBY', 'STANDBY'], ['helix-LEADER', 'LEADER'], ['helix-ERROR', 'ERROR'],
   ['lf-IN_TRANSITION_FROM_STANDBY_TO_LEADER', 'promoting'], ['fault', 'fault'], ['status-COMPLETED', 'COMPLETED'],
   ['checkpoint', 'checkpoint'], ['series-vt', 'VT offset'], ['series-ckpt', 'checkpointed'], ['series-rt', 'RT offset'],
   ['violation-marker', 'violation']].forEach(function (entry) {
    var span = document.createElement('span'), swatch = document.createElement('i');
    swatch.className = 'swatch-' + entry[0];
    span.appendChild(swatch);
    span.appendChild(document.createTextNode(entry[1]));
    legend.appendChild(span);
  });
  window.addEventListener('resize', render);
  render();
  document.body.setAttribute('data-rendered', 'true');
})();
