"""RNN vs LSTM vs GRU on the same input (`compare`).

The same sequence (and seed, input and hidden size) goes through the three cells; the
hidden state of each over time is a heat strip (one row per unit, one column per step,
coloured by sign and size, the value written where it fits), the input is a strip above
them, and the final states stand side by side with their norms. The captions name what
differs, computed from the traces (`compare_facts`), never typed.

With --weights-rnn / --weights-lstm / --weights-gru the user's models are used (each one
given replaces the seeded cell of its kind; seeded cells then take the loaded models'
sizes so the input stays the same). With --model, the trained models of that model's
task (memory: an RNN, an LSTM and a GRU) on the same input, its card's unless given.
A ReLU RNN (--nonlinearity relu) is named so.
"""

from dataclasses import replace

import numpy as np
from manim import DOWN, LEFT, UP, Rectangle, VGroup

from cells import InputError, make_trace, make_weights, zoo
from cells.zoo_options import with_card_input

from scenes.engines.about_run import cell_name
from scenes.engines.base import IllustratedScene
from scenes.parts.heat import heat
from scenes.parts.labels import math_label, rich
from scenes.parts.motion import Appear
from scenes.parts.fit import balanced_halves, keep_readable, min_font_size
from scenes.parts.numbers import fixed_width, fmt
from scenes.parts.text import cached_markup, cached_text, font_size_now
from scenes.parts.text_boxes import visible_texts
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.vectors import CHAR_PT, ValueVector

CELLS = ("rnn", "lstm", "gru")
NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
MAX_COLS = 40                        # steps drawn (the last ones of a longer input)
LABEL_X, STRIP_L, STRIP_R = -6.65, -5.55, 2.25
TOP, BOTTOM, GAP = 2.5, -2.62, 0.2   # the strips' area and the gap between groups
PANEL_X = (3.6, 4.9, 6.2)            # centres of the three final-state vectors
PT_W, PT_H = CHAR_PT, 0.0105   # width of a digit, height of a line, per point


def compare_facts(traces: dict) -> dict:
    """Per cell: the norm of the final hidden state and the mean step-to-step change
    mean_t ‖h_t − h_{t−1}‖ (h_0 included); plus which cells are largest and smallest."""
    facts = {}
    for c, tr in traces.items():
        h = np.vstack([tr.h0[None], tr.h])
        facts[c] = {"final_norm": float(np.linalg.norm(tr.h[-1])),
                    "mean_change": float(np.mean(np.linalg.norm(np.diff(h, axis=0), axis=1)))}
    for key in ("final_norm", "mean_change"):
        order = sorted(traces, key=lambda c: (facts[c][key], CELLS.index(c)))
        facts[f"{key}_max"], facts[f"{key}_min"] = order[-1], order[0]
    return facts


def separating_decimals(values, decimals: int, most: int = 3) -> int:
    """The fewest decimals (from `decimals`, at most `decimals + most`) at which the largest
    and the smallest of `values` do not read the same as their neighbours."""
    v = sorted(values)
    for d in range(decimals, decimals + most + 1):
        if fmt(v[-1], d) != fmt(v[-2], d) and fmt(v[0], d) != fmt(v[1], d):
            return d
    return decimals + most


