"""pipeline.play_key: a play's key changes with anything that changes its frames, and
only with that.

Each case builds the same small scene twice, changes one thing in the second, and
compares the keys of the play about to run (what Manim's renderer asks for).
"""

import threading

import numpy as np
import pytest
from manim import (BLUE, RED, Circle, Dot, FadeIn, Indicate, Square, VGroup, ValueTracker,
                   linear, smooth, tempconfig)
from manim.camera.camera import Camera

from pipeline.play_key import play_key
from scenes.motion import Appear, Dim


@pytest.fixture(autouse=True)
def _config():
    with tempconfig({"quality": "low_quality", "verbosity": "ERROR"}):
        yield


def key(animations, mobjects):
    return play_key(Camera(), animations, mobjects, encoder_fingerprint="x264 test")


def scene(change=None):
    """Three static shapes and a row of dots; `change` edits them before the key is taken."""
    shapes = [Square().shift(2 * np.array([-1.0, 0, 0])), Circle(), Dot([2, 0, 0])]
    row = VGroup(*[Dot([x, -2, 0]) for x in range(4)])
    if change:
        change(shapes, row)
    return shapes, row


def play_key_of(change=None, animation=lambda shapes, row: Indicate(row[0])):
    shapes, row = scene(change)
    return key([animation(shapes, row)], [*shapes, row])


def test_the_same_play_built_twice_has_the_same_key():
    assert play_key_of() == play_key_of()
    assert len(play_key_of()) == 40


@pytest.mark.parametrize("change", [
    lambda shapes, row: shapes[1].set_color("#123456"),               # a static colour
    lambda shapes, row: shapes[1].shift([0, 0.01, 0]),                 # a static position
    lambda shapes, row: shapes[0].set_stroke(width=7),
    lambda shapes, row: shapes[2].set_opacity(0.5),
    lambda shapes, row: shapes.reverse(),                              # drawing order
    lambda shapes, row: shapes[0].set_z_index(5),
    lambda shapes, row: shapes.pop(),                                  # one shape fewer
    lambda shapes, row: row[3].set_color(BLUE),                        # the animated group
])
def test_a_change_on_screen_changes_the_key(change):
    assert play_key_of(change) != play_key_of()


@pytest.mark.parametrize("animation", [
    lambda shapes, row: Indicate(row[1]),                     # the same kind, another dot
    lambda shapes, row: Indicate(row[0], scale_factor=1.5),
    lambda shapes, row: Indicate(row[0], run_time=2),
    lambda shapes, row: Indicate(row[0], rate_func=linear),
    lambda shapes, row: Indicate(row[0], color=RED),
    lambda shapes, row: FadeIn(row[0]),
    lambda shapes, row: Dim(row, 1.0, 0.25),
])
def test_a_change_in_the_animation_changes_the_key(animation):
    assert play_key_of(animation=animation) != play_key_of()


def test_our_fades_are_keyed_by_their_levels():
    one = play_key_of(animation=lambda shapes, row: Dim(row, 1.0, 0.25))
    assert one == play_key_of(animation=lambda shapes, row: Dim(row, 1.0, 0.25))
    assert one != play_key_of(animation=lambda shapes, row: Dim(row, 1.0, 0.3))
    assert play_key_of(animation=lambda shapes, row: Appear(row[0])) != \
        play_key_of(animation=lambda shapes, row: Appear(row[0], opacity=0.5))


def test_float_noise_does_not_change_the_key():
    """A state reached by skipping a play differs from the drawn one by a few ulps."""
    def noise(shapes, row):
        shapes[1].points += 1e-13
        row[2].points -= 3e-17
    assert play_key_of(noise) == play_key_of()


def test_a_copy_is_keyed_by_its_state_not_by_what_it_was_copied_from():
    """Manim stamps copies with `original_id` = str(id(...)), different in every process."""
    def copied(shapes, row):
        shapes[1] = Circle().copy()
    assert play_key_of(copied) == play_key_of()


def test_updaters_are_keyed_by_their_code_and_closure():
    def with_updater(rate):
        tracker = ValueTracker(0)
        dot = Dot()
        dot.add_updater(lambda m: m.set_x(rate * tracker.get_value()))
        return key([tracker.animate(rate_func=smooth).set_value(1).build()], [dot, tracker])
    assert with_updater(2.0) == with_updater(2.0)
    assert with_updater(2.0) != with_updater(3.0)


def test_an_object_it_cannot_read_makes_the_play_uncacheable():
    def locked(shapes, row):
        animation = Indicate(row[0])
        animation.lock = threading.Lock()
        return animation
    assert play_key_of(animation=locked) is None
