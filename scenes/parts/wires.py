"""Wires between glyphs, and the labelled value dots that travel along them."""

import numpy as np
from manim import Circle, RoundedRectangle, Triangle, VGroup, VMobject, config

from scenes.parts.labels import math_label
from scenes.parts.text import cached_text
from scenes.parts.theme import SAFE_MARGIN, SIZES, Theme


ARROW_TIP = 0.12         # how far back from a wire's end its arrow head reaches


def inset_start(points, half_w: float, half_h: float, floor: float | None = None) -> list:
    """`points` with the first moved along the first segment until a dot of that half
    width and height sitting there is inside the safe area (and above `floor`, where a
    scene keeps its captions): a wire may run to the frame's edge, the dot it carries may
    not."""
    a, b = np.array(points[0], dtype=float), np.array(points[1], dtype=float)
    d = b - a
    length = np.linalg.norm(d)
    if length == 0:
        return list(points)
    s = 0.0                                     # how far along the segment, as a share of it
    for axis, frame, half in ((0, config.frame_width, half_w), (1, config.frame_height, half_h)):
        bound = frame / 2 - SAFE_MARGIN * frame - half
        if abs(a[axis]) > bound and d[axis] * a[axis] < 0:     # outside, heading inwards
            s = max(s, (abs(a[axis]) - bound) / abs(d[axis]))
    if floor is not None and a[1] - half_h < floor and d[1] > 0:     # below it, heading up
        s = max(s, (floor + half_h - a[1]) / d[1])
    return [a + d * min(s, 1.0)] + [np.array(p, dtype=float) for p in points[1:]]


def from_point(points, start) -> list:
    """`points` taken up from `start`: from the nearest point of the polyline on (a dot
    waiting beside a wire first steps onto it)."""
    pts = [np.array(p, dtype=float) for p in points]
    start = np.array(start, dtype=float)
    feet = []
    for k in range(len(pts) - 1):
        a, d = pts[k], pts[k + 1] - pts[k]
        s = np.clip(np.dot(start - a, d) / max(np.dot(d, d), 1e-12), 0.0, 1.0)
        feet.append((np.linalg.norm(a + d * s - start), k, a + d * s))
    _, k, foot = min(feet, key=lambda f: f[0])
    head = [start, foot] if np.linalg.norm(foot - start) > 1e-9 else [foot]
    return head + pts[k + 1:]


def along(points, step: float) -> list:
    """Points every `step` scene units along the polyline `points`, from its start."""
    out = []
    for a, b in zip(points[:-1], points[1:]):
        a, b = np.array(a, dtype=float), np.array(b, dtype=float)
        n = max(1, int(np.linalg.norm(b - a) / step))
        out += [a + (b - a) * k / n for k in range(n)]
    return out + [np.array(points[-1], dtype=float)]


def polyline(points) -> VMobject:
    """A path through `points` with right-angle corners (for a dot to travel along)."""
    path = VMobject()
    path.set_points_as_corners([np.array([p[0], p[1], 0.0]) for p in points])
    return path


def cut_end(points, back: float) -> list:
    """`points` stopping `back` scene units before their end, measured along them."""
    pts, left = [np.array(p, dtype=float) for p in points], back
    while len(pts) > 2 and left > 0:
        seg = np.linalg.norm(pts[-1] - pts[-2])
        if seg > left:
            break
        left -= seg
        pts.pop()
    a, b = pts[-2], pts[-1]
    seg = np.linalg.norm(b - a)
    pts[-1] = a + (b - a) * max(0.0, 1 - left / seg) if seg > 0 else b
    return pts


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
                 dst: str = "", quantity: str = "", width: float | None = None):
        super().__init__()
        width = SIZES.wire_width if width is None else width
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
            self.tip.scale(0.07).rotate(angle - np.pi / 2).move_to(pts[-1] - d / np.linalg.norm(d) * ARROW_TIP / 2)
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

    def route(self, dot, taken=None, extent: float = 0.0, gap: float = 0.06, start=None) -> VMobject:
        """The path of `dot` along the wire: from `start` (where it waited) or from where
        it may wait inside the safe area, to the wire's end, or, given the boxes `taken`
        there (the operator, `extent` its half size, other glyphs and dots that halted
        before), to where it halts `gap` clear of them, beside its operator rather than
        on it."""
        pts = (inset_start(self.points_list, dot.width / 2, dot.height / 2) if start is None
               else from_point(self.points_list, start))
        if taken is None:
            return polyline(pts)
        back = abs(np.dot(self.heading(), [dot.width / 2, dot.height / 2, 0])) + extent
        while True:
            path = polyline(cut_end(pts, back + gap))
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

    def __init__(self, label: str, theme: Theme, radius: float | None = None, number: bool = False):
        super().__init__()
        radius = SIZES.dot_r if radius is None else radius
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

