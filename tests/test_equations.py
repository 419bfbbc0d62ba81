"""An op's caption names each quantity once: 'f_t⊙C_{t−1} = [..]', never 'f_t⊙C_{t−1} =
f_t ⊙ C_{t−1} = [..]' (the name and the expression differ only in spacing or a '·')."""

import pytest

from cells.flow import flow
from scenes.engines.gated import GatedCellScene, equation_text, same_quantity
from scenes.stories.gru import GRUScene
from scenes.engines.lstm_steps import LSTMScene

GATE_NAMES = {("lstm", None): LSTMScene.gate_names,
              ("gru", "pytorch"): {"r": "r", "z": "z", "n": "in"},
              ("gru", "cho"): {"r": "r", "z": "z", "n": "n"}}


def parts(equation: str) -> list:
    return equation.split(" = ")


def assert_named_once(equation: str):
    sides = parts(equation)
    for a, b in zip(sides, sides[1:]):
        assert not same_quantity(a, b), f"named twice: {equation!r}"


@pytest.mark.parametrize("cell,variant", sorted(GATE_NAMES, key=str))
def test_every_op_of_every_cell_names_its_quantity_once(cell, variant):
    for op in flow(cell, variant):
        if op.kind != "concat":
            assert_named_once(equation_text(op, GATE_NAMES[cell, variant], "[0.1]"))


def test_the_gated_scenes_share_one_rule():
    assert GRUScene.equation is GatedCellScene.equation
    assert LSTMScene.equation is GatedCellScene.equation


@pytest.mark.parametrize("case", ["lstm", "gru", "gru-cho-dark-hu-step2", "lstm-code"])
def test_the_captions_a_scene_shows_name_each_quantity_once(rendered, case):
    shown = [e for s in rendered(case).sections for e in s.get("equations", [])]
    assert shown
    for equation in shown:
        assert_named_once(equation)


def test_a_quantity_named_by_its_expression_is_named_once():
    """'tanh(C_t) = tanh(C_t) = [...]' and 'f_t⊙C_{t−1} = f_t ⊙ C_{t−1} = [...]' were captions."""
    ops = {op.output: op for op in flow("lstm")}
    assert equation_text(ops["tanh_c"], LSTMScene.gate_names, "[0.1]") == "tanh(C_t) = [0.1]"
    assert equation_text(ops["f_c_prev"], LSTMScene.gate_names, "[0.1]") == "f_t⊙C_{t-1} = [0.1]"


def test_same_quantity_ignores_spacing_and_the_product_dot():
    assert same_quantity("f_t⊙C_{t−1}", "f_t ⊙ C_{t−1}")
    assert same_quantity("W_hn h_{t−1} + b_hn", "W_hn·h_{t−1} + b_hn")
    assert not same_quantity("f_t", "i_t")
