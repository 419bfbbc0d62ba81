"""Activations in float64.

The sigmoid is 1 / (1 + exp(-x)), PyTorch's formula, which is accurate in both tails:
for x below about -709 exp overflows to inf and the result is the correct limit 0, so
that overflow is silenced rather than avoided.
"""

import numpy as np


def sigmoid(x, out=None):
    """Logistic sigmoid; `out` (an array of x's shape) avoids an allocation in hot loops."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore"):
        if out is None:
            return 1.0 / (1.0 + np.exp(-x))
        np.exp(np.negative(x, out=out), out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def tanh(x):
    """Hyperbolic tangent (numpy's, kept here so every cell imports one place)."""
    return np.tanh(np.asarray(x, dtype=np.float64))
