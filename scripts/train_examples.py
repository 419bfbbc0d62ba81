#!/usr/bin/env python3
"""Trains the example models of assets/models/ (the zoo): pure numpy, CPU only, deterministic.

    .venv/bin/python scripts/train_examples.py [--only NAME,...] [--out DIR] [--scale F] [--jobs N]

Every model has its own seed and random streams, so one trained alone (--only) gets the
same bytes as in a run of the whole zoo, and a second run the same bytes as the first
(compare `sha256sum assets/models/*`). Training: binary cross-entropy on
sigmoid(readout(h_T)), the gradient by the project's BPTT (cells/backward.py), Adam with
the global gradient norm clipped to 1 (cells/training.py). Weights are stored as float32,
and every number in a card is measured on the stored float32 weights, on fresh held-out
data. --scale F multiplies the training data of every model (the tests run the same code
at a tiny scale in seconds; the shipped models are scale 1). The review models need the
vaderSentiment package for their data (`pip install -e '.[train]'`).
"""

import argparse
import hashlib
import json
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cells import gates, memory_task, review_task, run_batch, training  # noqa: E402
from cells.classifier import PREFIX, Classifier  # noqa: E402
from cells.zoo import MODELS_DIR  # noqa: E402

COMMAND = ".venv/bin/python scripts/train_examples.py"
CEREAL_REVIEW = ("Amazing! This box of cereal gave me a perfectly balanced breakfast, as all "
                 "things should be. I only ate half of it but will definitely be buying again!")
VOCAB_FILE = "review.vocab.txt"
MEMORY = dict(task="memory", hidden=3, chunks=100, chunk=1024, max_batch=64, lr=0.02, seed=0)
REVIEW = dict(task="review", hidden=6, embed=3, chunks=100, chunk=4096, max_batch=128, lr=0.01,
              seed=0)
RECIPES = {
    "memory-rnn": dict(MEMORY, cell="rnn"),
    "memory-lstm": dict(MEMORY, cell="lstm"),
    "memory-gru": dict(MEMORY, cell="gru"),
    "review-lstm": dict(REVIEW, cell="lstm"),
    "review-gru": dict(REVIEW, cell="gru"),
}
SEED_STUDY = (1, 2, 3, 4)   # memory models: the same recipe with other seeds, reported beside seed 0
MEMORY_TEST_PER_DISTANCE = 1000
SEED_STUDY_PER_DISTANCE = 200
REVIEW_TEST_SIZE = 10_000


def card_json(card: dict) -> str:
    """Indented JSON with every innermost list on one line (a card stays short to read)."""
    text = json.dumps(card, indent=2)
    flat = lambda m: "[" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "]"  # noqa: E731
    return re.sub(r"\[\s*\n\s*([^\[\]{}]*?)\s*\n\s*\]", flat, text) + "\n"


def paragraph(module, k: int) -> str:
    """Paragraph k of a module's docstring on one line: the card quotes the code's own words."""
    return " ".join(module.__doc__.split("\n\n")[k].split())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fit(r: dict, seed: int, stream, input_size: int, vocab_size=None) -> tuple:
    """(the float32-rounded model, batch losses) for recipe r."""
    model = Classifier.init(r["cell"], input_size, r["hidden"], seed, vocab_size)
    losses = training.train(model, stream, r["lr"], seed, r["max_batch"])
    return model.rounded(), losses


def n_chunks(r: dict, scale: float) -> int:
    return max(1, round(r["chunks"] * scale))


def train_memory(r: dict, seed: int, scale: float) -> tuple:
    stream = memory_task.chunks(seed, n_chunks(r, scale), r["chunk"])
    return fit(r, seed, stream, 2)


def accuracy_by_distance(model: Classifier, rng, per_distance: int) -> dict:
    return {d: training.accuracy(model, *memory_task.examples(rng, per_distance, d))
            for d in range(1, memory_task.MAX_DISTANCE + 1)}


def training_record(r: dict, scale: float, losses: list, train_size: int, name: str) -> dict:
    k = min(20, len(losses))
    return {"command": f"{COMMAND} --only {name}" + ("" if scale == 1 else f" --scale {scale}"),
            "seed": r["seed"], "optimizer": f"Adam, lr {r['lr']}, betas (0.9, 0.999), eps 1e-8 "
                                            "(cells/adam.py)",
            "gradient_clip_norm": 1.0, "loss": "binary cross-entropy of sigmoid(readout(h_T))",
            "train_size": train_size, "chunk": r["chunk"], "max_batch": r["max_batch"],
            "batches": len(losses), "loss_first_batches": round(float(np.mean(losses[:k])), 4),
            "loss_last_batches": round(float(np.mean(losses[-k:])), 4),
            "trained_in": "float64; stored as float32, every number below measured on the stored values"}


