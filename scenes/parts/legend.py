"""The legend in a corner that gains one entry per step of the explanation."""

from manim import LEFT, Line, VGroup

from scenes.parts.glyphs import ActivationGlyph, OpGlyph
from scenes.parts.motion import Appear
from scenes.parts.strings import say
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, Theme
from scenes.parts.wires import ValueDot

ICON_SIZE = 0.34
ICON_COLUMN = 0.75   # icons are centred in this column; texts start after it
ROW_H = 0.46


def legend_icon(key: str, theme: Theme):
    """The small picture in front of a legend entry."""
    if key in ("sigmoid", "tanh", "relu"):
        return ActivationGlyph(key, theme, radius=ICON_SIZE / 2)
    if key in ("pointwise_mul", "pointwise_add", "one_minus"):
        kind = {"pointwise_mul": "mul", "pointwise_add": "add", "one_minus": "one_minus"}[key]
        return OpGlyph(kind, theme, side=ICON_SIZE)
    if key == "concat":
        a = Line([-0.2, 0.12, 0], [0.0, 0.0, 0])
        b = Line([-0.2, -0.12, 0], [0.0, 0.0, 0])
        c = Line([0.0, 0.0, 0], [0.2, 0.0, 0])
        return VGroup(a, b, c).set_stroke(theme.wire, width=3)
    labels = {"new_hidden": "h_t", "prev_hidden": "h_{t-1}", "input": "x_t",
              "cell_state": "C_t", "prev_cell_state": "C_{t-1}"}
    return ValueDot(labels[key], theme, radius=ICON_SIZE / 2)


class Legend:
    """Entries in rows (and columns) from a fixed top-left anchor point.

    Not a mobject: each new entry is faded in on top of the scene by `add_entries`, so its
    fade never makes Manim redraw what lies above it.
    """

    def __init__(self, theme: Theme, lang: str, anchor, columns: int = 1, column_w: float = 4.6):
        self.theme, self.lang, self.anchor = theme, lang, anchor
        self.columns, self.column_w = columns, column_w
        self.keys = []

    def entry(self, key: str) -> VGroup:
        icon = legend_icon(key, self.theme)
        text = cached_text(say(key, self.lang), font=self.theme.font, font_size=SIZES.legend,
                           color=self.theme.text)
        row, col = divmod(len(self.keys), self.columns)
        x, y = self.anchor[0] + col * self.column_w, self.anchor[1] - ROW_H * row
        icon.move_to([x + ICON_COLUMN / 2, y, 0])
        text.move_to([x + ICON_COLUMN + 0.15, y, 0], aligned_edge=LEFT)
        return VGroup(icon, text)

    def add_entries(self, *keys: str):
        """An animation adding the entries not yet shown (None when all are there)."""
        rows = []
        for key in keys:
            if key in self.keys:
                continue
            row = self.entry(key)
            self.keys.append(key)
            rows.append(row)
        if not rows:
            return None
        return Appear(VGroup(*rows))
