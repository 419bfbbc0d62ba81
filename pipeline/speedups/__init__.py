"""What makes rendering fast by reaching into Manim (its encoder, camera, segment cache,
start-up imports). A Manim upgrade is reviewed here.

Nothing is installed by importing this package: the entry points call `install()` before
Manim's first import (render.py, and manim_run.py, the module through which every render
reaches Manim, for workers and notebooks), and manim_run installs the play cache when it
renders.
"""

from pipeline.speedups.lazy_imports import install

__all__ = ["install"]
