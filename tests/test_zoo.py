"""The shipped example models (assets/models/): cards, loading, accuracy, PyTorch, gates, influence.

Accuracy is measured again from the shipped weights on fresh data (another seed than the
card's test set). Tolerance: two independent estimates of an accuracy p from n examples
each differ with a standard deviation of sqrt(2 p (1 - p) / n); we allow 4 of them, with
p (1 - p) raised by 1/n so that p near 1 (a handful of errors, Poisson-like) is not held
to zero. The fresh seed is fixed, so the test is deterministic; a model that lost a few
points (or a card that was not measured on these weights) fails, see
test_the_accuracy_check_catches_a_damaged_model.
"""

import hashlib
import subprocess
import sys

import numpy as np
import pytest

from cells import InputError, RunOptions, gates, make_weights, memory_task, training
from cells import zoo
from cells.classifier import Classifier

MEMORY = ["memory-gru", "memory-lstm", "memory-rnn"]
REVIEW = ["review-gru", "review-lstm"]
FRESH = [2027, 7]          # the card's test sets use [seed, 6]
CARD_KEYS = {"name", "task", "cell", "gru_variant", "file", "sha256", "tensor_prefix", "tensors",
             "input_size", "hidden_size", "summary", "input", "readout", "data", "training",
             "test", "default_input"}


def tolerance(p: float, n: int) -> float:
    return 4.0 * np.sqrt(2.0 * (p * (1.0 - p) + 1.0 / n) / n)


def close_enough(fresh: float, card: float, n: int) -> bool:
    return abs(fresh - card) <= tolerance((fresh + card) / 2, n)


def test_the_zoo_lists_every_model_with_its_card():
    assert zoo.names() == MEMORY + REVIEW
    for name, c in zoo.cards().items():
        assert CARD_KEYS <= set(c), (name, CARD_KEYS - set(c))
        path = zoo.MODELS_DIR / c["file"]
        assert path.stat().st_size < 100_000, "model files stay small"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == c["sha256"]
        m = zoo.load(name)
        assert {k: list(v.shape) for k, v in m.net.state_dict().items()} == c["tensors"]
        assert c["training"]["command"] == f".venv/bin/python scripts/train_examples.py --only {name}"
        assert c["readout"]["activation"] == "sigmoid" and c["tensor_prefix"] == "rnn"
    for name in REVIEW:
        v = zoo.card(name)["vocab"]
        assert len(zoo.load(name).vocab) == v["size"] and v["unknown"] == "<unk>"


def test_an_unknown_model_is_a_one_line_error():
    with pytest.raises(InputError) as e:
        zoo.load("review-lstn")
    assert e.value.option == "--model" and "choose one of memory-gru" in str(e.value)


