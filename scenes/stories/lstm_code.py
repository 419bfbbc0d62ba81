"""The article's pseudocode card (item 15) beside a small LSTM cell: the current line is
highlighted while the cell lights up the operations it runs, and each variable's real
value of step --step appears next to its line.

The card is plain Text in the shipped monospaced font (no LaTeX, no Pygments); which
ops a line runs comes from the LSTM's data flow (cells/flow.py) through CellDiagram. An
LSTM with a projection gets its line and op: h = W_hr @ (o * tanh(C)).
"""

import re

from manim import DOWN, LEFT, RIGHT, UP, Create, Rectangle, RoundedRectangle, VGroup, smooth

from scenes.engines.base import IllustratedScene, lookup
from scenes.parts.cell_diagram import LABELS, CellDiagram
from scenes.engines.gated import op_expression
from scenes.engines.lstm_steps import GATE_NAMES
from scenes.parts.layouts import LSTM_LAYOUT
from scenes.parts.fit import keep_readable, safe_width
from scenes.parts.numbers import fmt
from scenes.parts.motion import Appear, Dim, Glide, Vanish, natural_opacities, set_opacity_factor
from scenes.parts.text import cached_text, merged
from scenes.parts.theme import SIZES, TIMING

CARD_LEFT, CARD_TOP = -6.7, 3.75    # inside the frame's safe area
PAD_X, PAD_Y = 0.22, 0.2
PITCH = 0.4             # one code row: 1.45 em at the projector's code size, 1.7 at the article's
VALUE_GAP = 0.25          # card edge to the value column
CELL_GAP = 0.35           # between the values and the small cell
MARKER = "\u2502"         # a full-height glyph: every row shares its baseline and left edge
KEYWORDS = ("def", "for", "in", "return")
CELL_ROWS = ("return", "init_C", "init_h", "loop", "call")   # the small cell sits beside these
SIDE_CHARS = 20           # a value beside the cell keeps 'x = [0.77, −4.15, …]' (a projector,
                          # showing fewer entries, two thirds of it: 'x = [0.77, …]')

# (row id, code). {H} is the hidden size; row ids name what the row shows and runs.
CODE = (
    ("def", "def lstm_cell(prev_C, prev_h, x):"),
    ("combine", "    combine = concat(prev_h, x)"),
    ("forget", "    f = forget_layer(combine)"),
    ("candidate", "    candidate = candidate_layer(combine)"),
    ("input", "    i = input_layer(combine)"),
    ("cell_state", "    C = prev_C * f + candidate * i"),
    ("output", "    o = output_layer(combine)"),
    ("hidden", "    h = {hidden}"),
    ("return", "    return h, C"),
    ("", ""),
    ("init_C", "C = {C0}"),
    ("init_h", "h = {h0}"),
    ("loop", "for x in inputs:"),
    ("call", "    h, C = lstm_cell(C, h, x)"),
)
# What each row's value is (trace paths below steps[t]), and which ops of the flow it runs.
VALUES = {"def": ("prev_C = ", ["c_prev"]), "combine": ("= ", ["h_prev"], ["x"]),
          "forget": ("= ", ["gates", "f"]), "candidate": ("= ", ["gates", "g"]),
          "input": ("= ", ["gates", "i"]), "cell_state": ("= ", ["c"]),
          "output": ("= ", ["gates", "o"]), "hidden": ("= ", ["h"])}
RUNS = {"combine": ("concat",), "forget": ("sigma_f",), "candidate": ("tanh_g",),
        "input": ("sigma_i",), "cell_state": ("mul_f", "mul_i", "add_c"),
        "output": ("sigma_o",), "hidden": ("tanh_c", "mul_o", "project_h")}
