/* Read-only views of the map page for tests, benchmarks and diagnostics. mapbridge.js hands over a
 * function returning its current internals (layers change when WebGL falls back to Canvas2D).
 */
(function () {
  'use strict';

  function timed(layer) {
    const start = performance.now();
    layer.redraw();
    if (layer.finish) layer.finish();  // a draw only queues work: wait for the GPU / the raster
    return performance.now() - start;
  }

  window.ccProbe = function (page) {
    return {
      state: () => {
        const p = page(), map = p.map, L_ = p.layers;
        return {
          pageId: window.__pageId, cells: p.cells ? p.cells.count : 0, drawnCells: L_.cells.drawn(),
          renderer: p.S.renderer, note: p.noteBox.style.display === 'none' ? null : p.noteBox.textContent,
          meshBuilds: L_.cells.meshBuilds || 0, drawnBy: L_.cells.drawnBy || 'canvas', cellRedraws: L_.cells.redraws || 0,
          pictureMs: L_.cells.pictureMs || null,
          picturePaints: L_.cells._idmap ? Object.assign({}, L_.cells._idmap.paints)
            : L_.cells.picture ? Object.assign({}, L_.cells.picture.paints) : null,
          markers: L_.markers.byId.size, drawnMarkers: L_.markers.drawnMarkers, drawnGroups: L_.markers.drawnGroups,
          drawnComponents: L_.components.drawnComponents, zoom: map.getZoom(),
          flagged: p.flagged, selected: p.selected,
          legendTitle: p.S.legend ? p.S.legend.title : null, theme: p.S.theme,
          communityLabels: map.hasLayer(p.labels.communities) ? p.labels.communities.getLayers().length : 0,
          streetLabels: map.hasLayer(p.labels.streets) ? p.labels.streets.getLayers().length : 0,
        };
      },
      cellColour: (code) => {
        const p = page(), i = p.codeIndex.get(code), layer = p.layers.cells;
        const k = i === undefined ? 0 : layer.classes[i];
        return k ? layer.colours[k - 1] : null;
      },
      cellPixel: (lon, lat) => page().layers.cells.pixelAt(L.latLng(lat, lon)),
      redrawMs: () => {
        const L_ = page().layers;
        return { cells: timed(L_.cells), outlines: timed(L_.outlines), markers: timed(L_.markers) };
      },
      timings: () => page().timings.slice(),
      canvasPicture: () => {  // the Canvas2D fallback's picture: its size and how much of it is filled
        const layer = page().layers.cells, pic = layer.picture;
        if (!pic) return null;
        let land = 0, ids = 0, painted = 0, classed = 0;
        for (let t = 0; t < pic.ids.length; t++) {
          if (pic.land[t]) land++;
          if (pic.ids[t]) ids++;
          if (pic.words[t]) painted++;
        }
        for (let i = 0; i < layer.classes.length; i++) if (layer.classes[i]) classed++;
        return { width: pic.width, height: pic.height, scale: pic.scale, extent: pic.extent, land: land, ids: ids,
                 painted: painted, classed: classed, colours: layer.colours.length, paints: pic.paints,
                 drawnBy: layer.drawnBy, sameClasses: pic.classesSeen === layer.classes };
      },
      /* One redraw of the WebGL layer with the GPU waited for after each step (ms per step). */
      redrawPhases: () => {
        const layer = page().layers.cells;
        if (!layer._gl) return null;
        const phases = [];
        let last = performance.now();
        layer._phase = (name) => {
          layer.finish();
          const now = performance.now();
          phases.push([name, Math.round((now - last) * 10) / 10]);
          last = now;
        };
        try { layer.redraw(); layer._phase('end'); } finally { layer._phase = null; }
        return phases;
      },
      loseContext: () => {
        const gl = page().layers.cells._gl, lose = gl && gl.getExtension('WEBGL_lose_context');
        if (lose) lose.loseContext();
        return !!lose;
      },
      glInfo: () => {
        const gl = document.createElement('canvas').getContext('webgl');
        const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
        return { webgl: !!gl, renderer: gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none' };
      },
      memory: () => {  // what could pile up in a page that runs for days (soak runs)
        const p = page(), L_ = p.layers;
        return { leafletLayers: Object.keys(p.map._layers).length, panes: Object.keys(p.map._panes).length,
                 markerGroups: L_.markers.drawnGroups || 0, listeners: Object.keys(p.map._events || {}).reduce(
                   (n, k) => n + p.map._events[k].length, 0) };
      },
      view: () => {
        const map = page().map, b = map.getBounds(), c = map.getCenter();
        return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(), zoom: map.getZoom(), lon: c.lng, lat: c.lat };
      },
      containerPoint: (lon, lat) => {
        const p = page().map.latLngToContainerPoint(L.latLng(lat, lon));
        return [p.x, p.y];
      },
    };
  };
})();
