"""The user's model as saved: which layer and direction is shown, what feeds it, and
what the file says about how it computes.

- Stacked layers (`--layer N`, 1-based): layer N's input is layer N-1's output sequence
  (both directions side by side for a bidirectional model), computed here from the
  model's input, each lower layer starting from zeros as PyTorch's default.
- `--direction reverse` runs over the reversed sequence, exactly as PyTorch does.
- What the file knows wins over an option that contradicts it (PyTorch's GRU names mean
  the pytorch variant; Keras says reset_after and a SimpleRNN's activation); `--what-if`
  computes the option anyway and the trace records that it is not the saved model.
"""

from dataclasses import dataclass

import numpy as np

from .errors import InputError
from .forward import run
from .loaders import load_stack, select
from .readout import load_readout
from .spec import DIRECTIONS
from .tensor_files import TensorFile, read_tensor_file
from .weights import Weights

SAVED = {"--gru-variant": "GRU variant", "--nonlinearity": "nonlinearity"}


@dataclass
class Model:
    stack: list                      # [{direction: Weights}], bottom first
    layer: int = 1                   # 1-based
    direction: str = "forward"
    variant: str | None = None
    nonlinearity: str | None = None
    what_if: dict | None = None
    file: TensorFile | None = None
    prefix: str = ""                 # where the recurrent tensors are in the file
    keras_layers: int = 0            # recurrent layers in a Keras file (each picked by name)

    @property
    def weights(self) -> Weights:
        return self.stack[self.layer - 1][self.direction]

    @property
    def bidirectional(self) -> bool:
        return len(self.stack[0]) > 1

    @property
    def input_size(self) -> int:
        """The width of the model's input (its first layer's)."""
        return next(iter(self.stack[0].values())).input_size

    def run_layer(self, w: Weights, x, direction: str, h0=None, c0=None, tokens=None):
        """A Trace of one layer's direction over x and its tokens (in the input's order)."""
        back = direction == "reverse"
        tr = run(w, x[::-1] if back else x, h0, c0, self.variant,
                 tokens[::-1] if back and tokens else tokens, self.nonlinearity)
        tr.direction = direction
        if back:
            tr.positions = np.arange(x.shape[0], 0, -1)
        return tr

    def outputs(self, k: int, x: np.ndarray) -> np.ndarray:
        """Layer k's (0-based) output sequence in the input's order: its directions side by side."""
        out = []
        for direction, w in self.stack[k].items():
            h = self.run_layer(w, x, direction).h
            out.append(h[::-1] if direction == "reverse" else h)
        return np.concatenate(out, axis=1)

    def layer_input(self, x: np.ndarray) -> np.ndarray:
        for k in range(self.layer - 1):
            x = self.outputs(k, x)
        return x

    def final_state(self, tr) -> np.ndarray:
        """The top layer's last hidden state, what a readout reads, from the shown layer's trace."""
        h = tr.h
        for k in range(self.layer, len(self.stack)):
            h = self.outputs(k, h)
        return h[-1]


def decide(option: str, asked, saved, what_if: bool, kind: str, default):
    """(the value computed, the what-if record or None) for an option the file may know."""
    if saved is None or asked is None or asked == saved:
        return asked or saved or default, None
    if not what_if:
        raise InputError(option, f"these {kind} weights compute the {saved!r} {SAVED[option]}, not "
                                 f"{asked!r}; add --what-if to compute {asked!r} with them anyway "
                                 "(the trace then says it is not the saved model)")
    return asked, {option.lstrip("-"): {"saved": saved, "computed": asked}}


def plain_model(w: Weights, o) -> Model:
    """One layer that no file describes: the options alone decide how it computes."""
    return Model([{"forward": w}], variant=o.gru_variant if o.cell == "gru" else None,
                 nonlinearity=(o.nonlinearity or "tanh") if o.cell == "rnn" else o.nonlinearity)


