"""From the user's options to a trace: one place that decides input, weights and state.

The CLI and every scene call `make_trace(RunOptions(...))`, so defaults and the checks
between options (weights vs --hidden, input width vs weights) are written once.
"""

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .fields import READ, option
from .forward import MAX_STEPS, check_trace_size, run
from .inputs import embed_text, parse_sequence, parse_vector, read_sequence_file
from .loaders import load_weights
from .spec import GRU_VARIANTS, spec
from .trace import Trace
from .weights import Weights, check_size, init_weights

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DEFAULT_INPUT_FILE = ASSETS / "inputs" / "article.json"   # the article's ten word vectors


@dataclass(frozen=True)
class RunOptions:
    """What goes into the cell: the sequence, the weights and the initial state."""
    cell: str = "lstm"
    input: str | None = option(
        help='Sequence: "0.1,0.5,1; 1.2,2.1,0" (";" between steps, "," between features).',
        metavar="ROWS")
    input_file: str | Path | None = option(help="Sequence from .json, .csv or .npy.", path=READ)
    text: str | None = option(help="Words; each token becomes a fixed vector.")
    weights: str | Path | None = option(
        help="Trained weights: .npz, .safetensors, .pt/.pth (PyTorch or Keras names).", path=READ)
    weights_prefix: str = option(
        "", help="Use the tensors under this prefix of a bigger state_dict, e.g. encoder.rnn.",
        metavar="P", show_default=False)
    hidden: int | None = option(help="Hidden size without weights (default 3).")
    input_size: int | None = option(help="Input width without weights (default 3).")
    seed: int = option(0, help="Seed of the initial weights.")
    h0: str | None = option(help="Initial hidden state, comma-separated (default zeros).", metavar="V")
    c0: str | None = option(help="Initial LSTM cell state (default zeros).", metavar="V")
    gru_variant: str | None = option(
        help="GRU reset placement: pytorch (after W_hn, default) or cho (before).", choices=GRU_VARIANTS)

    def with_cell(self, cell: str) -> "RunOptions":
        return replace(self, cell=cell)

    @property
    def has_input(self) -> bool:
        """Did the user give a sequence (--input, --input-file or --text)?"""
        return any(v is not None for v in (self.input, self.input_file, self.text))


def _sequence(o: RunOptions, width: int | None):
    given = [n for n, v in (("--input", o.input), ("--input-file", o.input_file),
                            ("--text", o.text)) if v is not None]
    if len(given) > 1:
        raise InputError(given[1], f"cannot be combined with {given[0]}; give one input")
    if o.text is not None:
        tokens, x = embed_text(o.text, width or 3)
        return x, tokens
    if o.input is not None:
        return parse_sequence(o.input), None
    if o.input_file is not None:
        return read_sequence_file(o.input_file), None
    return read_sequence_file(str(DEFAULT_INPUT_FILE)), None


def _source(o: RunOptions) -> str:
    """The option the sequence came from, for messages ('--input' for the default input)."""
    return next((n for n, v in (("--input", o.input), ("--input-file", o.input_file),
                                ("--text", o.text)) if v is not None), "--input")


def make_weights(o: RunOptions) -> Weights:
    """Loaded weights (sizes checked against --hidden/--input-size) or seeded ones."""
    spec(o.cell)
    if o.weights:
        w, reset_after = load_weights(o.weights, o.cell, o.weights_prefix)
        if o.hidden is not None and o.hidden != w.hidden_size:
            raise InputError("--hidden", f"is {o.hidden} but the weights have hidden size {w.hidden_size}")
        if o.input_size is not None and o.input_size != w.input_size:
            raise InputError("--input-size", f"is {o.input_size} but the weights have input size "
                                             f"{w.input_size}")
        if reset_after is False and (o.gru_variant or "pytorch") != "cho":
            raise InputError("--gru-variant", "these Keras GRU weights (reset_after=False) compute "
                                              "the 'cho' variant; pass --gru-variant cho")
        return w
    if o.weights_prefix:
        raise InputError("--weights-prefix", "needs --weights")
    H = check_size("--hidden", 3 if o.hidden is None else o.hidden)
    I = o.input_size
    if I is None and o.text is None:
        I = _sequence(o, None)[0].shape[1]
    return init_weights(o.cell, check_size("--input-size", 3 if I is None else I), H, o.seed)


def make_trace(o: RunOptions, weights: Weights | None = None) -> Trace:
    w = weights or make_weights(o)
    x, tokens = _sequence(o, w.input_size)
    if x.shape[1] != w.input_size:
        src = "the weights" if o.weights else "--input-size"
        raise InputError(_source(o), f"steps have {x.shape[1]} values but {src} "
                                     f"{'expect' if o.weights else 'says'} {w.input_size}")
    if x.shape[0] > MAX_STEPS:
        raise InputError(_source(o), f"{x.shape[0]} steps is more than the limit of {MAX_STEPS}")
    check_trace_size(_source(o), w.cell, x.shape[0], w.hidden_size)
    h0 = parse_vector("--h0", o.h0) if o.h0 is not None else None
    c0 = parse_vector("--c0", o.c0) if o.c0 is not None else None
    return run(w, x, h0, c0, o.gru_variant, tokens)
