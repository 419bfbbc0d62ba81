"""The record of one run: every intermediate value of every step, as stacked arrays.

Arrays are (T, H) per quantity so a long run stays cheap; `to_json()` produces the
documented per-step JSON that scenes, manifests and `render.py trace --json` share.
A batch of sequences (`forward.run_batch`, for training) has arrays (T, B, H) and
states (B, H).
"""

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Trace:
    cell: str
    variant: str | None           # GRU only: "pytorch" or "cho"
    x: np.ndarray                 # (T, I), or (T, B, I) for a batch
    h0: np.ndarray                # (H,), or (B, H)
    c0: np.ndarray | None         # (H,) for the LSTM, or (B, H)
    pre: dict                     # gate -> (T, H) values before the activation
    gates: dict                   # gate -> (T, H) activated values
    h: np.ndarray                 # (T, H)
    c: np.ndarray | None          # (T, H) for the LSTM
    parts: dict = field(default_factory=dict)  # name -> (T, H): products drawn in the cells
    tokens: list | None = None

    @property
    def steps(self) -> int:
        return self.x.shape[0]

    @property
    def input_size(self) -> int:
        return self.x.shape[-1]

    @property
    def hidden_size(self) -> int:
        return self.h0.shape[-1]

    @property
    def h_prev(self) -> np.ndarray:
        return np.vstack([self.h0[None], self.h[:-1]])

    @property
    def c_prev(self) -> np.ndarray | None:
        return None if self.c is None else np.vstack([self.c0[None], self.c[:-1]])

    def to_json(self) -> dict:
        """The documented JSON shape (plain floats at full precision, t from 1)."""
        L = lambda a: None if a is None else a.tolist()  # noqa: E731
        h_prev, c_prev = self.h_prev, self.c_prev
        pre = {k: v.tolist() for k, v in self.pre.items()}
        gates = {k: v.tolist() for k, v in self.gates.items()}
        parts = {k: v.tolist() for k, v in self.parts.items()}
        xs, hs, hp = self.x.tolist(), self.h.tolist(), h_prev.tolist()
        cs, cp = L(self.c), L(c_prev)
        steps = []
        for t in range(self.steps):
            steps.append({
                "t": t + 1, "x": xs[t], "h_prev": hp[t],
                "c_prev": None if cp is None else cp[t],
                "pre": {k: v[t] for k, v in pre.items()},
                "gates": {k: v[t] for k, v in gates.items()},
                "h": hs[t], "c": None if cs is None else cs[t],
                "parts": {k: v[t] for k, v in parts.items()},
            })
        return {"cell": self.cell, "variant": self.variant,
                "input_size": self.input_size, "hidden_size": self.hidden_size,
                "tokens": self.tokens, "x": xs, "h0": L(self.h0), "c0": L(self.c0),
                "steps": steps}
