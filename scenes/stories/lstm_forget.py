"""Forget gate (article item 11): [h_{t-1}, x_t] goes up into the first sigmoid; f_t
comes out and waits under the cell-state x.
"""

from scenes.engines.lstm_steps import LSTMScene


class LSTMForget(LSTMScene):
    scene_id = "lstm-forget"
    steps = ("forget",)
