"""Every word shown on screen, in English and Hungarian.

Scenes ask `say(key, lang)`; a missing key or language is a bug that the tests catch
(all keys must exist in both languages). Hungarian follows the seed translation's terms
where they are right (rejtett állapot, tanh aktiválás) and standard usage elsewhere.
"""

import re

LANGS = ("en", "hu")

STRINGS = {
    # legend and glyph names
    "sigmoid": {"en": "sigmoid", "hu": "szigmoid"},
    "tanh": {"en": "tanh", "hu": "tanh"},
    "pointwise_mul": {"en": "pointwise multiplication", "hu": "pontonkénti szorzás"},
    "pointwise_add": {"en": "pointwise addition", "hu": "pontonkénti összeadás"},
    "one_minus": {"en": "one minus", "hu": "egy mínusz"},
    "concat": {"en": "vector concatenation", "hu": "vektorok összefűzése"},
    "copy": {"en": "copy", "hu": "másolás"},
    "new_hidden": {"en": "new hidden state", "hu": "új rejtett állapot"},
    "prev_hidden": {"en": "previous hidden state", "hu": "előző rejtett állapot"},
    "input": {"en": "input", "hu": "bemenet"},
    "cell_state": {"en": "cell state", "hu": "cellaállapot"},
    "prev_cell_state": {"en": "previous cell state", "hu": "előző cellaállapot"},
    "forget_gate": {"en": "forget gate", "hu": "felejtő kapu"},
    "input_gate": {"en": "input gate", "hu": "bemeneti kapu"},
    "output_gate": {"en": "output gate", "hu": "kimeneti kapu"},
    "reset_gate": {"en": "reset gate", "hu": "visszaállító kapu"},
    "update_gate": {"en": "update gate", "hu": "frissítő kapu"},
    "candidate": {"en": "candidate", "hu": "jelölt"},
    "weight_layer": {"en": "weights W·h + b", "hu": "súlyok W·h + b"},
    # titles
    "title_rnn_cell": {"en": "RNN Cell", "hu": "RNN-cella"},
    "title_sigmoid": {"en": "Sigmoid squishes values to be between 0 and 1",
                      "hu": "A szigmoid 0 és 1 közé szorítja az értékeket"},
    "title_tanh": {"en": "Tanh squishes values to be between −1 and 1",
                   "hu": "A tanh −1 és 1 közé szorítja az értékeket"},
    # captions of the rnn-cell scene
    "cap_rnn_inputs": {"en": "Step {t}: the previous hidden state and the input arrive",
                       "hu": "{t}. lépés: megérkezik az előző rejtett állapot és a bemenet"},
    "cap_rnn_concat": {"en": "They are combined into one vector [h_{t−1}, x_t]",
                       "hu": "Egyetlen vektorrá fűződnek össze: [h_{t−1}, x_t]"},
    "cap_rnn_tanh": {"en": "A weight layer, then tanh:  W·[h_{t−1}, x_t] + b = {pre}",
                     "hu": "Súlyozott réteg, majd tanh:  W·[h_{t−1}, x_t] + b = {pre}"},
    "cap_rnn_out": {"en": "The new hidden state  h_t = tanh(W·[h_{t−1}, x_t] + b) = {h}",
                    "hu": "Az új rejtett állapot  h_t = tanh(W·[h_{t−1}, x_t] + b) = {h}"},
    "label_pre": {"en": "W·[h, x] + b", "hu": "W·[h, x] + b"},
    # captions of the tanh scene
    "cap_tanh_in": {"en": "A vector enters the tanh activation",
                    "hu": "Egy vektor belép a tanh aktivációba"},
    "cap_tanh_curve": {"en": "Each value follows the tanh curve",
                       "hu": "Minden érték végigmegy a tanh görbéjén"},
    "cap_tanh_out": {"en": "Every value leaves between −1 and 1",
                     "hu": "Minden érték −1 és 1 közé kerül"},
    "cap_squash_in_step": {"en": "Step {t}: the pre-activation {what} enters the {fn}",
                           "hu": "{t}. lépés: a(z) {what} aktiváció előtti értéke belép a(z) {fn} függvénybe"},
    "in_values": {"en": "input", "hu": "bemenet"},
    "out_values": {"en": "output", "hu": "kimenet"},
    "more_units": {"en": "+{n} more", "hu": "+{n} további"},
    "step": {"en": "step {t}", "hu": "{t}. lépés"},
}


_FIELD = re.compile(r"\{(\w+)\}")


def say(key: str, lang: str = "en", **fmt) -> str:
    """The text of `key` with {name} fields filled; other braces (h_{t−1}) stay as they are."""
    return _FIELD.sub(lambda m: str(fmt[m[1]]) if m[1] in fmt else m[0], STRINGS[key][lang])
