"""The data flow of each cell: which quantity feeds which operation.

One description serves two masters: `evaluate()` recomputes a step from it (tests hold
it equal to the forward pass), and the scenes draw their wires from it, so a label can
never sit on the wrong wire. Quantity names are trace keys (see `QUANTITY_PATHS`).
"""

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .weights import Weights


@dataclass(frozen=True)
class Op:
    name: str            # node id, e.g. "sigma_f"
    kind: str            # concat | sigmoid | tanh | relu | mul | add | one_minus | linear | project
    inputs: tuple        # quantities consumed, in order
    output: str          # quantity produced
    gate: str | None = None     # the weight block a layer uses (i, f, g, o / r, z, n / h)
    group: str | None = None    # the part of the cell it belongs to, for outlines and dimming


# Where each quantity lives in a trace step (see Trace.to_json); "hx" is a concatenation.
QUANTITY_PATHS = {
    "x": ("x",), "h_prev": ("h_prev",), "c_prev": ("c_prev",), "h": ("h",), "c": ("c",),
    "f": ("gates", "f"), "i": ("gates", "i"), "g": ("gates", "g"), "o": ("gates", "o"),
    "r": ("gates", "r"), "z": ("gates", "z"), "n": ("gates", "n"),
    "h_pre": ("pre", "h"),
}
for _p in ("f_c_prev", "i_g", "tanh_c", "o_tanh_c", "hn", "r_hn", "r_h_prev", "one_minus_z",
           "one_minus_z_n", "z_h_prev"):
    QUANTITY_PATHS[_p] = ("parts", _p)

RNN_FLOW = (
    Op("concat", "concat", ("h_prev", "x"), "hx"),
    Op("tanh_h", "tanh", ("hx",), "h", gate="h", group="tanh"),
)
# nn.RNN(nonlinearity="relu"): the same cell with h = max(0, ...)
RNN_RELU_FLOW = (RNN_FLOW[0], Op("relu_h", "relu", ("hx",), "h", gate="h", group="relu"))

LSTM_FLOW = (
    Op("concat", "concat", ("h_prev", "x"), "hx"),
    Op("sigma_f", "sigmoid", ("hx",), "f", gate="f", group="forget"),
    Op("sigma_i", "sigmoid", ("hx",), "i", gate="i", group="input"),
    Op("tanh_g", "tanh", ("hx",), "g", gate="g", group="input"),
    Op("sigma_o", "sigmoid", ("hx",), "o", gate="o", group="output"),
    Op("mul_f", "mul", ("f", "c_prev"), "f_c_prev", group="cell_state"),
    Op("mul_i", "mul", ("i", "g"), "i_g", group="input"),
    Op("add_c", "add", ("f_c_prev", "i_g"), "c", group="cell_state"),
    Op("tanh_c", "tanh", ("c",), "tanh_c", group="output"),
    Op("mul_o", "mul", ("o", "tanh_c"), "h", group="output"),
)
# nn.LSTM(proj_size=P): o * tanh(C_t) is projected to P values by W_hr (no bias)
LSTM_PROJ_FLOW = LSTM_FLOW[:-1] + (
    Op("mul_o", "mul", ("o", "tanh_c"), "o_tanh_c", group="output"),
    Op("project_h", "project", ("o_tanh_c",), "h", group="output"),
)

