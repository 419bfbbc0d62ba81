"""What the RNN-part scenes (issue 4) claim, checked against the numeric core.

The generic manifest and key-frame tests (test_scene_outputs.py) check that every number
drawn matches its path; these check that the paths and blocks hold the right data.
"""

import numpy as np
import pytest

from cells import InputError, RunOptions, make_grads, make_trace, make_weights
from cells.demos import long_input, repeated_scaling, sequence_text
from scenes.parts.numbers import fmt
from scenes.stories.review import find_spans
from scenes.parts.strings import STRINGS, say
from tests.helpers.scene_harness import render_scene


def shown_paths(scene, block="trace"):
    return [tuple(e["path"]) for e in scene.manifest_json["values"] if e.get("block", "trace") == block]


# ---- review (keywords, the manual override; the model's choice: test_stories_trained.py) ------
def test_review_keeps_exactly_the_keywords(rendered):
    scene = rendered("review-keywords")
    r = scene.manifest_json["review"]
    expected = scene.params.keywords.split("|")
    assert r["keywords"] == expected
    assert [k.casefold() for k in r["kept"]] == [k.casefold() for k in expected]
    assert all(r["text"][a:b] == k for (a, b), k in zip(r["spans"], r["kept"]))
    kept_chars = sum(1 for a, b in r["spans"] for ch in r["text"][a:b] if not ch.isspace())
    kept = [g for word in scene.kept_glyphs for g in word]
    faded = [g for word in scene.faded_glyphs for g in word]
    inside = {i for a, b in r["spans"] for i in range(a, b)}
    assert all(set(range(*w.span)) <= inside for w in scene.kept_glyphs)
    assert not any(set(range(*w.span)) & inside for w in scene.faded_glyphs)
    assert len(kept) == kept_chars
    assert len(kept) + len(faded) == sum(not c.isspace() for c in r["text"])
    # at the end the kept phrases are fully opaque and everything else is dimmed
    assert all(g.get_fill_opacity() == pytest.approx(1.0) for g in kept)
    assert all(g.get_fill_opacity() < 0.3 for g in faded)


def test_review_default_text_is_the_articles():
    assert STRINGS["review_text"]["en"].startswith("Amazing! This box of cereal")
    assert STRINGS["review_text"]["hu"].startswith("Csodálatos!")      # --keywords in Hungarian


def test_review_matches_whole_words_only():
    assert find_spans("I ate breakfast", ["ate"]) == [(2, 5)]
    with pytest.raises(InputError) as e:
        find_spans("balanced breakfast", ["fast"])
    assert e.value.option == "--keywords"


@pytest.mark.parametrize("params, option", [
    ({"keywords": "not in the text"}, "--keywords"),
    ({"keywords": "Amazing!||again"}, "--keywords"),
    ({"run": RunOptions(model="memory-lstm")}, "--model"),
    ({"run": RunOptions(weights="model.pt")}, "--weights"),
])
def test_review_input_errors(params, option):
    with pytest.raises(InputError) as e:
        render_scene("review", **params)
    assert e.value.option == option


# ---- sequence and hidden state ------------------------------------------------------------
def test_sequence_defaults_to_what_time_is_it(rendered):
    scene = rendered("sequence")
    trace = scene.manifest_json["trace"]
    assert trace["tokens"] == ["What", "time", "is", "it", "?"]
    ref = make_trace(RunOptions(cell="rnn", text="What time is it?")).to_json()
    assert trace["steps"] == ref["steps"]
    paths = set(shown_paths(scene))
    for t in range(5):           # every word's vector and every real h_t is drawn
        assert {("steps", t, "x", j) for j in range(3)} <= paths
        assert {("steps", t, "h", j) for j in range(3)} <= paths


def test_sequence_window_slides_over_every_step(rendered):
    scene = rendered("sequence-window-dark-hu")
    paths = set(shown_paths(scene))
    assert all(("steps", t, "h", 0) in paths for t in range(5))


