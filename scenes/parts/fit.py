"""How many entries of a vector fit a region, and at what scale, without text falling
below the readable minimum (issue 17: capitals 14 px high at 720p).

A vector that is too wide first wraps into more lines of boxes, then shrinks down to the
smallest readable scale; past that, fewer entries are shown and '+N more' says so.
"""

import re
from dataclasses import dataclass
from math import ceil

from manim import config

from scenes.parts.text import font_size_now
from scenes.parts.text_boxes import SUB_SCALE, cap_per_size, is_text
from scenes.parts.theme import SAFE_MARGIN, SIZES


def min_font_size(font: str, cap_px: float | None = None) -> float:
    """The smallest font size whose capitals are `cap_px` high at 720p (default: the
    style's smallest capitals)."""
    cap_px = SIZES.min_cap_px if cap_px is None else cap_px
    return cap_px / (cap_per_size(font) * 720 / config.frame_height)


LABEL_H = 0.42      # a column vector's label over its boxes
MORE_H = 0.36       # a '+N more' mark under a column


@dataclass(frozen=True)
class Fit:
    shown: int        # entries drawn (the rest: '+N more')
    lines: int        # lines of boxes per vector
    columns: int      # boxes per line
    scale: float


def fit_rows(total: int, limit: int, rows: int, box_w: float, width: float, height: float,
             min_scale: float, gap: float = 0.08, box_h: float = SIZES.box_h,
             more_w: float = 0.0, more_h: float = 0.0, max_lines: int | None = None) -> Fit:
    """The best layout of `rows` horizontal vectors of `total` entries, at most `limit`
    shown (boxes box_w x box_h at scale 1), in a width x height region, rows `gap` apart:
    the largest scale, the fewest lines at it; if no scale reaches `min_scale`, as many
    entries as fit at it. Hidden entries need room for a '+N more' mark: more_w beside or
    more_h under the vectors; `max_lines` caps the lines of boxes. (A column vector is the
    same problem turned: box_w and box_h, width and height swapped, one line.)"""
    def best(units, w, h):
        def scale(shown, lines):
            return min(1.0, w / (ceil(shown / lines) * box_w), (h / rows - gap) / (lines * box_h))
        for shown in range(units, 0, -1):
            s, minus_lines = max((scale(shown, n), -n) for n in range(1, min(shown, max_lines or shown) + 1))
            if s >= min_scale:
                return Fit(shown, -minus_lines, ceil(shown / -minus_lines), s)
        return Fit(1, 1, 1, min_scale)

    units = min(total, limit)
    fit = best(units, width, height) if units == total else None
    if fit is None or fit.shown < total:        # some are hidden: leave the mark its room
        fit = best(units, width - more_w, height - more_h)
    return fit


def keep_readable(mobject) -> None:
    """Scale each text of a shrunken drawing (a small cell's glyph labels) back up to the
    readable minimum, about its own centre."""
    for m in mobject.get_family():
        if is_text(m):
            least = min_font_size(m.text_font, SIZES.min_sub_px / SUB_SCALE if "<sub>" in m.text
                                  else SIZES.min_cap_px)
            if font_size_now(m) < least:
                m.scale(least / font_size_now(m))


_LIST = re.compile(r"\[([^\[\]]*,[^\[\]]*)\]")
_NUMBER = re.compile(r"[−+-]?[0-9.]+(e[−+-]?[0-9]+)?")


def shorten_longest_list(text: str) -> str | None:
    """'h = [0.1, 0.2, 0.3]' -> 'h = [0.1, 0.2, …]': the longest bracketed list of numbers
    in a caption loses its last shown entry (None when no list has two left)."""
    lists = [m for m in _LIST.finditer(text)
             if all(_NUMBER.fullmatch(e) for e in m[1].split(", ") if e != "…")
             and len([e for e in m[1].split(", ") if e != "…"]) >= 2]
    if not lists:
        return None
    m = max(lists, key=lambda m: len(m[0]))
    entries = [e for e in m[1].split(", ") if e != "…"]
    return text[:m.start()] + "[" + ", ".join(entries[:-1] + ["…"]) + "]" + text[m.end():]


def _outer_spaces(text: str) -> list:
    """Indexes of the spaces outside brackets and norm bars ('(mean ‖h_t − h_{t−1}‖ = 0.99)'
    stays whole), or of every space where none is outside."""
    depth, bars, out = 0, 0, []
    for k, c in enumerate(text):
        depth += (c in "([{") - (c in ")]}")
        bars ^= c == "‖"
        if c == " " and depth <= 0 and not bars:
            out.append(k)
    return out or [k for k, c in enumerate(text) if c == " "]


def balanced_halves(text: str) -> list:
    """A text broken at the space that best balances its two lines, outside a bracket or a
    formula where it can be (itself if it has no space)."""
    spaces = _outer_spaces(text)
    if not spaces:
        return [text]
    k = min(spaces, key=lambda k: abs(len(text) - 2 * k))
    return [text[:k], text[k + 1:]]


def safe_width() -> float:
    """How wide a centred text may be: the frame less its safe margins."""
    return config.frame_width * (1 - 2 * SAFE_MARGIN) - 0.1


def least_scale(font: str, size: float, has_sub: bool) -> float:
    """The smallest scale of a text built at `size` whose capitals (and subscripts) stay readable."""
    least = min_font_size(font)
    if has_sub:
        least = max(least, min_font_size(font, SIZES.min_sub_px / SUB_SCALE))
    return min(1.0, least / size)
