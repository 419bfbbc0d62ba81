"""'Tanh squishes values to be between -1 and 1' (article item 5): a vector enters a tanh
layer with the curve drawn inside and leaves squished; tanh(0.1) is computed (0.0997),
not the article's 0.009.
"""

import numpy as np
from manim import (DOWN, LEFT, UP, Create, DashedLine, Dot, FadeIn, FadeOut, GrowFromCenter,
from cells import InputError
from cells.activations import sigmoid, tanh
from cells.inputs import parse_vector
from scenes.engines.base import IllustratedScene
from scenes.parts.glyphs import ActivationGlyph
from scenes.parts.motion import Appear, Vanish
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, TIMING
from scenes.parts.vectors import ValueVector
from scenes.parts.wires import ValueDot, Wire
from scenes.engines.squish import ActivationSquish


class TanhSquish(ActivationSquish):
    scene_id = "tanh"
    cell = "rnn"
    kind = "tanh"
    gate = "h"
