"""Sequences (article items 2 and 3): words become vectors and a row of RNN cells reads
them one by one; the hidden state passes from one cell to the next.

`sequence`: the tokens of --text (default "What time is it?" when no input is given) turn
into their embedding vectors (trace.tokens, x), or plain --input vectors are shown; then
each vector rises into its cell and the cell shows its real h_t. At most --window cells
(default 10) are visible; for longer inputs the row slides along.

`hidden-state`: two cells (or --window N, at most 4) from step --step (default 1): h_t leaves
one cell with its real values and enters the next, where it is the previous hidden state.
"""

from manim import (DOWN, LEFT, UP, Dot, RoundedRectangle, VGroup)

from cells import InputError

from scenes.engines.base import IllustratedScene
from scenes.parts.glyphs import ActivationGlyph
from scenes.parts.motion import Appear, Dim, Glide, Vanish
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.vectors import ValueVector, vector_width
from scenes.parts.wires import ValueDot, Wire

SEQ_WINDOW = 10
HIDDEN_WINDOW, HIDDEN_MAX = 2, 4
GHOST = 0.3              # opacity of an input vector after it rose into its cell


class RNNBlock(VGroup):
    """A small RNN cell: the mint rounded square with a tanh layer inside."""

    def __init__(self, theme, width: float, height: float):
        super().__init__()
        self.box = RoundedRectangle(width=width, height=height, corner_radius=min(width, height) * 0.18,
                                    fill_color=theme.cell_fill, fill_opacity=1,
                                    stroke_color=theme.cell_stroke, stroke_width=3)
        self.glyph = ActivationGlyph("tanh", theme, radius=min(width, height) * 0.22)
        self.add(self.box, self.glyph)


class ChainScene(IllustratedScene):
    """Shared helpers: value vectors scaled to fit a slot."""

    def vector(self, path, label: str, fit: float, fit_h: float = 2.0, **kw) -> ValueVector:
        """A labelled value vector, scaled down to fit `fit` wide and `fit_h` high."""
        texts, more = self.nums(path, label)
        width = max(self.box_w, vector_width(texts))
        v = ValueVector(texts, self.theme, more, self.params.lang, label=label, box_w=width, **kw)
        k = min(1.0, fit / v.width, fit_h / v.height)
        if k < 1.0:
            v.scale(k)
        return v


