"""Where every text on screen is, in pixels of the final frame, and how big it is drawn.

The manifest records this at the end of each section and after each caption change, so
a test can check any scene, present or future, for text cut by the frame's edge, texts
that overlap and text too small to read from the back of a lecture hall. Every text of
a scene is built by scenes/parts/text.py, which tags it with its font and size; here the
scene's mobjects are walked and each tagged group that is visible becomes one entry.
"""

from functools import cache

from manim import config

from scenes.parts.text import cached_text, font_size_now

SUB_SCALE = 0.6      # a Pango <sub> is drawn at 0.6 of its base (measured with Inter)
VISIBLE = 0.05       # fill opacity below which a text counts as gone


@cache
def cap_per_size(font: str) -> float:
    """Scene units of a capital H's height per point of font size."""
    return cached_text("H", font=font, font_size=100).height / 100


def is_text(mob) -> bool:
    return hasattr(mob, "text_size") and hasattr(mob, "text")


def visible_texts(mobjects) -> list:
    """The tagged texts among `mobjects` and their families, visible ones only."""
    out, stack = [], list(reversed(mobjects))
    while stack:
        mob = stack.pop()
        if is_text(mob):
            if len(mob.get_all_points()) and _opacity(mob) >= VISIBLE:
                out.append(mob)
            continue
        stack.extend(reversed(mob.submobjects))
    return out


def _opacity(mob) -> float:
    return max((float(m.get_fill_opacity()) for m in mob.family_members_with_points()), default=0.0)


def frame_layout(mobjects) -> dict:
    """{"width", "height", "texts": [...]} of the frame as drawn now: each text's source,
    box [left, top, right, bottom] in pixels (y down), cap height and subscript height in
    pixels, colours and opacity. Texts wholly outside the frame are not on screen."""
    fw, fh = config.frame_width, config.frame_height
    pw, ph = config.pixel_width, config.pixel_height
    per_unit = ph / fh
    texts = []
    for mob in visible_texts(mobjects):
        (x0, y0, _), (x1, y1, _) = mob.get_corner([-1, -1, 0]), mob.get_corner([1, 1, 0])
        box = [(x0 + fw / 2) * per_unit, (fh / 2 - y1) * per_unit,
               (x1 + fw / 2) * per_unit, (fh / 2 - y0) * per_unit]
        if box[2] <= 0 or box[0] >= pw or box[3] <= 0 or box[1] >= ph:
            continue
        cap = cap_per_size(mob.text_font) * font_size_now(mob) * per_unit
        depth = mob.text.count("<sub>")
        texts.append({"text": mob.text, "box": [round(v, 2) for v in box], "cap_px": round(cap, 2),
                      "sub_px": round(cap * SUB_SCALE, 2) if depth else None,
                      "colors": sorted({m.get_fill_color().to_hex() for m in mob.family_members_with_points()}),
                      "opacity": round(_opacity(mob), 3)})
    return {"width": pw, "height": ph, "texts": texts}