def common_card(name: str, r: dict, model: Classifier, path: Path) -> dict:
    w = model.weights
    return {"name": name, "task": r["task"], "cell": r["cell"],
            "gru_variant": model.variant, "file": path.name, "sha256": sha256(path),
            "tensor_prefix": PREFIX,
            "tensors": {k: list(v.shape) for k, v in model.state_dict().items()},
            "input_size": w.input_size, "hidden_size": w.hidden_size}


def memory_card(name: str, r: dict, scale: float, out: Path) -> dict:
    model, losses = train_memory(r, r["seed"], scale)
    path = out / f"{name}.safetensors"
    model.save(path)
    acc = accuracy_by_distance(model, np.random.default_rng([r["seed"], 6]), MEMORY_TEST_PER_DISTANCE)
    study = {}
    for s in (r["seed"],) + SEED_STUDY:
        m = model if s == r["seed"] else train_memory(r, s, scale)[0]
        a = accuracy_by_distance(m, np.random.default_rng([s, 6]), SEED_STUDY_PER_DISTANCE)
        study[str(s)] = {"mean": round(float(np.mean(list(a.values()))), 4),
                         "N=1": round(a[1], 4), "N=20": round(a[memory_task.MAX_DISTANCE], 4)}
    x, y = memory_task.example(np.random.default_rng([r["seed"], 5]), 8, 1)
    card = common_card(name, r, model, path)
    card.update({
        "summary": f"{r['cell'].upper()} with {r['hidden']} units that recalls whether a marked "
                   "value was positive after N distractor steps",
        "input": {"kind": "vectors", "features": ["value", "marker"]},
        "readout": {"on": "h_T", "weight": "readout.weight", "bias": "readout.bias",
                    "activation": "sigmoid", "label_1": "the marked value was positive",
                    "label_0": "the marked value was negative"},
        "data": {"source": "generated by cells/memory_task.py from the seed; nothing stored",
                 "rule": paragraph(memory_task, 1),
                 "max_distance": memory_task.MAX_DISTANCE, "max_lead": memory_task.MAX_LEAD},
        "training": training_record(r, scale, losses, n_chunks(r, scale) * r["chunk"], name),
        "test": {"seed": [r["seed"], 6], "per_distance": MEMORY_TEST_PER_DISTANCE,
                 "size": MEMORY_TEST_PER_DISTANCE * len(acc),
                 "accuracy": round(float(np.mean(list(acc.values()))), 4),
                 "accuracy_by_distance": {str(d): round(a, 4) for d, a in acc.items()}},
        "seed_study": {"note": f"the same recipe with seeds {', '.join(map(str, SEED_STUDY))}, "
                               f"each tested on {SEED_STUDY_PER_DISTANCE} fresh examples per N; "
                               "the seed shipped is the recipe's",
                       "by_seed": study},
        "default_input": {"input": x.tolist(), "label": int(y), "distance": 8, "lead": 1,
                          "marked_step": 2, "probability": round(model.probability(x), 6),
                          "note": "the first example of a held-out stream ([seed, 5]), N = 8"},
    })
    if r["cell"] != "rnn":
        card["default_input"]["decisive"] = gates.decisive_check(model.trace(x))
    return card


