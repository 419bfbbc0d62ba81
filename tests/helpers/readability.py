"""Is every text of a frame readable from the back of a lecture hall? (issue 17)

Reads the manifest's `layout` records (scenes/parts/text_boxes.py): each text inside the
safe area, no two texts overlapping, capitals at least 14 px and subscripts 10 px high
at 720p (17 and 12 px in the projector style; scaled with the frame's height), and, given the rendered frame, ink of the
text's colours inside each box (the box is where the text really is, and not covered).
"""

import numpy as np

SAFE = 0.025          # of the frame's width and height, on each side
# Smallest capitals and subscripts at 720p: the article's look, and the projector style,
# which is for the back of the hall and so must be larger still (a fifth, as its text).
MINIMUM_720 = {"article": (14.0, 10.0), "projector": (17.0, 12.0)}
SLACK = 0.5           # px: boxes that touch are not overlapping, rounding is not leaving
INK_LEVELS = 90       # a pixel this close (largest channel) to the text's colour is its ink
INK_SHARE = 0.04      # ... and at least this share of the box's pixels must be ink


def layout_problems(layout: dict, frame: np.ndarray | None = None, style: str = "article") -> list:
    """Every readability defect of one layout record, one line each (empty = readable)."""
    cap_720, sub_720 = MINIMUM_720[style]
    w, h = layout["width"], layout["height"]
    texts = layout["texts"]
    where = f"[{layout['section']} {layout['at']}]"
    out = []
    mx, my = SAFE * w - SLACK, SAFE * h - SLACK
    for t in texts:
        x0, y0, x1, y1 = t["box"]
        if x0 < mx or y0 < my or x1 > w - mx or y1 > h - my:
            out.append(f"{where} {t['text']!r} leaves the safe area: box {_box(t)} of {w}x{h}")
        if t["cap_px"] < cap_720 * h / 720 - 0.05:
            out.append(f"{where} {t['text']!r} too small: cap {t['cap_px'] * 720 / h:.1f} px at 720p")
        if t["sub_px"] is not None and t["sub_px"] < sub_720 * h / 720 - 0.05:
            out.append(f"{where} {t['text']!r} subscript too small: {t['sub_px'] * 720 / h:.1f} px at 720p")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if _overlap(a["box"], b["box"]):
                out.append(f"{where} {a['text']!r} {_box(a)} overlaps {b['text']!r} {_box(b)}")
    if frame is not None:
        out += [f"{where} {t['text']!r} box {_box(t)} holds no ink of its colour"
                for t in texts if t["opacity"] >= 0.95 and not has_ink(frame, t)]
    return out


def has_ink(frame: np.ndarray, text: dict) -> bool:
    x0, y0, x1, y1 = text["box"]
    region = frame[max(0, int(y0)):int(np.ceil(y1)), max(0, int(x0)):int(np.ceil(x1)), :3]
    if region.size == 0:
        return False
    close = np.zeros(region.shape[:2], dtype=bool)
    for colour in text["colors"]:
        rgb = np.array([int(colour[k:k + 2], 16) for k in (1, 3, 5)])
        close |= np.abs(region.astype(int) - rgb).max(axis=2) <= INK_LEVELS
    return close.mean() >= INK_SHARE


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > SLACK and min(a[3], b[3]) - max(a[1], b[1]) > SLACK


def _box(t) -> str:
    return "(" + ", ".join(f"{v:.0f}" for v in t["box"]) + ")"


def scene_problems(scene) -> list:
    """Every layout record of a rendered scene (tests/helpers/scene_harness.py), the
    section ends checked against their key frames."""
    layouts = scene.manifest_json["layout"]
    assert layouts, "the manifest records no layout"
    ends = iter(frame for _, frame in scene.keyframes)
    out = []
    for layout in layouts:
        out += layout_problems(layout, next(ends) if layout["at"] == "end" else None,
                               scene.manifest_json.get("style", "article"))
    return out
