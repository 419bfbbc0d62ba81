"""Turning what the user typed or pointed at into a float64 sequence (T, I).

Every failure is an InputError naming the option, so the CLI can print one line.
"""

import csv
import hashlib
import json
import re

import numpy as np

from .errors import InputError, existing_file

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


def read_sequence_file(path: str, option: str = "--input-file") -> np.ndarray:
    """A .json list of lists, a .csv with one row per step, or a 2-D .npy array."""
    p = existing_file(path, option)
    kind = p.suffix.lower()
    try:
        if kind == ".json":
            data = json.loads(p.read_text(encoding="utf-8"))
            if not isinstance(data, list) or not all(isinstance(r, list) for r in data):
                raise InputError(option, f"{path} must hold a list of lists (one list per step)")
            rows = [_finite_row(option, r, f"step {k}") for k, r in enumerate(data, 1)]
            return _matrix(option, rows, "step")
        if kind == ".csv":
            with p.open(newline="", encoding="utf-8") as fh:
                raw = [r for r in csv.reader(fh) if any(c.strip() for c in r)]
            rows = [_finite_row(option, r, f"row {k}") for k, r in enumerate(raw, 1)]
            return _matrix(option, rows, "row")
        if kind == ".npy":
            with p.open("rb") as fh:      # np.load takes anything else for a pickle
                if fh.read(6) != b"\x93NUMPY":
                    raise InputError(option, f"{path} is not a NumPy .npy file")
            arr = np.load(p, allow_pickle=False)
            if arr.ndim != 2:
                raise InputError(option, f"{path} holds a {arr.ndim}-D array; expected 2-D (steps x features)")
            if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating):
                raise InputError(option, f"{path} holds {arr.dtype} values, not real numbers")
            arr = arr.astype(np.float64)
            if arr.shape[0] == 0 or arr.shape[1] == 0:
                raise InputError(option, "the sequence is empty")
            if not np.all(np.isfinite(arr)):
                raise InputError(option, f"{path} contains NaN or infinity")
            return arr
    except InputError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError, csv.Error) as e:
        raise InputError(option, f"cannot read {path}: {str(e).splitlines()[0]}") from None
    raise InputError(option, f"unknown file type {kind or '(none)'!r} for {path}; use .json, .csv or .npy")


def tokenize(text: str) -> list:
    """Words and punctuation marks: 'What time is it?' -> ['What', 'time', 'is', 'it', '?']."""
    return TOKEN_RE.findall(text)


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
