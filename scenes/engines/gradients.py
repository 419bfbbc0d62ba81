"""What the gradient scenes share: the BPTT of the scene's run for any cell.

The stories are gradient_update.py and vanishing_gradient.py.
"""

import math
import numpy as np
from manim import (DOWN, LEFT, PI, RIGHT, UP, AnimationGroup, GrowFromEdge, Succession, Line, Rectangle,
from cells import InputError, make_grads, make_weights
from cells.demos import largest_entry
from scenes.engines.base import IllustratedScene
from scenes.parts.labels import rich
from scenes.parts.motion import Appear, Glide, Vanish
from scenes.parts.text import cached_markup, cached_text
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.wires import ValueDot, Wire


MAX_DECIMALS = 12


def weight_decimals(delta: float, base: int) -> int:
    """Enough decimals that a change of `delta` shows in the last digits (base..12)."""
    if delta == 0 or not math.isfinite(delta):
        return base
    return int(min(MAX_DECIMALS, max(base, math.ceil(-math.log10(abs(delta))) + 1)))


class GradientScene(IllustratedScene):
    cell = "rnn"

    def grads_for(self, cell: str):
        """(trace, grads) of `cell` for this scene's run, loss and target."""
        return make_grads(self.run_options().with_cell(cell), self.params.loss, self.params.target)

    def use_trace(self, trace) -> None:
        self._trace, self.data = trace, trace.to_json()
