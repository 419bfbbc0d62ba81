"""cells.backward without torch: central finite differences of the loss as an independent
oracle (hypothesis picks cells, sizes, losses), the loss definitions, errors, Grads helpers
and the time of a long backward pass."""

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cells import InputError, RunOptions, backward, init_weights, make_grads, run
from cells.backward import loss_gradient

CASES = [("rnn", None), ("lstm", None), ("gru", "pytorch"), ("gru", "cho")]
EPS = 1e-6


def _loss(h_T, loss, y):
    return float(np.sum(h_T)) if loss == "sum" else float(np.mean((h_T - y) ** 2))


def _fd(f, a):
    """Central differences of the scalar f() with respect to every entry of a (in place)."""
    out = np.empty(a.shape)
    for idx in np.ndindex(a.shape):
        v = a[idx]
        a[idx] = v + EPS
        up = f()
        a[idx] = v - EPS
        down = f()
        a[idx] = v
        out[idx] = (up - down) / (2 * EPS)
    return out


def _close(got, want, what):
    assert np.allclose(got, want, rtol=1e-6, atol=1e-7), (what, np.max(np.abs(got - want)))


@settings(max_examples=40, deadline=None)
@given(case=st.sampled_from(CASES), loss=st.sampled_from(["sum", "mse"]),
       I=st.integers(1, 3), H=st.integers(1, 4), T=st.integers(1, 5),
       seed=st.integers(0, 2**31), scale=st.sampled_from([0.5, 1.0, 2.0]))
def test_gradients_equal_finite_differences(case, loss, I, H, T, seed, scale):
    cell, variant = case
    rng = np.random.default_rng(seed)
    w = init_weights(cell, I, H, seed)
    for name in ("w_ih", "w_hh", "b_ih", "b_hh"):
        setattr(w, name, getattr(w, name) * scale * np.sqrt(H))
    x, h0 = rng.normal(size=(T, I)), rng.normal(0, 0.5, H)
    c0 = rng.normal(0, 0.5, H) if cell == "lstm" else None
    y = rng.uniform(-1, 1, H) if loss == "mse" else None
    tr = run(w, x, h0, c0, variant)
    g = backward(tr, w, loss, y)
    L = lambda: _loss(run(w, x, h0, c0, variant).h[-1], loss, y)  # noqa: E731
    assert g.loss_value == pytest.approx(L(), abs=1e-12)
    _close(g.dx, _fd(L, x), "dx")
    _close(g.dh0, _fd(L, h0), "dh0")
    if cell == "lstm":
        _close(g.dc0, _fd(L, c0), "dc0")
    for name in ("w_ih", "w_hh", "b_ih", "b_hh"):
        _close(getattr(g, name), _fd(L, getattr(w, name)), name)
    # dL/dh_t (and dL/dc_t) are total derivatives: perturb the state after step t and
    # run the rest of the sequence from there
    for t in range(T):
        h_t = tr.h[t].copy()
        c_t = tr.c[t].copy() if cell == "lstm" else None

        def rest(h, c):
            if t == T - 1:
                return _loss(h, loss, y)
            return _loss(run(w, x[t + 1:], h, c, variant).h[-1], loss, y)
        _close(g.dh[t], _fd(lambda: rest(h_t, c_t), h_t), f"dh step {t + 1}")
        if cell == "lstm":
            o = tr.gates["o"][t]
            _close(g.dc[t], _fd(lambda: rest(o * np.tanh(c_t), c_t), c_t), f"dc step {t + 1}")


@pytest.mark.parametrize("cell,variant", CASES)
def test_per_step_terms_sum_to_the_total_and_norms_match(cell, variant):
    rng = np.random.default_rng(7)
    w = init_weights(cell, 2, 5, 3)
    g = backward(run(w, rng.normal(size=(6, 2)), rng.normal(size=5), None, variant), w)
    by_step = g.w_hh_by_step
    assert by_step.shape == (6,) + w.w_hh.shape
    assert np.allclose(by_step.sum(axis=0), g.w_hh, rtol=0, atol=1e-14)
    assert np.allclose(np.linalg.norm(by_step, axis=(1, 2)), g.w_hh_step_norms, rtol=1e-12, atol=0)
    for t in (1, 4, 6):
        assert np.array_equal(g.w_hh_at(t), by_step[t - 1])
    with pytest.raises(IndexError):
        g.w_hh_at(0)
    # bias_hh's per-step terms are d_hh's rows; for PyTorch's GRU the n rows differ from
    # bias_ih's (the reset multiplies the recurrent part), elsewhere they are equal
    assert np.allclose(g.d_hh.sum(axis=0), g.b_hh, rtol=0, atol=1e-14)
    assert np.allclose(g.b_ih, g.b_hh) == (variant != "pytorch")


