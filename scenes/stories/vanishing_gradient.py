"""Vanishing gradient (article item 8): |dL/dh_t| of every step by back-propagation
through time, on a log scale, for an RNN, then an LSTM and a GRU of the same size and input.

With --model the trained models of that model's task are shown (memory: RNN, LSTM and GRU;
review: LSTM and GRU) on the same input, its card's unless given. Whatever the gradients
are is what is shown: each cell's caption says how much smaller (or larger) |dL/dh_1| is
than |dL/dh_T| (`trend`), from the numbers drawn.
"""

import math
from dataclasses import replace

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    AnimationGroup,
    GrowFromEdge,
    Line,
    Rectangle,
    RoundedRectangle,
    Succession,
    VGroup,
)

from cells import InputError, make_weights, zoo
from cells.zoo_options import with_card_input

from scenes.engines.about_run import cell_name
from scenes.engines.gradients import GradientScene
from scenes.parts.fit import safe_width
from scenes.parts.labels import rich
from scenes.parts.motion import Appear, Glide, Vanish
from scenes.parts.text import cached_markup, cached_text
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.wires import ValueDot, Wire


CELLS = ("rnn", "lstm", "gru")
HOLDS = 10.0       # |dL/dh_1| within this factor of |dL/dh_T| neither vanishes nor explodes


def trend(first: float, last: float) -> dict:
    """How |dL/dh| at the first step compares with the last: 'shrinks', 'grows' or 'holds'
    (within a factor of HOLDS), and by what factor."""
    factor = last / first if first > 0 else math.inf
    kind = "holds" if 1 / HOLDS <= factor <= HOLDS else ("shrinks" if factor > HOLDS else "grows")
    return {"first": first, "last": last, "kind": kind,
            "factor": factor if kind == "shrinks" else first / last}


def trained_models(name: str) -> dict:
    """cell -> the shipped model of the same task as `name` (memory-lstm: memory-rnn, ...)."""
    task = zoo.card(name)["task"]
    return {c: f"{task}-{c}" for c in CELLS if f"{task}-{c}" in zoo.names()}


