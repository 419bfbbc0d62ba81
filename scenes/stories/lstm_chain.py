"""The LSTM unrolled over the sequence (article item 16, the header animation): C_t and
h_t go on to the next cell with real values while the chain slides.
"""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, VGroup, VMobject, config
from cells import InputError
from scenes.engines.base import IllustratedScene
from scenes.parts.cell_diagram import CellDiagram
from scenes.parts.labels import math_label
from scenes.parts.layouts import GRU_LAYOUTS, LSTM_LAYOUT
from scenes.parts.motion import Appear, Dim, Glide, Travel, Vanish
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.vectors import ValueVector
from scenes.parts.wires import ValueDot
from scenes.engines.unrolled import UnrolledScene


class LSTMChain(ChainScene):
    scene_id = "lstm-chain"
    cell = "lstm"
    states = ("c", "h")

    def layout_for(self):
        return LSTM_LAYOUT

    def title_text(self) -> str:
        return self.say("title_lstm_chain")
