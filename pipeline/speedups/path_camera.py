"""Manim's Cairo camera, building each distinct path once.

Manim hands Cairo every curve of every redrawn mobject in a Python loop, every frame.
In our scenes most redrawn mobjects do not change shape from one frame to the next:
captions, labels and panels fade (only their colours change), so the Cairo path built
for the same points is kept and replayed with `append_path`, which draws the same pixels.
Moving mobjects have new points every frame and are built as before.
"""

from collections import OrderedDict

from manim import Camera

MAX_PATHS = 2048          # about the paths of a few seconds of animation


class PathCachingCamera(Camera):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._paths: OrderedDict = OrderedDict()

    def set_cairo_context_path(self, ctx, vmobject):
        points = vmobject.points
        if len(points) == 0:
            return super().set_cairo_context_path(ctx, vmobject)
        key = (points.tobytes(), vmobject.n_points_per_cubic_curve,
               vmobject.tolerance_for_point_equality, tuple(ctx.get_matrix()))
        path = self._paths.get(key)
        if path is None:
            super().set_cairo_context_path(ctx, vmobject)
            self._paths[key] = ctx.copy_path()
            if len(self._paths) > MAX_PATHS:
                self._paths.popitem(last=False)
        else:
            self._paths.move_to_end(key)
            ctx.new_path()
            ctx.append_path(path)
        return self
