/* What the WebGL layers share: colour parsing, shader compiling, buffers, and the clear of a frame
 * drawn from the cell picture (only what the picture's quad does not overwrite anyway).
 */
(function () {
  'use strict';

  /* '#rrggbb' or 'rgba(r,g,b,a)' as four numbers 0..1. */
  function rgba(colour) {
    if (colour[0] === '#') {
      const n = parseInt(colour.slice(1), 16);
      return [(n >> 16 & 255) / 255, (n >> 8 & 255) / 255, (n & 255) / 255, 1];
    }
    const parts = colour.slice(colour.indexOf('(') + 1, colour.indexOf(')')).split(',').map(Number);
    return [parts[0] / 255, parts[1] / 255, parts[2] / 255, parts.length > 3 ? parts[3] : 1];
  }

  function compile(gl, type, source) {
    const shader = gl.createShader(type);
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(shader));
    return shader;
  }

  /* A linked program with a_pos at attribute 0 (some drivers misbehave when attribute 0 is a
   * constant) and a_colour at 1, and the locations of `uniforms`. */
  function link(gl, vertex, fragment, uniforms) {
    const p = gl.createProgram();
    gl.attachShader(p, compile(gl, gl.VERTEX_SHADER, vertex));
    gl.attachShader(p, compile(gl, gl.FRAGMENT_SHADER, fragment));
    gl.bindAttribLocation(p, 0, 'a_pos');
    gl.bindAttribLocation(p, 1, 'a_colour');
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(p));
    const u = {};
    for (const name of uniforms) u[name] = gl.getUniformLocation(p, name);
    return { p: p, u: u };
  }

  function buffer(gl, target, data, usage) {
    const b = gl.createBuffer();
    gl.bindBuffer(target, b);
    gl.bufferData(target, data, usage || gl.STATIC_DRAW);
    return b;
  }

  /* float32 vertices relative to `origin` (zoom-0 px). */
  function relative(xy, origin) {
    const out = new Float32Array(xy.length);
    for (let k = 0; k < xy.length; k += 2) {
      out[k] = xy[k] - origin[0];
      out[k + 1] = xy[k + 1] - origin[1];
    }
    return out;
  }

  /* The whole canvas to transparent, depth to far. */
  function clearAll(gl) {
    gl.disable(gl.SCISSOR_TEST);
    gl.clearColor(0, 0, 0, 0);
    gl.clearDepth(1);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
  }

  /* Clear a frame whose `quad` ([x0, y0, x1, y1] device px, GL's y up) will be drawn unblended: a
   * software rasteriser pays for every pixel cleared, so the colour is cleared only around the
   * quad's inner pixels (the quad overwrites those) and the depth only where lines can be, the
   * quad grown by `margin` px. `w`, `h`: the canvas in device px. */
  function clearAround(gl, quad, w, h, margin) {
    const x0 = Math.max(0, Math.min(w, Math.ceil(quad[0]))), x1 = Math.max(x0, Math.min(w, Math.floor(quad[2])));
    const y0 = Math.max(0, Math.min(h, Math.ceil(quad[1]))), y1 = Math.max(y0, Math.min(h, Math.floor(quad[3])));
    gl.enable(gl.SCISSOR_TEST);
    gl.clearColor(0, 0, 0, 0);
    gl.clearDepth(1);
    const bands = [[0, 0, w, y0], [0, y1, w, h - y1], [0, y0, x0, y1 - y0], [x1, y0, w - x1, y1 - y0]];
    for (const [x, y, bw, bh] of bands) {
      if (bw <= 0 || bh <= 0) continue;
      gl.scissor(x, y, bw, bh);
      gl.clear(gl.COLOR_BUFFER_BIT);
    }
    const d0 = Math.max(0, Math.floor(quad[0] - margin)), d1 = Math.max(0, Math.floor(quad[1] - margin));
    const d2 = Math.min(w, Math.ceil(quad[2] + margin)), d3 = Math.min(h, Math.ceil(quad[3] + margin));
    if (d2 > d0 && d3 > d1) {
      gl.scissor(d0, d1, d2 - d0, d3 - d1);
      gl.clear(gl.DEPTH_BUFFER_BIT);
    }
    gl.disable(gl.SCISSOR_TEST);
  }

  window.ccGL = { rgba: rgba, compile: compile, link: link, buffer: buffer, relative: relative,
                  clearAll: clearAll, clearAround: clearAround };
})();
