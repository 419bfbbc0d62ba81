"""The article's four LSTM steps (items 11-14) on one cell layout, driven op by op from
the LSTM's data flow and the real trace; a story shows some or all of them. An LSTM with a
projection (nn.LSTM(proj_size=P)) adds h_t = W_hr (o_t ⊙ tanh C_t) to the output step.
"""

from scenes.engines.gated import GatedCellScene
from scenes.parts.layouts import LSTM_LAYOUT
from scenes.parts.theme import TIMING

GATE_NAMES = {"f": "f", "i": "i", "g": "C", "o": "o"}   # weight subscripts: W_f, W_i, W_C, W_o

# Which ops each step of the article's explanation runs, and what it keeps lit.
STEPS = {
    "forget": (("concat", "sigma_f"), ("forget",)),
    "input": (("sigma_i", "tanh_g", "mul_i"), ("input",)),
    "cell_state": (("mul_f", "add_c"), ("cell_state", "forget", "input")),
    "output": (("sigma_o", "tanh_c", "mul_o"), ("output",)),
}


PROJECTION = "project_h"        # the op a projection adds after mul_o


class LSTMScene(GatedCellScene):
    cell = "lstm"
    layout = LSTM_LAYOUT
    outputs = ("c", "h")
    gate_names = GATE_NAMES
    steps = tuple(STEPS)           # the sections this scene shows
    dim_others = True

    @property
    def projected(self) -> bool:
        return self.trace.proj_size > 0

    @property
    def panel(self) -> tuple:
        return ("c_prev", "h_prev", "x", "f", "i", "g", "c", "o") + \
            (("o_tanh_c",) if self.projected else ()) + ("h",)

    def ops_of(self, step: str) -> tuple:
        ops = STEPS[step][0]
        return ops + (PROJECTION,) if step == "output" and self.projected else ops

    def construct(self):
        self.build_cell()
        t = self.step_index
        self.set_caption(self.say("cap_lstm_intro", t=self.step_no(t), word=self.word(t)))
        self.inputs_arrive()
        for name in self.steps:
            ops, lit = self.ops_of(name), STEPS[name][1]
            self.section(name, self.say(f"cap_lstm_{name}"))
            if self.dim_others:
                self.focus(lit)
            for op in ops:
                self.run_op(op)
            if name == "forget":
                self.show_decisive_units()
        if self.dim_others:
            self.focus(None)
        if self.steps[-1] == "output":
            self.section("leave", self.say("cap_lstm_leave"))
            self.outputs_leave()
        self.wait(TIMING.read)
