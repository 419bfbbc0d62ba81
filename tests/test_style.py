"""--style projector: one display option, read by the theme's SIZES, so every part of every
scene is larger and each vector shows fewer entries; the manifest says which style drew it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cells import InputError
from render import cli
from scenes.params import SceneParams
from scenes.parts.fonts import register_fonts
from scenes.parts.theme import ARTICLE, SIZES, STYLES, use_style
from scenes.parts.wires import ValueDot
from scenes.registry import scene_info
from tests.helpers.scene_harness import render_scene

ROOT = Path(__file__).resolve().parent.parent
LARGER = ("label", "number", "caption", "title", "legend", "tick", "dot_r", "glyph_r", "op_side",
          "box_w", "box_h", "wire_width")


@pytest.fixture(autouse=True)
def article_afterwards():
    """A test that draws in the projector style leaves the article's sizes behind it."""
    yield
    use_style("article")


def test_a_bad_style_is_one_error_line_naming_the_option():
    r = CliRunner().invoke(cli, ["render", "rnn-cell", "--style", "huge"])
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --style"), r.stderr


def test_the_scene_itself_refuses_an_unknown_style():
    """Under the plain `manim` command no click option checks it: the scene does."""
    cls = type("Bad", (scene_info("rnn-cell").load(),), {"params": SceneParams(style="huge")})
    with pytest.raises(InputError, match="--style"):
        cls().setup()


def test_projector_sizes_are_larger_and_show_fewer_entries():
    article, projector = STYLES["article"], STYLES["projector"]
    assert SceneParams().style == "article" and set(STYLES) == {"article", "projector"}
    for name in LARGER:
        assert getattr(projector, name) > getattr(article, name), name
    assert projector.units < article.units == 1.0


def test_parts_read_the_active_style():
    register_fonts()
    small = ValueDot("x_t", ARTICLE)
    use_style("projector")
    assert SIZES.number == STYLES["projector"].number
    large = ValueDot("x_t", ARTICLE)
    assert large.height > small.height and large.text.height > small.text.height


def test_fewer_entries_by_default_and_show_units_still_wins():
    def widest(scene, label):
        return 1 + max(v["path"][-1] for v in scene.manifest_json["values"] if v["label"] == label)

    scene = render_scene("lstm", style="projector")
    assert scene.manifest_json["style"] == "projector"
    assert widest(scene, "h_t") == 4            # six units; the article shows all six
    assert widest(render_scene("lstm"), "h_t") == 6
    assert widest(render_scene("lstm", style="projector", show_units=5), "h_t") == 5
    assert render_scene("sequence", style="projector").show_units == 2


@pytest.mark.parametrize("scene,extra", [("gru", ["--theme", "dark"]), ("rnn-cell", ["--lang", "hu"]),
                                         ("lstm-chain", [])])
def test_a_projector_preview_renders_and_its_manifest_says_so(tmp_path, scene, extra):
    r = subprocess.run([sys.executable, str(ROOT / "render.py"), "preview", scene, "--style", "projector",
                        *extra, "-q", "-o", str(tmp_path / "p.png"), "--manifest", str(tmp_path / "m.json")],
                       capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "p.png").stat().st_size > 10_000
    assert json.loads((tmp_path / "m.json").read_text())["style"] == "projector"
