"""What the gradient scenes share: the BPTT of the scene's run for any cell.

The stories are gradient_update.py and vanishing_gradient.py.
"""

import math

from cells import make_grads

from scenes.engines.base import IllustratedScene

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
