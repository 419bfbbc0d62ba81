"""Refusals about your own model, as a user meets them: `render.py trace`/`grads` in a
subprocess, exactly one stderr line starting `error:` that names the option, exit code 2,
no traceback. Crafted files (huge declared shapes) are refused before anything is read.
"""

import json
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from test_cli_trace import QUIET_THREADS, assert_one_line_error

RENDER = Path(__file__).resolve().parent.parent / "render.py"
try:
    import torch
except ImportError:
    torch = None


def safetensors_bytes(header: dict, data: bytes = b"") -> bytes:
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data


def npy_header(shape) -> bytes:
    d = repr({"descr": "<f8", "fortran_order": False, "shape": tuple(shape)}).encode()
    pad = 64 - (10 + len(d) + 1) % 64
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(d) + pad + 1) + d + b" " * pad + b"\n"


def make_files(d: Path) -> dict:
    f = {}

    def put(name, write):
        f[name] = str(d / name)
        write(d / name)
    rnn = {"weight_ih_l0": np.ones((3, 2)), "weight_hh_l0": np.eye(3), "bias_ih_l0": np.zeros(3),
           "bias_hh_l0": np.zeros(3)}
    put("rnn.npz", lambda p: np.savez(p, **rnn))
    put("stacked.npz", lambda p: np.savez(p, **rnn, **{k.replace("l0", "l1"): v for k, v in rnn.items()
                                                        if k != "weight_ih_l0"}, weight_ih_l1=np.ones((3, 3))))
    put("bi.npz", lambda p: np.savez(p, **rnn, **{k + "_reverse": v for k, v in rnn.items()}))
    put("huge.safetensors", lambda p: p.write_bytes(safetensors_bytes(
        {"weight_hh_l0": {"dtype": "F64", "shape": [1 << 20, 1 << 20], "data_offsets": [0, 8]}}, b"\0" * 8)))
    put("liar.safetensors", lambda p: p.write_bytes(safetensors_bytes(
        {"weight_hh_l0": {"dtype": "F64", "shape": [100, 100], "data_offsets": [0, 80000]}}, b"\0" * 8)))
    put("huge_member.npz", lambda p: _npz_with(p, "weight_hh_l0.npy", npy_header((1 << 14, 1 << 14)) + b"\0" * 64))
    put("huge_input.npy", lambda p: p.write_bytes(npy_header((1, 10 ** 9, 3)) + b"\0" * 64))
    put("x.npz", lambda p: np.savez(p, a=np.ones((2, 2)), b=np.ones((2, 2))))
    put("batch.npy", lambda p: np.save(p, np.ones((4, 2, 2))))
    put("vocab.json", lambda p: p.write_text(json.dumps({"hello": 0})))
    if torch is not None:
        m = torch.nn.LSTM(2, 3)
        put("whole.pt", lambda p: torch.save(m, p))
        put("script.pt", lambda p: torch.jit.save(torch.jit.script(m), p))
        put("ckpt.pt", lambda p: torch.save({"model": {f"lstm.{k}": v for k, v in m.state_dict().items()},
                                             "epoch": 1}, p))
        put("gru.pt", lambda p: torch.save(torch.nn.GRU(2, 3).state_dict(), p))
    return f


def _npz_with(p, name, data):
    import zipfile
    with zipfile.ZipFile(p, "w") as z:
        z.writestr(name, data)


