"""'Tanh squishes values to be between -1 and 1' (article item 5): a vector enters a tanh
layer with the curve drawn inside and leaves squished; tanh(0.1) is computed (0.0997),
not the article's 0.009. For a ReLU RNN (the trace's nonlinearity) the scene shows the
ReLU it computes instead, with its own title and captions.
"""

from scenes.engines.squish import ActivationSquish


class TanhSquish(ActivationSquish):
    scene_id = "tanh"
    cell = "rnn"
    gate = "h"

    @property
    def kind(self) -> str:
        return "relu" if self.trace.nonlinearity == "relu" else "tanh"

    def title_text(self) -> str:
        return self.say("title_relu") if self.kind == "relu" else super().title_text()
