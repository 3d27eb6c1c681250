/* Geometry of the command-centre map, shared by the WebGL layer and the Canvas2D fallback.
 *
 * Polygons arrive from Python as base64 typed arrays (lon/lat as float32 offsets from an origin)
 * and are projected ONCE to Web-Mercator pixels
 * at zoom 0. A uniform grid index over their boxes answers "which cell is under this point" by
 * looking at a handful of candidates, so hover and click cost the same at 4,000 or 250,000 cells.
 * Triangles for WebGL are made once per geometry: a fan for a convex single-ring cell (nearly
 * every unit grid), earcut (vendor/earcut.min.js, ISC) for anything else.
 */
(function () {
  'use strict';

  const B64 = new Uint8Array(128);
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, k) => { B64[c.charCodeAt(0)] = k; });

  /* Base64 straight to bytes, four characters at a time: atob plus a charCodeAt loop over its
   * binary string took 0.2 s for the 4 MB of a 46,000-cell district. */
  function bytesOf(b64) {
    let end = b64.length;
    while (end && b64.charCodeAt(end - 1) === 61) end--;  // '=' padding
    const bytes = new Uint8Array((end * 3) >> 2);
    let o = 0, i = 0;
    for (; i + 4 <= end; i += 4) {
      const n = (B64[b64.charCodeAt(i)] << 18) | (B64[b64.charCodeAt(i + 1)] << 12) | (B64[b64.charCodeAt(i + 2)] << 6) | B64[b64.charCodeAt(i + 3)];
      bytes[o++] = n >> 16; bytes[o++] = (n >> 8) & 255; bytes[o++] = n & 255;
    }
    if (end - i >= 2) {
      const n = (B64[b64.charCodeAt(i)] << 18) | (B64[b64.charCodeAt(i + 1)] << 12) | (end - i === 3 ? B64[b64.charCodeAt(i + 2)] << 6 : 0);
      bytes[o++] = n >> 16;
      if (end - i === 3) bytes[o++] = (n >> 8) & 255;
    }
    return bytes.buffer;
  }

  const decode = {
    f64: (b) => new Float64Array(bytesOf(b)),
    f32: (b) => new Float32Array(bytesOf(b)),
    u32: (b) => new Uint32Array(bytesOf(b)),
    u8: (b) => new Uint8Array(bytesOf(b)),
  };

  /* Lon/lat pairs of a payload: float32 offsets from its origin (widgets/map/payload.py). */
  function lonLats(payload) {
    const d = decode.f32(payload.coords), out = new Float64Array(d.length), x0 = payload.origin[0], y0 = payload.origin[1];
    for (let k = 0; k < d.length; k += 2) {
      out[k] = d[k] + x0;
      out[k + 1] = d[k + 1] + y0;
    }
    return out;
  }

  const MAX_LAT = 85.0511287798, RAD = Math.PI / 180;

  /* Zoom-0 pixels of lon/lat pairs. For EPSG:3857 (folium's CRS) this is Leaflet's own formula
   * inlined: building an L.LatLng per vertex took most of the time at 250,000 cells. */
  function project(crs, lonlat) {
    const xy = new Float64Array(lonlat.length);
    if (crs !== L.CRS.EPSG3857) {
      for (let i = 0; i < lonlat.length; i += 2) {
        const p = crs.latLngToPoint(L.latLng(lonlat[i + 1], lonlat[i]), 0);
        xy[i] = p.x;
        xy[i + 1] = p.y;
      }
      return xy;
    }
    for (let i = 0; i < lonlat.length; i += 2) {
      const s = Math.sin(Math.max(-MAX_LAT, Math.min(MAX_LAT, lonlat[i + 1])) * RAD);
      xy[i] = 256 * (0.5 + lonlat[i] / 360);
      xy[i + 1] = 256 * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI));
    }
    return xy;
  }

  /* Polygons as flat arrays: part i owns rings partStart[i]..partStart[i+1], ring r owns
   * vertices ringStart[r]..ringStart[r+1]. */
  function PolygonSet(payload, crs) {
    this.partStart = decode.u32(payload.parts);
    this.ringStart = decode.u32(payload.rings);
    this.lonlat = lonLats(payload);
    this.xy = project(crs, this.lonlat);
    this.count = this.partStart.length - 1;
    this.bbox = new Float64Array(this.count * 4);
    for (let i = 0; i < this.count; i++) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let v = this.firstVertex(i); v < this.firstVertex(i + 1); v++) {
        const x = this.xy[2 * v], y = this.xy[2 * v + 1];
        if (x < x0) x0 = x; if (x > x1) x1 = x;
        if (y < y0) y0 = y; if (y > y1) y1 = y;
      }
      this.bbox.set([x0, y0, x1, y1], 4 * i);
    }
    this._index = null;
  }

  PolygonSet.prototype.firstVertex = function (i) {
    return this.ringStart[this.partStart[i]];
  };

  PolygonSet.prototype.inView = function (i, v) {
    const b = this.bbox;
    return b[4 * i + 2] >= v.minX && b[4 * i] <= v.maxX && b[4 * i + 3] >= v.minY && b[4 * i + 1] <= v.maxY;
  };

  PolygonSet.prototype.countInView = function (v) {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.inView(i, v)) n++;
    return n;
  };

  PolygonSet.prototype.trace = function (ctx, i, v) {
    const xy = this.xy, s = v.scale;
    for (let r = this.partStart[i]; r < this.partStart[i + 1]; r++) {
      const a = this.ringStart[r], b = this.ringStart[r + 1];
      ctx.moveTo(xy[2 * a] * s - v.ox, xy[2 * a + 1] * s - v.oy);
      for (let k = a + 1; k < b; k++) ctx.lineTo(xy[2 * k] * s - v.ox, xy[2 * k + 1] * s - v.oy);
      ctx.closePath();
    }
  };

  /* Even-odd point-in-polygon over all rings of part i, in zoom-0 pixels. */
  PolygonSet.prototype.contains = function (i, x, y) {
    const b = this.bbox, xy = this.xy;
    if (x < b[4 * i] || x > b[4 * i + 2] || y < b[4 * i + 1] || y > b[4 * i + 3]) return false;
    let inside = false;
    for (let r = this.partStart[i]; r < this.partStart[i + 1]; r++) {
      const a = this.ringStart[r], n = this.ringStart[r + 1];
      for (let k = a, j = n - 1; k < n; j = k++) {
        const xk = xy[2 * k], yk = xy[2 * k + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
        if ((yk > y) !== (yj > y) && x < ((xj - xk) * (y - yk)) / (yj - yk) + xk) inside = !inside;
      }
    }
    return inside;
  };

  /* Buckets of about two parts each over the set's box; a part sits in every bucket its box
   * touches. Built on the first hit, so a set that is only drawn never pays for it. */
  PolygonSet.prototype._buildIndex = function () {
    const b = this.bbox, n = this.count;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      if (b[4 * i] < x0) x0 = b[4 * i];
      if (b[4 * i + 1] < y0) y0 = b[4 * i + 1];
      if (b[4 * i + 2] > x1) x1 = b[4 * i + 2];
      if (b[4 * i + 3] > y1) y1 = b[4 * i + 3];
    }
    const side = Math.max(1, Math.ceil(Math.sqrt(n / 2)));
    const idx = { x0: x0, y0: y0, nx: side, ny: side, cw: (x1 - x0) / side || 1, ch: (y1 - y0) / side || 1 };
    // The buckets each part's box touches, as four numbers a part (no arrays made per part).
    const range = new Int32Array(4 * n), cell = (v, lo, size) => Math.min(side - 1, Math.floor((v - lo) / size));
    const start = new Uint32Array(side * side + 1);
    for (let i = 0; i < n; i++) {
      const cx0 = cell(b[4 * i], x0, idx.cw), cy0 = cell(b[4 * i + 1], y0, idx.ch);
      const cx1 = cell(b[4 * i + 2], x0, idx.cw), cy1 = cell(b[4 * i + 3], y0, idx.ch);
      range[4 * i] = cx0; range[4 * i + 1] = cy0; range[4 * i + 2] = cx1; range[4 * i + 3] = cy1;
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) start[cy * side + cx + 1]++;
    }
    for (let k = 0; k < side * side; k++) start[k + 1] += start[k];
    const fill = start.slice(0, side * side), items = new Uint32Array(start[side * side]);
    for (let i = 0; i < n; i++) {
      for (let cy = range[4 * i + 1]; cy <= range[4 * i + 3]; cy++) {
        for (let cx = range[4 * i]; cx <= range[4 * i + 2]; cx++) items[fill[cy * side + cx]++] = i;
      }
    }
    idx.start = start;
    idx.items = items;
    return idx;
  };

  /* The part under zoom-0 point (x, y), or -1. */
  PolygonSet.prototype.hit = function (x, y) {
    if (!this.count) return -1;
    const idx = this._index || (this._index = this._buildIndex());
    const cx = Math.floor((x - idx.x0) / idx.cw), cy = Math.floor((y - idx.y0) / idx.ch);
    if (cx < 0 || cy < 0 || cx >= idx.nx || cy >= idx.ny) return -1;
    const bucket = cy * idx.nx + cx;
    for (let k = idx.start[bucket]; k < idx.start[bucket + 1]; k++) {
      if (this.contains(idx.items[k], x, y)) return idx.items[k];
    }
    return -1;
  };

  PolygonSet.prototype.latLngs = function (i) {
    const out = [];
    for (let r = this.partStart[i]; r < this.partStart[i + 1]; r++) {
      const ring = [];
      for (let k = this.ringStart[r]; k < this.ringStart[r + 1]; k++) {
        ring.push([this.lonlat[2 * k + 1], this.lonlat[2 * k]]);
      }
      out.push(ring);
    }
    return out;
  };

  PolygonSet.prototype.bounds = function () {
    const ll = this.lonlat;
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (let k = 0; k < ll.length; k += 2) {
      if (ll[k] < w) w = ll[k]; if (ll[k] > e) e = ll[k];
      if (ll[k + 1] < s) s = ll[k + 1]; if (ll[k + 1] > n) n = ll[k + 1];
    }
    return L.latLngBounds([s, w], [n, e]);
  };

  /* Middle of the set's box in zoom-0 pixels: the origin of the WebGL layer's float32 vertices,
   * which keeps them exact to a hundredth of a pixel at zoom 20 (absolute zoom-0 pixels in float32
   * would be off by ~15 px there). */
  PolygonSet.prototype.centre = function () {
    const b = this.bbox;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < this.count; i++) {
      x0 = Math.min(x0, b[4 * i]); y0 = Math.min(y0, b[4 * i + 1]);
      x1 = Math.max(x1, b[4 * i + 2]); y1 = Math.max(y1, b[4 * i + 3]);
    }
    return this.count ? [(x0 + x1) / 2, (y0 + y1) / 2] : [0, 0];
  };

  function isConvexRing(xy, a, b) {
    let sign = 0;
    for (let k = a; k < b; k++) {
      const j = k + 1 < b ? k + 1 : a, m = j + 1 < b ? j + 1 : a;
      const cross = (xy[2 * j] - xy[2 * k]) * (xy[2 * m + 1] - xy[2 * j + 1]) - (xy[2 * j + 1] - xy[2 * k + 1]) * (xy[2 * m] - xy[2 * j]);
      if (cross === 0) continue;
      if (sign === 0) sign = cross > 0 ? 1 : -1;
      else if ((cross > 0 ? 1 : -1) !== sign) return false;
    }
    return true;
  }

  /* Triangle indices (into the set's vertices) of every part, made once per geometry. Written
   * straight into a typed array: a plain array of 1.5 million indices at 250,000 cells would sit
   * in the renderer's capped JavaScript heap. */
  PolygonSet.prototype.triangles = function () {
    const xy = this.xy, odd = new Map();
    let total = 0;
    for (let i = 0; i < this.count; i++) {
      const r0 = this.partStart[i], r1 = this.partStart[i + 1];
      const a = this.ringStart[r0], b = this.ringStart[r0 + 1];
      if (r1 - r0 === 1 && isConvexRing(xy, a, b)) {
        total += 3 * Math.max(0, b - a - 2);
        continue;
      }
      const t = this._earcutPart(r0, r1);
      odd.set(i, t);
      total += t.length;
    }
    const out = new Uint32Array(total), start = new Uint32Array(this.count + 1);
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      start[i] = n;
      const a = this.firstVertex(i), t = odd.get(i);
      if (t) {
        for (const v of t) out[n++] = v;
        continue;
      }
      const b = this.ringStart[this.partStart[i] + 1];
      for (let k = a + 1; k + 1 < b; k++) {
        out[n++] = a; out[n++] = k; out[n++] = k + 1;
      }
    }
    start[this.count] = n;
    this.triangleStart = start;  // part i owns out[start[i]..start[i+1]]
    return out;
  };

  /* Whether the first vertex of ring q lies inside ring r (even-odd), zoom-0 pixels. */
  PolygonSet.prototype._ringContains = function (r, q) {
    const xy = this.xy, a = this.ringStart[r], n = this.ringStart[r + 1];
    const x = xy[2 * this.ringStart[q]], y = xy[2 * this.ringStart[q] + 1];
    let inside = false;
    for (let k = a, j = n - 1; k < n; j = k++) {
      const xk = xy[2 * k], yk = xy[2 * k + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
      if ((yk > y) !== (yj > y) && x < ((xj - xk) * (y - yk)) / (yj - yk) + xk) inside = !inside;
    }
    return inside;
  };

  /* earcut of rings r0..r1 with the even-odd rule Canvas2D fills them by: the rings arrive
   * flattened (a multipolygon's outers and holes side by side), so a ring inside an odd number of
   * others is a hole of the innermost one around it, any other ring an outline of its own.
   * Indices are into the set's vertices. */
  PolygonSet.prototype._earcutPart = function (r0, r1) {
    const xy = this.xy, depth = [], parent = [];
    for (let r = r0; r < r1; r++) {
      let d = 0, inner = -1;
      for (let q = r0; q < r1; q++) {
        if (q === r || !this._ringContains(q, r)) continue;
        d++;
        if (inner < 0 || this._ringContains(inner, q)) inner = q;
      }
      depth.push(d);
      parent.push(inner);
    }
    const out = [];
    for (let r = r0; r < r1; r++) {
      if (depth[r - r0] % 2) continue;
      const rings = [r];
      for (let q = r0; q < r1; q++) if (depth[q - r0] % 2 && parent[q - r0] === r) rings.push(q);
      const coords = [], holes = [], index = [];
      for (const q of rings) {
        if (q !== r) holes.push(index.length);
        for (let v = this.ringStart[q]; v < this.ringStart[q + 1]; v++) {
          coords.push(xy[2 * v] - xy[2 * this.ringStart[r]], xy[2 * v + 1] - xy[2 * this.ringStart[r] + 1]);
          index.push(v);
        }
      }
      for (const t of earcut.default(coords, holes, 2)) out.push(index[t]);
    }
    return out;
  };

  /* Line-segment indices along every ring, closing each ring. */
  PolygonSet.prototype.edges = function () {
    const rings = this.ringStart, out = new Uint32Array(2 * rings[rings.length - 1]);
    let n = 0;
    for (let r = 0; r + 1 < rings.length; r++) {
      const a = rings[r], b = rings[r + 1];
      for (let k = a; k < b; k++) {
        out[n++] = k; out[n++] = k + 1 < b ? k + 1 : a;
      }
    }
    return out;
  };

  /* Ring edges without repeats: an edge two cells share (same end points, either direction) once.
   * Vertices are matched by their exact coordinates (neighbours share them bit for bit), through
   * open-addressing tables, so 185,000 edges take a few tens of milliseconds. */
  PolygonSet.prototype.uniqueEdges = function () {
    const xy = this.xy, rings = this.ringStart, n = rings[rings.length - 1];
    const bits = new Uint32Array(xy.buffer, xy.byteOffset, 4 * n);
    const tableSize = (count) => { let size = 2; while (size < 2 * count) size <<= 1; return size; };
    const vSize = tableSize(n), vTable = new Int32Array(vSize).fill(-1), canon = new Uint32Array(n);
    for (let v = 0; v < n; v++) {
      let h = (Math.imul(bits[4 * v] ^ bits[4 * v + 1], 0x9e3779b1) ^ Math.imul(bits[4 * v + 2] ^ bits[4 * v + 3], 0x85ebca77)) & (vSize - 1);
      for (;;) {
        const u = vTable[h];
        if (u < 0) { vTable[h] = v; canon[v] = v; break; }
        if (xy[2 * u] === xy[2 * v] && xy[2 * u + 1] === xy[2 * v + 1]) { canon[v] = u; break; }
        h = (h + 1) & (vSize - 1);
      }
    }
    const eSize = tableSize(n), eFirst = new Int32Array(eSize).fill(-1), eSecond = new Int32Array(eSize);
    const out = new Uint32Array(2 * n);
    let m = 0;
    for (let r = 0; r + 1 < rings.length; r++) {
      const a0 = rings[r], b0 = rings[r + 1];
      for (let k = a0; k < b0; k++) {
        const j = k + 1 < b0 ? k + 1 : a0;
        let a = canon[k], b = canon[j];
        if (a === b) continue;
        if (a > b) { const t = a; a = b; b = t; }
        let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & (eSize - 1);
        for (;;) {
          if (eFirst[h] < 0) {
            eFirst[h] = a; eSecond[h] = b;
            out[m++] = k; out[m++] = j;
            break;
          }
          if (eFirst[h] === a && eSecond[h] === b) break;
          h = (h + 1) & (eSize - 1);
        }
      }
    }
    return out.slice(0, m);
  };

  window.ccGeometry = { decode: decode, lonLats: lonLats, project: project, PolygonSet: PolygonSet };
})();