class Compare(IllustratedScene):
    scene_id = "compare"
    cell = "rnn"

    # ---- data -----------------------------------------------------------------------
    def cell_options(self) -> dict:
        """RunOptions of each cell: the same input, seed and sizes; the user's weights."""
        p = self.params
        if p.run.weights:
            raise InputError("--weights", "compare runs three models: give them as --weights-rnn, "
                                          "--weights-lstm and --weights-gru")
        if p.run.model:
            return self.trained_options()
        given = {c: getattr(p, f"weights_{c}") for c in CELLS}
        own = self.per_cell(p.run)
        sizes = {}
        for c, path in given.items():
            if path:
                try:
                    w = make_weights(replace(own[c], weights=path))
                except InputError as e:
                    raise InputError(f"--weights-{c}", e.message) from None
                sizes.setdefault("hidden", w.hidden_size)
                sizes.setdefault("input_size", w.input_size)
        out = {}
        for c, path in given.items():
            run = own[c]
            if path:
                out[c] = replace(run, weights=path)
            else:     # seeded, in the loaded models' sizes unless the user said otherwise
                out[c] = replace(run, weights=None, weights_prefix="",
                                 hidden=run.hidden if run.hidden is not None else sizes.get("hidden"),
                                 input_size=run.input_size if run.input_size is not None
                                 else sizes.get("input_size"))
        return out

    @staticmethod
    def per_cell(run) -> dict:
        """The run as each cell takes it: --nonlinearity is the RNN's alone."""
        return {c: replace(run, cell=c, nonlinearity=run.nonlinearity if c == "rnn" else None)
                for c in CELLS}

    def trained_options(self) -> dict:
        """The task's trained RNN, LSTM and GRU on the same input (--model memory-lstm)."""
        run = self.params.run
        task = zoo.card(run.model)["task"]
        missing = [c.upper() for c in CELLS if f"{task}-{c}" not in zoo.names()]
        if missing:
            raise InputError("--model", f"compare needs a trained RNN, LSTM and GRU of one task; the "
                                        f"{task} task has no {' or '.join(missing)}")
        if any(getattr(self.params, f"weights_{c}") for c in CELLS):
            raise InputError("--model", "cannot be combined with --weights-rnn/-lstm/-gru")
        return {c: replace(o, model=f"{task}-{c}") for c, o in self.per_cell(with_card_input(run)).items()}

    def load(self):
        options = self.cell_options()
        given = [c for c in CELLS if getattr(self.params, f"weights_{c}")]
        traces = {}
        for c in given + [c for c in CELLS if c not in given]:   # the user's models first
            try:
                traces[c] = make_trace(options[c])
            except InputError as e:
                if c in given and (e.option == "--weights" or  # the file, or its input width
                                   (e.option == "--input" and "weights" in e.message)):
                    raise InputError(f"--weights-{c}", e.message) from None
                raise
        self.traces = {c: traces[c] for c in CELLS}
        self.names = {c: cell_name(c, tr.nonlinearity) for c, tr in self.traces.items()}
        widths = {c: tr.input_size for c, tr in self.traces.items()}
        odd = [c for c in given if widths[c] != widths[given[0]]] if given else []
        if odd:      # --text embeds words at each model's input size: not the same input
            raise InputError(f"--weights-{odd[0]}", "the three models must read the same input; input "
                             "sizes " + ", ".join(f"{NAMES[c]} {w}" for c, w in widths.items()))
        self.blocks["traces"] = {c: tr.to_json() for c, tr in self.traces.items()}
        self.facts = compare_facts(self.traces)
        self.blocks["facts"] = {c: self.facts[c] for c in CELLS}
        self.blocks["scale"] = {"lo": -1.0, "mid": 0.0, "hi": 1.0}
        self.T = self.traces["rnn"].steps

    def fact(self, cell: str, key: str, label: str) -> str:
        """A computed fact, with enough decimals that the largest and smallest differ."""
        d = separating_decimals([self.facts[c][key] for c in CELLS], self.params.decimals)
        return self.num([cell, key], label, block="facts",
                        decimals=None if d == self.params.decimals else d)

    def val(self, path, label=None, **style) -> str:
        return self.num(path, label, block="traces", **style)

    # ---- layout ---------------------------------------------------------------------
    def geometry(self):
        any_tr = self.traces["rnn"]
        self.first = max(0, self.T - MAX_COLS)
        self.cols = self.T - self.first
        k = self.show_units
        self.rows = {"x": min(any_tr.input_size, k)}
        self.more = {"x": any_tr.input_size - self.rows["x"]}
        for c in CELLS:
            H = self.traces[c].hidden_size
            self.rows[c], self.more[c] = min(H, k), H - min(H, k)
        total = sum(self.rows.values())
        self.row_h = min(0.42, (self.top - BOTTOM - 3 * GAP) / total)
        self.col_w = min(1.0, (STRIP_R - STRIP_L) / self.cols)
        longest = fixed_width(self.params.decimals)
        x_longest = max(len(fmt(v, self.params.decimals)) for v in any_tr.x.ravel())
        self.font = min(SIZES.number * 0.8, (self.col_w - 0.08) / (PT_W * max(longest, x_longest)),
                        (self.row_h - 0.1) / PT_H)

    def strip(self, key: str, y_top: float) -> dict:
        """One heat strip: cells (column groups, in step order) and its label."""
        th = self.theme
        values = self.traces["rnn"].x if key == "x" else self.traces[key].h
        scale = 1.0 if key != "x" else max(1e-9, float(np.abs(values).max()))
        columns = []
        for j in range(self.cols):
            t = self.first + j
            col = VGroup()
            for u in range(self.rows[key]):
                v = float(values[t, u])
                fill, ink = heat(v, scale, th)
                box = Rectangle(width=self.col_w, height=self.row_h, stroke_color=th.background,
                                stroke_width=1.2, fill_color=fill, fill_opacity=1)
                box.move_to([STRIP_L + (j + 0.5) * self.col_w, y_top - (u + 0.5) * self.row_h, 0])
                col.add(box)
                if self.font >= min_font_size(th.mono):      # else the colour alone tells
                    cell = "rnn" if key == "x" else key
                    q = "x" if key == "x" else "h"
                    label = f"x_{t + 1}" if key == "x" else f"{self.names[key]} h_{t + 1}"
                    text = cached_text(self.val([cell, "steps", t, q, u], label), font=th.mono,
                                       font_size=self.font, color=ink)
                    col.add(text.move_to(box))
            columns.append(col)
        height = self.rows[key] * self.row_h
        if key == "x":
            name = math_label("x_t", th.text, SIZES.label, th.font)
        else:
            name = cached_text(self.names[key], font=th.font, font_size=SIZES.label, color=th.text)
        label = VGroup(name)
        if key != "x":
            label.add(math_label("h_t", th.text, SIZES.label * 0.8, th.font))
        if self.more[key]:        # in two lines where one is wider than the label column
            more = self.say("more_units", n=self.more[key])
            line = lambda s: cached_text(s, font=th.font, font_size=SIZES.legend * 0.8, color=th.text)  # noqa: E731
            mark = line(more)
            if mark.width > STRIP_L - LABEL_X - 0.1:
                mark = VGroup(*map(line, balanced_halves(more))).arrange(DOWN, buff=0.04, aligned_edge=LEFT)
            label.add(mark)
        label.arrange(DOWN, buff=0.06, aligned_edge=LEFT)
        if label.height > max(height, 0.5):       # as far as its smallest text stays readable
            label.scale(max(max(height, 0.5) / label.height,
                            min_font_size(th.font) / min(map(font_size_now, visible_texts([label])))))
        for part in label:          # "RNN (ReLU)": only what is too wide shrinks, not its '+N more'
            if part.width > STRIP_L - LABEL_X - 0.1:
                part.scale_to_fit_width(STRIP_L - LABEL_X - 0.1)
        label.arrange(DOWN, buff=0.06, aligned_edge=LEFT)
        label.move_to([LABEL_X, y_top - height / 2, 0], aligned_edge=LEFT)
        frame = Rectangle(width=self.cols * self.col_w, height=height, stroke_color=th.box_stroke,
                          stroke_width=1.4, fill_opacity=0)
        frame.move_to([STRIP_L + self.cols * self.col_w / 2, y_top - height / 2, 0])
        return {"columns": columns, "label": label, "frame": frame, "top": y_top, "height": height}

    def header(self, y: float) -> list:
        """Step numbers (or tokens) over the columns, where they fit."""
        th, out = self.theme, []
        tokens = self.traces["rnn"].tokens
        every = max(1, int(np.ceil(0.5 / self.col_w)))     # room for "44" at a readable size
        for j in range(self.cols):
            t = self.first + j
            if tokens and self.col_w >= 0.5:
                m = cached_text(tokens[t], font=th.font, font_size=SIZES.legend * 0.85, color=th.text)
            elif (t + 1) % every == 0 or every == 1:
                m = cached_text(self.val(["rnn", "steps", t, "t"], "t", style="plain"), font=th.font,
                                font_size=SIZES.legend * 0.85, color=th.text)
            else:
                continue
            if m.width > self.col_w * every - 0.04:
                m.scale_to_fit_width(self.col_w * every - 0.04)
            out.append(m.move_to([STRIP_L + (j + 0.5) * self.col_w, y, 0]))
        return out

    def final_panel(self) -> dict:
        th, T = self.theme, self.T
        title = cached_markup(rich(self.say("cmp_final", T=T)), font=th.font, font_size=SIZES.legend,
                              color=th.text)
        title.move_to([PANEL_X[1], self.top + 0.02, 0])
        vecs, norms, names = {}, {}, []
        row_y = None
        for c, x in zip(CELLS, PANEL_X):
            texts, more = self.nums([c, "steps", T - 1, "h"], f"{self.names[c]} h_{T}", block="traces")
            v = ValueVector(texts, th, more, self.params.lang, box_w=self.box_w)
            if v.width > 1.1:
                v.scale(1.1 / v.width)
                if v.more is not None:       # its '+N more' stays readable
                    keep_readable(v.more)
            v.move_to([x, 0, 0]).align_to([0, self.top - 0.75, 0], UP)
            name = cached_text(self.names[c], font=th.font, font_size=SIZES.legend, color=th.text)
            name.move_to([x, self.top - 0.45, 0])
            vecs[c] = v
            names.append(name)
            row_y = min(row_y if row_y is not None else 9, v.get_bottom()[1] - 0.3)
        for c, x in zip(CELLS, PANEL_X):
            n = cached_text(self.fact(c, "final_norm", f"|{self.names[c]} h_{T}|"),
                            font=th.mono, font_size=SIZES.number * 0.9, color=th.text)
            norms[c] = n.move_to([x, row_y, 0])
        norm_label = cached_text("‖h‖", font=th.font, font_size=SIZES.legend, color=th.text)
        norm_label.move_to([(STRIP_R + PANEL_X[0] - 0.6) / 2, row_y, 0])
        return {"title": title, "vectors": vecs, "names": names, "norms": norms,
                "norm_label": norm_label}

    def scale_legend(self, y: float) -> VGroup:
        """Swatches from −1 to 1 with their colours, the key to the strips."""
        th = self.theme
        group = VGroup()
        values = [-1.0, -0.5, 0.0, 0.5, 1.0]
        w = 0.5
        x0 = PANEL_X[1] - w * len(values) / 2
        for k, v in enumerate(values):
            fill, _ = heat(v, 1.0, th)
            group.add(Rectangle(width=w, height=0.26, fill_color=fill, fill_opacity=1,
                                stroke_color=th.background, stroke_width=1).move_to([x0 + (k + 0.5) * w, y, 0]))
        for k, key in ((0, "lo"), (2, "mid"), (4, "hi")):
            t = cached_text(self.num([key], "scale", block="scale", style="plain"), font=th.mono,
                            font_size=SIZES.legend * 0.8, color=th.text)
            group.add(t.move_to([x0 + (k + 0.5) * w, y - 0.3, 0]))
        note = cached_text(self.say("cmp_scale"), font=th.font, font_size=SIZES.legend * 0.8, color=th.text)
        group.add(note.move_to([PANEL_X[1], y + 0.32, 0]))
        return group

    def outline(self, mob, buff: float = 0.08) -> Rectangle:
        r = Rectangle(width=mob.width + 2 * buff, height=mob.height + 2 * buff,
                      stroke_color=self.theme.highlight, stroke_width=4, fill_opacity=0)
        return r.move_to(mob)

    # ---- the scene --------------------------------------------------------------------
    def construct(self):
        self.load()
        title = self.title_block(self.subtitle())
        self.top = min(TOP, self.title_bottom - 0.35)    # the step numbers clear the title
        self.geometry()
        header = self.header(self.top + 0.2)
        strips, y = {}, self.top
        for key in ("x",) + CELLS:
            strips[key] = self.strip(key, y)
            y -= strips[key]["height"] + GAP

        # 1. the same input for all three
        self.add(title)
        self.play(*[Appear(m) for m in header],
                  *[Appear(strips[k][p]) for k in strips for p in ("label", "frame")],
                  *[Appear(col) for col in strips["x"]["columns"]], run_time=TIMING.fade * 2)
        self.set_caption(self.say("cap_cmp_intro"))
        self.wait(TIMING.pause)

        # 2. the hidden states, step by step
        states = self.say("cap_cmp_states")
        if self.first:
            self.blocks["view"] = {"steps_shown": self.cols}
            states += self.say("cmp_last", n=self.num(["steps_shown"], "steps shown", block="view",
                                                      style="plain"))
        self.section("states", states)
        legend = self.scale_legend(BOTTOM + 0.55)
        self.play(Appear(legend), run_time=TIMING.fade)
        per_col = max(0.12, min(0.45, 6.0 / self.cols))
        for j in range(self.cols):
            self.play(*[Appear(strips[c]["columns"][j]) for c in CELLS], run_time=per_col)
        self.wait(TIMING.pause)

        # 3. the final states side by side
        f = self.facts
        big, small = f["final_norm_max"], f["final_norm_min"]
        self.section("final", self.say(
            "cap_cmp_final", big=self.names[big], small=self.names[small], T=self.T,
            b=self.fact(big, "final_norm", f"|{self.names[big]} h_{self.T}|"),
            s=self.fact(small, "final_norm", f"|{self.names[small]} h_{self.T}|")))
        panel = self.final_panel()
        parts = [panel["title"], panel["norm_label"], *panel["names"], *panel["vectors"].values(),
                 *panel["norms"].values()]
        self.play(*[Appear(m) for m in parts], run_time=TIMING.fade * 2)
        ring = self.outline(VGroup(panel["vectors"][big], panel["norms"][big]))
        self.play(Appear(ring), run_time=TIMING.fade)
        self.wait(TIMING.read)

        # 4. how much each state moves from step to step
        most, least = f["mean_change_max"], f["mean_change_min"]
        self.section("change", self.say(
            "cap_cmp_change", most=self.names[most], least=self.names[least],
            a=self.fact(most, "mean_change", f"{self.names[most]} mean change"),
            b=self.fact(least, "mean_change", f"{self.names[least]} mean change")))
        s = strips[most]
        band = self.outline(VGroup(s["frame"], s["label"]), buff=0.06)
        self.play(Appear(band), run_time=TIMING.fade)
        self.wait(TIMING.read)

    def subtitle(self) -> str:
        p, run = self.params, self.params.run
        plain = dict(block="traces", style="plain")
        hidden, seen = [], set()
        for c in CELLS:
            if self.traces[c].hidden_size not in seen:
                seen.add(self.traces[c].hidden_size)
                hidden.append(self.num([c, "hidden_size"], f"{self.names[c]} hidden size", **plain))
        sizes = self.say("cmp_sizes", I=self.num(["rnn", "input_size"], "input size", **plain),
                         H="/".join(hidden),
                         steps=self.say("one_step" if self.T == 1 else "n_steps",
                                        n=self.num(["rnn", "steps", self.T - 1, "t"], "steps", **plain)))
        if run.model:
            return f"{self.say('vg_trained_' + zoo.card(run.model)['task'])} · {sizes}"
        loaded = [self.names[c] for c in CELLS if getattr(p, f"weights_{c}")]
        if len(loaded) < len(CELLS):
            self.blocks["run"] = {"seed": run.seed_value}
            seeded = self.say("weights_seeded", seed=self.num(["seed"], "seed", block="run", style="plain"))
        if not loaded:
            return f"{seeded} · {sizes}"
        mine = self.say("cmp_loaded", cells=", ".join(loaded))
        return f"{mine} · {seeded} · {sizes}" if len(loaded) < len(CELLS) else f"{mine} · {sizes}"
