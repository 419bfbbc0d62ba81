"""The versions of everything besides our own files that decides a frame's pixels.

Text outlines come from Manim (its Text), ManimPango (Pango's layout written as SVG),
svgelements (which parses it) and the system's Pango and Cairo; shapes are drawn by
Cairo through pycairo, with numpy doing the geometry. Caches key on these, and the
key-frame references record them, so a difference can be traced to an upgrade.
"""

from functools import cache
from importlib.metadata import version


@cache
def drawing_versions() -> dict:
    import cairo
    import manimpango
    found = {name: version(name) for name in ("manim", "ManimPango", "svgelements", "pycairo", "numpy")}
    return {**found, "Pango": manimpango.pango_version(), "Cairo": cairo.cairo_version_string()}
