"""The path-caching camera draws exactly the pixels of Manim's own camera."""

import numpy as np
from manim import DOWN, RIGHT, UP, WHITE, Camera, Dot, RoundedRectangle, VGroup

from pipeline.speedups.path_camera import MAX_PATHS, PathCachingCamera
from scenes.parts.fonts import SANS, register_fonts
from scenes.parts.labels import rich
from scenes.parts.text import cached_markup


def frames(camera_class, n=24):
    register_fonts()
    caption = cached_markup(rich("the forget gate f_t looks at h_{t-1} and x_t"), font=SANS,
                            font_size=28, color="#222222")
    boxes = VGroup(*[RoundedRectangle(width=1, height=0.5, corner_radius=0.1, fill_opacity=1)
                     .shift(RIGHT * 1.2 * k + UP) for k in range(4)])
    dot = Dot().shift(DOWN)
    cam = camera_class(pixel_width=640, pixel_height=360, background_color=WHITE)
    out = []
    for k in range(n):
        caption.set_opacity(k / (n - 1))            # same shape, new colour: a replayed path
        dot.move_to([0.1 * k - 1, -1, 0])            # new points: a new path
        boxes[k % 4].set_fill(opacity=0.5 + 0.02 * k)
        cam.reset()
        cam.capture_mobjects([boxes, caption, dot])
        out.append(cam.pixel_array.copy())
    return out, cam


def test_same_pixels_as_manims_camera():
    want, _ = frames(Camera)
    got, cam = frames(PathCachingCamera)
    assert all(np.array_equal(a, b) for a, b in zip(want, got))
    assert 0 < len(cam._paths) <= MAX_PATHS
    assert len(cam._paths) < 24 * 6                 # shapes that did not change were reused
