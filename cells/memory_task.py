"""The memory task: recall a marked value after N distractors (a long-range dependency).

A sequence is `lead` distractor steps, the marked step, then N distractor steps; each step
is (value, marker) with the value uniform in [-1, 1] and the marker 1 at the marked step
only. The label is 1 when the marked value is positive: the network must notice the mark,
keep the sign through N steps of noise and ignore everything else. N is the distance the
accuracy is reported by. Generated from a seed; nothing is stored.
"""

import numpy as np

MAX_DISTANCE = 20     # N from 1 to 20 in training and in the reported accuracy
MAX_LEAD = 4          # 0 to 4 distractors before the mark, so the mark's position varies


def example(rng, distance: int, lead: int) -> tuple:
    """(x (lead + 1 + distance, 2), label)."""
    x = np.zeros((lead + 1 + distance, 2))
    x[:, 0] = rng.uniform(-1.0, 1.0, size=len(x))
    x[lead, 1] = 1.0
    return x, float(x[lead, 0] > 0)


def examples(rng, n: int, distance: int | None = None) -> tuple:
    """n examples: (list of x, labels); N uniform in 1..MAX_DISTANCE unless given."""
    seqs, labels = [], []
    for _ in range(n):
        d = int(rng.integers(1, MAX_DISTANCE + 1)) if distance is None else distance
        x, y = example(rng, d, int(rng.integers(0, MAX_LEAD + 1)))
        seqs.append(x)
        labels.append(y)
    return seqs, np.array(labels)


def chunks(seed: int, n_chunks: int, chunk: int):
    """The training stream: n_chunks fresh chunks of `chunk` examples each."""
    rng = np.random.default_rng([seed, 3])
    for _ in range(n_chunks):
        yield examples(rng, chunk)
