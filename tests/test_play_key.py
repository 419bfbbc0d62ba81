"""pipeline.speedups.play_key: a play's key changes with anything that changes its frames, and
only with that.

Each case builds the same small scene twice, changes one thing in the second, and
compares the keys of the play about to run (what Manim's renderer asks for).
"""

import cmath
import math
import threading

import numpy as np
import pytest
from manim import (BLUE, RED, Circle, Dot, FadeIn, Indicate, Scene, Square, VGroup,
                   ValueTracker, linear, smooth, tempconfig)
from manim.camera.camera import Camera

from pipeline.speedups.play_key import play_key
from scenes.parts.motion import Appear, Dim


@pytest.fixture(autouse=True)
def _config():
    with tempconfig({"quality": "low_quality", "verbosity": "ERROR"}):
        yield


def key(animations, mobjects, scene=None):
    return play_key(scene or Scene(), Camera(), animations, mobjects,
                    encoder_fingerprint="x264 test")


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


def test_a_tracker_is_keyed_to_its_seventh_digit():
    def moving(start):
        tracker = ValueTracker(start)
        return key([tracker.animate.set_value(1).build()], [tracker])
    assert moving(0.1234570) == moving(0.1234570)
    assert moving(0.1234570) != moving(0.1234574)


def test_a_tiny_mobject_is_keyed_by_its_size():
    dots = [Dot(radius=1e-6 * scale) for scale in (1.0, 1.3)]
    assert key([FadeIn(dots[0])], []) != key([FadeIn(dots[1])], [])


def test_the_foreground_is_part_of_the_key():
    """An introduced mobject goes below the foreground ones: same mobjects, other frames."""
    def introduce(foreground: bool):
        scene, a, b, c = Scene(), Square(), Circle(), Dot()
        scene.add(a, b)
        if foreground:
            scene.add_foreground_mobject(b)
        return key([FadeIn(c)], scene.mobjects, scene)
    assert introduce(True) == introduce(True)
    assert introduce(True) != introduce(False)


def test_functions_are_keyed_by_their_code_closure_and_the_globals_they_read():
    def rate(scale):
        return lambda t: smooth(min(1.0, t * scale))
    def indicate(rate_func):
        return play_key_of(animation=lambda shapes, row: Indicate(row[0], rate_func=rate_func))
    assert indicate(rate(2.0)) == indicate(rate(2.0))
    assert indicate(rate(2.0)) != indicate(rate(3.0))
    global SPEED
    SPEED = 2.0
    first = indicate(_global_rate)
    SPEED = 3.0
    assert indicate(_global_rate) != first
    # builtins by module and name: math.sqrt is not cmath.sqrt
    assert indicate(math.sqrt) != indicate(cmath.sqrt)


SPEED = 2.0


def _global_rate(t):
    return min(1.0, t * SPEED)


def test_plays_with_updaters_or_reading_the_scene_are_never_reused():
    """A reused play skips its updaters' time steps and would leave another state."""
    dot = Dot()
    dot.add_updater(lambda m, dt: m.shift([dt, 0, 0]))
    assert key([FadeIn(Square())], [dot]) is None
    scene = Scene()
    scene.add_updater(lambda dt: None)
    assert key([FadeIn(Square())], [], scene) is None
    scene = Scene()
    scene.speed = 2.0
    assert key([FadeIn(Square(), rate_func=lambda t: min(1.0, t * scene.speed))], [], scene) is None


def test_an_empty_list_and_a_name_are_told_apart():
    def tagged(value):
        return play_key_of(animation=lambda shapes, row: _tagged(Indicate(row[0]), value))
    assert tagged([]) != tagged("list") != tagged(())


def _tagged(animation, value):
    animation.tag = value
    return animation


def test_a_closure_cell_not_yet_filled_makes_the_play_uncacheable():
    def build():
        animation = Indicate(Dot(), rate_func=lambda t: later(t))     # noqa: F821
        result = key([animation], [])
        later = smooth                                                  # noqa: F841
        return result
    assert build() is None


def test_an_object_it_cannot_read_makes_the_play_uncacheable():
    def locked(shapes, row):
        animation = Indicate(row[0])
        animation.lock = threading.Lock()
        return animation
    assert play_key_of(animation=locked) is None


def test_every_play_of_every_scene_can_be_reused(rendered):
    """The key describes all our scenes' plays (None would mean: always drawn again)."""
    from tests.helpers.scene_cases import CASES
    for case in CASES:
        keys = rendered(case).play_keys
        assert keys and None not in keys, f"{case}: play {keys.index(None) + 1} is uncacheable"
