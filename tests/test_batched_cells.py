"""A batch of sequences (`run_batch`, `backward(..., dh_T=...)`) against one sequence at a time.

Training runs B sequences through the same step loops with a batch axis; every value must
equal the per-sequence trace and gradients, and (when torch is importable) PyTorch's own
batched modules and autograd.
"""

import numpy as np
import pytest

from cells import backward, init_weights, run
from cells.forward import run_batch

KINDS = [("rnn", None), ("lstm", None), ("gru", "pytorch"), ("gru", "cho")]
T, B, I, H = 7, 5, 2, 3


def _case(cell, seed=0):
    rng = np.random.default_rng(seed)
    w = init_weights(cell, I, H, seed)
    return w, rng.normal(size=(T, B, I)), rng.normal(size=(B, H))


@pytest.mark.parametrize("cell,variant", KINDS)
def test_batch_equals_each_sequence(cell, variant):
    w, x, dh_T = _case(cell)
    tr = run_batch(w, x, variant)
    g = backward(tr, w, dh_T=dh_T)
    assert tr.h.shape == (T, B, H) and g.dx.shape == (T, B, I) and g.loss == "given"
    total = {k: 0.0 for k in ("w_ih", "w_hh", "b_ih", "b_hh")}
    for b in range(B):
        one = run(w, x[:, b], variant=variant)
        g1 = backward(one, w, dh_T=dh_T[b])
        np.testing.assert_allclose(tr.h[:, b], one.h, rtol=0, atol=1e-14)
        for k in one.gates:
            np.testing.assert_allclose(tr.gates[k][:, b], one.gates[k], rtol=0, atol=1e-14)
        for name in ("dh", "dx"):
            np.testing.assert_allclose(getattr(g, name)[:, b], getattr(g1, name), rtol=0, atol=1e-13)
        np.testing.assert_allclose(g.dh0[b], g1.dh0, rtol=0, atol=1e-13)
        if cell == "lstm":
            np.testing.assert_allclose(g.dc[:, b], g1.dc, rtol=0, atol=1e-13)
        for k in total:
            total[k] = total[k] + getattr(g1, k)
    for k, v in total.items():      # the batch's weight gradients are the sums
        np.testing.assert_allclose(getattr(g, k), v, rtol=0, atol=1e-12, err_msg=k)


@pytest.mark.parametrize("cell,variant", KINDS)
def test_given_dh_T_of_ones_is_the_sum_loss(cell, variant):
    w, x, _ = _case(cell, 1)
    tr = run(w, x[:, 0], variant=variant)
    a, b = backward(tr, w), backward(tr, w, dh_T=np.ones(H))
    assert b.loss_value is None and b.to_json()["loss_value"] is None
    for k in ("dh", "dx", "w_ih", "w_hh", "b_ih", "b_hh", "dh0"):
        np.testing.assert_array_equal(getattr(a, k), getattr(b, k))


def test_dh_T_is_checked():
    w, x, dh_T = _case("lstm")
    tr = run_batch(w, x)
    with pytest.raises(ValueError, match="shape"):
        backward(tr, w, dh_T=dh_T[:2])
    with pytest.raises(ValueError, match="not both"):
        backward(tr, w, "mse", [0.0] * H, dh_T=dh_T)
    with pytest.raises(ValueError, match="inputs"):
        run_batch(w, x[0])


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_batch_against_torch(cell):
    torch = pytest.importorskip("torch", exc_type=ImportError)
    w, x, dh_T = _case(cell, 2)
    mod = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](I, H, dtype=torch.float64)
    mod.load_state_dict({k: torch.tensor(v) for k, v in w.state_dict().items()})
    xt = torch.tensor(x, requires_grad=True)
    out, _ = mod(xt)                       # (T, B, H): PyTorch's default sequence-first layout
    (out[-1] * torch.tensor(dh_T)).sum().backward()   # a loss whose dL/dh_T is dh_T
    tr = run_batch(w, x)
    g = backward(tr, w, dh_T=dh_T)
    np.testing.assert_allclose(tr.h, out.detach().numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(g.dx, xt.grad.numpy(), rtol=0, atol=1e-12)
    for name, p in mod.named_parameters():
        ours = getattr(g, {"weight_ih_l0": "w_ih", "weight_hh_l0": "w_hh",
                           "bias_ih_l0": "b_ih", "bias_hh_l0": "b_hh"}[name])
        np.testing.assert_allclose(ours, p.grad.numpy(), rtol=0, atol=1e-12, err_msg=name)