def test_sequence_plain_input_has_no_words(rendered):
    scene = rendered("sequence-input")
    assert scene.manifest_json["trace"]["tokens"] is None
    assert [s["name"] for s in scene.sections] == ["inputs", "process", "done"]


def test_hidden_state_passes_h_from_cell_to_cell(rendered):
    scene = rendered("hidden-state")                     # default: cells 1 and 2
    paths = set(shown_paths(scene))
    assert ("steps", 0, "h_prev", 0) in paths and ("steps", 1, "h", 0) in paths
    assert ("steps", 2, "h", 0) not in paths
    steps = scene.manifest_json["trace"]["steps"]
    assert steps[1]["h_prev"] == steps[0]["h"]             # what leaves cell 1 enters cell 2
    names = [s["name"] for s in scene.sections]
    assert names == ["step-1", "out-1", "pass-1", "step-2", "out-2", "memory"]


def test_hidden_state_window_and_step(rendered):
    scene = rendered("hidden-state-dark-hu")            # --window 3 --step 4: steps 4, 5, 6
    paths = set(shown_paths(scene))
    assert {("steps", t, "h", 0) for t in (3, 4, 5)} <= paths
    assert ("steps", 6, "h", 0) not in paths and ("steps", 2, "h", 0) not in paths


@pytest.mark.parametrize("params, option", [
    ({"window": 5}, "--window"),
    ({"run": RunOptions(input="1,2,3")}, "--input"),
])
def test_hidden_state_errors(params, option):
    with pytest.raises(InputError) as e:
        render_scene("hidden-state", **params)
    assert e.value.option == option


# ---- tanh vs none -----------------------------------------------------------------------------
def test_tanh_vs_none_shows_the_article_numbers(rendered):
    scene = rendered("tanh-vs-none")
    demo = scene.manifest_json["demo"]
    for kind in ("none", "tanh"):
        ref = repeated_scaling([5, 0.01, -0.5], 3.0, 4, squash=kind == "tanh")
        np.testing.assert_array_equal(demo[kind]["out"], ref["out"])
    shown = {tuple(e["path"]): e["text"] for e in scene.manifest_json["values"] if e.get("block") == "demo"}
    assert [shown[("none", "out", 4, j)] for j in range(3)] == ["405.00", "0.81", "\u221240.50"]
    assert all(abs(v) < 1 for v in demo["tanh"]["out"][-1])
    assert shown[("factor",)] == "3" and shown[("cells",)] == "4"


def test_tanh_vs_none_options(rendered):
    scene = rendered("tanh-vs-none-options")
    demo = scene.manifest_json["demo"]
    ref = repeated_scaling([3, -2, 0.5, 1], 0.5, 3, squash=False)
    np.testing.assert_array_equal(demo["none"]["out"], ref["out"])
    # the row's caption says what happens; what came of it follows once the row has run
    assert scene.sections[1]["caption"] == say("cap_tvn_run_none", "hu", f="0.5")
    captions = [c["text"] for c in scene.manifest_json["captions"]]
    result = say("cap_tvn_shrink", "hu", v="[0.38, −0.25, 0.06, …]")
    assert captions.index(result) == captions.index(scene.sections[1]["caption"]) + 1


def test_tanh_vs_none_writes_huge_values_with_an_exponent():
    scene = render_scene("tanh-vs-none", factor=100.0, cells=3, values="5, 0.01, -0.5")
    texts = {tuple(e["path"]): e for e in scene.manifest_json["values"] if e.get("block") == "demo"}
    assert texts[("none", "out", 3, 0)]["text"] == "5.00e6" and texts[("none", "out", 3, 0)]["style"] == "sci"
    assert texts[("none", "out", 3, 1)]["text"] == "10000.00"


def test_tanh_vs_none_limits_cells():
    with pytest.raises(InputError) as e:
        render_scene("tanh-vs-none", cells=7)
    assert e.value.option == "--cells"


