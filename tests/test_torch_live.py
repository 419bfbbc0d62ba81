"""Live comparisons against PyTorch (skipped when torch is not installed).

Random sizes, every cell and both GRU variants, and every weight layout and file format
going through the real loaders and `make_trace(RunOptions(weights=...))`.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch", exc_type=ImportError)
from safetensors.numpy import save_file  # noqa: E402

from cells import InputError, RunOptions, Weights, make_trace, run  # noqa: E402
from cells.tensor_files import read_tensor_file  # noqa: E402
from tests.generators.make_golden import by_hand  # noqa: E402  (the hand-made torch reference)

TOL = 1e-9
MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
CELL_MODULES = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}
KINDS = [("rnn", None), ("lstm", None), ("gru", "pytorch"), ("gru", "cho")]


def t64(a):
    return torch.as_tensor(np.asarray(a), dtype=torch.float64)


def vec(a) -> str:
    """A vector as the CLI takes it, with every digit (repr round-trips float64)."""
    return ",".join(repr(float(v)) for v in np.asarray(a))


def torch_reference(cell, variant, params, x, h0, c0):
    """(h, c, pre, gates) by PyTorch: the module itself for h/c, torch ops for the gates."""
    p = {k: t64(v) for k, v in params.items()}
    x, h0, c0 = t64(x), t64(h0), t64(c0 if c0 is not None else np.zeros(len(h0)))
    with torch.no_grad():
        pre, gates, h, c = by_hand(cell, variant, p, x, h0, c0)
        if variant != "cho":
            I, H = x.shape[1], h0.shape[0]
            mod = MODULES[cell](I, H, dtype=torch.float64)
            mod.load_state_dict(p)
            out = mod(x[:, None], (h0[None, None], c0[None, None]) if cell == "lstm" else h0[None, None])
            assert torch.allclose(out[0][:, 0], h, rtol=0, atol=1e-12)  # the reference itself agrees
            h = out[0][:, 0]
    return (h.numpy(), None if c is None else c.numpy(),
            {g: np.asarray(v) for g, v in pre.items()}, {g: np.asarray(v) for g, v in gates.items()})


def assert_matches(tr, ref):
    h, c, pre, gates = ref
    np.testing.assert_allclose(tr.h, h, rtol=0, atol=TOL)
    if c is None:
        assert tr.c is None
    else:
        np.testing.assert_allclose(tr.c, c, rtol=0, atol=TOL)
    for g in pre:
        np.testing.assert_allclose(tr.pre[g], pre[g], rtol=0, atol=TOL, err_msg=f"pre {g}")
        if tr.cell != "rnn":
            np.testing.assert_allclose(tr.gates[g], gates[g], rtol=0, atol=TOL, err_msg=f"gate {g}")


def random_case(cell, seed, dtype=torch.float64, **module_kw):
    rng = np.random.default_rng(seed)
    I, H, T = (int(v) for v in rng.integers(1, 8, size=3))
    torch.manual_seed(seed)
    mod = MODULES[cell](I, H, dtype=dtype, **module_kw)
    x = rng.uniform(-3, 3, size=(T, I))
    h0 = rng.uniform(-1, 1, size=H)
    c0 = rng.uniform(-2, 2, size=H) if cell == "lstm" else None
    return mod, x, h0, c0


def params64(mod):
    """A layer's parameters as float64 arrays; a bias=False layer gets PyTorch's zero biases."""
    sd = {k: v.detach().to(torch.float64).numpy() for k, v in mod.state_dict().items()}
    rows = sd["weight_hh_l0"].shape[0]
    sd.setdefault("bias_ih_l0", np.zeros(rows))
    sd.setdefault("bias_hh_l0", np.zeros(rows))
    return sd


# --- the core itself, random sizes -------------------------------------------------------

@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("cell,variant", KINDS)
def test_random_sizes_match_torch(cell, variant, seed):
    mod, x, h0, c0 = random_case(cell, 100 * seed + len(cell))
    p = params64(mod)
    w = Weights(cell, p["weight_ih_l0"], p["weight_hh_l0"], p["bias_ih_l0"], p["bias_hh_l0"])
    tr = run(w, x, h0, c0, variant)
    assert_matches(tr, torch_reference(cell, variant, p, x, h0, c0))


def test_seeded_init_is_in_pytorch_range_and_reproducible():
    from cells import init_weights
    a, b = init_weights("lstm", 3, 16, seed=5), init_weights("lstm", 3, 16, seed=5)
    k = 1 / np.sqrt(16)
    for name in ("w_ih", "w_hh", "b_ih", "b_hh"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
        assert np.all(np.abs(getattr(a, name)) <= k)
    assert not np.array_equal(a.w_ih, init_weights("lstm", 3, 16, seed=6).w_ih)
    mod = torch.nn.LSTM(3, 16)  # same shapes as PyTorch's own parameters
    assert {n: tuple(v.shape) for n, v in mod.state_dict().items()} == \
        {n: v.shape for n, v in a.state_dict().items()}


# --- weight files through the loaders ------------------------------------------------------

def save(sd: dict, path, fmt):
    """A state_dict (name -> torch tensor) written as .pt, .npz or .safetensors."""
    if fmt == "pt":
        torch.save(sd, path)
    else:
        arrays = {k: np.ascontiguousarray(v.detach().numpy()) for k, v in sd.items()}
        if fmt == "npz":
            np.savez(path, **arrays)
        else:
            save_file(arrays, str(path))
    return str(path)


def xfile(tmp_path, x):
    path = tmp_path / "x.npy"
    np.save(path, x)
    return str(path)


@pytest.mark.parametrize("fmt", ["pt", "npz", "safetensors"])
@pytest.mark.parametrize("cell,variant", KINDS)
def test_layer_state_dict_in_every_format(tmp_path, cell, variant, fmt):
    mod, x, h0, c0 = random_case(cell, 7 + len(fmt))
    path = save(mod.state_dict(), tmp_path / f"w.{fmt}", fmt)
    # PyTorch's names mean its own GRU variant: the other one is only a what-if
    tr = make_trace(RunOptions(cell=cell, weights=path, input_file=xfile(tmp_path, x), h0=vec(h0),
                               c0=None if c0 is None else vec(c0), gru_variant=variant,
                               what_if=variant == "cho"))
    assert (tr.input_size, tr.hidden_size) == (x.shape[1], h0.shape[0])
    assert tr.what_if == ({"gru-variant": {"saved": "pytorch", "computed": "cho"}}
                          if variant == "cho" else None)
    assert_matches(tr, torch_reference(cell, variant, params64(mod), x, h0, c0))


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_float32_weights_are_read_exactly(tmp_path, cell):
    mod, x, h0, c0 = random_case(cell, 11, dtype=torch.float32)
    path = save(mod.state_dict(), tmp_path / "w.safetensors", "safetensors")
    tr = make_trace(RunOptions(cell=cell, weights=path, input_file=xfile(tmp_path, x), h0=vec(h0),
                               c0=None if c0 is None else vec(c0)))
    assert_matches(tr, torch_reference(cell, "pytorch" if cell == "gru" else None,
                                       params64(mod), x, h0, c0))


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_bias_free_model(tmp_path, cell):
    mod, x, h0, c0 = random_case(cell, 12, bias=False)
    path = save(mod.state_dict(), tmp_path / "w.npz", "npz")
    tr = make_trace(RunOptions(cell=cell, weights=path, input_file=xfile(tmp_path, x), h0=vec(h0),
                               c0=None if c0 is None else vec(c0)))
    assert_matches(tr, torch_reference(cell, "pytorch" if cell == "gru" else None,
                                       params64(mod), x, h0, c0))


@pytest.mark.parametrize("fmt", ["pt", "npz"])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_cell_module_names(tmp_path, cell, fmt):
    """nn.RNNCell/LSTMCell/GRUCell save weight_ih ... without _l0; run the cell step by step."""
    rng = np.random.default_rng(3)
    I, H, T = 4, 3, 5
    torch.manual_seed(3)
    mod = CELL_MODULES[cell](I, H, dtype=torch.float64)
    x = rng.uniform(-2, 2, size=(T, I))
    assert set(mod.state_dict()) == {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}
    path = save(mod.state_dict(), tmp_path / f"w.{fmt}", fmt)
    tr = make_trace(RunOptions(cell=cell, weights=path, input_file=xfile(tmp_path, x)))
    h = torch.zeros(1, H, dtype=torch.float64)
    c = torch.zeros(1, H, dtype=torch.float64)
    with torch.no_grad():
        for t in range(T):
            xt = t64(x[t])[None]
            if cell == "lstm":
                h, c = mod(xt, (h, c))
                np.testing.assert_allclose(tr.c[t], c[0].numpy(), rtol=0, atol=TOL)
            else:
                h = mod(xt, h)
            np.testing.assert_allclose(tr.h[t], h[0].numpy(), rtol=0, atol=TOL)


class Seq2Seq(torch.nn.Module):
    """A bigger model: the recurrent layer sits at .encoder.rnn beside other layers."""

    def __init__(self, cell, I, H):
        super().__init__()
        self.encoder = torch.nn.Module()
        self.encoder.embed = torch.nn.Linear(I, I)
        self.encoder.rnn = MODULES[cell](I, H, dtype=torch.float64)
        self.norm = torch.nn.BatchNorm1d(H)  # brings an int64 buffer (num_batches_tracked)
        self.head = torch.nn.Linear(H, 2)


@pytest.mark.parametrize("prefix", ["encoder.rnn.", "encoder.rnn"])
@pytest.mark.parametrize("fmt", ["pt", "safetensors"])
@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_prefix_inside_a_bigger_model(tmp_path, cell, fmt, prefix):
    torch.manual_seed(4)
    net = Seq2Seq(cell, 3, 4)
    x = np.random.default_rng(4).uniform(-1, 1, size=(6, 3))
    path = save(net.state_dict(), tmp_path / f"model.{fmt}", fmt)
    tr = make_trace(RunOptions(cell=cell, weights=path, weights_prefix=prefix,
                               input_file=xfile(tmp_path, x)))
    p = {k: v.detach().numpy() for k, v in net.encoder.rnn.state_dict().items()}
    assert_matches(tr, torch_reference(cell, "pytorch" if cell == "gru" else None, p, x,
                                       np.zeros(4), np.zeros(4)))
    with pytest.raises(InputError) as e:  # without the prefix: the error suggests it
        make_trace(RunOptions(cell=cell, weights=path, input_file=xfile(tmp_path, x)))
    assert e.value.option == "--weights" and "encoder.rnn." in e.value.message
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell=cell, weights=path, weights_prefix="decoder.rnn."))
    assert e.value.option == "--weights-prefix" and "decoder.rnn." in e.value.message


# --- Keras layouts, built by hand from torch weights -------------------------------------------

KERAS_ORDER = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("z", "r", "n")}
TORCH_ORDER = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}


def keras_arrays(cell, p, reset_after=True):
    """kernel (I, G*H), recurrent_kernel (H, G*H), bias, gate blocks in Keras's order."""
    H = p["weight_hh_l0"].shape[1]

    def cols(name):  # (G*H, n) torch rows -> (n, G*H) Keras columns in Keras's gate order
        a = p[name]
        return np.concatenate([a[TORCH_ORDER[cell].index(g) * H:][:H].T for g in KERAS_ORDER[cell]],
                              axis=-1)
    k, rk, b_ih, b_hh = cols("weight_ih_l0"), cols("weight_hh_l0"), cols("bias_ih_l0"), cols("bias_hh_l0")
    if cell == "gru" and reset_after:
        bias = np.stack([b_ih, b_hh])            # (2, 3H): input bias, recurrent bias
    else:
        bias = b_ih + b_hh                       # Keras has one bias: the sum acts the same
    return {"kernel": k, "recurrent_kernel": rk, "bias": bias}


