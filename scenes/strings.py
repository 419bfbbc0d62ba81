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
    # ---- the RNN part of the article (scenes/review.py, sequence.py, explode.py, gradients.py)
    # review
    "title_review": {"en": "Intuition: what a reader remembers",
                     "hu": "Intuíció: mire emlékszik az olvasó"},
    "review_header": {"en": "Customer review", "hu": "Vásárlói vélemény"},
    "review_text": {"en": "Amazing! This box of cereal gave me a perfectly balanced breakfast, "
                          "as all things should be. I only ate half of it but will definitely "
                          "be buying again!",
                    "hu": "Csodálatos! Ez a doboz gabonapehely tökéletesen kiegyensúlyozott "
                          "reggelit adott, ahogy mindennek lennie kell. Csak a felét ettem meg, "
                          "de biztosan megveszem újra!"},
    "review_keywords": {"en": "Amazing!|perfectly balanced breakfast|will definitely be buying again!",
                        "hu": "Csodálatos!|tökéletesen kiegyensúlyozott reggelit|biztosan megveszem újra!"},
    "cap_review_read": {"en": "You read a review to decide whether to buy the product",
                        "hu": "Elolvasol egy véleményt, hogy eldöntsd, megvedd-e a terméket"},
    "cap_review_keep": {"en": "A reader remembers only the key words; the rest fades from memory",
                        "hu": "Az olvasó csak a kulcsszavakra emlékszik, a többi elhalványul"},
    # sequence and hidden state
    "title_sequence": {"en": "Processing sequence one by one",
                       "hu": "A sorozat feldolgozása elemenként"},
    "cap_seq_words": {"en": "The input is a sequence of words",
                      "hu": "A bemenet szavak sorozata"},
    "cap_seq_inputs": {"en": "The input is a sequence of vectors",
                       "hu": "A bemenet vektorok sorozata"},
    "cap_seq_vectors": {"en": "Each word becomes a vector the network can read (its embedding)",
                        "hu": "Minden szóból vektor lesz, amelyet a hálózat fel tud dolgozni (beágyazás)"},
    "cap_seq_process": {"en": "The RNN processes the vectors one by one; each step gives a hidden state h_t",
                        "hu": "Az RNN egyenként dolgozza fel a vektorokat; minden lépés új rejtett állapotot (h_t) ad"},
    "cap_seq_done": {"en": "After the last step, {h} carries what the network kept of the sequence",
                     "hu": "Az utolsó lépés után {h} hordozza, amit a hálózat a sorozatból megtartott"},
    "title_hidden": {"en": "Passing hidden state to next time step",
                     "hu": "A rejtett állapot átadása a következő időlépésnek"},
    "cap_hid_cell": {"en": "Step {t}: the cell reads the input {x} and the previous hidden state {h}",
                     "hu": "{t}. lépés: a cella bemenete {x} és az előző rejtett állapot, {h}"},
    "cap_hid_out": {"en": "It outputs the new hidden state {h} = {vec}",
                    "hu": "Az új rejtett állapot: {h} = {vec}"},
    "cap_hid_pass": {"en": "{h} is passed on: in the next step it is the previous hidden state",
                     "hu": "{h} továbbhalad: a következő lépésben ez lesz az előző rejtett állapot"},
    "cap_hid_memory": {"en": "The hidden state is the network's memory of what earlier steps saw",
                       "hu": "A rejtett állapot a hálózat memóriája: azt őrzi, amit a korábbi lépések láttak"},
    # tanh vs none
    "title_tvn": {"en": "Vector transformations without and with tanh",
                  "hu": "Vektorok átalakítása tanh nélkül és tanh aktivációval"},
    "row_none": {"en": "without tanh", "hu": "tanh nélkül"},
    "row_tanh": {"en": "with tanh", "hu": "tanh aktivációval"},
    "cap_tvn_start": {"en": "The same vector goes through {n} cells; each multiplies it by {f}",
                      "hu": "Ugyanaz a vektor {n} cellán halad át, és mindegyik megszorozza: ×{f}"},
    "cap_tvn_explode": {"en": "Without tanh the values explode: {v}",
                        "hu": "Tanh nélkül az értékek felrobbannak: {v}"},
    "cap_tvn_shrink": {"en": "Without tanh the values shrink towards 0: {v}",
                       "hu": "Tanh nélkül az értékek a 0 felé zsugorodnak: {v}"},
    "cap_tvn_same": {"en": "Without tanh the values stay as they are: {v}",
                     "hu": "Tanh nélkül az értékek változatlanok maradnak: {v}"},
    "cap_tvn_tanh": {"en": "With tanh every value stays between −1 and 1: {v}",
                     "hu": "Tanh aktivációval minden érték −1 és 1 között marad: {v}"},
    "cap_tvn_compare": {"en": "Tanh keeps the values in range, so no value dwarfs the others",
                        "hu": "A tanh kordában tartja az értékeket, így egyik sem nyomja el a többit"},
    # gradient update
    "title_gu": {"en": "Gradient update rule", "hu": "A gradiens frissítési szabálya"},
    "gu_rule": {"en": "new weight = weight − learning rate × gradient",
                "hu": "új súly = súly − tanulási ráta × gradiens"},
    "gu_weight": {"en": "weight", "hu": "súly"},
    "gu_grad": {"en": "gradient", "hu": "gradiens"},
    "gu_lr": {"en": "learning rate", "hu": "tanulási ráta"},
    "gu_new": {"en": "new weight = weight − change", "hu": "új súly = súly − változás"},
    "gu_change": {"en": "change = learning rate × gradient", "hu": "változás = tanulási ráta × gradiens"},
    "cap_gu_rule": {"en": "Training moves every weight a small step against its gradient",
                    "hu": "A tanítás minden súlyt egy kis lépéssel a gradiensével ellentétes irányba mozdít"},
    "cap_gu_values": {"en": "A real input weight of the RNN, {w}, and its gradient from step 1",
                      "hu": "Az RNN egy valódi bemeneti súlya, {w}, és az 1. lépésből kapott gradiense"},
    "cap_gu_update": {"en": "new weight = {w} − {lr} × {g} = {new}",
                      "hu": "új súly = {w} − {lr} × {g} = {new}"},
    "cap_gu_small": {"en": "Not much of a difference: step 1 teaches this weight almost nothing",
                     "hu": "Alig van különbség: az 1. lépésből ez a súly szinte semmit sem tanul"},
    "cap_gu_last": {"en": "The last step, {t}, gives the same weight a gradient of {g}",
                    "hu": "Az utolsó, {t}. lépésből ugyanez a súly {g} gradienst kap"},
    # vanishing gradient
    "title_vg": {"en": "Vanishing gradient", "hu": "Eltűnő gradiens"},
    "vg_loss": {"en": "loss", "hu": "veszteség"},
    "vg_axis": {"en": "|∂L/∂h_t|", "hu": "|∂L/∂h_t|"},
    "cap_vg_forward_sum": {"en": "The {cell} reads {T} steps; the loss is L = sum(h_{T}) = {L}",
                           "hu": "{cell}, {T} lépés; a veszteség L = sum(h_{T}) = {L}"},
    "cap_vg_forward_mse": {"en": "The {cell} reads {T} steps; the loss is L = mean((h_{T} − target)²) = {L}",
                           "hu": "{cell}, {T} lépés; a veszteség L = mean((h_{T} − cél)²) = {L}"},
    "cap_vg_back": {"en": "Back-propagation through time: |∂L/∂h_t| at every step, on a log scale",
                    "hu": "Időbeli visszaterjesztés: |∂L/∂h_t| minden lépésben, logaritmikus skálán"},
    "cap_vg_result": {"en": "{cell}: |∂L/∂h_t| is {a} at the last step and {b} at the first",
                      "hu": "{cell}: |∂L/∂h_t| az utolsó lépésben {a}, az elsőben {b}"},
    "cap_vg_compare": {"en": "At step 1, with {weights}: RNN {r}, LSTM {l}, GRU {g}",
                       "hu": "Az 1. lépésben, {weights}: RNN {r}, LSTM {l}, GRU {g}"},
    "vg_seeded": {"en": "untrained seeded weights of the same size",
                  "hu": "azonos méretű, tanítatlan (véletlen) súlyokkal"},
    "vg_yours": {"en": "your weights", "hu": "a megadott súlyokkal"},
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
    "title_lstm": {"en": "LSTM", "hu": "LSTM"},
    "cap_lstm_intro": {"en": "Step {t}: the previous cell state, hidden state and the input enter the LSTM",
                       "hu": "{t}. lépés: az előző cellaállapot, a rejtett állapot és a bemenet belép az LSTM-be"},
    "cap_lstm_forget": {"en": "Forget gate: the sigmoid decides what to keep of the cell state",
                        "hu": "Felejtő kapu: a szigmoid dönti el, mi marad meg a cellaállapotból"},
    "cap_lstm_input": {"en": "Input gate: which new information from the candidate C~_t to store",
                       "hu": "Bemeneti kapu: a C~_t jelöltből mely új információ kerüljön tárolásra"},
    "cap_lstm_cell_state": {"en": "Cell state: forget a part of the old, add the new",
                            "hu": "Cellaállapot: elfelejti a régi egy részét, hozzáadja az újat"},
    "cap_lstm_output": {"en": "Output gate: a filtered view of the cell state is the new hidden state",
                        "hu": "Kimeneti kapu: a cellaállapot szűrt változata lesz az új rejtett állapot"},
    "cap_lstm_leave": {"en": "C_t leaves along the top, h_t along the bottom, to the next step",
                       "hu": "C_t felül, h_t alul halad tovább a következő lépésbe"},
    "more_units_each": {"en": "+{n} more units in every vector", "hu": "+{n} további elem minden vektorban"},
    "more_units": {"en": "+{n} more", "hu": "+{n} további"},
    "step": {"en": "step {t}", "hu": "{t}. lépés"},
}


_FIELD = re.compile(r"\{(\w+)\}")


def say(key: str, lang: str = "en", **fmt) -> str:
    """The text of `key` with {name} fields filled; other braces (h_{t−1}) stay as they are."""
    return _FIELD.sub(lambda m: str(fmt[m[1]]) if m[1] in fmt else m[0], STRINGS[key][lang])