# ---- gradient update ----------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["gradient-update", "gradient-update-dark-hu-mse"])
def test_gradient_update_uses_the_real_earliest_recurrent_gradient(rendered, case):
    scene = rendered(case)
    p = scene.params
    m = scene.manifest_json
    up = m["update"]
    run = p.run.with_cell("rnn")
    trace, grads = make_grads(run, p.loss, p.target)
    w = make_weights(run)
    assert up["weight_name"] == "weight_hh_l0" and up["steps"][0]["t"] == 2   # h_0 = 0
    term = grads.w_hh_at(2)                           # step 2's term of dL/dW_hh (autograd-tested)
    i, j = up["row"], up["col"]
    assert np.abs(term).max() == abs(term[i, j])      # the entry that learns most from it
    assert up["weight"] == w.w_hh[i, j] == m["weights"]["weight_hh_l0"][i][j]
    assert up["steps"][0]["grad"] == pytest.approx(term[i, j], rel=1e-12, abs=0)
    T = trace.steps
    assert up["steps"][1]["grad"] == pytest.approx(grads.w_hh_at(T)[i, j], rel=1e-12, abs=0)
    for s in up["steps"]:
        assert s["new"] == up["weight"] - p.lr * s["grad"]
    # the per-step terms add up to autograd's total gradient of that weight
    total = sum(grads.w_hh_at(t + 1)[i, j] for t in range(T))
    assert total == pytest.approx(up["total_grad"], rel=1e-12, abs=1e-15)
    assert m["grads"]["steps"][0]["dh_norm"] == pytest.approx(np.linalg.norm(grads.dh[0]), rel=0, abs=0)
    # the new weight is written with enough decimals that the change shows
    shown = {(tuple(e["path"])): e["text"] for e in m["values"] if e.get("block") == "update"}
    assert shown[("weight",)] != shown[("steps", 0, "new")]


def test_w_hh_learns_nothing_from_step1_when_h0_is_zero():
    """Why gradient-update starts at step 2: W_hh's step-1 term multiplies h_0 = 0."""
    _, grads = make_grads(RunOptions(cell="rnn"))
    assert np.all(grads.w_hh_at(1) == 0) and np.any(grads.w_hh_at(2) != 0)


# ---- vanishing gradient --------------------------------------------------------------------------
def test_vanishing_gradient_default_input_and_blocks(rendered):
    scene = rendered("vanishing-gradient")
    m = scene.manifest_json
    run = RunOptions(input=sequence_text(long_input()))
    assert np.array_equal(np.array(m["trace"]["x"]), long_input())
    norms = {}
    for cell, block in (("rnn", "grads"), ("lstm", "grads_lstm"), ("gru", "grads_gru")):
        _, g = make_grads(run.with_cell(cell))
        assert m[block]["cell"] == cell
        got = [s["dh_norm"] for s in m[block]["steps"]]
        np.testing.assert_array_equal(got, np.linalg.norm(g.dh, axis=1))
        assert set(shown_paths(scene, block)) >= {("steps", t, "dh_norm") for t in range(20)}
        norms[cell] = got
    # what the scene's captions say was measured with the default seeded weights
    assert norms["rnn"][0] < norms["lstm"][0] < norms["gru"][0]
    assert norms["rnn"][0] < 1e-6 * norms["rnn"][-1]
    assert scene.sections[-1]["name"] == "compare"


def test_vanishing_gradient_with_weights_shows_only_their_cell(tmp_path):
    w = make_weights(RunOptions(cell="lstm", seed=3))
    path = tmp_path / "lstm.npz"
    np.savez(path, **w.state_dict())
    scene = render_scene("vanishing-gradient", run=RunOptions(weights=str(path), input="1,0,0; 0,1,0; 0,0,1"))
    m = scene.manifest_json
    assert m["grads"]["cell"] == "lstm" and "grads_lstm" not in m and "grads_gru" not in m
    assert m["trace"]["cell"] == "lstm"
    assert "compare" not in [s["name"] for s in scene.sections]


def test_vanishing_gradient_loss_caption_uses_the_real_loss(rendered):
    scene = rendered("vanishing-gradient")
    L = scene.manifest_json["grads"]["loss_value"]
    assert fmt(L, 2) in scene.sections[0]["caption"]