@pytest.mark.parametrize("cell,variant,reset_after", [
    ("rnn", None, None), ("lstm", None, None), ("gru", "pytorch", True), ("gru", "cho", False)])
def test_keras_layout(tmp_path, cell, variant, reset_after):
    mod, x, h0, c0 = random_case(cell, 21)
    p = params64(mod)
    arrays = keras_arrays(cell, p, reset_after)
    if cell == "gru":
        assert arrays["bias"].shape == ((2, 3 * len(h0)) if reset_after else (3 * len(h0),))
    path = tmp_path / "keras.npz"
    np.savez(path, **arrays)
    o = RunOptions(cell=cell, weights=str(path), input_file=xfile(tmp_path, x), h0=vec(h0),
                   c0=None if c0 is None else vec(c0), gru_variant=variant)
    tr = make_trace(o)
    assert_matches(tr, torch_reference(cell, variant, p, x, h0, c0))
    if cell == "gru":  # the bias says the variant: it is chosen without asking, the other refused
        assert make_trace(RunOptions(cell=cell, weights=str(path), input_file=o.input_file,
                                     h0=o.h0)).variant == variant
        other = "pytorch" if variant == "cho" else "cho"
        with pytest.raises(InputError) as e:
            make_trace(RunOptions(cell=cell, weights=str(path), input_file=o.input_file, gru_variant=other))
        assert e.value.option == "--gru-variant" and variant in e.value.message and "--what-if" in e.value.message


