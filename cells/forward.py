"""Forward passes of the RNN (tanh or relu), LSTM (with or without a projection) and GRU,
exactly as PyTorch defines them.

The input projections W_ih x + b_ih of all steps are one matrix product; only the
recurrent part runs step by step. Every intermediate value is kept in the Trace,
including the pointwise products the diagrams draw (`parts`).
"""

import numpy as np

from .activations import sigmoid
from .errors import InputError
from .spec import GRU_VARIANTS, NONLINEARITIES, spec
from .trace import Trace
from .weights import Weights

MAX_STEPS = 100_000  # longest sequence accepted (a trace keeps every value of every step)
# A trace keeps every value of every step, so steps x hidden size bound its memory, not
# either limit alone (100,000 x 4,096 would be ~60 GB). Peak float64 values per step and
# hidden unit while a trace is made, measured with tracemalloc (input size = hidden size,
# so the input is counted): RNN 4.1, LSTM 18.3, GRU 16.3; rounded up.
MAX_TRACE_BYTES = 4 << 30
PEAK_VALUES = {"rnn": 5, "lstm": 19, "gru": 17}


def check_trace_size(option: str, cell: str, steps: int, hidden: int) -> None:
    """Refuse, in one line, a trace that would need more than MAX_TRACE_BYTES."""
    need = steps * hidden * PEAK_VALUES[cell] * 8
    if need > MAX_TRACE_BYTES:
        raise InputError(option, f"{steps} steps at hidden size {hidden} would need about "
                                 f"{need / 2 ** 30:.0f} GB for the {cell.upper()} trace, more than "
                                 f"the limit of {MAX_TRACE_BYTES >> 30} GB; use fewer steps or a "
                                 "smaller hidden size")


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
        tokens: list | None = None, nonlinearity: str | None = None) -> Trace:
    """Run the cell over the sequence x (T, I) and return the full trace.

    `nonlinearity` is the RNN's ("tanh", PyTorch's default, or "relu"); h0 has the
    width of h (an LSTM's projection size P when it has one), c0 the hidden size H.
    """
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
    check_trace_size("--input", cell, x.shape[0], H)
    h0 = _state("--h0", h0, weights.output_size)
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
    if cell == "rnn":
        nonlinearity = nonlinearity or "tanh"
        if nonlinearity not in NONLINEARITIES:
            raise InputError("--nonlinearity", f"unknown nonlinearity {nonlinearity!r}; choose one of "
                                               f"{', '.join(NONLINEARITIES)}")
    elif nonlinearity is not None:
        raise InputError("--nonlinearity", f"only the RNN has a choice of nonlinearity, not the "
                                           f"{cell.upper()}")
    T = x.shape[0]
    xi = x @ weights.w_ih.T + weights.b_ih          # (T, G*H): all input projections at once
    step = {"rnn": _rnn, "lstm": _lstm, "gru": _gru}[cell]
    mode = nonlinearity if cell == "rnn" else variant    # what each step function chooses by
    pre, gates, h, c, parts = step(weights, xi, h0, c0, mode, T, H)
    trace = Trace(cell=cell, variant=variant, x=x, h0=h0, c0=c0 if cell == "lstm" else None,
                  pre=pre, gates=gates, h=h, c=c, parts=parts, tokens=tokens,
                  nonlinearity=nonlinearity)
    trace.parts.update(_products(trace))
    return trace


def _products(tr: Trace) -> dict:
    """The pointwise products the diagrams draw on their own wires."""
    g = tr.gates
    if tr.cell == "lstm":
        return {"f_c_prev": g["f"] * tr.c_prev, "i_g": g["i"] * g["g"], "tanh_c": np.tanh(tr.c),
                **tr.parts}
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


# The step loops keep every activated value as computed (never recomputed afterwards),
# so the trace satisfies c = f*c_prev + i*g and the GRU's update exactly.

def _rnn(w, xi, h, _c, nonlinearity, T, H):
    pre, hs = np.empty((T, H)), np.empty((T, H))
    w_hhT, b_hh = w.w_hh.T, w.b_hh
    for t in range(T):
        z = pre[t]
        np.add(xi[t], h @ w_hhT + b_hh, out=z)
        h = np.tanh(z, out=hs[t]) if nonlinearity == "tanh" else np.maximum(z, 0.0, out=hs[t])
    return {"h": pre}, {}, hs, None, {}


def _lstm(w, xi, h, c, _v, T, H):
    pre, act = np.empty((T, 4 * H)), np.empty((T, 4 * H))   # blocks i, f, g, o
    cs = np.empty((T, H))
    hs = np.empty((T, w.output_size))
    m = np.empty((T, H)) if w.w_hr is not None else hs     # o * tanh(c), before the projection
    w_hhT, b_hh = w.w_hh.T, w.b_hh
    g_ = slice(2 * H, 3 * H)
    for t in range(T):
        z, a = pre[t], act[t]
        np.add(xi[t], h @ w_hhT + b_hh, out=z)
        sigmoid(z, out=a)                      # i, f, o (g is overwritten next)
        np.tanh(z[g_], out=a[g_])
        c = cs[t] = a[H:2 * H] * c + a[:H] * a[g_]
        h = m[t] = a[3 * H:] * np.tanh(c)
        if w.w_hr is not None:
            h = hs[t] = w.w_hr @ h
    names = spec("lstm").gates
    blocks = lambda m: {n: m[:, k * H:(k + 1) * H] for k, n in enumerate(names)}  # noqa: E731
    return blocks(pre), blocks(act), hs, cs, ({} if w.w_hr is None else {"o_tanh_c": m})


def _gru(w, xi, h, _c, variant, T, H):
    pre, act = np.empty((T, 3 * H)), np.empty((T, 3 * H))   # blocks r, z, n
    hn_all, hs = np.empty((T, H)), np.empty((T, H))
    W_rz, b_rz = w.w_hh[:2 * H].T, w.b_hh[:2 * H]
    W_n, b_n = w.w_hh[2 * H:].T, w.b_hh[2 * H:]
    for t in range(T):
        z_, a = pre[t], act[t]
        np.add(xi[t, :2 * H], h @ W_rz + b_rz, out=z_[:2 * H])
        sigmoid(z_[:2 * H], out=a[:2 * H])
        r, z = a[:H], a[H:2 * H]
        if variant == "pytorch":
            hn = hn_all[t] = h @ W_n + b_n
            np.add(xi[t, 2 * H:], r * hn, out=z_[2 * H:])
        else:
            hn = hn_all[t] = (r * h) @ W_n + b_n
            np.add(xi[t, 2 * H:], hn, out=z_[2 * H:])
        n = np.tanh(z_[2 * H:], out=a[2 * H:])
        h = hs[t] = (1.0 - z) * n + z * h
    blocks = lambda m: {k: m[:, j * H:(j + 1) * H] for j, k in enumerate(("r", "z", "n"))}  # noqa: E731
    return blocks(pre), blocks(act), hs, None, {"hn": hn_all}
