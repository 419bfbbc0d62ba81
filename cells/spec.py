"""What each cell kind is: its gates, in PyTorch's stacking order, and their activations.

Everything else (weights, forward pass, trace, drawing) reads the gate lists from here,
so the order i, f, g, o (LSTM) and r, z, n (GRU) is written exactly once.
"""

from dataclasses import dataclass

CELLS = ("rnn", "lstm", "gru")
GRU_VARIANTS = ("pytorch", "cho")
NONLINEARITIES = ("tanh", "relu")   # nn.RNN(nonlinearity=...): PyTorch's default is tanh
DIRECTIONS = ("forward", "reverse")


@dataclass(frozen=True)
class CellSpec:
    name: str
    gates: tuple        # names of the stacked blocks in weight_ih / weight_hh, in order
    activation: dict    # gate name -> "sigmoid" | "tanh"

    @property
    def n_blocks(self) -> int:
        return len(self.gates)


SPECS = {
    "rnn": CellSpec("rnn", ("h",), {"h": "tanh"}),
    "lstm": CellSpec("lstm", ("i", "f", "g", "o"),
                     {"i": "sigmoid", "f": "sigmoid", "g": "tanh", "o": "sigmoid"}),
    "gru": CellSpec("gru", ("r", "z", "n"),
                    {"r": "sigmoid", "z": "sigmoid", "n": "tanh"}),
}


def spec(cell: str) -> CellSpec:
    from .errors import InputError
    try:
        return SPECS[cell]
    except KeyError:
        raise InputError("CELL", f"unknown cell {cell!r}; choose one of {', '.join(CELLS)}") from None
