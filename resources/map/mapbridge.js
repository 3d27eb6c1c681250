/* Controller of the map page. Python (widgets/map_view.py) sends batches of commands through
 * runJavaScript, each ending in commit(seq), which redraws only what the batch touched and returns
 * seq as the confirmation. Clicks and view changes go back through the QWebChannel object
 * "mapBridge". The page is loaded once; every later change arrives here in place.
 */
(function () {
  'use strict';

  /* Lets tests prove that updates never reload the page. */
  window.__pageId = Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);

  const L_ = window.ccLayers;

  const THEMES = {
    dark: {
      land: '#142030', fillAlpha: 0.9, gridLine: 'rgba(150,185,220,0.14)',
      community: { colour: 'rgba(150,190,230,0.42)', width: 0.8, dash: [3, 3] },
      street: { colour: 'rgba(205,228,250,0.78)', width: 1.5 },
      district: { colour: '#62cdfa', width: 2.4 },
      districtGlow: { colour: 'rgba(98,205,250,0.22)', width: 9 },
      markerEdge: '#0a111c',
      marker: { overdue: '#ff4d4f', at_risk: '#ffb020', on_time: '#35c47c', closed: '#8b95a7' },
      ramps: {
        load: ['#1c3a5e', '#22598f', '#2f7cc0', '#4fa3ea', '#a3d4ff'],
        overdue: ['#4a3418', '#7a4c14', '#b5620f', '#e2561f', '#ff5a5f'],
      },
    },
    light: {
      land: '#fbfcfd', fillAlpha: 0.85, gridLine: 'rgba(60,80,110,0.16)',
      community: { colour: 'rgba(70,90,120,0.45)', width: 0.8, dash: [3, 3] },
      street: { colour: 'rgba(35,50,75,0.8)', width: 1.5 },
      district: { colour: '#1d4e89', width: 2.4 },
      districtGlow: null,
      markerEdge: '#ffffff',
      marker: { overdue: '#e03131', at_risk: '#f08c00', on_time: '#2b9a66', closed: '#868e96' },
      ramps: {
        load: ['#dcebf7', '#b2d2ee', '#7cb2de', '#4688c8', '#1f5a9e'],
        overdue: ['#fff0d6', '#fdd08a', '#f9a04b', '#e8590c', '#c92a2a'],
      },
    },
  };
  /* Component big classes 01..06: utilities, roads, appearance, greenery, buildings, other. */
  const COMPONENT_COLOURS = ['#4dabf7', '#ffd43b', '#da77f2', '#69db7c', '#ff922b', '#adb5bd'];
  const FIT = { padding: [28, 28], animate: false };

  const S = {
    theme: 'dark', scale: 1, strings: {}, legend: null, values: null, flagged: [], selected: null,
    tiles: null, fitted: false, communityLabelZoom: 15,
  };
  const dirty = new Set();
  let map, bridge, cellLayer, markerLayer, componentLayer, svg, legendBox, tileLayer, attribution;
  let cells = null, codes = [], codeIndex = new Map(), district = null;
  let flagGroup, hoverShape = null, selectedRing = null, tip = null, hoverAt = null;
  const labels = { streets: L.layerGroup(), communities: L.layerGroup() };

  function style() {
    const t = THEMES[S.theme];
    return Object.assign({}, t, {
      scale: S.scale, component: COMPONENT_COLOURS, land: S.tiles ? null : t.land,
      colours: t.ramps[S.legend ? S.legend.ramp : 'load'],
    });
  }

  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  function classify(value) {
    if (!(value > 0) || !S.legend) return 0;
    const breaks = S.legend.breaks;
    for (let k = 0; k < breaks.length; k++) if (value <= breaks[k]) return k + 1;
    return breaks.length + 1;
  }

  function reclassify() {
    if (!cells) return;
    for (let i = 0; i < cells.count; i++) cellLayer.classes[i] = classify(S.values[i]);
  }

  /* ---- commands from Python ------------------------------------------------------------- */

  function setGeography(g) {
    const crs = map.options.crs;
    cells = new L_.PolygonSet(g.cells, crs);
    codes = g.cells.codes;
    codeIndex = new Map(codes.map((c, i) => [c, i]));
    cellLayer.setCells(cells);
    const streets = new L_.PolygonSet(g.streets, crs), communities = new L_.PolygonSet(g.communities, crs);
    district = new L_.PolygonSet(g.boundary, crs);
    if (!district.count) district = null;
    cellLayer.outlines = { streets: streets, communities: communities, district: district };
    S.values = new Float32Array(cells.count).fill(NaN);
    buildLabels(labels.streets, g.streets, 'cc-label-street');
    buildLabels(labels.communities, g.communities, 'cc-label-community');
    setFlagged(S.flagged);
    if (!S.fitted) fitDistrict();
    dirty.add('cells');
  }

  function setCellValues(p) {
    S.legend = { title: p.title, ramp: p.ramp, breaks: p.breaks, labels: p.labels };
    S.values = L_.decode.f32(p.values);
    cellLayer.colours = style().colours;
    reclassify();
    dirty.add('cells').add('legend');
  }

  function updateCellValues(p) {
    const index = L_.decode.u32(p.index), values = L_.decode.f32(p.values);
    for (let k = 0; k < index.length; k++) {
      S.values[index[k]] = values[k];
      cellLayer.classes[index[k]] = classify(values[k]);
    }
    dirty.add('cells');
  }

  function setMarkers(rows) {
    markerLayer.clear();
    markerLayer.upsert(rows, map.options.crs);
    placeSelection();
    dirty.add('markers').add('legend');
  }

  function updateMarkers(p) {
    markerLayer.remove(p.removed);
    markerLayer.upsert(p.changed, map.options.crs);
    placeSelection();
    dirty.add('markers').add('legend');
  }

  function setComponents(p) {
    componentLayer.setPoints(p, map.options.crs);
    dirty.add('components');
  }

  function setComponentsVisible(on) {
    if (on) componentLayer.addTo(map);
    else componentLayer.remove();
  }

  function setFlagged(flaggedCodes) {
    S.flagged = flaggedCodes;
    flagGroup.clearLayers();
    if (!cells) return;
    for (const code of flaggedCodes) {
      const i = codeIndex.get(code);
      if (i === undefined) continue;
      L.polygon(cells.latLngs(i), {
        renderer: svg, className: 'cc-flag', weight: 3, fillOpacity: 0.12, interactive: false,
        color: S.theme === 'dark' ? '#ffe066' : '#d9480f',
      }).addTo(flagGroup);
    }
    dirty.add('legend');
  }

  function selectCase(caseId) {
    S.selected = caseId;
    placeSelection();
  }

  function placeSelection() {
    const m = S.selected === null ? undefined : markerLayer.byId.get(S.selected);
    if (!m) {
      if (selectedRing) selectedRing.remove();
      selectedRing = null;
      return;
    }
    if (!selectedRing) {
      selectedRing = L.circleMarker([m.lat, m.lon], {
        renderer: svg, radius: 14 * S.scale, className: 'cc-selected', weight: 3, fill: false, interactive: false,
      }).addTo(map);
    }
    selectedRing.setLatLng([m.lat, m.lon]);
  }

  function fitBounds(west, south, east, north) {
    S.fitted = true;
    map.fitBounds([[south, west], [north, east]], FIT);
  }

  function fitDistrict() {
    const target = district || cells;
    if (!target) return;
    S.fitted = true;
    map.fitBounds(target.bounds(), FIT);
  }

  function setTheme(theme) {
    S.theme = theme;
    document.body.classList.remove('cc-dark', 'cc-light');
    document.body.classList.add('cc-' + theme);
    cellLayer.colours = style().colours;
    setFlagged(S.flagged);
    dirty.add('cells').add('markers').add('components').add('legend');
  }

  function setFontScale(scale) {
    S.scale = scale;
    document.documentElement.style.setProperty('--cc-scale', String(scale));
    if (selectedRing) selectedRing.setRadius(14 * scale);
    dirty.add('markers').add('components').add('legend');
  }

  function setStrings(strings) {
    S.strings = strings;
    dirty.add('legend');
  }

  function setTiles(cfg) {
    if (tileLayer) tileLayer.remove();
    if (attribution) attribution.remove();
    tileLayer = attribution = null;
    S.tiles = cfg;
    if (cfg) {
      tileLayer = L.tileLayer(cfg.url, {
        minNativeZoom: cfg.minZoom, maxNativeZoom: cfg.maxZoom, maxZoom: 21, className: 'cc-tiles',
      }).addTo(map);
      if (cfg.attribution) {
        attribution = L.control.attribution({ prefix: false }).addTo(map);
        attribution.addAttribution(esc(cfg.attribution));
      }
    }
    dirty.add('cells');
  }

  function commit(seq) {
    if (dirty.has('cells')) cellLayer.redraw();
    if (dirty.has('markers')) markerLayer.redraw();
    if (dirty.has('components') && componentLayer._map) componentLayer.redraw();
    if (dirty.has('legend')) renderLegend();
    dirty.clear();
    return seq;
  }

  /* Two animation frames after the last draw the compositor has the pixels; then a grab sees them. */
  function afterPaint(token) {
    requestAnimationFrame(() => requestAnimationFrame(() => bridge.framePainted(token)));
    return token;
  }

  /* ---- labels, legend, hover ------------------------------------------------------------ */

  function buildLabels(group, set, cls) {
    group.clearLayers();
    set.names.forEach((name, i) => {
      L.marker([set.labels[2 * i + 1], set.labels[2 * i]], {
        icon: L.divIcon({ className: 'cc-label ' + cls, html: '<span>' + esc(name) + '</span>', iconSize: null }),
        interactive: false, keyboard: false, pane: 'cc-labels',
      }).addTo(group);
    });
  }

  function showLabelsForZoom() {
    labels.streets.addTo(map);
    if (map.getZoom() >= S.communityLabelZoom) labels.communities.addTo(map);
    else labels.communities.remove();
  }

  function swatchRow(swatch, text) {
    return '<div class="cc-legend-row">' + swatch + '<span>' + esc(text) + '</span></div>';
  }

  function renderLegend() {
    const t = THEMES[S.theme], str = S.strings, html = [];
    if (S.legend) {
      html.push('<div class="cc-legend-title">' + esc(S.legend.title) + '</div>');
      const colours = t.ramps[S.legend.ramp];
      for (let k = colours.length - 1; k >= 0; k--) {
        html.push(swatchRow('<i class="cc-swatch" style="background:' + colours[k] + '"></i>', S.legend.labels[k]));
      }
      html.push(swatchRow('<i class="cc-swatch cc-swatch-none"></i>', str.none || '0'));
    }
    if (markerLayer.byId.size) {
      html.push('<div class="cc-legend-title cc-legend-sub">' + esc(str.cases || '') + '</div>');
      for (const state of ['overdue', 'at_risk', 'on_time', 'closed']) {
        html.push(swatchRow('<i class="cc-dot" style="background:' + t.marker[state] + '"></i>', str[state] || state));
      }
      html.push(swatchRow('<i class="cc-dot cc-dot-urgent"></i>', str.urgent || 'urgent'));
    }
    if (S.flagged.length) html.push(swatchRow('<i class="cc-swatch cc-swatch-flag"></i>', str.early_warning || ''));
    legendBox.innerHTML = html.join('');
    legendBox.style.display = html.length ? '' : 'none';
  }

  function formatValue(v) {
    return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '–';
  }

  function hover() {
    const latlng = hoverAt;
    hoverAt = null;
    const p = map.options.crs.latLngToPoint(latlng, 0);
    const m = markerLayer.hit(p.x, p.y);
    const i = m || !cells ? -1 : cells.hit(p.x, p.y);
    if (hoverShape) hoverShape.remove();
    hoverShape = null;
    if (i >= 0) {
      hoverShape = L.polygon(cells.latLngs(i), { renderer: svg, className: 'cc-hover', fill: false, weight: 2, interactive: false }).addTo(map);
    }
    let content = null, at = latlng;
    if (m) {
      content = '<b>' + esc(m.label) + '</b><br>' + esc(m.stage);
      at = L.latLng(m.lat, m.lon);
    } else if (i >= 0) {
      content = '<b>' + esc(codes[i]) + '</b>' + (S.legend ? '<br>' + esc(S.legend.title) + ': ' + formatValue(S.values[i]) : '');
    }
    map.getContainer().style.cursor = m || i >= 0 ? 'pointer' : '';
    if (!content) {
      if (tip) tip.remove();
      tip = null;
      return;
    }
    if (!tip) tip = L.tooltip({ direction: 'top', offset: [0, -10], className: 'cc-tip' });
    tip.setLatLng(at).setContent(content);
    if (!map.hasLayer(tip)) tip.addTo(map);
  }

  function onClick(e) {
    if (!bridge) return;
    const p = map.options.crs.latLngToPoint(e.latlng, 0);
    const m = markerLayer.hit(p.x, p.y);
    if (m) bridge.caseClicked(m.id);
    else if (cells) {
      const i = cells.hit(p.x, p.y);
      if (i >= 0) bridge.cellClicked(codes[i]);
    }
    bridge.mapClicked(e.latlng.lng, e.latlng.lat);
  }

  function onViewChanged() {
    showLabelsForZoom();
    if (!bridge) return;
    const b = map.getBounds();
    bridge.viewChanged(b.getWest(), b.getSouth(), b.getEast(), b.getNorth(), map.getZoom());
  }

  /* ---- page start ----------------------------------------------------------------------- */

  function pane(name, z) {
    map.createPane(name).style.zIndex = String(z);
  }

  function attach(leafletMap, options) {
    map = leafletMap;
    S.communityLabelZoom = options.communityLabelZoom;
    pane('cc-cells', 350); pane('cc-components', 370); pane('cc-markers', 420);
    pane('cc-highlight', 430); pane('cc-labels', 440);
    svg = L.svg({ pane: 'cc-highlight', padding: 0.3 });
    cellLayer = new L_.CellLayer(style, 'cc-cells').addTo(map);
    componentLayer = new L_.ComponentLayer(style, 'cc-components', options.componentsMinZoom);
    markerLayer = new L_.MarkerLayer(style, 'cc-markers').addTo(map);
    flagGroup = L.layerGroup().addTo(map);
    const legend = L.control({ position: 'bottomright' });
    legend.onAdd = () => (legendBox = L.DomUtil.create('div', 'cc-legend'));
    legend.addTo(map);
    legendBox.style.display = 'none';
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
    map.on('click', onClick);
    map.on('moveend', onViewChanged);
    map.on('mousemove', (e) => {
      if (!hoverAt) requestAnimationFrame(hover);
      hoverAt = e.latlng;
    });
    map.on('mouseout', () => { if (tip) tip.remove(); });
    setTheme(S.theme);
    new QWebChannel(qt.webChannelTransport, (channel) => {
      bridge = channel.objects.mapBridge;
      bridge.ready();
    });
  }

  /* Read-only views of the page state for tests and diagnostics. */
  const probe = {
    state: () => ({
      pageId: window.__pageId, cells: cells ? cells.count : 0, drawnCells: cellLayer.drawnCells,
      markers: markerLayer.byId.size, drawnMarkers: markerLayer.drawnMarkers,
      drawnComponents: componentLayer.drawnComponents, zoom: map.getZoom(),
      flagged: flagGroup.getLayers().length, selected: selectedRing ? S.selected : null,
      legendTitle: S.legend ? S.legend.title : null, theme: S.theme,
      communityLabels: map.hasLayer(labels.communities) ? labels.communities.getLayers().length : 0,
      streetLabels: map.hasLayer(labels.streets) ? labels.streets.getLayers().length : 0,
    }),
    cellColour: (code) => {
      const i = codeIndex.get(code), k = i === undefined ? 0 : cellLayer.classes[i];
      return k ? cellLayer.colours[k - 1] : null;
    },
    cellPixel: (lon, lat) => cellLayer.pixelAt(L.latLng(lat, lon)),
    containerPoint: (lon, lat) => {
      const p = map.latLngToContainerPoint(L.latLng(lat, lon));
      return [p.x, p.y];
    },
  };

  window.ccMap = {
    attach: attach, setGeography: setGeography, setCellValues: setCellValues,
    updateCellValues: updateCellValues, setMarkers: setMarkers, updateMarkers: updateMarkers,
    setComponents: setComponents, setComponentsVisible: setComponentsVisible, setFlagged: setFlagged,
    selectCase: selectCase, fitBounds: fitBounds, fitDistrict: fitDistrict, setTheme: setTheme,
    setFontScale: setFontScale, setStrings: setStrings, setTiles: setTiles, commit: commit,
    afterPaint: afterPaint, probe: probe,
  };
})();
