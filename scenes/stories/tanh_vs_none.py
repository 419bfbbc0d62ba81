"""Vector transformations without and with tanh (article item 6).

The same vector (default [5, 0.01, −0.5], or --values) goes through --cells cells (default
4) that each multiply by --factor (default 3): without tanh the values explode (405, 0.81,
−40.5), with tanh (v -> tanh(factor * v)) they stay in (−1, 1). Every number comes from
cells.demos.repeated_scaling, stored in the manifest's "demo" block; values of 100000 or
more are written with an exponent (1.22e6) so they fit their box.
"""

from manim import DOWN, RIGHT, UP, Dot, RoundedRectangle, SurroundingRectangle, VGroup, config

from cells import InputError
from cells.demos import repeated_scaling
from cells.inputs import parse_vector

from scenes.engines.base import IllustratedScene, lookup
from scenes.parts.glyphs import ActivationGlyph
from scenes.parts.motion import Appear, Glide
from scenes.parts.text import cached_text
from scenes.parts.theme import SAFE_MARGIN, SIZES, TIMING
from scenes.parts.vectors import ValueVector, vector_width
from scenes.parts.wires import Wire

ARTICLE_VALUES = "5, 0.01, -0.5"
MAX_CELLS = 6
SCI_FROM = 1e5
ROW_Y = {"none": 1.2, "tanh": -1.55}
CELL_W, CELL_H, GAP = 1.0, 1.15, 0.38
RING = 0.08              # the highlight ring's gap around the last vectors


