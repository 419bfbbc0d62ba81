"""Invariants of the numeric core, checked on many generated cases (hypothesis)."""

import json
import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from cells import RunOptions, init_weights, make_trace, run, sigmoid, spec
from cells.inputs import embed_token, tokenize

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = [("rnn", None), ("lstm", None), ("gru", "pytorch"), ("gru", "cho")]

TOP_KEYS = {"cell", "variant", "nonlinearity", "input_size", "hidden_size", "proj_size", "layer",
            "layers", "direction", "what_if", "model", "bidirectional", "tokens", "token_ids",
            "token_vectors", "unknown", "unknown_token", "readout", "x", "h0", "c0", "steps"}
STEP_KEYS = {"t", "x", "h_prev", "c_prev", "pre", "gates", "h", "c", "parts"}  # parts: our extra


@st.composite
def cases(draw, x_max=2.0, kinds=KINDS):
    """(cell, variant, trace) for moderate inputs: |x| <= x_max, PyTorch-scaled weights.

    With |x| <= 2, |h| < 1 and sizes <= 6, every pre-activation stays below 15 in size,
    where sigmoid and tanh are still strictly inside their ranges in float64.
    """
    cell, variant = draw(st.sampled_from(kinds))
    I, H, T = draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 5))
    w = init_weights(cell, I, H, draw(st.integers(0, 2**32 - 1)))
    x = draw(arrays(np.float64, (T, I), elements=st.floats(-x_max, x_max)))
    h0 = draw(arrays(np.float64, H, elements=st.floats(-0.999, 0.999)))
    c0 = draw(arrays(np.float64, H, elements=st.floats(-5, 5))) if cell == "lstm" else None
    return cell, variant, run(w, x, h0, c0, variant)


@SETTINGS
@given(cases())
def test_gates_strictly_inside_their_ranges_and_h_below_one(case):
    cell, _, tr = case
    for g, v in tr.gates.items():
        if spec(cell).activation[g] == "sigmoid":
            assert np.all((v > 0) & (v < 1)), g
        else:
            assert np.all(np.abs(v) < 1), g
    assert np.all(np.abs(tr.h) < 1)


@SETTINGS
@given(cell_variant=st.sampled_from(KINDS), seed=st.integers(0, 2**32 - 1),
       scale=st.sampled_from([1e2, 1e4, 1e8, 1e150]), data=st.data())
def test_huge_inputs_stay_bounded_without_overflow(cell_variant, seed, scale, data):
    """Far outside the moderate range the gates may round to exactly 0 or 1, but never leave
    [0, 1], never turn into NaN, and numpy never warns about an overflow."""
    cell, variant = cell_variant
    I, H = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    x = data.draw(arrays(np.float64, (3, I), elements=st.floats(-1, 1))) * scale
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tr = run(init_weights(cell, I, H, seed), x, variant=variant)
    for g, v in tr.gates.items():
        lo = 0.0 if spec(cell).activation[g] == "sigmoid" else -1.0
        assert np.all(np.isfinite(v)) and np.all((v >= lo) & (v <= 1)), g
    assert np.all(np.isfinite(tr.h)) and np.all(np.abs(tr.h) <= 1)


@SETTINGS
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_sigmoid_range_and_symmetry(v):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, m = float(sigmoid(v)), float(sigmoid(-v))
    assert 0.0 <= s <= 1.0
    assert abs(s + m - 1.0) <= 4.5e-16   # 2 ulp of 1.0: PyTorch's 1/(1+exp(-x)) is not exactly symmetric
    if abs(v) < 30:
        assert 0.0 < s < 1.0


@SETTINGS
@given(cases(x_max=10.0, kinds=[("lstm", None)]))
def test_lstm_cell_state_identity_is_exact(case):
    _, _, tr = case
    g = tr.gates
    assert np.array_equal(tr.c, g["f"] * tr.c_prev + g["i"] * g["g"])
    assert np.array_equal(tr.h, g["o"] * np.tanh(tr.c))
    assert np.array_equal(tr.parts["f_c_prev"], g["f"] * tr.c_prev)
    assert np.array_equal(tr.parts["i_g"], g["i"] * g["g"])
    assert np.array_equal(tr.parts["tanh_c"], np.tanh(tr.c))


