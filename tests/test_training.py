"""Training of the example models: Adam, clipping, the loss gradient, the script itself.

The script's own code path runs at a tiny --scale (seconds): it must learn (the loss of
its last batches below that of its first) and write the same bytes twice.
"""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cells import memory_task, training
from cells.adam import Adam
from cells.classifier import Classifier

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "train_examples.py"


def test_adam_matches_a_step_derived_by_hand():
    # p = [1, -2], lr 0.1, default betas and eps. Step 1, g = [0.5, -0.1]:
    #   m = 0.1 g = [0.05, -0.01], v = 0.001 g^2 = [2.5e-4, 1e-5];
    #   m_hat = m / 0.1 = g, v_hat = v / 0.001 = g^2, so p -= 0.1 * g / (|g| + 1e-8):
    #   p = [1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 + 0.1 * 0.1 / (0.1 + 1e-8)].
    # Step 2, g = [0.5, 0.3]:
    #   m = 0.9 m + 0.1 g = [0.095, 0.021], v = 0.999 v + 0.001 g^2 = [4.9975e-4, 9.999e-5];
    #   m_hat = m / (1 - 0.81) = [0.5, 0.11052631...], v_hat = v / (1 - 0.998001)
    #         = [0.25, 0.05002001...]; p -= 0.1 * m_hat / (sqrt(v_hat) + 1e-8)
    #   = [0.9 - 0.1, -1.9 - 0.1 * 0.11052632 / 0.22365154] = [0.8, -1.94941898].
    p = {"w": np.array([1.0, -2.0])}
    opt = Adam(p, lr=0.1)
    opt.step({"w": np.array([0.5, -0.1])})
    step1 = np.array([1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 + 0.1 * 0.1 / (0.1 + 1e-8)])
    np.testing.assert_allclose(p["w"], step1, rtol=0, atol=1e-15)
    opt.step({"w": np.array([0.5, 0.3])})
    m_hat = np.array([0.095, 0.021]) / 0.19
    v_hat = np.array([4.9975e-4, 9.999e-5]) / 0.001999
    np.testing.assert_allclose(p["w"], step1 - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8),
                               rtol=0, atol=1e-12)
    np.testing.assert_allclose(p["w"], [0.8, -1.94941898], rtol=0, atol=1e-7)


def test_adam_matches_torch():
    torch = pytest.importorskip("torch", exc_type=ImportError)
    rng = np.random.default_rng(0)
    start = rng.normal(size=(3, 4))
    ours = {"w": start.copy()}
    opt = Adam(ours, lr=0.03)
    tw = torch.tensor(start, requires_grad=True)
    topt = torch.optim.Adam([tw], lr=0.03)
    for _ in range(5):
        g = rng.normal(size=(3, 4))
        opt.step({"w": g})
        tw.grad = torch.tensor(g)
        topt.step()
    np.testing.assert_allclose(ours["w"], tw.detach().numpy(), rtol=0, atol=1e-13)


def test_clip_scales_all_gradients_together():
    g = {"a": np.array([3.0]), "b": np.array([4.0])}           # global norm 5
    c = training.clip(g, 1.0)
    np.testing.assert_allclose([c["a"][0], c["b"][0]], [0.6, 0.8])
    assert training.clip(g, 10.0) is g


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_loss_gradient_against_finite_differences(cell):
    rng = np.random.default_rng(1)
    model = Classifier.init(cell, 3, 4, 0, vocab_size=9)
    ids = rng.integers(0, 9, size=(5, 4))
    y = np.array([1.0, 0.0, 1.0, 1.0])
    _, grads = training.loss_and_grads(model, ids, y)
    for name, p in model.state_dict().items():
        for j in rng.choice(p.size, size=min(p.size, 6), replace=False):
            k = np.unravel_index(j, p.shape)
            old = p[k]
            p[k] = old + 1e-6
            up = training.loss_and_grads(model, ids, y)[0]
            p[k] = old - 1e-6
            down = training.loss_and_grads(model, ids, y)[0]
            p[k] = old
            assert abs((up - down) / 2e-6 - grads[name][k]) < 1e-8, name


def test_loss_gradient_against_torch():
    torch = pytest.importorskip("torch", exc_type=ImportError)
    from tests.helpers.torch_zoo import TorchClassifier
    rng = np.random.default_rng(2)
    model = Classifier.init("lstm", 3, 4, 0, vocab_size=9)
    ids = rng.integers(0, 9, size=(6, 5))
    y = rng.integers(0, 2, size=5).astype(float)
    loss, grads = training.loss_and_grads(model, ids, y)
    net = TorchClassifier.of(model)
    z = net(torch.tensor(ids))
    t_loss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.tensor(y))
    t_loss.backward()
    assert abs(loss - t_loss.item()) < 1e-12
    for name, p in net.named_parameters():
        np.testing.assert_allclose(grads[name], p.grad.numpy(), rtol=0, atol=1e-12, err_msg=name)


def test_by_length_batches_keep_every_sequence_once():
    rng = np.random.default_rng(3)
    seqs, labels = memory_task.examples(rng, 300)
    seen = 0
    for x, y in training.by_length(seqs, labels, 16, np.random.default_rng(0)):
        assert x.shape[1] == len(y) <= 16 and x.shape[2] == 2
        seen += len(y)
    assert seen == 300


def _train_script(out: Path, *args) -> dict:
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), *args], check=True,
                   capture_output=True, text=True)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_the_script_learns_and_is_deterministic(tmp_path):
    args = ("--only", "memory-lstm", "--scale", "0.1", "--jobs", "1")
    first = _train_script(tmp_path / "a", *args)
    second = _train_script(tmp_path / "b", *args)
    assert sorted(first) == ["memory-lstm.json", "memory-lstm.safetensors"]
    assert first == second, "two runs of the script wrote different bytes"
    card = json.loads((tmp_path / "a" / "memory-lstm.json").read_text())
    t = card["training"]
    assert t["loss_last_batches"] < t["loss_first_batches"] - 0.1, t
    assert t["command"].endswith("--only memory-lstm --scale 0.1")
    assert card["sha256"] == first["memory-lstm.safetensors"]


def test_the_script_refuses_an_unknown_model(tmp_path):
    r = subprocess.run([sys.executable, str(SCRIPT), "--only", "memory-lstn", "--out", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "unknown model 'memory-lstn'" in r.stderr