def load_model(o) -> Model:
    """The model of the options: the file's chosen layer and direction, or seeded weights."""
    from .options import seeded_weights   # options imports this module
    if not o.weights:
        for name, value, ok in (("--layer", o.layer, (None, 1)), ("--direction", o.direction,
                                (None, "forward")), ("--what-if", o.what_if or None, (None,)),
                                ("--readout", o.readout, (None,)), ("--embedding", o.embedding, (None,))):
            if value not in ok:
                raise InputError(name, "needs --weights (a saved model)")
        return plain_model(seeded_weights(o), o)
    tf = read_tensor_file(o.weights)
    st = load_stack(tf, o.cell, o.weights_prefix)
    layer = _layer(o, len(st.layers))
    directions = list(st.layers[0])
    direction = o.direction or (directions[0] if len(directions) == 1 else None)
    if direction is None:
        raise InputError("--direction", f"{o.weights} is bidirectional; pick forward or reverse")
    if direction not in DIRECTIONS:
        raise InputError("--direction", f"unknown direction {direction!r}; choose forward or reverse")
    if direction not in directions:
        raise InputError("--direction", f"{o.weights} has only the {directions[0]} direction")
    kind = "Keras" if st.layers[0][direction].origin.format == "keras" else "PyTorch"
    what = {}
    variant, nonlinearity = None, o.nonlinearity
    if o.cell == "gru":
        variant, w = decide("--gru-variant", o.gru_variant, st.variant, o.what_if, kind, "pytorch")
        what.update(w or {})
    if o.cell == "rnn":
        nonlinearity, w = decide("--nonlinearity", o.nonlinearity, st.nonlinearity, o.what_if, kind, "tanh")
        what.update(w or {})
    prefix = f"{st.keras_name}/" if st.keras_name else \
        (select(tf.shapes, o.weights_prefix) if o.weights_prefix else "")
    return Model(st.layers, layer, direction, variant, nonlinearity, what or None, tf, prefix,
                 len(tf.keras_layers))


def _one_keras_layer(m: Model, option: str, what: str) -> None:
    """Keras layers are picked one by one: which feeds which is not followed here."""
    if m.keras_layers > 1:
        raise InputError(option, f"{m.file.path} has {m.keras_layers} recurrent layers, picked one by "
                                 f"one by name; which of them {what} is not followed by this tool")


def _layer(o, count: int) -> int:
    if o.layer is None:
        if count > 1:
            raise InputError("--layer", f"{o.weights} has {count} stacked layers; pick one with "
                                        f"--layer 1..{count}")
        return 1
    if not 1 <= o.layer <= count:
        has = f"{count} stacked layers (1..{count})" if count > 1 else "one layer"
        raise InputError("--layer", f"is {o.layer} but {o.weights} has {has}")
    return o.layer


def embedding_names(tf: TensorFile, m: Model) -> list:
    """Tensors that can be the model's embedding: (rows, input_size), outside the recurrent layer,
    those beside it (same parent) first."""
    names = [n for n, s in tf.shapes.items() if len(s) == 2 and s[1] == m.input_size and s[0] > 1
             and not (m.prefix and n.startswith(m.prefix))
             and n.rsplit(".", 1)[-1].rsplit("/", 1)[-1] in ("weight", "embeddings")]
    parent = m.prefix.rstrip("./").rpartition("." if "." in m.prefix else "/")[0]
    return sorted(names, key=lambda n: (not n.startswith(parent), "emb" not in n.lower(), n))


def embedding(o, m: Model, rows: int) -> tuple:
    """(name, (V, I) array) of the model's embedding for a vocabulary of `rows` entries."""
    tf = m.file
    _one_keras_layer(m, "--vocab", "reads the embedding")
    if o.embedding:
        name = o.embedding
        if name not in tf.shapes:
            raise InputError("--embedding", f"no tensor {name!r} in {o.weights}")
    else:
        names = [n for n in embedding_names(tf, m) if tf.shapes[n][0] >= rows]
        emb = [n for n in names if "emb" in n.lower()]
        if not names:
            raise InputError("--vocab", f"{o.weights} has no embedding of {rows} or more rows of "
                                        f"{m.input_size} values; "
                                        "name it with --embedding")
        if len(emb or names) > 1:
            raise InputError("--embedding", f"{o.weights} has several tensors that could be the "
                                            f"embedding ({', '.join(emb or names)}); name one")
        name = (emb or names)[0]
    e = tf.get(name)
    if e.ndim != 2 or e.shape[1] != m.input_size:
        raise InputError("--embedding", f"{name!r} has shape {e.shape}; the model takes "
                                        f"{m.input_size} values per step")
    if e.shape[0] < rows:
        raise InputError("--vocab", f"{o.vocab} has indices up to {rows - 1} but {name!r} has "
                                    f"{e.shape[0]} rows")
    return name, e


def readout(o, m: Model):
    if not o.readout:
        if o.readout_activation:
            raise InputError("--readout-activation", "needs --readout")
        return None
    if m.bidirectional:
        raise InputError("--readout", "the model is bidirectional; how its readout joins the two "
                                      "directions is not in the file")
    _one_keras_layer(m, "--readout", "the readout reads")
    size = m.stack[-1]["forward"].output_size
    return load_readout(m.file, o.readout, size, o.readout_activation)


def hashed_text_allowed(o, m: Model) -> None:
    """--text with a model's weights but no --vocab: refuse if the file has its own embedding."""
    if m.file is None:
        return
    names = [n for n in embedding_names(m.file, m) if "emb" in n.lower()]
    if names:
        raise InputError("--text", f"{o.weights} has its own embedding ({names[0]}); give its "
                                   "vocabulary with --vocab FILE, or the vectors with --input")

