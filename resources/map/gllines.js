/* Street, community and district outlines for the WebGL layer: thick, optionally dashed lines.
 *
 * Each segment is a quad the vertex shader extrudes to the line's width in screen pixels (so widths
 * stay the same at every zoom), with square ends that close the joins. Every outline set is drawn
 * at its own depth with the depth test on, so where a set's segments overlap each pixel is blended
 * once (as one Canvas2D stroke), while a later set still draws over an earlier one.
 */
(function () {
  'use strict';

  const VERTEX_SHADER = `
    attribute vec2 a_from;
    attribute vec2 a_to;
    attribute vec2 a_corner;
    attribute float a_dist;
    uniform float u_scale;
    uniform vec2 u_offset;
    uniform vec2 u_size;
    uniform float u_width;
    uniform float u_depth;
    varying float v_dist;
    void main() {
      vec2 from = a_from * u_scale + u_offset, to = a_to * u_scale + u_offset;
      vec2 along = to - from;
      float len = length(along);
      vec2 dir = len > 0.0 ? along / len : vec2(1.0, 0.0);
      vec2 normal = vec2(-dir.y, dir.x);
      float halfWidth = u_width * 0.5;
      vec2 px = mix(from, to, a_corner.x) + dir * (a_corner.x * 2.0 - 1.0) * halfWidth + normal * a_corner.y * halfWidth;
      v_dist = a_dist * u_scale + a_corner.x * len;
      gl_Position = vec4(px.x / u_size.x * 2.0 - 1.0, 1.0 - px.y / u_size.y * 2.0, u_depth, 1.0);
    }`;

  const FRAGMENT_SHADER = `
    #ifdef GL_FRAGMENT_PRECISION_HIGH
    precision highp float;
    #else
    precision mediump float;
    #endif
    uniform vec4 u_colour;
    uniform vec2 u_dash;
    varying float v_dist;
    void main() {
      if (u_dash.x > 0.0 && mod(v_dist, u_dash.x + u_dash.y) > u_dash.x) discard;
      gl_FragColor = vec4(u_colour.rgb, 1.0) * u_colour.a;
    }`;

  const ATTRIBUTES = ['a_from', 'a_to', 'a_corner', 'a_dist'];
  const FLOATS = 7;  // from.xy, to.xy, corner.xy, distance along the ring at `from`

  function linesProgram(gl, compile) {
    const p = gl.createProgram();
    gl.attachShader(p, compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER));
    gl.attachShader(p, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT_SHADER));
    ATTRIBUTES.forEach((name, k) => gl.bindAttribLocation(p, k, name));
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(p));
    const u = {};
    for (const name of ['u_scale', 'u_offset', 'u_size', 'u_width', 'u_depth', 'u_colour', 'u_dash']) {
      u[name] = gl.getUniformLocation(p, name);
    }
    return { p: p, u: u };
  }

  /* Quads of every ring edge of a PolygonSet, vertices relative to `origin` (zoom-0 px). */
  function lineMesh(gl, set, origin) {
    let segments = 0;
    for (let r = 0; r + 1 < set.ringStart.length; r++) segments += set.ringStart[r + 1] - set.ringStart[r];
    const data = new Float32Array(segments * 4 * FLOATS), index = new Uint32Array(segments * 6), xy = set.xy;
    let s = 0;
    for (let r = 0; r + 1 < set.ringStart.length; r++) {
      const a = set.ringStart[r], b = set.ringStart[r + 1];
      let dist = 0;
      for (let k = a; k < b; k++, s++) {
        const j = k + 1 < b ? k + 1 : a;
        const x0 = xy[2 * k] - origin[0], y0 = xy[2 * k + 1] - origin[1];
        const x1 = xy[2 * j] - origin[0], y1 = xy[2 * j + 1] - origin[1];
        [[0, -1], [1, -1], [1, 1], [0, 1]].forEach(([along, side], c) => {
          data.set([x0, y0, x1, y1, along, side, dist], (4 * s + c) * FLOATS);
        });
        index.set([4 * s, 4 * s + 1, 4 * s + 2, 4 * s, 4 * s + 2, 4 * s + 3], 6 * s);
        dist += Math.hypot(x1 - x0, y1 - y0);
      }
    }
    const vertices = gl.createBuffer(), indices = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, vertices);
    gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, indices);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, index, gl.STATIC_DRAW);
    return { vertices: vertices, indices: indices, count: index.length };
  }

  /* Draw outline sets in order; `sets` items: { mesh, line: {colour, width, dash}, depth }.
   * `rgba` parses a colour; `view` carries scale, offset and size as the cell program uses them. */
  function drawLines(gl, prog, sets, view, rgba) {
    gl.useProgram(prog.p);
    gl.uniform1f(prog.u.u_scale, view.scale);
    gl.uniform2f(prog.u.u_offset, view.offset[0], view.offset[1]);
    gl.uniform2f(prog.u.u_size, view.w, view.h);
    gl.enable(gl.DEPTH_TEST);
    gl.depthFunc(gl.LESS);
    ATTRIBUTES.forEach((_name, k) => gl.enableVertexAttribArray(k));
    const stride = FLOATS * 4;
    for (const item of sets) {
      if (!item.mesh || !item.line) continue;
      const colour = rgba(item.line.colour), width = item.line.width, dash = item.line.dash || [0, 0];
      // Below a pixel an aliased quad would break up: draw it a pixel wide and fainter instead.
      gl.uniform4f(prog.u.u_colour, colour[0], colour[1], colour[2], colour[3] * Math.min(1, width));
      gl.uniform1f(prog.u.u_width, Math.max(1, width));
      gl.uniform1f(prog.u.u_depth, item.depth);
      gl.uniform2f(prog.u.u_dash, dash[0], dash[1]);
      gl.bindBuffer(gl.ARRAY_BUFFER, item.mesh.vertices);
      gl.vertexAttribPointer(0, 2, gl.FLOAT, false, stride, 0);
      gl.vertexAttribPointer(1, 2, gl.FLOAT, false, stride, 8);
      gl.vertexAttribPointer(2, 2, gl.FLOAT, false, stride, 16);
      gl.vertexAttribPointer(3, 1, gl.FLOAT, false, stride, 24);
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, item.mesh.indices);
      gl.drawElements(gl.TRIANGLES, item.mesh.count, gl.UNSIGNED_INT, 0);
    }
    ATTRIBUTES.forEach((_name, k) => { if (k > 0) gl.disableVertexAttribArray(k); });
    gl.disable(gl.DEPTH_TEST);
  }

  function releaseLines(gl, mesh) {
    if (!mesh) return;
    gl.deleteBuffer(mesh.vertices);
    gl.deleteBuffer(mesh.indices);
  }

  window.ccGLLines = { linesProgram: linesProgram, lineMesh: lineMesh, drawLines: drawLines, releaseLines: releaseLines };
})();
