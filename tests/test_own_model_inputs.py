"""Checkpoints as people save them, inputs as tensors, and a sentence through the model's own
embedding and readout, against PyTorch (and Keras for a .keras file). Skipped without torch.
"""

import json
import os

import numpy as np
import pytest

torch = pytest.importorskip("torch", exc_type=ImportError)
from safetensors.torch import save_file  # noqa: E402

from cells import InputError, RunOptions, make_grads, make_trace  # noqa: E402
from test_own_model_torch import save  # noqa: E402

TOL = 1e-9
DT = torch.float64
WORDS = ["<pad>", "<unk>", "what", "a", "great", "film", "awful", "boring", "!"]


class Sentiment(torch.nn.Module):
    """Embedding -> LSTM -> Linear on the last hidden state, the README's model."""

    def __init__(self, V=len(WORDS), I=4, H=5, K=1):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, I, dtype=DT)
        self.lstm = torch.nn.LSTM(I, H, dtype=DT)
        self.fc = torch.nn.Linear(H, K, dtype=DT)

    def forward(self, ids):
        out, _ = self.lstm(self.embedding(ids))
        return self.fc(out[-1])


def net(K=1, seed=0):
    torch.manual_seed(seed)
    return Sentiment(K=K)


@pytest.fixture
def vocab(tmp_path):
    path = tmp_path / "vocab.json"
    path.write_text(json.dumps({w: i for i, w in enumerate(WORDS)}))
    return str(path)


def close(a, b):
    assert np.max(np.abs(np.asarray(a) - np.asarray(b))) <= TOL


# --- checkpoints ------------------------------------------------------------------------

def checkpoints(m):
    sd = m.state_dict()
    opt = torch.optim.Adam(m.parameters())
    m(torch.tensor([2, 3])).sum().backward()
    opt.step()
    sd = m.state_dict()
    return {
        "model": ({"model": sd, "optimizer": opt.state_dict(), "epoch": 3}, "model.lstm."),
        "state_dict": ({"state_dict": sd}, "state_dict.lstm."),
        "model_state_dict": ({"model_state_dict": sd, "loss": 0.5}, "model_state_dict.lstm"),
        "lightning": ({"epoch": 2, "global_step": 10, "pytorch-lightning_version": "2.4.0",
                       "state_dict": {f"model.{k}": v for k, v in sd.items()},
                       "optimizer_states": [opt.state_dict()], "hyper_parameters": {"lr": 0.1}},
                      "state_dict.model.lstm."),
    }


@pytest.mark.parametrize("kind", ["model", "state_dict", "model_state_dict", "lightning"])
def test_checkpoints_are_walked_into(tmp_path, kind):
    m = net()
    obj, prefix = checkpoints(m)[kind]
    path = tmp_path / "ckpt.pt"
    torch.save(obj, path)
    x = np.random.default_rng(1).uniform(-1, 1, (4, 4))
    tr = make_trace(RunOptions(cell="lstm", weights=str(path), weights_prefix=prefix,
                               input=";".join(",".join(repr(float(v)) for v in r) for r in x)))
    with torch.no_grad():
        close(tr.h, m.lstm(torch.tensor(x))[0].numpy())
    with pytest.raises(InputError) as e:          # without the prefix: the keys and the prefix to use
        make_trace(RunOptions(cell="lstm", weights=str(path)))
    msg = e.value.message
    assert e.value.option == "--weights" and "checkpoint" in msg and repr(prefix.rstrip(".") + ".") in msg
    assert all(repr(k) in msg for k in obj)


# --- tensors as input -----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["pt", "safetensors", "npz", "npy"])
def test_input_tensors_with_a_batch_axis(tmp_path, fmt):
    m = net()
    path = tmp_path / "lstm.pt"
    torch.save(m.lstm.state_dict(), path)
    xb = torch.tensor(np.random.default_rng(2).uniform(-1, 1, (3, 6, 4)))    # (batch, steps, features)
    f = tmp_path / f"x.{fmt}"
    if fmt == "pt":
        torch.save({"x": xb, "labels": torch.zeros(3)}, f)
    elif fmt == "safetensors":
        save_file({"x": xb.contiguous(), "labels": torch.zeros(3)}, str(f))
    elif fmt == "npz":
        np.savez(f, x=xb.numpy(), labels=np.zeros(3))
    else:
        np.save(f, xb.numpy())
    src = str(f) if fmt == "npy" else f"{f}:x"
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell="lstm", weights=str(path), input_file=src))
    assert e.value.option == "--batch-index" and "0..2" in e.value.message
    tr = make_trace(RunOptions(cell="lstm", weights=str(path), input_file=src, batch_index=2))
    with torch.no_grad():
        close(tr.h, m.lstm(xb[2])[0].numpy())
    if fmt != "npy":   # two tensors: the name is needed
        with pytest.raises(InputError) as e:
            make_trace(RunOptions(cell="lstm", weights=str(path), input_file=str(f), batch_index=2))
        assert e.value.option == "--input-file" and ":NAME" in e.value.message


def test_a_lone_tensor_needs_no_name_and_a_batch_of_one_no_index(tmp_path):
    m = net()
    torch.save(m.lstm.state_dict(), tmp_path / "lstm.pt")
    x = torch.tensor(np.random.default_rng(3).uniform(-1, 1, (1, 5, 4)))
    torch.save(x, tmp_path / "x.pt")
    tr = make_trace(RunOptions(cell="lstm", weights=str(tmp_path / "lstm.pt"), input_file=str(tmp_path / "x.pt")))
    with torch.no_grad():
        close(tr.h, m.lstm(x[0])[0].numpy())


