"""cells.backward against PyTorch autograd's gradients stored in tests/golden (no torch needed).

Regenerate the files with `.venv/bin/python tests/generators/make_golden_grads.py` (needs torch).
"""

import json
from pathlib import Path

import numpy as np
import pytest

from cells import Weights, backward, run

GOLDEN = Path(__file__).resolve().parent / "golden"
FILES = sorted(GOLDEN.glob("grads_*.json"))
TOL = 1e-9


def test_every_cell_variant_and_loss_has_a_golden_file():
    names = {f.name for f in FILES}
    for stem in ("rnn", "lstm", "gru_pytorch", "gru_cho"):
        for loss in ("sum", "mse"):
            assert f"grads_{stem}_{loss}.json" in names


def _grads(doc):
    W = doc["weights"]
    w = Weights(doc["cell"], *(np.array(W[k]) for k in
                               ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")))
    tr = run(w, np.array(doc["x"]), doc["h0"], doc["c0"], doc["variant"])
    return backward(tr, w, doc["loss"], doc["target"])


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_gradients_equal_torch_autograd(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    g = _grads(doc)
    e = doc["expected"]
    pairs = {"dh": g.dh, "dx": g.dx, "dh0": g.dh0, "w_hh_by_step": g.w_hh_by_step,
             "weight_ih_l0": g.w_ih, "weight_hh_l0": g.w_hh, "bias_ih_l0": g.b_ih,
             "bias_hh_l0": g.b_hh}
    if doc["cell"] == "lstm":
        pairs.update(dc=g.dc, dc0=g.dc0)
    else:
        assert g.dc is None and g.dc0 is None and e["dc"] is None
    for key, got in pairs.items():
        want = np.array(e[key])
        assert got.shape == want.shape, key
        assert np.max(np.abs(got - want)) <= TOL, key
    assert abs(g.loss_value - e["loss_value"]) <= TOL
    # the JSON carries the same numbers under PyTorch's names
    j = g.to_json()
    for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
        assert np.max(np.abs(np.array(j["weights"][name]) - np.array(e[name]))) <= TOL
    assert np.max(np.abs(np.array([s["dh"] for s in j["steps"]]) - np.array(e["dh"]))) <= TOL
    assert np.max(np.abs(np.array(j["w_hh_by_step"]) - np.array(e["w_hh_by_step"]))) <= TOL
