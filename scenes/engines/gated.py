"""One step of a cell, animated op by op from its data flow: the engine of the LSTM
and GRU scenes.

Each op of the flow becomes a small play: labelled dots travel along the op's input
wires, the op's output dot appears and waits on its output wire, the value panel gains
the op's real vector, and the caption shows the op's equation with the numbers in it.
Scenes choose which ops (by group) to run in each section and what to dim.
"""

from manim import DOWN, LEFT, RIGHT, UP, Rectangle, VGroup, config

from cells import gates
from cells.flow import QUANTITY_PATHS

from scenes.engines.base import IllustratedScene, lookup
from scenes.parts.cell_diagram import DOT_LABELS, LABELS, CellDiagram
from scenes.parts.fit import balanced_halves, fit_rows, least_scale, min_font_size
from scenes.parts.labels import math_label
from scenes.parts.legend import Legend
from scenes.parts.motion import Appear
from scenes.parts.text import cached_text
from scenes.parts.theme import SAFE_MARGIN, SIZES, TIMING
from scenes.parts.vectors import ValueVector

PANEL_X, PANEL_TOP, ROW_H = 2.8, 2.55, 0.5
NOTE_Y = -2.5            # the run note's line, under the cell; it starts right of x_t's dot
VEC_X = PANEL_X + 0.75   # left edge of the panel's vectors (their labels end left of it)
ROW_GAP = 0.08           # between one row's boxes and the next's
MORE_H = 0.32            # the '+N more each' line under the panel
DOTS_LEFT_OF = PANEL_X + 0.1  # a waiting dot ends left of this: only the widest row label
                              # (C_{t−1}, right-aligned at PANEL_X + 0.55) reaches PANEL_X
NOTE_SEP = " · "
GLYPH_KEYS = {"sigmoid": "sigmoid", "tanh": "tanh", "mul": "pointwise_mul",
              "add": "pointwise_add", "one_minus": "one_minus", "concat": "concat"}


def panel_right() -> float:
    """The rightmost x a panel's text may reach: the frame's safe edge."""
    return config.frame_width * (0.5 - SAFE_MARGIN) - 0.03


def two_lines(note: str) -> list:
    """A run note broken at the ' · ' that best balances its two lines."""
    parts = note.split(NOTE_SEP)
    if len(parts) < 2:
        return [note]
    k = min(range(1, len(parts)), key=lambda k: max(len(NOTE_SEP.join(parts[:k])),
                                                    len(NOTE_SEP.join(parts[k:]))))
    return [NOTE_SEP.join(parts[:k]), NOTE_SEP.join(parts[k:])]


def same_quantity(a: str, b: str) -> bool:
    """Two ways of writing one quantity: 'f_t⊙C_{t−1}' and 'f_t ⊙ C_{t−1}', or
    'W_hn h_{t−1} + b_hn' and 'W_hn·h_{t−1} + b_hn'."""
    plain = lambda s: "".join(s.split()).replace("·", "")  # noqa: E731
    return plain(a) == plain(b)


def equation_text(op, gate_names: dict, value: str) -> str:
    """'name = expression = value'; a quantity named by its expression (tanh(C_t),
    f_t⊙C_{t−1}) is named once: 'name = value'."""
    name, expression = LABELS[op.output], op_expression(op, gate_names)
    if same_quantity(name, expression):
        return f"{name} = {value}"
    return f"{name} = {expression} = {value}"


def op_expression(op, gate_names: dict) -> str:
    """The right-hand side of an op's equation, e.g. 'σ(W_f·[h_{t−1}, x_t] + b_f)'."""
    a = [LABELS[q] for q in op.inputs]
    if op.kind == "mul":     # a sum is a factor only in parentheses: r_t ⊙ (W_hn h + b_hn)
        a = [f"({s})" if (" + " in s or " − " in s) and s[0] not in "([" else s for s in a]
    if op.kind in ("sigmoid", "tanh"):
        fn = "σ" if op.kind == "sigmoid" else "tanh"
        if op.gate is None:
            return f"{fn}({a[0]})"
        g = gate_names.get(op.gate, op.gate)
        if len(a) == 1:
            return f"{fn}(W_{g}·{a[0]} + b_{g})"
        return f"{fn}(W_{g}·{a[0]} + b_{g} + {a[1]})"
    if op.kind == "mul":
        return f"{a[0]} ⊙ {a[1]}"
    if op.kind == "add":
        return f"{a[0]} + {a[1]}"
    if op.kind == "one_minus":
        return f"1 − {a[0]}"
    if op.kind == "linear":
        return f"W_h{op.gate}·{a[0]} + b_h{op.gate}"
    if op.kind == "project":
        return f"W_hr·{a[0]}"
    return ", ".join(a)


