"""The GRU, animated op by op like the LSTM (the article has only a still figure).

Sections: the reset gate (r_t), the candidate (n_t), the update gate (z_t) and the new
hidden state h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}; the rest of the cell is dimmed in
each. The drawing is the computed variant's data flow: for `cho` the reset scales
h_{t−1} before it joins x_t (the article's figure), for `pytorch` it scales the hidden
part after its own weight layer (the yellow W·h+b box). A note and the first caption
name the variant.
"""

from manim import DOWN, LEFT, VGroup

from scenes.engines.gated import PANEL_X, GatedCellScene, panel_right
from scenes.parts.labels import rich
from scenes.parts.layouts import GRU_LAYOUTS
from scenes.parts.text import cached_markup
from scenes.parts.theme import SIZES, TIMING

# Which ops each section runs (and keeps lit), per variant.
SECTIONS = {
    "pytorch": {
        "reset": ("concat", "sigma_r", "linear_hn", "mul_r"),
        "candidate": ("tanh_n",),
        "update": ("sigma_z", "one_minus"),
        "hidden": ("mul_zn", "mul_zh", "add_h"),
    },
    "cho": {
        "reset": ("concat", "sigma_r", "mul_r"),
        "candidate": ("concat_n", "tanh_n"),
        "update": ("sigma_z", "one_minus"),
        "hidden": ("mul_zn", "mul_zh", "add_h"),
    },
}
NOTE_Y = -0.75       # top of the variant note, under the value panel
NOTE_CHARS = 30      # its line length


def wrap(text: str, width: int) -> list:
    """Greedy line breaks at spaces, counting only what is drawn ('h_{t−1}' is 3 wide)."""
    seen = lambda s: len(s) - sum(s.count(c) for c in "_{}")  # noqa: E731
    lines = []
    for word in text.split(" "):
        if lines and seen(lines[-1]) + 1 + seen(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


class GRUScene(GatedCellScene):
    scene_id = "gru"
    cell = "gru"
    outputs = ("h",)
    panel = ("h_prev", "x", "r", "n", "z", "h")
    panel_bottom = NOTE_Y + 0.08     # the variant note is under the panel

    @property
    def variant(self) -> str:
        return self.trace.variant

    @property
    def gate_names(self) -> dict:
        # PyTorch writes the candidate's input weights W_in, b_in (and W_hn, b_hn apart)
        return {"r": "r", "z": "z", "n": "in" if self.variant == "pytorch" else "n"}

    def layout_for(self):
        return GRU_LAYOUTS[self.variant]

    def variant_note(self) -> VGroup:
        th = self.theme
        head = cached_markup(f"<b>{self.say(f'gru_variant_{self.variant}')}</b>", font=th.font,
                             font_size=SIZES.legend, color=th.text)
        lines = wrap(self.say(f"gru_variant_{self.variant}_how"), NOTE_CHARS)
        body = VGroup(*[cached_markup(rich(line), font=th.font, font_size=SIZES.legend,
                                      color=th.text) for line in lines])
        body.arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        body.next_to(head, DOWN, buff=0.14, aligned_edge=LEFT)
        note = VGroup(head, body)
        width = panel_right() - PANEL_X
        if note.width > width:
            note.scale_to_fit_width(width)
        note.move_to([PANEL_X, NOTE_Y, 0], aligned_edge=[-1, 1, 0])
        return note

    def construct(self):
        self.build_cell()
        t = self.step_index
        self.add(self.variant_note())
        self.intro_caption = self.say("cap_gru_intro", t=self.step_no(t), word=self.word(t),
                                      variant=self.say(f"gru_variant_{self.variant}"))
        self.set_caption(self.intro_caption)
        self.inputs_arrive()
        for name, ops in SECTIONS[self.variant].items():
            self.section(name, self.say(f"cap_gru_{name}"))
            self.focus((), ops=ops)
            for op in ops:
                self.run_op(op)
            if name == "update":
                self.show_decisive_units()
        self.focus(None)
        self.section("leave", self.say("cap_gru_leave"))
        self.outputs_leave()
        self.wait(TIMING.read)
