"""LSTM and GRU side by side (article item 9): each gate outlined and labelled, one per
section, with the legend of the symbols.

Both cells are the same CellDiagram drawings the step scenes use (drawn from
cells/flow.py), scaled down to fit side by side; the GRU is the variant of
--gru-variant (default pytorch) and the caption says which. An outline hugs the glyphs
of one gate group of the flow and the wires between them, so it covers exactly the
group's operations. The scene shows no computed numbers.
"""

import numpy as np
from manim import DOWN, UP, Line, Rectangle, RoundedRectangle, Union, VGroup, VMobject

from cells import GRU_VARIANTS, InputError

from scenes.engines.base import IllustratedScene
from scenes.parts.cell_diagram import CellDiagram
from scenes.parts.fit import keep_readable
from scenes.parts.layouts import GRU_LAYOUTS, LSTM_LAYOUT
from scenes.parts.legend import Legend
from scenes.parts.motion import Appear, Dim
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, TIMING, Theme

GLYPH_PAD = 0.1          # outline margin around a glyph (layout units)
CORRIDOR = 0.1           # half width of the band along a wire inside a group
LSTM_GROUPS = ("forget", "input", "output", "cell_state")
GRU_GROUPS = ("reset", "update")
GROUP_KEYS = {"forget": "forget_gate", "input": "input_gate", "output": "output_gate",
              "cell_state": "cell_state", "reset": "reset_gate", "update": "update_gate"}
LEGEND_KEYS = ("sigmoid", "tanh", "pointwise_mul", "pointwise_add", "concat")


def _segments(points):
    return list(zip(points[:-1], points[1:]))


class GroupOutline(VMobject):
    """A rounded highlight around the glyphs of one group and the wires joining them.

    `boxes` holds the pieces it is the union of, as (xmin, ymin, xmax, ymax) in the
    diagram's coordinates when it was built; `names` the ops it was built around.
    """

    def __init__(self, diagram: CellDiagram, group: str, theme: Theme):
        super().__init__()
        self.group = group
        self.names = [n for n, op in diagram.ops.items() if op.group == group]
        self.boxes, pieces = [], []
        for n in self.names:
            g = diagram.glyphs[n]
            w, h = g.width + 2 * GLYPH_PAD, g.height + 2 * GLYPH_PAD
            pieces.append(RoundedRectangle(width=w, height=h, corner_radius=min(w, h) / 2 * 0.6)
                          .move_to(g.get_center()))
            c = g.get_center()
            self.boxes.append((c[0] - w / 2, c[1] - h / 2, c[0] + w / 2, c[1] + h / 2))
        for wire in diagram.wires_within(self.names):
            for a, b in _segments(wire.points_list):
                lo, hi = np.minimum(a, b) - CORRIDOR, np.maximum(a, b) + CORRIDOR
                pieces.append(Rectangle(width=hi[0] - lo[0], height=hi[1] - lo[1])
                              .move_to((lo + hi) / 2))
                self.boxes.append((lo[0], lo[1], hi[0], hi[1]))
        shape = Union(*pieces) if len(pieces) > 1 else pieces[0]
        self.set_points(shape.points)
        self.set_fill(theme.highlight, opacity=0.3)
        self.set_stroke(theme.highlight, width=4)


# Where each label sits: the op its leader line points at, above or below the cell, and
# the row (0 next to the cell, 1 further out) so neighbouring labels never touch.
LABEL_AT = {"forget": ("sigma_f", "below", 1), "input": ("sigma_i", "below", 0),
            "output": ("sigma_o", "below", 1), "cell_state": ("belt", "above", 0),
            "reset": ("sigma_r", "below", 1), "update": ("sigma_z", "below", 0)}
SCALE = 0.68
SIDE_X, CELL_Y = 3.55, 1.0
ROW_GAP = 0.4


