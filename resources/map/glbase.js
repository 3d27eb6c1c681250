/* What the WebGL layers share: colour parsing, shader compiling, buffers, the clear of a frame.
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

  window.ccGL = { rgba: rgba, compile: compile, link: link, buffer: buffer, relative: relative, clearAll: clearAll };
})();
