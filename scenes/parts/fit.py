"""How many entries of a vector fit a region, and at what scale, without text falling
below the readable minimum (issue 17: capitals 14 px high at 720p).

A vector that is too wide first wraps into more lines of boxes, then shrinks down to the
smallest readable scale; past that, fewer entries are shown and '+N more' says so.
"""

from dataclasses import dataclass
from math import ceil

from manim import config

from scenes.parts.theme import SIZES


def min_font_size(font: str, cap_px: float = SIZES.min_cap_px) -> float:
    """The smallest font size whose capitals are `cap_px` high at 720p."""
    from scenes.parts.text_boxes import cap_per_size    # it builds text: import when used
    return cap_px / (cap_per_size(font) * 720 / config.frame_height)


def min_number_scale(font: str) -> float:
    """The smallest scale of a value box whose number stays readable."""
    return min(1.0, min_font_size(font) / SIZES.number)


@dataclass(frozen=True)
class Fit:
    shown: int        # entries drawn (the rest: '+N more')
    lines: int        # lines of boxes per vector
    columns: int      # boxes per line
    scale: float


def fit_rows(units: int, rows: int, box_w: float, width: float, height: float,
             min_scale: float, gap: float = 0.08) -> Fit:
    """The best layout of `rows` horizontal vectors of `units` boxes (each box_w x box_h
    at scale 1) in a width x height region, rows `gap` apart: the largest scale, the fewest
    lines at it; if no scale reaches `min_scale`, as many entries as fit at it."""
    def scale(shown, lines):
        cols = ceil(shown / lines)
        return min(1.0, width / (cols * box_w), (height / rows - gap) / (lines * SIZES.box_h))

    for shown in range(units, 0, -1):
        options = [(scale(shown, n), -n) for n in range(1, shown + 1)]
        s, minus_lines = max(options)
        if s >= min_scale:
            return Fit(shown, -minus_lines, ceil(shown / -minus_lines), s)
    return Fit(1, 1, 1, min_scale)
