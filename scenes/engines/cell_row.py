"""A row of small RNN cells, one per step, each with its vector below (article items 2
and 3): the block and the vectors scaled to fit a slot.

The stories are sequence.py and hidden_state.py.
"""

from manim import RoundedRectangle, VGroup

from scenes.engines.base import IllustratedScene
from scenes.parts.glyphs import ActivationGlyph
from scenes.parts.vectors import ValueVector, vector_width


class RNNBlock(VGroup):
    """A small RNN cell: the mint rounded square with a tanh layer inside."""

    def __init__(self, theme, width: float, height: float):
        super().__init__()
        self.box = RoundedRectangle(width=width, height=height, corner_radius=min(width, height) * 0.18,
                                    fill_color=theme.cell_fill, fill_opacity=1,
                                    stroke_color=theme.cell_stroke, stroke_width=3)
        self.glyph = ActivationGlyph("tanh", theme, radius=min(width, height) * 0.22)
        self.add(self.box, self.glyph)


class CellRowScene(IllustratedScene):
    """Shared helpers: value vectors scaled to fit a slot."""

    def vector(self, path, label: str, fit: float, fit_h: float = 2.0, **kw) -> ValueVector:
        """A labelled value vector, scaled down to fit `fit` wide and `fit_h` high."""
        texts, more = self.nums(path, label)
        width = max(self.box_w, vector_width(texts))
        v = ValueVector(texts, self.theme, more, self.params.lang, label=label, box_w=width, **kw)
        k = min(1.0, fit / v.width, fit_h / v.height)
        if k < 1.0:
            v.scale(k)
        return v
