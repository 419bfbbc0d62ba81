"""The legend in a corner that gains one entry per step of the explanation."""

from manim import LEFT, Line, VGroup, config

from scenes.parts.glyphs import ActivationGlyph, OpGlyph
from scenes.parts.motion import Appear
from scenes.parts.strings import say
from scenes.parts.text import cached_text
from scenes.parts.theme import SAFE_MARGIN, SIZES, Theme
from scenes.parts.wires import ValueDot

ICON_PER_PT = 0.34 / 20   # an entry's icon is as tall as 0.34 at the article's 20 pt text
ICON_COLUMN = 0.75   # icons are centred in this column; texts start after it
ROW_H = 0.46
TEXT_GAP = 0.15      # between an icon's column and its text
DOT_LABELS = {"new_hidden": "h_t", "prev_hidden": "h_{t-1}", "input": "x_t",
              "cell_state": "C_t", "prev_cell_state": "C_{t-1}"}
ENTRIES = ("sigmoid", "tanh", "relu", "pointwise_mul", "pointwise_add", "one_minus", "concat",
           *DOT_LABELS)     # every entry a legend can have


def legend_icon(key: str, theme: Theme):
    """The small picture in front of a legend entry (it grows with the style's text)."""
    icon = ICON_PER_PT * SIZES.legend
    if key in ("sigmoid", "tanh", "relu"):
        return ActivationGlyph(key, theme, radius=icon / 2)
    if key in ("pointwise_mul", "pointwise_add", "one_minus"):
        kind = {"pointwise_mul": "mul", "pointwise_add": "add", "one_minus": "one_minus"}[key]
        return OpGlyph(kind, theme, side=icon)
    if key == "concat":
        a = Line([-0.2, 0.12, 0], [0.0, 0.0, 0])
        b = Line([-0.2, -0.12, 0], [0.0, 0.0, 0])
        c = Line([0.0, 0.0, 0], [0.2, 0.0, 0])
        return VGroup(a, b, c).set_stroke(theme.wire, width=3)
    return ValueDot(DOT_LABELS[key], theme, radius=icon / 2)


class Legend:
    """Entries in rows (and columns) from a fixed top-left anchor point.

    Not a mobject: each new entry is faded in on top of the scene by `add_entries`, so its
    fade never makes Manim redraw what lies above it.
    """

    def __init__(self, theme: Theme, lang: str, anchor, columns: int = 1, column_w: float = 4.6,
                 keys=ENTRIES):
        self.theme, self.lang, self.anchor = theme, lang, anchor
        self.columns, self.column_w = columns, column_w
        self.keys = []
        self.text_scale = self._text_scale(keys)

    def _text(self, key: str):
        return cached_text(say(key, self.lang), font=self.theme.font, font_size=SIZES.legend,
                           color=self.theme.text)

    @staticmethod
    def safe_right() -> float:
        """The right edge of the frame's safe area, where an entry's text must end."""
        return config.frame_width * (0.5 - SAFE_MARGIN)

    def width(self, keys) -> float:
        """The width of a one-column legend of `keys` at full size."""
        return ICON_COLUMN + TEXT_GAP + max(self._text(key).width for key in keys)

    def _text_scale(self, keys) -> float:
        """One scale for every entry's text (1 when all fit): the largest at which the
        longest of `keys` (the entries this legend may get), in this language and style,
        ends inside its column and inside the frame's safe area."""
        last_text_x = self.anchor[0] + (self.columns - 1) * self.column_w + ICON_COLUMN + TEXT_GAP
        room = self.safe_right() - last_text_x
        if self.columns > 1:
            room = min(room, self.column_w - ICON_COLUMN - 2 * TEXT_GAP)
        return min(1.0, room / max(self._text(key).width for key in keys))

    def entry(self, key: str) -> VGroup:
        icon = legend_icon(key, self.theme)
        text = self._text(key).scale(self.text_scale)
        row, col = divmod(len(self.keys), self.columns)
        x, y = self.anchor[0] + col * self.column_w, self.anchor[1] - ROW_H * row
        icon.move_to([x + ICON_COLUMN / 2, y, 0])
        text.move_to([x + ICON_COLUMN + TEXT_GAP, y, 0], aligned_edge=LEFT)
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
