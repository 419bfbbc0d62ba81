"""Wires between glyphs, and the labelled value dots that travel along them."""

import numpy as np
from manim import Circle, RoundedRectangle, Triangle, VGroup, VMobject

from scenes.parts.labels import math_label
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, Theme


def box_at(centre, mob, pad: float = 0.0) -> tuple:
    """(left, bottom, right, top) of `mob` were it centred at `centre`."""
    w, h = mob.width / 2 + pad, mob.height / 2 + pad
    return centre[0] - w, centre[1] - h, centre[0] + w, centre[1] + h


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class Wire(VGroup):
    """A polyline with right-angle corners and an optional arrow head at its end.

    `src`, `dst` and `quantity` record what the wire connects and carries, so tests can
    check the drawing against the cell's data-flow description.
    """

    def __init__(self, points, theme: Theme, arrow: bool = True, src: str = "",
                 dst: str = "", quantity: str = "", width: float = SIZES.wire_width):
        super().__init__()
        pts = [np.array([p[0], p[1], 0.0]) for p in points]
        self.src, self.dst, self.quantity = src, dst, quantity
        self.line = VMobject(stroke_color=theme.wire, stroke_width=width)
        self.line.set_points_as_corners(pts)
        self.add(self.line)
        self.tip = None
        if arrow:
            d = pts[-1] - pts[-2]
            angle = np.arctan2(d[1], d[0])
            self.tip = Triangle(fill_color=theme.wire, fill_opacity=1, stroke_width=0)
            self.tip.scale(0.07).rotate(angle - np.pi / 2).move_to(pts[-1] - d / np.linalg.norm(d) * 0.06)
            self.add(self.tip)
        self.points_list = pts

    @property
    def start(self):
        return self.points_list[0]

    @property
    def end(self):
        return self.points_list[-1]

    def path(self) -> VMobject:
        return self.line

    def path_until(self, back: float) -> VMobject:
        """The wire's route stopping `back` scene units before its end (measured along it),
        e.g. where a dot must halt so as to sit beside its operator, not on it."""
        pts, left = list(self.points_list), back
        while len(pts) > 2 and left > 0:
            seg = np.linalg.norm(pts[-1] - pts[-2])
            if seg > left:
                break
            left -= seg
            pts.pop()
        a, b = pts[-2], pts[-1]
        seg = np.linalg.norm(b - a)
        pts[-1] = a + (b - a) * max(0.0, 1 - left / seg) if seg > 0 else b
        path = VMobject()
        path.set_points_as_corners(pts)
        return path

    def halting_route(self, dot, taken, extent: float = 0.0, gap: float = 0.06) -> VMobject:
        """The route of `dot` along the wire, halting `gap` clear of the boxes `taken` (the
        operator at its end, `extent` its half size, and dots that halted there before)."""
        back = abs(np.dot(self.heading(), [dot.width / 2, dot.height / 2, 0])) + extent
        while True:
            path = self.path_until(back + gap)
            mine = box_at(path.get_end(), dot, pad=gap / 2)
            if back > 3 or not any(overlaps(mine, box) for box in taken):
                return path
            back += 0.05

    def heading(self) -> np.ndarray:
        """The unit direction in which the wire arrives at its end."""
        d = self.points_list[-1] - self.points_list[-2]
        return d / np.linalg.norm(d)


class ValueDot(VGroup):
    """A black dot (a pill for long labels) with a white label: a value on the move."""

    def __init__(self, label: str, theme: Theme, radius: float = SIZES.dot_r, number: bool = False):
        super().__init__()
        if number:   # a value in the monospaced number font, drawn as given
            self.text = cached_text(label, font=theme.mono, font_size=SIZES.number * 0.8,
                                    color=theme.dot_text)
        else:
            self.text = math_label(label, theme.dot_text, SIZES.label * 0.72, theme.font)
        w = self.text.width + 0.16
        if w <= 2 * radius:
            self.body = Circle(radius=radius, fill_color=theme.dot_fill, fill_opacity=1, stroke_width=0)
        else:
            self.body = RoundedRectangle(width=w, height=2 * radius, corner_radius=radius,
                                         fill_color=theme.dot_fill, fill_opacity=1, stroke_width=0)
        self.text.move_to(self.body)
        self.add(self.body, self.text)

