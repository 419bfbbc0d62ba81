"""The scene registry is the one declaration of a scene: what it shows by default included."""

from pathlib import Path

import pytest

from cells import RunOptions, make_trace
from pipeline.rendering.render import check
from pipeline.rendering.request import make_request
from scenes.params import SceneParams
from scenes.parts.strings import LANGS
from scenes.registry import SCENES, scene_info
from tests.helpers.scene_cases import CASES


def test_the_pre_check_traces_what_the_scene_draws():
    """`render sequence --input-size 5` was refused: the check saw the article's 3-wide
    vectors while the scene traces its own default text, which has any width."""
    info = scene_info("sequence")
    run = RunOptions(cell=info.cell, input_size=5)
    check(make_request(info, SceneParams(run=run), fmt="png", out="/nonexistent-dir-is-fine/x.png"))


@pytest.mark.parametrize("scene_id", sorted(SCENES))
def test_a_scene_traces_its_registered_default_input(scene_id):
    info = scene_info(scene_id)
    cls = info.load()
    scene = cls.__new__(cls)                 # no Manim set-up needed for the data
    scene.params = SceneParams(run=RunOptions(cell=info.cell))
    want = info.run_for(RunOptions(cell=info.cell)).with_cell(cls.cell)
    assert scene.run_options() == want
    given = RunOptions(cell=info.cell, input="1,2,3")
    scene.params = SceneParams(run=given)
    assert scene.run_options() == given.with_cell(cls.cell), "a user's input always wins"
    make_trace(want)


@pytest.mark.parametrize("scene_id", sorted(SCENES))
def test_a_scene_is_declared_once_and_everything_agrees(scene_id):
    """Adding a scene means its story file, its entry, its strings and its test case."""
    info = SCENES[scene_id]
    cls = info.load()
    module = info.target.split(":")[0]
    assert cls.scene_id == scene_id, "the class's id is its entry's"
    assert module == f"scenes.stories.{scene_id.replace('-', '_')}", "its story file is named after it"
    assert info.cell in ("rnn", "lstm", "gru")
    for lang in LANGS:
        assert info.title_in(lang).strip(), f"no {lang} title"
    assert any(case_scene == scene_id for case_scene, _ in CASES.values()), \
        f"no case in tests/helpers/scene_cases.py renders {scene_id}"


def test_every_story_file_is_registered():
    stories = Path(__file__).resolve().parents[1] / "scenes" / "stories"
    registered = {info.target.split(":")[0].rsplit(".", 1)[1] for info in SCENES.values()}
    assert {p.stem for p in stories.glob("*.py")} - {"__init__"} == registered
