"""Your own PyTorch model, as you saved it, against PyTorch itself (float64, <= 1e-9).

Every shape of issue 15 — nonlinearity='relu', stacked layers, bidirectional, LSTM
projections — in every file format (.pt, .safetensors, .npz), forward and gradients:
layer N of a stacked model is compared with a torch model of the first N layers, its
gradients with autograd through a one-layer torch module fed by layer N-1's output.
Skipped without torch.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch", exc_type=ImportError)
from safetensors.torch import save_file  # noqa: E402

from cells import InputError, RunOptions, make_grads, make_trace  # noqa: E402

TOL = 1e-9
MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
DT = torch.float64
MEASURED = {}   # case -> max |ours - torch|, printed at the end (-s) for the README/report


def save(sd: dict, path, fmt: str) -> str:
    sd = {k: v.detach().contiguous() for k, v in sd.items()}
    if fmt == "pt":
        torch.save(sd, path)
    elif fmt == "safetensors":
        save_file(sd, str(path))
    else:
        np.savez(path, **{k: v.numpy() for k, v in sd.items()})
    return str(path)


def vec(a) -> str:
    return ",".join(repr(float(v)) for v in np.asarray(a))


def seq(x) -> str:
    return ";".join(vec(r) for r in x)


def record(case, *pairs):
    d = max(float(np.max(np.abs(np.asarray(a) - np.asarray(b)), initial=0.0)) for a, b in pairs)
    MEASURED[case] = max(d, MEASURED.get(case, 0.0))
    assert d <= TOL, (case, d)


def model(cell, seed, **kw):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    I, H = int(rng.integers(2, 5)), int(rng.integers(3, 6))
    m = MODULES[cell](I, H, dtype=DT, **kw)
    with torch.no_grad():                  # wider than the default init: gates saturate too
        for p in m.parameters():
            p.uniform_(-1.2, 1.2)
    return m, rng.uniform(-2, 2, size=(int(rng.integers(2, 7)), I))


def one_layer(m, cell, layer, direction):
    """A one-layer, one-directional torch module holding layer `layer` (1-based) of m."""
    suffix = f"_l{layer - 1}" + ("_reverse" if direction == "reverse" else "")
    sd = {k.replace(suffix, "_l0"): v for k, v in m.state_dict().items() if k.endswith(suffix)}
    kw = {"proj_size": m.proj_size} if cell == "lstm" and m.proj_size else {}
    if cell == "rnn":
        kw["nonlinearity"] = m.nonlinearity
    I = sd["weight_ih_l0"].shape[1]
    one = MODULES[cell](I, m.hidden_size, dtype=DT, bias=m.bias, **kw)
    one.load_state_dict(sd)
    return one


def layer_input(m, cell, layer, x):
    """The input of layer `layer`: the output of a torch model of the layers below."""
    if layer == 1:
        return torch.tensor(x, dtype=DT)
    kw = {"proj_size": m.proj_size} if cell == "lstm" and m.proj_size else {}
    if cell == "rnn":
        kw["nonlinearity"] = m.nonlinearity
    below = MODULES[cell](m.input_size, m.hidden_size, num_layers=layer - 1, dtype=DT, bias=m.bias,
                          bidirectional=m.bidirectional, **kw)
    below.load_state_dict({k: v for k, v in m.state_dict().items()
                           if int(k.split("_l")[1].split("_")[0]) < layer - 1})
    with torch.no_grad():
        return below(torch.tensor(x, dtype=DT))[0]


def compare(tmp_path, cell, m, x, layer, direction, fmt, case, **opts):
    """Our trace and grads of one layer's direction against torch, forward and backward."""
    path = save(m.state_dict(), tmp_path / f"w.{fmt}", fmt)
    o = RunOptions(cell=cell, weights=path, input=seq(x), layer=layer if m.num_layers > 1 else None,
                   direction=direction if m.bidirectional else None, **opts)
    tr, g = make_grads(o)
    assert (tr.layer, tr.layers, tr.direction) == (layer, m.num_layers, direction)
    # forward: the whole torch model up to this layer gives this layer's output sequence
    with torch.no_grad():
        top = layer_input(m, cell, layer + 1, x) if layer < m.num_layers else m(torch.tensor(x, dtype=DT))[0]
    P = m.proj_size or m.hidden_size if cell == "lstm" else m.hidden_size
    want = top[:, :P] if direction == "forward" else top[:, P:].flip(0)
    record(case, (tr.h, want.numpy()))
    # backward: autograd through this layer alone, fed by the layers below
    inp = layer_input(m, cell, layer, x).clone().requires_grad_(True)
    one = one_layer(m, cell, layer, direction)
    out = one(inp.flip(0) if direction == "reverse" else inp)[0]
    record(case, (tr.h, out.detach().numpy()))
    out[-1].sum().backward()
    dx = inp.grad.flip(0) if direction == "reverse" else inp.grad
    pairs = [(g.dx, dx.numpy())]
    names = dict(one.named_parameters())
    for ours, theirs in g.weights_dict().items():
        base = ours.rsplit("_l", 1)[0]
        pairs.append((theirs, names[f"{base}_l0"].grad.numpy()))
    assert set(g.weights_dict()) == {k for k in m.state_dict()
                                     if k.endswith(f"_l{layer - 1}" + ("_reverse" if direction == "reverse" else ""))}
    record(case, *pairs)
    return tr, g