class VanishingGradient(GradientScene):
    one_line_captions = True    # its step numbers sit just above the caption
    scene_id = "vanishing-gradient"
    MAX_STEPS = 40
    X0, X1, BASE_Y, CHAIN_Y, BAR_H = -5.9, 5.2, -1.95, -2.45, 3.75

    def run_of(self, cell: str):
        """The run of one cell's bars: the same input for every cell; with --model, the
        trained model of that task for the cell; --nonlinearity is the RNN's alone."""
        run = self.run_options()
        if run.model:
            run = replace(with_card_input(run), model=trained_models(run.model)[cell])
        if cell != "rnn":
            run = replace(run, nonlinearity=None)
        return run.with_cell(cell)

    def shown_cells(self) -> list:
        """rnn, lstm, gru; with --model the cells the task has a trained model of; with
        --weights only the cells whose weights those are."""
        if self.params.run.model:
            return list(trained_models(self.params.run.model))
        if not self.params.run.weights:
            return list(CELLS)
        ok, first_error = [], None
        for c in ("rnn", "lstm", "gru"):
            try:
                make_weights(self.run_options().with_cell(c))
                ok.append(c)
            except InputError as e:
                first_error = first_error or e
        if not ok:
            raise first_error
        return ok

    def construct(self):
        th = self.theme
        cells = self.shown_cells()
        data, names = {}, {}
        for k, c in enumerate(cells):
            trace, grads = self.grads_for(c)
            names[c] = cell_name(c, trace.nonlinearity)
            if k == 0:
                self.use_trace(trace)
            name = "grads" if k == 0 else f"grads_{c}"
            self.blocks[name] = grads.to_json(step_matrices=False)
            data[c] = (name, np.linalg.norm(grads.dh, axis=1))
        T = self.trace.steps
        if T > self.MAX_STEPS:
            raise InputError("--input", f"has {T} steps; vanishing-gradient draws at most {self.MAX_STEPS}")
        norms = np.concatenate([n for _, n in data.values()])
        pos = norms[norms > 0]
        lo = math.floor(math.log10(pos.min())) if pos.size else -1
        hi = max(lo + 1, math.ceil(math.log10(pos.max())) if pos.size else 0)
        self.lo, self.hi = lo, hi
        slot = (self.X1 - self.X0) / T
        self.slot = slot
        colours = {"rnn": th.tanh, "lstm": th.sigmoid, "gru": th.highlight}
        sub_w = slot * (0.26 if len(cells) > 1 else 0.6)
        offsets = {c: (k - (len(cells) - 1) / 2) * slot * 0.28 for k, c in enumerate(cells)}

        title = self.title_block(self.weights_phrase())
        side = min(0.5, slot * 0.72)
        xs = [self.X0 + slot * (t + 0.5) for t in range(T)]
        blocks = [RoundedRectangle(width=side, height=side, corner_radius=side * 0.2, fill_color=th.cell_fill,
                                   fill_opacity=1, stroke_color=th.cell_stroke, stroke_width=2)
                  .move_to([x, self.CHAIN_Y, 0]) for x in xs]
        links = [Line([xs[t] + side / 2, self.CHAIN_Y, 0], [xs[t + 1] - side / 2, self.CHAIN_Y, 0],
                      stroke_color=th.wire, stroke_width=2) for t in range(T - 1)]
        loss_text = cached_text(self.say("vg_loss"), font=th.font, font_size=SIZES.legend, color=th.text)
        loss_box = RoundedRectangle(width=max(1.1, loss_text.width + 0.2), height=0.7, corner_radius=0.12,
                                    fill_color=th.card_fill, fill_opacity=1, stroke_color=th.card_stroke,
                                    stroke_width=2)                 # as wide as its word ('veszteség')
        loss_box.move_to([min(self.X1 + 0.95, safe_width() / 2 - loss_box.width / 2), self.CHAIN_Y, 0])
        loss_text.move_to(loss_box)
        to_loss = Wire([(xs[-1] + side / 2, self.CHAIN_Y), (loss_box.get_left()[0], self.CHAIN_Y)], th,
                       src=f"cell{T - 1}", dst="loss", quantity="h")
        axis = self.axis()
        step_marks = VGroup(*[cached_text(str(t + 1), font=th.font, font_size=SIZES.tick, color=th.muted)
                              .move_to([xs[t], self.CHAIN_Y - side / 2 - 0.16, 0]) for t in range(T)])
        self.add(title)
        self.play(*[Appear(b) for b in blocks], *[Appear(m) for m in links], Appear(to_loss),
                  Appear(loss_box), Appear(loss_text), Appear(step_marks), run_time=TIMING.fade * 2)

        # 1. forward: the sequence is read, the loss looks at h_T
        first = cells[0]
        loss = self.num(["loss_value"], "L", "grads")
        key = "cap_vg_forward_mse" if self.params.loss == "mse" else "cap_vg_forward_sum"
        self.section("forward", self.say(key, cell=names[first], T=T, L=loss))
        dot = ValueDot("h", th, radius=0.16).move_to([xs[0] - slot / 2, self.CHAIN_Y, 0])
        self.play(Appear(dot), run_time=TIMING.fade / 2)
        self.play(Glide(dot, [loss_box.get_left()[0] - dot.get_center()[0], 0, 0]), run_time=TIMING.move * 1.5)
        self.play(Vanish(dot), run_time=TIMING.fade / 2)

        # 2. backward through time, one cell type after the other
        self.section("backward", self.say("cap_vg_back"))
        self.play(Appear(axis), run_time=TIMING.fade)
        previous, results = None, {}
        tops = np.zeros(T)                       # highest bar drawn so far at each step
        # the legend sits over the steps whose bars (and labels) stay lowest, left or right
        peak = np.max([[self.height(float(v)) for v in data[c][1]] for c in cells], axis=0)
        legend = self.legend({c: colours[c] for c in cells}, names, xs, peak) if len(cells) > 1 else None
        for k, c in enumerate(cells):
            name, n = data[c]
            tops = np.maximum(tops, [self.height(float(v)) for v in n])
            bars, labels = self.bars(c, name, n, xs, offsets[c], sub_w, colours[c], tops)
            results[c] = (labels.texts[T - 1], labels.texts[0])
            caption = self.say("cap_vg_result", cell=names[c], a=results[c][0], b=results[c][1],
                               trend=self.trend_text(c, n))
            if k > 0:
                self.section(c, caption)
            if previous is not None:
                self.play(Vanish(previous), run_time=TIMING.fade / 2)
            grad = ValueDot("∂L/∂h", th, radius=0.16)
            grad.move_to(loss_box.get_left() + LEFT * (grad.width / 2 + 0.05))
            key = [Appear(legend[k])] if legend else []          # with the first of its bars
            self.play(Appear(grad), *key, run_time=TIMING.fade / 2)
            x_from, s_from, steps = grad.get_center()[0], 1.0, []
            for t in range(T - 1, -1, -1):     # one play: Manim's per-play overhead adds up
                s_to = self.dot_scale(n[t])
                steps.append(AnimationGroup(Glide(grad, [xs[t] - x_from, 0, 0], scale=s_to / s_from),
                                            GrowFromEdge(bars[t], DOWN), Appear(labels[t])))
                x_from, s_from = xs[t], s_to
            self.play(Succession(*steps), run_time=TIMING.move * 0.3 * T)
            self.play(Vanish(grad), run_time=TIMING.fade / 2)
            if k == 0:
                self.section(c, caption)
                self.wait(TIMING.pause)
            previous = labels

        # 3. the three side by side
        if len(cells) == 3:
            self.section("compare", self.say("cap_vg_compare", weights=self.weights_phrase(),
                                             rnn=names["rnn"], r=results["rnn"][1],
                                             l=results["lstm"][1], g=results["gru"][1]))
            self.play(Vanish(previous), run_time=TIMING.fade)
        self.wait(TIMING.read)

    def weights_phrase(self) -> str:
        """Whose weights the bars are: the trained models of a task, yours, or seeded ones."""
        run = self.params.run
        return self.say(f"vg_trained_{zoo.card(run.model)['task']}" if run.model
                        else "vg_yours" if run.weights else "vg_seeded")

    def trend_text(self, cell: str, norms) -> str:
        """'4.65e6 times smaller at the first step' (or larger, or within a factor of 10)."""
        self.blocks.setdefault("trend", {})[cell] = tr = trend(float(norms[0]), float(norms[-1]))
        if tr["kind"] == "holds":
            self.blocks["trend_limit"] = {"holds": HOLDS}
            return self.say("vg_holds", k=self.num(["holds"], "factor", "trend_limit", style="plain"))
        return self.say(f"vg_{tr['kind']}", k=self.num([cell, "factor"], f"{cell} factor", "trend",
                                                       style="sci"))

    def height(self, value: float) -> float:
        if value <= 0:
            return 0.0
        frac = (math.log10(value) - self.lo) / (self.hi - self.lo)
        return max(0.0, frac) * self.BAR_H

    def dot_scale(self, value: float) -> float:
        return 0.45 + 0.55 * self.height(value) / self.BAR_H

    def bars(self, cell, block, norms, xs, offset, width, colour, tops):
        """A bar per step (log scale) and its rotated |dL/dh_t| label above the highest bar."""
        th = self.theme
        bars, labels = [], VGroup()
        labels.texts = []
        for t, v in enumerate(norms):
            h = max(self.height(float(v)), 0.02)
            bar = Rectangle(width=width, height=h, stroke_width=0, fill_color=colour, fill_opacity=1)
            bar.move_to([xs[t] + offset, self.BASE_Y + h / 2, 0])
            bars.append(bar)
            text = self.num(["steps", t, "dh_norm"], f"|dL/dh_{t + 1}| {cell}", block, style="sci")
            lab = cached_text(text, font=th.mono, font_size=SIZES.tick, color=th.text).rotate(PI / 2)
            lab.next_to([xs[t], self.BASE_Y + tops[t], 0], UP, buff=0.08)
            labels.add(lab)
            labels.texts.append(text)
        return bars, labels

    def axis(self) -> VGroup:
        th = self.theme
        x = self.X0 - 0.08
        top = self.BASE_Y + self.BAR_H
        g = VGroup(Line([x, self.BASE_Y, 0], [x, top, 0], stroke_color=th.wire, stroke_width=2))
        step = 1 if self.hi - self.lo <= 8 else 2
        self.blocks["scale"] = {"ticks": [10.0 ** e for e in range(self.lo, self.hi + 1, step)]}
        for k, e in enumerate(range(self.lo, self.hi + 1, step)):
            y = self.BASE_Y + (e - self.lo) / (self.hi - self.lo) * self.BAR_H
            tick = Line([x - 0.08, y, 0], [x, y, 0], stroke_color=th.wire, stroke_width=2)
            text = self.num(["ticks", k], "axis tick", "scale", style="sci", digits=1)
            lab = cached_text(text, font=th.mono, font_size=SIZES.tick, color=th.muted).next_to(tick, LEFT, buff=0.06)
            g.add(tick, lab)
        name = cached_markup(rich(self.say("vg_axis")), font=th.font, font_size=SIZES.legend, color=th.text)
        name.next_to([self.X0 - 0.5, top + 0.1, 0], UP + RIGHT, buff=0)
        g.add(name)
        return g

    def legend(self, colours, names, xs, peak) -> VGroup:
        th = self.theme
        g = VGroup()
        for c, colour in colours.items():
            sw = Rectangle(width=0.3, height=0.2, stroke_width=0, fill_color=colour, fill_opacity=1)
            lab = cached_text(names[c], font=th.font, font_size=SIZES.legend, color=th.text).next_to(sw, RIGHT, buff=0.1)
            g.add(VGroup(sw, lab))
        g.arrange(RIGHT, buff=0.4)
        under = lambda x: max(p for p, at in zip(peak, xs) if abs(at - x) < g.width / 2 + 0.4)  # noqa: E731
        x = min((self.X1 - 1.4, self.X0 + g.width / 2 + 1.3), key=under)     # right of the axis name
        return g.move_to([x, self.BASE_Y + self.BAR_H + 0.35, 0])
