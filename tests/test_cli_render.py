"""`render.py list / render / preview` from the outside: output, errors, interruptions."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from render import cli
from scenes.registry import SCENES

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=ROOT, **kw):
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120, **kw)


def test_list_json_without_importing_manim():
    r = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "render.py"), "list", "--json"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0
    rows = json.loads(r.stdout)
    assert [row["id"] for row in rows] == list(SCENES)
    assert all(set(row) == {"id", "cell", "title", "description"} for row in rows)
    imported = {line.split("|")[-1].strip() for line in r.stderr.splitlines()}
    assert "manim" not in imported and "av" not in imported


def test_list_table_names_every_scene():
    r = CliRunner().invoke(cli, ["list"])
    assert r.exit_code == 0
    assert all(s in r.output for s in SCENES)


@pytest.mark.parametrize("args", [
    ["render", "no-such-scene"],
    ["render", "rnn-cell", "--decimals", "7"],
    ["render", "rnn-cell", "--show-units", "0"],
    ["render", "rnn-cell", "--step", "0"],
    ["render", "rnn-cell", "--fps", "0"],
    ["render", "rnn-cell", "--fps", "121"],
    ["render", "rnn-cell", "--format", "gif", "--hold", "-1"],
    ["render", "rnn-cell", "--format", "gif", "--hold", "nan"],
    ["render", "rnn-cell", "--format", "gif", "--hold", "601"],
    ["render", "rnn-cell", "--format", "gif", "--hold", "long"],
    ["render", "rnn-cell", "--quality", "ultra"],
    ["render", "rnn-cell", "--theme", "neon"],
    ["render", "rnn-cell", "--format", "mp4", "--transparent"],
    ["render", "rnn-cell", "--format", "gif", "--transparent"],
    ["render", "rnn-cell", "-o", "clip.avi"],
    ["render", "rnn-cell", "-o", "clip.gif", "--format", "mp4"],
    ["render", "rnn-cell", "--input", "1,2;3"],
    ["render", "rnn-cell", "-o", "{file}/clip.mp4"],
    ["render", "rnn-cell", "-o", "{dir}.mp4/"],
    ["render", "rnn-cell", "--manifest", "{file}/m.json"],
    ["preview", "rnn-cell", "--lr", "0"],
    ["preview", "rnn-cell", "--format", "gif"],
])
def test_bad_options_give_one_error_line_and_exit_2(tmp_path, args):
    (tmp_path / "file").write_text("x")
    (tmp_path / "dir.mp4").mkdir()
    args = [a.format(file=tmp_path / "file", dir=tmp_path / "dir") for a in args]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    if "--hold" in args:
        assert lines[0].startswith("error: --hold: "), lines


def test_a_step_beyond_the_input_is_an_error_from_the_scene(tmp_path):
    r = run("preview", "rnn-cell", "--input", "1,2,3; 4,5,6", "--step", "3", "-q",
            "-o", str(tmp_path / "p.png"))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [r.stderr.strip()] and "--step" in r.stderr
    assert not any(tmp_path.iterdir())


def test_render_and_preview_the_rnn_cell(tmp_path):
    """The real scene end to end: GIF with sections and manifest, then a dark preview."""
    r = run("render", "rnn-cell", "--quality", "low", "--fps", "5", "-o", "out/rnn.gif",
            "--sections", "--manifest", "out/rnn.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out" / "rnn.gif"
    assert r.stdout.startswith("out/rnn.gif  854x480  5 fps") and r.stdout.count("\n") == 1
    with Image.open(out) as im:
        assert im.info["loop"] == 0 and im.size == (854, 480)
    index = json.loads((tmp_path / "out" / "rnn" / "index.json").read_text())
    assert index["scene"] == "rnn-cell"
    assert all(e["caption"] for e in index["sections"] if e["name"] != "intro")
    assert all((tmp_path / "out" / "rnn" / e["file"]).is_file() for e in index["sections"])
    manifest = json.loads((tmp_path / "out" / "rnn.json").read_text())
    assert manifest["scene"] == "rnn-cell" and manifest["values"]

    r = run("preview", "rnn-cell", "--quality", "low", "--theme", "dark", "-q", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""
    png = np.asarray(Image.open(tmp_path / "media" / "rnn-cell.png").convert("RGB"))
    assert png.shape == (480, 854, 3) and tuple(png[2, 2]) == (0x16, 0x18, 0x1d)


SLOW_RENDER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from scenes.registry import SCENES
    from tests.helpers.pipeline_scenes import Slow, info
    SCENES["slow"] = info(Slow)
    import render
    render.cli(["render", "slow", "--quality", "low", "-o", {out!r}])
""")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_render_keeps_the_earlier_output(tmp_path, sig):
    folder, scratch = tmp_path / "out", tmp_path / "tmp"
    folder.mkdir()
    scratch.mkdir()
    out = folder / "clip.mp4"
    out.write_bytes(b"earlier")
    script = SLOW_RENDER.format(root=str(ROOT), out=str(out))
    p = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "TMPDIR": str(scratch)})
    line = p.stderr.readline()                 # not a TTY: one line when a section starts
    assert "section 1" in line, line + p.stderr.read()
    time.sleep(1.0)
    p.send_signal(sig)
    rest = p.communicate(timeout=60)[1]
    assert out.read_bytes() == b"earlier"
    assert [f.name for f in folder.iterdir()] == ["clip.mp4"]
    if sig != signal.SIGKILL:                  # a kill cannot be cleaned up after
        assert p.returncode == 130 and rest.strip().splitlines()[-1] == "error: interrupted"
        assert not any(scratch.iterdir())


def test_quiet_render_prints_nothing_and_fps_overrides_the_preset(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from scenes.registry import SCENES
        from tests.helpers.pipeline_scenes import Tiny, info
        SCENES["tiny"] = info(Tiny)
        import render
        render.cli(["render", "tiny", "--quality", "low", "--fps", "10", "-q", "-o", "t.mp4"])
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       cwd=tmp_path, timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    with av.open(str(tmp_path / "t.mp4")) as c:
        assert c.streams.video[0].guessed_rate == 10
