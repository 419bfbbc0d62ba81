"""What a scene is asked to show: the run (input, weights) plus display options.

The pipeline builds one SceneParams from the command line and hands it to the scene
class; under the plain `manim` command the defaults below apply. Each field declares
the option it is (cells/fields.py), so the command line is built from this class.
"""

from dataclasses import dataclass, field
from pathlib import Path

from cells import LOSSES, RunOptions
from cells.fields import READ, WRITE, option

from scenes.parts.strings import LANGS
from scenes.parts.theme import STYLES, THEMES


@dataclass(frozen=True)
class SceneParams:
    run: RunOptions = field(default_factory=RunOptions)
    theme: str = option("article", choices=tuple(THEMES))
    lang: str = option("en", help="Language of every word on screen.", choices=LANGS)
    style: str = option("article", help="Sizes: the article's, or projector (larger text and dots, "
                                        "fewer entries per vector) for a lecture hall.",
                        choices=tuple(STYLES))
    step: int | None = option(help="1-based time step to show (default: the last; in the gated "
                                   "scenes' trained default, the most decisive).", minimum=1,
                              metavar="T")
    decimals: int = option(2, minimum=0, maximum=6)
    show_units: int | None = option(help="Entries shown per vector (default: 6 in the one-cell LSTM "
                                         "and GRU scenes, 3 elsewhere; two thirds of that with "
                                         "--style projector); wider ones get '+N more'.",
                             minimum=1, metavar="K")
    values: str | None = option(help='tanh/sigmoid scenes: the vector, e.g. "5, 0.1, -0.5".', metavar="V")
    gate: str | None = option(help="sigmoid scene with --step: whose pre-activation to show (default f).",
                              choices=("i", "f", "o"))
    manifest: str | Path | None = option(help="Also write what was shown, as JSON.", path=WRITE,
                                         metavar="PATH")
    window: int | None = option(help="Chains: cells visible at once (default: sequence 10, "
                                     "hidden-state 2, lstm-chain and gru-chain 3).", minimum=1)
    factor: float = option(3.0, help="tanh-vs-none: the multiplier per cell.")
    cells: int = option(4, help="tanh-vs-none: how many cells.", minimum=1)
    lr: float = option(0.001, help="gradient-update: learning rate.", minimum=0, min_open=True)
    keywords: str | None = option(help="review: the phrases that stay.", metavar="A|B|C")
    loss: str = option("sum", help="gradients: the loss.", choices=LOSSES)
    target: str | None = option(help="gradients: the MSE target vector.", metavar="V")
    weights_rnn: str | Path | None = option(help="compare: your trained RNN's weights.", path=READ,
                                            metavar="PATH")
    weights_lstm: str | Path | None = option(help="compare: your trained LSTM's weights.", path=READ,
                                             metavar="PATH")
    weights_gru: str | Path | None = option(help="compare: your trained GRU's weights.", path=READ,
                                            metavar="PATH")
