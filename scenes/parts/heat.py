"""The colour of a number in a heat strip: its sign by hue, its size by depth (compare, memory)."""

from manim import ManimColor, interpolate_color


def heat(value: float, scale: float, theme) -> tuple:
    """(fill colour, text colour) of a heat-strip cell: sign by hue, |value|/scale by depth."""
    a = float(min(1.0, abs(value) / scale)) if scale > 0 else 0.0
    hue = theme.positive if value >= 0 else theme.negative
    fill = interpolate_color(ManimColor(theme.background), ManimColor(hue), 0.12 + 0.88 * a)
    return fill, ("#ffffff" if a > 0.55 else theme.text)
