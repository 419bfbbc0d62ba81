"""The LSTM unrolled over the sequence (article item 16, the header animation): C_t and
h_t go on to the next cell with real values while the chain slides.
"""

from scenes.engines.unrolled import UnrolledScene
from scenes.parts.layouts import LSTM_LAYOUT


class LSTMChain(UnrolledScene):
    scene_id = "lstm-chain"
    cell = "lstm"
    states = ("c", "h")

    def layout_for(self):
        return LSTM_LAYOUT
