/* Street and community labels and the legend of the command-centre map, as plain functions of what
 * the page shows (mapbridge.js owns that state and calls these).
 */
(function () {
  'use strict';

  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  function buildLabels(group, set, cls, mark) {
    group.clearLayers();
    const suffix = mark ? '<small class="cc-derived-mark">' + esc(mark) + '</small>' : '';
    set.names.forEach((name, i) => {
      L.marker([set.labels[2 * i + 1], set.labels[2 * i]], {
        icon: L.divIcon({ className: 'cc-label ' + cls, html: '<span>' + esc(name) + suffix + '</span>', iconSize: null }),
        interactive: false, keyboard: false, pane: 'cc-labels',
      }).addTo(group);
    });
  }

  /* Hide labels that would overlap one already shown; earlier groups (streets) win. */
  function declutter(groups) {
    const spans = [];
    for (const group of groups) {
      group.eachLayer((marker) => {
        const icon = marker.getElement();
        if (icon && icon.firstChild) spans.push(icon.firstChild);
      });
    }
    const rects = spans.map((span) => span.getBoundingClientRect()), kept = [];
    spans.forEach((span, i) => {
      const r = rects[i];
      const clash = kept.some((k) => r.left < k.right + 6 && r.right > k.left - 6 && r.top < k.bottom + 2 && r.bottom > k.top - 2);
      span.style.visibility = clash ? 'hidden' : '';
      if (!clash) kept.push(r);
    });
  }

  function swatchRow(swatch, text) {
    return '<div class="cc-legend-row">' + swatch + '<span>' + esc(text) + '</span></div>';
  }

  /* The legend's HTML ('' when there is nothing to explain). */
  function legendHtml(m) {
    const t = m.theme, str = m.strings, html = [];
    if (m.legend) {
      html.push('<div class="cc-legend-title">' + esc(m.legend.title) + '</div>');
      const colours = t.ramps[m.legend.ramp];
      for (let k = colours.length - 1; k >= 0; k--) {
        html.push(swatchRow('<i class="cc-swatch" style="background:' + colours[k] + '"></i>', m.legend.labels[k]));
      }
      html.push(swatchRow('<i class="cc-swatch cc-swatch-none"></i>', str.none || '0'));
    }
    if (m.markers) {
      html.push('<div class="cc-legend-title cc-legend-sub">' + esc(str.cases || '') + '</div>');
      for (const state of ['overdue', 'at_risk', 'on_time', 'closed']) {
        html.push(swatchRow('<i class="cc-dot" style="background:' + t.marker[state] + '"></i>', str[state] || state));
      }
      html.push(swatchRow('<i class="cc-dot cc-dot-urgent"></i>', str.urgent || 'urgent'));
    }
    if (m.flagged) html.push(swatchRow('<i class="cc-swatch cc-swatch-flag"></i>', str.early_warning || ''));
    if (m.derived) html.push('<div class="cc-legend-derived">' + esc(str.derived_note || '') + '</div>');
    if (m.components) {
      html.push('<div class="cc-legend-title cc-legend-sub">' + esc(str.components || '') + '</div>');
      m.componentColours.forEach((colour, k) => {
        html.push(swatchRow('<i class="cc-square" style="background:' + colour + '"></i>', (str.component_classes || [])[k] || ''));
      });
    }
    return html.join('');
  }

  window.ccLegend = { esc: esc, buildLabels: buildLabels, declutter: declutter, legendHtml: legendHtml };
})();
