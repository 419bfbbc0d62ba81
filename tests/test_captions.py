"""Captions are read before they change (TIMING.reading), change old-out-then-new-in, and
the manifest logs each one's fully visible interval. Timings below are derived by hand."""

import tempfile

import numpy as np
import pytest
from manim import tempconfig

from scenes.engines.base import IllustratedScene
from scenes.parts.motion import Appear, Vanish
from scenes.parts.theme import TIMING


class Captioned(IllustratedScene):
    scene_id = "captioned"
    cell = "rnn"
    capture_keyframes = True          # a still would build captions lazily, untimed

    def construct(self):
        self.changes = []
        self.set_caption("one two three four")     # 1.5 s to read, shown 0.2 s: topped up
        self.wait(0.2)
        self.section("long", "read at leisure")    # 1.25 s to read, shown 3.5 s: no top-up
        self.wait(3)
        self.set_caption("x_t = [1, 2]", line=1)  # '=' is no word: 1.25 s
        self.section("end", "bye")                 # 0.75 s, read before the video ends

    def play(self, *animations, **kwargs):
        if any(isinstance(a, Vanish) for a in animations):
            self.changes.append(animations)
        super().play(*animations, **kwargs)


@pytest.fixture(scope="module")
def scene():
    with tempfile.TemporaryDirectory() as tmp, \
            tempconfig({"quality": "low_quality", "media_dir": tmp, "format": "png", "progress_bar": "none",
                        "verbosity": "ERROR", "disable_caching": True}):
        s = Captioned()
        s.render()
    return s


def test_reading_time_rule():
    assert TIMING.reading("one two three four") == 0.5 + 4 * 0.25
    assert TIMING.reading("C_t = f_t ⊙ C_{t-1} + i_t ⊙ C~_t") == 0.5 + 5 * 0.25   # no ⊙, =, +
    assert TIMING.reading("") == 0.5


def test_captions_wait_only_as_long_as_they_must(scene):
    fade = TIMING.fade
    assert fade == 0.5          # the hand-derived times below assume it
    got = [(c["text"], c["line"], c["section"]) for c in scene.captions]
    assert got == [("one two three four", 0, "intro"), ("read at leisure", 0, "long"),
                   ("x_t = [1, 2]", 1, "long"), ("bye", 0, "end")]
    assert [t for c in scene.captions for t in (c["start"], c["end"])] == pytest.approx([
        0.5, 2.0,       # 0.2 s shown + 1.3 s topped up
        2.5, 6.0,       # 3.5 s shown, no wait added
        6.0, 7.25,      # read while "bye" fades in and waits
        6.5, 7.25,      # the end waits 0.75 s for "bye"
    ])
    assert scene.clock == pytest.approx(7.25)
    assert scene.manifest()["captions"] == scene.captions


def _opacity(mobject) -> float:
    return max(m.get_fill_opacity() for m in mobject.family_members_with_points())


def test_old_caption_leaves_before_the_new_one_arrives(scene):
    assert len(scene.changes) == 2           # intro -> long, long -> end (line 0)
    for anims in scene.changes:
        old = next(a for a in anims if isinstance(a, Vanish))
        new = next(a for a in anims if isinstance(a, Appear))
        seen = []
        for alpha in np.linspace(0, 1, 101):
            old.interpolate(alpha)
            new.interpolate(alpha)
            seen.append((_opacity(old.mobject), _opacity(new.mobject)))
        assert seen[0] == (1, 0) and seen[-1] == (0, 1)
        assert not any(o > 0 and n > 0 for o, n in seen), "both captions visible at once"
        assert any(o == 0 and n == 0 for o, n in seen), "no gap between the two"
