"""The symbols of the illustrations: sigmoid/tanh/ReLU layers, pointwise operators, weight boxes.

Activation glyphs draw the real function (from the numeric core) inside their circle,
and can map a value to the point of that curve, so values can travel along it.
"""

import numpy as np
from manim import (Circle, Line, RoundedRectangle, VGroup, VMobject)

from cells.activations import sigmoid, tanh
from cells.flow import ACTIVATIONS

from scenes.parts.labels import math_label
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, Theme

CURVE_X = 4.0  # the curve inside a glyph spans inputs -4..4


# The range of each curve over inputs -4..4, drawn to fill the circle's height.
RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, CURVE_X)}


class ActivationGlyph(VGroup):
    """A filled circle with the activation's curve inside it (an S, or ReLU's hinge); a
    ReLU is blue like the tanh it replaces in an RNN."""

    def __init__(self, kind: str, theme: Theme, radius: float | None = None,
                 curve_width: float | None = None):
        super().__init__()
        radius = SIZES.glyph_r if radius is None else radius
        self.kind, self.radius = kind, radius
        self.fn = {"sigmoid": sigmoid, "tanh": tanh}.get(kind) or ACTIVATIONS[kind]
        self.lo, self.hi = RANGES[kind]
        color = theme.sigmoid if kind == "sigmoid" else theme.tanh
        self.circle = Circle(radius=radius, stroke_width=0, fill_color=color, fill_opacity=1)
        self.curve = VMobject(stroke_color=theme.curve,
                              stroke_width=curve_width or max(2.0, radius * 9))
        if kind == "relu":          # a hinge: smoothing would round its corner
            self.curve.set_points_as_corners([self._local(x) for x in (-CURVE_X, 0.0, CURVE_X)])
        else:
            self.curve.set_points_smoothly([self._local(x) for x in np.linspace(-CURVE_X, CURVE_X, 64)])
        self.add(self.circle, self.curve)

    def _local(self, x: float) -> np.ndarray:
        r = self.radius
        y = (float(self.fn(x)) - self.lo) / (self.hi - self.lo)     # 0..1
        return np.array([x / CURVE_X * 0.62 * r, (y - 0.5) * 0.9 * r, 0.0])

    def point_for(self, value: float) -> np.ndarray:
        """Where `value` sits on the drawn curve (inputs beyond ±4 are pinned to the ends)."""
        return self.circle.get_center() + self._local(float(np.clip(value, -CURVE_X, CURVE_X)))


class OpGlyph(VGroup):
    """A black rounded square with a white x, + or 1− (pointwise operations)."""

    def __init__(self, kind: str, theme: Theme, side: float | None = None):
        super().__init__()
        side = SIZES.op_side if side is None else side
        self.kind = kind
        self.box = RoundedRectangle(width=side, height=side, corner_radius=side * 0.22,
                                    stroke_width=0, fill_color=theme.op_fill, fill_opacity=1)
        a = side * 0.24
        w = max(2.5, side * 9)
        if kind == "mul":
            sym = VGroup(Line([-a, -a, 0], [a, a, 0]), Line([-a, a, 0], [a, -a, 0]))
        elif kind == "add":
            sym = VGroup(Line([-a * 1.2, 0, 0], [a * 1.2, 0, 0]), Line([0, -a * 1.2, 0], [0, a * 1.2, 0]))
        elif kind == "one_minus":
            sym = VGroup(cached_text("1\u2212", font=theme.font, weight="SEMIBOLD",
                                     font_size=side * 52, color=theme.op_glyph))
            w = None
        else:
            raise ValueError(kind)
        if w:
            sym.set_stroke(theme.op_glyph, width=w)
        sym.move_to(self.box)
        self.add(self.box, sym)


class LinearGlyph(VGroup):
    """A weight layer applied to one vector on its own (PyTorch GRU's W_hn h + b_hn, an LSTM's
    projection W_hr); `text` may hold subscripts ('W_hr·')."""

    def __init__(self, text: str, theme: Theme, width: float = 0.9, height: float = 0.42):
        super().__init__()
        self.text = math_label(text, "#1f1f1f", SIZES.label * 0.8, theme.font)
        width = max(width, self.text.width + 0.16)          # larger text gets a larger box
        self.box = RoundedRectangle(width=width, height=height, corner_radius=0.08,
                                    stroke_width=0, fill_color=theme.linear_fill, fill_opacity=1)
        self.text.move_to(self.box)
        self.add(self.box, self.text)


def glyph_for(kind: str, theme: Theme, **kw):
    """The glyph that draws an op kind of the data-flow description."""
    if kind in RANGES:
        return ActivationGlyph(kind, theme, **kw)
    if kind in ("mul", "add", "one_minus"):
        return OpGlyph(kind, theme, **kw)
    raise ValueError(f"no glyph for {kind!r}")