# --- your sentence through your embedding, and the model's verdict -----------------------------

@pytest.mark.parametrize("fmt", ["pt", "safetensors", "npz"])
@pytest.mark.parametrize("K", [1, 3])
def test_text_through_the_models_embedding_and_readout(tmp_path, vocab, fmt, K):
    m = net(K=K)
    path = save(m.state_dict(), tmp_path / f"model.{fmt}", fmt)
    o = RunOptions(cell="lstm", weights=path, weights_prefix="lstm.", vocab=vocab, readout="fc.",
                   text="What a GREAT film, Zorglub!")
    tr, g = make_grads(o)
    ids = [2, 3, 4, 5, 1, 1, 8]                       # ',' and 'zorglub' are <unk>
    assert tr.tokens == ["what", "a", "great", "film", ",", "zorglub", "!"] and tr.token_ids == ids
    assert tr.token_vectors == "model"
    with torch.no_grad():
        emb = m.embedding(torch.tensor(ids))
        close(tr.x, emb.numpy())
        close(tr.h, m.lstm(emb)[0].numpy())
        logits = m(torch.tensor(ids))
    p = torch.sigmoid(logits) if K == 1 else torch.softmax(logits, -1)
    ro = tr.to_json()["readout"]
    close(ro["logits"], logits.numpy())
    close(ro["probabilities"], p.numpy())
    k = int(p[0] >= 0.5) if K == 1 else int(torch.argmax(p))
    assert ro["prediction"] == k and ro["activation"] == ("sigmoid" if K == 1 else "softmax")
    assert abs(ro["probability"] - float(p[0] if K == 1 and k == 1 else 1 - p[0] if K == 1 else p[k])) <= TOL
    # gradients of sum(h_T) with the embedded sentence as input
    emb = m.embedding(torch.tensor(ids)).detach().requires_grad_(True)
    m.zero_grad()
    m.lstm(emb)[0][-1].sum().backward()
    close(g.dx, emb.grad.numpy())
    for name, grad in g.weights_dict().items():
        close(grad, dict(m.named_parameters())[name].grad.numpy())
    assert set(g.weights_dict()) == {f"lstm.{k}" for k in m.lstm.state_dict()}


def test_vocab_formats_and_unknown_words(tmp_path):
    m = net()
    path = tmp_path / "model.pt"
    torch.save(m.state_dict(), path)
    lines = tmp_path / "vocab.txt"
    lines.write_text("\n".join(WORDS) + "\n")
    as_list = tmp_path / "list.json"
    as_list.write_text(json.dumps(WORDS))
    base = dict(cell="lstm", weights=str(path), weights_prefix="lstm.", text="a boring film")
    want = make_trace(RunOptions(**base, vocab=str(lines)))
    assert want.token_ids == [3, 7, 5]
    assert make_trace(RunOptions(**base, vocab=str(as_list))).to_json() == want.to_json()
    no_unk = tmp_path / "no_unk.json"
    no_unk.write_text(json.dumps({w: i for i, w in enumerate(WORDS) if w != "<unk>"}))
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(**{**base, "text": "a splendid film"}, vocab=str(no_unk)))
    assert e.value.option == "--text" and "'splendid'" in e.value.message


def test_hugging_face_tokenizer(tmp_path):
    tokenizers = pytest.importorskip("tokenizers")
    from tokenizers import Tokenizer, models, pre_tokenizers
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.save(str(tmp_path / "tokenizer.json"))
    m = net()
    torch.save(m.state_dict(), tmp_path / "model.pt")
    tr = make_trace(RunOptions(cell="lstm", weights=str(tmp_path / "model.pt"), weights_prefix="lstm.",
                               vocab=str(tmp_path / "tokenizer.json"), text="what a film"))
    assert tr.token_ids == [2, 3, 5] and tokenizers


def test_text_without_vocab_is_refused_when_the_model_has_an_embedding(tmp_path):
    m = net()
    torch.save(m.state_dict(), tmp_path / "model.pt")
    with pytest.raises(InputError) as e:
        make_trace(RunOptions(cell="lstm", weights=str(tmp_path / "model.pt"), weights_prefix="lstm.",
                              text="a film"))
    assert e.value.option == "--text" and "embedding.weight" in e.value.message and "--vocab" in e.value.message
    torch.save(m.lstm.state_dict(), tmp_path / "lstm.pt")        # a bare layer: the tool's vectors, said so
    tr = make_trace(RunOptions(cell="lstm", weights=str(tmp_path / "lstm.pt"), text="a film"))
    assert tr.token_vectors == "hashed" and "not your model's embedding" in tr.notes[0]


def test_keras_sentiment_model(tmp_path):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras", exc_type=ImportError)
    if keras.backend.backend() != "torch":
        pytest.skip("Keras runs on another backend here")
    keras.utils.set_random_seed(4)
    model = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(len(WORDS), 4),
                              keras.layers.LSTM(5), keras.layers.Dense(1, activation="sigmoid")])
    model.save(tmp_path / "model.keras")
    (tmp_path / "vocab.txt").write_text("\n".join(WORDS))
    tr = make_trace(RunOptions(cell="lstm", weights=str(tmp_path / "model.keras"),
                               vocab=str(tmp_path / "vocab.txt"), readout="dense", text="what a great film"))
    p = float(np.asarray(model.predict(np.array([[2, 3, 4, 5]]), verbose=0))[0, 0])
    assert abs(tr.readout["probabilities"][0] - p) < 1e-6      # Keras computes in float32 here
    assert tr.readout["prediction"] == int(p >= 0.5)
