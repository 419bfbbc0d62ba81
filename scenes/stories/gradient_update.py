"""Gradients with real numbers (article items 7 and 8), from back-propagation through time.

`gradient-update`: new weight = weight − learning rate × gradient for one real recurrent
weight of the RNN, an entry of W_hh (weight_hh_l0). The gradient is the term that the
earliest step contributes to dL/dW_hh[i, j], dL/da_t[i] · h_{t−1}[j] (a_t = the
pre-activation of step t): step 1 when h_0 is given, else step 2, because W_hh multiplies
h_{t−1} and step 1's term is exactly 0 while h_0 = 0. The entry shown is the one with the
largest such term, the recurrent weight that learns *most* from the start of the
sequence; it is compared with the last step's term of the same entry. The loss is --loss
(default L = sum(h_T)).

`vanishing-gradient`: |dL/dh_t| (the L2 norm of the total derivative, as `render.py grads`
reports it) at every step, on a log scale, for the RNN and then an LSTM and a GRU of the
same sizes with the same input and --seed. The default input is 20 steps: the article's
ten word vectors (assets/inputs/article.json) twice (cells.demos.long_input). With
--weights only the cell those weights belong to is shown.
"""

import numpy as np
from manim import RIGHT, Line, Rectangle, RoundedRectangle, VGroup, config

from cells import make_weights
from cells.demos import largest_entry

from scenes.engines.about_run import cell_name
from scenes.engines.gradients import GradientScene, weight_decimals
from scenes.parts.labels import rich
from scenes.parts.motion import Appear
from scenes.parts.text import cached_markup, cached_text
from scenes.parts.theme import SAFE_MARGIN, SIZES, TIMING


