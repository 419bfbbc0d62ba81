"""The GRU unrolled over the sequence, like lstm-chain (h_t only), drawing the computed
--gru-variant.
"""

from scenes.engines.unrolled import UnrolledScene
from scenes.parts.layouts import GRU_LAYOUTS


class GRUChain(UnrolledScene):
    scene_id = "gru-chain"
    cell = "gru"
    states = ("h",)

    def layout_for(self):
        return GRU_LAYOUTS[self.trace.variant]

    def subtitle_text(self) -> str:
        return f"{self.say('chain_same_cell')} · {self.say(f'gru_variant_{self.trace.variant}')}"
