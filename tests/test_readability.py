"""Every text of every key frame is readable from the back of a lecture hall (issue 17):
inside the safe area, overlapping no other text, capitals 14 px and subscripts 10 px high
at 720p, and where its recorded box says (the rendered frame has its ink there). Checked
at the end of each section and after each caption change, for every scene case and for
wide inputs (tests/helpers/scene_cases.py)."""

import pytest

from tests.helpers.readability import has_ink, layout_problems, scene_problems
from tests.helpers.scene_cases import CASES, WIDE_CASES


@pytest.mark.parametrize("case", sorted(CASES) + sorted(WIDE_CASES))
def test_every_text_is_readable(rendered, case):
    problems = scene_problems(rendered(case))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:30])


def _layout(*texts, w=854, h=480):
    return {"section": "s", "at": "end", "width": w, "height": h, "texts": [
        {"text": t, "box": box, "cap_px": cap, "sub_px": sub, "colors": ["#000000"], "opacity": 1.0}
        for t, box, cap, sub in texts]}


def test_the_check_finds_each_kind_of_defect():
    ok = ("ok", [100, 100, 200, 120], 12.0, 8.0)
    assert layout_problems(_layout(ok)) == []
    edge = ("edge", [5, 100, 60, 120], 12.0, None)
    small = ("small", [300, 100, 400, 120], 9.0, None)
    tiny_sub = ("sub", [300, 200, 400, 220], 12.0, 6.0)
    over = ("over", [150, 110, 250, 130], 12.0, None)
    found = layout_problems(_layout(ok, edge, small, tiny_sub, over))
    assert any("'edge' leaves the safe area" in p for p in found)
    assert any("'small' too small" in p for p in found)
    assert any("'sub' subscript too small" in p for p in found)
    assert any("'ok'" in p and "overlaps 'over'" in p for p in found)
    assert len(found) == 4


def test_a_box_without_ink_is_found():
    import numpy as np
    frame = np.full((480, 854, 3), 255, dtype=np.uint8)
    frame[100:120, 100:200] = 0
    text = {"box": [100, 100, 200, 120], "colors": ["#000000"]}
    assert has_ink(frame, text)
    assert not has_ink(frame, {**text, "box": [300, 100, 400, 120]})
    assert not has_ink(frame, {**text, "colors": ["#ff0000"]})
    assert has_ink(frame, {**text, "colors": ["#ff0000", "#000000"]})


def test_the_recorded_size_is_the_drawn_size(rendered):
    """The recorded cap height is what is drawn: a text with a capital or a digit is at
    least that high (and not much less: the record would pass text too small)."""
    scene = rendered("rnn-cell")
    last = [entry for entry in scene.manifest_json["layout"] if entry["at"] == "end"][-1]
    assert last["width"] == 854 and last["height"] == 480
    texts = [t for t in last["texts"] if any(c.isdigit() or c.isupper() for c in t["text"])]
    assert texts and all(t["box"][3] - t["box"][1] >= 0.98 * t["cap_px"] for t in texts)
    assert min(t["box"][3] - t["box"][1] - t["cap_px"] for t in texts) < 0.1 * max(t["cap_px"] for t in texts)