@pytest.mark.parametrize("cell,variant", [("rnn", None), ("lstm", None), ("gru", "pytorch"),
                                          ("gru", "cho")])
def test_keras_layout_without_bias(tmp_path, cell, variant):
    """use_bias=False: Keras saves no bias. A GRU's variant then comes from --gru-variant
    (reset_after leaves no trace without a bias; Keras's default is pytorch's)."""
    mod, x, h0, c0 = random_case(cell, 23)
    p = params64(mod)
    for name in ("bias_ih_l0", "bias_hh_l0"):
        p[name] = np.zeros_like(p[name])
    arrays = keras_arrays(cell, p)
    del arrays["bias"]
    path = tmp_path / "keras.npz"
    np.savez(path, **arrays)
    tr = make_trace(RunOptions(cell=cell, weights=str(path), input_file=xfile(tmp_path, x),
                               h0=vec(h0), c0=None if c0 is None else vec(c0),
                               gru_variant=variant))
    assert_matches(tr, torch_reference(cell, variant, p, x, h0, c0))


@pytest.mark.parametrize("prefix", ["model/lstm/lstm_cell/", "model/lstm/lstm_cell"])
def test_keras_names_with_scope_and_suffix(tmp_path, prefix):
    """TF checkpoints name variables like 'model/lstm/lstm_cell/kernel:0'."""
    mod, x, h0, c0 = random_case("lstm", 22)
    p = params64(mod)
    arrays = {f"model/lstm/lstm_cell/{k}:0": v for k, v in keras_arrays("lstm", p).items()}
    arrays["model/dense/kernel:0"] = np.ones((len(h0), 2))
    path = tmp_path / "keras.npz"
    np.savez(path, **arrays)
    tr = make_trace(RunOptions(cell="lstm", weights=str(path), weights_prefix=prefix,
                               input=";".join(vec(r) for r in x)))
    assert_matches(tr, torch_reference("lstm", None, p, x, np.zeros(len(h0)), np.zeros(len(h0))))


