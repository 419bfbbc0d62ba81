"""Input gate (article item 12): the pair is copied to the second sigmoid (i_t) and to the
tanh (C~_t); they meet at a x and the product heads to the +.
"""

from scenes.engines.lstm_steps import LSTMScene


class LSTMInput(LSTMScene):
    scene_id = "lstm-input"
    steps = ("input",)
