/* Canvas layers of the command-centre map: case markers, components, division outlines, and the
 * canvas every layer is drawn on (canvascells.js draws the cells where WebGL is unavailable).
 *
 * Geometry (geometry.js) is projected ONCE to Web-Mercator pixels at zoom 0. A redraw only
 * multiplies by 2^zoom and subtracts the canvas origin, so panning and zooming never re-project a
 * vertex. Each layer owns one <canvas> and is redrawn only when its own data or the view changes,
 * so a marker update never repaints the cells.
 */
(function () {
  'use strict';

  const G = window.ccGeometry, decode = G.decode, project = G.project;
  /* While a batch of commands from Python runs, view changes (a fit moves the map) only note the
   * layers to redraw; the batch's commit draws each once. */
  const batch = { open: false, pending: new Set() };
  /* Grid lines appear once a cell is this many pixels wide: below it they would only grey the fill. */
  const GRID_LINE_PX = 6;

  /* One canvas in its own pane, kept one padded screen large, with Leaflet's zoom animation. */
  const CanvasLayer = L.Layer.extend({
    options: { padding: 0.15 },

    onAdd: function () {
      this._canvas = L.DomUtil.create('canvas', 'cc-canvas leaflet-zoom-animated');
      this.getPane().appendChild(this._canvas);
      this._ctx = this._canvas.getContext('2d');
      this._reset();
    },

    onRemove: function () {
      L.DomUtil.remove(this._canvas);
    },

    getEvents: function () {
      const events = { viewreset: this._reset, moveend: this._reset, resize: this._reset };
      if (this._map.options.zoomAnimation) events.zoomanim = this._animateZoom;
      return events;
    },

    _reset: function () {
      const map = this._map, size = map.getSize();
      const pad = size.multiplyBy(this.options.padding).round();
      this._topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
      this._zoom = map.getZoom();
      this._center = map.getCenter();
      L.DomUtil.setPosition(this._canvas, this._topLeft);
      const w = size.x + 2 * pad.x, h = size.y + 2 * pad.y, dpr = window.devicePixelRatio || 1;
      if (w !== this._w || h !== this._h || dpr !== this._dpr) {
        this._w = w; this._h = h; this._dpr = dpr;
        this._canvas.width = Math.round(w * dpr);
        this._canvas.height = Math.round(h * dpr);
        this._canvas.style.width = w + 'px';
        this._canvas.style.height = h + 'px';
      }
      if (batch.open) batch.pending.add(this);
      else this.redraw();
    },

    _animateZoom: function (e) {
      const map = this._map, scale = map.getZoomScale(e.zoom, this._zoom);
      const half = map.getSize().multiplyBy(0.5 + this.options.padding);
      const offset = half.multiplyBy(-scale).add(map.project(this._center, e.zoom))
        .subtract(map._getNewPixelOrigin(e.center, e.zoom));
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    /* The view transform: canvas px = zoom-0 px * scale - (ox, oy). */
    view: function () {
      const crs = this._map.options.crs;
      const scale = crs.scale(this._zoom) / crs.scale(0);
      const origin = this._map.getPixelOrigin().add(this._topLeft);
      return {
        scale: scale, zoom: this._zoom, ox: origin.x, oy: origin.y, w: this._w, h: this._h,
        minX: origin.x / scale, minY: origin.y / scale,
        maxX: (origin.x + this._w) / scale, maxY: (origin.y + this._h) / scale,
      };
    },

    redraw: function () {
      if (!this._map || !this._ctx) return;
      this.redraws = (this.redraws || 0) + 1;
      const ctx = this._ctx;
      ctx.setTransform(this._dpr, 0, 0, this._dpr, 0, 0);
      ctx.clearRect(0, 0, this._w, this._h);
      this.draw(ctx, this.view());
    },

    /* Blocks until the canvas has rasterised what was drawn (Chromium records a canvas's drawing
     * and rasterises it later): what benchmarks time, not what the page does. */
    finish: function () {
      if (this._ctx) this._ctx.getImageData(0, 0, 1, 1);
    },

    pixelAt: function (latlng) {
      const p = this._map.latLngToLayerPoint(latlng).subtract(this._topLeft);
      const d = this._ctx.getImageData(Math.round(p.x * this._dpr), Math.round(p.y * this._dpr), 1, 1).data;
      return [d[0], d[1], d[2], d[3]];
    },
  });

  /* Grid lines (once cells are big enough to read), community, street and district outlines. */
  const OutlineLayer = CanvasLayer.extend({
    initialize: function (style, pane) {
      L.setOptions(this, { pane: pane });
      this.style = style;
      this.cells = null;
      this.sets = { communities: null, streets: null, district: null };
    },

    setGeometry: function (cells, sets) {
      this.cells = cells;
      this.sets = sets;
      let w = 0;
      for (let i = 0; i < cells.count; i++) w += cells.bbox[4 * i + 2] - cells.bbox[4 * i];
      this.cellWidth0 = cells.count ? w / cells.count : 0;
    },

    draw: function (ctx, v) {
      const st = this.style(), cellPx = this.cellWidth0 * v.scale;
      if (this.cells && cellPx >= GRID_LINE_PX) {
        this._stroke(ctx, v, this.cells, { colour: st.gridLine, width: cellPx >= 40 ? 1 : 0.6 });
      }
      this._stroke(ctx, v, this.sets.communities, st.community);
      this._stroke(ctx, v, this.sets.streets, st.street);
      if (st.districtGlow) this._stroke(ctx, v, this.sets.district, st.districtGlow);
      this._stroke(ctx, v, this.sets.district, st.district);
    },

    _stroke: function (ctx, v, set, line) {
      if (!set) return;
      ctx.beginPath();
      for (let i = 0; i < set.count; i++) if (set.inView(i, v)) set.trace(ctx, i, v);
      ctx.strokeStyle = line.colour;
      ctx.lineWidth = line.width;
      ctx.setLineDash(line.dash || []);
      ctx.lineJoin = 'round';
      ctx.stroke();
      ctx.setLineDash([]);
    },
  });

  const STATE_ORDER = ['closed', 'on_time', 'at_risk', 'overdue'];

  /* Case markers: circles coloured by state, urgent ones bigger with a ring; overdue drawn on top. */
  const MarkerLayer = CanvasLayer.extend({
    initialize: function (style, pane) {
      L.setOptions(this, { pane: pane });
      this.style = style;
      this.byId = new Map();
      this.ordered = [];
      this._stale = false;
      this.drawnMarkers = 0;
      this.drawnGroups = 0;
      this.cells = null;
      this.cellWidth0 = 0;
    },

    /* The unit grids: below the zoom where their lines show, markers are drawn as one count per
     * grid (clustering by grid, not by pixels). */
    setCells: function (cells) {
      this.cells = cells;
      let w = 0;
      for (let i = 0; i < cells.count; i++) w += cells.bbox[4 * i + 2] - cells.bbox[4 * i];
      this.cellWidth0 = cells.count ? w / cells.count : 0;
      for (const m of this.byId.values()) m.cell = undefined;
    },

    grouped: function (v) {
      return !!this.cells && this.cellWidth0 * v.scale < GRID_LINE_PX;
    },

    _cellOf: function (m) {
      if (m.cell === undefined) m.cell = this.cells.hit(m.x, m.y);
      return m.cell;
    },

    /* rows: [id, lon, lat, state, urgent, stage, label] */
    upsert: function (rows, crs) {
      for (const [id, lon, lat, state, urgent, stage, label] of rows) {
        const p = crs.latLngToPoint(L.latLng(lat, lon), 0);
        this.byId.set(id, {
          id: id, lon: lon, lat: lat, x: p.x, y: p.y, state: state, urgent: !!urgent,
          stage: stage, label: label, rank: STATE_ORDER.indexOf(state) * 2 + (urgent ? 1 : 0),
        });
      }
      this._stale = true;
    },

    remove: function (ids) {
      for (const id of ids) this.byId.delete(id);
      this._stale = true;
    },

    clear: function () {
      this.byId.clear();
      this._stale = true;
    },

    /* Drawing order: closed first, overdue and urgent last so they stay on top. */
    _order: function () {
      if (!this._stale) return this.ordered;
      this.ordered = Array.from(this.byId.values()).sort((a, b) => a.rank - b.rank);
      this._stale = false;
      return this.ordered;
    },

    /* Markers grow a little with zoom, and with the square root of the wall's font scale so that
     * big text does not turn the cases into blobs. */
    radius: function (m, v) {
      const st = this.style(), zoomGain = Math.min(1.6, Math.max(0.8, 1 + (v.zoom - 14) * 0.15));
      const base = m.state === 'closed' ? 3 : m.urgent ? 6.5 : 4.5;
      return base * zoomGain * Math.sqrt(st.scale);
    },

    /* One circle per grid with cases: coloured by its worst case, sized by the count, the count
     * written on it when more than one; a case outside every grid stays a marker of its own. */
    _drawGrouped: function (ctx, v) {
      const st = this.style(), k = Math.sqrt(st.scale), groups = new Map(), cells = this.cells;
      let drawn = 0;
      for (const m of this._order()) {
        const cell = this._cellOf(m), key = cell >= 0 ? cell : -1 - m.id;
        let g = groups.get(key);
        if (!g) {
          let x = m.x, y = m.y;
          if (cell >= 0) {
            x = (cells.bbox[4 * cell] + cells.bbox[4 * cell + 2]) / 2;
            y = (cells.bbox[4 * cell + 1] + cells.bbox[4 * cell + 3]) / 2;
          }
          g = { x: x, y: y, n: 0, rank: -1, state: m.state, urgent: false };
          groups.set(key, g);
        }
        g.n++;
        if (m.rank > g.rank) { g.rank = m.rank; g.state = m.state; }
        g.urgent = g.urgent || m.urgent;
      }
      const shown = Array.from(groups.values()).sort((a, b) => a.rank - b.rank);
      ctx.font = 'bold ' + Math.round(10 * k) + 'px sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      let groupsDrawn = 0;
      for (const g of shown) {
        const px = g.x * v.scale - v.ox, py = g.y * v.scale - v.oy;
        if (px < -20 || py < -20 || px > v.w + 20 || py > v.h + 20) continue;
        const r = (g.n > 1 ? 5 + 2.2 * Math.log2(g.n) : (g.urgent ? 5.5 : 4)) * k;
        ctx.beginPath();
        ctx.arc(px, py, r, 0, 2 * Math.PI);
        ctx.fillStyle = st.marker[g.state];
        ctx.fill();
        ctx.lineWidth = (g.urgent ? 2 : 1.2) * k;
        ctx.strokeStyle = st.markerEdge;
        ctx.stroke();
        if (g.n > 1) {
          ctx.fillStyle = st.markerEdge;
          ctx.fillText(String(g.n), px, py);
        }
        drawn += g.n;
        groupsDrawn++;
      }
      this.drawnMarkers = drawn;
      this.drawnGroups = groupsDrawn;
    },

    draw: function (ctx, v) {
      if (this.grouped(v)) return this._drawGrouped(ctx, v);
      this.drawnGroups = 0;
      const st = this.style(), k = Math.sqrt(st.scale);
      let drawn = 0, group = null, r = 0;
      const flush = () => {
        if (!group) return;
        ctx.fillStyle = st.marker[group.state];
        ctx.fill();
        ctx.lineWidth = 1.2 * k;
        ctx.strokeStyle = st.markerEdge;
        ctx.stroke();
        if (group.urgent) {
          ctx.beginPath();
          for (const m of group.members) {
            ctx.moveTo(m.px + m.r + 3.5 * k, m.py);
            ctx.arc(m.px, m.py, m.r + 3.5 * k, 0, 2 * Math.PI);
          }
          ctx.lineWidth = 2 * k;
          ctx.strokeStyle = st.marker[group.state];
          ctx.stroke();
        }
      };
      for (const m of this._order()) {
        const px = m.x * v.scale - v.ox, py = m.y * v.scale - v.oy;
        if (px < -20 || py < -20 || px > v.w + 20 || py > v.h + 20) continue;
        if (!group || group.rank !== m.rank) {
          flush();
          group = { rank: m.rank, state: m.state, urgent: m.urgent, members: [] };
          ctx.beginPath();
        }
        r = this.radius(m, v);
        ctx.moveTo(px + r, py);
        ctx.arc(px, py, r, 0, 2 * Math.PI);
        group.members.push({ px: px, py: py, r: r });
        drawn++;
      }
      flush();
      this.drawnMarkers = drawn;
    },

    /* The topmost marker under zoom-0 point (x, y), within a few pixels; null if none. */
    hit: function (x, y) {
      if (!this._map) return null;
      const v = this.view(), ordered = this._order();
      for (let k = ordered.length - 1; k >= 0; k--) {
        const m = ordered[k], r = this.radius(m, v) + 3;
        const dx = (m.x - x) * v.scale, dy = (m.y - y) * v.scale;
        if (dx * dx + dy * dy <= r * r) return m;
      }
      return null;
    },
  });

  /* Components (street furniture) as small squares by big class, so they never read as case
   * markers (circles); drawn only from minZoom on. */
  const ComponentLayer = CanvasLayer.extend({
    initialize: function (style, pane, minZoom) {
      L.setOptions(this, { pane: pane });
      this.style = style;
      this.minZoom = minZoom;
      this.xy = new Float64Array(0);
      this.classes = new Uint8Array(0);
      this.drawnComponents = 0;
    },

    setPoints: function (payload, crs) {
      this.xy = project(crs, decode.f64(payload.coords));
      this.classes = decode.u8(payload.classes);
    },

    draw: function (ctx, v) {
      this.drawnComponents = 0;
      if (v.zoom < this.minZoom) return;
      const st = this.style(), r = 3 * Math.sqrt(st.scale);
      ctx.lineWidth = 1;
      ctx.strokeStyle = st.markerEdge;
      st.component.forEach((colour, k) => {
        ctx.beginPath();
        for (let i = 0; i < this.classes.length; i++) {
          if (this.classes[i] !== k) continue;
          const px = this.xy[2 * i] * v.scale - v.ox, py = this.xy[2 * i + 1] * v.scale - v.oy;
          if (px < 0 || py < 0 || px > v.w || py > v.h) continue;
          ctx.rect(px - r, py - r, 2 * r, 2 * r);
          this.drawnComponents++;
        }
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.stroke();
      });
    },
  });

  window.ccLayers = {
    batch: batch, decode: decode, PolygonSet: G.PolygonSet, CanvasLayer: CanvasLayer, GRID_LINE_PX: GRID_LINE_PX, OutlineLayer: OutlineLayer, MarkerLayer: MarkerLayer,
    ComponentLayer: ComponentLayer,
  };
})();
