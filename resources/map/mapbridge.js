/* Controller of the map page. Python (widgets/map_view.py) sends batches of commands through
 * runJavaScript, each ending in commit(seq), which redraws only what the batch touched and returns
 * seq as the confirmation. Clicks and view changes go back through the QWebChannel object
 * "mapBridge". The page is loaded once; every later change arrives here in place.
 */
(function () {
  'use strict';

  /* Lets tests prove that updates never reload the page. */
  window.__pageId = Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);

  const L_ = window.ccLayers, LEGEND = window.ccLegend, esc = LEGEND.esc;

  const THEMES = window.ccThemes.themes, COMPONENT_COLOURS = window.ccThemes.componentColours;
  const FIT = { padding: [28, 28], animate: false };
  const SCALE_BAR_PX = 100;   // Leaflet's own longest scale bar, at desk size

  const S = {
    theme: 'dark', scale: 1, strings: {}, legend: null, values: null, flagged: [], selected: null,
    tiles: null, fitted: false, communityLabelZoom: 15, componentsMinZoom: 16, renderer: null, glMissing: false,
  };
  const dirty = new Set();
  let map, bridge, cellLayer, outlineLayer, markerLayer, componentLayer, svg, legendBox, noteBox, tileLayer, attribution,
    scaleBar;
  let cells = null, codes = [], codeMap = null, district = null;
  let pendingFit = null, flagGroup, flaggedCount = 0, hoverShape = null, selectedRing = null, tip = null, hoverAt = null;
  const labels = { districts: L.layerGroup(), streets: L.layerGroup(), communities: L.layerGroup() };

  function style() {
    const t = THEMES[S.theme];
    return Object.assign({}, t, {
      scale: S.scale, component: COMPONENT_COLOURS, land: S.tiles ? null : t.land,
      fillAlpha: S.tiles ? 0.6 : t.fillAlpha,
      colours: t.ramps[S.legend ? S.legend.ramp : 'load'],
    });
  }


  /* Grid code -> cell index, built when first asked (flagged cells, probes): at 250,000 cells it
   * costs a tenth of a second that a first paint need not wait for. */
  function codeIndex() {
    if (!codeMap) codeMap = new Map(codes.map((c, i) => [c, i]));
    return codeMap;
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
    cellLayer.refreshColours();
  }

  /* ---- commands from Python ------------------------------------------------------------- */

  function setGeography(g) {
    const crs = map.options.crs;
    cells = new L_.PolygonSet(g.cells, crs);
    codes = g.cells.codes;
    codeMap = null;
    district = new L_.PolygonSet(g.boundary, crs);
    if (!district.count) district = null;
    cellLayer.setCells(cells, district);
    const outlines = {
      communities: new L_.PolygonSet(g.communities, crs), streets: new L_.PolygonSet(g.streets, crs), district: district,
    };
    outlineLayer.setGeometry(cells, outlines);
    markerLayer.setCells(cells);
    if (cellLayer.setOutlines) cellLayer.setOutlines(outlines);
    S.values = new Float32Array(cells.count).fill(NaN);
    S.divisions = { streets: g.streets, communities: g.communities, districts: g.districts, derived: !!g.derived };
    buildDivisionLabels();
    setFlagged(S.flagged);
    if (!S.fitted) fitDistrict();
    dirty.add('cells').add('outlines').add('labels');
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
    cellLayer.refreshColours(index);
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
    dirty.add('legend');
  }

  function setFlagged(flaggedCodes) {
    S.flagged = flaggedCodes;
    flagGroup.clearLayers();
    flaggedCount = 0;
    if (!cells) return;
    for (const code of flaggedCodes) {
      const i = codeIndex().get(code);
      if (i === undefined) continue;
      const rings = cells.latLngs(i), flag = THEMES[S.theme].flag;
      // A pulsing glow around a crisp outline with a halo: readable on the brightest fills and
      // never dimmed, whatever moment a snapshot catches.
      const outline = { renderer: svg, fill: false, interactive: false };
      L.polygon(rings, Object.assign({ className: 'cc-flag-glow', weight: 12, color: flag.colour }, outline)).addTo(flagGroup);
      L.polygon(rings, Object.assign({ weight: 5, color: flag.halo }, outline)).addTo(flagGroup);
      L.polygon(rings, Object.assign({ weight: 2.5, color: flag.colour }, outline)).addTo(flagGroup);
      flaggedCount++;
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

  /* A map in a hidden tab has no real size yet (and a fit into less than its padding would make
   * the zoom NaN): keep the fit until the map is big enough. Bounds that already fit the view at
   * its zoom only re-centre it: padding them would zoom out one step each time the desk re-fits
   * to the view's own size. */
  function fitTo(bounds) {
    S.fitted = true;
    const size = map.getSize(), room = 2 * FIT.padding[0] + 40;
    pendingFit = size.x > room && size.y > room ? null : bounds;
    if (pendingFit) return;
    const zoom = map.getZoom(), padded = map.getBoundsZoom(bounds, false, L.point(FIT.padding));
    if (padded < zoom && map.getBoundsZoom(bounds, false) >= zoom) {
      const middle = map.project(bounds.getSouthWest(), zoom).add(map.project(bounds.getNorthEast(), zoom)).divideBy(2);
      map.setView(map.unproject(middle, zoom), zoom, { animate: false });
    } else {
      map.fitBounds(bounds, FIT);
    }
  }

  function panTo(lon, lat) {
    S.fitted = true;
    map.setView([lat, lon], map.getZoom(), { animate: false });
  }

  function fitBounds(west, south, east, north) {
    fitTo(L.latLngBounds([south, west], [north, east]));
  }

  function fitDistrict() {
    const target = district || cells;
    if (target) fitTo(target.bounds());
  }

  function setTheme(theme) {
    S.theme = theme;
    document.body.classList.remove('cc-dark', 'cc-light');
    document.body.classList.add('cc-' + theme);
    cellLayer.colours = style().colours;
    cellLayer.refreshColours();
    setFlagged(S.flagged);
    dirty.add('cells').add('outlines').add('markers').add('components').add('legend');
  }

  function setFontScale(scale) {
    S.scale = scale;
    document.documentElement.style.setProperty('--cc-scale', String(scale));
    if (selectedRing) selectedRing.setRadius(14 * scale);
    placeScaleBar();
    dirty.add('markers').add('components').add('legend').add('labels');
  }

  function setStrings(strings) {
    S.strings = strings;
    renderNote();
    if (S.divisions && S.divisions.derived) buildDivisionLabels();     // the "(derived)" mark is a string
    dirty.add('legend').add('labels');
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

  /* A batch starts: view changes inside it only note which layers to redraw (commit draws them). */
  function begin() {
    L_.batch.open = true;
  }

  /* A batch failed half-way: draw what it changed, so the map goes on following the view. */
  function end() {
    try {
      commit(null);
    } finally {
      L_.batch.open = false;
    }
  }

  function commit(seq) {
    const pending = L_.batch.pending, layer = (name, l) => (dirty.has(name) || pending.has(l)) && l._map;
    L_.batch.open = false;
    if (layer('cells', cellLayer)) cellLayer.redraw();
    if (layer('outlines', outlineLayer)) outlineLayer.redraw();
    if (layer('markers', markerLayer)) markerLayer.redraw();
    if (layer('components', componentLayer)) componentLayer.redraw();
    pending.clear();
    if (dirty.has('legend')) renderLegend();
    if (dirty.has('labels')) declutter();
    dirty.clear();
    return seq;
  }

  /* Two animation frames after the last draw the compositor has the pixels; then a grab sees them. */
  function afterPaint(token) {
    requestAnimationFrame(() => requestAnimationFrame(() => bridge.framePainted(token)));
    return token;
  }

  /* ---- labels, legend (legend.js), hover ------------------------------------------------------------ */

  /* District names (a city's map) only while more than one district's label point is in view. */
  function showLabelsForZoom() {
    const d = S.divisions && S.divisions.districts, view = map.getBounds();
    let inView = 0;
    for (let i = 0; d && i < d.names.length; i++) if (view.contains([d.labels[2 * i + 1], d.labels[2 * i]])) inView++;
    if (inView > 1) labels.districts.addTo(map); else labels.districts.remove();
    labels.streets.addTo(map);
    if (map.getZoom() >= S.communityLabelZoom) labels.communities.addTo(map);
    else labels.communities.remove();
  }

  /* A derived partition's labels read grey and italic with a "(derived)" mark: its names are not
   * where surveyed boundaries would put them. */
  function buildDivisionLabels() {
    const d = S.divisions;
    if (!d) return;
    const mark = d.derived ? (S.strings.derived_mark || ' (derived)') : '';
    const derived = d.derived ? ' cc-label-derived' : '';
    LEGEND.buildLabels(labels.streets, d.streets, 'cc-label-street' + derived, mark);
    LEGEND.buildLabels(labels.communities, d.communities, 'cc-label-community' + derived, mark);
    if (d.districts) LEGEND.buildLabels(labels.districts, d.districts, 'cc-label-district', '');
  }

  function declutter() {
    LEGEND.declutter([labels.districts, labels.streets, labels.communities].filter((group) => map.hasLayer(group)));
  }

  function renderLegend() {
    const html = LEGEND.legendHtml({
      theme: THEMES[S.theme], strings: S.strings, legend: S.legend, markers: markerLayer.byId.size > 0,
      flagged: flaggedCount > 0, components: !!componentLayer._map && map.getZoom() >= S.componentsMinZoom,
      componentColours: COMPONENT_COLOURS, derived: !!(S.divisions && S.divisions.derived),
    });
    legendBox.innerHTML = html;
    legendBox.style.display = html ? '' : 'none';
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
    declutter();
    if (componentLayer._map) renderLegend();
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
    S.componentsMinZoom = options.componentsMinZoom;
    pane('cc-cells', 350); pane('cc-outlines', 360); pane('cc-components', 370); pane('cc-markers', 420);
    pane('cc-highlight', 430); pane('cc-labels', 440);
    svg = L.svg({ pane: 'cc-highlight', padding: 0.3 });
    cellLayer = options.renderer === 'canvas' ? null : L_.createGLCellLayer(style, 'cc-cells');
    S.renderer = cellLayer ? 'webgl' : 'canvas';
    S.glMissing = !cellLayer && options.renderer !== 'canvas';
    if (cellLayer) cellLayer.on('contextlost', fallBackToCanvas);
    else cellLayer = new L_.CellLayer(style, 'cc-cells');
    cellLayer.addTo(map);
    // With WebGL the cell layer draws every line itself; this canvas is only for the fallback.
    outlineLayer = new L_.OutlineLayer(style, 'cc-outlines');
    if (S.renderer === 'canvas') outlineLayer.addTo(map);
    const note = L.control({ position: 'topright' });
    note.onAdd = () => (noteBox = L.DomUtil.create('div', 'cc-note'));
    note.addTo(map);
    renderNote();
    componentLayer = new L_.ComponentLayer(style, 'cc-components', options.componentsMinZoom);
    markerLayer = new L_.MarkerLayer(style, 'cc-markers').addTo(map);
    flagGroup = L.layerGroup().addTo(map);
    const legend = L.control({ position: 'bottomright' });
    legend.onAdd = () => (legendBox = L.DomUtil.create('div', 'cc-legend'));
    legend.addTo(map);
    legendBox.style.display = 'none';
    placeScaleBar();
    map.on('click', onClick);
    map.on('moveend', onViewChanged);
    map.on('resize', () => { if (pendingFit) fitTo(pendingFit); });
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

  /* Where WebGL is missing or its context is lost, the cells go on drawing with Canvas2D, and the
   * map says so. */
  function fallBackToCanvas() {
    const previous = cellLayer;
    previous.remove();
    cellLayer = new L_.CellLayer(style, 'cc-cells').addTo(map);
    cellLayer.colours = previous.colours;
    if (cells) {
      cellLayer.setCells(cells, district);
      cellLayer.classes.set(previous.classes);
    }
    outlineLayer.addTo(map);  // it already holds the geometry
    S.renderer = 'canvas';
    S.glMissing = true;
    renderNote();
    cellLayer.redraw();
    outlineLayer.redraw();
  }

  /* Leaflet sizes the scale bar in JavaScript (at most maxWidth px), not in CSS: at the wall's type
   * size the bar is made as much longer as its label is larger, or the label would overrun it. */
  function placeScaleBar() {
    if (!map) return;
    if (scaleBar) scaleBar.remove();
    scaleBar = L.control.scale({ imperial: false, position: 'bottomleft', maxWidth: SCALE_BAR_PX * S.scale }).addTo(map);
  }

  function renderNote() {
    const text = S.glMissing ? S.strings.webgl_unavailable : '';
    noteBox.textContent = text || '';
    noteBox.style.display = text ? '' : 'none';
  }

  /* How long each command of the batches took in the page (ms), newest last, for the probe. */
  const timings = [];
  function timedCommand(name, fn) {
    return function () {
      const start = performance.now();
      try {
        return fn.apply(this, arguments);
      } finally {
        timings.push([name, performance.now() - start]);
        if (timings.length > 200) timings.splice(0, timings.length - 200);
      }
    };
  }

  window.ccMap = {
    attach: timedCommand('attach', attach), setGeography: timedCommand('setGeography', setGeography),
    setCellValues: timedCommand('setCellValues', setCellValues),
    updateCellValues: timedCommand('updateCellValues', updateCellValues),
    setMarkers: timedCommand('setMarkers', setMarkers), updateMarkers: timedCommand('updateMarkers', updateMarkers),
    setComponents: setComponents, setComponentsVisible: setComponentsVisible, setFlagged: setFlagged,
    selectCase: selectCase, fitBounds: fitBounds, fitDistrict: fitDistrict, panTo: panTo, setTheme: setTheme,
    setFontScale: setFontScale, setStrings: setStrings, setTiles: setTiles, begin: begin, end: end,
    commit: timedCommand('commit', commit),
    afterPaint: afterPaint,
    probe: window.ccProbe(() => ({ timings: timings,
      map: map, cells: cells, codeIndex: codeIndex(), S: S, labels: labels, noteBox: noteBox, flagged: flaggedCount,
      selected: selectedRing ? S.selected : null, layers: { cells: cellLayer, outlines: outlineLayer, markers: markerLayer, components: componentLayer },
    })),
  };
})();
