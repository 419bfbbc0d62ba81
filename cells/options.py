"""From the user's options to a trace: one place that decides input, weights and state.

The CLI and every scene call `make_trace(RunOptions(...))`, so defaults and the checks
between options (weights vs --hidden, input width vs weights) are written once.
"""

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .errors import InputError
from .fields import READ, option
from .forward import MAX_STEPS, check_trace_size
from .inputs import embed_text, parse_sequence, parse_vector, read_sequence_file, split_tensor_name
from .overflow import quietly, refuse_overflow
from .model import Model, embedding, hashed_text_allowed, load_model, plain_model, readout
from .spec import DIRECTIONS, GRU_VARIANTS, NONLINEARITIES, spec
from .trace import Trace
from .vocab import read_vocab
from .weights import Weights, check_size, init_weights
from .zoo_options import expand_model, zoo_checks, zoo_meaning

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DEFAULT_INPUT_FILE = ASSETS / "inputs" / "article.json"   # the article's ten word vectors


@dataclass(frozen=True)
class RunOptions:
    """What goes into the cell: the sequence, the weights and the initial state."""
    cell: str = "lstm"
    input: str | None = option(
        help='Sequence: "0.1,0.5,1; 1.2,2.1,0" (";" between steps, "," between features).',
        metavar="ROWS")
    input_file: str | Path | None = option(
        help="Sequence from .json, .csv, .npy, or a tensor of .pt/.safetensors/.npz (PATH:NAME "
             "picks one); 3-D arrays are (batch, steps, features).", path=READ)
    input_name: str | None = None     # the tensor of a .pt/.safetensors/.npz input file (PATH:NAME)
    zoo_name: str | None = None       # the --model these options were expanded from (cells.zoo)
    batch_index: int | None = option(help="Which sequence of a 3-D --input-file batch (0-based, as x[B]).",
                                     metavar="B")
    text: str | None = option(help="Words; each token becomes a fixed vector, or its row of the "
                                   "model's embedding with --vocab.")
    vocab: str | Path | None = option(
        help="The model's vocabulary for --text: JSON token->index, one token per line, or a "
             "Hugging Face tokenizer.json.", path=READ, metavar="FILE")
    embedding: str | None = option(help="The embedding tensor in --weights (default: found beside "
                                        "the layer).", metavar="NAME")
    weights: str | Path | None = option(
        help="Trained weights: .npz, .safetensors, .pt/.pth (state_dict or checkpoint), Keras "
             ".weights.h5/.keras.", path=READ)
    weights_prefix: str = option(
        "", help="Use the tensors under this prefix of a bigger state_dict or checkpoint, e.g. "
                 "model.encoder.rnn. (a Keras file: the layer's name).", metavar="P", show_default=False)
    layer: int | None = option(help="Which layer of a stacked model (1-based); its input is computed "
                                    "from yours.", metavar="N")
    direction: str | None = option(help="Which direction of a bidirectional model; reverse runs over "
                                        "the reversed input.", choices=DIRECTIONS)
    readout: str | None = option(help="A Linear layer on the final hidden state (e.g. fc.): the "
                                      "model's prediction.", metavar="P")
    readout_activation: str | None = option(
        help="Of --readout (default: sigmoid for one output, softmax for more).",
        choices=("sigmoid", "softmax"))
    model: str | None = option(
        help="A trained example model shipped in assets/models (`render.py models`): its weights, "
             "tokenizer, embedding and readout.", metavar="NAME")
    hidden: int | None = option(help="Hidden size without weights (default 3).")
    input_size: int | None = option(help="Input width without weights (default 3).")
    seed: int | None = option(help="Seed of the initial weights (default 0).")
    h0: str | None = option(help="Initial hidden state, comma-separated (default zeros).", metavar="V")
    c0: str | None = option(help="Initial LSTM cell state (default zeros).", metavar="V")
    gru_variant: str | None = option(
        help="GRU reset placement: pytorch (after W_hn, default) or cho (before).", choices=GRU_VARIANTS)
    nonlinearity: str | None = option(
        help="RNN only: tanh (PyTorch's default) or relu, as nn.RNN(nonlinearity=...); a "
             "state_dict cannot tell.", choices=NONLINEARITIES)
    what_if: bool = option(False, help="Compute a --gru-variant or --nonlinearity that contradicts "
                                       "the saved model (the trace says it is a what-if).")

    def __post_init__(self):   # input_file stays the path of a real file (render caches digest it)
        if self.input_file is not None and self.input_name is None:
            path, name = split_tensor_name(self.input_file)
            object.__setattr__(self, "input_file", path)
            object.__setattr__(self, "input_name", name)

    def with_cell(self, cell: str) -> "RunOptions":
        return replace(self, cell=cell)

    @property
    def has_input(self) -> bool:
        """Did the user give a sequence (--input, --input-file or --text)?"""
        return any(v is not None for v in (self.input, self.input_file, self.text))

    @property
    def seed_value(self) -> int:
        return 0 if self.seed is None else self.seed

    @property
    def picks_weights(self) -> bool:
        """Did the user say which weights to use (a model, a file, or untrained ones: a seed
        or sizes)? A scene's trained default input applies only when not."""
        return any(v is not None for v in (self.model, self.weights, self.seed, self.hidden,
                                           self.input_size))


INPUTS = (("--input", "input"), ("--input-file", "input_file"), ("--text", "text"))


def _given(o: RunOptions) -> list:
    return [n for n, a in INPUTS if getattr(o, a) is not None]


def source_of(o: RunOptions) -> str:
    """The option the sequence came from, for messages ('--input' for the default input)."""
    return next(iter(_given(o)), "--input")


