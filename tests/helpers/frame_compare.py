"""Do two key frames show the same picture?

Tolerant of what may differ between machines that render the same scene (antialiasing,
an edge that lands a fraction of a pixel away), blind to none of what a viewer would
notice: a label moved by two pixels, a colour changed, an element missing. Each pixel is
compared with the range of the other frame's values within one pixel of it, both ways
round; a pixel differs when it lies more than LEVELS outside that range in a channel. One stray pixel is noise, but a cluster is a change: a frame differs when any
TILE x TILE tile holds TILE_LIMIT differing pixels.

Frames are compared at the key-frame size (427 x 240), where a pixel is about five
pixels of a 1080p render.
"""

import numpy as np

LEVELS = 40
SHIFT = 1
TILE = 8
TILE_LIMIT = 5


def _outside(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pixel of `a`: how far (largest channel) it lies outside the range of `b`'s
    values within SHIFT pixels. An edge drawn a fraction of a pixel away mixes the same
    two colours in other proportions, so it stays inside that range."""
    h, w = a.shape[:2]
    padded = np.pad(b, ((SHIFT, SHIFT), (SHIFT, SHIFT), (0, 0)), mode="edge")
    windows = [padded[dy:dy + h, dx:dx + w] for dy in range(2 * SHIFT + 1) for dx in range(2 * SHIFT + 1)]
    lo, hi = np.min(windows, axis=0), np.max(windows, axis=0)
    return np.maximum(np.maximum(lo - a, a - hi), 0).max(axis=2)


def differing_pixels(want: np.ndarray, got: np.ndarray) -> np.ndarray:
    """Boolean mask of the pixels that differ (see the module's docstring)."""
    want, got = np.asarray(want, dtype=np.int16), np.asarray(got, dtype=np.int16)
    if want.shape != got.shape:
        raise ValueError(f"frames of different sizes: {want.shape} and {got.shape}")
    return np.maximum(_outside(got, want), _outside(want, got)) > LEVELS


def frame_difference(want: np.ndarray, got: np.ndarray) -> str | None:
    """None when the frames show the same picture, else where they differ."""
    bad = differing_pixels(want, got)
    h, w = bad.shape
    tiles = np.pad(bad, ((0, -h % TILE), (0, -w % TILE)))
    counts = tiles.reshape(tiles.shape[0] // TILE, TILE, tiles.shape[1] // TILE, TILE).sum(axis=(1, 3))
    if counts.max() < TILE_LIMIT:
        return None
    ys, xs = np.nonzero(counts >= TILE_LIMIT)
    return (f"{int(bad.sum())} pixels differ, {len(ys)} tiles changed, within x {xs.min() * TILE}-"
            f"{(xs.max() + 1) * TILE}, y {ys.min() * TILE}-{(ys.max() + 1) * TILE} of {w}x{h}")
