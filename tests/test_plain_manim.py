"""Scenes also run under the plain `manim` command, with the default inputs."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_manim_cli_renders_a_scene_file(tmp_path):
    manim = Path(sys.executable).with_name("manim")
    p = subprocess.run([str(manim), "-ql", "-s", "--media_dir", str(tmp_path),
                        str(ROOT / "scenes" / "stories" / "rnn_cell.py"), "RNNCell"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-2000:]
    assert list(tmp_path.rglob("RNNCell*.png"))
