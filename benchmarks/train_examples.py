#!/usr/bin/env python3
"""Time the training of the whole zoo, and check that it is deterministic.

Runs scripts/train_examples.py twice, each a fresh process writing into a new folder,
times each run, compares the sha256 of every file of the two runs with each other and
with assets/models/, and records the result under "train_examples" in
benchmarks/results.json, leaving the file's other keys as they are.

    .venv/bin/python benchmarks/train_examples.py [--jobs 2] [--json benchmarks/results.json]
"""

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "assets" / "models"


def digests(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def run(out: Path, jobs: int) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "train_examples.py"), "--out", str(out),
                    "--jobs", str(jobs)], check=True)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp, "first"), Path(tmp, "second")
        walls = [run(first, a.jobs), run(second, a.jobs)]
        d1, d2 = digests(first), digests(second)
    result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
              "jobs": a.jobs, "walls_s": [round(w, 1) for w in walls],
              "wall_s": round(max(walls), 1), "files": len(d1),
              "runs_identical": d1 == d2,
              "identical_to_shipped": d1 == {k: v for k, v in digests(MODELS).items() if k in d1}
              and set(d1) == set(digests(MODELS))}
    path = Path(a.json)
    doc = json.loads(path.read_text()) if path.exists() else {}
    doc["train_examples"] = result
    path.write_text(json.dumps(doc, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    if not result["runs_identical"]:
        sys.exit("the two runs wrote different files")


if __name__ == "__main__":
    main()
