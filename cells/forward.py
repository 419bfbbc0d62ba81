"""Forward passes of the RNN (tanh), LSTM and GRU, exactly as PyTorch defines them.

The input projections W_ih x + b_ih of all steps are one matrix product; only the
recurrent part runs step by step. Every intermediate value is kept in the Trace,
including the pointwise products the diagrams draw (`parts`).
"""

import numpy as np

from .activations import sigmoid
from .errors import InputError
from .spec import GRU_VARIANTS, spec
from .trace import Trace
from .weights import Weights

MAX_STEPS = 100_000  # longest sequence accepted (a trace keeps every value of every step)


def _state(option: str, value, H: int) -> np.ndarray:
    if value is None:
        return np.zeros(H)
    v = np.asarray(value, dtype=np.float64).reshape(-1)
    if v.shape[0] != H:
        raise InputError(option, f"has {v.shape[0]} values but the hidden size is {H}")
    if not np.all(np.isfinite(v)):
        raise InputError(option, "contains NaN or infinity")
    return v


def run(weights: Weights, x, h0=None, c0=None, variant: str | None = None,
        tokens: list | None = None) -> Trace:
    """Run the cell over the sequence x (T, I) and return the full trace."""
    cell = weights.cell
    spec(cell)  # validates the name
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] == 0:
        raise InputError("--input", "the sequence is empty")
    if x.shape[0] > MAX_STEPS:
        raise InputError("--input", f"{x.shape[0]} steps is more than the limit of {MAX_STEPS}")
    if x.shape[1] != weights.input_size:
        raise InputError("--input", f"steps have {x.shape[1]} values but the weights expect "
                                    f"an input size of {weights.input_size}")
    H = weights.hidden_size
    h0 = _state("--h0", h0, H)
    if cell == "lstm":
        c0 = _state("--c0", c0, H)
    elif c0 is not None:
        raise InputError("--c0", f"only the LSTM has a cell state, not the {cell.upper()}")
    if cell == "gru":
        variant = variant or "pytorch"
        if variant not in GRU_VARIANTS:
            raise InputError("--gru-variant", f"unknown variant {variant!r}; choose one of "
                                              f"{', '.join(GRU_VARIANTS)}")
    else:
        variant = None
    T = x.shape[0]
    xi = x @ weights.w_ih.T + weights.b_ih          # (T, G*H): all input projections at once
    step = {"rnn": _rnn, "lstm": _lstm, "gru": _gru}[cell]
    pre, gates, h, c, parts = step(weights, xi, h0, c0, variant, T, H)
    trace = Trace(cell=cell, variant=variant, x=x, h0=h0, c0=c0 if cell == "lstm" else None,
                  pre=pre, gates=gates, h=h, c=c, parts=parts, tokens=tokens)
    trace.parts.update(_products(trace))
    return trace


def _products(tr: Trace) -> dict:
    """The pointwise products the diagrams draw on their own wires."""
    g = tr.gates
    if tr.cell == "lstm":
        return {"f_c_prev": g["f"] * tr.c_prev, "i_g": g["i"] * g["g"], "tanh_c": np.tanh(tr.c)}
    if tr.cell == "gru":
        one_minus_z = 1.0 - g["z"]
        out = {"one_minus_z": one_minus_z, "one_minus_z_n": one_minus_z * g["n"],
               "z_h_prev": g["z"] * tr.h_prev}
        if tr.variant == "pytorch":
            out["r_hn"] = g["r"] * tr.parts["hn"]
        else:
            out["r_h_prev"] = g["r"] * tr.h_prev
        return out
    return {}


def _rnn(w, xi, h, _c, _v, T, H):
    pre, hs = np.empty((T, H)), np.empty((T, H))
    w_hhT, b_hh = w.w_hh.T, w.b_hh
    for t in range(T):
        pre[t] = xi[t] + h @ w_hhT + b_hh
        h = hs[t] = np.tanh(pre[t])
    return {"h": pre}, {}, hs, None, {}


def _lstm(w, xi, h, c, _v, T, H):
    names = spec("lstm").gates  # i, f, g, o
    pre = np.empty((T, 4 * H))
    hs, cs = np.empty((T, H)), np.empty((T, H))
    w_hhT, b_hh = w.w_hh.T, w.b_hh
    for t in range(T):
        z = pre[t] = xi[t] + h @ w_hhT + b_hh
        i, f = sigmoid(z[:H]), sigmoid(z[H:2 * H])
        g, o = np.tanh(z[2 * H:3 * H]), sigmoid(z[3 * H:])
        c = cs[t] = f * c + i * g
        h = hs[t] = o * np.tanh(c)
    pres = {n: pre[:, k * H:(k + 1) * H] for k, n in enumerate(names)}
    gates = {n: (np.tanh(p) if n == "g" else sigmoid(p)) for n, p in pres.items()}
    return pres, gates, hs, cs, {}


def _gru(w, xi, h, _c, variant, T, H):
    pre = {n: np.empty((T, H)) for n in ("r", "z", "n")}
    hn_all = np.empty((T, H))
    hs = np.empty((T, H))
    w_hh, b_hh = w.w_hh, w.b_hh
    W_rz, b_rz = w_hh[:2 * H].T, b_hh[:2 * H]
    W_n, b_n = w_hh[2 * H:].T, b_hh[2 * H:]
    for t in range(T):
        rz = xi[t, :2 * H] + h @ W_rz + b_rz
        r, z = sigmoid(rz[:H]), sigmoid(rz[H:])
        if variant == "pytorch":
            hn = h @ W_n + b_n
            a = xi[t, 2 * H:] + r * hn
        else:
            hn = (r * h) @ W_n + b_n
            a = xi[t, 2 * H:] + hn
        n = np.tanh(a)
        pre["r"][t], pre["z"][t], pre["n"][t], hn_all[t] = rz[:H], rz[H:], a, hn
        h = hs[t] = (1.0 - z) * n + z * h
    gates = {"r": sigmoid(pre["r"]), "z": sigmoid(pre["z"]), "n": np.tanh(pre["n"])}
    return pre, gates, hs, None, {"hn": hn_all}
