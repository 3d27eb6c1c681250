/* The Canvas2D drawing of the unit grid cells, used only where WebGL is unavailable or its context
 * was lost (gllayer.js draws them otherwise): zoomed out from one picture (canvaspicture.js), zoomed
 * in as paths of the cells in view.
 */
(function () {
  'use strict';

  const L_ = window.ccLayers;

  /* Unit grid cells filled by their value class over the district's land colour. Value updates
   * redraw only this canvas; the lines live on the OutlineLayer above, which changes with the view. */
  const CellLayer = L_.CanvasLayer.extend({
    initialize: function (style, pane) {
      L.setOptions(this, { pane: pane });
      this.style = style;
      this.cells = null;
      this.district = null;
      this.classes = null;
      this.colours = [];
      this.drawnCells = 0;
    },

    setCells: function (cells, district) {
      this.cells = cells;
      this.district = district;
      this.classes = new Uint8Array(cells.count);
      this.picture = null;   // made at the first draw that can use it (canvaspicture.js)
      let w = 0;
      for (let i = 0; i < cells.count; i++) w += cells.bbox[4 * i + 2] - cells.bbox[4 * i];
      this.cellWidth0 = cells.count ? w / cells.count : 0;
    },

    /* The paths read the classes at every draw; the picture repaints the changed cells' texels. */
    refreshColours: function (index) {
      if (this.picture) this.picture.changed(index);
    },

    drawn: function () {
      return this.drawnCells;
    },

    draw: function (ctx, v) {
      const st = this.style(), cells = this.cells;
      this.drawnCells = 0;
      if (cells && cells.count && !this.picture) {
        this.picture = new window.ccCanvasPicture.CellPicture(cells, this.district, L_.GRID_LINE_PX / this.cellWidth0);
      }
      this.drawnBy = this.picture && this.picture.covers(v.scale) ? 'canvas picture' : 'canvas';
      if (this.drawnBy === 'canvas picture') {  // the land and every cell in one drawImage
        this.picture.paint(this.classes, this.colours, st.land, st.fillAlpha);
        this.picture.draw(ctx, v);
        this.drawnCells = cells.countInView(v);
        return;
      }
      if (this.district && st.land) {
        ctx.beginPath();
        for (let i = 0; i < this.district.count; i++) this.district.trace(ctx, i, v);
        ctx.fillStyle = st.land;
        ctx.fill('evenodd');
      }
      if (!cells) return;
      const groups = this.colours.map(() => []);
      for (let i = 0; i < cells.count; i++) {
        if (!cells.inView(i, v)) continue;
        this.drawnCells++;
        const k = this.classes[i];
        if (k > 0 && k <= groups.length) groups[k - 1].push(i);
      }
      ctx.globalAlpha = st.fillAlpha;
      groups.forEach((members, k) => {
        if (!members.length) return;
        ctx.beginPath();
        for (const i of members) cells.trace(ctx, i, v);
        ctx.fillStyle = this.colours[k];
        ctx.fill('evenodd');
      });
      ctx.globalAlpha = 1;
    },
  });

  L_.CellLayer = CellLayer;
})();
