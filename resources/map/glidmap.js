/* The cells as two pictures: the WebGL layer's way to draw a whole district with one quad.
 *
 * Software GL (llvmpipe, what a machine without a GPU has) spends its time setting up triangles,
 * not filling pixels: 92,000 triangles of 3-pixel cells took 25-40 ms, the same area as two
 * triangles 3 ms. So once per geometry every cell is rendered into an id picture (its index + 1 as
 * colour, the district's land as alpha) and a colour picture (each cell's colour over the land,
 * premultiplied, as the triangles would blend it). Up to twice the pictures' own scale, a redraw
 * is one quad sampling the colour picture (grid lines, once they show, are drawn over it as GL
 * lines by gllayer.js): its cost follows the pixels on screen, not the number of cells. A value
 * change repaints only the changed cells' triangles into the colour picture. Zoomed in further,
 * gllayer.js draws the triangles themselves (fewer are then in view).
 */
(function () {
  'use strict';

  /* Texels of each picture at most (4 bytes each), and the longest side. */
  const MAX_TEXELS = 4 * 1024 * 1024, MAX_SIDE = 4096;
  /* How far the pictures are stretched before the triangles take over. */
  const MAGNIFY = 2;

  const TEX_VERTEX = `
    attribute vec2 a_pos;
    attribute vec4 a_colour;
    uniform vec2 u_min;
    uniform float u_texScale;
    uniform vec2 u_texSize;
    varying vec4 v_colour;
    void main() {
      vec2 t = (a_pos - u_min) * u_texScale / u_texSize;
      gl_Position = vec4(t * 2.0 - 1.0, 0.0, 1.0);
      v_colour = a_colour;
    }`;

  const ID_FRAGMENT = `
    precision highp float;
    varying vec4 v_colour;
    void main() { gl_FragColor = v_colour; }`;

  /* A cell's colour at (its alpha x u_alpha) over the land where the id picture has land. */
  const PAINT_FRAGMENT = `
    precision highp float;
    uniform sampler2D u_ids;
    uniform vec2 u_texSize;
    uniform vec4 u_land;
    uniform float u_alpha;
    varying vec4 v_colour;
    void main() {
      vec4 ground = u_land * texture2D(u_ids, gl_FragCoord.xy / u_texSize).a;
      float a = v_colour.a * u_alpha;
      gl_FragColor = vec4(v_colour.rgb, 1.0) * a + ground * (1.0 - a);
    }`;

  const QUAD_VERTEX = `
    attribute vec2 a_pos;
    uniform float u_scale;
    uniform vec2 u_offset;
    uniform vec2 u_size;
    uniform vec2 u_min;
    uniform float u_texScale;
    uniform vec2 u_texSize;
    varying vec2 v_uv;
    void main() {
      vec2 px = a_pos * u_scale + u_offset;
      gl_Position = vec4(px.x / u_size.x * 2.0 - 1.0, 1.0 - px.y / u_size.y * 2.0, 0.9, 1.0);
      v_uv = (a_pos - u_min) * u_texScale / u_texSize;
    }`;

  /* Premultiplied, written unblended: the quad is the first thing drawn on a transparent canvas,
   * so blending would give the same pixels (and costs a software rasteriser a third of the quad). */
  const QUAD_FRAGMENT = `
    precision highp float;
    uniform sampler2D u_picture;
    varying vec2 v_uv;
    void main() {
      gl_FragColor = texture2D(u_picture, v_uv);
    }`;

  function texture(gl, width, height, data) {
    const t = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, t);
    for (const [k, v] of [[gl.TEXTURE_MIN_FILTER, gl.NEAREST], [gl.TEXTURE_MAG_FILTER, gl.NEAREST],
      [gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE], [gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE]]) gl.texParameteri(gl.TEXTURE_2D, k, v);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, width, height, 0, gl.RGBA, gl.UNSIGNED_BYTE, data);
    return t;
  }

  const TEX_UNIFORMS = ['u_min', 'u_texScale', 'u_texSize'];
  const QUAD_UNIFORMS = ['u_scale', 'u_offset', 'u_size', 'u_min', 'u_texScale', 'u_texSize', 'u_picture'];

  function IdMap(gl) {
    const link = window.ccGL.link;   // glbase.js
    this.gl = gl;
    this.idProg = link(gl, TEX_VERTEX, ID_FRAGMENT, TEX_UNIFORMS);
    this.paintProg = link(gl, TEX_VERTEX, PAINT_FRAGMENT, TEX_UNIFORMS.concat(['u_ids', 'u_land', 'u_alpha']));
    this.quadProg = link(gl, QUAD_VERTEX, QUAD_FRAGMENT, QUAD_UNIFORMS);
    this.ids = this.picture = this.fbo = this.quad = null;
    this.texScale = 0;      // texels per zoom-0 pixel; the quad is used up to this view scale
    this.paintedKey = null; // land colour and fill alpha the colour picture was painted with
    this.pending = null;    // cells whose colour changed since the picture was painted
    this.paints = { full: 0, partial: 0 };
  }

  /* Render the id picture of the cells and make room for the colour picture (painted by the
   * first draw). `mesh` holds the cell and land buffers (zoom-0 px relative to its origin);
   * `extent` is [minX, minY, maxX, maxY] in the same units; `texelsPerUnit` the resolution asked
   * for (less if the size limits say so). False where it cannot be made. */
  IdMap.prototype.build = function (mesh, cells, extent, texelsPerUnit) {
    this.release();
    const gl = this.gl, maxSide = Math.min(MAX_SIDE, gl.getParameter(gl.MAX_TEXTURE_SIZE));
    const w0 = extent[2] - extent[0], h0 = extent[3] - extent[1];
    if (!(w0 > 0 && h0 > 0)) return false;
    const scale = Math.min(texelsPerUnit, maxSide / w0, maxSide / h0, Math.sqrt(MAX_TEXELS / (w0 * h0)));
    const width = Math.max(1, Math.ceil(w0 * scale)), height = Math.max(1, Math.ceil(h0 * scale));
    // Each vertex carries its cell's index + 1 as bytes: the colour the cell is rendered with.
    const idWords = new Uint32Array(mesh.vertices);
    for (let i = 0; i < cells.count; i++) idWords.fill(i + 1, cells.firstVertex(i), cells.firstVertex(i + 1));
    const idBuffer = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, idBuffer);
    gl.bufferData(gl.ARRAY_BUFFER, new Uint8Array(idWords.buffer), gl.STATIC_DRAW);
    const ids = texture(gl, width, height, null), fbo = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, fbo);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, ids, 0);
    const ok = gl.checkFramebufferStatus(gl.FRAMEBUFFER) === gl.FRAMEBUFFER_COMPLETE;
    this.extent = extent;
    this.texSize = [width, height];
    this.scale0 = scale;
    if (ok) {
      this._target(fbo, this.idProg);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      this._land(mesh, [0, 0, 0, 1]);  // the land flag: alpha 1 inside the district
      gl.colorMask(true, true, true, false);
      gl.bindBuffer(gl.ARRAY_BUFFER, idBuffer);
      this._cells(mesh, mesh.tri, mesh.triCount);
      gl.colorMask(true, true, true, true);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.deleteBuffer(idBuffer);
    if (!ok) {
      gl.deleteFramebuffer(fbo);
      gl.deleteTexture(ids);
      return false;
    }
    this.ids = ids;
    this.picture = texture(gl, width, height, null);
    gl.bindFramebuffer(gl.FRAMEBUFFER, fbo);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, this.picture, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.fbo = fbo;
    const e = extent;
    this.quad = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, this.quad);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([e[0], e[1], e[2], e[1], e[0], e[3], e[2], e[3]]), gl.STATIC_DRAW);
    this.texScale = scale;
    this.paintedKey = null;
    this.pending = null;
    return true;
  };

  IdMap.prototype._target = function (fbo, prog) {
    const gl = this.gl, [w, h] = this.texSize;
    gl.bindFramebuffer(gl.FRAMEBUFFER, fbo);
    gl.viewport(0, 0, w, h);
    gl.disable(gl.BLEND);
    gl.disable(gl.DEPTH_TEST);
    gl.useProgram(prog.p);
    gl.uniform2f(prog.u.u_min, this.extent[0], this.extent[1]);
    gl.uniform1f(prog.u.u_texScale, this.scale0);
    gl.uniform2f(prog.u.u_texSize, w, h);
  };

  IdMap.prototype._land = function (mesh, colour) {
    const gl = this.gl;
    if (!mesh.land) return;
    gl.enableVertexAttribArray(0);
    gl.bindBuffer(gl.ARRAY_BUFFER, mesh.landPos);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.disableVertexAttribArray(1);
    gl.vertexAttrib4f(1, colour[0], colour[1], colour[2], colour[3]);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, mesh.land);
    gl.drawElements(gl.TRIANGLES, mesh.landCount, gl.UNSIGNED_INT, 0);
  };

  /* Triangles of the cells with the colour buffer bound to ARRAY_BUFFER as attribute 1. */
  IdMap.prototype._cells = function (mesh, indices, count) {
    const gl = this.gl;
    gl.enableVertexAttribArray(1);
    gl.vertexAttribPointer(1, 4, gl.UNSIGNED_BYTE, true, 0, 0);
    gl.enableVertexAttribArray(0);
    gl.bindBuffer(gl.ARRAY_BUFFER, mesh.pos);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, indices);
    gl.drawElements(gl.TRIANGLES, count, gl.UNSIGNED_INT, 0);
  };

  /* Whether a view at this scale (screen px per zoom-0 px) is drawn by the quad: up to a texel
   * on two screen pixels, where a slanted cell edge steps by two pixels (axis-aligned ones not). */
  IdMap.prototype.covers = function (scale) {
    return !!this.ids && scale <= MAGNIFY * this.texScale;
  };

  /* These cells' colours changed (their vertex colours are already in mesh.colour). */
  IdMap.prototype.changed = function (index, count) {
    if (!this.ids || this.paintedKey === null) return;
    if (!index || (this.pending && this.pending.length + index.length > count / 4)) this.paintedKey = null;
    else this.pending = this.pending ? this.pending.concat(Array.from(index)) : Array.from(index);
  };

  /* Bring the colour picture up to date: all of it when the land or the fill alpha changed or
   * most cells did, else the changed cells' triangles only (`cellTriangles(list)` gives theirs). */
  IdMap.prototype._paint = function (mesh, land, fillAlpha, cellTriangles) {
    const gl = this.gl, key = land.join(',') + '/' + fillAlpha, prog = this.paintProg;
    if (key === this.paintedKey && !this.pending) return;
    this._target(this.fbo, prog);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.ids);
    gl.uniform1i(prog.u.u_ids, 0);
    gl.uniform4f(prog.u.u_land, land[0] * land[3], land[1] * land[3], land[2] * land[3], land[3]);
    gl.uniform1f(prog.u.u_alpha, fillAlpha);
    if (key !== this.paintedKey) {
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      this._land(mesh, [0, 0, 0, 0]);  // v_colour alpha 0: the ground alone
      gl.bindBuffer(gl.ARRAY_BUFFER, mesh.colour);
      this._cells(mesh, mesh.tri, mesh.triCount);
      this.paints.full++;
    } else {
      const tri = cellTriangles(this.pending), buffer = gl.createBuffer();
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, buffer);
      gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, tri, gl.STREAM_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, mesh.colour);
      this._cells(mesh, buffer, tri.length);
      gl.deleteBuffer(buffer);
      this.paints.partial++;
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.paintedKey = key;
    this.pending = null;
  };

  /* Draw the cells and the land as one quad. `view` as the cell program takes it: scale, offset
   * (of the mesh origin), w, h, and the canvas size in device pixels. */
  IdMap.prototype.draw = function (mesh, view, fillAlpha, land, cellTriangles) {
    const gl = this.gl, prog = this.quadProg, [tw, th] = this.texSize;
    this._paint(mesh, land, fillAlpha, cellTriangles);
    gl.viewport(0, 0, view.canvasW, view.canvasH);
    gl.disable(gl.BLEND);
    gl.useProgram(prog.p);
    gl.uniform1f(prog.u.u_scale, view.scale);
    gl.uniform2f(prog.u.u_offset, view.offset[0], view.offset[1]);
    gl.uniform2f(prog.u.u_size, view.w, view.h);
    gl.uniform2f(prog.u.u_min, this.extent[0], this.extent[1]);
    gl.uniform1f(prog.u.u_texScale, this.texScale);
    gl.uniform2f(prog.u.u_texSize, tw, th);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.picture);
    gl.uniform1i(prog.u.u_picture, 0);
    gl.enableVertexAttribArray(0);
    gl.disableVertexAttribArray(1);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.quad);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  };

  IdMap.prototype.release = function () {
    const gl = this.gl;
    for (const t of [this.ids, this.picture]) if (t) gl.deleteTexture(t);
    if (this.fbo) gl.deleteFramebuffer(this.fbo);
    if (this.quad) gl.deleteBuffer(this.quad);
    this.ids = this.picture = this.fbo = this.quad = null;
    this.texScale = 0;
    this.paintedKey = null;
    this.pending = null;
  };

  window.ccGLIdMap = { IdMap: IdMap };
})();
