"""The RNN cell (article item 4): [h_{t-1}, x_t] -> tanh -> h_t with the real numbers of one step;
a ReLU RNN (nn.RNN(nonlinearity='relu')) is drawn with its ReLU, from the trace's flow."""

from manim import (DOWN, LEFT, RIGHT, UP, Create, FadeIn, GrowFromCenter, Line,
                   MoveAlongPath, ReplacementTransform, RoundedRectangle, VGroup, config)

from cells.flow import trace_flow

from scenes.engines.base import IllustratedScene
from scenes.parts.glyphs import ActivationGlyph
from scenes.parts.motion import Appear, Vanish
from scenes.parts.legend import Legend
from scenes.parts.theme import TIMING
from scenes.parts.wires import ValueDot, Wire

# Layout in scene units (frame 14.2 x 8): the cell left of centre, the legend top right.
CELL_CENTER, CELL_W, CELL_H = (-2.1, 0.5), 5.4, 3.7
JUNCTION = (-3.8, -0.6)
TANH_AT, TANH_R = (-0.4, 1.0), 0.5
H_IN, X_IN, H_OUT = (-6.9, -0.6), (-3.8, -3.15), (2.4, 1.0)
H_START = -6.4                 # where the h_{t-1} dot sets off: inside the frame's safe area
MEET = 0.3                     # the input dots stop this far short of the junction, side by side
CONCAT_BOTTOM = (-2.2, -0.42)  # bottom centre of the [h_{t-1}, x_t] column
COLUMN_H, X_H = 3.1, 2.3       # the most a vector over a wire (under the subtitle) and x_t may take


class RNNCell(IllustratedScene):
    scene_id = "rnn-cell"
    cell = "rnn"

    def construct(self):
        th, t, lang = self.theme, self.step_index, self.params.lang
        concat, layer = trace_flow(self.trace)
        fn = self.say(layer.kind)
        title = self.title_block(self.run_note())
        box = RoundedRectangle(width=CELL_W, height=CELL_H, corner_radius=0.4,
                               fill_color=th.cell_fill, fill_opacity=1,
                               stroke_color=th.cell_stroke, stroke_width=4).move_to([*CELL_CENTER, 0])
        tanh = ActivationGlyph(layer.kind, th, radius=TANH_R).move_to([*TANH_AT, 0])
        w_h = Wire([H_IN, JUNCTION], th, arrow=False, src="input", dst=concat.name,
                   quantity=concat.inputs[0])
        w_x = Wire([X_IN, JUNCTION], th, arrow=False, src="input", dst=concat.name,
                   quantity=concat.inputs[1])
        w_hx = Wire([JUNCTION, (TANH_AT[0], JUNCTION[1]), (TANH_AT[0], TANH_AT[1] - TANH_R)], th,
                    src=concat.name, dst=layer.name, quantity=layer.inputs[0])
        w_out = Wire([(TANH_AT[0] + TANH_R, TANH_AT[1]), H_OUT], th, src=layer.name,
                     dst="output", quantity=layer.output)
        self.wires = [w_h, w_x, w_hx, w_out]
        self.legend = Legend(th, lang, anchor=[config.frame_width / 2 - 4.25, 2.6, 0])
        self.add(title)
        self.play(FadeIn(box), Create(VGroup(*self.wires)), GrowFromCenter(tanh),
                  run_time=TIMING.fade * 2)

        # 1. the inputs arrive
        self.section("inputs", self.say("cap_rnn_inputs", t=self.step_no(t), word=self.word(t)))
        v_h = self.fitted_vector(["steps", t, "h_prev"], "h_{t-1}", 1.6, COLUMN_H)
        v_h.next_to([H_START - 0.2, H_IN[1] + 0.2, 0], UP + RIGHT, buff=0)
        v_x = self.fitted_vector(["steps", t, "x"], "x_t", 1.6, X_H)
        v_x.next_to([X_IN[0] + 0.25, X_IN[1], 0], UP + RIGHT, buff=0)
        d_h = ValueDot("h_{t-1}", th).move_to([H_START, H_IN[1], 0])
        d_x = ValueDot("x_t", th).move_to(w_x.start)
        h_to = Line(d_h.get_center(), [JUNCTION[0] - MEET - d_h.width / 2, JUNCTION[1], 0])
        x_to = Line(d_x.get_center(), [JUNCTION[0], JUNCTION[1] - MEET - d_x.height / 2, 0])
        self.play(Appear(v_h), Appear(v_x), Appear(d_h), Appear(d_x),
                  self.legend.add_entries("prev_hidden", "input"), run_time=TIMING.fade)
        self.play(MoveAlongPath(d_h, h_to), MoveAlongPath(d_x, x_to), run_time=TIMING.move)

        # 2. concatenation: the two vectors become one
        self.section("concat", self.say("cap_rnn_concat"))
        d_hx = ValueDot("[h_{t-1}, x_t]", th).move_to([*JUNCTION, 0])
        v_hx = self.fitted_vector(["steps", t, "h_prev"], ("h_{t-1}", "x_t"), 1.6, COLUMN_H, ["steps", t, "x"],
                                  title=None)
        v_hx.next_to([*CONCAT_BOTTOM, 0], UP, buff=0)
        self.play(Appear(d_hx), Vanish(d_h), Vanish(d_x),
                  ReplacementTransform(VGroup(v_h.copy(), v_x.copy()), v_hx),
                  self.legend.add_entries("concat"), run_time=TIMING.move)

        # 3. a weight layer, then tanh
        pre = self.vec_text(["steps", t, "pre", "h"], "W[h,x]+b")
        self.section("tanh", self.say("cap_rnn_tanh", pre=pre, fn=fn))
        v_pre = self.fitted_vector(["steps", t, "pre", "h"], "W[h,x]+b", 1.6, COLUMN_H,
                                   title=self.say("label_pre"))
        v_pre.next_to([*CONCAT_BOTTOM, 0], UP, buff=0)
        self.play(MoveAlongPath(d_hx, w_hx.path()), ReplacementTransform(v_hx, v_pre),
                  self.legend.add_entries(layer.kind), run_time=TIMING.move)
        self.remove(d_hx)

        # 4. the new hidden state leaves
        self.section("output", self.say("cap_rnn_out", h=self.vec_text(["steps", t, "h"], "h_t"), fn=fn))
        d_out = ValueDot("h_t", th).move_to(w_out.start)
        v_out = self.fitted_vector(["steps", t, "h"], "h_t", 1.6, COLUMN_H)
        v_out.next_to([H_OUT[0] - 0.3, H_OUT[1] - 0.35, 0], DOWN + LEFT, buff=0)
        self.play(Appear(d_out), run_time=TIMING.fade / 2)
        self.play(MoveAlongPath(d_out, w_out.path()), self.legend.add_entries("new_hidden"),
                  run_time=TIMING.move)
        self.play(Appear(v_out), run_time=TIMING.fade)
        self.wait(TIMING.read)
