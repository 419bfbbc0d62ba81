"""The GRU scene, the unrolled chains and the RNN/LSTM/GRU comparison: what they show is
what the numeric core computed (the shared manifest and key-frame tests run their CASES)."""

import numpy as np
import pytest

from cells import InputError, RunOptions, init_weights, make_trace
from cells.flow import flow
from scenes.parts.cell_diagram import edges
from scenes.engines.unrolled import window_starts
from scenes.stories.compare import CELLS, NAMES, compare_facts, separating_decimals
from scenes.parts.numbers import fmt
from scenes.params import SceneParams
from scenes.registry import scene_info
from scenes.parts.strings import STRINGS, say


def shown_paths(scene, block="trace"):
    return {tuple(e["path"]) for e in scene.manifest_json["values"] if e.get("block", "trace") == block}


# ---- gru ----------------------------------------------------------------------------------
@pytest.mark.parametrize("case,variant", [("gru", "pytorch"), ("gru-cho-dark-hu-step2", "cho")])
def test_gru_draws_and_names_the_computed_variant(rendered, case, variant):
    scene = rendered(case)
    assert scene.trace.variant == variant == scene.diagram.variant
    drawn = sorted((w.src, w.dst, w.quantity) for w in scene.diagram.wires.values())
    assert drawn == sorted(edges(flow("gru", variant), ("h",)))
    variant_name = STRINGS[f"gru_variant_{variant}"][scene.params.lang]
    assert variant_name in scene.intro_caption
    decisive = ["decisive"] if scene.trace.model else []      # the trained default's decisive step
    assert [s["name"] for s in scene.sections] == ["reset", "candidate", "update", *decisive, "hidden", "leave"]


@pytest.mark.parametrize("case", ["gru", "gru-cho-dark-hu-step2"])
def test_gru_shows_every_gate_and_the_new_state_of_its_step(rendered, case):
    scene = rendered(case)
    t, tr = scene.step_index, scene.trace
    paths = shown_paths(scene)
    shown = scene.panel_fit.shown          # what fits the panel readably; '+N more' says the rest
    assert shown >= min(3, scene.show_units)
    assert scene.panel_more == max(tr.hidden_size, tr.input_size) - min(shown, max(tr.hidden_size, tr.input_size))
    for q in (("gates", "r"), ("gates", "z"), ("gates", "n"), ("h",), ("h_prev",), ("x",)):
        width = tr.input_size if q == ("x",) else tr.hidden_size     # the trained GRU: x 3, h 6
        for u in range(min(width, shown)):
            assert ("steps", t, *q, u) in paths, q
    # the product the reset gate makes is the variant's own
    own = "r_hn" if scene.trace.variant == "pytorch" else "r_h_prev"
    assert ("steps", t, "parts", own, 0) in paths


# ---- chains -------------------------------------------------------------------------------
@pytest.mark.parametrize("T", range(1, 13))
@pytest.mark.parametrize("n", range(1, 6))
def test_window_starts(T, n):
    starts = window_starts(T, n)
    vis = min(n, T)
    assert len(starts) == T and starts[0] == 0 and starts[-1] == T - vis
    for t, first in enumerate(starts):
        assert first <= t < first + vis                     # the active cell is visible
        assert 0 <= first <= T - vis                        # the window never runs past the ends
        if t:
            assert starts[t] - starts[t - 1] in (0, 1)      # the chain slides one cell at a time
        if (vis - 1) // 2 <= t <= T - 1 - (vis - 1 - (vis - 1) // 2):
            assert t - first == (vis - 1) // 2              # in the middle while it can be


@pytest.mark.parametrize("case,states", [("lstm-chain", ("c", "h")), ("lstm-chain-text-window2", ("c", "h")),
                                         ("gru-chain-cho-dark-hu", ("h",))])
def test_chain_shows_the_state_of_every_step(rendered, case, states):
    scene = rendered(case)
    tr, paths = scene.trace, shown_paths(scene)
    for t in range(tr.steps):
        for q in states + ("x",):
            # the first k units of the step: as many as --show-units asks for and fit
            # readably beside the step's labels (the rest behind '+N more')
            width = tr.input_size if q == "x" else tr.hidden_size
            k = sum(("steps", t, q, u) in paths for u in range(width))
            assert 1 <= k <= min(width, scene.show_units), (t, q, k)
            assert all(("steps", t, q, u) in paths for u in range(k)), (t, q)
    verdict = ["verdict"] if tr.readout else []            # a model with a readout ends with it
    assert [s["name"] for s in scene.sections] == [f"step-{t + 1}" for t in range(tr.steps)] + ["done", *verdict]
    if tr.tokens:
        # a word the vocabulary lacks is named as such: “at → <unk>”
        assert all(f"“{scene.token(t)}”" in s["caption"] for t, s in zip(range(tr.steps), scene.sections))
    # every step passes its state on, but the last (it names them the last states)
    keys = [f"cap_chain_step_{scene.cell}"] * (tr.steps - 1) + [f"cap_chain_last_{scene.cell}"]
    for t, (key, s) in enumerate(zip(keys, scene.sections)):
        assert s["caption"] == say(key, scene.params.lang, t=scene.step_no(t), word=scene.word(t)), t


def test_chain_window_is_checked():
    cls = scene_info("lstm-chain").load()
    scene = type("W", (cls,), {"params": SceneParams(window=9)})()
    scene.setup()
    with pytest.raises(InputError, match="--window"):
        scene.construct()