def review_card(name: str, r: dict, scale: float, out: Path) -> dict:
    lex = review_task.lexicon()
    vocab = review_task.vocabulary(lex)
    stream = review_task.chunks(r["seed"], n_chunks(r, scale), r["chunk"], lex, vocab)
    model, losses = fit(r, r["seed"], stream, r["embed"], len(vocab))
    path = out / f"{name}.safetensors"
    model.save(path)
    ids, y, _ = review_task.examples(np.random.default_rng([r["seed"], 6]), REVIEW_TEST_SIZE, lex, vocab)
    values = {g: [] for g in gates.sigmoid_gates(r["cell"])}
    for x, _ in training.by_length(ids, y, 4096):
        tr = run_batch(model.weights, model.inputs(x), model.variant)
        for g in values:
            values[g].append(tr.gates[g])
    tokens = review_task.text_tokens(CEREAL_REVIEW)
    index = {t: k for k, t in enumerate(vocab)}
    seq = np.array([index.get(t, 0) for t in tokens])
    p = model.probability(seq)
    card = common_card(name, r, model, path)
    card.update({
        "summary": f"Embedding ({r['embed']} values a word) -> {r['cell'].upper()} with "
                   f"{r['hidden']} units -> readout: is a review positive?",
        "input": {"kind": "text"},
        "embedding": {"tensor": "embedding.weight", "size": r["embed"]},
        "vocab": {"file": VOCAB_FILE, "size": len(vocab), "sha256": sha256(out / VOCAB_FILE),
                  "unknown": review_task.UNK, "unknown_index": vocab.index(review_task.UNK),
                  "tokenizer": "lower-cased, then words (\\w+) and each punctuation mark as its "
                               "own token (cells.review_task.text_tokens); a token not in the "
                               "vocabulary is <unk>"},
        "readout": {"on": "h_T", "weight": "readout.weight", "bias": "readout.bias",
                    "activation": "sigmoid", "label_1": "positive", "label_0": "negative"},
        "data": {"source": "vader_lexicon.txt of the vaderSentiment package (Hutto & Gilbert 2014, "
                           "MIT licence): each word's mean valence from ten human raters",
                 "lexicon_sha256": review_task.lexicon_sha256(), "sentiment_words": len(lex),
                 "generator": "cells/review_task.py. " + paragraph(review_task, 2),
                 "label_rule": paragraph(review_task, 3)},
        "training": training_record(r, scale, losses, n_chunks(r, scale) * r["chunk"], name),
        "test": {"seed": [r["seed"], 6], "size": REVIEW_TEST_SIZE,
                 "accuracy": round(training.accuracy(model, ids, y), 4),
                 "gate_saturation": {g: round(gates.saturation(v), 4) for g, v in values.items()},
                 "gate_saturation_note": f"fraction of all gate values (every unit, step and "
                                         f"test review) below {gates.LOW} or above {gates.HIGH}"},
        "default_input": {"input": CEREAL_REVIEW, "tokens": tokens,
                          "unknown_tokens": [t for t in tokens if t not in index],
                          "rule_score": round(review_task.score(tokens, lex), 4),
                          "rule_label": int(review_task.score(tokens, lex) > 0),
                          "prediction": "positive" if p > 0.5 else "negative",
                          "probability": round(p, 6),
                          "decisive": gates.decisive_check(model.trace(seq))},
    })
    return card


def train_one(name: str, out: str, scale: float) -> float:
    """Train, save and write the card of one model; returns its wall seconds."""
    t0 = time.perf_counter()
    r = RECIPES[name]
    card = (memory_card if r["task"] == "memory" else review_card)(name, r, scale, Path(out))
    (Path(out) / f"{name}.json").write_text(card_json(card), encoding="utf-8")
    return time.perf_counter() - t0


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(RECIPES), help="comma-separated model names")
    ap.add_argument("--out", default=str(MODELS_DIR))
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the training data")
    ap.add_argument("--jobs", type=int, default=2, help="models trained at once (processes)")
    a = ap.parse_args(argv)
    todo = a.only.split(",")
    unknown = [n for n in todo if n not in RECIPES]
    if unknown:
        ap.error(f"unknown model {unknown[0]!r}; choose from {', '.join(RECIPES)}")
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    if any(RECIPES[n]["task"] == "review" for n in todo):
        vocab = review_task.vocabulary(review_task.lexicon())
        (out / VOCAB_FILE).write_text("".join(t + "\n" for t in vocab), encoding="utf-8")
    t0 = time.perf_counter()
    todo.sort(key=lambda n: RECIPES[n]["task"] != "review")     # the longest first
    with ProcessPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        walls = dict(zip(todo, pool.map(train_one, todo, [str(out)] * len(todo), [a.scale] * len(todo))))
    for n in sorted(walls):
        print(f"{n:<12} {walls[n]:6.1f} s", flush=True)
    total = time.perf_counter() - t0
    print(f"trained {len(todo)} models in {total:.1f} s -> {out}")
    return {"wall_s": round(total, 1), "models_s": {n: round(walls[n], 1) for n in sorted(walls)}}


if __name__ == "__main__":
    main()
