#!/usr/bin/env python3
"""Peak memory and time of the largest documented `--json` requests, each a fresh process.

`trace lstm` over the longest allowed sequence (100,000 steps) at hidden and input size
128, `grads lstm` with every per-step dL/dW_hh over 2,000 steps at the same sizes, and
the widest: `grads lstm` at the largest hidden and input size (4096) over 2 steps, whose
weight gradients and per-step terms are 16384 x 4096 matrices, written a row at a time.
The JSON is read from a pipe and counted: it is written step by step
(pipeline/cli/json_out.py), so memory is the trace's, not the document's.

    .venv/bin/python benchmarks/json_output.py [--steps 100000] [--grads-steps 2000]
        [--hidden 128] [--wide 4096] [--json benchmarks/results.json]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def measured(args: list) -> dict:
    """Wall seconds, peak RSS in MB and bytes of JSON of one `render.py ARGS`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "render.py"), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, env={**os.environ, "ILLUSTRATED_RNN_CACHE": "off"})
    size = sum(len(chunk) for chunk in iter(lambda: proc.stdout.read(1 << 20), b""))
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"render.py {' '.join(args)} failed ({proc.returncode})")
    return {"wall_s": round(time.perf_counter() - t0, 2), "peak_mb": usage.ru_maxrss // 1024,
            "json_bytes": size}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=100_000)
    ap.add_argument("--grads-steps", type=int, default=2_000)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--wide", type=int, default=4096, help="hidden size of the wide grads run")
    ap.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"))
    a = ap.parse_args()
    runs = [("trace", a.steps, a.hidden, []), ("grads", a.grads_steps, a.hidden, ["--loss", "sum"]),
            ("grads", 2, a.wide, ["--loss", "sum"])]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for command, steps, hidden, extra in runs:
            path = Path(tmp) / f"{steps}x{hidden}.npy"
            np.save(path, np.random.default_rng(0).normal(size=(steps, hidden)) * 0.1)
            sizes = ["--hidden", str(hidden), "--input-size", str(hidden)]
            row = {"command": command, "cell": "lstm", "steps": steps, "hidden": hidden,
                   **measured([command, "lstm", *sizes, "--input-file", str(path), *extra, "--json"])}
            rows.append(row)
            print(f"{command} lstm {steps} steps, hidden {hidden}: {row['json_bytes'] / 1e9:.2f} GB "
                  f"of JSON in {row['wall_s']:.1f} s, peak {row['peak_mb']} MB", flush=True)
    path = Path(a.json)
    kept = json.loads(path.read_text()) if path.exists() else {}   # keys other benchmarks wrote
    path.write_text(json.dumps({**kept, "json_output": rows}, indent=2) + "\n")
    print(f"wrote {a.json}")


if __name__ == "__main__":
    main()