FORMATS = ["pt", "safetensors", "npz"]


# --- never a silently different model ---------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_relu_rnn_is_computed_with_relu(tmp_path, fmt):
    m, x = model("rnn", 1, nonlinearity="relu")
    tr, _ = compare(tmp_path, "rnn", m, x, 1, "forward", fmt, f"rnn relu {fmt}", nonlinearity="relu")
    assert tr.nonlinearity == "relu" and tr.to_json()["nonlinearity"] == "relu"
    assert np.all(tr.h >= 0)


def test_the_file_cannot_tell_relu_so_tanh_is_the_default(tmp_path):
    m, x = model("rnn", 2, nonlinearity="relu")
    path = save(m.state_dict(), tmp_path / "w.pt", "pt")
    tr = make_trace(RunOptions(cell="rnn", weights=path, input=seq(x)))
    assert tr.nonlinearity == "tanh" and np.all(np.abs(tr.h) < 1)


def test_pytorch_gru_names_refuse_the_cho_variant(tmp_path):
    m, x = model("gru", 3)
    path = save(m.state_dict(), tmp_path / "w.pt", "pt")
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell="gru", weights=path, input=seq(x), gru_variant="cho"))
    assert e.value.option == "--gru-variant" and "--what-if" in e.value.message
    tr = make_trace(RunOptions(cell="gru", weights=path, input=seq(x), gru_variant="cho", what_if=True))
    assert tr.variant == "cho" and tr.to_json()["what_if"] == {"gru-variant": {"saved": "pytorch",
                                                                               "computed": "cho"}}
    plain = make_trace(RunOptions(cell="gru", weights=path, input=seq(x), what_if=True))
    assert plain.variant == "pytorch" and plain.what_if is None     # nothing differs: no what-if


# --- shapes people really have ------------------------------------------------------------

