"""'Passing hidden state to next time step' (article item 3): h_t leaves a cell with its
real values and enters the next as h_{t-1}; two cells from --step, or --window N (up to 4).
"""

from manim import DOWN, LEFT, UP

from cells import InputError

from scenes.engines.cell_row import CellRowScene
from scenes.parts.cell_diagram import MERGE_GAP
from scenes.parts.motion import Appear, Glide, merge_into
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.wires import ARROW_TIP, ValueDot, Wire

HIDDEN_WINDOW, HIDDEN_MAX = 2, 4     # cells shown by default, and at most
WORD_H = 0.5                         # room for a token under its input vector
H_FIT = 1.95         # height of an h vector over the wire: clear of the subtitle


class HiddenState(CellRowScene):
    scene_id = "hidden-state"
    cell = "rnn"

    CELL_Y = 0.5

    def construct(self):
        th, p = self.theme, self.params
        T = self.trace.steps
        n = p.window if p.window is not None else HIDDEN_WINDOW
        if n > HIDDEN_MAX:
            raise InputError("--window", f"is {n}; hidden-state shows at most {HIDDEN_MAX} cells "
                                         "(the sequence scene shows longer chains)")
        if T < 2:
            raise InputError("--input", "hidden-state needs at least 2 steps to pass the hidden state on")
        n = min(n, T)
        start = 0 if p.step is None else self.step_index
        start = min(start, T - n)
        gap = self.GAP = 2.0 if n <= 2 else 1.6
        cw = min(3.0, (13.4 - (n + 1) * gap) / n)
        ch = min(2.0, cw * 0.85)
        left = -(n * cw + (n + 1) * self.GAP) / 2
        gap_x = [left + k * (cw + self.GAP) + self.GAP / 2 for k in range(n + 1)]
        cell_x = [left + self.GAP + k * (cw + self.GAP) + cw / 2 for k in range(n)]
        y = self.CELL_Y

        title = self.title_block(self.run_note(verdict=False))
        blocks = [self.block(cw, ch).move_to([cx, y, 0]) for cx in cell_x]
        ends = [gap_x[0] - self.GAP / 2 + 0.1] + [c + cw / 2 for c in cell_x]
        heads = [c - cw / 2 for c in cell_x] + [gap_x[n] + self.GAP / 2 - 0.1]
        wires = [Wire([(a, y), (b, y)], th, src="prev" if k == 0 else f"cell{k - 1}",
                      dst=f"cell{k}" if k < n else "next", quantity="h")
                 for k, (a, b) in enumerate(zip(ends, heads))]
        fit = self.GAP - 0.2
        xs, words = [], []
        for k in range(n):
            t = start + k
            v = self.vector(["steps", t, "x"], f"x_{self.pos(t)}", min(fit, cw),
                            2.1 - (WORD_H if self.trace.tokens else 0))
            v.next_to([cell_x[k], y - ch / 2 - 0.5, 0], DOWN, buff=0)
            xs.append(v)
            if self.trace.tokens:            # each cell's word stays named under its input
                word = cached_text(self.token(t), font=th.font, font_size=SIZES.label, color=th.text)
                if word.width > cw:
                    word.scale_to_fit_width(cw)
                words.append(word.next_to(v, DOWN, buff=0.1))
        h_first = f"h_{self.prev_pos(start)}"
        h_fit = min(H_FIT, self.title_bottom - 0.12 - (y + 0.38))       # under a larger title too
        h_prev = self.vector(["steps", start, "h_prev"], h_first, fit, h_fit)
        h_prev.next_to([gap_x[0], y + 0.38, 0], UP, buff=0)
        self.add(title)
        self.play(*[Appear(b) for b in blocks], *[Appear(w) for w in wires],
                  *[Appear(v) for v in xs + words], Appear(h_prev), run_time=TIMING.fade * 2)

        dot_h = ValueDot(h_first, th).move_to([gap_x[0], y, 0])
        self.play(Appear(dot_h), run_time=TIMING.fade / 2)
        for k in range(n):
            t = start + k
            centre = blocks[k].glyph.get_center()
            x_name, h_name, h_prev_name = f"x_{self.pos(t)}", f"h_{self.pos(t)}", f"h_{self.prev_pos(t)}"
            self.section(f"step-{t + 1}", self.say("cap_hid_cell", t=self.step_no(t), word=self.word(t),
                                                   x=x_name, h=h_prev_name))
            dot_x = ValueDot(x_name, th).next_to(xs[k].label or xs[k], LEFT, buff=0.1,  # beside its label
                                                 aligned_edge=DOWN)
            self.play(Appear(dot_x), run_time=TIMING.fade / 2)
            # both halt beside the cell's tanh, h from the left, x from below, then merge into it
            g = blocks[k].glyph
            stops = (centre + LEFT * (g.width / 2 + dot_h.width / 2 + MERGE_GAP),
                     centre + DOWN * (g.height / 2 + dot_x.height / 2 + MERGE_GAP))
            self.play(*[Glide(d, s - d.get_center()) for d, s in zip((dot_h, dot_x), stops)],
                      run_time=TIMING.move)
            self.play(*[a for d, s in zip((dot_h, dot_x), stops)
                        for a in merge_into(d, s, centre)], run_time=TIMING.fade / 2)

            vec = self.vec_text(["steps", t, "h"], h_name)
            self.section(f"out-{t + 1}", self.say("cap_hid_out", h=h_name, vec=vec))
            dot_h = ValueDot(h_name, th).move_to(centre)
            h_vec = self.vector(["steps", t, "h"], h_name, fit, h_fit)
            h_vec.next_to([gap_x[k + 1], y + 0.38, 0], UP, buff=0)
            self.play(Appear(dot_h), run_time=TIMING.fade / 2)
            self.play(Glide(dot_h, [gap_x[k + 1] - centre[0], 0, 0]), run_time=TIMING.move)
            self.play(Appear(h_vec), run_time=TIMING.fade)
            if k + 1 < n:
                self.section(f"pass-{t + 1}", self.say("cap_hid_pass", h=h_name))
                # it waits at the next cell's door, short of the wire's arrow head and border
                door = cell_x[k + 1] - cw / 2 - dot_h.width / 2 - MERGE_GAP - ARROW_TIP
                self.play(Glide(dot_h, [door - gap_x[k + 1], 0, 0]), run_time=TIMING.move)

        self.section("memory", self.say("cap_hid_memory"))
        self.wait(TIMING.read)
