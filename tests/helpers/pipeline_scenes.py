"""Tiny scenes for the render-pipeline tests: a second or two of video, two sections.

The pipeline does not care what is drawn, only that a scene plays, names sections,
writes its manifest, and sometimes fails or gets interrupted.
"""

import time

from manim import RIGHT, Circle, FadeIn, Text, ValueTracker

from scenes.engines.base import IllustratedScene
from scenes.registry import SceneInfo


class Tiny(IllustratedScene):
    scene_id = "tiny"
    cell = "rnn"

    def construct(self):
        self.section("first", "A circle appears")
        c = Circle(radius=1.2, color=self.theme.tanh, fill_opacity=1)
        self.play(FadeIn(c), run_time=0.5)
        self.section("second step", "It moves")
        h = self.num(["steps", self.step_index, "h", 0], label="h_t")
        self.play(c.animate.shift(2 * RIGHT),
                  FadeIn(Text(h, color=self.theme.text)), run_time=0.5)


class Crashing(Tiny):
    """Fails after its first section has been encoded."""

    def construct(self):
        self.section("first", "A circle appears")
        self.play(FadeIn(Circle()), run_time=0.3)
        raise RuntimeError("boom")


class Slow(Tiny):
    """Ten seconds of real frames (an updater defeats frozen-frame shortcuts), drawn slowly."""

    def construct(self):
        self.section("only", "Slow")
        tracker = ValueTracker(0)
        c = Circle().add_updater(lambda m: (time.sleep(0.02), m.set_x(tracker.get_value())))
        self.add(c)
        self.play(tracker.animate.set_value(3), run_time=10)


def info(cls) -> SceneInfo:
    return SceneInfo(cls.scene_id + "-" + cls.__name__.lower(), "rnn", "title_rnn_cell",
                     "test scene", f"tests.helpers.pipeline_scenes:{cls.__name__}")
