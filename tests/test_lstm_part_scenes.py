"""Focused checks of the sigmoid, gates-overview and lstm-code scenes (issue 5), beyond
the manifest and key-frame tests every scene case gets."""

import numpy as np
import pytest

from cells import InputError
from cells.activations import sigmoid
from scenes.numbers import fmt


# ---- sigmoid ---------------------------------------------------------------------------
def shown(scene, label, block="trace"):
    return [e for e in scene.manifest_json["values"]
            if e["label"] == label and e.get("block", "trace") == block]


def test_sigmoid_default_is_the_article_vector_computed_by_the_core(rendered):
    scene = rendered("sigmoid")
    act = scene.manifest_json["activation"]
    assert act["fn"] == "sigmoid" and act["x"] == [5.0, 0.1, -0.5]
    np.testing.assert_allclose(act["y"], sigmoid(np.array([5.0, 0.1, -0.5])), rtol=0, atol=1e-15)
    # the article prints 0.006 for the last value; sigmoid(-0.5) is 0.38
    assert [e["text"] for e in shown(scene, "y", "activation")] == ["0.99", "0.52", "0.38"]


def test_sigmoid_step_reads_the_gate_of_the_trace(rendered):
    scene = rendered("sigmoid-step-gate-dark-hu")
    step = scene.manifest_json["trace"]["steps"][1]
    assert [e["path"] for e in shown(scene, "x")] == [["steps", 1, "pre", "i", j] for j in range(3)]
    assert [e["path"] for e in shown(scene, "y")] == [["steps", 1, "gates", "i", j] for j in range(3)]
    np.testing.assert_allclose(step["gates"]["i"], sigmoid(np.array(step["pre"]["i"])), atol=1e-15)
    assert "activation" not in scene.manifest_json


@pytest.mark.parametrize("case", ["sigmoid", "sigmoid-step-gate-dark-hu"])
def test_near_zero_forgets_near_one_keeps(rendered, case):
    kf = rendered(case).manifest_json["keep_forget"]
    v = np.array(kf["v"])
    for row, near in (("forget", 0.0), ("keep", 1.0)):
        gate = sigmoid(np.array(kf[f"{row}_pre"]))
        np.testing.assert_allclose(kf[row], gate, atol=1e-15)
        np.testing.assert_allclose(kf[f"{row}_product"], v * gate, atol=1e-15)
        assert np.all(np.abs(gate - near) < 0.02)
    assert np.all(np.abs(kf["forget_product"]) < 0.01)               # forgotten
    assert np.all(np.abs(np.array(kf["keep_product"]) - v) < 0.02)   # kept
    texts = {(e["path"][0], e["path"][1]): e["text"] for e in rendered(case).manifest_json["values"]
             if e.get("block") == "keep_forget"}
    assert [texts[("keep_product", j)] for j in range(3)] == [fmt(x) for x in kf["keep_product"]]


def test_sigmoid_rejects_an_unknown_gate():
    from tests.scene_harness import render_scene
    with pytest.raises(InputError, match="--gate"):
        render_scene("sigmoid", step=1, gate="g")
