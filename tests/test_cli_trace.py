"""`render.py trace` as a user runs it: a subprocess, its stdout, stderr and exit code.

Every bad input of issue 2 must end with exit code 2 and exactly one stderr line that
starts with `error:` and names the option, with no traceback and nothing on stdout.
The runs are independent processes, so they are started all at once (module fixture)
and each test only looks at its own result.
"""

import io
import json
import os
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from cells import MAX_SIZE, MAX_STEPS, RunOptions, init_weights, make_trace

RENDER = Path(__file__).resolve().parent.parent / "render.py"
try:
    import torch  # noqa: F401  (only to make the .pt files; the CLI imports its own)
    HAS_TORCH = True
except ImportError:
    HAS_TORCH = False


class Evil:
    """A pickle that, if ever unpickled, creates the file `marker`."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


class Note:
    """A harmless custom class: weights_only must refuse it all the same."""


# id -> (arguments, option the message must name, substrings it must contain, needs torch)
# {name} in an argument is replaced by the path of the file of that name (see make_files).
BAD = {
    # sequences
    "ragged_rows": (["lstm", "--input", "1,2,3; 4,5"], "--input", ["step 2", "2 values", "3"], False),
    "ragged_rows_file": (["lstm", "--input-file", "{ragged.json}"], "--input-file", ["step 2"], False),
    "non_number": (["lstm", "--input", "1,abc,3"], "--input", ["'abc'", "not a number"], False),
    "non_number_csv": (["lstm", "--input-file", "{words.csv}"], "--input-file", ["'abc'"], False),
    "nan": (["lstm", "--input", "1,nan,3"], "--input", ["NaN"], False),
    "nan_csv": (["gru", "--input-file", "{nan.csv}"], "--input-file", ["NaN"], False),
    "inf": (["lstm", "--input", "1,2,inf"], "--input", ["infinity"], False),
    "minus_inf": (["rnn", "--input", "-inf,2,3"], "--input", ["infinity"], False),
    "inf_json": (["lstm", "--input-file", "{inf.json}"], "--input-file", ["infinity"], False),
    "nan_npy": (["lstm", "--input-file", "{nan.npy}"], "--input-file", ["NaN"], False),
    "nan_h0": (["lstm", "--h0", "0,nan,0"], "--h0", ["NaN"], False),
    "empty_sequence": (["lstm", "--input", ""], "--input", ["empty"], False),
    "empty_step": (["lstm", "--input", "1,2,3;;4,5,6"], "--input", ["step 2", "empty"], False),
    "empty_json": (["lstm", "--input-file", "{empty.json}"], "--input-file", ["empty"], False),
    "empty_csv": (["lstm", "--input-file", "{empty.csv}"], "--input-file", ["empty"], False),
    "empty_npy": (["lstm", "--input-file", "{empty.npy}"], "--input-file", ["empty"], False),
    "empty_text": (["lstm", "--text", "   "], "--text", [], False),
    "json_not_rows": (["lstm", "--input-file", "{notrows.json}"], "--input-file", ["list of lists"], False),
    "npy_1d": (["lstm", "--input-file", "{flat.npy}"], "--input-file", ["1-D", "2-D"], False),
    "two_inputs": (["lstm", "--input", "1,2,3", "--text", "hi"], "--text", ["--input"], False),
    "too_long": (["rnn", "--input-file", "{long.npy}"], "--input-file", [str(MAX_STEPS + 1), str(MAX_STEPS)], False),
    "trace_too_big": (["lstm", "--input-file", "{longest.npy}", "--hidden", "2048"], "--input-file",
                      [str(MAX_STEPS), "2048", "29 GB", "4 GB"], False),
    # cell and sizes
    "unknown_cell": (["gruu", "--input", "1,2,3"], "CELL", ["'gruu'", "rnn, lstm, gru"], False),
    "hidden_zero": (["lstm", "--hidden", "0"], "--hidden", ["0"], False),
    "hidden_negative": (["lstm", "--hidden", "-3"], "--hidden", ["-3"], False),
    "hidden_huge": (["lstm", "--hidden", "100000000000000000000"], "--hidden", [str(MAX_SIZE)], False),
    "hidden_not_int": (["lstm", "--hidden", "3.5"], "--hidden", ["3.5"], False),
    "input_size_zero": (["gru", "--input-size", "0"], "--input-size", ["0"], False),
    "input_size_zero_text": (["gru", "--text", "hi", "--input-size", "0"], "--input-size", ["0"], False),
    "input_size_negative": (["gru", "--input-size", "-1"], "--input-size", ["-1"], False),
    "input_size_huge": (["rnn", "--input-size", "1000000"], "--input-size", [str(MAX_SIZE)], False),
    "input_size_vs_input": (["lstm", "--input", "1,2", "--input-size", "3"], "--input", ["2", "3"], False),
    "seed_negative": (["lstm", "--seed", "-1"], "--seed", ["-1"], False),
    "gru_variant_unknown": (["gru", "--gru-variant", "keras"], "--gru-variant", ["keras"], False),
    # initial states
    "h0_wrong_length": (["lstm", "--h0", "0.1,0.2"], "--h0", ["2", "3"], False),
    "h0_not_number": (["rnn", "--h0", "0.1,x,0.2"], "--h0", ["'x'"], False),
    "c0_wrong_length": (["lstm", "--c0", "1,2,3,4"], "--c0", ["4", "3"], False),
    "c0_for_rnn": (["rnn", "--c0", "0,0,0"], "--c0", ["LSTM"], False),
    "c0_for_gru": (["gru", "--c0", "0,0,0"], "--c0", ["LSTM"], False),
    # files
    "input_file_missing": (["lstm", "--input-file", "{nowhere.json}"], "--input-file", ["nowhere.json"], False),
    "input_file_bad_json": (["lstm", "--input-file", "{bad.json}"], "--input-file", ["bad.json"], False),
    "input_file_bad_csv": (["lstm", "--input-file", "{bad.csv}"], "--input-file", ["bad.csv"], False),
    "input_file_bad_npy": (["lstm", "--input-file", "{bad.npy}"], "--input-file", ["bad.npy"], False),
    "input_file_not_npy": (["lstm", "--input-file", "{text.npy}"], "--input-file",
                           ["text.npy", "not a NumPy .npy file"], False),
    "input_file_is_folder": (["lstm", "--input-file", "{folder.json}"], "--input-file",
                             ["folder.json", "is a folder"], False),
    "input_file_type": (["lstm", "--input-file", "{x.txt}"], "--input-file", ["'.txt'", ".json"], False),
    "weights_missing": (["lstm", "--weights", "{nowhere.npz}"], "--weights", ["nowhere.npz"], False),
    "weights_is_folder": (["lstm", "--weights", "{folder.json}"], "--weights", ["folder.json", "is a folder"], False),
    "weights_type": (["lstm", "--weights", "{x.txt}"], "--weights", ["'.txt'", ".npz"], False),
    "weights_garbage_npz": (["lstm", "--weights", "{garbage.npz}"], "--weights", ["garbage.npz"], False),
    "weights_broken_zip_npz": (["lstm", "--weights", "{brokenzip.npz}"], "--weights", ["brokenzip.npz"], False),
    "weights_npy_named_npz": (["lstm", "--weights", "{array.npz}"], "--weights", ["array.npz"], False),
    "weights_object_npz": (["lstm", "--weights", "{objects.npz}"], "--weights", ["objects.npz"], False),
    "weights_text_npz": (["lstm", "--weights", "{strings.npz}"], "--weights", ["'weight_ih_l0'"], False),
    "weights_nan": (["lstm", "--weights", "{nan_weights.npz}"], "--weights", ["'bias_ih_l0'", "NaN"], False),
    "weights_garbage_safetensors": (["lstm", "--weights", "{garbage.safetensors}"], "--weights",
                                    ["garbage.safetensors"], False),
    # the tensors in a weights file
    "missing_weight_ih": (["lstm", "--weights", "{miss_weight_ih_l0.npz}"], "--weights",
                          ["'weight_ih_l0'", "(16, input_size)"], False),
    "missing_weight_hh": (["lstm", "--weights", "{miss_weight_hh_l0.npz}"], "--weights",
                          ["'weight_hh_l0'", "(16, 4)"], False),
    "missing_bias_ih": (["lstm", "--weights", "{miss_bias_ih_l0.npz}"], "--weights", ["'bias_ih_l0'", "(16,)"], False),
    "missing_bias_hh": (["lstm", "--weights", "{miss_bias_hh_l0.npz}"], "--weights", ["'bias_hh_l0'", "(16,)"], False),
    "extra_tensor": (["lstm", "--weights", "{extra.npz}"], "--weights", ["'weight_ih_l1'"], False),
    "misshaped_bias": (["lstm", "--weights", "{shape_bias_ih_l0.npz}"], "--weights",
                       ["'bias_ih_l0'", "(15,)", "(16,)"], False),
    "misshaped_weight_ih": (["lstm", "--weights", "{shape_weight_ih_l0.npz}"], "--weights",
                            ["'weight_ih_l0'", "(16, 2, 1)", "(16, input_size)"], False),
    "misshaped_weight_hh": (["lstm", "--weights", "{shape_weight_hh_l0.npz}"], "--weights",
                            ["'weight_hh_l0'", "(16, 5)", "(4*hidden, hidden)"], False),
    "wrong_cell_for_weights": (["gru", "--weights", "{lstm.npz}"], "--weights",
                               ["'weight_hh_l0'", "(16, 4)", "(3*hidden, hidden)"], False),
    "keras_missing_kernel": (["lstm", "--weights", "{keras_miss_kernel.npz}"], "--weights",
                             ["'kernel'", "(input_size, 16)"], False),
    "keras_missing_recurrent": (["lstm", "--weights", "{keras_miss_recurrent_kernel.npz}"], "--weights",
                                ["'recurrent_kernel'", "(4, 16)"], False),
    "keras_misshaped_recurrent": (["lstm", "--weights", "{keras_shape_recurrent_kernel.npz}"], "--weights",
                                  ["'recurrent_kernel'", "(4, 12)"], False),
    "keras_misshaped_bias": (["lstm", "--weights", "{keras_shape_bias.npz}"], "--weights",
                             ["'bias'", "(12,)", "(16,)"], False),
    # weights against the other options
    "hidden_vs_weights": (["lstm", "--weights", "{lstm.npz}", "--hidden", "5"], "--hidden", ["5", "4"], False),
    "input_size_vs_weights": (["lstm", "--weights", "{lstm.npz}", "--input-size", "2"], "--input-size",
                              ["2", "3"], False),
    "input_width_vs_weights": (["lstm", "--weights", "{lstm.npz}", "--input", "1,2; 3,4"], "--input",
                               ["2", "3"], False),
    "input_file_width_vs_weights": (["lstm", "--weights", "{lstm.npz}", "--input-file", "{ragged_ok.csv}"],
                                    "--input-file", ["2", "3"], False),
    "h0_vs_weights": (["lstm", "--weights", "{lstm.npz}", "--h0", "0,0,0"], "--h0", ["3", "4"], False),
    "prefix_matches_nothing": (["lstm", "--weights", "{lstm.npz}", "--weights-prefix", "encoder.rnn."],
                               "--weights-prefix", ["'encoder.rnn.'", "weight_ih_l0"], False),
    "prefix_without_weights": (["lstm", "--weights-prefix", "encoder.rnn."], "--weights-prefix",
                               ["--weights"], False),
    "bigger_model_without_prefix": (["lstm", "--weights", "{bigger.npz}"], "--weights",
                                    ["--weights-prefix", "'encoder.rnn.'"], False),
    # .pt files (torch.load(weights_only=True) must refuse, and must never run a pickle);
    # more kinds of non-plain .pt files are read in-process in test_torch_live.py
    "pt_custom_class": (["lstm", "--weights", "{custom.pt}"], "--weights",
                        ["not a plain tensor dict", "Unsupported global", "Note"], True),
    "pt_malicious_raw_pickle": (["lstm", "--weights", "{evil_raw.pt}"], "--weights",
                                ["not a plain tensor dict"], True),
}


def lstm_sd(I=3, H=4):
    return init_weights("lstm", I, H, seed=1).state_dict()


def make_files(d: Path) -> dict:
    f = {}

    def put(name, write):
        f[name] = str(d / name)
        write(d / name)

    text = lambda s: lambda p: p.write_text(s, encoding="utf-8")  # noqa: E731
    raw = lambda b: lambda p: p.write_bytes(b)  # noqa: E731
    npy = lambda a: lambda p: np.save(p, a)  # noqa: E731
    npz = lambda arrays: lambda p: np.savez(p, **arrays)  # noqa: E731

    put("ragged.json", text("[[1, 2, 3], [4, 5]]"))
    put("words.csv", text("1,abc,3\n"))
    put("nan.csv", text("1,2,3\n1,nan,2\n"))
    put("inf.json", text("[[1, 2, Infinity]]"))  # Python's json accepts it
    put("nan.npy", npy(np.array([[1.0, np.nan, 2.0]])))
    put("empty.json", text("[]"))
    put("empty.csv", text("\n\n"))
    put("empty.npy", npy(np.zeros((0, 3))))
    put("notrows.json", text('{"x": [1, 2, 3]}'))
    put("flat.npy", npy(np.arange(3.0)))
    put("long.npy", npy(np.zeros((MAX_STEPS + 1, 1))))
    put("longest.npy", npy(np.zeros((MAX_STEPS, 1))))
    put("bad.json", text('[[1, 2, 3], [4, '))
    put("bad.csv", raw(b"1,2,3\n\xff\xfe,1,2\n"))
    put("bad.npy", raw(b"\x93NUMPY garbage, not an array"))
    put("text.npy", text("1,2,3\n4,5,6\n"))
    put("folder.json", lambda p: p.mkdir())
    put("x.txt", text("1,2,3\n"))
    put("ragged_ok.csv", text("1,2\n3,4\n"))
    f["nowhere.json"] = str(d / "nowhere.json")
    f["nowhere.npz"] = str(d / "nowhere.npz")

    sd = lstm_sd()
    put("lstm.npz", npz(sd))
    put("garbage.npz", raw(b"this is not a zip archive"))
    put("brokenzip.npz", raw(b"PK\x03\x04" + b"\x00" * 40))
    put("array.npz", raw(npy_bytes(np.zeros(3))))  # a plain .npy under an .npz name
    put("objects.npz", npz({**sd, "bias_ih_l0": np.array([None, 1.0], dtype=object)}))
    put("strings.npz", npz({**sd, "weight_ih_l0": np.array(["a", "b"])}))
    put("nan_weights.npz", npz({**sd, "bias_ih_l0": np.full(16, np.nan)}))
    put("garbage.safetensors", raw(b"\x08\x00\x00\x00\x00\x00\x00\x00not json"))
    for name in sd:
        put(f"miss_{name}.npz", npz({k: v for k, v in sd.items() if k != name}))
    put("extra.npz", npz({**sd, "weight_ih_l1": sd["weight_ih_l0"]}))
    put("shape_bias_ih_l0.npz", npz({**sd, "bias_ih_l0": np.zeros(15)}))
    put("shape_weight_ih_l0.npz", npz({**sd, "weight_ih_l0": np.zeros((16, 2, 1))}))
    put("shape_weight_hh_l0.npz", npz({**sd, "weight_hh_l0": np.zeros((16, 5))}))
    keras = {"kernel": np.zeros((3, 16)), "recurrent_kernel": np.zeros((4, 16)), "bias": np.zeros(16)}
    for name in keras:
        put(f"keras_miss_{name}.npz", npz({k: v for k, v in keras.items() if k != name}))
    put("keras_shape_recurrent_kernel.npz", npz({**keras, "recurrent_kernel": np.zeros((4, 12))}))
    put("keras_shape_bias.npz", npz({**keras, "bias": np.zeros(12)}))
    put("bigger.npz", npz({**{f"encoder.rnn.{k}": v for k, v in sd.items()},
                           "encoder.embed.weight": np.eye(3), "encoder.embed.bias": np.zeros(3)}))

    # pickles: the payload would create a marker file if it were ever unpickled
    put("evil_raw.pt", lambda p: p.write_bytes(pickle.dumps(Evil(d / "PWNED_raw"))))
    if HAS_TORCH:
        tsd = {k: torch.from_numpy(v) for k, v in sd.items()}
        put("custom.pt", lambda p: torch.save({**tsd, "meta": Note()}, p))
    return f


def npy_bytes(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


# one BLAS/OpenMP thread: numpy imports twice as fast, and the runs go in parallel anyway
QUIET_THREADS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def run_cli(args, cwd, env=None):
    return subprocess.run([sys.executable, str(RENDER), "trace", *args], cwd=cwd,
                          env={**(env or os.environ), **QUIET_THREADS},
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every CLI run of this module, started concurrently; id -> CompletedProcess."""
    d = tmp_path_factory.mktemp("files")
    cwd = tmp_path_factory.mktemp("cwd")   # stays empty: trace writes no files
    files = make_files(d)
    fake = tmp_path_factory.mktemp("no_torch")
    (fake / "torch.py").write_text("raise ModuleNotFoundError('No module named torch (hidden by the test)')\n")
    env_no_torch = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(fake)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}

    jobs = {}
    for cid, (args, _, _, needs_torch) in BAD.items():
        if not needs_torch or HAS_TORCH:
            jobs[cid] = (fmt_args(args, files), None)
    jobs["pt_without_torch"] = (["lstm", "--weights", files["evil_raw.pt"]], env_no_torch)
    jobs["json"] = (["lstm", "--input", "0.1,0.5,1; 1.2,2.1,0", "--h0", "0.1,-0.2,0.3",
                     "--c0", "1,2,3", "--json"], None)
    jobs["json_gru_text"] = (["gru", "--text", "What time is it?", "--gru-variant", "cho", "--json"], None)
    jobs["json_rnn_default"] = (["rnn", "--json"], None)
    jobs["json_weights"] = (["lstm", "--weights", files["bigger.npz"], "--weights-prefix", "encoder.rnn",
                             "--json"], None)
    jobs["table"] = (["lstm", "--input", "0.1,0.5,1; 1.2,2.1,0"], None)
    order = sorted(jobs, key=lambda k: not k.startswith("pt_"))  # the slow torch runs first
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {k: pool.submit(run_cli, jobs[k][0], cwd, jobs[k][1]) for k in order}
        out = {k: fut.result() for k, fut in futures.items()}
    return {"results": out, "files": files, "dir": d, "cwd": cwd}


