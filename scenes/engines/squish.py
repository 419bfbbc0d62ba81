"""'Tanh squishes values' (article item 5) and its sigmoid twin: a vector travels along
the activation's real curve and leaves squished.

Values come from --values, or the pre-activation of step --step of the trace, or the
article's example [5, 0.1, −0.5]; the outputs are always computed by the numeric core.
The tanh scene of a ReLU RNN (--nonlinearity relu) shows its ReLU instead.

The engine; the stories are tanh.py and sigmoid.py.
"""

import numpy as np
from manim import (
    DOWN,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    MoveAlongPath,
    VGroup,
    VMobject,
)

from cells import InputError
from cells.flow import ACTIVATIONS
from cells.inputs import parse_vector

from scenes.engines.base import IllustratedScene
from scenes.parts.glyphs import ActivationGlyph
from scenes.parts.motion import Appear, Vanish, replace
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.vectors import ValueVector
from scenes.parts.wires import ValueDot, Wire

ARTICLE_VALUES = "5, 0.1, -0.5"
GLYPH_R = 1.75
IN_X, OUT_X, MID_Y = -4.6, 4.6, 0.1


class ActivationSquish(IllustratedScene):
    """Subclasses set `kind` (sigmoid | tanh), the cell and the trace gate to read."""

    kind = "tanh"
    gate = "h"          # which pre-activation of the trace --step reads

    def source(self):
        """(block, x_path, y_path) of the values to show; fills the 'activation' block."""
        p = self.params
        fn = ACTIVATIONS[self.kind]
        if p.values is None and p.step is not None:
            t, gate = self.step_index, self.trace_gate()
            activated = ["steps", t, "gates", gate] if gate in self.data["steps"][t]["gates"] \
                else ["steps", t, "h"]      # the RNN's tanh output is h itself
            return "trace", ["steps", t, "pre", gate], activated
        x = parse_vector("--values", p.values if p.values is not None else ARTICLE_VALUES)
        if len(x) > 64:
            raise InputError("--values", f"has {len(x)} values; at most 64 can be drawn")
        self.blocks["activation"] = {"fn": self.kind, "x": x.tolist(), "y": fn(x).tolist()}
        return "activation", ["x"], ["y"]

    def trace_gate(self) -> str:
        return self.gate

    def construct(self):
        th, lang = self.theme, self.params.lang
        self.trace  # noqa: B018  (data for manifests, and validates the input)
        block, x_path, y_path = self.source()
        title = self.title_block(self.run_note(self.step_index, verdict=False)   # the step's word
                                 if block == "trace" else None)
        self.title = title
        glyph = ActivationGlyph(self.kind, th, radius=GLYPH_R, curve_width=6).move_to([0, MID_Y, 0])
        self.blocks["curve"] = {"lo": glyph.lo, "hi": glyph.hi}     # the curve's ends, written on it
        w_in = Wire([(IN_X + 0.7, MID_Y), (-GLYPH_R, MID_Y)], th, src="input", dst=self.kind,
                    quantity="x")
        w_out = Wire([(GLYPH_R, MID_Y), (OUT_X - 0.7, MID_Y)], th, src=self.kind, dst="output",
                     quantity="y")
        lo, hi = (self.num([k], "curve end", "curve", style="plain") for k in ("lo", "hi"))
        # the curve's ends are written clear of a value dot that stops there (x beyond ±4)
        ticks = VGroup(*[cached_text(s, font=th.mono, font_size=SIZES.number, color=th.curve)
                         .next_to(glyph.point_for(x), side, buff=SIZES.dot_r + 0.08)
                         for s, x, side in ((lo, -4, DOWN), (hi, 4, UP))])
        self.add(title)
        self.play(GrowFromCenter(glyph), Create(VGroup(w_in, w_out)), FadeIn(ticks),
                  run_time=TIMING.fade * 2)

        # 1. the vector arrives
        self.section("input", self.input_caption(block))
        x_texts, more = self.nums(x_path, "x", block)
        v_in = ValueVector(x_texts, th, more, lang, label=self.say("in_values"))
        v_in.move_to([IN_X, MID_Y, 0])
        self.play(Appear(v_in), run_time=TIMING.fade)

        # 2. each value follows the curve
        self.section("curve", self.say(f"cap_{self.kind}_curve"))
        data = self.data if block == "trace" else self.blocks[block]
        xs = np.array(self._get(data, x_path), dtype=float)
        y_texts, _ = self.nums(y_path, "y", block)
        out_slots = ValueVector(y_texts, th, more, lang, label=self.say("out_values"))
        out_slots.move_to([OUT_X, MID_Y, 0])
        self.play(Appear(out_slots.boxes), Appear(out_slots.label), run_time=TIMING.fade / 2)
        for j, text in enumerate(x_texts):
            dot = ValueDot(text, th, number=True).move_to(v_in.numbers[j])
            start = glyph.point_for(0.0)
            path = VMobject().set_points_smoothly(
                [glyph.point_for(v) for v in np.linspace(0.0, np.clip(xs[j], -4, 4), 24)])
            self.play(dot.animate.move_to(start), run_time=TIMING.fade)
            self.play(MoveAlongPath(dot, path), run_time=TIMING.squash * 0.7)
            guide = DashedLine(dot.get_center(), [GLYPH_R * 0.95, dot.get_center()[1], 0],
                               color=th.curve, stroke_width=2).set_z_index(-1)   # under the dot
            out_dot = ValueDot(y_texts[j], th, number=True).move_to(dot)
            # the value changes old out, new in: digits never morph into each other
            self.play(Create(guide), *replace(dot, out_dot), run_time=TIMING.fade)
            dot = out_dot
            self.play(dot.animate.move_to(out_slots.numbers[j]), FadeOut(guide),
                      run_time=TIMING.fade * 1.4)
            marker = Dot(glyph.point_for(np.clip(xs[j], -4, 4)), radius=0.07, color=th.dot_fill)
            self.play(Appear(out_slots.numbers[j]), Vanish(dot), Appear(marker),
                      run_time=TIMING.fade / 2)
        if out_slots.more is not None:
            self.play(Appear(out_slots.more), run_time=TIMING.fade / 2)

        # 3. the squished vector
        self.section("output", self.say(f"cap_{self.kind}_out"))
        self.wait(TIMING.read)

    @staticmethod
    def _get(data, path):
        for k in path:
            data = data[k]
        return data[: len(data)]

    def gate_label(self) -> str:
        return "W·[h_{t−1}, x_t] + b"

    def input_caption(self, block: str) -> str:
        if block == "trace":
            t = self.step_index
            return self.say("cap_squash_in_step", t=self.step_no(t), word=self.word(t),
                            what=self.gate_label(), fn=self.say(self.kind))
        return self.say(f"cap_{self.kind}_in")