def _vectors(o: RunOptions) -> np.ndarray:
    """The sequence of --input, --input-file or the default input (not --text)."""
    if o.input is not None:
        return parse_sequence(o.input)
    if o.input_file is not None:
        return read_sequence_file(o.input_file, batch_index=o.batch_index, name=o.input_name)
    return read_sequence_file(str(DEFAULT_INPUT_FILE))


def _sequence(o: RunOptions, m: Model) -> tuple:
    """(x, tokens, token ids, where the token vectors come from, (unknown flags, the unknown
    token) or None) of the model's input."""
    given = _given(o)
    if len(given) > 1:
        raise InputError(given[1], f"cannot be combined with {given[0]}; give one input")
    if o.batch_index is not None and o.input_file is None:
        raise InputError("--batch-index", "needs --input-file (a 3-D array of a batch)")
    if o.text is None:
        for name, value in (("--vocab", o.vocab), ("--embedding", o.embedding)):
            if value is not None:
                raise InputError(name, "needs --text (words to look up)")
        return _vectors(o), None, None, None, None
    if o.vocab is None:
        if o.embedding is not None:
            raise InputError("--embedding", "needs --vocab (how words become its rows)")
        hashed_text_allowed(o, m)
        tokens, x = embed_text(o.text, m.input_size)
        return x, tokens, None, "hashed", None
    if m.file is None:
        raise InputError("--vocab", "needs --weights (a model with an embedding)")
    vocab = read_vocab(o.vocab)
    tokens, ids = vocab.encode(o.text)
    _, table = embedding(o, m, max(vocab.size, max(ids) + 1))
    return table[ids], tokens, ids, "model", vocab.unknown(tokens)


def seeded_weights(o: RunOptions) -> Weights:
    """PyTorch-style initial weights in the sizes of --hidden, --input-size or the input."""
    if o.weights_prefix:
        raise InputError("--weights-prefix", "needs --weights")
    H = check_size("--hidden", 3 if o.hidden is None else o.hidden)
    I = o.input_size
    if I is None and o.text is None:
        I = _vectors(o).shape[1]
    return init_weights(o.cell, check_size("--input-size", 3 if I is None else I), H, o.seed_value)


def checked_model(o: RunOptions) -> Model:
    spec(o.cell)
    m = load_model(o)
    if o.zoo_name:
        zoo_checks(o, m)
    if o.weights:
        w = m.weights
        if o.hidden is not None and o.hidden != w.hidden_size:
            raise InputError("--hidden", f"is {o.hidden} but the weights have hidden size {w.hidden_size}")
        if o.input_size is not None and o.input_size != m.input_size:
            raise InputError("--input-size", f"is {o.input_size} but the weights have input size "
                                             f"{m.input_size}")
    return m


def make_weights(o: RunOptions) -> Weights:
    """The weights of the layer shown: loaded (sizes checked against --hidden/--input-size) or seeded."""
    return checked_model(expand_model(o)).weights


def make_trace(o: RunOptions, weights: Weights | None = None) -> Trace:
    """The trace of the options; `weights` replaces the model of the options by one layer."""
    o = expand_model(o)
    return model_trace(o, checked_model(o) if weights is None else plain_model(weights, o))


def model_trace(o: RunOptions, m: Model) -> Trace:
    """The trace of (expanded) options on their model; see `make_trace`."""
    x, tokens, ids, vectors, unknown = _sequence(o, m)
    if x.shape[1] != m.input_size:
        src = "the weights" if o.weights else "--input-size"
        raise InputError(source_of(o), f"steps have {x.shape[1]} values but {src} "
                                     f"{'expect' if o.weights else 'says'} {m.input_size}")
    if x.shape[0] > MAX_STEPS:
        raise InputError(source_of(o), f"{x.shape[0]} steps is more than the limit of {MAX_STEPS}")
    for layer in m.stack[:m.layer]:
        for w in layer.values():
            check_trace_size(source_of(o), w.cell, x.shape[0], w.hidden_size)
    h0 = parse_vector("--h0", o.h0) if o.h0 is not None else None
    c0 = parse_vector("--c0", o.c0) if o.c0 is not None else None
    with quietly():
        tr = m.run_layer(m.weights, m.layer_input(x), m.direction, h0, c0, tokens)
    refuse_overflow({"the layer's input": tr.x, **{f"pre-activation {k}": v for k, v in tr.pre.items()},
                     "h": tr.h, "c": tr.c, **tr.parts}, x, m.weights, source_of(o),
                    "--weights" if o.weights else None)
    tr.layer, tr.layers, tr.what_if = m.layer, len(m.stack), m.what_if
    tr.bidirectional, tr.model = m.bidirectional, o.zoo_name
    back = (lambda v: v[::-1]) if m.direction == "reverse" else list
    if ids is not None:
        tr.token_ids = back(ids)
    if unknown is not None:
        tr.unknown, tr.unknown_token = back(unknown[0]), unknown[1]
    tr.token_vectors = vectors
    if vectors == "hashed" and o.weights:
        tr.notes.append("--text: the words are this tool's fixed vectors, not your model's embedding; "
                        "give --vocab FILE to use the model's")
    ro = readout(o, m)
    if ro is not None:
        with quietly():
            tr.readout = ro.predict(m.final_state(tr))
        refuse_overflow({"the readout's logit": tr.readout["logits"],
                         "the readout's probability": tr.readout["probabilities"]},
                        x, m.weights, source_of(o), "--readout")
        if o.zoo_name:
            tr.readout["meaning"] = zoo_meaning(o.zoo_name, tr.readout["prediction"])
    return tr
