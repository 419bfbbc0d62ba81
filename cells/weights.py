"""Cell parameters in PyTorch's layout, and their seeded initialisation.

Layout (what nn.RNN/LSTM/GRU store): w_ih is (G*H, I), w_hh is (G*H, H), biases (G*H,),
with the G gate blocks stacked in the order of `spec(cell).gates`. An LSTM with
`proj_size` P > 0 also has w_hr (P, H): its hidden state h = w_hr (o * tanh(c)) has P
values, so w_hh is (G*H, P).
"""

from dataclasses import dataclass, field

import numpy as np

from .errors import InputError
from .spec import spec

MAX_SIZE = 4096  # widest hidden or input vector accepted; far past anything drawable


@dataclass
class Weights:
    cell: str
    w_ih: np.ndarray
    w_hh: np.ndarray
    b_ih: np.ndarray
    b_hh: np.ndarray
    w_hr: np.ndarray | None = None     # LSTM projection (P, H), PyTorch's weight_hr_l0
    origin: object = field(default=None, compare=False)   # the file's layout (cells.layouts)

    @property
    def hidden_size(self) -> int:
        """H: the width of each gate block (and of the LSTM's cell state)."""
        return self.w_hh.shape[0] // spec(self.cell).n_blocks

    @property
    def output_size(self) -> int:
        """The width of h: the projection's P, else H."""
        return self.hidden_size if self.w_hr is None else self.w_hr.shape[0]

    @property
    def proj_size(self) -> int:
        return 0 if self.w_hr is None else self.w_hr.shape[0]

    @property
    def input_size(self) -> int:
        return self.w_ih.shape[1]

    def block(self, name: str, gate: str) -> np.ndarray:
        """The rows of one gate in a stacked parameter ('w_ih', 'w_hh', 'b_ih' or 'b_hh')."""
        H = self.hidden_size
        k = spec(self.cell).gates.index(gate)
        return getattr(self, name)[k * H:(k + 1) * H]

    def state_dict(self, suffix: str = "_l0") -> dict:
        """The parameters under PyTorch's names (layer names by default, '' for cells)."""
        out = {f"weight_ih{suffix}": self.w_ih, f"weight_hh{suffix}": self.w_hh,
               f"bias_ih{suffix}": self.b_ih, f"bias_hh{suffix}": self.b_hh}
        if self.w_hr is not None:
            out[f"weight_hr{suffix}"] = self.w_hr
        return out


def check_size(option: str, value: int) -> int:
    if not isinstance(value, (int, np.integer)) or value < 1:
        raise InputError(option, f"must be a positive whole number, got {value}")
    if value > MAX_SIZE:
        raise InputError(option, f"{value} is larger than the limit of {MAX_SIZE}")
    return int(value)


def init_weights(cell: str, input_size: int, hidden_size: int, seed: int = 0) -> Weights:
    """PyTorch's default: every parameter uniform in [-1/sqrt(H), 1/sqrt(H)], seeded."""
    G = spec(cell).n_blocks
    I = check_size("--input-size", input_size)
    H = check_size("--hidden", hidden_size)
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("--seed", f"must be a whole number of at least 0, got {seed}")
    k = 1.0 / np.sqrt(H)
    rng = np.random.default_rng(seed)
    u = lambda *shape: rng.uniform(-k, k, size=shape)  # noqa: E731
    return Weights(cell, u(G * H, I), u(G * H, H), u(G * H), u(G * H))
