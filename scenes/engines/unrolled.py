"""The unrolled cell (article item 16, the header animation): `lstm-chain`, `gru-chain`.

A row of identical cells, one per time step: the active cell is drawn in full, its
neighbours faded. At each step the input vector rises into the active cell, the
cell's new state (C_t and h_t for the LSTM, h_t for the GRU) appears above it with its
real values, and labelled dots carry the state to the next cell; then the chain slides
one cell to the left. At most `--window` cells (default 3) are visible at once.

Cost: the cells are the same drawing at every step, so a pool of window + 1 scaled
CellDiagrams is built once and recycled (the one leaving on the left becomes the next
one entering on the right); a slide is one copy-free Glide of the visible mobjects.

The engine; the stories are lstm_chain.py and gru_chain.py.
"""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, VGroup, VMobject, config

from cells import InputError

from scenes.engines.base import IllustratedScene
from scenes.parts.cell_diagram import CellDiagram
from scenes.parts.fit import fit_rows, keep_readable, least_scale
from scenes.parts.labels import math_label
from scenes.parts.motion import Appear, Dim, Glide, Travel, Vanish, at_once, fresh_copy, second_half
from scenes.parts.text import cached_text
from scenes.parts.theme import SAFE_MARGIN, SIZES, TIMING
from scenes.parts.vectors import MORE_BUFF, ValueVector, more_mark
from scenes.parts.wires import ValueDot

DEFAULT_WINDOW, MAX_WINDOW = 3, 5
FADED = 0.3              # opacity of the cells that are not computing
MAX_SLOT = 5.2           # widest slot (one cell) in scene units: the column must fit
ROWS_TOP, ROWS_H = 2.85, 0.94   # the state rows above the cells (room for C_t and h_t)
X_H, WORD_H = 1.75, 0.45        # the input vector under a cell (at most), a token under it
BOTTOM = -3.2                   # the caption starts below this


def state_label(q: str, t) -> str:
    """'C_3' or 'h_3': the carried state `q` ('c' or 'h') of step t."""
    return f"{'C' if q == 'c' else 'h'}_{t}"


