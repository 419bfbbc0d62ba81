"""What a scene is asked to show: the run (input, weights) plus display options.

The pipeline builds one SceneParams from the command line and hands it to the scene
class; under the plain `manim` command the defaults below apply.
"""

from dataclasses import dataclass, field

from cells import RunOptions


@dataclass(frozen=True)
class SceneParams:
    run: RunOptions = field(default_factory=RunOptions)
    theme: str = "article"
    lang: str = "en"
    step: int | None = None          # 1-based; None = the last step
    decimals: int = 2
    show_units: int = 3
    values: str | None = None        # tanh/sigmoid scenes: "5, 0.1, -0.5"
    gate: str | None = None          # sigmoid scene: which LSTM gate's pre-activation (i, f, o)
    manifest: str | None = None      # write what was shown to this JSON path
    window: int | None = None        # chains: cells visible at once (None: sequence 10, hidden-state 2)
    factor: float = 3.0              # tanh-vs-none: the multiplier per cell
    cells: int = 4                   # tanh-vs-none: how many cells
    lr: float = 0.001                # gradient-update: learning rate
    keywords: str | None = None      # review: "a|b|c"
    loss: str = "sum"                # gradients: sum | mse
    target: str | None = None        # gradients: mse target vector
    weights_rnn: str | None = None   # compare: the user's RNN (--weights-rnn); else seeded
    weights_lstm: str | None = None  # compare: the user's LSTM (--weights-lstm)
    weights_gru: str | None = None   # compare: the user's GRU (--weights-gru)
