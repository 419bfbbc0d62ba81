"""The numeric core: RNN, LSTM and GRU in float64, exactly as PyTorch computes them.

Pure numpy; never imports manim or click. Scenes and the CLI read every number from here.
"""

from .activations import sigmoid, tanh
from .backward import LOSSES, Grads, backward, make_grads
from .errors import InputError
from .forward import MAX_STEPS, run, run_batch
from .options import RunOptions, make_trace, make_weights
from .spec import CELLS, DIRECTIONS, GRU_VARIANTS, NONLINEARITIES, SPECS, spec
from .trace import Trace
from .weights import MAX_SIZE, Weights, init_weights

__all__ = ["sigmoid", "tanh", "InputError", "MAX_STEPS", "run", "run_batch", "RunOptions",
           "make_trace", "make_weights", "CELLS", "DIRECTIONS", "GRU_VARIANTS", "NONLINEARITIES",
           "SPECS", "spec", "Trace", "MAX_SIZE",
           "Weights", "init_weights", "LOSSES", "Grads", "backward",
           "make_grads"]
