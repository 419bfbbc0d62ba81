"""'Sigmoid squishes values to be between 0 and 1' (article item 10), then the point of a
gate: multiplying by about 0 forgets, by about 1 keeps (--values, or --step with --gate).
"""

import numpy as np
from manim import LEFT, UP, VGroup

from cells import InputError
from cells.activations import sigmoid

from scenes.engines.squish import ActivationSquish
from scenes.parts.motion import Appear, Vanish
from scenes.parts.fit import safe_width
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.vectors import ValueVector

# ---- sigmoid (article item 10) ---------------------------------------------------------
GATES = {"f": "forget_gate", "i": "input_gate", "o": "output_gate"}
# The point of a sigmoid gate, on a small vector: pre-activations far below 0 give a gate
# near 0 (the product forgets), far above 0 a gate near 1 (the product keeps).
KEEP_FORGET = {"v": [0.9, -0.6, 0.4], "forget_pre": [-6.0, -5.0, -4.0], "keep_pre": [4.0, 5.0, 6.0]}
ROW_Y = {"forget": 0.9, "keep": -1.45}


def keep_forget_block() -> dict:
    """The demo's inputs and the core's gate values and products (manifest block)."""
    v = np.asarray(KEEP_FORGET["v"])
    out = {k: list(x) for k, x in KEEP_FORGET.items()}
    for row in ("forget", "keep"):
        gate = sigmoid(np.asarray(KEEP_FORGET[f"{row}_pre"]))
        out[row] = gate.tolist()
        out[f"{row}_product"] = (v * gate).tolist()
    return out


class SigmoidSquish(ActivationSquish):
    scene_id = "sigmoid"
    cell = "lstm"
    kind = "sigmoid"

    def trace_gate(self) -> str:
        g = self.params.gate or "f"
        if g not in GATES:
            raise InputError("--gate", f"is {g!r}; choose i, f or o (the LSTM's sigmoid gates)")
        return g

    def gate_label(self) -> str:
        g = self.trace_gate()
        return f"W_{g}·[h_{{t−1}}, x_t] + b_{g}"

    def input_caption(self, block: str) -> str:
        if block == "trace":
            t = self.step_index
            return self.say("cap_sigmoid_in_step", t=self.step_no(t), word=self.word(t),
                            gate=self.say(GATES[self.trace_gate()]), what=self.gate_label())
        return self.say("cap_sigmoid_in")

    def construct(self):
        if self.params.gate is not None:
            self.trace_gate()          # reject a bad --gate even when it is not used
        super().construct()
        self.blocks["keep_forget"] = keep_forget_block()
        for row in ("forget", "keep"):
            self.section(row, self.say(f"cap_sigmoid_{row}"))
            if row == "forget":     # the curve makes room for the point of it
                keep = {self.title, *self.caption_lines.values()}
                self.play(*[Vanish(m) for m in self.mobjects if m not in keep],
                          run_time=TIMING.fade)
            self.keep_forget_row(row)
            self.wait(TIMING.read)

    def keep_forget_row(self, row: str):
        """v ⊙ σ(pre) = product, one row, with every number from the manifest block."""
        th, lang, b = self.theme, self.params.lang, "keep_forget"
        y = ROW_Y[row]
        pre = [self.num([f"{row}_pre", j], "pre", b, style="plain") for j in range(3)]
        v = ValueVector([self.num(["v", j], "v", b) for j in range(3)], th, 0, lang,
                        label="v", box_w=self.box_w, horizontal=True)
        gate = ValueVector([self.num([row, j], "σ", b) for j in range(3)], th, 0, lang,
                           label=f"σ([{', '.join(pre)}])", box_w=self.box_w, horizontal=True)
        prod = ValueVector([self.num([f"{row}_product", j], "v⊙σ", b) for j in range(3)], th, 0,
                           lang, label="v ⊙ σ", box_w=self.box_w, horizontal=True)
        signs = [cached_text(s, font=th.font, font_size=SIZES.title, color=th.text) for s in ("⊙", "=")]
        tag = cached_text(self.say(f"sig_{row}_tag"), font=th.font, font_size=SIZES.label,
                          color=th.text, weight="SEMIBOLD")
        # one row, v ⊙ gate = product, centred; both rows share the columns
        parts = [v, signs[0], gate, signs[1], prod]
        widths = [m.boxes.width if isinstance(m, ValueVector) else m.width for m in parts]
        gap = 0.35
        x = -(sum(widths) + gap * (len(parts) - 1)) / 2
        for m, w in zip(parts, widths):
            anchor = m.boxes if isinstance(m, ValueVector) else m
            m.shift([x + w / 2 - anchor.get_x(), y - anchor.get_y(), 0])
            x += w + gap
        tag.next_to(v.label, UP, buff=0.25).align_to(v.boxes, LEFT)
        row_mobs = VGroup(*parts, tag)     # wider than the safe area (projector): both rows alike
        room = safe_width() / row_mobs.width
        if room < 1:
            row_mobs.scale(room, about_point=[0, y, 0])
        self.play(Appear(tag), Appear(v), Appear(gate), Appear(signs[0]), run_time=TIMING.fade)
        self.play(Appear(signs[1]), Appear(prod), run_time=TIMING.fade)
