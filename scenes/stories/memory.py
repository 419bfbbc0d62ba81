"""Short-term memory (the article's thesis: RNNs forget over long distances; LSTMs and GRUs
are the solution), put to the test with the three trained memory models.

1. Their held-out accuracy against the distance N between the marked value and the end,
   measured here on fresh sequences (cells/memory_facts.py; the same sequences for the
   three), drawn as three lines. The captions say what the numbers say: whether the RNN
   fades with N is a computed fact (the shipped RNN does not: it latches the sign).
2. One held-out sequence (the memory-lstm card's, or --input: (value, marker) steps): the
   LSTM unit whose input gate opens at the mark, its forget gate through the distractors
   and its cell state to the end; then the RNN's unit that holds the sign, and both
   verdicts. Every number is its trace's.
"""

from dataclasses import replace

import numpy as np
from manim import LEFT, RIGHT, UP, Dot, Line, Rectangle, RoundedRectangle, VGroup, VMobject

from cells import InputError, make_trace, memory_facts, zoo

from scenes.engines.about_run import probability_decimals
from scenes.engines.base import IllustratedScene, lookup
from scenes.parts.heat import heat
from scenes.parts.labels import math_label
from scenes.parts.motion import Appear, Vanish
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, TIMING

CELLS = ("rnn", "lstm", "gru")
NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
LINE_WIDTHS = {"lstm": (9, 0.075), "gru": (3, 0.04), "rnn": (4, 0.045)}   # stroke, dot radius
MAX_STEPS = 16                                  # columns that fit the example table
# the chart
X0, X1, Y0, Y1 = -5.0, 5.6, -2.2, 2.2
# the example table: row -> (y, model, trace quantity)
ROWS = {"x": (1.55, None, "x"), "i": (0.75, "lstm", "i"), "f": (0.15, "lstm", "f"),
        "c": (-0.45, "lstm", "c"), "h": (-1.45, "rnn", "h")}
GROUP_X, ROW_X, TABLE_L, TABLE_R, ROW_H = -6.7, -4.95, -4.75, 6.7, 0.5


def percent(text: str) -> str:
    return f"{text}%"


