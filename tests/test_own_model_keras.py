"""Your own Keras model, as Keras saved it (.weights.h5 and .keras), against Keras itself.

Keras 3 runs on the torch backend in float64, so its own outputs and its autograd
gradients are the oracle (<= 1e-9); `grads` must name them as Keras does (variable
paths, kernel / recurrent_kernel / bias in Keras's gate order). Skipped without keras.

Keras's torch backend computes ops.matmul of two float64 tensors in float32 (its
result_type of float64 and float64 is float32): a generic recurrent loop (GRU with
reset_after=False, SimpleRNN) is then off by ~1e-8. The oracle runs Keras's own cell
code with that one op computed in float64.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch", exc_type=ImportError)
keras = pytest.importorskip("keras", exc_type=ImportError)
if keras.backend.backend() != "torch":
    pytest.skip("Keras runs on another backend here", allow_module_level=True)
keras.config.set_floatx("float64")
from keras.src.backend.torch import numpy as keras_torch_numpy  # noqa: E402

keras_torch_numpy.matmul = lambda a, b: torch.matmul(keras_torch_numpy.convert_to_tensor(a),
                                                     keras_torch_numpy.convert_to_tensor(b))

from cells import InputError, RunOptions, make_grads, make_trace  # noqa: E402

TOL = 1e-9
LAYERS = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "rnn": keras.layers.SimpleRNN}
MEASURED = {}


def record(case, *pairs):
    d = max(float(np.max(np.abs(np.asarray(a) - np.asarray(b)), initial=0.0)) for a, b in pairs)
    MEASURED[case] = max(d, MEASURED.get(case, 0.0))
    assert d <= TOL, (case, d)


@pytest.fixture(scope="module", autouse=True)
def report_measured():
    yield
    for case, d in sorted(MEASURED.items()):
        print(f"\nmax |ours - keras| {d:.1e}  {case}", end="")


def seq(x) -> str:
    return ";".join(",".join(repr(float(v)) for v in r) for r in x)


def build(cell, seed, I=3, H=4, bidirectional=False, **kw):
    """A functional model: Input -> (Bidirectional) recurrent layer -> Dense, wide random weights."""
    keras.utils.set_random_seed(seed)
    inp = keras.Input((None, I))
    rec = LAYERS[cell](H, return_sequences=True, name=f"my_{cell}", **kw)
    out = keras.layers.Bidirectional(rec, name="bi")(inp) if bidirectional else rec(inp)
    model = keras.Model(inp, keras.layers.Dense(2, name="head")(out))
    rng = np.random.default_rng(seed)
    for v in model.weights:
        v.assign(rng.uniform(-1.2, 1.2, size=v.shape))
    return model, rng.uniform(-2, 2, size=(5, I))


def save(model, tmp_path, fmt):
    path = tmp_path / ("m.keras" if fmt == "keras" else "m.weights.h5")
    model.save(path) if fmt == "keras" else model.save_weights(path)
    return str(path)


def keras_check(model, x, layer_name, direction, tr, g, case):
    """Keras's own output and autograd gradients for one direction of the recurrent layer."""
    layer = model.get_layer(layer_name)
    X = torch.tensor(x[None], dtype=torch.float64, requires_grad=True)
    out = layer(X)
    H = tr.h.shape[1]
    if direction == "forward":
        h, last = out[0, :, :H], out[0, -1, :H]
    else:                                  # Bidirectional re-reverses the backward output
        h, last = out[0, :, H:].flip(0), out[0, 0, H:]
    record(case, (tr.h, h.detach().numpy()))
    last.sum().backward()
    part = layer if direction == "forward" and not hasattr(layer, "forward_layer") else \
        (layer.forward_layer if direction == "forward" else layer.backward_layer)
    theirs = {v.path: v.value.grad.numpy() for v in part.trainable_weights}
    ours = g.weights_dict()
    assert set(ours) == set(theirs) and g.to_json()["weights_format"] == "keras"
    dx = X.grad[0].numpy()
    record(case, (g.dx, dx[::-1] if direction == "reverse" else dx), *((ours[k], theirs[k]) for k in ours))


CASES = [("lstm", {}), ("lstm", {"use_bias": False}), ("gru", {"reset_after": True}),
         ("gru", {"reset_after": False}), ("gru", {"reset_after": True, "use_bias": False}),
         ("rnn", {"activation": "tanh"}), ("rnn", {"activation": "relu"}), ("rnn", {"use_bias": False})]


