"""The RNN cell (article item 4): [h_{t-1}, x_t] -> tanh -> h_t with the real numbers of one step;
a ReLU RNN (nn.RNN(nonlinearity='relu')) is drawn with its ReLU, from the trace's flow."""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, GrowFromCenter, RoundedRectangle, VGroup, config

from cells.flow import trace_flow

from scenes.engines.base import IllustratedScene
from scenes.parts.glyphs import ActivationGlyph
from scenes.parts.motion import Appear, Glide, Travel, Vanish, first_half, fresh_copy, second_half
from scenes.parts.legend import Legend
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.vectors import ValueVector
from scenes.parts.wires import ValueDot, Wire, box_at

# Layout in scene units (frame 14.2 x 8): the cell left of centre, the legend top right.
CELL_CENTER, CELL_W, CELL_H = (-2.1, 0.5), 5.4, 3.7
JUNCTION = (-3.8, -0.6)
TANH_AT, TANH_R = (-0.4, 1.0), 0.5
H_IN, X_IN, H_OUT = (-6.9, -0.6), (-3.8, -3.15), (2.4, 1.0)
CONCAT_BOTTOM = (-2.2, -0.42)  # bottom centre of the [h_{t-1}, x_t] column
LEGEND_X = config.frame_width / 2 - 3.95   # the legend's left edge where it fits
PAIR_H = 3.0                   # the most a vector over the wires may take: under the subtitle


class RNNCell(IllustratedScene):
    one_line_captions = True    # its input vector reaches down to the caption
    scene_id = "rnn-cell"
    cell = "rnn"

    def construct(self):
        th, t, lang = self.theme, self.step_index, self.params.lang
        concat, layer = trace_flow(self.trace)
        fn = self.say(layer.kind)
        title = self.title_block(self.run_note(t))   # the step and its word, in every frame
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
        self.legend = self.make_legend(layer.kind)
        self.add(title)
        self.play(FadeIn(box), Create(VGroup(*self.wires)), GrowFromCenter(tanh),
                  run_time=TIMING.fade * 2)

        # 1. the inputs arrive
        self.section("inputs", self.say("cap_rnn_inputs", t=self.step_no(t), word=self.word(t)))
        # as many of h's entries as let the joined [h, x] fit over the wire at a readable size
        h_path, x_path = ["steps", t, "h_prev"], ["steps", t, "x"]
        entries, width, fit = self.column_fit([h_path, x_path], 1.6, PAIR_H)
        n_x = sum(p == x_path for p, _ in entries)
        n_h = max(1, fit.shown - n_x)
        h_texts = [self.num(h_path + [j], "h_{t-1}") for j in range(n_h)]
        x_texts = [self.num(x_path + [j], "x_t") for j in range(n_x)]
        h_more, x_more = self.trace.hidden_size - n_h, self.trace.input_size - n_x
        v_h = ValueVector(h_texts, th, h_more, lang, label="h_{t-1}", box_w=width, scale=fit.scale)
        v_h.next_to([H_IN[0] + 0.25, H_IN[1] + 0.2, 0], UP + RIGHT, buff=0)
        v_x = ValueVector(x_texts, th, x_more, lang, label="x_t", box_w=width, scale=fit.scale)
        v_x.next_to([X_IN[0] + 0.25, X_IN[1], 0], UP + RIGHT, buff=0)
        junction = np.array([*JUNCTION, 0.0])
        taken = [box_at(junction, Dot(radius=0))]
        d_h, d_x = ValueDot("h_{t-1}", th), ValueDot("x_t", th)
        r_h = w_h.route(d_h, taken)                    # the two halt side by side, not stacked
        r_x = w_x.route(d_x, taken + [box_at(r_h.get_end(), d_h)])
        d_h.move_to(r_h.get_start())
        d_x.move_to(r_x.get_start())
        self.play(Appear(v_h), Appear(v_x), Appear(d_h), Appear(d_x),
                  self.legend.add_entries("prev_hidden", "input"), run_time=TIMING.fade)
        self.play(Travel(d_h, r_h), Travel(d_x, r_x), run_time=TIMING.move)

        # 2. concatenation: the two dots merge, and the two vectors' values move into one
        self.section("concat", self.say("cap_rnn_concat"))
        d_hx = ValueDot("[h_{t-1}, x_t]", th).move_to(junction)
        v_hx = ValueVector(h_texts + x_texts, th, h_more + x_more, lang, box_w=width, scale=fit.scale)
        v_hx.next_to([*CONCAT_BOTTOM, 0], UP, buff=0)
        movers, moves = [], []
        for v, first in ((v_h, 0), (v_x, len(h_texts))):
            piece = fresh_copy(VGroup(v.boxes, v.numbers))
            goal = v_hx.boxes[first:first + len(v.boxes)]
            movers.append(piece)
            moves.append(Glide(piece, VGroup(*goal).get_center() - piece.get_center()))
        self.add(*movers)
        self.play(Appear(d_hx), *[m for d in (d_h, d_x) for m in (Glide(d, junction - d.get_center(), 0.5),
                                                                    Vanish(d))],
                  *moves, self.legend.add_entries("concat"), run_time=TIMING.move)
        self.remove(*movers)
        self.add(v_hx)

        # 3. a weight layer, then tanh: the pair goes out before the product comes in
        pre = self.vec_text(["steps", t, "pre", "h"], "W[h,x]+b")
        self.section("tanh", self.say("cap_rnn_tanh", pre=pre, fn=fn))
        v_pre = self.fitted_vector(["steps", t, "pre", "h"], "W[h,x]+b", 1.6, PAIR_H, title=self.say("label_pre"))
        v_pre.next_to([*CONCAT_BOTTOM, 0], UP, buff=0)
        self.play(Travel(d_hx, w_hx.path()), Vanish(v_hx, rate_func=first_half),
                  Appear(v_pre, rate_func=second_half), self.legend.add_entries(layer.kind),
                  run_time=TIMING.move)
        self.remove(d_hx)

        # 4. the new hidden state leaves
        self.section("output", self.say("cap_rnn_out", h=self.vec_text(["steps", t, "h"], "h_t"), fn=fn))
        d_out = ValueDot("h_t", th).move_to(w_out.start)
        v_out = self.fitted_vector(["steps", t, "h"], "h_t", 1.6, PAIR_H)
        v_out.next_to([H_OUT[0] - 0.3, H_OUT[1] - 0.35, 0], DOWN + LEFT, buff=0)
        self.play(Appear(d_out), run_time=TIMING.fade / 2)
        self.play(Travel(d_out, w_out.path()), self.legend.add_entries("new_hidden"),
                  run_time=TIMING.move)
        self.play(Appear(v_out), run_time=TIMING.fade)
        self.wait(TIMING.read)

    def make_legend(self, kind: str) -> Legend:
        """The legend top right: as far right as its longest entry allows, never left of
        where h_t's dot ends (scaled down only when it cannot fit even there)."""
        keys = ("prev_hidden", "input", "concat", kind, "new_hidden")
        probe = Legend(self.theme, self.params.lang, anchor=[0, 0, 0], keys=keys)
        x = max(H_OUT[0] + SIZES.dot_r + 0.1, min(LEGEND_X, probe.safe_right() - probe.width(keys)))
        return Legend(self.theme, self.params.lang, anchor=[x, 2.6, 0], keys=keys)