def fmt_args(args, files):
    return [files[a[1:-1]] if a.startswith("{") and a.endswith("}") else a for a in args]


def assert_one_line_error(r, option, needles=()):
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stdout == ""
    assert "Traceback" not in r.stderr and "Warning" not in r.stderr
    assert "\x1b" not in r.stderr  # no terminal escape codes copied from torch's messages
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and r.stderr.endswith("\n"), r.stderr
    line = lines[0]
    assert line.startswith("error:"), line
    assert option in line, line
    for n in needles:
        assert n in line, (n, line)
    return line


@pytest.mark.parametrize("cid", list(BAD))
def test_bad_input_is_one_clean_error_line(runs, cid):
    args, option, needles, needs_torch = BAD[cid]
    if needs_torch and not HAS_TORCH:
        pytest.skip("needs torch")
    assert_one_line_error(runs["results"][cid], option, needles)


@pytest.mark.skipif(not HAS_TORCH, reason="needs torch")
def test_malicious_pickles_never_run(runs):
    d = runs["dir"]
    assert not (d / "PWNED_raw").exists()  # (torch.save's zip format: test_torch_live, in-process)
    # the payload is real: unpickling it unsafely does create its marker
    canary = d / "canary"
    pickle.loads(pickle.dumps(Evil(canary))).close()
    assert canary.exists()


