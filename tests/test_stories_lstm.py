"""Focused checks of the sigmoid, gates-overview and lstm-code scenes (issue 5), beyond
the manifest and key-frame tests every scene case gets."""

import numpy as np
import pytest

from cells import InputError
from cells.activations import sigmoid
from scenes.parts.numbers import fmt


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
    from tests.helpers.scene_harness import render_scene
    with pytest.raises(InputError, match="--gate"):
        render_scene("sigmoid", step=1, gate="g")


# ---- gates-overview --------------------------------------------------------------------
DIAGRAMS = [("lstm", None, ("c", "h"), ("forget", "input", "output", "cell_state")),
            ("gru", "pytorch", ("h",), ("reset", "update")),
            ("gru", "cho", ("h",), ("reset", "update"))]


def _bbox(m):
    (x0, y0, _), (x1, y1, _) = m.get_corner([-1, -1, 0]), m.get_corner([1, 1, 0])
    return x0, y0, x1, y1


def _inside(b, box, eps=1e-6):
    return b[0] >= box[0] - eps and b[1] >= box[1] - eps and b[2] <= box[2] + eps and b[3] <= box[3] + eps


def _touches(b, box):
    return b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3]


@pytest.mark.parametrize("cell,variant,outputs,groups", DIAGRAMS)
def test_outlines_cover_exactly_the_glyphs_of_their_groups(cell, variant, outputs, groups):
    from cells.flow import flow
    from scenes.parts.cell_diagram import CellDiagram
    from scenes.parts.fonts import register_fonts
    from scenes.parts.layouts import GRU_LAYOUTS, LSTM_LAYOUT
    from scenes.stories.gates_overview import GroupOutline
    from scenes.parts.theme import ARTICLE
    register_fonts()
    layout = LSTM_LAYOUT if cell == "lstm" else GRU_LAYOUTS[variant]
    d = CellDiagram(cell, variant, layout, ARTICLE, outputs=outputs)
    for group in groups:
        o = GroupOutline(d, group, ARTICLE)
        members = {op.name for op in flow(cell, variant) if op.group == group}
        assert set(o.names) == members and members
        for name, glyph in d.glyphs.items():
            b = _bbox(glyph)
            if name in members:
                assert any(_inside(b, box) for box in o.boxes), (group, name)
            else:
                assert not any(_touches(b, box) for box in o.boxes), (group, name)
        # the drawn shape is the union of those pieces: its points stay inside them and
        # its extent is theirs
        for p in o.points:
            assert any(_inside((p[0], p[1], p[0], p[1]), box) for box in o.boxes), (group, p)
        xs0, ys0, xs1, ys1 = zip(*o.boxes)
        np.testing.assert_allclose(_bbox(o), (min(xs0), min(ys0), max(xs1), max(ys1)), atol=1e-3)


@pytest.mark.parametrize("case,variant", [("gates-overview", "pytorch"),
                                          ("gates-overview-cho-dark-hu", "cho")])
def test_overview_draws_the_chosen_variant_with_every_gate_outlined(rendered, case, variant):
    scene = rendered(case)
    assert scene.diagrams["gru"].variant == variant
    assert list(scene.outlines) == ["forget", "input", "output", "cell_state", "reset", "update"]
    assert [s["name"] for s in scene.sections] == ["cells", *scene.outlines, "all"]
    for group, o in scene.outlines.items():      # after scaling, still around their glyphs
        d = scene.diagrams["lstm" if group in ("forget", "input", "output", "cell_state") else "gru"]
        ob = _bbox(o)
        for name in o.names:
            assert _inside(_bbox(d.glyphs[name]), ob), (group, name)
        assert scene.labels[group][1].text.replace(" ", "") != ""
    assert scene.legend.keys == ["sigmoid", "tanh", "pointwise_mul", "pointwise_add", "concat"]


def test_overview_rejects_an_unknown_variant():
    from cells import RunOptions
    from tests.helpers.scene_harness import render_scene
    with pytest.raises(InputError, match="--gru-variant"):
        render_scene("gates-overview", run=RunOptions(gru_variant="keras"))