class TanhVsNone(IllustratedScene):
    scene_id = "tanh-vs-none"
    cell = "rnn"

    def demo(self) -> dict:
        p = self.params
        x = parse_vector("--values", p.values if p.values is not None else ARTICLE_VALUES)
        if len(x) > 64:
            raise InputError("--values", f"has {len(x)} values; at most 64 can be drawn")
        if not 1 <= p.cells <= MAX_CELLS:
            raise InputError("--cells", f"is {p.cells}; 1 to {MAX_CELLS} cells fit in a row")
        block = {"factor": p.factor, "cells": p.cells, "x": x.tolist()}
        for kind in ("none", "tanh"):
            r = repeated_scaling(x, p.factor, p.cells, squash=kind == "tanh")
            block[kind] = {"out": r["out"].tolist(), "scaled": r["scaled"].tolist()}
        self.blocks["demo"] = block
        return block

    def texts(self, kind: str, k: int) -> tuple:
        """The formatted values of vector k of a row (exponent form for huge values)."""
        vec = self.blocks["demo"][kind]["out"][k]
        n = min(len(vec), self.show_units)
        out = []
        for j in range(n):
            path = [kind, "out", k, j]
            big = abs(lookup(self.blocks["demo"], path)) >= SCI_FROM
            out.append(self.num(path, f"{kind} {k}", "demo", style="sci" if big else "fixed"))
        return out, len(vec) - n

    def construct(self):
        th, p = self.theme, self.params
        self.trace  # noqa: B018  (the input options are still checked)
        demo = self.demo()
        n = p.cells
        f_text = self.num(["factor"], "factor", "demo", style="plain")
        title = self.title_block()

        texts = {kind: [self.texts(kind, k) for k in range(n + 1)] for kind in ("none", "tanh")}
        vw = max(self.box_w, *(vector_width(t) for kind in texts for t, _ in texts[kind]))
        total = (n + 1) * vw + n * CELL_W + 2 * n * GAP
        vec_h = SIZES.box_h * min(len(demo["x"]), self.show_units) + (0.3 if len(demo["x"]) > self.show_units else 0)
        room = min(13.4, config.frame_width * (1 - 2 * SAFE_MARGIN) - 2 * (RING + 0.05))  # rings, strokes
        scale = min(1.0, room / total, 2.0 / vec_h)
        left = -total * scale / 2
        vec_x = [left + scale * (vw / 2 + k * (vw + CELL_W + 2 * GAP)) for k in range(n + 1)]
        cell_x = [x + scale * (vw / 2 + GAP + CELL_W / 2) for x in vec_x[:-1]]

        rows = {}
        for kind in ("none", "tanh"):
            y = ROW_Y[kind]
            vecs = []
            for k, (t, more) in enumerate(texts[kind]):
                v = ValueVector(t, th, more, p.lang, box_w=vw).scale(scale)
                v.move_to([vec_x[k], y, 0]).shift(UP * (y - v.boxes.get_center()[1]))
                vecs.append(v)
            cells = [self.cell_glyph(kind, f_text, scale).move_to([cx, y, 0]) for cx in cell_x]
            wires = []
            for k in range(n):
                wires.append(Wire([(vec_x[k] + vw * scale / 2 + 0.04, y), (cell_x[k] - CELL_W * scale / 2, y)], th,
                                  src=f"v{k}", dst=f"cell{k}", quantity="v"))
                wires.append(Wire([(cell_x[k] + CELL_W * scale / 2, y), (vec_x[k + 1] - vw * scale / 2 - 0.04, y)],
                                  th, src=f"cell{k}", dst=f"v{k + 1}", quantity="v"))
            label = cached_text(self.say(f"row_{kind}"), font=th.font, font_size=SIZES.label, color=th.text,
                                weight="SEMIBOLD")
            label.next_to([left, vecs[0].get_top()[1] + 0.2, 0], RIGHT, buff=0).shift(UP * 0.1)
            rows[kind] = {"vecs": vecs, "cells": cells, "wires": wires, "label": label}
        self.add(title)
        self.play(*[Appear(VGroup(r["label"], *r["cells"], *r["wires"], r["vecs"][0])) for r in rows.values()],
                  run_time=TIMING.fade * 2)

        # 1. the set-up
        n_text = self.num(["cells"], "cells", "demo", style="plain")
        self.section("start", self.say("cap_tvn_start", n=n_text, f=f_text))
        self.wait(TIMING.pause)

        # 2. without tanh, 3. with tanh
        for kind in ("none", "tanh"):      # what happens, then (once it has) what came of it
            self.section(kind, self.say(f"cap_tvn_run_{kind}", f=f_text))
            self.run_row(rows[kind], kind)
            self.set_caption(self.row_caption(kind))
            self.wait(TIMING.pause)

        # 4. side by side
        self.section("compare", self.say("cap_tvn_compare"))
        frames = [SurroundingRectangle(rows[k]["vecs"][-1], color=th.highlight, buff=RING, stroke_width=4)
                  for k in rows]
        self.play(*[Appear(fr) for fr in frames], run_time=TIMING.fade)
        self.wait(TIMING.read)

    def row_caption(self, kind: str) -> str:
        demo = self.blocks["demo"][kind]["out"]
        last, _ = self.texts(kind, len(demo) - 1)
        vec = "[" + ", ".join(last) + (", …" if len(demo[-1]) > len(last) else "") + "]"
        if kind == "tanh":
            return self.say("cap_tvn_tanh", v=vec)
        first = max(abs(v) for v in demo[0])
        final = max(abs(v) for v in demo[-1])
        key = "cap_tvn_same"
        if final > first * (1 + 1e-9):
            key = "cap_tvn_explode"
        elif final < first * (1 - 1e-9):
            key = "cap_tvn_shrink"
        return self.say(key, v=vec)

    def cell_glyph(self, kind: str, f_text: str, scale: float) -> VGroup:
        th = self.theme
        box = RoundedRectangle(width=CELL_W, height=CELL_H, corner_radius=0.18, fill_color=th.cell_fill,
                               fill_opacity=1, stroke_color=th.cell_stroke, stroke_width=3)
        times = cached_text("\u00d7" + f_text, font=th.mono, font_size=SIZES.number, color=th.text)
        if times.width > CELL_W - 0.16:
            times.scale_to_fit_width(CELL_W - 0.16)
        g = VGroup(box, times)
        if kind == "tanh":
            glyph = ActivationGlyph("tanh", th, radius=0.24)
            times.move_to(box).shift(UP * 0.25)
            glyph.move_to(box).shift(DOWN * 0.25)
            g.add(glyph)
        else:
            times.move_to(box)
        return g.scale(scale)

    def run_row(self, row: dict, kind: str) -> None:
        th = self.theme
        for k, cell in enumerate(row["cells"]):
            w_in, w_out = row["wires"][2 * k], row["wires"][2 * k + 1]
            dot = Dot(radius=0.08, color=th.dot_fill).move_to(w_in.start)
            self.play(Appear(dot), run_time=TIMING.fade / 3)
            self.play(Glide(dot, w_out.end - w_in.start), run_time=TIMING.move * 0.6)
            self.remove(dot)
            self.play(Appear(row["vecs"][k + 1]), run_time=TIMING.fade * 0.8)
