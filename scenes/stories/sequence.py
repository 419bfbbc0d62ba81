"""Sequences (article items 2 and 3): words become vectors and a row of RNN cells reads
them one by one; the hidden state passes from one cell to the next.

`sequence`: the tokens of --text (default "What time is it?" when no input is given) turn
into their embedding vectors (trace.tokens, x), or plain --input vectors are shown; then
each vector rises into its cell and the cell shows its real h_t. At most --window cells
(default 10) are visible; for longer inputs the row slides along.

`hidden-state`: two cells (or --window N, at most 4) from step --step (default 1): h_t leaves
one cell with its real values and enters the next, where it is the previous hidden state.
"""

from manim import DOWN, LEFT, UP, Dot, VGroup

from scenes.engines.cell_row import CellRowScene
from scenes.parts.motion import Appear, Dim, Glide, Vanish, at_once, fresh_copy, second_half
from scenes.parts.text import cached_text, pieces
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.wires import Wire

SEQ_WINDOW = 10          # cells visible at once


class Sequence(CellRowScene):
    scene_id = "sequence"
    cell = "rnn"

    # ---- layout ---------------------------------------------------------------------------
    CELL_Y, WORD_Y = 0.55, -2.55
    H_TOP = 2.8          # the highest an h vector reaches: under the subtitle

    def slot_x(self, k: int) -> float:
        """Centre of visible slot k (0 = leftmost)."""
        return -self.slot * self.n_vis / 2 + self.slot * (k + 0.5)

    def build_column(self, t: int, k: int) -> dict:
        """The mobjects of step t (0-based) placed in visible slot k."""
        th, x = self.theme, self.slot_x(k)
        c = self.cell_size
        col = {"cell": self.block(c, c).move_to([x, self.CELL_Y, 0])}
        col["wire"] = Wire([(x - self.slot + c / 2, self.CELL_Y), (x - c / 2, self.CELL_Y)], th,
                           src=f"cell{t}", dst=f"cell{t + 1}", quantity="h")
        col["x"] = self.vector(["steps", t, "x"], f"x_{self.pos(t)}", self.slot - 0.16, 1.85)
        col["x"].next_to([x, self.CELL_Y - c / 2 - 0.3, 0], DOWN, buff=0)
        if self.words is not None:
            word = self.words[t]     # cut from one line of every token
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
        spans, at = [], 0
        for tok in tokens:
            spans.append((at, at + len(tok)))
            at += len(tok) + 1
        return pieces(line, spans)

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
        title = self.title_block(self.run_note(verdict=False))
        self.add(title)
        self.words = self.word_row([self.token(t) for t in range(T)] if self.trace.tokens else None)
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
                          *[Vanish(m, opacity=SIZES.ghost if old.get("ghost") and m is old["x"] else 1.0)
                            for m in self.parts(old)],
                          *[Appear(m) for m in self.parts(new)], run_time=TIMING.fade * 1.4)
                cols[t] = new
                first += 1
            col, k = cols[t], t - first
            x = self.slot_x(k)
            # the vector, values and all, rises into its cell; a ghost of it stays below
            riser = fresh_copy(VGroup(col["x"].boxes, col["x"].numbers))
            rise = self.CELL_Y - riser.get_center()[1]
            self.play(Glide(riser, UP * rise, scale=0.35), Vanish(riser, rate_func=second_half),
                      Dim(col["x"], 1.0, SIZES.ghost, rate_func=at_once), run_time=TIMING.move * 0.6)
            col["ghost"] = True
            bottom = self.CELL_Y + self.cell_size / 2 + 0.15
            top = min(self.H_TOP, self.title_bottom - 0.12)         # under a larger title too
            col["h"] = self.vector(["steps", t, "h"], f"h_{self.pos(t)}", self.slot - 0.16, top - bottom)
            col["h"].next_to([x, bottom, 0], UP, buff=0)
            anims = [Appear(col["h"])]
            if t + 1 in cols:                      # the hidden state heads to the next cell
                dot = Dot(radius=0.07, color=th.dot_fill).move_to([x + self.cell_size / 2, self.CELL_Y, 0])
                self.play(*anims, Appear(dot), run_time=TIMING.fade)
                self.play(Glide(dot, [self.slot - self.cell_size, 0, 0]), run_time=TIMING.fade * 0.8)
                self.remove(dot)
            else:
                self.play(*anims, run_time=TIMING.fade)

        # 3. the last hidden state
        self.section("done", self.say("cap_seq_done", h=f"h_{self.pos(T - 1)}"))
        self.wait(TIMING.read)
        if self.trace.readout is not None:
            self.section("verdict", self.verdict_caption())
            self.wait(TIMING.read)