SHAPES = [
    ("lstm", dict(num_layers=2)), ("gru", dict(num_layers=3)), ("rnn", dict(num_layers=2)),
    ("rnn", dict(num_layers=2, nonlinearity="relu")),
    ("lstm", dict(bidirectional=True)), ("gru", dict(bidirectional=True, num_layers=2)),
    ("lstm", dict(proj_size=2)), ("lstm", dict(proj_size=2, num_layers=2, bidirectional=True)),
    ("lstm", dict(num_layers=2, bias=False)),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("cell,kw", SHAPES, ids=[f"{c}-{'-'.join(f'{k}{v}' for k, v in kw.items())}"
                                                 for c, kw in SHAPES])
def test_every_layer_and_direction_matches_torch(tmp_path, cell, kw, fmt):
    m, x = model(cell, 7 + len(kw), **kw)
    opts = {"nonlinearity": kw["nonlinearity"]} if "nonlinearity" in kw else {}
    label = f"{cell} {' '.join(f'{k}={v}' for k, v in kw.items())}"
    for layer in range(1, m.num_layers + 1):
        for direction in ("forward", "reverse") if m.bidirectional else ("forward",):
            tr, g = compare(tmp_path, cell, m, x, layer, direction, fmt, label, **opts)
            T = len(x)
            positions = list(range(T, 0, -1)) if direction == "reverse" else list(range(1, T + 1))
            assert [s["t"] for s in tr.to_json()["steps"]] == positions
            assert [s["t"] for s in g.to_json()["steps"]] == positions


def test_reverse_direction_reads_the_input_backwards(tmp_path):
    m, x = model("gru", 5, bidirectional=True)
    path = save(m.state_dict(), tmp_path / "w.pt", "pt")
    tr = make_trace(RunOptions(cell="gru", weights=path, input=seq(x), direction="reverse"))
    np.testing.assert_array_equal(tr.x, x[::-1])
    d = tr.to_json()
    assert d["direction"] == "reverse" and d["steps"][0]["x"] == x[-1].tolist()


def test_projection_sizes_and_flow(tmp_path):
    from cells.flow import evaluate, trace_flow
    m, x = model("lstm", 9, proj_size=2)
    path = save(m.state_dict(), tmp_path / "w.pt", "pt")
    tr = make_trace(RunOptions(cell="lstm", weights=path, input=seq(x)))
    d = tr.to_json()
    assert (d["hidden_size"], d["proj_size"]) == (m.hidden_size, 2)
    assert len(d["h0"]) == 2 and len(d["c0"]) == m.hidden_size and len(d["steps"][0]["h"]) == 2
    ops = trace_flow(tr)
    assert [op.kind for op in ops][-2:] == ["mul", "project"]
    from cells import make_weights
    w = make_weights(RunOptions(cell="lstm", weights=path))
    for t in range(tr.steps):
        v = evaluate(ops, w, {"x": tr.x[t], "h_prev": tr.h_prev[t], "c_prev": tr.c_prev[t]})
        np.testing.assert_allclose(v["h"], tr.h[t], rtol=0, atol=1e-13)
        np.testing.assert_allclose(v["o_tanh_c"], tr.parts["o_tanh_c"][t], rtol=0, atol=1e-13)


def test_h0_and_c0_are_the_shown_layers(tmp_path):
    m, x = model("lstm", 11, num_layers=2, proj_size=2)
    path = save(m.state_dict(), tmp_path / "w.pt", "pt")
    h0, c0 = np.array([0.3, -0.2]), np.linspace(-1, 1, m.hidden_size)
    tr = make_trace(RunOptions(cell="lstm", weights=path, input=seq(x), layer=2, h0=vec(h0), c0=vec(c0)))
    H0 = torch.zeros(2, 1, 2, dtype=DT)
    C0 = torch.zeros(2, 1, m.hidden_size, dtype=DT)
    H0[1, 0], C0[1, 0] = torch.tensor(h0), torch.tensor(c0)
    with torch.no_grad():
        out = m(torch.tensor(x, dtype=DT)[:, None], (H0, C0))[0][:, 0]
    record("lstm layer 2 with h0, c0", (tr.h, out.numpy()))


# --- dtypes ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["pt", "safetensors"])
@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16, torch.float32, torch.float64])
def test_every_dtype_is_exact_after_conversion(tmp_path, fmt, dtype):
    m, x = model("lstm", 13)
    sd = {k: v.to(dtype) for k, v in m.state_dict().items()}
    path = save(sd, tmp_path / f"w.{fmt}", fmt)
    tr = make_trace(RunOptions(cell="lstm", weights=path, input=seq(x)))
    m.load_state_dict({k: v.to(DT) for k, v in sd.items()})   # the same values, widened by torch
    with torch.no_grad():
        want = m(torch.tensor(x, dtype=DT))[0]
    record(f"lstm {str(dtype).split('.')[-1]} {fmt}", (tr.h, want.numpy()))


@pytest.fixture(scope="module", autouse=True)
def report_measured():
    """With -s: the largest difference from torch per case, for the README and reviews."""
    yield
    for case, d in sorted(MEASURED.items()):
        print(f"\nmax |ours - torch| {d:.1e}  {case}", end="")
