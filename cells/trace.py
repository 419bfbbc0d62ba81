"""The record of one run: every intermediate value of every step, as stacked arrays.

Arrays are (T, H) per quantity so a long run stays cheap; `to_json()` produces the
documented per-step JSON that scenes, manifests and `render.py trace --json` share
(`json_doc()` is the same document made step by step as it is written).
A batch of sequences (`forward.run_batch`, for training) has arrays (T, B, H) and
states (B, H).

Steps are kept in the order the cell ran them. A reverse direction runs over the
reversed sequence, so its step k is the input's position T+1-k: `positions` holds each
step's 1-based position in the input as given, and the JSON's `t` is that position.
"""

from dataclasses import dataclass, field

import numpy as np

from .json_rows import Rows, whole


@dataclass
class Trace:
    cell: str
    variant: str | None           # GRU only: "pytorch" or "cho"
    x: np.ndarray                 # (T, I) in the order the cell ran, or (T, B, I) for a batch
    h0: np.ndarray                # (P,) the width of h: H, or an LSTM's projection size; (B, P)
    c0: np.ndarray | None         # (H,) for the LSTM, or (B, H)
    pre: dict                     # gate -> (T, H) values before the activation
    gates: dict                   # gate -> (T, H) activated values
    h: np.ndarray                 # (T, P)
    c: np.ndarray | None          # (T, H) for the LSTM
    parts: dict = field(default_factory=dict)  # name -> (T, H): products drawn in the cells
    tokens: list | None = None
    nonlinearity: str | None = None   # RNN only: "tanh" (PyTorch's default) or "relu"
    direction: str = "forward"        # or "reverse" (a bidirectional model's second half)
    layer: int = 1                    # 1-based, of `layers` stacked layers
    layers: int = 1
    positions: np.ndarray | None = None   # (T,) 1-based input position of each step
    what_if: dict | None = None       # option -> {"saved": ..., "computed": ...} when not the file's model
    token_ids: list | None = None     # the vocabulary index of each token (--vocab)
    token_vectors: str | None = None  # "model" (its embedding), "hashed" (the tool's) or None
    readout: dict | None = None       # the model's prediction on its final hidden state
    model: str | None = None          # the shipped model (--model, cells.zoo) that computed it
    bidirectional: bool = False       # a direction of a bidirectional model
    unknown: list | None = None       # per step: True where the vocabulary lacked the word
    unknown_token: str | None = None  # ... which then became this token's row (<unk>)
    notes: list = field(default_factory=list)   # what the user should know, one line each

    @property
    def steps(self) -> int:
        return self.x.shape[0]

    @property
    def input_size(self) -> int:
        return self.x.shape[-1]

    @property
    def hidden_size(self) -> int:
        """H, the width of every gate (PyTorch's hidden_size)."""
        return next(iter(self.pre.values())).shape[-1]

    @property
    def proj_size(self) -> int:
        """P of an LSTM with a projection (h has P values), else 0."""
        return self.h0.shape[-1] if "o_tanh_c" in self.parts else 0

    @property
    def step_positions(self) -> np.ndarray:
        return np.arange(1, self.steps + 1) if self.positions is None else self.positions

    @property
    def h_prev(self) -> np.ndarray:
        return np.vstack([self.h0[None], self.h[:-1]])

    @property
    def c_prev(self) -> np.ndarray | None:
        return None if self.c is None else np.vstack([self.c0[None], self.c[:-1]])

    def to_json(self) -> dict:
        """The documented JSON shape (plain floats at full precision, t from 1)."""
        return whole(self.json_doc())

    def json_doc(self) -> dict:
        """`to_json()` with the per-step lists as Rows, made step by step when written."""
        L = lambda a: None if a is None else a.tolist()  # noqa: E731
        ts = self.step_positions

        def steps():
            h_prev, c_prev = self.h_prev, self.c_prev
            for t in range(self.steps):
                yield {"t": int(ts[t]), "x": self.x[t].tolist(), "h_prev": h_prev[t].tolist(),
                       "c_prev": None if c_prev is None else c_prev[t].tolist(),
                       "pre": {k: v[t].tolist() for k, v in self.pre.items()},
                       "gates": {k: v[t].tolist() for k, v in self.gates.items()},
                       "h": self.h[t].tolist(), "c": None if self.c is None else self.c[t].tolist(),
                       "parts": {k: v[t].tolist() for k, v in self.parts.items()}}
        return {"cell": self.cell, "variant": self.variant, "nonlinearity": self.nonlinearity,
                "input_size": self.input_size, "hidden_size": self.hidden_size,
                "proj_size": self.proj_size, "layer": self.layer, "layers": self.layers,
                "direction": self.direction, "what_if": self.what_if,
                "model": self.model, "bidirectional": self.bidirectional,
                "tokens": self.tokens, "token_ids": self.token_ids,
                "token_vectors": self.token_vectors, "unknown": self.unknown,
                "unknown_token": self.unknown_token, "readout": self.readout,
                "x": Rows(lambda: (row.tolist() for row in self.x)), "h0": L(self.h0),
                "c0": L(self.c0), "steps": Rows(steps)}
