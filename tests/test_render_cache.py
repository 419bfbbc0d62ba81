"""A repeated request is served from the cache: same bytes, no Manim; any change misses."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render(tmp: Path, out: str, *extra) -> str:
    env = {**os.environ, "ILLUSTRATED_RNN_CACHE": str(tmp / "cache")}
    p = subprocess.run([sys.executable, str(ROOT / "render.py"), "render", "tanh", "--quality", "low",
                        "--fps", "5", "--jobs", "1", "-o", str(tmp / out), *extra],
                       check=True, cwd=tmp, env=env, capture_output=True, text=True)
    return p.stderr


def test_same_request_is_reused_and_a_changed_one_is_rendered(tmp_path):
    first = render(tmp_path, "a.mp4", "--sections", "--manifest", "a.json")
    assert "reused" not in first
    again = render(tmp_path, "b.mp4", "--sections", "--manifest", "b.json")
    assert "reused the cached render" in again and "section 1" not in again
    assert (tmp_path / "a.mp4").read_bytes() == (tmp_path / "b.mp4").read_bytes()
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == \
        sorted(p.name for p in (tmp_path / "a").iterdir())
    changed = render(tmp_path, "c.mp4", "--values", "1, 2, 3")
    assert "reused" not in changed
    without_sections = render(tmp_path, "d.mp4")       # same options but no --sections: a miss
    assert "reused" not in without_sections


def test_an_input_file_is_keyed_by_its_bytes(tmp_path):
    seq = tmp_path / "seq.csv"
    seq.write_text("0.1,0.2,0.3\n0.4,0.5,0.6\n")
    render(tmp_path, "a.mp4", "--input-file", str(seq), "--step", "2")
    assert "reused" in render(tmp_path, "b.mp4", "--input-file", str(seq), "--step", "2")
    seq.write_text("0.1,0.2,0.3\n0.4,0.5,0.7\n")
    assert "reused" not in render(tmp_path, "c.mp4", "--input-file", str(seq), "--step", "2")
