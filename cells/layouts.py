"""Where a model's parameters came from, so its gradients can go back under the same names.

PyTorch stores rows in gate order i, f, g, o (LSTM) / r, z, n (GRU); Keras stores
columns (kernel is input x gates) in order i, f, c, o / z, r, h. `keras_to_torch` and
`torch_to_keras` move blocks between the two; a gradient leaves the way its weight came in.
"""

from dataclasses import dataclass

import numpy as np

from .spec import spec

KERAS_ORDER = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("z", "r", "n")}
ATTRS = ("w_ih", "w_hh", "b_ih", "b_hh", "w_hr")
TORCH_BASES = {"w_ih": "weight_ih", "w_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh",
               "w_hr": "weight_hr"}


def _blocks(a, order, H):
    return np.concatenate([a[..., j * H:(j + 1) * H] for j in order], axis=-1)


def keras_to_torch(a, cell: str, H: int):
    """Gate blocks along the last axis, from Keras's order to PyTorch's."""
    return _blocks(a, [KERAS_ORDER[cell].index(g) for g in spec(cell).gates], H)


def torch_to_keras(a, cell: str, H: int):
    return _blocks(a, [spec(cell).gates.index(g) for g in KERAS_ORDER[cell]], H)


@dataclass(frozen=True)
class TorchOrigin:
    """Names in a PyTorch state_dict: attribute -> the file's full name (only those present)."""
    names: dict
    format: str = "pytorch"

    def export(self, g) -> dict:
        return {self.names[a]: getattr(g, a) for a in ATTRS if a in self.names}


@dataclass(frozen=True)
class KerasOrigin:
    """A Keras cell's kernel / recurrent_kernel / bias under its variable path.

    `bias` is None (use_bias=False), "single" ((G*H,): Keras adds it once, so it is
    PyTorch's b_ih with b_hh = 0) or "pair" ((2, 3H): a GRU with reset_after=True).
    """
    prefix: str
    bias: str | None
    format: str = "keras"

    def export(self, g) -> dict:
        H = g.hidden_size
        k = lambda a: torch_to_keras(a, g.cell, H)  # noqa: E731
        out = {f"{self.prefix}kernel": k(g.w_ih.T), f"{self.prefix}recurrent_kernel": k(g.w_hh.T)}
        if self.bias == "single":
            out[f"{self.prefix}bias"] = k(g.b_ih)
        elif self.bias == "pair":
            out[f"{self.prefix}bias"] = np.stack([k(g.b_ih), k(g.b_hh)])
        return out
