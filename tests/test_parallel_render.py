"""Sections rendered by several processes and joined give the serial render's movie."""

import json
import subprocess
import sys
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def render(tmp: Path, jobs: int, *extra) -> Path:
    out = tmp / f"jobs{jobs}.mp4"
    subprocess.run([sys.executable, str(ROOT / "render.py"), "render", "rnn-cell", "--quality", "low",
                    "--fps", "5", "--jobs", str(jobs), "-o", str(out), "-q", *extra],
                   check=True, cwd=tmp)
    return out


def frames(path: Path) -> list:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def test_two_processes_make_the_same_movie_and_sections_as_one(tmp_path):
    serial = frames(render(tmp_path, 1))
    parallel = frames(render(tmp_path, 2, "--sections"))
    assert len(serial) == len(parallel) > 20
    worst = max(int(np.abs(a.astype(int) - b).max()) for a, b in zip(serial, parallel))
    assert worst <= 2, f"frames differ by up to {worst} levels"
    index = json.loads((tmp_path / "jobs2" / "index.json").read_text())
    names = [s["name"] for s in index["sections"]]
    assert names == ["intro", "inputs", "concat", "tanh", "output"]
    assert abs(sum(s["duration"] for s in index["sections"]) - len(serial) / 5) < 0.5