# id -> (command, arguments, option named, substrings, needs torch)
BAD = {
    "nonlinearity_for_lstm": ("trace", ["lstm", "--nonlinearity", "relu"], "--nonlinearity", ["RNN"], False),
    "nonlinearity_unknown": ("trace", ["rnn", "--nonlinearity", "gelu"], "--nonlinearity", ["gelu"], False),
    "what_if_without_weights": ("trace", ["gru", "--what-if"], "--what-if", ["--weights"], False),
    "cho_with_pytorch_gru": ("grads", ["gru", "--weights", "{gru.pt}", "--input", "1,2", "--gru-variant", "cho"],
                             "--gru-variant", ["'pytorch'", "--what-if"], True),
    "stacked_without_layer": ("trace", ["rnn", "--weights", "{stacked.npz}", "--input", "1,2"], "--layer",
                              ["2 stacked layers", "1..2"], False),
    "layer_too_high": ("grads", ["rnn", "--weights", "{stacked.npz}", "--input", "1,2", "--layer", "3"],
                       "--layer", ["3", "1..2"], False),
    "layer_without_weights": ("trace", ["rnn", "--layer", "2"], "--layer", ["--weights"], False),
    "bidirectional_without_direction": ("trace", ["rnn", "--weights", "{bi.npz}", "--input", "1,2"],
                                        "--direction", ["bidirectional"], False),
    "reverse_of_one_direction": ("trace", ["rnn", "--weights", "{rnn.npz}", "--input", "1,2",
                                           "--direction", "reverse"], "--direction", ["forward"], False),
    "huge_declared_safetensors": ("trace", ["rnn", "--weights", "{huge.safetensors}"], "--weights",
                                  ["limit"], False),
    "lying_safetensors": ("trace", ["rnn", "--weights", "{liar.safetensors}"], "--weights",
                          ["do not match"], False),
    "huge_npz_member": ("trace", ["rnn", "--weights", "{huge_member.npz}"], "--weights",
                        ["limit"], False),
    "huge_input_npy": ("trace", ["rnn", "--input-file", "{huge_input.npy}"], "--input-file",
                       ["limit"], False),
    "input_tensor_unnamed": ("trace", ["rnn", "--input-file", "{x.npz}"], "--input-file", ["2 tensors", ":NAME"], False),
    "input_tensor_missing": ("trace", ["rnn", "--input-file", "{x.npz}:c"], "--input-file", ["'c'"], False),
    "batch_without_index": ("trace", ["rnn", "--input-file", "{batch.npy}", "--input-size", "2"],
                            "--batch-index", ["0..3"], False),
    "batch_index_out_of_range": ("trace", ["rnn", "--input-file", "{batch.npy}", "--batch-index", "4"],
                                 "--batch-index", ["0..3"], False),
    "vocab_without_text": ("trace", ["rnn", "--weights", "{rnn.npz}", "--vocab", "{vocab.json}"], "--vocab",
                           ["--text"], False),
    "vocab_without_embedding": ("trace", ["rnn", "--weights", "{rnn.npz}", "--vocab", "{vocab.json}",
                                          "--text", "hello"], "--vocab", ["embedding"], False),
    "readout_missing": ("trace", ["rnn", "--weights", "{rnn.npz}", "--input", "1,2", "--readout", "fc."],
                        "--readout", ["'fc.'"], False),
    "whole_module": ("trace", ["lstm", "--weights", "{whole.pt}"], "--weights",
                     ["torch.save(model)", "state_dict()"], True),
    "torchscript": ("grads", ["lstm", "--weights", "{script.pt}"], "--weights",
                    ["TorchScript", "torch.jit.load"], True),
    "checkpoint_without_prefix": ("trace", ["lstm", "--weights", "{ckpt.pt}"], "--weights",
                                  ["'model'", "'epoch'", "--weights-prefix 'model.lstm.'"], True),
}


def run_cli(command, args):
    return subprocess.run([sys.executable, str(RENDER), command, *args], capture_output=True, text=True,
                          timeout=120, env={**__import__("os").environ, **QUIET_THREADS})


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    files = make_files(tmp_path_factory.mktemp("files"))
    path = lambda a: files[a[1:a.index("}")]] + a[a.index("}") + 1:] if a.startswith("{") else a  # noqa: E731
    jobs = {k: (cmd, [path(a) for a in args])
            for k, (cmd, args, _, _, needs_torch) in BAD.items() if torch is not None or not needs_torch}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {k: pool.submit(run_cli, *v) for k, v in jobs.items()}
        return {k: f.result() for k, f in futures.items()}


@pytest.mark.parametrize("cid", list(BAD))
def test_refusal_is_one_clean_error_line(runs, cid):
    _, _, option, needles, needs_torch = BAD[cid]
    if needs_torch and torch is None:
        pytest.skip("needs torch")
    assert_one_line_error(runs[cid], option, needles)


def test_nonlinearity_in_json_and_help():
    r = run_cli("trace", ["rnn", "--nonlinearity", "relu", "--input", "1,-2,3", "--json"])
    assert r.returncode == 0 and json.loads(r.stdout)["nonlinearity"] == "relu"
    h = run_cli("trace", ["--help"])
    assert "tanh (PyTorch's default)" in " ".join(h.stdout.split())