HIDDEN = {False: "o * tanh(C)", True: "W_hr @ (o * tanh(C))"}        # with a projection
# Sections: (name, rows highlighted, ports whose wires light up)
SECTIONS = (
    ("init", ("init_C", "init_h"), ("in:c_prev", "in:h_prev")),
    ("loop", ("loop", "call"), ("in:x",)),
    ("combine", ("def", "combine"), ()),
    ("forget", ("forget",), ()),
    ("candidate", ("candidate",), ()),
    ("input", ("input",), ()),
    ("cell_state", ("cell_state",), ()),
    ("output", ("output",), ()),
    ("hidden", ("hidden",), ()),
    ("return", ("return",), ("out:c", "out:h")),
)
# Ports of the cell, named as the code names them.
PORT_NAMES = {"in:c_prev": "prev_C", "in:h_prev": "prev_h", "in:x": "x", "out:c": "C", "out:h": "h"}
EQUATION_OPS = {"forget": "sigma_f", "candidate": "tanh_g", "input": "sigma_i",
                "output": "sigma_o"}
EQUATIONS = {"cell_state": "C_t = f_t ⊙ C_{t−1} + i_t ⊙ C~_t", "hidden": "h_t = o_t ⊙ tanh(C_t)",
             "combine": "combine = [h_{t−1}, x_t]"}


