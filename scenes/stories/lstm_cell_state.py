"""Cell state (article item 13): C_{t-1} meets f_t at the x, and the sum with i_t*C~_t
gives C_t = f_t*C_{t-1} + i_t*C~_t.
"""

from scenes.engines.lstm_steps import LSTMScene


class LSTMCellState(LSTMScene):
    scene_id = "lstm-cell-state"
    steps = ("cell_state",)
