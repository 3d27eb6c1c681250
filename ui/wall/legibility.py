"""How large the wall's text must be to be read from across the room: plain Python.

ISO 9241-303 asks for characters of at least 16 minutes of arc at the viewer's eye, 20 to 22
recommended. A character's height on the screen is its pixel size times the pixel pitch; the
pitch follows from the screen's diagonal and its pixels. A CJK ideograph fills about
:data:`GLYPH_SHARE` of the font's pixel size, so the font is that much larger than the glyph.
"""
from __future__ import annotations

import math

MIN_ARCMIN = 20.0
GLYPH_SHARE = 0.88
INCH_M = 0.0254


def pixel_pitch_m(diagonal_in: float, width_px: int, height_px: int) -> float:
    """Metres per pixel of a screen of this diagonal and resolution (square pixels)."""
    return diagonal_in * INCH_M / math.hypot(width_px, height_px)


def arcmin_of(font_px: float, distance_m: float, diagonal_in: float, width_px: int, height_px: int) -> float:
    """The angle a glyph of this font pixel size subtends at ``distance_m``, in minutes of arc."""
    height_m = font_px * GLYPH_SHARE * pixel_pitch_m(diagonal_in, width_px, height_px)
    return math.degrees(2 * math.atan(height_m / (2 * distance_m))) * 60


def min_text_px(distance_m: float, diagonal_in: float, width_px: int, height_px: int,
                arcmin: float = MIN_ARCMIN) -> int:
    """The smallest font pixel size whose glyphs reach ``arcmin`` from ``distance_m`` on a screen
    of ``diagonal_in`` inches and ``width_px`` × ``height_px`` pixels (one screen of the wall)."""
    height_m = 2 * distance_m * math.tan(math.radians(arcmin / 60) / 2)
    return math.ceil(height_m / pixel_pitch_m(diagonal_in, width_px, height_px) / GLYPH_SHARE)