class LSTMCode(IllustratedScene):
    one_line_captions = True    # line 1 shows each line's equation
    scene_id = "lstm-code"
    cell = "lstm"

    def construct(self):
        th, t = self.theme, self.step_index
        projected = self.trace.proj_size > 0
        self.code_size = SIZES.tick        # code at the smallest readable size: 16 lines must fit
        self.char_w = cached_text("M" * 20, font=th.mono, font_size=self.code_size).width / 20
        zeros = not any(self.data["h0"]) and not any(self.data["c0"])
        if zeros:       # h has the projection's size where there is one
            size = self.num(["hidden_size"], "hidden size", style="plain")
            h_size = self.num(["proj_size"], "projection size", style="plain") if projected else size
            init = {"C0": f"zeros({size})", "h0": f"zeros({h_size})"}
        else:
            init = {"C0": "c0", "h0": "h0"}
        init["hidden"] = HIDDEN[projected]

        # the card
        self.rows, self.code_lines = {}, {}
        width = max(len(code.format(**init)) for _, code in CODE) * self.char_w + 2 * PAD_X + self.char_w
        height = len(CODE) * PITCH + 2 * PAD_Y
        card = RoundedRectangle(width=width, height=height, corner_radius=0.15,
                                fill_color=th.card_fill, fill_opacity=1,
                                stroke_color=th.card_stroke, stroke_width=2)
        card.move_to([CARD_LEFT + width / 2, CARD_TOP - height / 2, 0])
        self.card = card
        lines = VGroup()
        for k, (row, code) in enumerate(CODE):
            y = CARD_TOP - PAD_Y - PITCH * (k + 0.5)
            self.rows[row] = y
            if code:
                self.code_lines[row] = self.code_line(code.format(**init), CARD_LEFT + PAD_X, y)
                lines.add(self.code_lines[row])
        self.bar = Rectangle(width=width - 0.12, height=PITCH, stroke_width=0,
                             fill_color=th.highlight, fill_opacity=0.3)
        self.value_x = card.get_right()[0] + VALUE_GAP

        # the values, built now (numbers recorded in order) and shown row by row: those
        # beside the small cell in its room, the others to the frame's edge
        self.values = {}
        right = safe_width() / 2
        wide = int((right - self.value_x) / self.char_w)
        side = round(SIDE_CHARS * SIZES.units)
        self.values["init_C"] = self.value_text("= ", [["c0"]], side, top=True)
        self.values["init_h"] = self.value_text("= ", [["h0"]], side, top=True)
        self.values["loop"] = self.value_text("x = ", [["steps", t, "x"]], side, top=True)
        for row, (prefix, *paths) in VALUES.items():
            self.values[row] = self.value_text(prefix, [["steps", t, *p] for p in paths], wide)
        for row, mob in self.values.items():
            mob.move_to([self.value_x, self.rows[row], 0], aligned_edge=LEFT)
            mob.shift(UP * -mob.marker_dy)

        # the cell, as large as fits beside the card's last rows, right of their values
        self.diagram = d = CellDiagram("lstm", None, LSTM_LAYOUT, th, outputs=("c", "h"),
                                       projection=projected)
        ports = self.port_labels()
        d.add(ports)
        left = max(self.values[r].get_right()[0] for r in CELL_ROWS if r in self.values) + CELL_GAP
        top, bottom = self.rows[CELL_ROWS[0]] + PITCH / 2, card.get_bottom()[1]
        d.scale(min(0.6, (right - left) / d.width, (top - bottom) / d.height))
        keep_readable(ports)          # its labels grow back to readable: fit it again
        d.scale(min(1.0, (right - left) / d.width))
        keep_readable(ports)
        d.move_to([right - d.width / 2, (top + bottom) / 2, 0])

        self.bar.move_to([card.get_x(), 0, 0])
        natural_opacities(self.bar)
        set_opacity_factor(self.bar, 0.0)      # shown by the first section
        # The bar is a translucent marker over the text, drawn last (z 1): Manim redraws
        # every frame all it draws after a moving mobject, so a bar under the text would
        # redraw the whole card while it moves.
        self.bar.set_z_index(1)
        note = cached_text(self.run_note(t), font=th.font, font_size=SIZES.tick, color=th.text)
        if note.width > safe_width():
            note.scale_to_fit_width(safe_width())
        note.next_to(card, DOWN, buff=0.25).align_to(card, LEFT)
        self.add(card, lines, self.bar, note)
        self.play(Appear(self.diagram), run_time=TIMING.fade)
        self.highlights = VGroup()
        first = True
        for name, rows, ports in SECTIONS:
            self.section(name, self.caption(name, zeros))
            anims = self.show_rows(rows, first) + self.light(rows, ports)
            first = False
            eq = self.equation(name)     # the last section's equation goes with its caption
            self.play(*anims, *self.clear_caption(1), run_time=TIMING.move)
            if eq:
                self.set_caption(eq, line=1)
            if name == "return":     # back in the loop, for the next step
                self.wait(TIMING.pause)
                self.play(*self.show_rows(("call",), False), run_time=TIMING.fade)
            self.wait(TIMING.read)

    # ---- the card -------------------------------------------------------------------
    def code_line(self, code: str, x: float, y: float) -> VGroup:
        th = self.theme
        text = MARKER + code
        colours = {}
        for m in re.finditer(r"\b(" + "|".join(KEYWORDS) + r")\b", code):
            colours[f"[{m.start() + 1}:{m.end() + 1}]"] = th.sigmoid
        for m in re.finditer(r"\b(\w+)(?=\()", code):
            if m[1] not in KEYWORDS:
                colours[f"[{m.start() + 1}:{m.end() + 1}]"] = th.tanh
        mob = cached_text(text, glyphs=True, font=th.mono, font_size=self.code_size, color=th.text,
                          t2c=colours)
        marker = mob[0]
        mob.shift([x - marker.get_left()[0], y - marker.get_y(), 0])
        mob.remove(marker)
        mob.text = code
        return merged(mob)

    def value_text(self, prefix: str, paths: list, chars: int, top: bool = False) -> VGroup:
        """'= [0.57, 0.65, 0.62]' with every number through num(), in at most `chars`
        characters (the longest vector gives up entries, '…' says so); `marker_y` is its
        row line."""
        def parts(counts, number):
            out = []
            for p, k in zip(paths, counts):
                out += [number(p, j) for j in range(k)] + (["…"] if k < len(lookup(self.data, p)) else [])
            return out

        draft = lambda p, j: fmt(float(lookup(self.data, p + [j])), self.params.decimals)  # noqa: E731
        counts = [min(len(lookup(self.data, p)), self.show_units) for p in paths]
        while len(prefix) + 2 + len(", ".join(parts(counts, draft))) > chars and max(counts) > 1:
            counts[counts.index(max(counts))] -= 1
        label = lambda p: ".".join(str(j) for j in p[2:] if not top) or p[-1]  # noqa: E731
        parts = parts(counts, lambda p, j: self.num(p + [j], label(p)))
        mob = cached_text(MARKER + prefix + "[" + ", ".join(parts) + "]", glyphs=True,
                          font=self.theme.mono, font_size=self.code_size, color=self.theme.text,
                          t2c={f"[1:{1 + len(prefix)}]": self.theme.muted})
        marker = mob[0]
        mob.remove(marker)
        mob.text = mob.text[len(MARKER):]
        mob = merged(mob)
        mob.marker_dy = marker.get_y() - mob.get_y()   # the row line, from the centre
        return mob

    def show_rows(self, rows, first: bool) -> list:
        """Animations moving the highlight bar over `rows` and showing their values."""
        ys = [self.rows[r] for r in rows]
        y, h = (max(ys) + min(ys)) / 2, max(ys) - min(ys) + PITCH
        quick = lambda a: smooth(min(1.0, a / 0.4))  # noqa: E731  (the bar leads the wires)
        anims = [Appear(self.values[r], rate_func=quick) for r in rows
                 if r in self.values and self.values[r] not in self.mobjects]
        self.bar.stretch(h / self.bar.height, 1)
        if first:
            self.bar.move_to([self.bar.get_x(), y, 0])
            anims.append(Dim(self.bar, 0.0, 1.0, rate_func=quick))
        else:
            anims.append(Glide(self.bar, [0, y - self.bar.get_y(), 0], rate_func=quick))
        return anims

    # ---- the cell -------------------------------------------------------------------
    def port_labels(self) -> VGroup:
        """The code's names at the cell's inputs and outputs (before the cell is scaled)."""
        th, d, out = self.theme, self.diagram, VGroup()
        for port, name in PORT_NAMES.items():
            at = [*d.layout.ports[port], 0]
            label = cached_text(name, font=th.mono, font_size=self.code_size * 2.1, color=th.text)
            if port == "in:x":
                label.next_to(at, RIGHT, buff=0.15).shift(UP * 0.2)
            elif port == "in:c_prev":    # above the box: the belt's first glyph is close
                label.next_to(at, UP + RIGHT, buff=0.1).align_to(d.box, DOWN)
                label.shift(UP * (d.box.height + 0.1))
            elif port == "in:h_prev":    # before the wire: above it, x's wire would cross it
                label.next_to(at, LEFT, buff=0.1)
            else:
                label.next_to(at, UP + LEFT, buff=0.1)
            out.add(label)
        return out

    def light(self, rows, ports) -> list:
        """Animations lighting the wires and glyphs the rows run (and the given ports)."""
        th, d = self.theme, self.diagram
        old = list(self.highlights)
        self.highlights = VGroup()
        ops = [op for r in rows for op in RUNS.get(r, ()) if op in self.diagram.ops]
        lit = d.wires_touching(ports, into=ops)
        wires = [w.line.copy().set_stroke(th.highlight, width=6, opacity=0.9) for w in lit]
        rings = []
        for name in ops:
            g = d.glyphs[name]
            pad = 0.06
            ring = RoundedRectangle(width=g.width + 2 * pad, height=g.height + 2 * pad,
                                    corner_radius=(min(g.width, g.height) / 2 + pad) * 0.9,
                                    stroke_color=th.highlight, stroke_width=4, fill_opacity=0)
            rings.append(ring.move_to(g))
        self.highlights.add(*wires, *rings)
        for m in wires + rings:
            m.set_z_index(1)
        return [Vanish(m) for m in old] + [Create(w) for w in wires] + [Appear(r) for r in rings]

    # ---- words ----------------------------------------------------------------------
    def caption(self, name: str, zeros: bool) -> str:
        if name == "init":
            return self.say("code_init_zeros" if zeros else "code_init_given")
        if name == "loop":
            return self.say("code_loop", t=self.step_no(self.step_index), word=self.word(self.step_index))
        return self.say(f"code_{name}")

    def equation(self, name: str) -> str | None:
        if name in EQUATION_OPS:
            op = self.diagram.ops[EQUATION_OPS[name]]
            return f"{LABELS[op.output]} = {op_expression(op, GATE_NAMES)}"
        if name == "hidden" and self.trace.proj_size:
            return "h_t = W_hr·(o_t ⊙ tanh(C_t))"
        return EQUATIONS.get(name)
