"""Cheap animations: fades that set opacity frame by frame instead of copying mobjects.

Manim deep-copies every mobject an Animation touches when it begins; for text that copy
costs more than drawing it. These animations keep no copy, so a fade of a caption or a
value vector costs almost nothing. They assume the mobject is fully opaque when shown
(or pass `opacity` for the level to fade to).
"""

from manim import Animation, Mobject, smooth, squish_rate_func


def natural_opacities(mobject) -> list:
    """(member, fill, stroke) opacities of a mobject as built, remembered on first use.

    Fades scale these, so a wire (stroke only) never gains a fill and a half-transparent
    part stays half-transparent relative to the rest.
    """
    if not hasattr(mobject, "_natural_opacity"):
        mobject._natural_opacity = [(m, m.get_fill_opacity(), m.get_stroke_opacity())
                                    for m in mobject.family_members_with_points()]
    return mobject._natural_opacity


def fresh_copy(mobject):
    """A copy that fades on its own: Manim copies the remembered opacities too, which
    would name the original's members and fade those instead."""
    copy = mobject.copy()
    if hasattr(copy, "_natural_opacity"):
        del copy._natural_opacity
    return copy


def set_opacity_factor(mobject, factor: float) -> None:
    for m, fill, stroke in natural_opacities(mobject):
        m.set_fill(opacity=fill * factor, family=False)
        m.set_stroke(opacity=stroke * factor, family=False)


class _Opacity(Animation):
    def __init__(self, mobject, start: float, end: float, **kwargs):
        self.start_opacity, self.end_opacity = start, end
        natural_opacities(mobject)
        super().__init__(mobject, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()   # nothing to remember: opacity is recomputed from alpha

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        set_opacity_factor(self.mobject, self.start_opacity + (self.end_opacity - self.start_opacity) * a)


class Appear(_Opacity):
    """Fade a mobject in (it is added to the scene)."""

    def __init__(self, mobject, opacity: float = 1.0, **kwargs):
        super().__init__(mobject, 0.0, opacity, introducer=True, **kwargs)


class Vanish(_Opacity):
    """Fade a mobject out (it is removed from the scene at the end)."""

    def __init__(self, mobject, opacity: float = 1.0, **kwargs):
        super().__init__(mobject, opacity, 0.0, remover=True, **kwargs)


class Dim(_Opacity):
    """Change a shown mobject's opacity, e.g. 1 -> 0.25 to dim it, or back."""

    def __init__(self, mobject, start: float, end: float, **kwargs):
        super().__init__(mobject, start, end, **kwargs)


# Rates that finish halfway and start halfway: one thing goes before the other comes in
# the same place, so no frame shows the two on top of each other.
first_half = squish_rate_func(smooth, 0, 0.5)
second_half = squish_rate_func(smooth, 0.5, 1)


def at_once(t: float) -> float:
    """A rate that is done from the first frame: e.g. the ghost left under a rising copy,
    which hides it until it moves away, so the two are never seen doubled."""
    return 1.0


class Glide(Animation):
    """Move (and optionally scale) a mobject, or a list of mobjects already in the scene,
    without copying: a shift applied frame by frame as the difference since the last
    frame, so the end state is exact when animations are skipped."""

    def __init__(self, mobject, shift, scale: float = 1.0, **kwargs):
        import numpy as np
        self.shift_vec = np.asarray(shift, dtype=float)
        self.scale_to = float(scale)
        self._done = 0.0
        self._members = isinstance(mobject, (list, tuple))
        if self._members:   # scene members: a group (never added) makes Manim redraw them
            from manim import Group
            self.targets, mobject = list(mobject), Group(*mobject)
        else:
            self.targets = [mobject]
        super().__init__(mobject, **kwargs)

    def is_introducer(self) -> bool:      # so Scene.play does not add the holder group
        return self._members or super().is_introducer()

    def _setup_scene(self, scene) -> None:
        if not self._members:
            super()._setup_scene(scene)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()

    def begin(self) -> None:
        self._done = 0.0
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        if a == self._done:
            return
        for m in self.targets:
            m.shift(self.shift_vec * (a - self._done))
            if self.scale_to != 1.0:
                m.scale(self.scale_to ** a / self.scale_to ** self._done)
        self._done = a


class Travel(Animation):
    """MoveAlongPath without the copy: the mobject's centre follows `path` (a VMobject)
    frame by frame; the same positions and rate function as MoveAlongPath."""

    def __init__(self, mobject, path, **kwargs):
        self.path = path
        super().__init__(mobject, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()

    def interpolate_mobject(self, alpha: float) -> None:
        self.mobject.move_to(self.path.point_from_proportion(self.rate_func(alpha)))


def replace(old, new) -> list:
    """Animations taking `old` out, then bringing `new` in where it was, in one play: a
    frame taken mid-change never shows both, and digits never morph into each other."""
    return [Vanish(old, rate_func=squish_rate_func(smooth, 0, 0.45)),
            Appear(new, rate_func=squish_rate_func(smooth, 0.55, 1))]


def merge_into(dot, at, centre) -> list:
    """Animations of `dot`, halted `at`, gliding into its operator at `centre` as it
    shrinks and fades: its value is used there."""
    return [Glide(dot, centre - at, scale=0.5), Vanish(dot)]
