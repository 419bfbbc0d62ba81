"""The trained example models in assets/models/: their cards, loading, text in, answers out.

Each model is `<name>.safetensors` (PyTorch names, see cells/classifier.py) with its card
`<name>.json` (task, data, sizes, training command, measured accuracy); text models name
a vocabulary file in the card (one token per line, index = line number). Made by
scripts/train_examples.py. Needs neither torch nor the training data's packages.

Influence of a step (`influence`): leave-one-out on the logit (the log-odds of the
readout): logit(input) - logit(input with that step blanked out), a word replaced by the
unknown word `<unk>` (which the training taught to carry no sentiment), a vector step by
zeros. Positive: the step pushed towards label 1. Chosen over gradient x input, which
on these saturated models credits the last tokens (on the cereal review: "!" +0.64,
"perfectly" -0.01), while leave-one-out names the rated words ("definitely" +1.6,
"perfectly" +0.6, "amazing" +0.6, everything else within 0.15). All T blanked-out
sequences run as one batch.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .activations import sigmoid
from .classifier import Classifier
from .errors import InputError
from .forward import run_batch
from .options import ASSETS
from .review_task import text_tokens
from .trace import Trace

MODELS_DIR = ASSETS / "models"
OPT = "--model"


def names() -> list:
    """The models shipped, sorted (every card with its weights file)."""
    return sorted(p.stem for p in MODELS_DIR.glob("*.json")
                  if (MODELS_DIR / f"{p.stem}.safetensors").is_file())


@lru_cache(maxsize=None)
def _card_text(name: str) -> str:
    return (MODELS_DIR / f"{name}.json").read_text(encoding="utf-8")


def card(name: str) -> dict:
    """The model card (a fresh dict: callers may change theirs)."""
    if name not in names():
        raise InputError(OPT, f"unknown model {name!r}; choose one of {', '.join(names())}")
    return json.loads(_card_text(name))


def cards() -> dict:
    """name -> card, for every shipped model."""
    return {n: card(n) for n in names()}


@dataclass
class Prediction:
    probability: float        # P(label 1) = sigmoid(logit)
    logit: float
    label: int                # 1 when probability > 0.5
    meaning: str              # what label 1 or 0 means, from the card


@dataclass
class ZooModel:
    name: str
    card: dict
    net: Classifier
    vocab: list | None        # text models: token k is vocab[k]
    index: dict = field(default_factory=dict, repr=False)   # token -> k

    def __post_init__(self):
        self.index = {t: k for k, t in enumerate(self.vocab or ())}

    @property
    def weights(self):
        return self.net.weights

    @property
    def is_text(self) -> bool:
        return self.vocab is not None

    def tokens(self, text: str) -> list:
        """The model's tokenizer (text models): lower-case words and punctuation marks."""
        self._need_text()
        tokens = text_tokens(text)
        if not tokens:
            raise InputError("--text", "has no words to turn into vectors")
        return tokens

    def token_ids(self, tokens: list) -> np.ndarray:
        """Vocabulary indices; a token not in the vocabulary is the unknown token's."""
        unk = self.index[self.card["vocab"]["unknown"]]
        return np.array([self.index.get(t, unk) for t in tokens])

    def embed(self, text: str) -> tuple:
        """(tokens, (T, E) vectors the cell reads, T ids) for a text."""
        tokens = self.tokens(text)
        ids = self.token_ids(tokens)
        return tokens, self.net.inputs(ids), ids

    def default_input(self):
        """The card's default input: a text for text models, else a (T, I) array."""
        x = self.card["default_input"]["input"]
        return x if self.is_text else np.asarray(x, dtype=np.float64)

    def trace(self, data=None) -> Trace:
        """The cell's full trace on a text (text models) or a (T, I) sequence."""
        data = self.default_input() if data is None else data
        if self.is_text:
            tokens, x, _ = self.embed(data)
            return self.net.trace_vectors(x, tokens)
        if isinstance(data, str):
            self._need_text()
        return self.net.trace(self._sequence(data))

    def predict(self, data=None) -> Prediction:
        tr = self.trace(data)
        z = float(self.net.logit(tr.h[-1]))
        p = float(sigmoid(z))
        r = self.card["readout"]
        return Prediction(p, z, int(p > 0.5), r["label_1"] if p > 0.5 else r["label_0"])

    def influence(self, data=None) -> tuple:
        """(trace, (T,) leave-one-out influence of every step on the logit): see the module doc."""
        tr = self.trace(data)
        T = tr.steps
        blank = self.net.embedding[self.token_ids([self.card["vocab"]["unknown"]])[0]] \
            if self.is_text else np.zeros(tr.input_size)
        x = np.repeat(tr.x[:, None], T, axis=1)       # (T, T, I): sequence k has step k blanked
        x[np.arange(T), np.arange(T)] = blank
        z = self.net.logit(run_batch(self.weights, x, self.net.variant).h[-1])
        return tr, float(self.net.logit(tr.h[-1])) - z

    def _sequence(self, data) -> np.ndarray:
        x = np.asarray(data, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.weights.input_size or x.shape[0] == 0:
            raise InputError("--input", f"the model {self.name} reads steps of "
                                        f"{self.weights.input_size} values")
        return x

    def _need_text(self):
        if not self.is_text:
            raise InputError("--text", f"the model {self.name} reads number sequences, not text")


def load(name: str) -> ZooModel:
    """A shipped model by name, with its card, weights, readout and vocabulary."""
    c = card(name)
    net = Classifier.load(MODELS_DIR / c["file"], c["cell"])
    vocab = None
    if c.get("vocab"):
        vocab = (MODELS_DIR / c["vocab"]["file"]).read_text(encoding="utf-8").split("\n")[:-1]
    return ZooModel(name, c, net, vocab)
