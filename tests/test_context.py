"""Context kept in every frame: a poster (the last frame) still names the input wires, and
every scene that reads tokens says which one it is on."""

import pytest

from cells import RunOptions
from scenes.parts.cell_diagram import LABELS
from scenes.parts.labels import rich
from tests.helpers.scene_harness import render_scene

TEXT = "What time is it?"


def texts_on_screen(scene) -> list:
    """The strings of every text mobject on screen at the end (cached texts keep theirs)."""
    found = []
    for top in scene.mobjects:
        for m in top.get_family():
            t = getattr(m, "text", None)
            if isinstance(t, str) and (m.get_fill_opacity() > 0 or m.get_stroke_opacity() > 0):
                found.append(t)
    return found


@pytest.mark.parametrize("scene_id,style", [("lstm", "article"), ("gru", "projector"),
                                            ("lstm-forget", "article")])
def test_the_last_frame_names_every_input_wire(scene_id, style):
    scene = render_scene(scene_id, style=style)
    on_screen = texts_on_screen(scene)
    d = scene.diagram
    if scene_id != "lstm-forget":            # a whole step: every input's dot has moved on
        assert not set(d.inputs) & set(d.waiting)
    for q in d.inputs:                       # and the labels stay
        assert d.port_labels[q] in d.get_family() and rich(LABELS[q]) in on_screen


@pytest.mark.parametrize("scene_id,extra", [("rnn-cell", {}), ("tanh", {"step": 3}),
                                            ("sigmoid", {"step": 3})])
def test_single_step_scenes_name_their_token_in_the_title(scene_id, extra):
    scene = render_scene(scene_id, run=RunOptions(text=TEXT), **extra)
    t = scene.step_index
    note = f"step {t + 1} (“{scene.trace.tokens[t]}”)"
    assert scene.manifest_json["about"][0].startswith(note)
    assert any(s.startswith(note) for s in texts_on_screen(scene))


def test_hidden_state_keeps_each_cells_word():
    scene = render_scene("hidden-state", run=RunOptions(text=TEXT))
    on_screen = texts_on_screen(scene)
    assert "What" in on_screen and "time" in on_screen


def test_gradient_update_heads_its_columns_with_the_word():
    scene = render_scene("gradient-update", run=RunOptions(text=TEXT))
    on_screen = texts_on_screen(scene)
    assert "step 2 (“time”)" in on_screen and "step 5 (“?”)" in on_screen
