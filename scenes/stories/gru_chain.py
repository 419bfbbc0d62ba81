"""The GRU unrolled over the sequence, like lstm-chain (h_t only), drawing the computed
--gru-variant.
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


class GRUChain(ChainScene):
    scene_id = "gru-chain"
    cell = "gru"
    states = ("h",)

    def layout_for(self):
        return GRU_LAYOUTS[self.trace.variant]

    def title_text(self) -> str:
        return self.say("title_gru_chain")

    def subtitle_text(self) -> str:
        return f"{self.say('chain_same_cell')} · {self.say(f'gru_variant_{self.trace.variant}')}"
