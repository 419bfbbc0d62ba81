"""Every number a scene draws matches its data, and its key frames match the references."""

import os

import pytest

from scenes.base import lookup
from scenes.numbers import fmt, parse
from tests.scene_cases import CASES
from tests.scene_harness import compare_keyframes


@pytest.mark.parametrize("case", sorted(CASES))
def test_manifest_values_match_their_paths(rendered, case):
    scene = rendered(case)
    m = scene.manifest_json
    assert m["scene"] == CASES[case][0]
    assert m["values"], "a scene that shows no numbers proves nothing"
    decimals = scene.params.decimals
    for entry in m["values"]:
        block = m[entry.get("block", "trace")]
        value = float(lookup(block, entry["path"]))
        assert entry["text"] == fmt(value, decimals), entry
        assert abs(parse(entry["text"]) - value) <= 0.5 * 10 ** -decimals + 1e-12


@pytest.mark.parametrize("case", sorted(CASES))
def test_sections_have_names_and_captions(rendered, case):
    scene = rendered(case)
    names = [s["name"] for s in scene.sections]
    assert names and len(set(names)) == len(names)
    assert all(s["caption"] for s in scene.sections)


@pytest.mark.parametrize("case", sorted(CASES))
def test_keyframes_match_references(rendered, case):
    problems = compare_keyframes(rendered(case), case, update=bool(os.environ.get("UPDATE_REFERENCES")))
    assert not problems, problems
