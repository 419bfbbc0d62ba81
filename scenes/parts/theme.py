"""Colours, fonts, sizes and timings: the one place that decides how things look.

`article` reproduces the original illustrations (white ground, mint cell, red sigmoid,
blue tanh, black pointwise operators and value dots); `dark` is the same for dark slides.
"""

from dataclasses import dataclass

from scenes.parts.fonts import MONO, SANS


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str            # words and numbers
    muted: str           # dimmed parts, secondary text
    cell_fill: str
    cell_stroke: str
    sigmoid: str
    tanh: str
    curve: str           # the curve drawn inside sigmoid/tanh circles
    op_fill: str         # pointwise x, +, 1- squares
    op_glyph: str
    linear_fill: str     # a weight layer box (GRU's W_hn)
    wire: str
    dot_fill: str        # travelling value dots
    dot_text: str
    box_fill: str        # value vector boxes
    box_stroke: str
    highlight: str       # current line of code, outlines of the active gate
    positive: str        # heat strips: sign colours
    negative: str
    card_fill: str       # cards (review, code)
    card_stroke: str
    font: str = SANS
    mono: str = MONO


ARTICLE = Theme(
    name="article", background="#ffffff", text="#1f1f1f", muted="#b9bcc0",
    cell_fill="#a7e4d5", cell_stroke="#8fc2b4", sigmoid="#e54958", tanh="#4992df",
    curve="#ffffff", op_fill="#1f1f1f", op_glyph="#ffffff", linear_fill="#f2b84b",
    wire="#3a3a3a", dot_fill="#1f1f1f", dot_text="#ffffff", box_fill="#ffffff",
    box_stroke="#3a3a3a", highlight="#f2b84b", positive="#e54958", negative="#4992df",
    card_fill="#f7f7f5", card_stroke="#d9d9d4",
)

DARK = Theme(
    name="dark", background="#16181d", text="#eceff4", muted="#4a4f5a",
    cell_fill="#24453f", cell_stroke="#8fc2b4", sigmoid="#ef5d6b", tanh="#5aa2ee",
    curve="#ffffff", op_fill="#eceff4", op_glyph="#16181d", linear_fill="#f2b84b",
    wire="#c9ced8", dot_fill="#eceff4", dot_text="#16181d", box_fill="#1f2229",
    box_stroke="#c9ced8", highlight="#f2b84b", positive="#ef5d6b", negative="#5aa2ee",
    card_fill="#20232b", card_stroke="#3a3f4b",
)

THEMES = {t.name: t for t in (ARTICLE, DARK)}


@dataclass(frozen=True)
class Sizes:
    label: float = 26          # wire and glyph labels
    number: float = 22         # numbers in value boxes
    caption: float = 26
    title: float = 32
    legend: float = 20
    tick: float = 16           # axis ticks and step numbers: the smallest text size (14 px caps at 720p)
    box_w: float = 0.9         # one value box
    box_h: float = 0.42
    glyph_r: float = 0.36      # sigmoid/tanh circle radius
    op_side: float = 0.46      # pointwise operator square
    dot_r: float = 0.24        # travelling value dot
    wire_width: float = 3.0
    ghost: float = 0.3         # opacity of an input vector after it rose into its cell
    min_cap_px: float = 14.0   # the smallest capitals drawn, in pixels at 720p (issue 17) ...
    min_sub_px: float = 10.0   # ... and the smallest subscripts
    units: float = 1.0         # share of a scene's default entries per vector that is shown


# `article` is the originals' look; `projector` is for the back of a lecture hall: about
# a fifth larger text and dots, and two thirds of the entries per vector (6 -> 4, 3 -> 2)
# so the larger boxes fit where the smaller ones did.
STYLES = {
    "article": Sizes(),
    "projector": Sizes(label=32, number=27, caption=30, title=36, legend=24, tick=19, box_w=1.08,
                       box_h=0.5, glyph_r=0.4, op_side=0.56, dot_r=0.29, wire_width=4.0,
                       min_cap_px=17.0, min_sub_px=12.0, units=2 / 3),
}


class ActiveSizes:
    """The sizes of the style being drawn (`use_style`), read when a part is built: every
    part scales from this one place, and the same process can draw either style."""

    def __init__(self):
        self.current = STYLES["article"]

    def __getattr__(self, name):
        return getattr(self.current, name)


def use_style(name: str) -> None:
    """Draw from now on in style `name` (a key of STYLES); a scene sets it in its setup."""
    SIZES.current = STYLES[name]


@dataclass(frozen=True)
class Timing:
    fade: float = 0.5
    move: float = 1.2          # a value dot along a wire
    squash: float = 1.5        # values travelling along an activation curve
    pause: float = 0.6
    read: float = 1.6          # time to read a caption or result
    read_base: float = 0.5     # a caption stays fully visible at least read_base
    read_per_word: float = 0.25  # ... plus this per word

    def reading(self, text: str) -> float:
        """The least time `text` stays fully visible: 0.5 s + 0.25 s per word (a word has a
        letter or digit, so an equation's '=' and '+' cost nothing)."""
        words = sum(any(ch.isalnum() for ch in w) for w in text.split())
        return self.read_base + self.read_per_word * words


SIZES = ActiveSizes()
SAFE_MARGIN = 0.025     # share of the frame's width and height kept clear of text and dots
TIMING = Timing()
