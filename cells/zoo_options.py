"""`--model NAME`: a shipped trained model (cells/zoo.py) as the options it stands for.

The model is its file read like a user's (`--weights assets/models/NAME.safetensors
--weights-prefix rnn --readout readout.`, plus `--vocab` for a text model), so every
check, trace and gradient is the one a user's own model gets. Without an input the
card's default input is used (the cereal review, the memory task's held-out example).
What the card knows and a file cannot say wins: the memory RNN computes tanh, so
`--nonlinearity relu` is a what-if. Options that name other weights are refused.
"""

from dataclasses import replace

from .errors import InputError

OPT = "--model"
PREFIX, READOUT = "rnn", "readout."
# options that --model decides itself: given together with it, they would contradict it
DECIDED = (("--weights", "weights"), ("--weights-prefix", "weights_prefix"), ("--vocab", "vocab"),
           ("--embedding", "embedding"), ("--readout", "readout"), ("--seed", "seed"),
           ("--readout-activation", "readout_activation"), ("--layer", "layer"),
           ("--direction", "direction"))


def expand_model(o):
    """The explicit options of `o.model` (unchanged options without one)."""
    if o.model is None:
        return o
    from . import zoo
    card = zoo.card(o.model)
    for flag, name in DECIDED:
        if getattr(o, name) not in (None, ""):
            raise InputError(flag, f"cannot be combined with {OPT} {o.model}, which brings its own")
    if card["cell"] != o.cell:
        raise InputError(OPT, f"{o.model} is {_a(card['cell'])}; this needs {_a(o.cell)} "
                              f"(`render.py models` lists them)")
    text_model = bool(card.get("vocab"))
    if o.text is not None and not text_model:
        raise InputError("--text", f"the model {o.model} reads number sequences, not text")
    o = with_card_input(o)
    return replace(o, model=None, zoo_name=o.model, weights=str(zoo.MODELS_DIR / card["file"]),
                   weights_prefix=PREFIX, readout=READOUT,
                   vocab=str(zoo.MODELS_DIR / card["vocab"]["file"]) if text_model and o.text else None)


def with_card_input(o):
    """The options with their --model's default input when they have no input of their own."""
    if o.has_input or o.model is None:
        return o
    from . import zoo
    from .demos import sequence_text
    card = zoo.card(o.model)
    x = card["default_input"]["input"]
    return replace(o, text=x) if card.get("vocab") else replace(o, input=sequence_text(x))


def _a(cell: str) -> str:
    return ("a " if cell == "gru" else "an ") + cell.upper()


def zoo_checks(o, m) -> None:
    """What the card knows about the loaded model: a tanh RNN's what-if."""
    from . import zoo
    if o.cell != "rnn" or o.nonlinearity in (None, "tanh"):
        return
    saved = zoo.card(o.zoo_name).get("nonlinearity", "tanh")
    if not o.what_if:
        raise InputError("--nonlinearity", f"the model {o.zoo_name} computes {saved}, not "
                                           f"{o.nonlinearity!r}; add --what-if to compute "
                                           f"{o.nonlinearity!r} with its weights anyway")
    m.what_if = {**(m.what_if or {}), "nonlinearity": {"saved": saved, "computed": o.nonlinearity}}


def zoo_meaning(name: str, prediction: int) -> str:
    """What the predicted label means, from the card ('positive')."""
    from . import zoo
    return zoo.card(name)["readout"][f"label_{prediction}"]