@SETTINGS
@given(cases(x_max=10.0))
def test_gates_are_the_activations_of_pre_and_h_follows_from_them(case):
    cell, variant, tr = case
    for gname, v in tr.gates.items():
        f = sigmoid if spec(cell).activation[gname] == "sigmoid" else np.tanh
        assert np.array_equal(v, f(tr.pre[gname])), gname
    if cell == "rnn":
        assert tr.gates == {} and np.array_equal(tr.h, np.tanh(tr.pre["h"]))
    if cell == "gru":
        z, n = tr.gates["z"], tr.gates["n"]
        assert np.array_equal(tr.h, (1.0 - z) * n + z * tr.h_prev)
        assert np.array_equal(tr.parts["one_minus_z_n"] + tr.parts["z_h_prev"], tr.h)
        key = "r_hn" if variant == "pytorch" else "r_h_prev"
        assert key in tr.parts and ({"r_hn", "r_h_prev"} - {key}).isdisjoint(tr.parts)


@SETTINGS
@given(cases())
def test_trace_shapes(case):
    cell, variant, tr = case
    T, I = tr.x.shape
    H = tr.hidden_size
    assert tr.steps == T and tr.input_size == I
    assert tr.h.shape == (T, H) and tr.h_prev.shape == (T, H)
    assert np.array_equal(tr.h_prev[0], tr.h0) and np.array_equal(tr.h_prev[1:], tr.h[:-1])
    assert set(tr.pre) == ({"h"} if cell == "rnn" else set(spec(cell).gates))
    assert set(tr.gates) == (set() if cell == "rnn" else set(spec(cell).gates))
    for v in list(tr.pre.values()) + list(tr.gates.values()) + list(tr.parts.values()):
        assert v.shape == (T, H)
    if cell == "lstm":
        assert tr.c.shape == (T, H) and tr.c0.shape == (H,)
        assert np.array_equal(tr.c_prev[0], tr.c0) and np.array_equal(tr.c_prev[1:], tr.c[:-1])
    else:
        assert tr.c is None and tr.c0 is None and tr.c_prev is None
    assert tr.variant == variant


@SETTINGS
@given(cases())
def test_to_json_structure_and_full_precision(case):
    cell, variant, tr = case
    d = tr.to_json()
    T, I, H = tr.steps, tr.input_size, tr.hidden_size
    assert set(d) == TOP_KEYS
    assert (d["cell"], d["variant"], d["input_size"], d["hidden_size"]) == (cell, variant, I, H)
    assert d["tokens"] is None and len(d["x"]) == T and len(d["h0"]) == H
    assert (d["c0"] is None) == (cell != "lstm")
    gate_names = set(spec(cell).gates) if cell != "rnn" else set()
    assert [s["t"] for s in d["steps"]] == list(range(1, T + 1))
    for k, s in enumerate(d["steps"]):
        assert set(s) == STEP_KEYS
        assert set(s["gates"]) == gate_names
        assert set(s["pre"]) == (gate_names or {"h"})
        assert len(s["x"]) == I and len(s["h"]) == H and len(s["h_prev"]) == H
        assert all(len(v) == H for v in [*s["pre"].values(), *s["gates"].values(), *s["parts"].values()])
        if cell == "lstm":
            assert s["c"] == tr.c[k].tolist() and s["c_prev"] == tr.c_prev[k].tolist()
        else:
            assert s["c"] is None and s["c_prev"] is None
        assert s["h"] == tr.h[k].tolist()
    text = json.dumps(d, allow_nan=False)
    assert json.loads(text) == d  # plain floats that survive the round trip bit for bit
    assert all(type(v) is float for v in d["steps"][-1]["h"])


@settings(max_examples=25, deadline=None)
@given(words=st.lists(st.sampled_from(["What", "time", "is", "it", "?", "what", "box", "!", ","]),
                      min_size=1, max_size=8),
       cell=st.sampled_from(["rnn", "lstm", "gru"]), size=st.integers(1, 5))
def test_text_tokens_map_to_fixed_vectors(words, cell, size):
    text = " ".join(words)
    tr = make_trace(RunOptions(cell=cell, text=text, input_size=size))
    assert tr.tokens == tokenize(text) == words
    assert tr.to_json()["tokens"] == words
    for tok, row in zip(words, tr.x):
        assert np.array_equal(row, embed_token(tok, size))
        assert np.array_equal(row, embed_token(tok.upper(), size))  # case-folded
        assert np.all(np.abs(row) <= 1) and np.array_equal(row, np.round(row, 1))
