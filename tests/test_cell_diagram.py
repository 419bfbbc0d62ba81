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
from scenes.parts.labels import rich
from scenes.parts.layouts import GRU_LAYOUTS, LSTM_LAYOUT
from scenes.parts.theme import ARTICLE, SAFE_MARGIN, STYLES, use_style
from scenes.parts.wires import inset_start

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


TOUCH = 0.01     # scene units (about a pixel at 720p) two boxes may share


def overlap(a, b) -> bool:
    return overlaps((a[0] + TOUCH, a[1] + TOUCH, a[2] - TOUCH, a[3] - TOUCH), b)


@pytest.fixture(params=["article", "projector"])
def style(request):
    use_style(request.param)
    yield request.param
    use_style("article")


@pytest.mark.parametrize("cell,variant,layout,outputs", CASES)
def test_a_step_played_from_the_diagrams_own_animations(cell, variant, layout, outputs, style):
    """arrive, run_op over the flow and leave keep exactly one dot per quantity that is
    still to be used, each where the data flow says it is (its port, or its op's wire),
    and no dot, halted or waiting, covers a glyph or another dot, in either style (the
    projector's larger glyphs leave less room; a panel starts at x = 2.9)."""
    d = CellDiagram(cell, variant, layout, ARTICLE, outputs=outputs, dots_left_of=2.9)
    label = DOT_LABELS.__getitem__
    assert len(d.arrive(label)) == len(d.inputs)
    for q in d.inputs:      # at its port, or on its wire as near it as the safe area allows
        port, at = np.array(layout.ports[f"in:{q}"]), d.waiting[q].get_center()[:2]
        first = next(w for w in d.wires.values() if w.src == f"in:{q}").points_list[1][:2]
        assert np.isclose(np.linalg.norm(first - at) + np.linalg.norm(at - port),
                          np.linalg.norm(first - port))
        assert inside_safe_area(d.waiting[q])
    for name, op in d.ops.items():
        before = dict(d.waiting)
        plays = d.run_op(name, label)
        assert plays.set_off == [before[q] for q in op.inputs if q in before]
        # one traveller per input wire, setting off where its dot waited, or (a value used
        # a second time) at its wire's start, inside the safe area
        assert len(plays.travellers) == len(op.inputs)
        starts = [before[q].get_center() if q in before
                  else inset_start(w.points_list, t.width / 2, t.height / 2)[0] if w.src.startswith("in:")
                  else w.start for q, w, t in zip(op.inputs, d.into(name), plays.travellers)]
        assert all(np.allclose(t.get_center(), s) for t, s in zip(plays.travellers, starts))
        assert len(plays.travel) == len(op.inputs) and len(plays.settle) == 2 * len(op.inputs) + 1
        assert not set(op.inputs) & set(d.waiting) and op.output in d.waiting
        halted = [box_at(m.path.get_end(), t)
                  for t, m in zip(plays.travellers, plays.travel)]
        glyphs = [box_at(g.get_center(), g) for g in d.glyphs.values()]
        for k, a in enumerate(halted):            # side by side: on no glyph, not on each other
            assert not [n for n, g in zip(d.glyphs, glyphs) if overlap(a, g)], (name, k)
            assert not any(overlap(a, b) for b in halted[k + 1:]), (name, k)
        waiting = [(q, box_at(m.get_center(), m)) for q, m in d.waiting.items()]
        for k, (q, a) in enumerate(waiting):      # what waits covers no glyph and no other dot
            assert not [n for n, g in zip(d.glyphs, glyphs) if overlap(a, g)], (name, q)
            assert not any(overlap(a, b) for _, b in waiting[k + 1:]), (name, q)
            assert a[2] <= 2.9, (name, q)             # nor the panel beside the cell
    left = set(d.waiting)                 # only outputs still wait (the LSTM's C_t fed tanh)
    assert left and left <= set(outputs)
    clear, dots, moves = d.leave(outputs, label)
    assert not d.waiting and len(clear) == len(left)
    assert len(dots) == len(moves) == len(outputs)


def inside_safe_area(mob) -> bool:
    from manim import config
    w, h = config.frame_width * (0.5 - SAFE_MARGIN), config.frame_height * (0.5 - SAFE_MARGIN)
    (x0, y0, _), (x1, y1, _) = mob.get_corner([-1, -1, 0]), mob.get_corner([1, 1, 0])
    return -w - 1e-9 <= x0 and x1 <= w + 1e-9 and -h - 1e-9 <= y0 and y1 <= h + 1e-9


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("cell,variant,layout,outputs", CASES)
def test_inputs_keep_their_names_beside_their_ports(cell, variant, layout, outputs, style):
    """A poster (the last frame) names every input wire: a label beside each port, clear
    of the dot that waits there and inside the safe area, in either style."""
    use_style(style)
    try:
        d = CellDiagram(cell, variant, layout, ARTICLE, outputs=outputs, port_labels=True)
        d.arrive(LABELS.__getitem__)
        assert set(d.port_labels) == set(d.inputs)
        for q, label in d.port_labels.items():
            assert label in d.submobjects and inside_safe_area(label)
            assert label.text == rich(LABELS[q])
            dot = d.waiting[q]
            apart = [label.get_left()[0] >= dot.get_right()[0], label.get_right()[0] <= dot.get_left()[0],
                     label.get_bottom()[1] >= dot.get_top()[1], label.get_top()[1] <= dot.get_bottom()[1]]
            assert any(apart), q
    finally:
        use_style("article")


@pytest.mark.parametrize("cell,variant,layout,outputs", CASES)
def test_focus_dims_only_what_changes(cell, variant, layout, outputs):
    d = CellDiagram(cell, variant, layout, ARTICLE, outputs=outputs)
    group = next(op.group for op in d.ops.values())
    kept = d.ops_of({group})
    dimmed = d.focus({group})
    assert dimmed and all(a.mobject not in [d.glyphs[n] for n in kept] for a in dimmed)
    assert d.focus({group}) == []                       # already so: nothing to play
    assert len(d.focus(None)) == len(dimmed)            # undim exactly what was dimmed
