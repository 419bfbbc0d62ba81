"""Back-propagation through time for the RNN (tanh or relu), LSTM (with or without a
projection) and GRU (both variants), in float64.

The loss is a function of the final hidden state h_T only:

- "sum" (default): L = sum_j h_T[j], so dL/dh_T is a vector of ones.
- "mse": L = mean_j (h_T[j] - target[j])^2 = (1/H) * sum_j (h_T[j] - target[j])^2,
  exactly torch.nn.functional.mse_loss(h_T, target) with its default reduction="mean";
  dL/dh_T = 2 (h_T - target) / H. `target` is a vector of hidden size.
- a loss of the caller's own (a readout on h_T, as in training): the caller passes
  `dh_T` = dL/dh_T itself; `loss` is then "given" and `loss_value` None.

A batch trace (`forward.run_batch`, arrays (T, B, H)) goes through the same loops with
dh_T of shape (B, H); its weight gradients are summed over the batch as well as the
steps, and the per-step dL/dW_hh terms (`w_hh_at` ...) are for one sequence only.

Every gradient is the *total* derivative, the one PyTorch's autograd reports:
dh[t] = dL/dh_t includes every path from h_t to L (through h_{t+1}, ..., and for the
LSTM through c_{t+1}); dc[t] = dL/dc_t likewise. Row t-1 of an array is step t (the
JSON numbers steps from 1, like the trace).

Weight gradients are sums over the steps. The term of step t in dL/dW_hh is the outer
product of the gradient reaching the recurrent product of that step, d(W_hh v_t + b_hh),
with its input v_t (v_t = h_{t-1}; for the GRU "cho" variant, the n block's input is
r_t * h_{t-1}). `Grads.w_hh_at(t)` gives one such term, `Grads.w_hh_by_step` all of them
(T x G*H x H, big for long runs), `Grads.w_hh_step_norms` their Frobenius norms cheaply.

Only the recurrence is a loop; input gradients, weight gradients and norms are matrix
products over all steps at once. Steps are in the order the cell ran (a reverse
direction's first step is the input's last position; `positions` says which).
"""

from dataclasses import dataclass

import numpy as np

from .errors import InputError
from .inputs import parse_vector
from .json_rows import Rows, by_rows, whole
from .options import RunOptions, checked_model, expand_model, model_trace, source_of
from .overflow import quietly, refuse_overflow
from .spec import spec
from .trace import Trace
from .weights import Weights

LOSSES = ("sum", "mse")


