"""Review-like sentences labelled by the human ratings of the VADER lexicon.

Data: `vader_lexicon.txt` of the vaderSentiment package (Hutto & Gilbert 2014, MIT
licence), about 7,500 tokens, each with the mean valence (-4..+4) that ten people gave
it. Its entries that are one lower-case word are the sentiment words: 7,209 in version
3.3.2 (8 are listed twice; the later entry wins, as in VADER's own reader). Emoticons and
phrases are left out, since no tokenised text is one of them.

Generator (seeded): a review is 1 to 4 sentences, each a template of neutral filler words
(none of them in the lexicon; checked) with slots for sentiment words. A slot is one
lexicon word drawn uniformly, after a negation ("not" or "never") with probability 1/4.
Each filler word becomes `<unk>` with probability 1/20, so the model meets unknown words
and learns what they say about the label: nothing.

Label, a rule on the ratings (never typed by hand): the summed valence of the sentiment
words, a word right after a negation counting -0.74 times its valence (VADER's N_SCALAR);
1 if the sum is > 0, 0 if < 0; a review whose sum is exactly 0 is not used.

Tokens: the text lower-cased, then words and punctuation marks, each mark its own token
(cells.inputs.tokenize). A token not in the vocabulary is `<unk>`. Only the generator
needs the lexicon; a trained model ships its vocabulary (cells.zoo).
"""

import hashlib
from importlib import resources

import numpy as np

from .errors import InputError
from .inputs import tokenize

UNK = "<unk>"
NEGATIONS = ("not", "never")
N_SCALAR = -0.74          # vaderSentiment.vaderSentiment.N_SCALAR: a negated word's factor
P_NEGATION = 0.25
P_UNKNOWN = 0.05
MAX_SENTENCES = 4

# {s} a sentiment word (maybe negated), {n} a noun, {v} a verb in the past, {m} a meal,
# {a} a neutral adjective. Some sentences have no sentiment word at all.
TEMPLATES = (
    "{s} !", "{s} .", "this {n} is {s} .", "the {n} of this {n} was {s} .",
    "the {n} was {s} and {s} .", "i {v} it for {m} and it was {s} .",
    "it gave me a {s} {m} .", "a {s} and {a} {m} .", "the {n} is {s} but the {n} is {s} .",
    "{s} {n} , {s} {n} .", "i only {v} half of the {n} .", "we {v} this {n} again .",
    "my kids {v} a {n} of it .", "all {n} should be {a} .", "i will be buying it again .",
    "will {s} buy it again !", "as a {m} it is {a} and {s} .", "the {n} was {a} , {s} !",
    "i {v} a {n} of {n} for me .", "it is {s} , as a {n} should be .",
)
FILLERS = {
    "n": ("box", "cereal", "taste", "flavor", "texture", "bowl", "price", "brand", "bag",
          "oats", "grain", "serving", "portion", "milk", "packaging", "recipe", "flakes",
          "size", "order", "delivery", "store", "product", "things", "pack", "spoon"),
    "v": ("ate", "bought", "tried", "had", "got", "ordered", "finished", "poured", "gave",
          "served", "opened", "found"),
    "m": ("breakfast", "lunch", "dinner", "snack", "dessert"),
    "a": ("balanced", "crunchy", "whole", "large", "small", "new", "plain", "daily", "big",
          "dry", "cold", "thin", "round"),
}


def lexicon() -> dict:
    """word -> mean valence, for the lexicon's one-word lower-case entries."""
    try:
        text = (resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        raise InputError("", "retraining or re-evaluating the review models needs the "
                             "vaderSentiment package (pip install 'illustrated-rnn[train]')") from None
    out = {}
    for line in text.splitlines():
        word, valence = line.split("\t")[:2]
        if word.isalpha() and word.islower() and tokenize(word) == [word]:
            out[word] = float(valence)
    return out


def lexicon_sha256() -> str:
    """The digest of the lexicon file the data come from (recorded in the model cards)."""
    data = (resources.files("vaderSentiment") / "vader_lexicon.txt").read_bytes()
    return hashlib.sha256(data).hexdigest()


def filler_words() -> set:
    words = {w for ws in FILLERS.values() for w in ws}
    for t in TEMPLATES:
        words.update(w for w in t.split() if not w.startswith("{"))
    return words


def vocabulary(lex: dict) -> list:
    """`<unk>` first, then every filler, negation and sentiment word, sorted."""
    fillers = filler_words() | set(NEGATIONS)
    rated = sorted(fillers & set(lex))
    if rated:       # a filler with a rating would carry sentiment the label ignores
        raise ValueError(f"filler words in the lexicon: {rated}")
    return [UNK] + sorted(fillers | set(lex))


def score(tokens: list, lex: dict) -> float:
    """The label rule's sum: valences, a word right after a negation times N_SCALAR."""
    total = 0.0
    for k, t in enumerate(tokens):
        if t in lex:
            total += lex[t] * (N_SCALAR if k and tokens[k - 1] in NEGATIONS else 1.0)
    return total


def _pick(rng, items):
    """A uniform choice (rng.random() is several times cheaper than rng.integers per call)."""
    return items[int(rng.random() * len(items))]


def review(rng, words: list) -> list:
    """One generated review as tokens (sentiment words from `words`)."""
    tokens = []
    for _ in range(1 + int(rng.random() * MAX_SENTENCES)):
        for slot in _pick(rng, TEMPLATES).split():
            if slot == "{s}":
                if rng.random() < P_NEGATION:
                    tokens.append(_pick(rng, NEGATIONS))
                tokens.append(_pick(rng, words))
                continue
            if slot.startswith("{"):
                slot = _pick(rng, FILLERS[slot[1]])
            tokens.append(UNK if rng.random() < P_UNKNOWN else slot)
    return tokens


def examples(rng, n: int, lex: dict, vocab: list) -> tuple:
    """n labelled reviews: (list of token-id arrays, labels, list of token lists)."""
    words = sorted(lex)
    index = {t: k for k, t in enumerate(vocab)}
    ids, labels, texts = [], [], []
    while len(ids) < n:
        tokens = review(rng, words)
        s = score(tokens, lex)
        if s == 0.0:
            continue
        ids.append(np.array([index[t] for t in tokens]))
        labels.append(float(s > 0))
        texts.append(tokens)
    return ids, np.array(labels), texts


def chunks(seed: int, n_chunks: int, chunk: int, lex: dict, vocab: list):
    """The training stream: n_chunks fresh chunks of `chunk` labelled reviews (ids, labels)."""
    rng = np.random.default_rng([seed, 4])
    for _ in range(n_chunks):
        yield examples(rng, chunk, lex, vocab)[:2]


def text_tokens(text: str) -> list:
    """The models' tokenizer: lower-case words and punctuation marks."""
    return [t.lower() for t in tokenize(text)]
