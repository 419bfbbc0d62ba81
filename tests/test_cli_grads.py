"""`render.py grads`: the JSON, the table, and one `error:` line with exit 2 for bad options."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cells import RunOptions, make_grads

ROOT = Path(__file__).resolve().parent.parent


def cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "render.py"), "grads", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_json_is_the_core_json():
    r = cli("gru", "--gru-variant", "cho", "--input", "0.1,0.5,1; 1.2,2.1,0; 0,0,1",
            "--loss", "mse", "--target", "0,0.5,1", "--json")
    assert r.returncode == 0 and r.stderr == ""
    j = json.loads(r.stdout)
    want = make_grads(RunOptions(cell="gru", input="0.1,0.5,1; 1.2,2.1,0; 0,0,1",
                                 gru_variant="cho"), "mse", "0,0.5,1")[1].to_json()
    assert j == want
    assert (j["cell"], j["variant"], j["loss"], j["target"]) == ("gru", "cho", "mse", [0, 0.5, 1])
    assert [s["t"] for s in j["steps"]] == [1, 2, 3]
    assert set(j["steps"][0]) >= {"t", "dh_norm", "dx_norm", "dh", "dx", "dc"}
    assert set(j["weights"]) == {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"}
    assert np.array(j["w_hh_by_step"]).shape == (3, 9, 3)


def test_json_default_loss_and_without_step_matrices():
    j = json.loads(cli("lstm", "--json", "--no-step-matrices").stdout)
    assert j["loss"] == "sum" and j["target"] is None and j["w_hh_by_step"] is None
    assert len(j["steps"]) == 10 and j["steps"][-1]["dh"] == [1.0, 1.0, 1.0]
    assert len(j["steps"][0]["dc"]) == 3


def test_table():
    r = cli("lstm", "--input", "1,2,3; 0,1,0")
    assert r.returncode == 0
    out = r.stdout
    _, g = make_grads(RunOptions(cell="lstm", input="1,2,3; 0,1,0"))
    assert "|dL/dh_t|" in out and "|dL/dx_t|" in out and "|dL/dc_t|" in out
    assert "L = sum(h_T)" in out and "weight_hh_l0" in out and "|dL/dh0|" in out
    rows = [line.split() for line in out.splitlines() if line.split()[:1] in (["1"], ["2"])]
    assert [r[0] for r in rows] == ["1", "2"]
    for t, row in enumerate(rows):
        assert float(row[1]) == pytest.approx(np.linalg.norm(g.dh[t]), rel=1e-6)
        assert float(row[2]) == pytest.approx(np.linalg.norm(g.dx[t]), rel=1e-6)
    assert "|dL/dc_t|" not in cli("rnn").stdout


@pytest.mark.parametrize("args,option", [
    (["--loss", "mae"], "--loss"),
    (["--loss", "mse"], "--target"),
    (["--loss", "mse", "--target", "1,2"], "--target"),
    (["--target", "1,2,3"], "--target"),
    (["--loss", "mse", "--target", "1,oops,3"], "--target"),
])
def test_bad_options_are_one_error_line(args, option):
    r = cli("lstm", *args)
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {option}:"), r.stderr


def test_unknown_cell():
    r = cli("transformer")
    assert r.returncode == 2 and r.stderr.startswith("error: CELL:")