@dataclass
class Grads:
    cell: str
    variant: str | None           # GRU only: "pytorch" or "cho"
    loss: str                     # "sum", "mse" or "given" (the caller's dL/dh_T)
    target: np.ndarray | None     # (H,) for "mse"
    loss_value: float | None      # L itself (None for "given")
    dh: np.ndarray                # (T, H) dL/dh_t, row t-1 is step t
    dc: np.ndarray | None         # (T, H) dL/dc_t, LSTM only
    dx: np.ndarray                # (T, I) dL/dx_t
    dh0: np.ndarray               # (H,)
    dc0: np.ndarray | None        # (H,) LSTM only
    w_ih: np.ndarray              # (G*H, I) dL/dweight_ih
    w_hh: np.ndarray              # (G*H, H) dL/dweight_hh
    b_ih: np.ndarray              # (G*H,)
    b_hh: np.ndarray              # (G*H,)
    d_hh: np.ndarray              # (T, G*H) dL/d(W_hh v_t + b_hh): the per-step bias terms
    hh_in: np.ndarray             # (T, G, P) v_t, the vector each gate block of W_hh multiplies
    w_hr: np.ndarray | None = None        # (P, H) dL/dweight_hr, an LSTM with a projection
    nonlinearity: str | None = None       # RNN only
    positions: np.ndarray | None = None   # (T,) the input position of each step (Trace's)
    origin: object = None                 # the weights file's layout (cells.layouts)

    @property
    def steps(self) -> int:
        return self.dh.shape[0]

    @property
    def hidden_size(self) -> int:
        """H, the width of each gate block."""
        return self.d_hh.shape[-1] // self.hh_in.shape[-2]

    @property
    def proj_size(self) -> int:
        return 0 if self.w_hr is None else self.w_hr.shape[0]

    @property
    def input_size(self) -> int:
        return self.dx.shape[-1]

    def w_hh_at(self, t: int) -> np.ndarray:
        """Step t's term of dL/dW_hh (t from 1, as in the JSON); the T terms sum to w_hh."""
        if not 1 <= t <= self.steps:
            raise IndexError(f"step {t} is outside 1..{self.steps}")
        G, H, P = self.hh_in.shape[1], self.hidden_size, self.hh_in.shape[2]
        return (self.d_hh[t - 1].reshape(G, H, 1) * self.hh_in[t - 1][:, None, :]).reshape(G * H, P)

    @property
    def w_hh_by_step(self) -> np.ndarray:
        """(T, G*H, P): every step's term of dL/dW_hh (memory T*G*H*P floats)."""
        T, G, P = self.hh_in.shape
        H = self.hidden_size
        d = self.d_hh.reshape(T, G, H, 1)
        return (d * self.hh_in[:, :, None, :]).reshape(T, G * H, P)

    @property
    def w_hh_step_norms(self) -> np.ndarray:
        """(T,) Frobenius norms of the per-step terms, without building the matrices."""
        T, G, _ = self.hh_in.shape
        a = np.sum(self.d_hh.reshape(T, G, self.hidden_size) ** 2, axis=2)
        b = np.sum(self.hh_in ** 2, axis=2)
        return np.sqrt(np.sum(a * b, axis=1))

    def weights_dict(self) -> dict:
        """The weight gradients under the names, shapes and gate order of the weights file
        they came from (PyTorch's layer names `weight_ih_l0 ...` for seeded weights)."""
        grads = Weights(self.cell, self.w_ih, self.w_hh, self.b_ih, self.b_hh, self.w_hr)
        return grads.state_dict() if self.origin is None else self.origin.export(grads)

    def to_json(self, step_matrices: bool = True) -> dict:
        """The documented JSON (plain floats at full precision, t from 1, L2 norms).

        `w_hh_by_step` is the list of the T per-step (G*H x H) terms of dL/dW_hh, or None
        with step_matrices=False; their Frobenius norms are always in steps[k]["dw_hh_norm"].
        """
        return whole(self.json_doc(step_matrices))

    def json_doc(self, step_matrices: bool = True) -> dict:
        """`to_json()` with the per-step lists as Rows, made step by step when written."""
        L = lambda a: None if a is None else a.tolist()  # noqa: E731
        nrm = lambda a: np.linalg.norm(a, axis=1)  # noqa: E731
        ts = np.arange(1, self.steps + 1) if self.positions is None else self.positions

        def steps():
            dhn, dxn, wn = nrm(self.dh), nrm(self.dx), self.w_hh_step_norms
            dcn = None if self.dc is None else nrm(self.dc)
            for t in range(self.steps):
                yield {"t": int(ts[t]), "dh_norm": float(dhn[t]), "dx_norm": float(dxn[t]),
                       "dc_norm": None if dcn is None else float(dcn[t]), "dw_hh_norm": float(wn[t]),
                       "dh": self.dh[t].tolist(), "dx": self.dx[t].tolist(),
                       "dc": None if self.dc is None else self.dc[t].tolist()}
        weights = self.weights_dict()
        return {
            "cell": self.cell, "variant": self.variant, "nonlinearity": self.nonlinearity,
            "loss": self.loss, "proj_size": self.proj_size,
            "weights_format": "pytorch" if self.origin is None else self.origin.format,
            "target": L(self.target),
            "loss_value": None if self.loss_value is None else float(self.loss_value),
            "input_size": self.input_size, "hidden_size": self.hidden_size,
            "steps": Rows(steps),
            "dh0": L(self.dh0), "dh0_norm": float(np.linalg.norm(self.dh0)),
            "dc0": L(self.dc0),
            "dc0_norm": None if self.dc0 is None else float(np.linalg.norm(self.dc0)),
            "weights": {k: by_rows(v) for k, v in weights.items()},
            "weight_norms": {k: float(np.linalg.norm(v)) for k, v in weights.items()},
            "w_hh_by_step": Rows(lambda: (by_rows(self.w_hh_at(t)) for t in range(1, self.steps + 1)))
            if step_matrices else None,
        }

