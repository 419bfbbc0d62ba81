"""What the `memory` scene claims about the trained memory models, measured, never typed.

The article's thesis is that RNNs have short-term memory and LSTMs and GRUs are the
solution. The scene tests it on the memory task (cells/memory_task.py) with the three
shipped models: their accuracy against the distance N, measured here on fresh sequences
(the same sequences for the three, from SEED, which neither the cards' test sets
[seed, 6] nor tests/test_zoo.py [2027, 7] use), and, on one sequence, the unit of each
model that carries the marked value to the end. Each claim a caption makes is a boolean
computed here, so the caption says what the numbers say: the shipped memory RNN, for
one, does not fade with N (it latches the sign in a saturated tanh unit).
"""

import numpy as np

from .errors import InputError
from .memory_task import MAX_DISTANCE, examples
from .training import accuracy

SEED = (2026, 11)
PER_DISTANCE = 500
NEAR, FAR = range(1, 6), range(MAX_DISTANCE - 4, MAX_DISTANCE + 1)   # N = 1-5 and 16-20
FADES = 5.0           # percentage points lost from near to far N that count as fading
OPEN, SHUT, KEEP = 0.5, 0.1, 0.9      # an input gate that opens / stays shut, a forget gate that keeps


def accuracy_by_distance(nets: dict, seed=SEED, per_distance: int = PER_DISTANCE) -> dict:
    """{"distances", "per_distance", "seed", "percent": {name: [% right at each N]}}: every
    model on the same fresh sequences."""
    rng = np.random.default_rng(list(seed))
    data = [examples(rng, per_distance, d) for d in range(1, MAX_DISTANCE + 1)]
    return {"seed": list(seed), "per_distance": per_distance,
            "distances": list(range(1, MAX_DISTANCE + 1)),
            "percent": {name: [100.0 * accuracy(net, seqs, y) for seqs, y in data]
                        for name, net in nets.items()}}


def distance_facts(percent: list) -> dict:
    """Mean accuracy, its range over N, near (N 1-5) and far (N 16-20), and whether it fades."""
    p = np.asarray(percent)
    near, far = float(p[[n - 1 for n in NEAR]].mean()), float(p[[n - 1 for n in FAR]].mean())
    return {"mean": float(p.mean()), "min": float(p.min()), "max": float(p.max()),
            "near": near, "far": far, "fades": bool(near - far > FADES)}


def marked_step(x: np.ndarray) -> int:
    """The 0-based index of the one step whose marker (second value) is 1."""
    if x.ndim != 2 or x.shape[1] != 2:
        raise InputError("--input", "the memory task's steps are (value, marker) pairs")
    marks = np.flatnonzero(x[:, 1] == 1.0)
    if len(marks) != 1 or np.any((x[:, 1] != 0.0) & (x[:, 1] != 1.0)):
        raise InputError("--input", "needs exactly one marked step (marker 1; the others 0)")
    if marks[0] == len(x) - 1:
        raise InputError("--input", "the mark is the last step: nothing follows it to remember through")
    return int(marks[0])


def lstm_facts(trace, mark: int) -> dict:
    """The LSTM's memory unit (its input gate opens most at the mark compared with every
    other step) and whether it opens there and stays shut elsewhere, whether its forget
    gate keeps through the steps after the mark, and whether its cell state carries the
    mark's value to the end (same sign, at least half as large)."""
    i, f, c = trace.gates["i"], trace.gates["f"], trace.c
    others = np.delete(i, mark, axis=0)
    u = int(np.argmax(i[mark] - others.max(axis=0)))
    after = f[mark + 1:, u]
    c_mark, c_end = float(c[mark, u]), float(c[-1, u])
    return {"unit": u + 1, "i_mark": float(i[mark, u]), "i_elsewhere": float(others[:, u].max()),
            "f_after": float(after.min()), "c_mark": c_mark, "c_end": c_end,
            "opens": bool(i[mark, u] > OPEN and others[:, u].max() < SHUT),
            "keeps": bool(after.min() > KEEP),
            "carries": bool(np.sign(c_end) == np.sign(c_mark) and abs(c_end) >= abs(c_mark) / 2)}


def rnn_facts(trace, mark: int) -> dict:
    """The RNN's memory unit (the one that stays largest from the mark to the end) and
    whether it keeps the sign it took at the mark, at least half as large."""
    h = trace.h[mark:]
    u = int(np.argmax(np.abs(h).min(axis=0)))
    h_mark, h_end = float(h[0, u]), float(h[-1, u])
    return {"unit": u + 1, "h_mark": h_mark, "h_end": h_end,
            "keeps": bool(np.sign(h_end) == np.sign(h_mark) and abs(h_end) >= abs(h_mark) / 2)}
