"""Turning what the user typed or pointed at into a float64 sequence (T, I).

Every failure is an InputError naming the option, so the CLI can print one line.
"""

import csv
import hashlib
import re
from pathlib import Path

import numpy as np

from .errors import InputError, existing_file
from .user_files import parse_json, read_text_file

TOKEN_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def _finite_row(option: str, values, where: str) -> list:
    row = []
    for v in values:
        try:
            f = float(v.strip()) if isinstance(v, str) else float(v)
        except (TypeError, ValueError):
            raise InputError(option, f"{where}: {str(v).strip()!r} is not a number") from None
        if isinstance(v, bool):
            raise InputError(option, f"{where}: {v!r} is not a number")
        if not np.isfinite(f):
            raise InputError(option, f"{where}: NaN and infinity are not allowed")
        row.append(f)
    return row


def _matrix(option: str, rows: list, what: str) -> np.ndarray:
    if not rows or all(len(r) == 0 for r in rows):
        raise InputError(option, "the sequence is empty")
    width = len(rows[0])
    for k, r in enumerate(rows, 1):
        if len(r) == 0:
            raise InputError(option, f"{what} {k} is empty")
        if len(r) != width:
            raise InputError(option, f"{what} {k} has {len(r)} values but {what} 1 has {width}")
    return np.asarray(rows, dtype=np.float64)


def parse_vector(option: str, text: str) -> np.ndarray:
    """'0.1, -2, 3e-1' -> array; for --h0, --c0, --values."""
    parts = [p for p in text.split(",")]
    if not text.strip():
        raise InputError(option, "is empty")
    return np.asarray(_finite_row(option, parts, "value list"), dtype=np.float64)


def parse_sequence(text: str, option: str = "--input") -> np.ndarray:
    """'0.1,0.5,1; 1.2,2.1,0': semicolons separate time steps, commas features."""
    chunks = [c for c in text.split(";")]
    if chunks and not chunks[-1].strip():
        chunks = chunks[:-1]  # allow a trailing semicolon
    rows = []
    for k, chunk in enumerate(chunks, 1):
        if not chunk.strip():
            raise InputError(option, f"step {k} is empty")
        rows.append(_finite_row(option, chunk.split(","), f"step {k}"))
    return _matrix(option, rows, "step")


TENSOR_KINDS = (".pt", ".pth", ".safetensors", ".npz")


def read_sequence_file(path: str, option: str = "--input-file", batch_index: int | None = None,
                       name: str | None = None) -> np.ndarray:
    """A .json list of lists, a .csv with one row per step, a .npy array, or one tensor of a
    .pt/.safetensors/.npz file (`name`, or "x.safetensors:name"; a lone tensor needs none).

    Arrays are 2-D (steps, features) or 3-D (batch, steps, features): batch first, as Keras
    and batch_first=True models take them; --batch-index (0-based) picks one sequence.
    """
    if name is None:
        path, name = split_tensor_name(path)
    p = existing_file(path, option)
    kind = p.suffix.lower()
    if kind in TENSOR_KINDS:
        return sequence_array(option, path, _one_tensor(path, option, name), batch_index)
    if name is not None:
        raise InputError(option, f"only {', '.join(TENSOR_KINDS)} files hold named tensors")
    if batch_index is not None and kind != ".npy":
        raise InputError("--batch-index", f"a {kind} file holds one sequence, not a batch")
    try:
        if kind == ".json":
            text = read_text_file(path, option)
            _check_steps(option, text.count("[") - 1)     # before parsing: lists cost 30x the text
            data = parse_json(text, option, path)
            if not isinstance(data, list) or not all(isinstance(r, list) for r in data):
                raise InputError(option, f"{path} must hold a list of lists (one list per step)")
            rows = [_finite_row(option, r, f"step {k}") for k, r in enumerate(data, 1)]
            return _matrix(option, rows, "step")
        if kind == ".csv":
            rows = []
            with p.open(newline="", encoding="utf-8") as fh:
                for r in csv.reader(fh):
                    if any(c.strip() for c in r):
                        _check_steps(option, len(rows) + 1)   # as they come: a huge file stops here
                        rows.append(_finite_row(option, r, f"row {len(rows) + 1}"))
            return _matrix(option, rows, "row")
        if kind == ".npy":
            with p.open("rb") as fh:      # np.load takes anything else for a pickle
                if fh.read(6) != b"\x93NUMPY":
                    raise InputError(option, f"{path} is not a NumPy .npy file")
                fh.seek(0)
                version = np.lib.format.read_magic(fh)
                shape, _, dtype = (np.lib.format.read_array_header_1_0(fh) if version == (1, 0)
                                   else np.lib.format.read_array_header_2_0(fh))
            _check_shape(option, path, shape)
            arr = np.load(p, allow_pickle=False)
            if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating):
                raise InputError(option, f"{path} holds {arr.dtype} values, not real numbers")
            return sequence_array(option, path, arr, batch_index)
    except InputError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as e:
        raise InputError(option, f"cannot read {path}: {str(e).splitlines()[0]}") from None
    raise InputError(option, f"unknown file type {kind or '(none)'!r} for {path}; use .json, .csv, "
                             f".npy or {', '.join(TENSOR_KINDS)}")


