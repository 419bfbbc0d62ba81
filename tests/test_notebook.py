"""The Jupyter helper without Jupyter, and Manim's %%manim magic with our scenes (where IPython is installed)."""

import subprocess
import sys
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import pipeline.rendering.render
from cells import InputError
from pipeline.workflows.notebook import display_object, output_name, render_path, show

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_ipython(monkeypatch):
    monkeypatch.setitem(sys.modules, "IPython", None)          # `import IPython` raises ImportError
    monkeypatch.setitem(sys.modules, "IPython.display", None)


@pytest.fixture
def fake_ipython(monkeypatch):
    """A stand-in IPython.display recording how Video and Image were called."""
    display = types.ModuleType("IPython.display")

    class Shown:
        def __init__(self, *args, **kwargs):
            self.args, self.kwargs = args, kwargs

    display.Video = type("Video", (Shown,), {})
    display.Image = type("Image", (Shown,), {})
    ipython = types.ModuleType("IPython")
    ipython.display = display
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display)
    return display


def test_show_renders_and_returns_the_path_without_ipython(no_ipython, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    out = show("rnn-cell", format="png", step=2, show_units=2)
    assert out == Path("media/notebook/rnn-cell-quality-low-show_units-2-step-2.png")
    img = np.asarray(Image.open(tmp_path / out))
    assert img.shape[:2] == (480, 854)                               # --quality low by default


def test_options_are_checked_like_the_command_line(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    seen = []
    monkeypatch.setattr(pipeline.rendering.render, "render", lambda req: seen.append(req) or req.out)
    render_path("lstm", step=2, lang="hu", input="0.1,0.5,1; 1,2,3", output="x/lstm.webm")
    req = seen[-1]
    assert (req.params.step, req.params.lang, req.fmt, req.quality, req.quiet) == (2, "hu", "webm", "low", True)
    assert req.out == Path("x/lstm.webm") and req.params.run.input == "0.1,0.5,1; 1,2,3"
    (tmp_path / "illustrated-rnn.toml").write_text('theme = "dark"\n')        # config defaults apply
    render_path("lstm")
    assert seen[-1].params.theme == "dark"
    with pytest.raises(InputError, match="qualty: is not an option of `render` .*'quality'"):
        render_path("lstm", qualty="high")
    with pytest.raises(InputError, match="--step"):
        render_path("lstm", step=0)


def test_display_objects(fake_ipython, tmp_path):
    v = display_object(tmp_path / "a.mp4")
    assert isinstance(v, fake_ipython.Video)
    assert v.args == (str(tmp_path / "a.mp4"),) and v.kwargs["embed"] and v.kwargs["mimetype"] == "video/mp4"
    assert isinstance(display_object(tmp_path / "a.gif"), fake_ipython.Image)
    assert display_object(tmp_path / "a.png").kwargs == {"filename": str(tmp_path / "a.png")}
    assert not display_object(tmp_path / "a.mov").kwargs["embed"]   # QuickTime: linked, not inlined


def test_output_names_are_distinct_and_safe():
    a = output_name("tanh", "mp4", {"values": "5, 0.1, -0.5", "lang": "hu"})
    b = output_name("tanh", "mp4", {"values": "5, 0.1, -0.4", "lang": "hu"})
    assert a != b and a.parent == Path("media/notebook") and " " not in a.name and "/" not in a.name


def test_manim_cell_magic_renders_our_scene(tmp_path):
    """The README's %%manim example, run by IPython's own machinery (skipped without IPython)."""
    pytest.importorskip("IPython")
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from IPython.testing.globalipapp import start_ipython
        ip = start_ipython()
        import manim                                      # registers %%manim in a running IPython
        ip.run_cell_magic("manim", "-ql -s -v WARNING --progress_bar none MyRNN", '''
        from scenes.stories.rnn_cell import RNNCell
        from scenes.params import SceneParams
        from cells import RunOptions

        class MyRNN(RNNCell):
            params = SceneParams(run=RunOptions(cell="rnn", input="0.1,0.5,1; 1.2,2.1,0"), step=2)
        ''')
    """)
    r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                       timeout=180)
    assert r.returncode == 0, r.stderr
    pngs = list((tmp_path / "media" / "images").rglob("MyRNN*.png"))
    assert pngs and np.asarray(Image.open(pngs[0])).shape[:2] == (480, 854)
