/* The unit grid cells and every outline on the GPU: one WebGL canvas in the cells pane, drawn from
 * buffers made once per geometry, so a redraw is a handful of draw calls whatever the number of
 * cells. Zoomed out (and up to street level) the cells come from pictures of them (glidmap.js), one
 * quad a redraw; the triangles draw the first paint and the views zoomed in beyond the pictures.
 *
 * Vertices are zoom-0 Web-Mercator pixels relative to the middle of the district, in float32; the
 * vertex shader scales them to the zoom and moves them to the canvas, with that offset computed in
 * float64 here. Colours live in a per-vertex byte buffer: a value change rewrites the bytes of the
 * changed cells and uploads that range, never re-tessellating. Grid lines are GL lines drawn with a
 * depth test, so an edge shared by two cells is blended once, as one Canvas2D stroke would do.
 * Context loss is announced ('contextlost') so the page can fall back to Canvas2D.
 */
(function () {
  'use strict';

  const L_ = window.ccLayers, LINES = window.ccGLLines, IDMAP = window.ccGLIdMap, GL = window.ccGL;
  const rgba = GL.rgba, compile = GL.compile, buffer = GL.buffer, relative = GL.relative;
  /* Depth of each kind of line: later kinds draw over earlier ones, none blends twice on a pixel. */
  const DEPTH = { grid: 0.8, communities: 0.6, streets: 0.4, districtGlow: 0.2, district: 0 };
  /* How long after new cells the pictures are made (gllayer.js draws the triangles until then). */
  const PICTURE_DELAY_MS = 300;

  const VERTEX_SHADER = `
    attribute vec2 a_pos;
    attribute vec4 a_colour;
    uniform float u_scale;
    uniform vec2 u_offset;
    uniform vec2 u_size;
    uniform float u_depth;
    varying vec4 v_colour;
    void main() {
      vec2 px = a_pos * u_scale + u_offset;
      gl_Position = vec4(px.x / u_size.x * 2.0 - 1.0, 1.0 - px.y / u_size.y * 2.0, u_depth, 1.0);
      v_colour = a_colour;
    }`;

  /* Premultiplied output: the page composites the canvas as premultiplied alpha. */
  const FRAGMENT_SHADER = `
    precision mediump float;
    uniform float u_alpha;
    varying vec4 v_colour;
    void main() {
      gl_FragColor = vec4(v_colour.rgb, 1.0) * (v_colour.a * u_alpha);
    }`;

  /* No multisampling: in software GL (llvmpipe, what offscreen QtWebEngine has) it made a redraw
   * four times slower, and cell edges are nearly all axis-aligned anyway. */
  const CONTEXT = { alpha: true, premultipliedAlpha: true, antialias: false, depth: true, stencil: false };

  function program(gl) {
    return GL.link(gl, VERTEX_SHADER, FRAGMENT_SHADER, ['u_scale', 'u_offset', 'u_size', 'u_alpha', 'u_depth']);
  }

  const GLCellLayer = L_.CanvasLayer.extend({
    /* A tenth of the view around it, as Leaflet's own renderers: a clear costs by the pixel. */
    options: { padding: 0.1 },

    initialize: function (style, pane, canvas, gl) {
      L.setOptions(this, { pane: pane });
      this.style = style;
      this.cells = null;
      this.district = null;
      this.classes = null;
      this.colours = [];
      this._canvas = canvas;
      this._gl = gl;
      this._prog = program(gl);
      this._linesProg = LINES.linesProgram(gl, compile);
      this._outlines = null;
      this._mesh = null;
      this._dirty = null;
      this.meshBuilds = 0;
      this._idmap = null;  // made with the first pictures: its shaders need not delay the page
      this._idmapTimer = this._idmapIdle = null;
      this._warmUp();
      canvas.addEventListener('webglcontextlost', (e) => {
        e.preventDefault();
        this._lost = true;
        this.fire('contextlost');
      });
    },

    /* One empty draw with the cell program while the page still waits for its data: software GL
     * compiles a shader for its state at the first draw, and that need not delay the first paint. */
    _warmUp: function () {
      const gl = this._gl, prog = this._prog, b = buffer(gl, gl.ARRAY_BUFFER, new Float32Array(12));
      gl.useProgram(prog.p);
      gl.enableVertexAttribArray(0);
      gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
      gl.enableVertexAttribArray(1);
      gl.vertexAttribPointer(1, 4, gl.UNSIGNED_BYTE, true, 0, 0);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      gl.drawArrays(gl.TRIANGLES, 0, 3);
      gl.disableVertexAttribArray(1);
      gl.deleteBuffer(b);
    },

    onAdd: function () {
      this.getPane().appendChild(this._canvas);
      this._reset();
    },

    setCells: function (cells, district) {
      const gl = this._gl;
      this._release();
      this.cells = cells;
      this.district = district;
      this.classes = new Uint8Array(cells.count);
      const origin = cells.count ? cells.centre() : district ? district.centre() : [0, 0];
      const mesh = { origin: origin, vertices: cells.xy.length / 2 };
      mesh.pos = buffer(gl, gl.ARRAY_BUFFER, relative(cells.xy, origin));
      mesh.colourBytes = new Uint8Array(4 * mesh.vertices);
      mesh.colour = buffer(gl, gl.ARRAY_BUFFER, mesh.colourBytes, gl.DYNAMIC_DRAW);
      const tri = cells.triangles(), edges = cells.edges();
      mesh.tri = buffer(gl, gl.ELEMENT_ARRAY_BUFFER, tri);
      mesh.triCount = tri.length;
      mesh.edges = buffer(gl, gl.ELEMENT_ARRAY_BUFFER, edges);
      mesh.edgeCount = edges.length;
      if (district) {
        const land = district.triangles();
        mesh.landPos = buffer(gl, gl.ARRAY_BUFFER, relative(district.xy, origin));
        mesh.land = buffer(gl, gl.ELEMENT_ARRAY_BUFFER, land);
        mesh.landCount = land.length;
      }
      let width = 0;
      for (let i = 0; i < cells.count; i++) width += cells.bbox[4 * i + 2] - cells.bbox[4 * i];
      mesh.cellWidth0 = cells.count ? width / cells.count : 0;
      this._mesh = mesh;
      this._dirty = null;
      this.meshBuilds++;
      this._colourWords = new Uint32Array(mesh.colourBytes.buffer);
      mesh.triangles = tri;
      mesh.triangleStart = cells.triangleStart;
      if (cells.count) {
        // A moment after the batch that brought the cells is drawn (with the triangles) and
        // painted, once the page is idle: a first paint does not wait for the pictures.
        this._idmapTimer = setTimeout(() => {
          this._idmapTimer = null;
          this._idmapIdle = requestIdleCallback(() => this.buildIdMap(), { timeout: 1000 });
        }, PICTURE_DELAY_MS);
      }
    },

    /* Render the id picture now (normally a moment after the cells arrive). */
    buildIdMap: function () {
      this._cancelIdMap();
      const mesh = this._mesh, cells = this.cells;
      if (!mesh || this._lost || (this._idmap && this._idmap.ids)) return;
      if (!this._idmap) {
        try {
          this._idmap = new IDMAP.IdMap(this._gl);
        } catch (e) {  // the triangles alone still draw everything
          console.error('WebGL pictures unavailable: ' + e);
          return;
        }
      }
      const o = mesh.origin, sets = [cells].concat(this.district ? [this.district] : []);
      const e = [Infinity, Infinity, -Infinity, -Infinity];
      for (const set of sets) {
        for (let i = 0; i < set.count; i++) {
          const b = set.bbox;
          e[0] = Math.min(e[0], b[4 * i] - o[0]); e[1] = Math.min(e[1], b[4 * i + 1] - o[1]);
          e[2] = Math.max(e[2], b[4 * i + 2] - o[0]); e[3] = Math.max(e[3], b[4 * i + 3] - o[1]);
        }
      }
      const start = performance.now();
      // Grid lines: an edge two cells share drawn once (half the lines of the first paint's).
      const edges = cells.uniqueEdges(), gl = this._gl;
      gl.deleteBuffer(mesh.edges);
      mesh.edges = buffer(gl, gl.ELEMENT_ARRAY_BUFFER, edges);
      mesh.edgeCount = edges.length;
      // A cell GRID_LINE_PX texels wide: the pictures serve every zoom without grid lines.
      if (this._idmap.build(mesh, cells, e, L_.GRID_LINE_PX / mesh.cellWidth0)) this._paintPicture();
      if (this.finish) this.finish();
      this.pictureMs = performance.now() - start;
    },

    _cancelIdMap: function () {
      if (this._idmapTimer !== null) clearTimeout(this._idmapTimer);
      if (this._idmapIdle !== null) cancelIdleCallback(this._idmapIdle);
      this._idmapTimer = this._idmapIdle = null;
    },

    _paintPicture: function () {
      const st = this.style(), mesh = this._mesh;
      this._uploadColours();
      this._idmap._paint(mesh, mesh.land && st.land ? rgba(st.land) : [0, 0, 0, 0], st.fillAlpha,
        (list) => this._cellTriangles(list));
    },

    /* Community, street and district outlines: { communities, streets, district } PolygonSets. */
    setOutlines: function (sets) {
      this._releaseOutlines();
      const origin = this._mesh ? this._mesh.origin : [0, 0], gl = this._gl, out = {};
      for (const name of ['communities', 'streets', 'district']) {
        if (sets[name] && sets[name].count) out[name] = LINES.lineMesh(gl, sets[name], origin);
      }
      this._outlines = out;
    },

    /* Rewrite the colours of these cells (all when `index` is omitted) from their classes: the
     * bytes of their vertices and their palette texel. */
    refreshColours: function (index) {
      const mesh = this._mesh, cells = this.cells;
      if (!mesh) return;
      const words = this.colours.map((c) => {
        const [r, g, b] = rgba(c).map((x) => Math.round(x * 255));
        return (r | g << 8 | b << 16 | 255 << 24) >>> 0;
      });
      const vertexWords = this._colourWords, classes = this.classes;
      let lo = this._dirty ? this._dirty[0] : Infinity, hi = this._dirty ? this._dirty[1] : -Infinity;
      const paint = (i) => {
        const k = classes[i], word = k > 0 && k <= words.length ? words[k - 1] : 0;
        const a = cells.firstVertex(i), b = cells.firstVertex(i + 1);
        vertexWords.fill(word, a, b);
        if (a < lo) lo = a;
        if (b > hi) hi = b;
      };
      if (index) for (let k = 0; k < index.length; k++) paint(index[k]);
      else for (let i = 0; i < cells.count; i++) paint(i);
      if (hi > lo) this._dirty = [lo, hi];
      if (this._idmap) this._idmap.changed(index, cells.count);
    },

    /* Triangle indices of these cells, for repainting them alone into the colour picture. */
    _cellTriangles: function (list) {
      const tri = this._mesh.triangles, start = this._mesh.triangleStart;
      let n = 0;
      for (const i of list) n += start[i + 1] - start[i];
      const out = new Uint32Array(n);
      n = 0;
      for (const i of list) {
        out.set(tri.subarray(start[i], start[i + 1]), n);
        n += start[i + 1] - start[i];
      }
      return out;
    },

    _uploadColours: function () {
      const gl = this._gl, mesh = this._mesh;
      if (!this._dirty) return;
      const [lo, hi] = this._dirty;
      gl.bindBuffer(gl.ARRAY_BUFFER, mesh.colour);
      gl.bufferSubData(gl.ARRAY_BUFFER, 4 * lo, mesh.colourBytes.subarray(4 * lo, 4 * hi));
      this._dirty = null;
    },

    redraw: function () {
      if (!this._map || this._lost) return;
      this.redraws = (this.redraws || 0) + 1;
      const gl = this._gl, v = this.view(), mesh = this._mesh, canvas = this._canvas;
      const phase = this._phase || (() => {});
      gl.viewport(0, 0, canvas.width, canvas.height);
      this.drawnBy = mesh && this._idmap && this._idmap.covers(v.scale) ? 'picture' : 'triangles';
      const lineView = mesh ? { scale: v.scale, offset: [mesh.origin[0] * v.scale - v.ox, mesh.origin[1] * v.scale - v.oy],
        w: v.w, h: v.h, canvasW: canvas.width, canvasH: canvas.height } : null;
      // One whole clear: llvmpipe clears a whole buffer lazily, while scissored clears of the
      // bands around the quad (tried) cost 20-70 ms against 4-8 ms.
      GL.clearAll(gl);
      phase('clear');
      if (!mesh) return;
      const st = this.style(), cellPx = mesh.cellWidth0 * v.scale;
      // Canvas2D strokes 0.6 px lines below 40 px cells; a 1 px GL line at 60 % alpha reads the same.
      const line = cellPx >= L_.GRID_LINE_PX ? rgba(st.gridLine) : [0, 0, 0, 0];
      line[3] *= cellPx >= 40 ? 1 : 0.6;
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      gl.disable(gl.DEPTH_TEST);
      this._uploadColours();
      if (this.drawnBy === 'picture') {
        this._idmap.draw(mesh, lineView, st.fillAlpha, mesh.land && st.land ? rgba(st.land) : [0, 0, 0, 0],
          (list) => this._cellTriangles(list));
        gl.enable(gl.BLEND);
        phase('picture');
        if (line[3] > 0) this._drawGridLines(v, mesh, line, phase);  // the pictures hold none
      } else {
        this._drawTriangles(v, mesh, st, line, phase);
      }
      const o = this._outlines || {};
      LINES.drawLines(gl, this._linesProg, [
        { mesh: o.communities, line: st.community, depth: DEPTH.communities },
        { mesh: o.streets, line: st.street, depth: DEPTH.streets },
        { mesh: o.district, line: st.districtGlow, depth: DEPTH.districtGlow },
        { mesh: o.district, line: st.district, depth: DEPTH.district },
      ], lineView, rgba);
    },

    /* The mesh's program, placed for the view `v` (vertices are float32 offsets from the mesh's origin). */
    _useMeshProgram: function (v, mesh) {
      const gl = this._gl, prog = this._prog;
      gl.useProgram(prog.p);
      gl.uniform1f(prog.u.u_scale, v.scale);
      gl.uniform2f(prog.u.u_offset, mesh.origin[0] * v.scale - v.ox, mesh.origin[1] * v.scale - v.oy);
      gl.uniform2f(prog.u.u_size, v.w, v.h);
      gl.uniform1f(prog.u.u_depth, DEPTH.grid);
      gl.enableVertexAttribArray(0);
      return gl;
    },

    /* Land, cells and grid lines from the triangles: before the id picture exists, and zoomed in
     * beyond its resolution. */
    _drawTriangles: function (v, mesh, st, line, phase) {
      const gl = this._useMeshProgram(v, mesh), prog = this._prog;
      if (mesh.land && st.land) {
        this._constant(rgba(st.land), 1, mesh.landPos);
        gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, mesh.land);
        gl.drawElements(gl.TRIANGLES, mesh.landCount, gl.UNSIGNED_INT, 0);
      }
      phase('land');
      gl.bindBuffer(gl.ARRAY_BUFFER, mesh.pos);
      gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
      gl.bindBuffer(gl.ARRAY_BUFFER, mesh.colour);
      gl.enableVertexAttribArray(1);
      gl.vertexAttribPointer(1, 4, gl.UNSIGNED_BYTE, true, 0, 0);
      gl.uniform1f(prog.u.u_alpha, st.fillAlpha);
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, mesh.tri);
      gl.drawElements(gl.TRIANGLES, mesh.triCount, gl.UNSIGNED_INT, 0);
      phase('cells');
      if (line[3] > 0) this._drawGridLines(v, mesh, line, phase);
    },

    /* Every cell edge as a 1 px GL line, each pixel blended once (depth test). */
    _drawGridLines: function (v, mesh, line, phase) {
      const gl = this._useMeshProgram(v, mesh);
      this._constant(line, 1, mesh.pos);
      gl.enable(gl.DEPTH_TEST);
      gl.depthFunc(gl.LESS);
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, mesh.edges);
      gl.drawElements(gl.LINES, mesh.edgeCount, gl.UNSIGNED_INT, 0);
      gl.disable(gl.DEPTH_TEST);
      phase('gridlines');
    },

    _constant: function (colour, alpha, positions) {
      const gl = this._gl;
      gl.bindBuffer(gl.ARRAY_BUFFER, positions);
      gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
      gl.disableVertexAttribArray(1);
      gl.vertexAttrib4f(1, colour[0], colour[1], colour[2], colour[3]);
      gl.uniform1f(this._prog.u.u_alpha, alpha);
    },

    _releaseOutlines: function () {
      for (const mesh of Object.values(this._outlines || {})) LINES.releaseLines(this._gl, mesh);
      this._outlines = null;
    },

    _release: function () {
      const gl = this._gl, mesh = this._mesh;
      this._releaseOutlines();
      this._cancelIdMap();
      if (this._idmap) this._idmap.release();
      if (!mesh) return;
      for (const b of [mesh.pos, mesh.colour, mesh.tri, mesh.edges, mesh.landPos, mesh.land]) if (b) gl.deleteBuffer(b);
      this._mesh = null;
    },

    /* Cells whose box meets the canvas: what a redraw puts on screen. */
    drawn: function () {
      return this.cells && this._map ? this.cells.countInView(this.view()) : 0;
    },

    /* The canvas pixel (un-premultiplied RGBA) at this point, read straight after a redraw. */
    pixelAt: function (latlng) {
      this.redraw();
      const gl = this._gl, p = this._map.latLngToLayerPoint(latlng).subtract(this._topLeft);
      const d = new Uint8Array(4);
      gl.readPixels(Math.round(p.x * this._dpr), this._canvas.height - 1 - Math.round(p.y * this._dpr), 1, 1,
        gl.RGBA, gl.UNSIGNED_BYTE, d);
      const a = d[3] || 255;
      return [Math.round(d[0] * 255 / a), Math.round(d[1] * 255 / a), Math.round(d[2] * 255 / a), d[3]];
    },

    /* Blocks until the GPU has finished the frame: what benchmarks time, not what the page does. */
    finish: function () {
      const d = new Uint8Array(4);
      this._gl.readPixels(0, 0, 1, 1, this._gl.RGBA, this._gl.UNSIGNED_BYTE, d);
    },
  });

  /* A WebGL cell layer, or null where the browser gives no WebGL (then the page uses Canvas2D). */
  function createGLCellLayer(style, pane) {
    const canvas = L.DomUtil.create('canvas', 'cc-canvas leaflet-zoom-animated');
    const gl = canvas.getContext('webgl2', CONTEXT) || canvas.getContext('webgl', CONTEXT);
    if (!gl) return null;
    if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) {
      if (!gl.getExtension('OES_element_index_uint')) return null;
    }
    try {
      return new GLCellLayer(style, pane, canvas, gl);
    } catch (e) {
      console.error('WebGL layer failed: ' + e);
      return null;
    }
  }

  L_.GLCellLayer = GLCellLayer;
  L_.createGLCellLayer = createGLCellLayer;
})();
