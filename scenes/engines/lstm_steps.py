"""The article's four LSTM steps (items 11-14) on one cell layout, driven op by op from
the LSTM's data flow and the real trace; a story shows some or all of them.
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


class LSTMScene(GatedCellScene):
    cell = "lstm"
    layout = LSTM_LAYOUT
    outputs = ("c", "h")
    panel = ("c_prev", "h_prev", "x", "f", "i", "g", "c", "o", "h")
    gate_names = GATE_NAMES
    steps = tuple(STEPS)           # the sections this scene shows
    dim_others = True

    def construct(self):
        self.build_cell()
        t = self.step_index
        self.set_caption(self.say("cap_lstm_intro", t=t + 1))
        self.inputs_arrive()
        for name in self.steps:
            ops, lit = STEPS[name]
            self.section(name, self.say(f"cap_lstm_{name}"))
            if self.dim_others:
                self.focus(lit)
            for op in ops:
                self.run_op(op)
        if self.dim_others:
            self.focus(None)
        if self.steps[-1] == "output":
            self.section("leave", self.say("cap_lstm_leave"))
            self.outputs_leave()
        self.wait(TIMING.read)