class GatesOverview(IllustratedScene):
    scene_id = "gates-overview"
    cell = "lstm"
    shows_numbers = False

    def variant(self) -> str:
        v = self.params.run.gru_variant or "pytorch"
        if v not in GRU_VARIANTS:
            raise InputError("--gru-variant", f"unknown variant {v!r}; choose one of "
                                              f"{', '.join(GRU_VARIANTS)}")
        return v

    def construct(self):
        th = self.theme
        variant = self.variant()
        self.diagrams = {"lstm": CellDiagram("lstm", None, LSTM_LAYOUT, th, outputs=("c", "h")),
                         "gru": CellDiagram("gru", variant, GRU_LAYOUTS[variant], th, outputs=("h",))}
        self.outlines, self.labels = {}, {}
        heads = []
        for name, groups, x in (("lstm", LSTM_GROUPS, -SIDE_X), ("gru", GRU_GROUPS, SIDE_X)):
            d = self.diagrams[name]
            outlines = [GroupOutline(d, g, th) for g in groups]
            d.box.set_z_index(-2)                 # outlines go between the box and the wires
            for o in outlines:
                o.set_z_index(-1)
                self.outlines[o.group] = o
            VGroup(d, *outlines).scale(SCALE).move_to([x, CELL_Y, 0])
            keep_readable(d)
            head = cached_text(self.say(f"ov_head_{name}" if name == "lstm" else f"ov_head_gru_{variant}"),
                               font=th.font, font_size=SIZES.title * 0.85, color=th.text)
            head.move_to([x, d.box.get_top()[1] + 0.75, 0])
            heads.append(head)
        for group, o in self.outlines.items():
            self.labels[group] = self.group_label(group, o)
        self.clear_leaders()
        self.legend = Legend(th, self.params.lang, anchor=[-6.3, -2.2, 0], columns=3, column_w=4.35)

        self.section("cells", self.say(f"ov_intro_{variant}"))
        self.play(Appear(self.diagrams["lstm"]), Appear(self.diagrams["gru"]), *map(Appear, heads),
                  self.legend.add_entries(*LEGEND_KEYS), run_time=TIMING.fade * 2)
        self.wait(TIMING.pause)
        shown = []
        for group in LSTM_GROUPS + GRU_GROUPS:
            self.section(group, self.say(f"ov_{group}"))
            self.play(*[Dim(self.outlines[g], 1.0, 0.35) for g in shown],
                      Appear(self.outlines[group]), Appear(self.labels[group]), run_time=TIMING.fade)
            shown.append(group)
            self.wait(TIMING.read)
        self.section("all", self.say("ov_all"))
        self.play(*[Dim(self.outlines[g], 0.35, 1.0) for g in shown[:-1]], run_time=TIMING.fade)
        self.wait(TIMING.read)

    def group_label(self, group: str, outline: GroupOutline) -> VGroup:
        """The group's name beside the cell, with a leader line to its outline."""
        th = self.theme
        anchor, side, row = LABEL_AT[group]
        d = self.diagrams["lstm" if group in LSTM_GROUPS else "gru"]
        if anchor == "belt":        # the middle of the cell state's outline, on the belt
            x, g = outline.get_x(), d.glyphs["mul_f"]
            end = g.get_y() + CORRIDOR * SCALE
        else:
            g = d.glyphs[anchor]        # beside the gate's input wire, not over it
            x, end = g.get_x() + g.width / 4, g.get_bottom()[1] - GLYPH_PAD * SCALE
        text = cached_text(self.say(GROUP_KEYS[group]), font=th.font, font_size=SIZES.legend,
                           color=th.text, weight="SEMIBOLD")
        if side == "below":
            edge = min(d.get_bottom()[1], d.box.get_bottom()[1])
            text.move_to([x, edge - 0.32 - row * ROW_GAP, 0])
            leader = Line(text.get_top() + UP * 0.05, [x, end, 0])
        else:
            text.move_to([x, d.box.get_top()[1] + 0.28 + row * ROW_GAP, 0])
            leader = Line(text.get_bottom() + DOWN * 0.05, [x, end, 0])
        leader.set_stroke(th.highlight, width=3)
        return VGroup(leader, text)

    def clear_leaders(self):
        """Slide a label next to the cell sideways off the leader line of a label further
        out (a long Hungarian or projector word would have the line run through it); its own
        leader then leaves the label's nearest top corner for its glyph."""
        gap = 0.12
        for near, (_, side, row) in LABEL_AT.items():
            if row or near not in self.labels:
                continue
            for far, (_, far_side, far_row) in LABEL_AT.items():
                if far not in self.labels or not far_row or far_side != side \
                        or (far in LSTM_GROUPS) != (near in LSTM_GROUPS):
                    continue
                leader, text = self.labels[near]
                x = self.labels[far][0].get_x()
                if not text.get_left()[0] - gap < x < text.get_right()[0] + gap:
                    continue
                own = leader.get_end()          # the glyph the label points at
                dx = (x + gap - text.get_left()[0]) if own[0] > x else (x - gap - text.get_right()[0])
                text.shift([dx, 0, 0])
                edge = text.get_top() if side == "below" else text.get_bottom()
                start_x = np.clip(own[0], text.get_left()[0] + 0.05, text.get_right()[0] - 0.05)
                leader.put_start_and_end_on([start_x, edge[1] + (0.05 if side == "below" else -0.05), 0], own)
