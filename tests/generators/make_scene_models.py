"""Small saved models that scene cases draw from (tests/golden/scene_*.npz), in PyTorch's
state_dict names and its default initialisation, seeded (numpy only, so no torch needed):

- scene_lstm_proj.npz: nn.LSTM(3, 4, proj_size=2), the projection W_hr drawn
- scene_rnn_stacked_bi.npz: nn.RNN(3, 3, num_layers=2, bidirectional=True), for
  'layer 2 of 2' and a reverse direction whose steps are labelled by input position

    .venv/bin/python tests/generators/make_scene_models.py
"""

from pathlib import Path

import numpy as np

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def uniform(rng, hidden: int, *shape) -> np.ndarray:
    k = 1.0 / np.sqrt(hidden)
    return rng.uniform(-k, k, shape)


def lstm_proj(rng) -> dict:
    H, I, P = 4, 3, 2
    return {"weight_ih_l0": uniform(rng, H, 4 * H, I), "weight_hh_l0": uniform(rng, H, 4 * H, P),
            "bias_ih_l0": uniform(rng, H, 4 * H), "bias_hh_l0": uniform(rng, H, 4 * H),
            "weight_hr_l0": uniform(rng, H, P, H)}


def rnn_stacked_bi(rng) -> dict:
    H, I = 3, 3
    out = {}
    for layer, width in ((0, I), (1, 2 * H)):
        for suffix in ("", "_reverse"):
            out.update({f"weight_ih_l{layer}{suffix}": uniform(rng, H, H, width),
                        f"weight_hh_l{layer}{suffix}": uniform(rng, H, H, H),
                        f"bias_ih_l{layer}{suffix}": uniform(rng, H, H),
                        f"bias_hh_l{layer}{suffix}": uniform(rng, H, H)})
    return out


if __name__ == "__main__":
    for name, make in (("scene_lstm_proj", lstm_proj), ("scene_rnn_stacked_bi", rnn_stacked_bi)):
        np.savez(GOLDEN / f"{name}.npz", **make(np.random.default_rng([2026, len(name)])))
        print(f"wrote tests/golden/{name}.npz")