# ---- compare ------------------------------------------------------------------------------
def test_compare_facts_are_computed():
    o = RunOptions(input="0.1,0.5,1; 1.2,2.1,0; -0.4,1,2.1; 0.3,0.3,0.3", hidden=4, seed=2)
    traces = {c: make_trace(o.with_cell(c)) for c in CELLS}
    f = compare_facts(traces)
    for c, tr in traces.items():
        assert f[c]["final_norm"] == pytest.approx(np.sqrt(np.sum(tr.h[-1] ** 2)), abs=1e-12)
        prev = np.vstack([np.zeros(4), tr.h[:-1]])
        assert f[c]["mean_change"] == pytest.approx(np.mean(np.linalg.norm(tr.h - prev, axis=1)), abs=1e-12)
    for key in ("final_norm", "mean_change"):
        assert f[f"{key}_max"] == max(CELLS, key=lambda c: f[c][key])
        assert f[f"{key}_min"] == min(CELLS, key=lambda c: f[c][key])


def test_separating_decimals():
    assert separating_decimals([0.637, 0.477, 0.643], 2) == 3        # 0.64 and 0.64 would tie
    assert separating_decimals([0.61, 0.12, 0.33], 2) == 2
    assert separating_decimals([0.5, 0.5, 0.1], 2) == 5              # a real tie: gives up at +3


@pytest.mark.parametrize("case", ["compare", "compare-text-dark-hu", "compare-long"])
def test_compare_manifest_holds_the_three_traces_and_its_captions_name_the_computed_cells(rendered, case):
    scene = rendered(case)
    m = scene.manifest_json
    run = scene.params.run
    for c in CELLS:
        want = make_trace(run.with_cell(c)).to_json()
        assert m["traces"][c] == want
    values = [e for e in m["values"] if e.get("block") == "traces"]
    assert {e["path"][0] for e in values} == set(CELLS)
    T = len(m["traces"]["rnn"]["steps"])
    for c in CELLS:    # the final state of each cell is on screen
        for u in range(min(m["traces"][c]["hidden_size"], scene.show_units)):
            assert [c, "steps", T - 1, "h", u] in [e["path"] for e in values]
    f = scene.facts
    caps = {s["name"]: s["caption"] for s in scene.sections}
    assert caps["final"].split(":")[1].strip().startswith(NAMES[f["final_norm_max"]])
    assert NAMES[f["final_norm_min"]] in caps["final"].split(";")[1]
    assert NAMES[f["mean_change_max"]] in caps["change"].split(";" if scene.params.lang == "hu" else "),")[0]
    norms = [e for e in m["values"] if e.get("block") == "facts" and e["path"][1] == "final_norm"]
    assert {e["path"][0] for e in norms} == set(CELLS)


def test_compare_heat_cells_carry_their_values(rendered):
    scene = rendered("compare")
    m = scene.manifest_json
    shown = {tuple(e["path"]): e["text"] for e in m["values"] if e.get("block") == "traces"}
    for c in CELLS:
        for t, step in enumerate(m["traces"][c]["steps"]):
            for u in range(3):
                assert shown[(c, "steps", t, "h", u)] == fmt(step["h"][u], 2)


def _compare(**params):
    cls = scene_info("compare").load()
    scene = type("C", (cls,), {"params": SceneParams(**params)})()
    scene.blocks = {}
    scene.load()
    return scene


def test_compare_uses_the_users_weights_and_adopts_their_sizes(tmp_path):
    w = init_weights("lstm", 3, 4, seed=11)
    path = tmp_path / "lstm.npz"
    np.savez(path, **w.state_dict())
    run = RunOptions(input="0.1,0.5,1; 1.2,2.1,0")
    scene = _compare(run=run, weights_lstm=str(path))
    assert scene.traces["lstm"].hidden_size == 4
    np.testing.assert_array_equal(scene.traces["lstm"].h,
                                  make_trace(RunOptions(cell="lstm", input=run.input, weights=str(path))).h)
    for c in ("rnn", "gru"):                 # seeded, in the loaded model's size
        assert scene.traces[c].hidden_size == 4
        np.testing.assert_array_equal(scene.traces[c].h, make_trace(RunOptions(cell=c, input=run.input,
                                                                               hidden=4)).h)


def test_compare_weight_errors_name_the_option(tmp_path):
    with pytest.raises(InputError, match="--weights-rnn"):
        _compare(weights_rnn=str(tmp_path / "missing.npz"))
    with pytest.raises(InputError, match="--weights-lstm"):
        _compare(weights_lstm=str(tmp_path / "nope.npz"))
    with pytest.raises(InputError, match="--weights-rnn, --weights-lstm and --weights-gru"):
        _compare(run=RunOptions(weights=str(tmp_path / "x.npz")))
    w = init_weights("gru", 5, 3, seed=1)             # input size 5 vs the 3-wide input
    np.savez(tmp_path / "gru.npz", **w.state_dict())
    with pytest.raises(InputError, match="--weights-gru"):
        _compare(weights_gru=str(tmp_path / "gru.npz"))


def test_every_string_has_both_languages_with_the_same_fields():
    import re
    field = re.compile(r"\{(\w+)\}")
    for key, texts in STRINGS.items():
        assert set(texts) == {"en", "hu"}, key
        assert set(field.findall(texts["en"])) == set(field.findall(texts["hu"])), key
