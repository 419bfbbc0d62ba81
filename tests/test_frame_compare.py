"""The key-frame comparison passes what differs between machines and fails what a viewer sees.

Each perturbation is made on a real key frame at render resolution (854x480) and then
reduced to the compared size, as a frame from another machine would be.
"""

import numpy as np
import pytest

from tests.conftest import _rendered
from tests.helpers.frame_compare import frame_difference
from tests.helpers.scene_harness import small

CAPTION = (400, 440, 230, 625)      # rows and columns of the lstm output section's equation line
H_DOT = (286, 302, 484, 500)        # the h_t dot's label, where the output gate's x meets it


@pytest.fixture(scope="module")
def frame():
    full = dict(_rendered("lstm").keyframes)["output"]
    return full[..., :3].astype(float)


def shifted(a: np.ndarray, dy: float, dx: float) -> np.ndarray:
    """`a` moved by a fraction of a pixel (bilinear), as an edge drawn elsewhere would be."""
    iy, fy, ix, fx = int(np.floor(dy)), dy % 1, int(np.floor(dx)), dx % 1
    p = np.pad(a, ((6, 6), (6, 6), (0, 0)), mode="edge")
    at = lambda y, x: p[6 - y:6 - y + a.shape[0], 6 - x:6 - x + a.shape[1]]  # noqa: E731
    return (at(iy, ix) * (1 - fy) * (1 - fx) + at(iy + 1, ix) * fy * (1 - fx)
            + at(iy, ix + 1) * (1 - fy) * fx + at(iy + 1, ix + 1) * fy * fx)


def compare(want: np.ndarray, got: np.ndarray):
    as8 = lambda a: small(np.clip(np.rint(a), 0, 255).astype(np.uint8))  # noqa: E731
    return frame_difference(as8(want), as8(got))


def with_region(a, b, box):
    y0, y1, x0, x1 = box
    out = a.copy()
    out[y0:y1, x0:x1] = b[y0:y1, x0:x1]
    return out


def test_the_same_frame_matches(frame):
    assert compare(frame, frame) is None


@pytest.mark.parametrize("shift", [(0.5, 0), (0, 0.5), (0.5, 0.5), (-0.5, 0.25)])
def test_the_whole_frame_half_a_pixel_away_matches(frame, shift):
    assert compare(frame, shifted(frame, *shift)) is None


@pytest.mark.parametrize("dy", [1, 2])
def test_a_caption_a_pixel_or_two_lower_matches(frame, dy):
    assert compare(frame, with_region(frame, shifted(frame, dy, 0), CAPTION)) is None


def test_antialiasing_noise_matches(frame):
    noise = np.random.default_rng(0).integers(-25, 26, frame.shape)
    assert compare(frame, frame + noise) is None


@pytest.mark.parametrize("dy,dx", [(3, 0), (4, 0), (0, 4), (-4, 0)])
def test_a_moved_caption_differs(frame, dy, dx):
    assert compare(frame, with_region(frame, shifted(frame, dy, dx), CAPTION))


def test_a_changed_colour_differs(frame):
    red = np.abs(frame - [229, 73, 88]).max(axis=2) < 40      # the sigmoid layers
    assert red.sum() > 1000
    blue = frame.copy()
    blue[red] = [73, 146, 223]
    assert compare(frame, blue)


def test_a_missing_dot_label_differs(frame):
    y0, y1, x0, x1 = H_DOT
    erased = frame.copy()
    erased[y0:y1, x0:x1] = frame[y0 - 4, x0 + 8]              # the dot's own colour
    assert np.abs(erased - frame).max() > 100, "the box holds the label"
    assert compare(frame, erased)


def test_a_missing_digit_differs(frame):
    erased = frame.copy()
    erased[168:186, 822:836] = 255                            # the last digit of f_t's third value
    assert np.abs(erased - frame).max() > 100
    assert compare(frame, erased)
