"""Cheap animations: fades that set opacity frame by frame instead of copying mobjects.

Manim deep-copies every mobject an Animation touches when it begins; for text that copy
costs more than drawing it. These animations keep no copy, so a fade of a caption or a
value vector costs almost nothing. They assume the mobject is fully opaque when shown
(or pass `opacity` for the level to fade to).
"""

from manim import Animation, Mobject


class _Opacity(Animation):
    def __init__(self, mobject, start: float, end: float, **kwargs):
        self.start_opacity, self.end_opacity = start, end
        super().__init__(mobject, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()   # nothing to remember: opacity is recomputed from alpha

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        self.mobject.set_opacity(self.start_opacity + (self.end_opacity - self.start_opacity) * a)


class Appear(_Opacity):
    """Fade a mobject in (it is added to the scene)."""

    def __init__(self, mobject, opacity: float = 1.0, **kwargs):
        super().__init__(mobject, 0.0, opacity, introducer=True, **kwargs)


class Vanish(_Opacity):
    """Fade a mobject out (it is removed from the scene at the end)."""

    def __init__(self, mobject, opacity: float = 1.0, **kwargs):
        super().__init__(mobject, opacity, 0.0, remover=True, **kwargs)


def crossfade(scene, fade_in=(), fade_out=(), run_time: float = 0.5, extra=()):
    """Fade mobjects in and others out together (plus any other animations in `extra`)."""
    anims = [Appear(m) for m in fade_in] + [Vanish(m) for m in fade_out] + list(extra)
    scene.play(*anims, run_time=run_time)
