"""'Tanh squishes values to be between -1 and 1' (article item 5): a vector enters a tanh
layer with the curve drawn inside and leaves squished; tanh(0.1) is computed (0.0997),
not the article's 0.009.
"""

from scenes.engines.squish import ActivationSquish


class TanhSquish(ActivationSquish):
    scene_id = "tanh"
    cell = "rnn"
    kind = "tanh"
    gate = "h"
