"""Every number a scene draws matches its data, its captions can be read, and its key frames
match the references."""

import math
import os

import pytest

from scenes.engines.base import lookup
from scenes.parts.numbers import APPROX, fmt, fmt_plain, fmt_sci, parse
from scenes.parts.theme import TIMING
from tests.helpers.scene_cases import CASES
from tests.helpers.scene_harness import compare_keyframes


@pytest.mark.parametrize("case", sorted(CASES))
def test_manifest_values_match_their_paths(rendered, case):
    scene = rendered(case)
    m = scene.manifest_json
    assert m["scene"] == CASES[case][0]
    if not getattr(scene, "shows_numbers", True):   # number-free scenes (review) test their own point
        assert m["values"] == []
        return
    assert m["values"], "a scene that shows no numbers proves nothing"
    for entry in m["values"]:
        block = m[entry.get("block", "trace")]
        value = float(lookup(block, entry["path"]))
        style = entry.get("style", "fixed")
        if style == "fixed":
            decimals = entry.get("decimals", scene.params.decimals)
            assert entry["text"] == fmt(value, decimals), entry
            assert abs(parse(entry["text"]) - value) <= 0.5 * 10 ** -decimals + 1e-12
            # a text reading ±1 is a value at or past the bound, or says "≈" (tanh(5) is
            # not 1); one reading 0 is zero, or says "≈" (a sigmoid is never 0)
            reads = abs(parse(entry["text"]))
            assert (APPROX in entry["text"]) == ((reads == 1 and abs(value) < 1) or
                                                 (reads == 0 and value != 0)), entry
        elif style == "sci":
            digits = entry["digits"]
            assert entry["text"] == fmt_sci(value, digits), entry
            unit = 10 ** (math.floor(math.log10(abs(value))) - digits + 1) if value else 0
            assert abs(parse(entry["text"]) - value) <= 0.5 * unit * (1 + 1e-9), entry
        else:
            assert style == "plain", entry
            assert entry["text"] == fmt_plain(value), entry
            assert parse(entry["text"]) == pytest.approx(value, rel=1e-5, abs=1e-300), entry


@pytest.mark.parametrize("case", sorted(CASES))
def test_sections_have_names_and_captions(rendered, case):
    scene = rendered(case)
    names = [s["name"] for s in scene.sections]
    assert names and len(set(names)) == len(names)
    assert all(s["caption"] for s in scene.sections)


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_caption_is_readable(rendered, case):
    """Each caption stays fully visible 0.5 s + 0.25 s per word (TIMING.reading), one at a
    time per line, and every section's caption is among them."""
    scene = rendered(case)
    captions = scene.manifest_json["captions"]
    for c in captions:
        assert c["end"] - c["start"] >= TIMING.reading(c["text"]) - 1e-9, c
    for line in {c["line"] for c in captions}:
        spans = [(c["start"], c["end"]) for c in captions if c["line"] == line]
        assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:])), spans
    assert max(c["end"] for c in captions) == pytest.approx(scene.clock)
    shown = [(c["section"], c["text"]) for c in captions if c["line"] == 0]
    assert all((s["name"], s["caption"]) in shown for s in scene.sections)


@pytest.mark.parametrize("case", sorted(CASES))
def test_keyframes_match_references(rendered, case):
    problems = compare_keyframes(rendered(case), case, update=bool(os.environ.get("UPDATE_REFERENCES")))
    assert not problems, problems