class Sequence(ChainScene):
    scene_id = "sequence"
    cell = "rnn"

    # ---- layout ---------------------------------------------------------------------------
    CELL_Y, WORD_Y = 0.55, -2.55

    def slot_x(self, k: int) -> float:
        """Centre of visible slot k (0 = leftmost)."""
        return -self.slot * self.n_vis / 2 + self.slot * (k + 0.5)

    def build_column(self, t: int, k: int) -> dict:
        """The mobjects of step t (0-based) placed in visible slot k."""
        th, x = self.theme, self.slot_x(k)
        c = self.cell_size
        col = {"cell": RNNBlock(th, c, c).move_to([x, self.CELL_Y, 0])}
        col["wire"] = Wire([(x - self.slot + c / 2, self.CELL_Y), (x - c / 2, self.CELL_Y)], th,
                           src=f"cell{t}", dst=f"cell{t + 1}", quantity="h")
        col["x"] = self.vector(["steps", t, "x"], f"x_{t + 1}", self.slot - 0.16, 1.85)
        col["x"].next_to([x, self.CELL_Y - c / 2 - 0.3, 0], DOWN, buff=0)
        if self.words is not None:
            word = self.words[t]
            if word.width > self.slot - 0.12:
                word.scale_to_fit_width(self.slot - 0.12)
            col["word"] = word.shift([x - word.get_center()[0], 0, 0])
        col["h"] = None
        return col

    def word_row(self, tokens):
        """One glyph group per token, cut from a single Text so all share one baseline."""
        if not tokens:
            return None
        th = self.theme
        line = cached_text(" ".join(tokens), glyphs=True, font=th.font, font_size=SIZES.label, color=th.text,
                           disable_ligatures=True)
        chars = line.submobjects
        if len(chars) != len(" ".join(tokens)):
            raise RuntimeError("the words did not render one glyph per character")
        line.shift([0, self.WORD_Y - line.get_center()[1], 0])
        words, at = [], 0
        for tok in tokens:
            words.append(VGroup(*chars[at:at + len(tok)]))
            at += len(tok) + 1
        return words

    @staticmethod
    def parts(col: dict) -> list:
        return [m for m in (col.get("word"), col["x"], col["cell"], col["wire"], col["h"]) if m is not None]

    def construct(self):
        th = self.theme
        T = self.trace.steps
        window = self.params.window if self.params.window is not None else SEQ_WINDOW
        self.n_vis = min(T, window)
        self.slot = min(2.2, 13.2 / self.n_vis)
        self.cell_size = min(1.05, self.slot * 0.62)
        title = cached_text(self.say("title_sequence"), font=th.font, font_size=SIZES.title,
                            color=th.text).to_edge(UP, buff=0.3)
        self.add(title)
        self.words = self.word_row(self.trace.tokens)
        cols = {t: self.build_column(t, t) for t in range(self.n_vis)}
        words = [cols[t]["word"] for t in cols if "word" in cols[t]]

        # 1. the input: words (or plain vectors)
        if words:
            self.section("words", self.say("cap_seq_words"))
            self.play(*[Appear(w) for w in words], run_time=TIMING.fade * 2)
            self.section("vectors", self.say("cap_seq_vectors"))
        else:
            self.section("inputs", self.say("cap_seq_inputs"))
        self.play(*[Appear(cols[t]["x"]) for t in cols], run_time=TIMING.fade * 2)
        self.wait(TIMING.pause)

        # 2. the cells read them one by one
        self.section("process", self.say("cap_seq_process"))
        self.play(*[Appear(VGroup(cols[t]["cell"], cols[t]["wire"])) for t in cols],
                  run_time=TIMING.fade * 2)
        first = 0
        for t in range(T):
            if t >= first + self.n_vis:          # slide the window one slot to the left
                new = self.build_column(t, self.n_vis)
                old = cols.pop(first)
                movers = [m for s in cols.values() for m in self.parts(s)]
                self.play(Glide(movers + self.parts(new) + self.parts(old), LEFT * self.slot),
                          *[Vanish(m, opacity=GHOST if old.get("ghost") and m is old["x"] else 1.0)
                            for m in self.parts(old)],
                          *[Appear(m) for m in self.parts(new)], run_time=TIMING.fade * 1.4)
                cols[t] = new
                first += 1
            col, k = cols[t], t - first
            x = self.slot_x(k)
            riser = col["x"].boxes.copy()      # the vector rises into its cell; a ghost stays
            if hasattr(riser, "_natural_opacity"):   # (its boxes only: copying text is slow)
                del riser._natural_opacity
            rise = self.CELL_Y - riser.get_center()[1]
            self.play(Glide(riser, UP * rise, scale=0.2), Vanish(riser),
                      Dim(col["x"], 1.0, GHOST), run_time=TIMING.move * 0.6)
            col["ghost"] = True
            col["h"] = self.vector(["steps", t, "h"], f"h_{t + 1}", self.slot - 0.16, 1.95)
            col["h"].next_to([x, self.CELL_Y + self.cell_size / 2 + 0.15, 0], UP, buff=0)
            anims = [Appear(col["h"])]
            if t + 1 in cols:                      # the hidden state heads to the next cell
                dot = Dot(radius=0.07, color=th.dot_fill).move_to([x + self.cell_size / 2, self.CELL_Y, 0])
                self.play(*anims, Appear(dot), run_time=TIMING.fade)
                self.play(Glide(dot, [self.slot - self.cell_size, 0, 0]), run_time=TIMING.fade * 0.8)
                self.remove(dot)
            else:
                self.play(*anims, run_time=TIMING.fade)

        # 3. the last hidden state
        self.section("done", self.say("cap_seq_done", h=f"h_{T}"))
        self.wait(TIMING.read)


