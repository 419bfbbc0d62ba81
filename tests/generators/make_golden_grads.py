#!/usr/bin/env python3
"""Write tests/golden/grads_*.json: gradients of BPTT from PyTorch autograd (float64).

    .venv/bin/python tests/generators/make_golden_grads.py

One file per cell (RNN, LSTM, GRU "pytorch", GRU "cho") and loss ("sum", "mse"): the
inputs (weights under PyTorch's layer names, x, h0, c0, target) and torch's gradients.
tests/test_backward_golden.py checks cells.backward against them without torch. The two
torch computations of tests/helpers/torch_grads.py must agree with each other before a file is
written. Sizes: input 3, hidden 4, 5 steps (input != hidden catches transposes).
"""

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from tests.helpers.torch_grads import stepping, whole  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
CASES = [("rnn", None), ("lstm", None), ("gru", "pytorch"), ("gru", "cho")]
LOSSES = ("sum", "mse")
I, H, T = 3, 4, 5
G = {"rnn": 1, "lstm": 4, "gru": 3}


def name(cell, variant, loss):
    return f"grads_{cell}{'_' + variant if variant else ''}_{loss}.json"


def case(k, cell, variant, loss):
    rng = np.random.default_rng(1000 + k)
    n = G[cell] * H
    params = {"weight_ih": rng.uniform(-0.8, 0.8, (n, I)), "weight_hh": rng.uniform(-0.8, 0.8, (n, H)),
              "bias_ih": rng.uniform(-0.5, 0.5, n), "bias_hh": rng.uniform(-0.5, 0.5, n)}
    x = rng.normal(0, 1, (T, I))
    h0 = rng.normal(0, 0.5, H)
    c0 = rng.normal(0, 0.5, H) if cell == "lstm" else None
    target = rng.uniform(-1, 1, H) if loss == "mse" else None
    return params, x, h0, c0, target


def main():
    GOLDEN.mkdir(exist_ok=True)
    L = lambda a: None if a is None else np.asarray(a).tolist()  # noqa: E731
    k = 0
    for cell, variant in CASES:
        for loss in LOSSES:
            params, x, h0, c0, target = case(k, cell, variant, loss)
            k += 1
            s = stepping(cell, variant, params, x, h0, c0, loss, target)
            w = whole(cell, variant, params, x, h0, c0, loss, target)
            for key in ("dx", "dh0", "loss_value") + (("dc0",) if cell == "lstm" else ()):
                assert np.allclose(s[key], w[key], rtol=0, atol=1e-13), key
            assert np.allclose(s["w_hh_by_step"].sum(0), w["weight_hh_l0"], rtol=0, atol=1e-13)
            expected = {"loss_value": w["loss_value"], "dh": L(s["dh"]), "dc": L(s["dc"]),
                        "dx": L(w["dx"]), "dh0": L(w["dh0"]), "dc0": L(w["dc0"]),
                        "w_hh_by_step": L(s["w_hh_by_step"])}
            expected.update({n_: L(w[n_]) for n_ in ("weight_ih_l0", "weight_hh_l0",
                                                      "bias_ih_l0", "bias_hh_l0")})
            doc = {"about": f"BPTT gradients from torch {torch.__version__} autograd, float64; "
                            "written by tests/generators/make_golden_grads.py",
                   "cell": cell, "variant": variant, "loss": loss, "target": L(target),
                   "weights": {f"{n_}_l0": L(v) for n_, v in params.items()},
                   "x": L(x), "h0": L(h0), "c0": L(c0), "expected": expected}
            path = GOLDEN / name(cell, variant, loss)
            path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
            print("wrote", path.relative_to(ROOT))


if __name__ == "__main__":
    main()