class GatedCellScene(IllustratedScene):
    """Subclasses set `layout`, `outputs`, `panel` (quantities listed in the value panel)
    and `gate_names` (weight subscripts in equations), then call run_ops()."""

    one_line_captions = True    # line 1 shows each op's equation
    layout = None
    outputs = ("h",)
    panel = ()
    default_units = 6      # a trained example model's six units, so both decisive ones show
    gate_names = {}
    variant = None

    def build_cell(self):
        th = self.theme
        self.diagram = CellDiagram(self.cell, self.trace.variant, self.layout_for(), th,
                                   outputs=self.outputs, projection=self.trace.proj_size > 0,
                                   port_labels=True, dots_left_of=DOTS_LEFT_OF,
                                   dots_above=self.caption_top(1))
        self.legend = Legend(th, self.params.lang, anchor=[-6.9, 3.62, 0], columns=3)
        self.rows = {}           # quantity -> panel row (label + vector)
        self.panel_more = 0      # units not shown per vector (beyond --show-units)
        self.note = self.run_note_text()
        self.add(self.diagram, self.note)

    def run_note_text(self) -> VGroup:
        """The step, its token, the weights and the verdict, under the cell for the whole
        scene: one line, or two (a little smaller, to fit between the wires under the cell
        and the equation) where one would not fit the frame at the legend's size."""
        th = self.theme
        text = self.run_note(self.step_index)
        line = lambda s, k=1.0: cached_text(s, font=th.font, font_size=SIZES.legend * k,  # noqa: E731
                                           color=th.text)
        left = self.layout_for().ports["in:x"][0] + SIZES.dot_r + 0.1
        note, room = VGroup(line(text)), panel_right() - left
        if note.width > room:
            note = VGroup(*[line(s, 0.85) for s in two_lines(text)]).arrange(DOWN, buff=0.06,
                                                                             aligned_edge=LEFT)
        if note.width > room:
            note.scale_to_fit_width(room)
        return note.move_to([left, NOTE_Y, 0], aligned_edge=LEFT)

    def layout_for(self):
        return self.layout

    def dot_label(self, q: str) -> str:
        return DOT_LABELS[q]

    # ---- value panel ----------------------------------------------------------------
    panel_bottom = -2.15   # the panel's lowest edge: above the run note

    @property
    def panel_fit(self):
        """One layout for every row (scenes/parts/fit.py): the widest vector (a trained
        model's six units, or --show-units of a wide state) wraps or shrinks to the room
        between the panel's left edge and the frame's safe edge, never below a readable
        size; what still does not fit is left to '+N more'."""
        if getattr(self, "_panel_fit", None) is None:
            self._panel_fit = fit_rows(max(self.trace.hidden_size, self.trace.input_size),
                                       self.show_units, len(self.panel), self.box_w,
                                       panel_right() - VEC_X, PANEL_TOP + ROW_H / 2 - self.panel_bottom,
                                       least_scale(self.theme.mono, SIZES.number, False), more_h=MORE_H)
        return self._panel_fit

    def panel_row(self, q: str) -> VGroup:
        t, th, fit = self.step_index, self.theme, self.panel_fit
        path = ["steps", t, *QUANTITY_PATHS[q]]
        full = len(lookup(self.data, path))
        texts = [self.num(path + [j], LABELS[q]) for j in range(min(full, fit.shown))]
        if full - len(texts) > self.panel_more:      # the note names the vectors it is about
            self.panel_more, self.panel_size = full - len(texts), full
        top = PANEL_TOP + ROW_H / 2 - self.panel.index(q) * self.row_pitch
        vec = ValueVector(texts, th, 0, self.params.lang, horizontal=True, box_w=self.box_w,
                          columns=fit.columns)
        vec.scale(fit.scale)
        vec.move_to([VEC_X, top, 0], aligned_edge=LEFT + UP)
        label = math_label(LABELS[q], th.text, SIZES.label * 0.85, th.font)
        label.move_to([PANEL_X + 0.55, vec.boxes[0].get_center()[1], 0], aligned_edge=RIGHT)
        return VGroup(label, vec)

    @property
    def row_pitch(self) -> float:
        fit = self.panel_fit
        return fit.lines * SIZES.box_h * fit.scale + ROW_GAP

    def show_rows(self, *quantities):
        """Animations adding the panel rows of quantities not shown yet."""
        anims = []
        for q in quantities:
            if q in self.panel and q not in self.rows:
                self.rows[q] = self.panel_row(q)
                anims.append(Appear(self.rows[q]))
        if anims and self.panel_more and "_more" not in self.rows:
            # one note for the whole panel: the vectors of the state's size hide as many
            # units; a shorter one (x_t) is shown whole
            text = self.say("more_units_each", n=self.panel_more, size=self.panel_size)
            line = lambda s: cached_text(s, font=self.theme.font, color=self.theme.text,  # noqa: E731
                                         font_size=max(SIZES.number * 0.75, min_font_size(self.theme.font)))
            note = line(text)
            if note.width > panel_right() - PANEL_X:     # a long language: two lines
                note = VGroup(*map(line, balanced_halves(text))).arrange(DOWN, buff=0.04, aligned_edge=LEFT)
            note.move_to([VEC_X, 0, 0], aligned_edge=LEFT)
            if note.get_right()[0] > panel_right():      # under the labels too, not past the edge
                note.move_to([panel_right(), 0, 0], aligned_edge=RIGHT)
            note.align_to([0, PANEL_TOP + ROW_H / 2 - len(self.panel) * self.row_pitch - 0.06, 0], UP)
            self.rows["_more"] = note
            anims.append(Appear(note))
        return anims

    # ---- dots -----------------------------------------------------------------------
    def inputs_arrive(self):
        """Dots for the cell's inputs at their ports, and their panel rows."""
        self.play(*self.diagram.arrive(self.dot_label), *self.show_rows(*self.diagram.inputs),
                  run_time=TIMING.fade)

    def run_op(self, name: str, caption: bool = True):
        """Animate one op of the flow (the diagram's plays) with its caption, legend entry
        and panel rows."""
        op = self.diagram.ops[name]
        plays = self.diagram.run_op(name, self.dot_label)
        legend = self.legend.add_entries(GLYPH_KEYS[op.kind]) if op.kind in GLYPH_KEYS else None
        self.remove(*plays.set_off)
        self.add(*plays.travellers)
        self.play(*plays.travel, *([legend] if legend else []), *self.show_rows(*op.inputs),
                  run_time=TIMING.move)
        settle = [*plays.settle, *self.show_rows(op.output)]
        if caption and op.kind != "concat":     # the equation and its value arrive with the result
            self.set_caption(self.equation(op), line=1, along=settle)
        else:
            self.play(*settle, run_time=TIMING.fade)

    def equation(self, op) -> str:
        t = self.step_index
        value = self.vec_text(["steps", t, *QUANTITY_PATHS[op.output]], LABELS[op.output])
        return equation_text(op, self.gate_names, value)

    def outputs_leave(self):
        """The cell's outputs travel to their ports on the right."""
        clear, dots, moves = self.diagram.leave(self.outputs, self.dot_label)
        self.play(*clear, run_time=TIMING.fade / 2)
        self.add(*dots)
        self.play(*moves, run_time=TIMING.move)

    # ---- the point of a trained model's gates ------------------------------------------
    def show_decisive_units(self):
        """Where the keep gate (LSTM f, GRU z) has a unit below 0.1 and another above 0.9 at
        this step (cells.gates.decisive_check), a section that says which and rings both
        values in the panel; nothing where the units do not disagree so (untrained gates)."""
        t = self.step_index
        check = gates.decisive_check(self.trace, t + 1)
        if not check["decisive"]:
            return
        self.blocks["decisive"] = check
        g = check["gate"]
        units = [check["low_unit"], check["high_unit"]]
        lo, hi = (self.num([k], "unit (1-based)", block="decisive", style="plain")
                  for k in ("low_unit", "high_unit"))
        a, b = (self.num(["steps", t, "gates", g, u - 1], f"{g}_t unit {u}") for u in units)
        self.section("decisive", self.say(f"cap_decisive_{g}", lo=lo, hi=hi, a=a, b=b))
        boxes = self.rows[g][1].boxes
        rings = [Rectangle(width=boxes[u - 1].width + 0.08, height=boxes[u - 1].height + 0.08,
                           stroke_color=self.theme.highlight, stroke_width=4).move_to(boxes[u - 1])
                 for u in units if u <= len(boxes)]
        if rings:
            self.play(*[Appear(r) for r in rings], run_time=TIMING.fade)
        self.wait(TIMING.read)

    # ---- dimming --------------------------------------------------------------------
    def focus(self, groups, ops=()):
        """Dim every glyph and wire that does not belong to `groups` or to the op names
        `ops` (groups None: undim all)."""
        anims = self.diagram.focus(groups, ops)
        if anims:
            # On top (with the dots that sit on them), so dimming redraws only these parts
            # instead of everything Manim finds above the cell in the scene's order.
            self.bring_to_front(*[a.mobject for a in anims], *self.diagram.waiting.values())
            self.play(*anims, run_time=TIMING.fade)
