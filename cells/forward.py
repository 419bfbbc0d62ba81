"""Forward passes of the RNN (tanh or relu), LSTM (with or without a projection) and GRU,
exactly as PyTorch defines them.

The input projections W_ih x + b_ih of all steps are one matrix product; only the
recurrent part runs step by step. Every intermediate value is kept in the Trace,
including the pointwise products the diagrams draw (`parts`).

`run` takes one sequence (T, I); `run_batch` takes B sequences of one length (T, B, I),
for training, through the same step loops (every array gets the batch axis after the
step axis).
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
    return _trace(weights, x, h0, c0 if cell == "lstm" else None, variant, nonlinearity, tokens)


def run_batch(weights: Weights, x, variant: str | None = None, nonlinearity: str | None = None) -> Trace:
    """B sequences of one length at once, x (T, B, I), from zero states (training's forward).

    Not for user input (no InputError checks): the trace's arrays are (T, B, H).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3 or x.shape[2] != weights.input_size:
        raise ValueError(f"expected (T, B, {weights.input_size}) inputs, got {x.shape}")
    B, cell = x.shape[1], weights.cell
    c0 = np.zeros((B, weights.hidden_size)) if cell == "lstm" else None
    variant = (variant or "pytorch") if cell == "gru" else None
    nonlinearity = (nonlinearity or "tanh") if cell == "rnn" else None
    return _trace(weights, x, np.zeros((B, weights.output_size)), c0, variant, nonlinearity, None)


def _trace(weights: Weights, x, h0, c0, variant, nonlinearity, tokens) -> Trace:
    xi = x @ weights.w_ih.T + weights.b_ih          # (T, [B,] G*H): all input projections at once
    step = {"rnn": _rnn, "lstm": _lstm, "gru": _gru}[weights.cell]
    mode = nonlinearity if weights.cell == "rnn" else variant    # what each step function chooses by
    pre, gates, h, c, parts = step(weights, xi, h0, c0, mode, x.shape[0], weights.hidden_size)
    trace = Trace(cell=weights.cell, variant=variant, x=x, h0=h0, c0=c0,
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
# so the trace satisfies c = f*c_prev + i*g and the GRU's update exactly. They index the
# gate blocks on the last axis, so a batch axis (T, B, G*H) passes through unchanged.

def _rnn(w, xi, h, _c, nonlinearity, T, H):
    pre, hs = np.empty(xi.shape), np.empty(xi.shape)
    w_hhT, b_hh = w.w_hh.T, w.b_hh
    for t in range(T):
        z = pre[t]
        np.add(xi[t], h @ w_hhT + b_hh, out=z)
        h = np.tanh(z, out=hs[t]) if nonlinearity == "tanh" else np.maximum(z, 0.0, out=hs[t])
    return {"h": pre}, {}, hs, None, {}


def _lstm(w, xi, h, c, _v, T, H):
    pre, act = np.empty(xi.shape), np.empty(xi.shape)   # blocks i, f, g, o
    cs = np.empty(xi.shape[:-1] + (H,))
    hs = np.empty(xi.shape[:-1] + (w.output_size,))
    m = np.empty(cs.shape) if w.w_hr is not None else hs     # o * tanh(c), before the projection
    w_hhT, b_hh = w.w_hh.T, w.b_hh
    g_ = slice(2 * H, 3 * H)
    for t in range(T):
        z, a = pre[t], act[t]
        np.add(xi[t], h @ w_hhT + b_hh, out=z)
        sigmoid(z, out=a)                      # i, f, o (g is overwritten next)
        np.tanh(z[..., g_], out=a[..., g_])
        c = cs[t] = a[..., H:2 * H] * c + a[..., :H] * a[..., g_]
        h = m[t] = a[..., 3 * H:] * np.tanh(c)
        if w.w_hr is not None:
            h = hs[t] = h @ w.w_hr.T
    parts = {} if w.w_hr is None else {"o_tanh_c": m}
    return _blocks("lstm", pre, H), _blocks("lstm", act, H), hs, cs, parts


def _gru(w, xi, h, _c, variant, T, H):
    pre, act = np.empty(xi.shape), np.empty(xi.shape)   # blocks r, z, n
    hn_all, hs = np.empty(xi.shape[:-1] + (H,)), np.empty(xi.shape[:-1] + (H,))
    W_rz, b_rz = w.w_hh[:2 * H].T, w.b_hh[:2 * H]
    W_n, b_n = w.w_hh[2 * H:].T, w.b_hh[2 * H:]
    rz, n_ = slice(0, 2 * H), slice(2 * H, 3 * H)
    for t in range(T):
        z_, a = pre[t], act[t]
        np.add(xi[t][..., rz], h @ W_rz + b_rz, out=z_[..., rz])
        sigmoid(z_[..., rz], out=a[..., rz])
        r, z = a[..., :H], a[..., H:2 * H]
        if variant == "pytorch":
            hn = hn_all[t] = h @ W_n + b_n
            np.add(xi[t][..., n_], r * hn, out=z_[..., n_])
        else:
            hn = hn_all[t] = (r * h) @ W_n + b_n
            np.add(xi[t][..., n_], hn, out=z_[..., n_])
        n = np.tanh(z_[..., n_], out=a[..., n_])
        h = hs[t] = (1.0 - z) * n + z * h
    return _blocks("gru", pre, H), _blocks("gru", act, H), hs, None, {"hn": hn_all}


def _blocks(cell: str, m: np.ndarray, H: int) -> dict:
    """Gate name -> its block of the stacked last axis (a view)."""
    return {g: m[..., k * H:(k + 1) * H] for k, g in enumerate(spec(cell).gates)}
