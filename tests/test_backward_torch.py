"""cells.backward against live PyTorch autograd (float64) on random cases; skipped without torch.

dL/dh_t and dL/dc_t come from retain_grad on the outputs of nn.RNNCell / nn.LSTMCell /
nn.GRUCell stepped by hand, the per-step dL/dW_hh terms from a separate leaf weight_hh
per step, totals from nn.RNN / nn.LSTM / nn.GRU (hand-written loops for GRU "cho").
"""

import numpy as np
import pytest

pytest.importorskip("torch")

from tests.helpers.torch_grads import stepping, whole  # noqa: E402

from cells import Weights, backward, run  # noqa: E402

TOL = 1e-9
G = {"rnn": 1, "lstm": 4, "gru": 3}
CASES = [("rnn", None), ("lstm", None), ("gru", "pytorch"), ("gru", "cho")]


def _case(seed, cell):
    rng = np.random.default_rng(seed)
    I, H, T = int(rng.integers(1, 6)), int(rng.integers(1, 7)), int(rng.integers(1, 9))
    scale = float(rng.choice([0.3, 1.0, 2.5]))  # 2.5 saturates gates: small derivatives
    n = G[cell] * H
    params = {"weight_ih": rng.uniform(-scale, scale, (n, I)),
              "weight_hh": rng.uniform(-scale, scale, (n, H)),
              "bias_ih": rng.uniform(-scale, scale, n), "bias_hh": rng.uniform(-scale, scale, n)}
    x = rng.normal(0, 1.5, (T, I))
    h0 = rng.normal(0, 0.5, H) if rng.random() < 0.7 else np.zeros(H)
    c0 = rng.normal(0, 0.5, H) if cell == "lstm" else None
    return params, x, h0, c0, rng.uniform(-1, 1, H)


def _close(got, want, what):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, what
    assert np.max(np.abs(got - want), initial=0.0) <= TOL, what


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("loss", ["sum", "mse"])
@pytest.mark.parametrize("cell,variant", CASES, ids=["rnn", "lstm", "gru-pytorch", "gru-cho"])
def test_backward_equals_autograd(cell, variant, loss, seed):
    params, x, h0, c0, target = _case(100 * seed + len(cell) + (variant == "cho"), cell)
    target = target if loss == "mse" else None
    w = Weights(cell, params["weight_ih"], params["weight_hh"], params["bias_ih"], params["bias_hh"])
    g = backward(run(w, x, h0, c0, variant), w, loss, target)
    s = stepping(cell, variant, params, x, h0, c0, loss, target)
    m = whole(cell, variant, params, x, h0, c0, loss, target)
    assert abs(g.loss_value - m["loss_value"]) <= TOL
    _close(g.dh, s["dh"], "dh_t (retain_grad on each step's h)")
    if cell == "lstm":
        _close(g.dc, s["dc"], "dc_t")
        _close(g.dc0, m["dc0"], "dc0")
    _close(g.dx, s["dx"], "dx_t (stepping)")
    _close(g.dx, m["dx"], "dx_t (sequence module)")
    _close(g.dh0, m["dh0"], "dh0")
    _close(g.w_ih, m["weight_ih_l0"], "weight_ih")
    _close(g.w_hh, m["weight_hh_l0"], "weight_hh")
    _close(g.b_ih, m["bias_ih_l0"], "bias_ih")
    _close(g.b_hh, m["bias_hh_l0"], "bias_hh")
    _close(g.w_hh_by_step, s["w_hh_by_step"], "per-step weight_hh terms")
    _close(g.w_hh_by_step.sum(axis=0), m["weight_hh_l0"], "sum of per-step terms vs total")
