"""Small numeric demos the RNN part of the article illustrates, as pure functions.

- `repeated_scaling`: "vector transformations without / with tanh" (article item 6):
  a vector goes through n cells that each multiply by a factor, optionally squashed.
- `long_input`: the documented default input of the vanishing-gradient scene: the
  article's ten word vectors (assets/inputs/article.json) repeated to `steps` steps.
- `largest_entry`: which entry of a matrix has the largest magnitude (the weight the
  gradient-update scene shows).
"""

import json
from pathlib import Path

import numpy as np

from .errors import InputError

ARTICLE_INPUT = Path(__file__).resolve().parent.parent / "assets" / "inputs" / "article.json"
VANISHING_STEPS = 20


def repeated_scaling(x, factor: float, n: int, squash: bool) -> dict:
    """Every intermediate of n cells that compute v -> factor*v (or tanh(factor*v)).

    Returns {"scaled": (n, k) factor*v of each cell, "out": (n+1, k) the vector entering
    cell 1 (row 0) and the output of every cell (rows 1..n)}; float64 throughout.
    """
    v = np.asarray(x, dtype=np.float64).reshape(-1)
    if v.size == 0:
        raise InputError("--values", "is empty")
    if n < 1:
        raise InputError("--cells", f"must be at least 1, got {n}")
    out, scaled = [v], []
    with np.errstate(over="ignore", invalid="ignore"):     # overflow is reported below
        for _ in range(n):
            s = factor * out[-1]
            scaled.append(s)
            out.append(np.tanh(s) if squash else s)
    out_a, scaled_a = np.vstack(out), np.vstack(scaled)
    if not (np.all(np.isfinite(out_a)) and np.all(np.isfinite(scaled_a))):
        raise InputError("--factor", f"{factor:g} over {n} cells overflows float64")
    return {"scaled": scaled_a, "out": out_a}


def long_input(steps: int = VANISHING_STEPS) -> np.ndarray:
    """(steps, 3): the article's ten word vectors, repeated (20 steps: twice)."""
    base = np.asarray(json.loads(ARTICLE_INPUT.read_text(encoding="utf-8")), dtype=np.float64)
    reps = -(-steps // base.shape[0])
    return np.tile(base, (reps, 1))[:steps]


def sequence_text(x: np.ndarray) -> str:
    """A (T, I) array as the --input syntax '0.1,0.5,1; 1.2,2.1,0' (exact: repr floats)."""
    return "; ".join(",".join(repr(float(v)) for v in row) for row in np.asarray(x))


def largest_entry(m) -> tuple:
    """(row, col) of the entry with the largest magnitude (the first one on ties)."""
    a = np.abs(np.asarray(m, dtype=np.float64))
    i, j = np.unravel_index(int(np.argmax(a)), a.shape)
    return int(i), int(j)