def test_pt_without_torch_is_a_clear_error(runs):
    line = assert_one_line_error(runs["results"]["pt_without_torch"], "--weights", ["PyTorch", ".npz"])
    assert "not installed" in line
    assert not (runs["dir"] / "PWNED_raw").exists()


def test_nothing_is_written(runs):
    assert list(runs["cwd"].iterdir()) == []
    for cid, r in runs["results"].items():
        if r.returncode != 0:
            assert r.stdout == "", cid


def test_json_is_one_object_of_the_documented_shape(runs):
    r = runs["results"]["json"]
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.endswith("\n") and r.stdout.count("\n") == 1
    d = json.loads(r.stdout)
    assert set(d) == {"cell", "variant", "nonlinearity", "input_size", "hidden_size", "proj_size",
                      "layer", "layers", "direction", "what_if", "model", "bidirectional", "tokens",
                      "token_ids", "token_vectors", "unknown", "unknown_token", "readout", "x", "h0",
                      "c0", "steps"}
    assert (d["cell"], d["variant"], d["input_size"], d["hidden_size"], d["tokens"]) == ("lstm", None, 3, 3, None)
    assert (d["layer"], d["layers"], d["direction"], d["what_if"], d["proj_size"]) == (1, 1, "forward", None, 0)
    assert (d["model"], d["bidirectional"], d["unknown"], d["unknown_token"]) == (None, False, None, None)
    assert d["x"] == [[0.1, 0.5, 1.0], [1.2, 2.1, 0.0]]
    assert d["h0"] == [0.1, -0.2, 0.3] and d["c0"] == [1.0, 2.0, 3.0]
    assert [s["t"] for s in d["steps"]] == [1, 2]
    s1, s2 = d["steps"]
    assert set(s1) == {"t", "x", "h_prev", "c_prev", "pre", "gates", "h", "c", "parts"}
    assert set(s1["gates"]) == set(s1["pre"]) == {"i", "f", "g", "o"}
    assert s1["h_prev"] == d["h0"] and s1["c_prev"] == d["c0"]
    assert s2["h_prev"] == s1["h"] and s2["c_prev"] == s1["c"]
    # the same numbers, bit for bit, as the numeric core in this process
    tr = make_trace(RunOptions(cell="lstm", input="0.1,0.5,1; 1.2,2.1,0", h0="0.1,-0.2,0.3", c0="1,2,3"))
    assert d == tr.to_json()