def test_loss_definitions():
    h = np.array([0.5, -0.25, 1.0])
    L, d, y = loss_gradient(h)
    assert (L, y) == (1.25, None) and np.array_equal(d, np.ones(3))
    L, d, y = loss_gradient(h, "mse", "1, 0, 1")
    assert L == pytest.approx((0.25 + 0.0625 + 0) / 3)
    assert np.allclose(d, 2 * (h - [1, 0, 1]) / 3) and np.array_equal(y, [1, 0, 1])
    g = backward(*_lstm(), "mse", [0.0, 0.0, 0.0])
    assert np.allclose(g.dh[-1], 2 * _lstm()[0].h[-1] / 3)


def _lstm():
    w = init_weights("lstm", 3, 3, 0)
    return run(w, np.eye(3)), w


@pytest.mark.parametrize("loss,target,option,words", [
    ("mae", None, "--loss", "unknown loss"),
    ("mse", None, "--target", "needs a target"),
    ("mse", [1.0, 2.0], "--target", "2 values"),
    ("mse", "1,2,3,4", "--target", "4 values"),
    ("mse", [1.0, np.nan, 0.0], "--target", "NaN"),
    ("mse", "1,x,3", "--target", "not a number"),
    ("sum", [1.0, 2.0, 3.0], "--target", "only the mse"),
])
def test_bad_loss_options_name_the_option(loss, target, option, words):
    with pytest.raises(InputError) as e:
        backward(*_lstm(), loss, target)
    assert e.value.option == option and words in e.value.message
    with pytest.raises(InputError) as e:
        make_grads(RunOptions(cell="lstm"), loss, target)
    assert e.value.option == option


def test_mismatched_trace_and_weights_is_a_bug_not_a_user_error():
    tr, _ = _lstm()
    with pytest.raises(ValueError):
        backward(tr, init_weights("gru", 3, 3, 0))
    with pytest.raises(ValueError):
        backward(tr, init_weights("lstm", 3, 4, 0))


def test_json_shape():
    tr, g = make_grads(RunOptions(cell="lstm", input="1,2,3; 0,1,0"), "mse", "0,0,1")
    j = g.to_json()
    assert {"cell", "variant", "loss", "target", "loss_value", "steps", "dh0", "dc0",
            "weights", "weight_norms", "w_hh_by_step"} <= set(j)
    assert (j["cell"], j["variant"], j["loss"], j["target"]) == ("lstm", None, "mse", [0, 0, 1])
    assert [s["t"] for s in j["steps"]] == [1, 2]
    for k, s in enumerate(j["steps"]):
        assert s["dh_norm"] == pytest.approx(np.linalg.norm(s["dh"]), rel=1e-15)
        assert s["dx_norm"] == pytest.approx(np.linalg.norm(s["dx"]), rel=1e-15)
        assert s["dc_norm"] == pytest.approx(np.linalg.norm(s["dc"]), rel=1e-15)
        assert s["dw_hh_norm"] == pytest.approx(np.linalg.norm(j["w_hh_by_step"][k]), rel=1e-12)
        assert len(s["dh"]) == 3 and len(s["dx"]) == 3
    assert np.array(j["weights"]["weight_hh_l0"]).shape == (12, 3)
    assert np.array(j["w_hh_by_step"]).shape == (2, 12, 3)
    assert g.to_json(step_matrices=False)["w_hh_by_step"] is None
    j = make_grads(RunOptions(cell="rnn"))[1].to_json()
    assert j["steps"][0]["dc"] is None and j["dc0"] is None and j["target"] is None


def test_long_lstm_backward_is_fast():
    rng = np.random.default_rng(0)
    w = init_weights("lstm", 128, 128, 0)
    tr = run(w, rng.normal(size=(1000, 128)))
    best = np.inf
    for _ in range(2):
        t0 = time.perf_counter()
        g = backward(tr, w)
        best = min(best, time.perf_counter() - t0)
    assert np.all(np.isfinite(g.dh)) and best < 1.0