def window_starts(T: int, n: int) -> list:
    """The first visible step while step t is computed, for every t (0-based).

    The active cell moves right until it reaches the middle slot ((n − 1) // 2), then the
    chain slides one cell per step, and at the end the last cells stay while the active
    cell moves on to the right."""
    n = min(n, T)
    return [max(0, min(t - (n - 1) // 2, T - n)) for t in range(T)]


class UnrolledScene(IllustratedScene):
    """Subclasses set `cell`, `states` (the carried quantities, top first) and `layout_for`."""

    states = ("h",)

    def layout_for(self):
        raise NotImplementedError

    def subtitle_text(self) -> str:
        return f"{self.say('chain_same_cell')} · {self.run_note(verdict=False)}"

    # ---- geometry -------------------------------------------------------------------
    def setup_geometry(self):
        lay = self.layout
        xs = [p[0] for p in lay.ports.values()]
        self.span_lo, span = min(xs), max(xs) - min(xs)
        # as wide as the window allows, as tall as the column (rows, cell, x_t, token) allows
        below = (lay.box_center[1] - min(p[1] for p in lay.ports.values())) + lay.box_size[1] / 2
        self.rows_top = min(ROWS_TOP, self.title_bottom - 0.1)     # under a larger title
        room = self.rows_top - ROWS_H - 0.14 - 0.12 - X_H - (WORD_H if self.trace.tokens else 0) - BOTTOM
        # the chain's end ports (where the first and last state dots wait) inside the safe area
        usable = config.frame_width * (1 - 2 * SAFE_MARGIN) - 2 * SIZES.dot_r - 0.1
        self.s = min(MAX_SLOT, usable / self.n_vis) / span
        self.s = min(self.s, room / below)
        self.slot = self.s * span
        self.left = -self.n_vis * self.slot / 2
        self.cell_y = self.rows_top - ROWS_H - 0.14 - lay.box_size[1] / 2 * self.s

    def to_scene(self, k: float, p) -> np.ndarray:
        """Layout point p of the cell in visible slot k, in scene coordinates."""
        lay, s = self.layout, self.s
        return np.array([self.left + k * self.slot + (p[0] - self.span_lo) * s,
                         self.cell_y + (p[1] - lay.box_center[1]) * s, 0.0])

    def place(self, diagram, k: float):
        diagram.shift(self.to_scene(k, self.layout.box_center) - diagram.box.get_center())

    # ---- building -------------------------------------------------------------------
    def new_diagram(self) -> CellDiagram:
        d = CellDiagram(self.cell, self.trace.variant, self.layout, self.theme,
                        outputs=self.states, projection=self.trace.proj_size > 0)
        d.scale(self.s)
        keep_readable(d)
        for w in d.wires.values():            # keep wires in proportion to the small cell
            w.line.set_stroke(width=SIZES.wire_width * max(0.55, self.s * 1.3))
        return d

    def column(self, t: int, k: int) -> dict:
        """The input vector (and token) of step t under visible slot k; the cell comes from
        the pool."""
        th = self.theme
        col = {"t": t, "cell": None, "rows": None}
        x = self.fitted_vector(["steps", t, "x"], f"x_{self.pos(t)}", min(self.slot - 0.25, 1.6), X_H)
        port = self.to_scene(k, self.layout.ports["in:x"])
        x.move_to([port[0], 0, 0]).align_to([0, port[1] - 0.12, 0], UP)
        col["x"] = x
        col["word"] = None
        if self.trace.tokens:
            word = cached_text(self.token(t), font=th.font, font_size=SIZES.label, color=th.text)
            if word.width > self.slot - 0.2:
                word.scale_to_fit_width(self.slot - 0.2)
            lo = self.left + k * self.slot + word.width / 2 + 0.1
            hi = self.left + (k + 1) * self.slot - word.width / 2 - 0.1
            word.move_to([min(max(port[0], lo), hi), 0, 0])
            word.align_to([0, x.get_bottom()[1] - 0.12, 0], UP)
            col["word"] = word
        return col

    def state_rows(self, t: int, k: int) -> VGroup:
        """'C_t [..]' and 'h_t [..]' above the cell of step t: its real new state."""
        th = self.theme
        rows = VGroup()
        labels = [math_label(state_label(q, self.pos(t)), th.text, SIZES.label * 0.85, th.font)
                  for q in self.states]
        size = len(self.data["steps"][t][self.states[0]])
        room = self.slot - 0.2 - max(lab.width for lab in labels) - 0.12
        # the widest mark it can need, and a gap before the next column's label
        more_w = more_mark(size, th, self.params.lang).width + MORE_BUFF + 0.2
        fit = fit_rows(size, self.show_units, 1, self.box_w, room, SIZES.box_h,
                       least_scale(th.mono, SIZES.number, False), gap=0, more_w=more_w, max_lines=1)
        for q, label in zip(self.states, labels):
            texts = [self.num(["steps", t, q, j], state_label(q, self.pos(t))) for j in range(fit.shown)]
            vec = ValueVector(texts, th, size - fit.shown, self.params.lang, horizontal=True,
                              box_w=self.box_w, scale=fit.scale)
            label.next_to(vec.boxes, LEFT, buff=0.12)
            rows.add(VGroup(label, vec))
        rows.arrange(DOWN, buff=0.1, aligned_edge=RIGHT)
        box = self.to_scene(k, self.layout.box_center)
        top = box[1] + self.layout.box_size[1] / 2 * self.s
        rows.move_to([box[0], 0, 0]).align_to([0, top + 0.14, 0], DOWN)
        return rows

    def state_dot(self, q: str, t: int) -> ValueDot:
        """The dot carrying state q after step t (t = 0: the initial state)."""
        return ValueDot(state_label(q, t), self.theme)   # full size: its subscript stays readable

    @staticmethod
    def parts(col: dict) -> list:
        return [m for m in (col["cell"], col["x"], col["word"], col["rows"]) if m is not None]

    # ---- the scene --------------------------------------------------------------------
    def construct(self):
        p = self.params
        T = self.trace.steps
        window = DEFAULT_WINDOW if p.window is None else p.window
        if not 1 <= window <= MAX_WINDOW:
            raise InputError("--window", f"is {window}; the {self.scene_id} scene shows 1 to "
                                         f"{MAX_WINDOW} cells at once (the sequence scene shows longer rows)")
        self.n_vis = n = min(window, T)
        self.layout = self.layout_for()
        title = self.title_block(self.subtitle_text())
        self.setup_geometry()
        starts = window_starts(T, n)
        self.starts = starts

        pool = [self.new_diagram() for _ in range(n + 1)]
        cols = {}
        for k in range(n):
            cols[k] = self.column(k, k)
            cols[k]["cell"] = pool.pop()
            self.place(cols[k]["cell"], k)
        waiting = {}                         # state -> dot waiting at the next cell's in-port
        for q in self.states:
            waiting[q] = self.state_dot(q, 0).move_to(self.to_scene(0, self.layout.ports[f"in:{q}_prev"]))
        self.add(title)
        self.play(*[Appear(c["cell"], opacity=FADED) for c in cols.values()],
                  *[Appear(m) for c in cols.values() for m in (c["x"], c["word"]) if m is not None],
                  *[Appear(d) for d in waiting.values()], run_time=TIMING.fade * 2)
        self.set_caption(self.intro_caption())
        self.wait(TIMING.pause)

        first, active = 0, None
        for t in range(T):
            self.bring_to_front(*self.caption_lines.values())   # its fade redraws only it
            self.section(f"step-{t + 1}", self.step_caption(t))
            # slide the chain while the active cell is past the middle
            while first < starts[t]:
                k_new = first + n
                new = self.column(k_new, n)
                new["cell"] = pool.pop()
                self.place(new["cell"], n)
                old = cols.pop(first)
                movers = [m for c in cols.values() for m in self.parts(c)] + self.parts(new) \
                    + list(waiting.values())
                fades = [Vanish(m, opacity=self.opacity(old, m)) for m in self.parts(old)]
                self.play(Glide(movers, LEFT * self.slot), *fades,
                          Appear(new["cell"], opacity=FADED),
                          *[Appear(m) for m in (new["x"], new["word"]) if m is not None],
                          run_time=TIMING.fade * 1.6)
                pool.append(old["cell"])
                cols[k_new] = new
                first += 1
            k = t - first
            col = cols[t]
            # the input rises into the cell, the state dots enter it, the cell lights up
            riser = fresh_copy(col["x"])
            port = self.to_scene(k, self.layout.ports["in:x"])
            lights = [Dim(col["cell"], FADED, 1.0)]
            if active is not None and active in cols:
                lights.append(Dim(cols[active]["cell"], 1.0, FADED))
            # Cairo redraws every frame only what follows the first animated mobject in the
            # scene's list: put the few that change last (nothing else overlaps them)
            self.bring_to_front(*[a.mobject for a in lights], col["x"], *waiting.values())
            self.play(Glide(riser, port - riser.boxes.get_top() + DOWN * 0.05, scale=0.25),
                      Vanish(riser, rate_func=second_half), Dim(col["x"], 1.0, SIZES.ghost, rate_func=at_once),
                      *lights,
                      *[Glide(d, RIGHT * 0.45 * self.s) for d in waiting.values()],
                      *[Vanish(d) for d in waiting.values()], run_time=TIMING.move * 0.8)
            col["x_ghost"] = True
            active = t
            # the new state: its values above the cell, its dots on the way to the next cell
            col["rows"] = self.state_rows(t, k)
            waiting, moves = {}, []
            for q in self.states:
                wire = col["cell"].wire(dst=f"out:{q}")
                pts = np.vstack([wire.line.get_start_anchors(), wire.line.get_end_anchors()[-1:]])
                if t + 1 < T:      # on into the next cell's in-port
                    pts = np.vstack([pts, pts[-1] + RIGHT * 0.3 * self.s])
                path = VMobject().set_points_as_corners(pts)
                dot = self.state_dot(q, self.pos(t)).move_to(pts[0])
                waiting[q] = dot
                moves.append(Travel(dot, path))
            self.add(*waiting.values())
            self.play(Appear(col["rows"]), *moves, run_time=TIMING.move)
            self.wait(TIMING.pause / 2)

        self.section("done", self.done_caption())
        self.wait(TIMING.read)
        if self.trace.readout is not None:
            self.section("verdict", self.verdict_caption())
            self.wait(TIMING.read)

    @staticmethod
    def opacity(col: dict, m) -> float:
        if m is col["cell"]:
            return FADED
        if m is col["x"] and col.get("x_ghost"):
            return SIZES.ghost
        return 1.0

    # ---- captions ---------------------------------------------------------------------
    def intro_caption(self) -> str:
        vals = {q: self.vec_text(["c0" if q == "c" else "h0"], state_label(q, 0))
                for q in self.states}
        return self.say(f"cap_chain_intro_{self.cell}", h=vals["h"], c=vals.get("c", ""))

    def step_caption(self, t: int) -> str:
        key = "last" if t == self.trace.steps - 1 else "step"     # the last step passes nothing on
        return self.say(f"cap_chain_{key}_{self.cell}", t=self.step_no(t), word=self.word(t))

    def done_caption(self) -> str:
        T = self.trace.steps
        last = self.pos(T - 1)
        vals = {q: self.vec_text(["steps", T - 1, q], state_label(q, last))
                for q in self.states}
        self.blocks["chain"] = {"steps": T}
        n = self.num(["steps"], "steps", block="chain", style="plain")
        steps = self.say("one_step" if T == 1 else "n_steps", n=n)
        return self.say(f"cap_chain_done_{self.cell}", T=last, steps=steps, h=vals["h"], c=vals.get("c", ""))