class HiddenState(ChainScene):
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

        title = cached_text(self.say("title_hidden"), font=th.font, font_size=SIZES.title,
                            color=th.text).to_edge(UP, buff=0.3)
        blocks = [RNNBlock(th, cw, ch).move_to([cx, y, 0]) for cx in cell_x]
        ends = [gap_x[0] - self.GAP / 2 + 0.1] + [c + cw / 2 for c in cell_x]
        heads = [c - cw / 2 for c in cell_x] + [gap_x[n] + self.GAP / 2 - 0.1]
        wires = [Wire([(a, y), (b, y)], th, src="prev" if k == 0 else f"cell{k - 1}",
                      dst=f"cell{k}" if k < n else "next", quantity="h")
                 for k, (a, b) in enumerate(zip(ends, heads))]
        fit = self.GAP - 0.2
        xs = []
        for k in range(n):
            t = start + k
            v = self.vector(["steps", t, "x"], f"x_{t + 1}", min(fit, cw), 2.1)
            v.next_to([cell_x[k], y - ch / 2 - 0.5, 0], DOWN, buff=0)
            xs.append(v)
        h_prev = self.vector(["steps", start, "h_prev"], f"h_{start}", fit, 2.2)
        h_prev.next_to([gap_x[0], y + 0.38, 0], UP, buff=0)
        self.add(title)
        self.play(*[Appear(b) for b in blocks], *[Appear(w) for w in wires],
                  *[Appear(v) for v in xs], Appear(h_prev), run_time=TIMING.fade * 2)

        dot_h = ValueDot(f"h_{start}", th).move_to([gap_x[0], y, 0])
        self.play(Appear(dot_h), run_time=TIMING.fade / 2)
        for k in range(n):
            t = start + k
            centre = blocks[k].glyph.get_center()
            self.section(f"step-{t + 1}", self.say("cap_hid_cell", t=t + 1, x=f"x_{t + 1}", h=f"h_{t}"))
            dot_x = ValueDot(f"x_{t + 1}", th).move_to(xs[k].get_top() + UP * 0.05)
            self.play(Appear(dot_x), run_time=TIMING.fade / 2)
            self.play(Glide(dot_h, centre - dot_h.get_center()), Glide(dot_x, centre - dot_x.get_center()),
                      run_time=TIMING.move)
            self.play(Vanish(dot_h), Vanish(dot_x), run_time=TIMING.fade / 2)

            vec = self.vec_text(["steps", t, "h"], f"h_{t + 1}")
            self.section(f"out-{t + 1}", self.say("cap_hid_out", h=f"h_{t + 1}", vec=vec))
            dot_h = ValueDot(f"h_{t + 1}", th).move_to(centre)
            h_vec = self.vector(["steps", t, "h"], f"h_{t + 1}", fit, 2.2)
            h_vec.next_to([gap_x[k + 1], y + 0.38, 0], UP, buff=0)
            self.play(Appear(dot_h), run_time=TIMING.fade / 2)
            self.play(Glide(dot_h, [gap_x[k + 1] - centre[0], 0, 0]), run_time=TIMING.move)
            self.play(Appear(h_vec), run_time=TIMING.fade)
            if k + 1 < n:
                self.section(f"pass-{t + 1}", self.say("cap_hid_pass", h=f"h_{t + 1}"))
                self.play(Glide(dot_h, [cell_x[k + 1] - cw / 2 - gap_x[k + 1], 0, 0]), run_time=TIMING.move)

        self.section("memory", self.say("cap_hid_memory"))
        self.wait(TIMING.read)