def test_models_load_without_torch_or_vader():
    code = ("import sys; sys.modules['torch'] = None; sys.modules['vaderSentiment'] = None\n"
            "from cells import zoo\n"
            "print(round(zoo.load('review-lstm').predict().probability, 6))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) == zoo.card("review-lstm")["default_input"]["probability"]


@pytest.mark.parametrize("name", MEMORY + REVIEW)
def test_the_files_load_as_user_weights_too(name):
    c = zoo.card(name)
    w = make_weights(RunOptions(cell=c["cell"], weights=str(zoo.MODELS_DIR / c["file"]),
                                weights_prefix=c["tensor_prefix"]))
    np.testing.assert_array_equal(w.w_hh, zoo.load(name).weights.w_hh)


@pytest.mark.parametrize("name", MEMORY + REVIEW)
def test_prediction_of_the_default_input_is_the_cards(name):
    m = zoo.load(name)
    p = m.predict()
    assert round(p.probability, 6) == m.card["default_input"]["probability"]
    assert p.label == int(p.probability > 0.5) and p.meaning == m.card["readout"][f"label_{p.label}"]


def test_the_cereal_review_reads_positive():
    c = zoo.card("review-lstm")["default_input"]
    assert c["unknown_tokens"] == [] and c["rule_label"] == 1
    assert zoo.load("review-lstm").predict(c["input"]).meaning == "positive"


def test_tokenizer_and_unknown_words():
    m = zoo.load("review-lstm")
    assert m.tokens("Great, NOT bad!") == ["great", ",", "not", "bad", "!"]
    tokens, x, ids = m.embed("amazing zqxw")
    assert ids[1] == m.card["vocab"]["unknown_index"] == m.vocab.index("<unk>")
    np.testing.assert_array_equal(x, m.net.embedding[ids])
    with pytest.raises(InputError, match="--text"):
        zoo.load("memory-lstm").trace("amazing")
    with pytest.raises(InputError, match="--input"):
        zoo.load("memory-lstm").trace(np.zeros((3, 5)))


@pytest.mark.parametrize("name", MEMORY)
def test_memory_accuracy_by_distance_on_fresh_data(name):
    m = zoo.load(name)
    test = m.card["test"]
    n = test["per_distance"]
    rng = np.random.default_rng(FRESH)
    fresh = {d: training.accuracy(m.net, *memory_task.examples(rng, n, d))
             for d in range(1, memory_task.MAX_DISTANCE + 1)}
    for d, acc in fresh.items():
        card = test["accuracy_by_distance"][str(d)]
        assert close_enough(acc, card, n), (d, acc, card, tolerance(card, n))
    assert close_enough(float(np.mean(list(fresh.values()))), test["accuracy"], test["size"])


def _review_data(n: int):
    review_task = pytest.importorskip("cells.review_task")
    pytest.importorskip("vaderSentiment")
    lex = review_task.lexicon()
    vocab = review_task.vocabulary(lex)
    assert vocab == zoo.load("review-lstm").vocab, "the shipped vocabulary is the generator's"
    return review_task.examples(np.random.default_rng(FRESH), n, lex, vocab)


@pytest.mark.parametrize("name", REVIEW)
def test_review_accuracy_on_fresh_data(name):
    m = zoo.load(name)
    n = m.card["test"]["size"]
    ids, y, _ = _review_data(n)
    acc = training.accuracy(m.net, ids, y)
    assert close_enough(acc, m.card["test"]["accuracy"], n), (acc, m.card["test"]["accuracy"])


def test_the_accuracy_check_catches_a_damaged_model():
    m = zoo.load("memory-lstm")
    net = m.net
    bias = net.readout_bias + 3.0 * np.abs(net.readout_weight).sum()    # always says "positive"
    damaged = Classifier(net.weights, net.readout_weight, bias, None, net.variant)
    seqs, y = memory_task.examples(np.random.default_rng(FRESH), 1000, 5)
    acc = training.accuracy(damaged, seqs, y)
    assert not close_enough(acc, m.card["test"]["accuracy_by_distance"]["5"], 1000)


@pytest.mark.parametrize("name", MEMORY + REVIEW)
def test_a_shipped_model_in_pytorch_gives_the_same_trace(name):
    torch = pytest.importorskip("torch", exc_type=ImportError)
    from safetensors.torch import load_file
    from tests.generators.make_golden import by_hand
    from tests.helpers.torch_zoo import TorchClassifier
    m = zoo.load(name)
    c = m.card
    net = TorchClassifier(c["cell"], c["input_size"], c["hidden_size"],
                          c["vocab"]["size"] if c.get("vocab") else None)
    net.load_state_dict({k: v.double() for k, v in load_file(str(zoo.MODELS_DIR / c["file"])).items()},
                        strict=True)
    tr = m.trace()
    if m.is_text:
        seq = torch.tensor(m.embed(c["default_input"]["input"])[2])[:, None]
        x = net.embedding(seq)[:, 0]
    else:
        seq = torch.tensor(tr.x)[:, None]
        x = seq[:, 0]
    with torch.no_grad():
        h, cs = net.states(seq)
        logit = net(seq)
        params = {k.removeprefix("rnn."): v for k, v in net.state_dict().items() if k.startswith("rnn.")}
        H = c["hidden_size"]
        _, ref_gates, ref_h, _ = by_hand(c["cell"], "pytorch", params, x, torch.zeros(H, dtype=torch.float64),
                                         torch.zeros(H, dtype=torch.float64))
    np.testing.assert_allclose(tr.x, x.detach().numpy(), rtol=0, atol=1e-9)
    np.testing.assert_allclose(tr.h, h[:, 0].numpy(), rtol=0, atol=1e-9)
    np.testing.assert_allclose(tr.h, ref_h.numpy(), rtol=0, atol=1e-9)
    if cs is not None:
        np.testing.assert_allclose(tr.c, cs[:, 0].numpy(), rtol=0, atol=1e-9)
    for g, v in ref_gates.items():
        if c["cell"] != "rnn":
            np.testing.assert_allclose(tr.gates[g], np.asarray(v), rtol=0, atol=1e-9, err_msg=g)
    assert abs(m.predict().logit - logit.item()) < 1e-9


def test_the_review_lstm_gates_decisively_on_the_cereal_review():
    m = zoo.load("review-lstm")
    check = gates.decisive_check(m.trace())
    assert check["decisive"], check
    assert check["low"] < 0.1 < 0.9 < check["high"] and check["low_unit"] != check["high_unit"]
    assert check == m.card["default_input"]["decisive"]


def test_the_decisive_step_is_where_the_keep_gate_units_disagree_most():
    f = np.array([[0.5, 0.6], [0.05, 0.95], [0.2, 0.99], [0.05, 0.95]])
    tr = type("T", (), {"cell": "lstm", "gates": {"f": f}, "steps": 4})()
    assert gates.decisive_step(tr) == 2                # spread 0.9, the earliest of the ties
    assert gates.decisive_check(tr)["decisive"]
    assert not gates.decisive_check(tr, 3)["decisive"]    # 0.2 is not below 0.1
    assert not gates.decisive_check(tr, 1)["decisive"]
    with pytest.raises(InputError, match="no gate"):
        gates.decisive_step(type("T", (), {"cell": "rnn", "gates": {}})())


def test_gate_saturation_counts_values_near_0_or_1():
    assert gates.saturation(np.array([0.05, 0.5, 0.95, 0.1])) == 0.5
    assert gates.saturation([np.array([0.01]), np.array([0.5, 0.99, 0.2])]) == 0.5


def _blank(m):
    return m.net.embedding[m.card["vocab"]["unknown_index"]] if m.is_text else np.zeros(m.card["input_size"])


@pytest.mark.parametrize("name", MEMORY + REVIEW)
def test_influence_is_leave_one_out_of_each_step(name):
    """Against the per-sequence forward: the batch of blanked-out copies is the same."""
    m = zoo.load(name)
    tr, score = m.influence()
    assert score.shape == (tr.steps,)
    full = m.net.logit(m.net.trace_vectors(tr.x).h[-1])
    for t in range(tr.steps):
        x = tr.x.copy()
        x[t] = _blank(m)
        assert abs(score[t] - (full - m.net.logit(m.net.trace_vectors(x).h[-1]))) < 1e-12


@pytest.mark.parametrize("name", ["memory-lstm"] + REVIEW)
def test_influence_against_torch(name):
    torch = pytest.importorskip("torch", exc_type=ImportError)
    from tests.helpers.torch_zoo import TorchClassifier
    m = zoo.load(name)
    tr, score = m.influence()
    net = TorchClassifier.of(m.net)
    rnn_logit = lambda x: net.readout(net.rnn(torch.tensor(x)[:, None])[0][-1]).item()  # noqa: E731
    with torch.no_grad():
        full = rnn_logit(tr.x)
        for t in range(tr.steps):
            x = tr.x.copy()
            x[t] = _blank(m)
            assert abs(score[t] - (full - rnn_logit(x))) < 1e-9


def test_influence_of_the_cereal_review():
    """The words the raters scored carry the prediction; the filler words barely move it."""
    m = zoo.load("review-lstm")
    tr, score = m.influence()
    rated = {"amazing", "perfectly", "definitely"}
    top = [tr.tokens[k] for k in np.argsort(-score)[:3]]
    assert set(top) == rated, list(zip(tr.tokens, score.round(3)))
    assert all(abs(s) < 0.2 for t, s in zip(tr.tokens, score) if t not in rated)
    _, s2 = m.influence("amazing qqqzz")
    assert s2.shape == (2,) and abs(s2[1]) < 1e-12        # an unknown word blanked is itself
    blanked = zoo.load("memory-lstm").influence()[1]
    assert np.argmax(np.abs(blanked)) == zoo.card("memory-lstm")["default_input"]["marked_step"] - 1
