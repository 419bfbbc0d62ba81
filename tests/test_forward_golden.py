"""The numeric core against PyTorch's numbers stored in tests/golden/ (no torch needed).

The files are written by tests/generators/make_golden.py; see there for how each value was made.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from cells import Weights, run

GOLDEN = Path(__file__).resolve().parent / "golden"
FILES = sorted(p for p in GOLDEN.glob("*.json") if not p.name.startswith("grads_"))  # grads_*: BPTT files
TOL = 1e-9


def load(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    w = case["weights"]
    weights = Weights(case["cell"], *(np.array(w[k], dtype=np.float64) for k in
                                      ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")))
    return case, weights


def test_golden_files_cover_every_cell_and_variant():
    kinds = set()
    for path in FILES:
        case, _ = load(path)
        kinds.add((case["cell"], case["variant"]))
        assert path.stat().st_size < 16_000, f"{path.name} should stay small"
    assert kinds == {("rnn", None), ("lstm", None), ("gru", "pytorch"), ("gru", "cho")}
    assert any(np.any(np.asarray(load(p)[0]["h0"]) != 0) for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_core_matches_pytorch_golden(path):
    case, weights = load(path)
    exp = case["expected"]
    c0 = case["c0"] if case["cell"] == "lstm" else None
    tr = run(weights, case["x"], h0=case["h0"], c0=c0, variant=case["variant"])
    assert tr.input_size == case["input_size"] and tr.hidden_size == case["hidden_size"]
    assert tr.variant == case["variant"]
    np.testing.assert_allclose(tr.h, exp["h"], rtol=0, atol=TOL)
    if case["cell"] == "lstm":
        np.testing.assert_allclose(tr.c, exp["c"], rtol=0, atol=TOL)
    else:
        assert tr.c is None and exp["c"] is None
    assert set(tr.pre) == set(exp["pre"])
    for g in exp["pre"]:
        np.testing.assert_allclose(tr.pre[g], exp["pre"][g], rtol=0, atol=TOL, err_msg=f"pre {g}")
    assert set(tr.gates) == (set() if case["cell"] == "rnn" else set(exp["gates"]))
    for g in tr.gates:
        np.testing.assert_allclose(tr.gates[g], exp["gates"][g], rtol=0, atol=TOL, err_msg=f"gate {g}")
    if case["cell"] == "rnn":  # no gates: the activated value is h itself
        np.testing.assert_allclose(tr.h, exp["gates"]["h"], rtol=0, atol=TOL)
