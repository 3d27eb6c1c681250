/* The cells as one picture for the Canvas2D fallback (no WebGL): a whole district drawn with one
 * drawImage instead of a path per cell.
 *
 * Chromium's software canvas spends seconds only BUILDING the paths of 46,000 cells (moveTo/lineTo
 * by the hundred thousand), so here the cells are rasterised once per geometry in JavaScript into
 * an id picture (cell index + 1 per texel, at the centre of each texel, even-odd) with a land
 * flag, and a colour picture is made from it by a table look-up per texel. A value change rewrites
 * only the changed cells' texels. Up to twice the pictures' own scale a redraw is one drawImage
 * (nearest texel); zoomed in further the layer traces the cells in view as before.
 */
(function () {
  'use strict';

  /* Texels at most, the longest side, and how far the picture is stretched before paths take over. */
  const MAX_TEXELS = 4 * 1024 * 1024, MAX_SIDE = 4096, MAGNIFY = 2;

  /* Call span(first, end) for each run of texels (row-major, `width` a row) whose centre is inside
   * part `i` of `set` (even-odd over its rings); texel (tx, ty) centres on extent + (t + 0.5) / s. */
  function spans(set, i, x0, y0, s, width, height, span) {
    const b = set.bbox, xy = set.xy, xs = [];
    const ty0 = Math.max(0, Math.ceil((b[4 * i + 1] - y0) * s - 0.5));
    const ty1 = Math.min(height - 1, Math.floor((b[4 * i + 3] - y0) * s - 0.5));
    for (let ty = ty0; ty <= ty1; ty++) {
      const y = y0 + (ty + 0.5) / s;
      xs.length = 0;
      for (let r = set.partStart[i]; r < set.partStart[i + 1]; r++) {
        const first = set.ringStart[r], last = set.ringStart[r + 1] - 1;
        for (let a = last, c = first; c <= last; a = c, c++) {
          const ya = xy[2 * a + 1], yc = xy[2 * c + 1];
          if ((ya <= y) !== (yc <= y)) xs.push(xy[2 * a] + (y - ya) * (xy[2 * c] - xy[2 * a]) / (yc - ya));
        }
      }
      if (xs.length === 2) { if (xs[0] > xs[1]) xs.reverse(); } else if (xs.length > 2) xs.sort((p, q) => p - q);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const tx0 = Math.max(0, Math.ceil((xs[k] - x0) * s - 0.5));
        const tx1 = Math.min(width, Math.ceil((xs[k + 1] - x0) * s - 0.5));
        if (tx1 > tx0) span(ty * width + tx0, ty * width + tx1);
      }
    }
  }

  /* Colour (as '#rrggbb' / 'rgba(...)') as [r, g, b, a] with r, g, b 0..255 and a 0..1. */
  function parse(colour) {
    const c = window.ccGL.rgba(colour);
    return [c[0] * 255, c[1] * 255, c[2] * 255, c[3]];
  }

  /* `top` at alpha `alpha` over `under` ([r, g, b, a] or null), source-over, as a little-endian
   * RGBA word (ImageData is not premultiplied). */
  function over(top, alpha, under) {
    const ua = under ? under[3] : 0, a = alpha + ua * (1 - alpha);
    if (a <= 0) return 0;
    const ch = (k) => Math.round(((top ? top[k] * alpha : 0) + (under ? under[k] * ua * (1 - alpha) : 0)) / a);
    return (ch(0) | ch(1) << 8 | ch(2) << 16 | Math.round(a * 255) << 24) >>> 0;
  }

  /* The pictures of `cells` (and the land of `district`, or null), `texelsPerUnit` texels per
   * zoom-0 pixel at most; null when there is nothing to draw. */
  function CellPicture(cells, district, texelsPerUnit) {
    const e = [Infinity, Infinity, -Infinity, -Infinity];
    for (const set of [cells, district]) {
      for (let i = 0; set && i < set.count; i++) {
        const b = set.bbox;
        e[0] = Math.min(e[0], b[4 * i]); e[1] = Math.min(e[1], b[4 * i + 1]);
        e[2] = Math.max(e[2], b[4 * i + 2]); e[3] = Math.max(e[3], b[4 * i + 3]);
      }
    }
    const w0 = e[2] - e[0], h0 = e[3] - e[1];
    const s = Math.min(texelsPerUnit, MAX_SIDE / w0, MAX_SIDE / h0, Math.sqrt(MAX_TEXELS / (w0 * h0)));
    const width = Math.max(1, Math.ceil(w0 * s)), height = Math.max(1, Math.ceil(h0 * s));
    this.cells = cells;
    this.extent = e;
    this.scale = s;
    this.width = width;
    this.height = height;
    this.ids = new Int32Array(width * height);
    this.land = new Uint8Array(width * height);
    const ids = this.ids, land = this.land;
    for (let i = 0; i < cells.count; i++) spans(cells, i, e[0], e[1], s, width, height, (a, b) => ids.fill(i + 1, a, b));
    for (let i = 0; district && i < district.count; i++) spans(district, i, e[0], e[1], s, width, height, (a, b) => land.fill(1, a, b));
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.ctx = this.canvas.getContext('2d');
    this.image = this.ctx.createImageData(width, height);
    this.words = new Uint32Array(this.image.data.buffer);
    this.paintedKey = null;
    this.pending = null;
    this.paints = { full: 0, partial: 0 };
  }

  /* Whether a view at this scale (screen px per zoom-0 px) is drawn from the picture. */
  CellPicture.prototype.covers = function (scale) {
    return scale <= MAGNIFY * this.scale;
  };

  /* These cells' classes changed (all of them when `index` is omitted). */
  CellPicture.prototype.changed = function (index) {
    if (this.paintedKey === null) return;
    if (!index || (this.pending && this.pending.length + index.length > this.cells.count / 4)) this.paintedKey = null;
    else this.pending = this.pending ? this.pending.concat(Array.from(index)) : Array.from(index);
  };

  /* Bring the colour picture up to date with `classes` (1-based into `colours`, 0 unfilled). */
  CellPicture.prototype.paint = function (classes, colours, landColour, fillAlpha) {
    const key = colours.join(',') + '/' + landColour + '/' + fillAlpha;
    if (key === this.paintedKey && !this.pending) return;
    const land = landColour ? parse(landColour) : null, fills = colours.map(parse);
    const onLand = [over(null, 0, land)].concat(fills.map((c) => over(c, fillAlpha, land)));
    const bare = [0].concat(fills.map((c) => over(c, fillAlpha, null)));
    const ids = this.ids, flags = this.land, words = this.words, width = this.width, n = fills.length;
    const word = (t) => {
      const id = ids[t], k = id ? classes[id - 1] : 0, table = flags[t] ? onLand : bare;
      return table[k > 0 && k <= n ? k : 0];
    };
    if (key !== this.paintedKey) {
      for (let t = 0; t < words.length; t++) words[t] = word(t);
      this.ctx.putImageData(this.image, 0, 0);
      this.paints.full++;
    } else {
      const cells = this.cells, e = this.extent, s = this.scale;
      let x0 = width, y0 = this.height, x1 = 0, y1 = 0;
      for (const i of this.pending) {
        const b = cells.bbox;
        const tx0 = Math.max(0, Math.floor((b[4 * i] - e[0]) * s)), tx1 = Math.min(width, Math.ceil((b[4 * i + 2] - e[0]) * s));
        const ty0 = Math.max(0, Math.floor((b[4 * i + 1] - e[1]) * s)), ty1 = Math.min(this.height, Math.ceil((b[4 * i + 3] - e[1]) * s));
        for (let ty = ty0; ty < ty1; ty++) {
          for (let t = ty * width + tx0, end = ty * width + tx1; t < end; t++) if (ids[t] === i + 1) words[t] = word(t);
        }
        x0 = Math.min(x0, tx0); y0 = Math.min(y0, ty0); x1 = Math.max(x1, tx1); y1 = Math.max(y1, ty1);
      }
      if (x1 > x0 && y1 > y0) this.ctx.putImageData(this.image, 0, 0, x0, y0, x1 - x0, y1 - y0);
      this.paints.partial++;
    }
    this.paintedKey = key;
    this.pending = null;
  };

  /* Draw the picture on `ctx` for the view `v` (canvas px = zoom-0 px * scale - (ox, oy)). */
  CellPicture.prototype.draw = function (ctx, v) {
    const e = this.extent, k = v.scale / this.scale;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.canvas, e[0] * v.scale - v.ox, e[1] * v.scale - v.oy, this.width * k, this.height * k);
    ctx.imageSmoothingEnabled = true;
  };

  window.ccCanvasPicture = { CellPicture: CellPicture };
})();