def check_loss(loss: str, target=None) -> None:
    """The checks that need no hidden size (run them before any work)."""
    if loss not in LOSSES:
        raise InputError("--loss", f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")
    if loss == "sum" and target is not None:
        raise InputError("--target", "only the mse loss has a target; drop it or use --loss mse")
    if loss == "mse" and target is None:
        raise InputError("--target", "the mse loss needs a target vector of hidden size")


def loss_gradient(h_T: np.ndarray, loss: str = "sum", target=None) -> tuple:
    """(L, dL/dh_T, target as an array or None) for the documented losses."""
    check_loss(loss, target)
    H = h_T.shape[0]
    if loss == "sum":
        return float(np.sum(h_T)), np.ones(H), None
    if isinstance(target, str):
        target = parse_vector("--target", target)
    y = np.asarray(target, dtype=np.float64).reshape(-1)
    if y.shape[0] != H:
        raise InputError("--target", f"has {y.shape[0]} values but the hidden size is {H}")
    if not np.all(np.isfinite(y)):
        raise InputError("--target", "contains NaN or infinity")
    diff = h_T - y
    return float(np.mean(diff ** 2)), 2.0 * diff / H, y


def backward(trace: Trace, weights: Weights, loss: str = "sum", target=None,
             dh_T=None) -> Grads:
    """All gradients of the loss on the final hidden state of `trace` (see module doc).

    `target` (mse only) is a vector of hidden size, or its text "0.1, -2, 0.5".
    `dh_T`, instead of a loss, is dL/dh_T of a loss the caller computed (shape of h_T).
    """
    if trace.cell != weights.cell:
        raise ValueError(f"trace of a {trace.cell} but weights of a {weights.cell}")
    if (trace.hidden_size, trace.input_size, trace.h0.shape[-1]) != \
            (weights.hidden_size, weights.input_size, weights.output_size):
        raise ValueError("trace and weights have different sizes")
    if dh_T is None:
        value, dh_T, y = loss_gradient(trace.h[-1], loss, target)
    elif loss != "sum" or target is not None:
        raise ValueError("give either dh_T or a loss (and target), not both")
    else:
        loss, value, y = "given", None, None
        dh_T = np.asarray(dh_T, dtype=np.float64)
        if dh_T.shape != trace.h[-1].shape:
            raise ValueError(f"dh_T has shape {dh_T.shape} but h_T has {trace.h[-1].shape}")
    back = {"rnn": _rnn, "lstm": _lstm, "gru": _gru}[trace.cell]
    dh, dc, d_xi, d_hh, hh_in, dh0, dc0 = back(trace, weights, dh_T)
    G, H, P = spec(trace.cell).n_blocks, trace.hidden_size, weights.output_size
    lead = trace.h.shape[:-1]                      # (T,) or (T, B)
    hh_in = hh_in.reshape(lead + (G, P))
    rows = lambda a: a.reshape(-1, a.shape[-1])  # noqa: E731  (steps and batch as one axis)
    w_hh = np.einsum("ngh,ngk->ghk", d_hh.reshape(-1, G, H), hh_in.reshape(-1, G, P))
    w_hr = None if weights.w_hr is None else rows(dh).T @ rows(trace.parts["o_tanh_c"])
    return Grads(cell=trace.cell, variant=trace.variant, loss=loss, target=y, loss_value=value,
                 dh=dh, dc=dc, dx=d_xi @ weights.w_ih, dh0=dh0, dc0=dc0,
                 w_ih=rows(d_xi).T @ rows(trace.x), w_hh=w_hh.reshape(G * H, P),
                 b_ih=rows(d_xi).sum(axis=0), b_hh=rows(d_hh).sum(axis=0), d_hh=d_hh,
                 hh_in=hh_in, w_hr=w_hr, nonlinearity=trace.nonlinearity,
                 positions=trace.positions, origin=weights.origin)


# Each backward returns (dh, dc, d_xi, d_hh, hh_in, dh0, dc0):
# d_xi (T, G*H) is dL/d(W_ih x_t + b_ih), d_hh (T, G*H) is dL/d(W_hh v_t + b_hh) and
# hh_in (T, G, H) holds v_t per gate block. Gate blocks are indexed on the last axis, so
# a batch (T, B, ...) passes through the same loops.

def _rnn(tr, w, dh_T):
    T = tr.steps
    dh, da = np.empty(tr.h.shape), np.empty(tr.h.shape)
    deriv = 1.0 - tr.h ** 2 if tr.nonlinearity != "relu" else (tr.pre["h"] > 0).astype(np.float64)
    W = w.w_hh
    g = dh_T
    for t in range(T - 1, -1, -1):
        dh[t] = g
        a = da[t] = g * deriv[t]
        g = a @ W
    return dh, None, da, da, tr.h_prev[..., None, :], g, None


def _lstm(tr, w, dh_T):
    T, H, P = tr.steps, tr.hidden_size, w.output_size
    gi, gf, gg, go = (tr.gates[k] for k in ("i", "f", "g", "o"))
    tanh_c = np.tanh(tr.c)
    c_prev = tr.c_prev
    # dL/dc_t gets dm_t * o_t * tanh'(c_t) from m_t = o_t * tanh(c_t) (h_t = m_t, or
    # W_hr m_t with a projection, so dm_t = dh_t W_hr); each block's pre-activation
    # gradient is dc_t (or dm_t for o) times a factor known from the forward pass.
    k_hc = go * (1.0 - tanh_c ** 2)
    lead = tr.h.shape[:-1]
    fac = np.empty(lead + (4 * H,))
    fac[..., :H] = gg * gi * (1.0 - gi)            # i
    fac[..., H:2 * H] = c_prev * gf * (1.0 - gf)   # f
    fac[..., 2 * H:3 * H] = gi * (1.0 - gg ** 2)   # g
    fac[..., 3 * H:] = tanh_c * go * (1.0 - go)    # o (multiplies dm, not dc)
    dh, dc, dz = np.empty(tr.h.shape), np.empty(tr.c.shape), np.empty(lead + (4 * H,))
    W, W_hr = w.w_hh, w.w_hr
    g, c_next = dh_T, np.zeros(tr.c.shape[1:])
    for t in range(T - 1, -1, -1):
        dh[t] = g
        dm = g if W_hr is None else g @ W_hr
        d = dc[t] = c_next + dm * k_hc[t]
        z = dz[t]
        z[..., :3 * H] = np.tile(d, 3)
        z[..., 3 * H:] = dm
        z *= fac[t]
        c_next = d * gf[t]
        g = z @ W
    h_prev = np.broadcast_to(tr.h_prev[..., None, :], lead + (4, P))
    return dh, dc, dz, dz, h_prev, g, c_next


def _gru(tr, w, dh_T):
    T, H = tr.steps, tr.hidden_size
    r, z, n = tr.gates["r"], tr.gates["z"], tr.gates["n"]
    h_prev = tr.h_prev
    hn = tr.parts["hn"]
    dr_fac = r * (1.0 - r)
    dz_fac = (h_prev - n) * z * (1.0 - z)
    dn_fac = (1.0 - z) * (1.0 - n ** 2)          # dL/da_n = dh * dn_fac
    lead = tr.h.shape[:-1]
    dh, d_xi = np.empty(tr.h.shape), np.empty(lead + (3 * H,))
    W = w.w_hh
    g = dh_T
    if tr.variant == "pytorch":
        # a_n = xi_n + r * (W_hn h + b_hn): the n block of the recurrent product gets r * da_n
        d_hh = np.empty(lead + (3 * H,))
        for t in range(T - 1, -1, -1):
            dh[t] = g
            da_n = g * dn_fac[t]
            x_ = d_xi[t]
            x_[..., :H] = da_n * hn[t] * dr_fac[t]
            x_[..., H:2 * H] = g * dz_fac[t]
            x_[..., 2 * H:] = da_n
            hh = d_hh[t]
            hh[..., :2 * H] = x_[..., :2 * H]
            hh[..., 2 * H:] = da_n * r[t]
            g = g * z[t] + hh @ W
        hh_in = np.broadcast_to(h_prev[..., None, :], lead + (3, H))
        return dh, None, d_xi, d_hh, hh_in, g, None
    # cho: a_n = xi_n + W_hn (r * h) + b_hn
    W_rz, W_n = W[:2 * H], W[2 * H:]
    for t in range(T - 1, -1, -1):
        dh[t] = g
        da_n = g * dn_fac[t]
        d_rh = da_n @ W_n                          # dL/d(r * h_prev)
        x_ = d_xi[t]
        x_[..., :H] = d_rh * h_prev[t] * dr_fac[t]
        x_[..., H:2 * H] = g * dz_fac[t]
        x_[..., 2 * H:] = da_n
        g = g * z[t] + x_[..., :2 * H] @ W_rz + d_rh * r[t]
    hh_in = np.empty(lead + (3, H))
    hh_in[..., :2, :] = h_prev[..., None, :]
    hh_in[..., 2, :] = r * h_prev
    return dh, None, d_xi, d_xi, hh_in, g, None


def make_grads(o: RunOptions, loss: str = "sum", target=None) -> tuple:
    """(trace, grads) for the user's options: what `render.py grads` and the scenes use."""
    check_loss(loss, target)
    o = expand_model(o)
    m = checked_model(o)
    tr = model_trace(o, m)
    with quietly():
        g = backward(tr, m.weights, loss, target)
    refuse_overflow({"dL/dh": g.dh, "dL/dc": g.dc, "dL/dx": g.dx, "dL/dW_ih": g.w_ih[None],
                     "dL/dW_hh": g.w_hh[None], "dL/dW_hr": None if g.w_hr is None else g.w_hr[None],
                     "the loss": np.atleast_1d(g.loss_value if g.loss_value is not None else 0.0)},
                    tr.x, m.weights, source_of(o), "--weights" if o.weights else None)
    return tr, g
