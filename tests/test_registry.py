"""The scene registry is the one declaration of a scene: what it shows by default included."""

import pytest

from cells import RunOptions, make_trace
from pipeline.rendering.render import check
from pipeline.rendering.request import make_request
from scenes.params import SceneParams
from scenes.registry import SCENES, scene_info


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


def test_every_scene_has_its_title_in_every_language():
    """Decks and handouts take a scene's title from its registry entry, in --lang."""
    from scenes.parts.strings import LANGS, STRINGS
    for info in SCENES.values():
        assert set(STRINGS[info.title_key]) == set(LANGS), info.id
        assert info.title_in("hu") != info.title_in("en"), info.id
    assert SCENES["lstm-forget"].title_in("hu") == "Felejtő kapu"
    assert SCENES["rnn-cell"].title_in("en") == "RNN Cell"
