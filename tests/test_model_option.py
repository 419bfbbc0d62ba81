"""--model NAME: a shipped trained model through the same options as a user's own model."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cells import InputError, RunOptions, make_grads, make_trace, make_weights, zoo
from pipeline.cli.trace_table import trace_table

RENDER = Path(__file__).resolve().parents[1] / "render.py"


def cli(*args):
    return subprocess.run([sys.executable, str(RENDER), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", zoo.names())
def test_a_model_traces_as_the_zoo_runs_it(name):
    m = zoo.load(name)
    tr = make_trace(RunOptions(cell=m.card["cell"], model=name))       # its card's default input
    want = m.trace()
    np.testing.assert_array_equal(tr.h, want.h)
    assert tr.model == name and tr.tokens == want.tokens
    p = m.predict()
    assert tr.readout["probabilities"] == [p.probability]
    assert tr.readout["meaning"] == p.meaning
    w = make_weights(RunOptions(cell=m.card["cell"], model=name))
    np.testing.assert_array_equal(w.w_ih, m.weights.w_ih)


def test_text_goes_through_the_models_tokenizer_and_unknown_words_are_marked():
    m = zoo.load("review-gru")
    tr = make_trace(RunOptions(cell="gru", model="review-gru", text="Not bad AT all!"))
    tokens, x, ids = m.embed("Not bad AT all!")
    assert tr.tokens == tokens == ["not", "bad", "at", "all", "!"]
    assert list(tr.token_ids) == list(ids) and tr.token_vectors == "model"
    np.testing.assert_array_equal(tr.x, x)
    assert tr.unknown == [t not in m.index for t in tokens] == [False, False, True, False, False]
    assert tr.unknown_token == "<unk>"
    assert tr.readout["probability"] == pytest.approx(m.predict("Not bad AT all!").probability, abs=0)


def test_gradients_of_a_model():
    tr, g = make_grads(RunOptions(cell="rnn", model="memory-rnn"))
    assert tr.model == "memory-rnn" and g.dh.shape == (tr.steps, 3)


@pytest.mark.parametrize("options, flag, needle", [
    ({"cell": "gru", "model": "review-lstm"}, "--model", "review-lstm is an LSTM; this needs a GRU"),
    ({"cell": "lstm", "model": "review-lsm"}, "--model", "choose one of"),
    ({"cell": "lstm", "model": "review-lstm", "weights": "x.pt"}, "--weights", "cannot be combined"),
    ({"cell": "lstm", "model": "review-lstm", "seed": 0}, "--seed", "cannot be combined"),
    ({"cell": "lstm", "model": "review-lstm", "readout": "fc."}, "--readout", "cannot be combined"),
    ({"cell": "lstm", "model": "review-lstm", "hidden": 3}, "--hidden", "hidden size 6"),
    ({"cell": "lstm", "model": "memory-lstm", "text": "good"}, "--text", "number sequences"),
    ({"cell": "rnn", "model": "memory-rnn", "nonlinearity": "relu"}, "--nonlinearity", "--what-if"),
])
def test_what_contradicts_a_model_is_refused(options, flag, needle):
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(**options))
    assert e.value.option == flag and needle in str(e.value)


def test_a_what_if_on_a_model_says_so():
    tr = make_trace(RunOptions(cell="rnn", model="memory-rnn", nonlinearity="relu", what_if=True))
    assert tr.nonlinearity == "relu"
    assert tr.what_if == {"nonlinearity": {"saved": "tanh", "computed": "relu"}}


def test_render_py_models_lists_every_card():
    table = cli("models")
    assert table.returncode == 0
    for name, card in zoo.cards().items():
        assert name in table.stdout and f"--model {name}" in table.stdout
        assert f"{card['test']['accuracy']:.1%}" in table.stdout
    assert json.loads(cli("models", "--json").stdout) == zoo.cards()


def test_the_trace_table_names_model_tokens_and_readout():
    tr = make_trace(RunOptions(cell="lstm", model="review-lstm", text="Not bad at all!"))
    text = trace_table(tr)
    assert "model review-lstm" in text
    assert "tokens 'not' 'bad' 'at' (unknown: <unk>) 'all' '!'" in text
    assert text.splitlines()[-1] == f"readout readout.: sigmoid, prediction 1 (positive), " \
                                    f"probability {tr.readout['probability']:.6f}"


def test_the_trace_table_names_layer_direction_and_nonlinearity(tmp_path):
    rnn = {"weight_ih_l0": np.ones((3, 2)), "weight_hh_l0": np.eye(3), "bias_ih_l0": np.zeros(3),
           "bias_hh_l0": np.zeros(3)}
    layer2 = {k.replace("l0", "l1"): v for k, v in rnn.items()} | {"weight_ih_l1": np.ones((3, 6))}
    both = {**rnn, **layer2}
    np.savez(tmp_path / "m.npz", **both, **{k + "_reverse": v for k, v in both.items()})
    tr = make_trace(RunOptions(cell="rnn", weights=str(tmp_path / "m.npz"), layer=2, direction="reverse",
                               nonlinearity="relu", input="1,2; 3,4; 5,6"))
    lines = trace_table(tr).splitlines()
    assert lines[0].startswith("RNN (relu)")
    assert "layer 2 of 2" in lines[1] and "reverse direction" in lines[1]
    assert lines[2] == "step 1 (position 3)"