def split_tensor_name(path: str) -> tuple:
    """("x.safetensors", "name") of "x.safetensors:name"; a file that exists keeps its name."""
    path = str(path)
    base, sep, name = path.rpartition(":")
    if sep and name and not Path(path).exists() and Path(base).suffix.lower() in TENSOR_KINDS:
        return base, name
    return path, None


def _one_tensor(path: str, option: str, name: str | None) -> np.ndarray:
    from .tensor_files import read_tensor_file
    tf = read_tensor_file(path, option)
    if name is None:
        if len(tf.shapes) != 1:
            listing = ", ".join(f"{n} {s}" for n, s in sorted(tf.shapes.items())[:8])
            raise InputError(option, f"{path} holds {len(tf.shapes)} tensors ({listing}); name one: "
                                     f"{path}:NAME")
        name = next(iter(tf.shapes))
    elif name not in tf.shapes:
        raise InputError(option, f"{path} has no tensor {name!r}; it has {', '.join(sorted(tf.shapes)[:8])}")
    _check_shape(option, f"{path}:{name}", tf.shapes[name])
    return tf.get(name)


def _check_steps(option: str, steps: int) -> None:
    from .forward import MAX_STEPS
    if steps > MAX_STEPS:
        raise InputError(option, f"{steps} steps is more than the limit of {MAX_STEPS}")


def _check_shape(option: str, where: str, shape) -> None:
    """Refuse a declared shape too large to be a sequence before anything is read."""
    from .weights import MAX_SIZE
    if len(shape) not in (2, 3):
        raise InputError(option, f"{where} holds a {len(shape)}-D array; expected 2-D (steps x features) "
                                 "or 3-D (batch x steps x features)")
    steps, width = shape[-2:]
    _check_steps(option, steps)
    if width > MAX_SIZE:
        raise InputError(option, f"{width} features is more than the limit of {MAX_SIZE}")


def sequence_array(option: str, where: str, arr, batch_index: int | None) -> np.ndarray:
    """A (steps, features) float64 sequence of a 2-D array, or of one row of a 3-D batch."""
    arr = np.asarray(arr)
    _check_shape(option, where, arr.shape)
    if arr.ndim == 3:
        B = arr.shape[0]
        if batch_index is None and B != 1:
            raise InputError("--batch-index", f"{where} is a batch of {B} sequences (batch, steps, "
                                              f"features); pick one with --batch-index 0..{B - 1}")
        k = 0 if batch_index is None else batch_index
        if not 0 <= k < B:
            raise InputError("--batch-index", f"is {k} but {where} has {B} sequences (0..{B - 1})")
        arr = arr[k]
    elif batch_index is not None:
        raise InputError("--batch-index", f"{where} is one 2-D sequence, not a batch")
    arr = arr.astype(np.float64)
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InputError(option, "the sequence is empty")
    if not np.all(np.isfinite(arr)):
        raise InputError(option, f"{where} contains NaN or infinity")
    return arr


def tokenize(text: str) -> list:
    """Words and punctuation marks: 'What time is it?' -> ['What', 'time', 'is', 'it', '?']."""
    return TOKEN_RE.findall(text)


def token_spans(text: str) -> list:
    """[(start, end)] of each token of `tokenize(text)` in the text."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def embed_token(token: str, size: int) -> np.ndarray:
    """A fixed vector per token (case-folded), independent of --seed and of the run.

    Values have one decimal, in [-1, 1], like the article's word vectors, so the number
    drawn under a word is exactly the number the cell receives.
    """
    digest = hashlib.blake2b(token.casefold().encode("utf-8"), digest_size=8).digest()
    rng = np.random.default_rng(int.from_bytes(digest, "little"))
    return np.round(rng.uniform(-1.0, 1.0, size=size), 1)


def embed_text(text: str, size: int, option: str = "--text") -> tuple:
    """(tokens, (T, size) vectors) for --text."""
    tokens = tokenize(text)
    if not tokens:
        raise InputError(option, "has no words to turn into vectors")
    return tokens, np.vstack([embed_token(t, size) for t in tokens])