# --- .pt files that are not a plain tensor dict ----------------------------------------------

class Marker:
    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):  # unpickling would create the file
        return (open, (self.path, "w"))


@pytest.mark.parametrize("what", ["object", "list", "marker", "marker_alone"])
def test_pt_that_is_not_a_plain_tensor_dict(tmp_path, what):
    """(Checkpoints with nested dicts and numbers load: tests/test_checkpoints.py.)"""
    sd = torch.nn.RNN(2, 2).state_dict()
    obj = {"object": {"w": object()}, "list": list(sd.values()),
           "marker": {**sd, "x": Marker(tmp_path / "PWNED")}, "marker_alone": Marker(tmp_path / "PWNED")}[what]
    path = tmp_path / "w.pt"
    torch.save(obj, path)
    with pytest.raises(InputError) as e:
        read_tensor_file(str(path))
    assert e.value.option == "--weights" and "not a plain tensor dict" in e.value.message
    assert "\x1b" not in e.value.message and "\n" not in e.value.message
    assert not (tmp_path / "PWNED").exists()


def test_pt_ordered_dict_state_dict_loads(tmp_path):
    mod = torch.nn.GRU(2, 3, dtype=torch.float64)
    path = tmp_path / "w.pth"
    torch.save(mod.state_dict(), path)  # an OrderedDict, saved under .pth
    t = read_tensor_file(str(path))
    assert set(t.shapes) == set(mod.state_dict())
    assert all(t.get(k).dtype == np.float64 and np.array_equal(t.get(k), v.numpy())
               for k, v in mod.state_dict().items())


def test_the_marker_pickle_is_really_malicious(tmp_path):
    """What the tests above guard against: an unsafe torch.load runs the payload."""
    torch.save(Marker(tmp_path / "ran"), tmp_path / "m.pt")
    torch.load(tmp_path / "m.pt", weights_only=False).close()
    assert (tmp_path / "ran").exists()