_GRU_HEAD = (
    Op("concat", "concat", ("h_prev", "x"), "hx"),
    Op("sigma_r", "sigmoid", ("hx",), "r", gate="r", group="reset"),
    Op("sigma_z", "sigmoid", ("hx",), "z", gate="z", group="update"),
)
_GRU_TAIL = (
    Op("one_minus", "one_minus", ("z",), "one_minus_z", group="update"),
    Op("mul_zh", "mul", ("z", "h_prev"), "z_h_prev", group="update"),
    Op("mul_zn", "mul", ("one_minus_z", "n"), "one_minus_z_n", group="update"),
    Op("add_h", "add", ("z_h_prev", "one_minus_z_n"), "h", group="update"),
)
GRU_FLOWS = {
    # PyTorch: the reset scales W_hn h_prev + b_hn, after the hidden matrix product.
    "pytorch": _GRU_HEAD + (
        Op("linear_hn", "linear", ("h_prev",), "hn", gate="n", group="candidate"),
        Op("mul_r", "mul", ("r", "hn"), "r_hn", group="reset"),
        Op("tanh_n", "tanh", ("x", "r_hn"), "n", gate="n", group="candidate"),
    ) + _GRU_TAIL,
    # Cho et al. 2014 and the article's figure: the reset scales h_prev before it joins x.
    "cho": _GRU_HEAD + (
        Op("mul_r", "mul", ("r", "h_prev"), "r_h_prev", group="reset"),
        Op("concat_n", "concat", ("r_h_prev", "x"), "rhx"),
        Op("tanh_n", "tanh", ("rhx",), "n", gate="n", group="candidate"),
    ) + _GRU_TAIL,
}


def flow(cell: str, variant: str | None = None, nonlinearity: str | None = None,
         projection: bool = False) -> tuple:
    """The ops of one step of `cell`, in an order where every input is produced first."""
    if cell == "rnn":
        return RNN_RELU_FLOW if nonlinearity == "relu" else RNN_FLOW
    if cell == "lstm":
        return LSTM_PROJ_FLOW if projection else LSTM_FLOW
    return GRU_FLOWS[variant or "pytorch"]


def trace_flow(tr) -> tuple:
    """The flow of the cell a Trace computed (its variant, nonlinearity, projection)."""
    return flow(tr.cell, tr.variant, tr.nonlinearity, tr.proj_size > 0)


def external_inputs(ops) -> list:
    produced = {op.output for op in ops}
    seen = []
    for op in ops:
        for q in op.inputs:
            if q not in produced and q not in seen:
                seen.append(q)
    return seen


ACTIVATIONS = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda a: np.maximum(a, 0.0)}


def evaluate(ops, w: Weights, state: dict) -> dict:
    """Recompute one step by walking the flow: an oracle for the forward pass.

    Layers apply their gate's block of the weights to their (concatenated) inputs: the
    hidden part of a concatenation meets w_hh, the input part w_ih. A `tanh` layer fed
    by x and an already-projected hidden term (PyTorch's GRU) adds that term as is.
    """
    v = dict(state)
    for op in ops:
        a = [v[q] for q in op.inputs]
        if op.kind == "concat":
            v[op.output] = np.concatenate(a)
        elif op.kind in ("sigmoid", "tanh", "relu"):
            if op.gate is None:          # an activation without weights (tanh of C_t)
                v[op.output] = np.tanh(a[0])
                continue
            P = w.output_size
            if len(a) == 1:              # a layer on a [hidden, input] concatenation
                pre = (w.block("w_hh", op.gate) @ a[0][:P] + w.block("b_hh", op.gate)
                       + w.block("w_ih", op.gate) @ a[0][P:] + w.block("b_ih", op.gate))
            else:                        # x and a projected hidden term
                pre = w.block("w_ih", op.gate) @ a[0] + w.block("b_ih", op.gate) + a[1]
            v[op.output] = ACTIVATIONS[op.kind](pre)
        elif op.kind == "linear":
            v[op.output] = w.block("w_hh", op.gate) @ a[0] + w.block("b_hh", op.gate)
        elif op.kind == "project":
            v[op.output] = w.w_hr @ a[0]
        elif op.kind == "mul":
            v[op.output] = a[0] * a[1]
        elif op.kind == "add":
            v[op.output] = a[0] + a[1]
        elif op.kind == "one_minus":
            v[op.output] = 1.0 - a[0]
        else:
            raise ValueError(f"unknown op kind {op.kind!r}")
    return v
