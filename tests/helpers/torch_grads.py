"""The PyTorch autograd oracle for back-propagation through time (float64). Needs torch.

Two independent torch computations per case:
- stepping: nn.RNNCell / nn.LSTMCell / nn.GRUCell called once per step (a hand-written
  step for the GRU "cho" variant, which torch does not offer), each step with its own
  leaf copy of weight_hh, so its .grad is that step's term of dL/dW_hh; every h_t (and
  c_t) output keeps its gradient (retain_grad), every x_t row is its own leaf.
- whole sequence: nn.RNN / nn.LSTM / nn.GRU (or the hand-written cho loop with one shared
  weight_hh) for the total weight gradients, dL/dx and dL/dh0 (dL/dc0).
Used by tests/generators/make_golden_grads.py and tests/test_backward_torch.py.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch.func import functional_call

torch.set_num_threads(1)
DT = torch.float64
NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def _t(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=DT, requires_grad=grad)


def _loss(h_T, loss, target):
    if loss == "sum":
        return h_T.sum()
    return F.mse_loss(h_T, _t(target))  # reduction="mean"


def _cho_step(p, w_hh, x, h, H):
    gi = p["weight_ih"] @ x + p["bias_ih"]
    gh = w_hh[:2 * H] @ h + p["bias_hh"][:2 * H]
    r = torch.sigmoid(gi[:H] + gh[:H])
    z = torch.sigmoid(gi[H:2 * H] + gh[H:])
    n = torch.tanh(gi[2 * H:] + w_hh[2 * H:] @ (r * h) + p["bias_hh"][2 * H:])
    return (1 - z) * n + z * h


def _module(cell, I, H):
    return {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}[cell](
        I, H, dtype=DT)


def stepping(cell, variant, params, x, h0, c0, loss, target):
    """dh, dc, dx, dh0, dc0, per-step weight_hh terms, the loss value (numpy)."""
    T, I = np.shape(x)
    H = len(h0)
    p = {k: _t(params[k], True) for k in NAMES if k != "weight_hh"}
    w_steps = [_t(params["weight_hh"], True) for _ in range(T)]
    xs = [_t(row, True) for row in x]
    h0_, c0_ = _t(h0, True), _t(c0 if c0 is not None else np.zeros(H), True)
    mod = _module(cell, I, H)
    h, c, hs, cs = h0_, c0_, [], []
    if not (cell == "gru" and variant == "cho"):
        # batched (1, n) tensors: with unbatched ones the cells return squeezed views of
        # c_t that h_t does not depend on, so c_t.grad would miss the path through h_t
        h, c = h0_[None], c0_[None]
    for t in range(T):
        if cell == "gru" and variant == "cho":
            h = _cho_step(p, w_steps[t], xs[t], h, H)
        else:
            args = (xs[t][None], (h, c)) if cell == "lstm" else (xs[t][None], h)
            out = functional_call(mod, {**p, "weight_hh": w_steps[t]}, args)
            if cell == "lstm":
                h, c = out
                c.retain_grad()
                cs.append(c)
            else:
                h = out
        h.retain_grad()
        hs.append(h)
    L = _loss(h.reshape(H), loss, target)
    L.backward()
    g = lambda v: v.grad.detach().numpy().reshape(v.shape[-1]).copy()  # noqa: E731
    return {
        "loss_value": L.item(),
        "dh": np.stack([g(v) for v in hs]),
        "dc": np.stack([g(v) for v in cs]) if cell == "lstm" else None,
        "dx": np.stack([g(v) for v in xs]),
        "dh0": g(h0_), "dc0": g(c0_) if cell == "lstm" else None,
        "w_hh_by_step": np.stack([w.grad.detach().numpy().copy() for w in w_steps]),
    }


def whole(cell, variant, params, x, h0, c0, loss, target):
    """Total weight gradients (PyTorch layer names), dx, dh0, dc0 from the sequence modules."""
    T, I = np.shape(x)
    H = len(h0)
    p = {k: _t(params[k], True) for k in NAMES}
    X, h0_ = _t(x, True), _t(h0, True)
    c0_ = _t(c0 if c0 is not None else np.zeros(H), True)
    if cell == "gru" and variant == "cho":
        h = h0_
        for t in range(T):
            h = _cho_step(p, p["weight_hh"], X[t], h, H)
        h_T = h
    else:
        mod = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](I, H, dtype=DT)
        state = (h0_[None], c0_[None]) if cell == "lstm" else h0_[None]
        out, _ = functional_call(mod, {f"{k}_l0": v for k, v in p.items()}, (X, state))
        h_T = out[-1]
    L = _loss(h_T, loss, target)
    L.backward()
    g = lambda v: v.grad.detach().numpy().copy()  # noqa: E731
    res = {f"{k}_l0": g(v) for k, v in p.items()}
    res.update(loss_value=L.item(), dx=g(X), dh0=g(h0_), dc0=g(c0_) if cell == "lstm" else None)
    return res