@pytest.mark.parametrize("fmt", ["keras", "weights.h5"])
@pytest.mark.parametrize("cell,kw", CASES, ids=[f"{c}-{'-'.join(f'{k}{v}' for k, v in kw.items())}"
                                                for c, kw in CASES])
def test_keras_layers_match_keras(tmp_path, cell, kw, fmt):
    model, x = build(cell, 3, **kw)
    path = save(model, tmp_path, fmt)
    opts = {}
    if fmt == "weights.h5" and kw.get("activation") == "relu":
        opts["nonlinearity"] = "relu"          # only config.json says so; a weights file cannot
    if kw.get("use_bias") is False and kw.get("reset_after") is False and fmt == "weights.h5":
        opts["gru_variant"] = "cho"
    tr, g = make_grads(RunOptions(cell=cell, weights=path, input=seq(x), **opts))
    if cell == "gru":
        assert tr.variant == ("pytorch" if kw.get("reset_after", True) else "cho")
    if cell == "rnn":
        assert tr.nonlinearity == kw.get("activation", "tanh")
    keras_check(model, x, f"my_{cell}", "forward", tr, g,
                f"keras {cell} {' '.join(f'{k}={v}' for k, v in kw.items())} .{fmt}")


@pytest.mark.parametrize("fmt", ["keras", "weights.h5"])
@pytest.mark.parametrize("direction", ["forward", "reverse"])
@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_bidirectional_wrapper(tmp_path, cell, direction, fmt):
    model, x = build(cell, 4, bidirectional=True)
    path = save(model, tmp_path, fmt)
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell=cell, weights=path, input=seq(x)))
    assert e.value.option == "--direction"
    tr, g = make_grads(RunOptions(cell=cell, weights=path, input=seq(x), direction=direction))
    assert tr.direction == direction
    keras_check(model, x, "bi", direction, tr, g, f"keras bidirectional {cell} {direction} .{fmt}")


def test_keras_file_knows_its_gru_variant_and_activation(tmp_path):
    gru, x = build("gru", 5, reset_after=False)
    path = save(gru, tmp_path, "keras")
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell="gru", weights=path, input=seq(x), gru_variant="pytorch"))
    assert e.value.option == "--gru-variant" and "'cho'" in e.value.message
    tr = make_trace(RunOptions(cell="gru", weights=path, input=seq(x), gru_variant="pytorch", what_if=True))
    assert tr.what_if == {"gru-variant": {"saved": "cho", "computed": "pytorch"}}
    rnn, x = build("rnn", 5, activation="relu")
    path = save(rnn, tmp_path, "keras")
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell="rnn", weights=path, input=seq(x), nonlinearity="tanh"))
    assert e.value.option == "--nonlinearity"


def test_several_recurrent_layers_are_picked_by_name(tmp_path):
    keras.utils.set_random_seed(6)
    model = keras.Sequential([keras.Input((None, 3)), keras.layers.LSTM(4, return_sequences=True, name="low"),
                              keras.layers.GRU(2, name="high")])
    path = save(model, tmp_path, "keras")
    x = np.random.default_rng(6).uniform(-1, 1, (4, 3))
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell="lstm", weights=path, input=seq(x)))
    assert e.value.option == "--weights-prefix" and "low (LSTM)" in e.value.message and "high (GRU)" in e.value.message
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell="lstm", weights=path, weights_prefix="high", input=seq(x)))
    assert "is a GRU" in e.value.message and "gru cell" in e.value.message
    tr = make_trace(RunOptions(cell="lstm", weights=path, weights_prefix="low", input=seq(x)))
    want = model.get_layer("low")(torch.tensor(x[None])).detach().numpy()[0]
    record("keras Sequential layer by name", (tr.h, want))
    with pytest.raises(InputError) as e:   # which layer a readout reads is not followed: refused
        make_trace(RunOptions(cell="lstm", weights=path, weights_prefix="low", input=seq(x), readout="x"))
    assert e.value.option == "--readout" and "2 recurrent layers" in e.value.message


def test_unsupported_activation_is_refused(tmp_path):
    model, x = build("lstm", 7, activation="relu")
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell="lstm", weights=save(model, tmp_path, "keras"), input=seq(x)))
    assert "'relu'" in e.value.message and "tanh" in e.value.message