# ---- lstm-code -------------------------------------------------------------------------
def test_each_code_line_runs_the_ops_that_make_its_value():
    """A line's highlighted ops (RUNS) end in the quantity its value (VALUES) shows, with
    and without a projection (whose op only the projected flow has)."""
    from cells.flow import QUANTITY_PATHS, flow
    from scenes.stories.lstm_code import CODE, RUNS, SECTIONS, VALUES
    rows = [r for r, _ in CODE]
    for projection in (False, True):
        ops = {op.name: op for op in flow("lstm", projection=projection)}
        assert {n for names in RUNS.values() for n in names} <= set(ops) | {"project_h"}
        for row, names in RUNS.items():
            ran = [n for n in names if n in ops]
            assert row in rows and ran
            produced = ops[ran[-1]].output
            paths = [tuple(p) for p in VALUES[row][1:]]
            if produced == "hx":
                assert paths == [("h_prev",), ("x",)]
            else:
                assert paths == [QUANTITY_PATHS[produced]], row
    assert {r for _, rs, _ in SECTIONS for r in rs} <= set(rows)


@pytest.mark.parametrize("case,t", [("lstm-code", None), ("lstm-code-dark-hu-h0", 0)])
def test_code_values_are_the_step_of_the_trace(rendered, case, t):
    """The default (trained) step is the decisive one; --step 1 is index 0. A row shows the
    first --show-units entries of each vector, '…' after a longer one (the trained LSTM has 6)."""
    from cells import gates
    from scenes.stories.lstm_code import VALUES
    scene = rendered(case)
    assert scene.step_index == (gates.decisive_step(scene.trace) - 1 if t is None else t)
    t = scene.step_index
    step = scene.manifest_json["trace"]["steps"][t]
    for row, (prefix, *paths) in VALUES.items():
        want = []
        for p in paths:
            v = step
            for k in p:
                v = v[k]
            k = scene.show_units
            want += [fmt(x) for x in v[:k]] + (["…"] if len(v) > k else [])
        assert scene.values[row].text.replace(" ", "").endswith(prefix.replace(" ", "") + "[" + ",".join(want) + "]"), row
    assert [s["name"] for s in scene.sections] == ["init", "loop", "combine", "forget", "candidate",
                                                  "input", "cell_state", "output", "hidden", "return"]


def test_code_starts_from_zeros_or_the_given_states(rendered):
    zero, given = rendered("lstm-code"), rendered("lstm-code-dark-hu-h0")
    line = lambda s, row: s.code_lines[row].text  # noqa: E731
    H = zero.trace.hidden_size                          # 6: the trained review LSTM
    assert line(zero, "init_C").endswith(f"C = zeros({H})") and line(zero, "init_h").endswith(f"h = zeros({H})")
    assert line(given, "init_C").endswith("C = c0") and line(given, "init_h").endswith("h = h0")
    assert scene_values(zero, "init_h") == ["0.00"] * 2 + ["…"]        # beside the small cell: 2 of 6
    assert scene_values(given, "init_h") == ["0.50", "\u22120.20", "…"]
    assert len(scene_values(zero, "forget")) > 3                         # the gates' rows are wider


def scene_values(scene, row):
    return scene.values[row].text.replace(" ", "").split("[")[1].rstrip("]").split(",")


@pytest.mark.parametrize("case", ["gates-overview", "gates-overview-cho-dark-hu", "gates-overview-projector"])
def test_no_leader_line_runs_through_a_label(rendered, case):
    """Each gate's leader line reaches its glyph without crossing another gate's name, also
    with the longer Hungarian words and the projector's larger text."""
    labels = rendered(case).labels
    for group, (leader, _) in labels.items():
        a, b = leader.get_start(), leader.get_end()
        points = [a + (b - a) * k / 50 for k in range(51)]
        for other, (_, text) in labels.items():
            if other == group:
                continue
            (x0, y0, _), (x1, y1, _) = text.get_corner([-1, -1, 0]), text.get_corner([1, 1, 0])
            assert not any(x0 < p[0] < x1 and y0 < p[1] < y1 for p in points), (group, other)
