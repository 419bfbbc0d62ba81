"""A model's vocabulary: from the words of --text to the rows of its embedding.

--vocab takes a JSON object token -> index, a JSON list (index = position), a text file
with one token per line (index = line number, from 0), or a Hugging Face tokenizer.json
(through the `tokenizers` package, which then also splits the text, with the special
tokens it adds by default). Otherwise the text is split as everywhere in this tool
(words and punctuation marks); a vocabulary without upper-case letters gets the text
lower-cased first. A word it lacks becomes its unknown token, if it has one.
"""

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, existing_file
from .user_files import parse_json
from .inputs import tokenize

OPT = "--vocab"
UNKNOWN = ("<unk>", "[UNK]", "<UNK>")
MAX_VOCAB_BYTES = 256 << 20


@dataclass
class Vocab:
    path: str
    index: dict                     # token -> row of the embedding
    tokenizer: object = None        # a tokenizers.Tokenizer, for tokenizer.json

    @property
    def size(self) -> int:
        """Rows the embedding needs: the largest index + 1."""
        return max(self.index.values(), default=-1) + 1

    def unknown(self, tokens: list) -> tuple | None:
        """(per token: whether the vocabulary lacks it, the unknown token it became), or None
        when nothing can be unknown (a tokenizer splits into its own tokens)."""
        unk = next((u for u in UNKNOWN if u in self.index), None)
        if self.tokenizer is not None or unk is None:
            return None
        return [t not in self.index for t in tokens], unk

    def encode(self, text: str) -> tuple:
        """(tokens, indices) of the text, or the one-line error naming the first unknown word."""
        if self.tokenizer is not None:
            enc = self.tokenizer.encode(text)
            if not enc.ids:
                raise InputError("--text", "has no words to look up")
            return list(enc.tokens), list(enc.ids)
        tokens = tokenize(text)
        if not tokens:
            raise InputError("--text", "has no words to look up")
        if not any(t != t.lower() for t in self.index):
            tokens = [t.lower() for t in tokens]
        unk = next((u for u in UNKNOWN if u in self.index), None)
        ids = []
        for t in tokens:
            if t not in self.index and unk is None:
                raise InputError("--text", f"{t!r} is not in the vocabulary {self.path}, which has no "
                                           f"unknown token ({', '.join(UNKNOWN)})")
            ids.append(self.index.get(t, self.index.get(unk)))
        return tokens, ids


def read_vocab(path: str) -> Vocab:
    p = existing_file(path, OPT)
    if p.stat().st_size > MAX_VOCAB_BYTES:
        raise InputError(OPT, f"{path} is larger than {MAX_VOCAB_BYTES >> 20} MB")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(OPT, f"cannot read {path}: {str(e).splitlines()[0]}") from None
    if p.suffix.lower() != ".json":
        return Vocab(path, {t: i for i, t in reversed(list(enumerate(text.splitlines())))})
    data = parse_json(text, OPT, path)
    if isinstance(data, dict) and isinstance(data.get("model"), dict):
        return _hugging_face(p, path)
    if isinstance(data, list) and all(isinstance(t, str) for t in data):
        return Vocab(path, {t: i for i, t in reversed(list(enumerate(data)))})
    if isinstance(data, dict) and all(isinstance(i, int) and not isinstance(i, bool) and i >= 0
                                      for i in data.values()):
        return Vocab(path, dict(data))
    raise InputError(OPT, f"{path} must hold a JSON object token -> index (whole numbers from 0), "
                          "a JSON list of tokens, or be a Hugging Face tokenizer.json")


def _hugging_face(p: Path, path: str) -> Vocab:
    try:
        from tokenizers import Tokenizer
    except ImportError:
        raise InputError(OPT, f"{path} is a Hugging Face tokenizer; reading it needs the tokenizers "
                              "package (pip install tokenizers)") from None
    try:
        tok = Tokenizer.from_file(str(p))
    except Exception as e:   # tokenizers raises its own Exception type for a bad file
        raise InputError(OPT, f"cannot read {path} as a tokenizer: {str(e).splitlines()[0]}") from None
    return Vocab(path, tok.get_vocab(with_added_tokens=True), tok)