def test_json_gru_with_text(runs):
    r = runs["results"]["json_gru_text"]
    assert r.returncode == 0
    d = json.loads(r.stdout)
    assert d["cell"] == "gru" and d["variant"] == "cho" and d["c0"] is None
    assert d["tokens"] == ["What", "time", "is", "it", "?"]
    assert all(set(s["gates"]) == {"r", "z", "n"} and s["c"] is None and s["c_prev"] is None
               for s in d["steps"])
    # token vectors are the same in every run (another process computed these)
    assert d == make_trace(RunOptions(cell="gru", text="What time is it?", gru_variant="cho")).to_json()


def test_json_rnn_on_the_default_input(runs):
    r = runs["results"]["json_rnn_default"]
    assert r.returncode == 0
    d = json.loads(r.stdout)
    assert d["cell"] == "rnn" and d["variant"] is None and (d["input_size"], d["hidden_size"]) == (3, 3)
    assert d["x"][0] == [0.1, 0.5, 1.0] and len(d["steps"]) == 10  # the article's ten vectors
    assert all(s["gates"] == {} and set(s["pre"]) == {"h"} for s in d["steps"])


def test_json_with_weights_and_prefix(runs):
    r = runs["results"]["json_weights"]
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert (d["input_size"], d["hidden_size"]) == (3, 4)
    w = init_weights("lstm", 3, 4, seed=1)
    assert d == make_trace(RunOptions(cell="lstm"), weights=w).to_json()


def test_table(runs):
    r = runs["results"]["table"]
    assert r.returncode == 0 and r.stderr == ""
    tr = make_trace(RunOptions(cell="lstm", input="0.1,0.5,1; 1.2,2.1,0"))
    out = r.stdout
    assert out.startswith("LSTM") and "step 1" in out and "step 2" in out and "step 3" not in out
    h_rows = [line.split()[1:] for line in out.splitlines() if line.split()[:1] == ["h"]]
    assert h_rows == [[f"{v:+.6f}" for v in tr.h[t]] for t in range(2)]
    for name in ("pre i", "f_c_prev", "c_prev"):
        assert f"  {name} " in out
