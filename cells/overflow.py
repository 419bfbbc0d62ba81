"""Finite inputs can still overflow float64 inside a cell: weights of 1e300, an input of
1e200. Computed quietly (numpy would print warnings on stderr), then refused by the
option that brought the large numbers, instead of null in the trace JSON and Infinity
in a manifest.
"""

import numpy as np

from .errors import InputError


def quietly():
    """Around a computation whose overflow `refuse_overflow` reports."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore")


def _largest(arrays) -> float:
    return max((float(np.max(np.abs(a))) for a in arrays if a is not None and np.size(a)), default=0.0)


def refuse_overflow(computed: dict, x, weights, source: str, weights_option: str | None) -> None:
    """InputError if any of `computed` ({name: (T, ...) array}) is not finite.

    Blamed: `weights_option` (None: seeded weights) if the weights hold larger numbers than
    the input `x`, else `source`."""
    for name, a in computed.items():
        if a is None:
            continue
        bad = ~np.isfinite(np.asarray(a, dtype=np.float64))
        if bad.any():
            where = f" at step {int(np.argwhere(bad)[0][0]) + 1}" if bad.ndim > 1 else ""
            big_w = _largest([weights.w_ih, weights.w_hh, weights.b_ih, weights.b_hh, weights.w_hr])
            big_x = _largest([x])
            option = weights_option if weights_option and big_w >= big_x else source
            raise InputError(option, f"{name}{where} overflows float64 (inputs up to {big_x:.3g}, "
                                     f"weights up to {big_w:.3g}); scale them down")
