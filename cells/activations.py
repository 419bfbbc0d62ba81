"""Activations in float64, written so they never overflow for large inputs."""

import numpy as np


def sigmoid(x):
    """Logistic sigmoid, stable for large |x| (exp only ever sees non-positive values)."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def tanh(x):
    """Hyperbolic tangent (numpy's, kept here so every cell imports one place)."""
    return np.tanh(np.asarray(x, dtype=np.float64))
