"""A row of small RNN cells, one per step, each with its vector below (article items 2
and 3): the block and the vectors scaled to fit a slot.

The stories are sequence.py and hidden_state.py.
"""

from manim import RoundedRectangle, VGroup

from cells.flow import trace_flow

from scenes.engines.base import IllustratedScene
from scenes.parts.glyphs import ActivationGlyph
from scenes.parts.vectors import ValueVector


class RNNBlock(VGroup):
    """A small RNN cell: the mint rounded square with its tanh (or ReLU) layer inside."""

    def __init__(self, theme, width: float, height: float, kind: str = "tanh"):
        super().__init__()
        self.box = RoundedRectangle(width=width, height=height, corner_radius=min(width, height) * 0.18,
                                    fill_color=theme.cell_fill, fill_opacity=1,
                                    stroke_color=theme.cell_stroke, stroke_width=3)
        self.glyph = ActivationGlyph(kind, theme, radius=min(width, height) * 0.22)
        self.add(self.box, self.glyph)


class CellRowScene(IllustratedScene):
    """Shared helpers: the cell block of the trace's nonlinearity, value vectors scaled to fit a slot."""

    def block(self, width: float, height: float) -> RNNBlock:
        return RNNBlock(self.theme, width, height, trace_flow(self.trace)[-1].kind)

    def vector(self, path, label: str, fit: float, fit_h: float = 2.0, **kw) -> ValueVector:
        """A labelled value vector fitting `fit` wide and `fit_h` high (fitted_vector)."""
        return self.fitted_vector(path, label, fit, fit_h, **kw)
