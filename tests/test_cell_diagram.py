"""The drawing is the maths: wires against the data flow, and the data flow against the
forward pass (the most common bug in published LSTM diagrams is a swapped gate)."""

import numpy as np
import pytest

from cells import RunOptions, make_trace, make_weights
from cells.flow import evaluate, flow
from scenes.parts.cell_diagram import DOT_LABELS, LABELS, CellDiagram, edges
from scenes.parts.wires import box_at, overlaps
from scenes.parts.fonts import register_fonts
from scenes.parts.glyphs import ActivationGlyph, OpGlyph
from scenes.parts.layouts import GRU_LAYOUTS, LSTM_LAYOUT
from scenes.parts.theme import ARTICLE

CASES = [("lstm", None, LSTM_LAYOUT, ("c", "h")),
         ("gru", "pytorch", GRU_LAYOUTS["pytorch"], ("h",)),
         ("gru", "cho", GRU_LAYOUTS["cho"], ("h",))]


@pytest.fixture(scope="module", autouse=True)
def fonts():
    register_fonts()


@pytest.mark.parametrize("cell,variant,layout,outputs", CASES)
def test_every_flow_edge_is_drawn_once_and_nothing_else(cell, variant, layout, outputs):
    d = CellDiagram(cell, variant, layout, ARTICLE, outputs=outputs)
    want = sorted(edges(flow(cell, variant), outputs))
    got = sorted((w.src, w.dst, w.quantity) for w in d.wires.values())
    assert got == want


@pytest.mark.parametrize("cell,variant,layout,outputs", CASES)
def test_wires_start_and_end_at_their_glyphs(cell, variant, layout, outputs):
    d = CellDiagram(cell, variant, layout, ARTICLE, outputs=outputs)

    def near(name, point):
        if name.startswith(("in:", "out:")):
            return np.allclose(point[:2], layout.ports[name], atol=1e-6)
        g = d.glyphs[name]
        return np.linalg.norm(point - g.get_center()) <= max(g.width, g.height) / 2 + 1e-6

    for w in d.wires.values():
        assert near(w.src, w.start), (w.src, w.dst)
        assert near(w.dst, w.end), (w.src, w.dst)


@pytest.mark.parametrize("cell,variant,layout,outputs", CASES)
def test_glyphs_match_op_kinds_and_labels_exist(cell, variant, layout, outputs):
    d = CellDiagram(cell, variant, layout, ARTICLE, outputs=outputs)
    for name, op in d.ops.items():
        g = d.glyphs[name]
        if op.kind in ("sigmoid", "tanh"):
            assert isinstance(g, ActivationGlyph) and g.kind == op.kind
            colour = ARTICLE.sigmoid if op.kind == "sigmoid" else ARTICLE.tanh
            assert g.circle.get_fill_color().to_hex().lower() == colour
        elif op.kind in ("mul", "add", "one_minus"):
            assert isinstance(g, OpGlyph) and g.kind == op.kind
        for q in op.inputs + (op.output,):
            assert q in LABELS


@pytest.mark.parametrize("cell,variant", [("rnn", None), ("lstm", None), ("gru", "pytorch"),
                                          ("gru", "cho")])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_flow_computes_the_forward_pass(cell, variant, seed):
    o = RunOptions(cell=cell, seed=seed, gru_variant=variant, hidden=4,
                   input="0.1,0.5,1; 1.2,2.1,0; -0.4,1,2.1")
    tr, w = make_trace(o), make_weights(o)
    for t in range(tr.steps):
        state = {"x": tr.x[t], "h_prev": tr.h_prev[t]}
        if cell == "lstm":
            state["c_prev"] = tr.c_prev[t]
        v = evaluate(flow(cell, variant), w, state)
        np.testing.assert_allclose(v["h"], tr.h[t], rtol=0, atol=1e-13)
        for g, val in tr.gates.items():
            np.testing.assert_allclose(v[g], val[t], rtol=0, atol=1e-13)


@pytest.mark.parametrize("seed", [0, 1])
def test_the_relu_flow_computes_the_relu_rnn(seed):
    """nn.RNN(nonlinearity='relu') has its own flow (a relu layer where tanh was)."""
    from cells.flow import trace_flow
    o = RunOptions(cell="rnn", seed=seed, nonlinearity="relu", hidden=4, input="0.1,-0.5,1; -1.2,2.1,0")
    tr, w = make_trace(o), make_weights(o)
    ops = trace_flow(tr)
    assert [op.kind for op in ops] == ["concat", "relu"]
    for t in range(tr.steps):
        v = evaluate(ops, w, {"x": tr.x[t], "h_prev": tr.h_prev[t]})
        np.testing.assert_allclose(v["h"], tr.h[t], rtol=0, atol=1e-13)


@pytest.mark.parametrize("cell,variant,layout,outputs", CASES)
def test_a_step_played_from_the_diagrams_own_animations(cell, variant, layout, outputs):
    """arrive, run_op over the flow and leave keep exactly one dot per quantity that is
    still to be used, each where the data flow says it is (its port, or its op's wire)."""
    d = CellDiagram(cell, variant, layout, ARTICLE, outputs=outputs)
    label = DOT_LABELS.__getitem__
    assert len(d.arrive(label)) == len(d.inputs)
    for q in d.inputs:
        assert np.allclose(d.waiting[q].get_center()[:2], layout.ports[f"in:{q}"])
    for name, op in d.ops.items():
        before = dict(d.waiting)
        plays = d.run_op(name, label)
        assert plays.set_off == [before[q] for q in op.inputs if q in before]
        starts = [w.start for w in d.into(name)]     # one traveller per input wire, at its start
        assert len(plays.travellers) == len(op.inputs)
        assert all(np.allclose(t.get_center(), s) for t, s in zip(plays.travellers, starts))
        assert len(plays.travel) == len(op.inputs) and len(plays.settle) == 2 * len(op.inputs) + 1
        assert not set(op.inputs) & set(d.waiting) and op.output in d.waiting
        halted = [box_at(m.path.get_end(), t)
                  for t, m in zip(plays.travellers, plays.travel)]
        glyph = box_at(d.glyphs[name].get_center(), d.glyphs[name])
        for k, a in enumerate(halted):            # side by side: not on the op, not on each other
            assert not overlaps(a, glyph), (name, k)
            assert not any(overlaps(a, b) for b in halted[k + 1:]), (name, k)
        assert np.allclose(d.waiting[op.output].get_center(), d.rest_point(name))
    left = set(d.waiting)                 # only outputs still wait (the LSTM's C_t fed tanh)
    assert left and left <= set(outputs)
    clear, dots, moves = d.leave(outputs, label)
    assert not d.waiting and len(clear) == len(left)
    assert len(dots) == len(moves) == len(outputs)


@pytest.mark.parametrize("cell,variant,layout,outputs", CASES)
def test_focus_dims_only_what_changes(cell, variant, layout, outputs):
    d = CellDiagram(cell, variant, layout, ARTICLE, outputs=outputs)
    group = next(op.group for op in d.ops.values())
    kept = d.ops_of({group})
    dimmed = d.focus({group})
    assert dimmed and all(a.mobject not in [d.glyphs[n] for n in kept] for a in dimmed)
    assert d.focus({group}) == []                       # already so: nothing to play
    assert len(d.focus(None)) == len(dimmed)            # undim exactly what was dimmed