class Memory(IllustratedScene):
    one_line_captions = True    # its chart's axis label sits just above the caption
    scene_id = "memory"
    cell = "lstm"

    def run_options(self):
        run = self.params.run
        if run.weights or run.model not in (None, "memory-lstm"):
            raise InputError("--weights" if run.weights else "--model",
                             "the memory scene shows the three trained memory models; give your own "
                             "sequence of (value, marker) steps with --input")
        return super().run_options()

    # ---- data -------------------------------------------------------------------------
    def measure(self):
        """Accuracies by N, the example's traces and every fact a caption states."""
        lstm = self.trace
        if lstm.steps > MAX_STEPS:
            raise InputError("--input", f"has {lstm.steps} steps; the memory scene draws at most {MAX_STEPS}")
        self.mark = memory_facts.marked_step(lstm.x)
        self.rnn = make_trace(replace(self.run_options(), cell="rnn", model="memory-rnn"))
        self.blocks["rnn"] = self.rnn.to_json()
        acc = memory_facts.accuracy_by_distance({c: zoo.load(f"memory-{c}").net for c in CELLS})
        acc["facts"] = {c: memory_facts.distance_facts(acc["percent"][c]) for c in CELLS}
        self.blocks["accuracy"] = acc
        self.blocks["units"] = {"lstm": memory_facts.lstm_facts(lstm, self.mark),
                                "rnn": memory_facts.rnn_facts(self.rnn, self.mark)}
        lo = min(50, 10 * int(np.floor(min(min(p) for p in acc["percent"].values()) / 10)))
        self.blocks["chart"] = {"y_ticks": list(range(lo, 101, 10)), "x_ticks": [1, 5, 10, 15, 20],
                                "distance": len(lstm.x) - 1 - self.mark}
        self.lo = lo

    def pct(self, cell: str, key: str) -> str:
        return percent(self.num(["facts", cell, key], f"{NAMES[cell]} accuracy {key}", "accuracy",
                                decimals=1))

    def summary_key(self) -> str:
        """Which of the article's claims the measured accuracies bear out."""
        f = self.blocks["accuracy"]["facts"]
        if f["rnn"]["fades"] and not (f["lstm"]["fades"] or f["gru"]["fades"]):
            return "cap_mem_summary_thesis"
        if f["rnn"]["mean"] < min(f["lstm"]["mean"], f["gru"]["mean"]) - memory_facts.FADES:
            return "cap_mem_summary_less"
        return "cap_mem_summary_equal"

    # ---- the chart --------------------------------------------------------------------
    def x_at(self, n: float) -> float:
        return X0 + (n - 1) / 19 * (X1 - X0)

    def y_at(self, p: float) -> float:
        return Y0 + (p - self.lo) / (100 - self.lo) * (Y1 - Y0)

    def axes(self) -> VGroup:
        th = self.theme
        g = VGroup(Line([X0 - 0.15, Y0, 0], [X1 + 0.15, Y0, 0], stroke_color=th.wire, stroke_width=2),
                   Line([X0 - 0.15, Y0, 0], [X0 - 0.15, Y1 + 0.1, 0], stroke_color=th.wire, stroke_width=2))
        for k, p in enumerate(self.blocks["chart"]["y_ticks"]):
            y = self.y_at(p)
            g.add(Line([X0 - 0.22, y, 0], [X1 + 0.15, y, 0], stroke_color=th.muted, stroke_width=0.6))
            text = percent(self.num(["y_ticks", k], "accuracy tick", "chart", style="plain"))
            g.add(cached_text(text, font=th.mono, font_size=SIZES.tick, color=th.muted)
                  .next_to([X0 - 0.22, y, 0], LEFT, buff=0.08))
            if p == 50:        # what a coin toss gets right
                g.add(cached_text(self.say("mem_chance"), font=th.font, font_size=SIZES.tick, color=th.muted)
                      .next_to([X1 + 0.15, y, 0], UP + LEFT, buff=0.05))
        for k, n in enumerate(self.blocks["chart"]["x_ticks"]):
            text = self.num(["x_ticks", k], "N tick", "chart", style="plain")
            g.add(cached_text(text, font=th.mono, font_size=SIZES.tick, color=th.muted)
                  .move_to([self.x_at(n), Y0 - 0.22, 0]))
        g.add(cached_text(self.say("mem_axis_n"), font=th.font, font_size=SIZES.legend, color=th.text)
              .move_to([(X0 + X1) / 2, Y0 - 0.55, 0]))
        g.add(cached_text(self.say("mem_axis_acc"), font=th.font, font_size=SIZES.legend, color=th.text)
              .next_to([X0 - 0.15, Y1 + 0.1, 0], UP, buff=0.08))
        return g

    def line(self, cell: str, colour) -> VGroup:
        """A model's accuracy by N; drawn first and wider, the LSTM's still shows where the
        GRU's runs on top of it (both near 100%)."""
        pts = [[self.x_at(n), self.y_at(p), 0] for n, p in
               zip(self.blocks["accuracy"]["distances"], self.blocks["accuracy"]["percent"][cell])]
        width, dot = LINE_WIDTHS[cell]
        path = VMobject(stroke_color=colour, stroke_width=width).set_points_as_corners(pts)
        return VGroup(path, *[Dot(p, radius=dot, color=colour) for p in pts])

    def legend(self, colours) -> VGroup:
        """A swatch, the name and the accuracy range over N of each model."""
        th, rows = self.theme, VGroup()
        for c in ("lstm", "gru", "rnn"):
            sw = Rectangle(width=0.32, height=0.16, stroke_width=0, fill_color=colours[c], fill_opacity=1)
            text = self.say("mem_legend", cell=NAMES[c], lo=self.pct(c, "min"), hi=self.pct(c, "max"))
            lab = cached_text(text, font=th.font, font_size=SIZES.legend, color=th.text)
            rows.add(VGroup(sw, lab.next_to(sw, RIGHT, buff=0.12)))
        rows.arrange(UP, buff=0.14, aligned_edge=LEFT)
        return rows.move_to([X0 + 0.25, Y0 + 0.35, 0], aligned_edge=[-1, -1, 0])

    # ---- the example table --------------------------------------------------------------
    def column_x(self, t: int) -> float:
        w = (TABLE_R - TABLE_L) / self.trace.steps
        return TABLE_L + (t + 0.5) * w

    def row(self, key: str) -> VGroup:
        """One row of the table: a heat cell per step with its value (the unit's, for a gate
        or a state; the marked value for x)."""
        th = self.theme
        y, model, q = ROWS[key]
        T, w = self.trace.steps, (TABLE_R - TABLE_L) / self.trace.steps
        block = "rnn" if model == "rnn" else "trace"
        unit = 0 if model is None else self.blocks["units"][model]["unit"] - 1
        path = (lambda t: ["steps", t, "x", 0]) if q == "x" else \
            (lambda t: ["steps", t, q, unit]) if q in ("c", "h") else (lambda t: ["steps", t, "gates", q, unit])
        data = self.blocks["rnn"] if block == "rnn" else self.data
        g = VGroup()
        for t in range(T):
            v = float(lookup(data, path(t)))
            fill, ink = heat(v, 1.0, th)
            box = Rectangle(width=w - 0.04, height=ROW_H, stroke_width=0, fill_color=fill, fill_opacity=1)
            box.move_to([self.column_x(t), y, 0])
            label = f"{NAMES[model] if model else ''} {q}_{self.pos(t)}".strip()
            text = cached_text(self.num(path(t), label, block), font=th.mono,
                               font_size=min(SIZES.number * 0.8, 40 * w), color=ink)
            g.add(box, text.move_to(box))
        name = {"x": "x_t", "i": "i_t", "f": "f_t", "c": "C_t", "h": "h_t"}[key]
        g.add(math_label(name, th.text, SIZES.label * 0.85, th.font)
              .move_to([ROW_X, y, 0], aligned_edge=RIGHT))
        return g

    def group_label(self, model: str, top_row: str) -> VGroup:
        """'LSTM' / 'unit 3' left of its rows, level with the first (shown with it, before
        the rows below)."""
        th = self.theme
        unit = self.num([model, "unit"], f"{NAMES[model]} memory unit", "units", style="plain")
        lab = VGroup(cached_text(NAMES[model], font=th.font, font_size=SIZES.label, color=th.text,
                                 weight="SEMIBOLD"),
                     cached_text(self.say("mem_unit", u=unit), font=th.font, font_size=SIZES.legend,
                                 color=th.text)).arrange(direction=[0, -1, 0], buff=0.06, aligned_edge=LEFT)
        return lab.move_to([GROUP_X, ROWS[top_row][0] + ROW_H / 2, 0], aligned_edge=LEFT + UP)

    def header(self) -> VGroup:
        """Step numbers over the columns, and the mark's column outlined."""
        th = self.theme
        g = VGroup()
        for t in range(self.trace.steps):
            g.add(cached_text(self.step_no(t), font=th.mono, font_size=SIZES.tick, color=th.muted)
                  .move_to([self.column_x(t), 2.05, 0]))
        w = (TABLE_R - TABLE_L) / self.trace.steps
        top, bottom = 2.3, ROWS["h"][0] - 0.3
        ring = RoundedRectangle(width=w + 0.04, height=top - bottom, corner_radius=0.08,
                                stroke_color=th.highlight, stroke_width=4, fill_opacity=0)
        g.add(ring.move_to([self.column_x(self.mark), (top + bottom) / 2, 0]))
        g.add(cached_text(self.say("mem_mark"), font=th.font, font_size=SIZES.legend, color=th.text,
                          weight="SEMIBOLD").next_to(ring, UP, buff=0.06))
        g.add(cached_text(self.say("mem_step"), font=th.font, font_size=SIZES.tick, color=th.muted)
              .move_to([ROW_X, 2.05, 0], aligned_edge=RIGHT))
        return g

    def unit_value(self, model: str, key: str, label: str) -> str:
        """A memory unit's value; a gate near 0 or 1 with the decimals that keep it off 0 and 1
        ('at least 0.995', not '1.00')."""
        v = self.blocks["units"][model][key]
        d = probability_decimals(v, self.params.decimals) if 0 < v < 1 else self.params.decimals
        return self.num([model, key], label, "units", decimals=None if d == self.params.decimals else d)

    # ---- the scene ----------------------------------------------------------------------
    def construct(self):
        th = self.theme
        self.measure()
        acc, units = self.blocks["accuracy"], self.blocks["units"]
        n = self.num(["per_distance"], "sequences per N", "accuracy", style="plain")
        title = self.title_block(self.say("mem_subtitle", n=n))
        self.add(title)
        self.section("thesis", self.say("cap_mem_thesis"))
        self.wait(TIMING.read)

        # 1. accuracy against N
        colours = {"rnn": th.tanh, "lstm": th.sigmoid, "gru": th.highlight}
        axes, legend = self.axes(), self.legend(colours)
        lines = {c: self.line(c, colours[c]) for c in CELLS}
        self.section("accuracy", self.say("cap_mem_accuracy", l=self.pct("lstm", "mean"),
                                          g=self.pct("gru", "mean"), r=self.pct("rnn", "mean")))
        self.play(Appear(axes), run_time=TIMING.fade)
        for c in ("lstm", "gru", "rnn"):
            self.play(Appear(lines[c]), Appear(legend[("lstm", "gru", "rnn").index(c)]),
                      run_time=TIMING.fade)
        self.wait(TIMING.read)
        rnn = acc["facts"]["rnn"]
        self.section("distance", self.say("cap_mem_rnn_fades" if rnn["fades"] else "cap_mem_rnn_holds",
                                          near=self.pct("rnn", "near"), far=self.pct("rnn", "far")))
        self.wait(TIMING.read)

        # 2. one held-out sequence
        chart = [axes, legend, *lines.values()]
        lstm, h = units["lstm"], units["rnn"]
        self.section("example", self.say(
            "cap_mem_example", t=self.step_no(self.mark),
            v=self.num(["steps", self.mark, "x", 0], "the marked value"),
            n=self.num(["distance"], "distractors after the mark", "chart", style="plain")))
        self.play(*[Vanish(m) for m in chart], run_time=TIMING.fade)
        self.play(Appear(self.header()), Appear(self.row("x")), run_time=TIMING.fade)
        self.wait(TIMING.read)

        self.section("input-gate", self.say(
            "cap_mem_input_opens" if lstm["opens"] else "cap_mem_input",
            u=self.num(["lstm", "unit"], "LSTM memory unit", "units", style="plain"),
            a=self.unit_value("lstm", "i_mark", "i at the mark"), b=self.unit_value("lstm", "i_elsewhere", "largest i elsewhere")))
        self.play(Appear(self.group_label("lstm", "i")), Appear(self.row("i")),
                  run_time=TIMING.fade)
        self.wait(TIMING.read)
        self.section("forget-gate", self.say("cap_mem_forget_keeps" if lstm["keeps"] else "cap_mem_forget",
                                             f=self.unit_value("lstm", "f_after", "smallest f after the mark")))
        self.play(Appear(self.row("f")), run_time=TIMING.fade)
        self.wait(TIMING.read)
        meaning, p = self.verdict_parts()
        self.section("cell-state", self.say(
            "cap_mem_cell_carries" if lstm["carries"] else "cap_mem_cell",
            a=self.unit_value("lstm", "c_mark", "C at the mark"), b=self.unit_value("lstm", "c_end", "C at the end"),
            T=self.step_no(self.trace.steps - 1), meaning=meaning, p=p))
        self.play(Appear(self.row("c")), run_time=TIMING.fade)
        self.wait(TIMING.read)
        meaning, p = self.verdict_parts(self.rnn, "rnn")
        self.section("rnn", self.say(
            "cap_mem_rnn_keeps" if h["keeps"] else "cap_mem_rnn_loses",
            u=self.num(["rnn", "unit"], "RNN memory unit", "units", style="plain"),
            a=self.unit_value("rnn", "h_mark", "h at the mark"), b=self.unit_value("rnn", "h_end", "h at the end"),
            meaning=meaning, p=p))
        self.play(Appear(self.group_label("rnn", "h")), Appear(self.row("h")), run_time=TIMING.fade)
        self.wait(TIMING.read)

        # 3. what the numbers say about the thesis
        self.section("summary", self.say(self.summary_key(), l=self.pct("lstm", "mean"),
                                         g=self.pct("gru", "mean"), r=self.pct("rnn", "mean")))
        self.wait(TIMING.read)
