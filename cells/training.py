"""Training the example models: binary cross-entropy on sigmoid(readout(h_T)), Adam.

The gradient of the loss reaches the recurrent layer only through h_T, so it is exactly
`cells.backward` with dh_T = dL/dh_T = dL/dlogit * readout.weight; the embedding's
gradient is dL/dx_t of every step added into its token's row. Sequences are batched by
length (run_batch needs one length per batch), so every value is the exact, unpadded one.
"""

import numpy as np

from .activations import sigmoid
from .adam import Adam
from .backward import backward
from .classifier import PREFIX, Classifier
from .forward import run_batch


def loss_and_grads(model: Classifier, seqs, y: np.ndarray) -> tuple:
    """(mean BCE, gradients under state_dict names) for a batch (T x B ids, or T x B x I)."""
    tr = run_batch(model.weights, model.inputs(seqs), model.variant)
    h_T = tr.h[-1]
    z = model.logit(h_T)
    loss = float(np.mean(np.logaddexp(0.0, z) - y * z))
    dz = (sigmoid(z) - y) / len(y)                      # dL/dlogit per sequence
    g = backward(tr, model.weights, dh_T=dz[:, None] * model.readout_weight)
    grads = {f"{PREFIX}.{k}": v for k, v in g.weights_dict().items()}
    grads["readout.weight"] = (dz @ h_T)[None]
    grads["readout.bias"] = np.array([dz.sum()])
    if model.embedding is not None:
        d_emb = np.zeros_like(model.embedding)
        np.add.at(d_emb, np.asarray(seqs), g.dx)
        grads["embedding.weight"] = d_emb
    return loss, grads


def by_length(seqs: list, labels, max_batch: int, rng=None):
    """(stacked T x b [x I] batch, labels) per group of equal length, shuffled when rng is given."""
    labels = np.asarray(labels, dtype=np.float64)
    groups = {}
    for k, s in enumerate(seqs):
        groups.setdefault(len(s), []).append(k)
    batches = [idx[i:i + max_batch] for _, idx in sorted(groups.items())
               for i in range(0, len(idx), max_batch)]
    order = rng.permutation(len(batches)) if rng is not None else range(len(batches))
    for j in order:
        idx = batches[j]
        yield np.stack([np.asarray(seqs[k]) for k in idx], axis=1), labels[idx]


def clip(grads: dict, max_norm: float) -> dict:
    """All gradients scaled down together to a global L2 norm of at most max_norm.

    Pascanu et al. 2013 (torch.nn.utils.clip_grad_norm_): one step of an exploding
    recurrent gradient would otherwise throw a latching RNN out of its solution.
    """
    norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    return grads if norm <= max_norm else {k: g * (max_norm / norm) for k, g in grads.items()}


def train(model: Classifier, chunks, lr: float, seed: int, max_batch: int = 64,
          max_norm: float = 1.0) -> list:
    """Adam on every chunk of (sequences, labels) in turn; returns the loss of each batch."""
    rng = np.random.default_rng([seed, 2])
    opt = Adam(model.state_dict(), lr)
    losses = []
    for seqs, labels in chunks:
        for x, y in by_length(seqs, labels, max_batch, rng):
            loss, grads = loss_and_grads(model, x, y)
            opt.step(clip(grads, max_norm))
            losses.append(loss)
    return losses


def accuracy(model: Classifier, seqs: list, labels) -> float:
    """Fraction of sequences whose prediction (P > 0.5, i.e. logit > 0) equals the label."""
    right = 0
    for x, y in by_length(seqs, labels, 4096):
        z = model.logit(run_batch(model.weights, model.inputs(x), model.variant).h[-1])
        right += int(np.sum((z > 0) == (y > 0.5)))
    return right / len(seqs)