class GradientUpdate(GradientScene):
    scene_id = "gradient-update"

    def update_block(self, trace, grads, weights) -> dict:
        da = grads.d_hh                                   # RNN: dL/d(pre-activation) per step
        h_prev, T, lr = trace.h_prev, trace.steps, self.params.lr
        t0 = 0 if np.any(trace.h0 != 0) or T == 1 else 1  # W_hh meets h_0 = 0 at step 1
        first = np.outer(da[t0], h_prev[t0])
        i, j = largest_entry(first)
        w = float(weights.w_hh[i, j])
        g0, gT = float(first[i, j]), float(da[T - 1, i] * h_prev[T - 1, j])
        steps = [{"t": t0 + 1, "grad": g0, "change": lr * g0, "new": w - lr * g0}]
        if T - 1 > t0:
            steps.append({"t": T, "grad": gT, "change": lr * gT, "new": w - lr * gT})
        return {"weight_name": "weight_hh_l0", "row": i, "col": j, "weight": w, "lr": lr,
                "steps": steps, "total_grad": float(grads.w_hh[i, j])}

    def construct(self):
        th, p = self.theme, self.params
        trace, grads = self.grads_for("rnn")
        self.use_trace(trace)
        weights = make_weights(self.run_options())
        self.blocks["grads"] = grads.to_json(step_matrices=False)
        self.blocks["weights"] = {"weight_hh_l0": weights.w_hh.tolist()}
        up = self.blocks["update"] = self.update_block(trace, grads, weights)
        i, j, T = up["row"], up["col"], trace.steps
        cols = list(range(len(up["steps"])))
        d = weight_decimals(up["steps"][0]["change"], p.decimals)
        w_label = f"W_hh[{i + 1},{j + 1}]"
        t_first = up["steps"][0]["t"]

        title = self.title_block()
        rule = cached_text(self.say("gu_rule"), font=th.font, font_size=30, color=th.text)
        card = RoundedRectangle(width=max(rule.width + 1.0, 9.0), height=0.85, corner_radius=0.15,
                                fill_color=th.card_fill, fill_opacity=1, stroke_color=th.card_stroke,
                                stroke_width=2).move_to([0, 2.55, 0])
        rule.move_to(card)
        self.add(title)

        # 1. the rule
        self.section("rule", self.say("cap_gu_rule"))
        self.play(Appear(card), Appear(rule), run_time=TIMING.fade * 2)

        # table: labels on the left, one column per step
        ys = [1.05, 0.4, -0.25, -0.9, -1.75]
        label_keys = ["gu_weight", "gu_lr", "gu_grad", "gu_change", "gu_new"]
        labels = [cached_markup(rich(self.say(key) + (f"  {w_label}" if k == 0 else "")), font=th.font,
                                font_size=SIZES.label, color=th.text) for k, key in enumerate(label_keys)]
        room = -0.5 + config.frame_width * (0.5 - SAFE_MARGIN)     # one scale: the longest fits
        scale = min(1.0, room / max(lab.width for lab in labels))
        for lab, y in zip(labels, ys):
            lab.scale(scale).move_to([-0.5, y, 0], aligned_edge=RIGHT)
        rule_line = Line([-6.6, -1.33, 0], [6.6, -1.33, 0], stroke_color=th.muted, stroke_width=2)
        col_x = [1.9, 5.0]
        headers, cells = [], []
        for c in cols:
            s = up["steps"][c]
            h = cached_text(self.say("step", t=s["t"]) + self.word(s["t"] - 1), font=th.font,
                            font_size=SIZES.label, color=th.text, weight="SEMIBOLD")
            if h.width > col_x[1] - col_x[0] - 0.2:       # a long word: the two must not meet
                h.scale_to_fit_width(col_x[1] - col_x[0] - 0.2)
            h.move_to([col_x[c], 1.7, 0])
            texts = [self.num(["weight"], w_label, "update", decimals=d),
                     self.num(["lr"], "learning rate", "update", style="plain"),
                     self.num(["steps", c, "grad"], f"dL/d{w_label} step {s['t']}", "update", style="sci"),
                     self.num(["steps", c, "change"], "lr x gradient", "update", style="sci"),
                     self.num(["steps", c, "new"], "new weight", "update", decimals=d)]
            mobs = [cached_text(t, glyphs=True, font=th.mono, font_size=SIZES.label,
                                color=th.text).move_to([col_x[c], y, 0])
                    for t, y in zip(texts, ys)]
            mark = self.changed_digits(mobs[4], texts[0], texts[4])
            headers.append(h)
            cells.append((mobs, mark, texts))

        # 2. the weight and its gradient from step 1
        self.section("values", self.say("cap_gu_values", w=w_label, t=t_first,
                                        rnn=f"{cell_name('rnn', trace.nonlinearity)} "
                                            f"({self.weights_note()})"))
        mobs0 = cells[0][0]
        self.play(Appear(headers[0]), *[Appear(m) for m in labels[:3]], *[Appear(m) for m in mobs0[:3]],
                  run_time=TIMING.fade * 2)

        # 3. the update
        t0 = cells[0][2]
        self.section("update", self.say("cap_gu_update", w=t0[0], lr=t0[1], g=t0[2], new=t0[4]))
        self.play(Appear(labels[3]), Appear(mobs0[3]), run_time=TIMING.fade)
        self.play(Appear(rule_line), Appear(labels[4]), Appear(mobs0[4]), run_time=TIMING.fade)

        # 4. not much of a difference
        self.section("small", self.say("cap_gu_small", t=t_first))
        if cells[0][1] is not None:
            self.play(Appear(cells[0][1], opacity=0.45), run_time=TIMING.fade)
        self.wait(TIMING.read)

        # 5. the last step teaches the same weight much more
        if len(cols) > 1:
            mobs1, mark1, t1 = cells[1]
            self.section("last", self.say("cap_gu_last", t=T, g=t1[2]))
            self.play(Appear(headers[1]), *[Appear(m) for m in mobs1], run_time=TIMING.fade * 2)
            if mark1 is not None:
                self.play(Appear(mark1, opacity=0.45), run_time=TIMING.fade)
            self.wait(TIMING.read)

    def changed_digits(self, new_mob, old: str, new: str):
        """A highlight behind the characters of `new` that differ from `old` (None if equal)."""
        k = 0
        while k < min(len(old), len(new)) and old[k] == new[k]:
            k += 1
        if k >= len(new) or len(new_mob.submobjects) != len(new):
            return None
        part = VGroup(*new_mob.submobjects[k:])
        mark = Rectangle(width=part.width + 0.08, height=new_mob.height + 0.12, stroke_width=0,
                         fill_color=self.theme.highlight, fill_opacity=1).move_to(part)
        mark.set_z_index(-1)
        return mark
