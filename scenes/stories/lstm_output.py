"""Output gate (article item 14): o_t and tanh(C_t) give h_t; C_t leaves along the top,
h_t along the bottom.
"""

from scenes.engines.lstm_steps import LSTMScene


class LSTMOutput(LSTMScene):
    scene_id = "lstm-output"
    steps = ("output",)
