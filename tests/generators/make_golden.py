#!/usr/bin/env python3
"""Write the golden reference files in tests/golden/ from PyTorch (run by hand; needs torch).

    python tests/generators/make_golden.py

Each file holds one case: the weights (PyTorch layout), the input, the initial states and
what PyTorch computes from them in float64. h (and c) come from torch.nn.RNN/LSTM/GRU
themselves; the gate values are recomputed with torch ops from the same weights and
checked against the module's h/c before they are stored. The GRU `cho` variant has no
torch module, so it is computed with torch ops by hand:
n = tanh(W_in x + b_in + W_hn (r*h_prev) + b_hn). test_golden.py compares the numeric
core to these files without needing torch.
"""

import json
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parents[1] / "golden"
GATES = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}

# (cell, variant, input_size, hidden_size, steps, non-zero initial states, seed)
CASES = [
    ("rnn", None, 3, 3, 4, False, 1),
    ("rnn", None, 2, 5, 3, True, 2),
    ("lstm", None, 3, 3, 4, False, 3),
    ("lstm", None, 2, 5, 3, True, 4),
    ("gru", "pytorch", 3, 3, 4, False, 5),
    ("gru", "pytorch", 2, 5, 3, True, 6),
    ("gru", "cho", 3, 3, 4, False, 7),
    ("gru", "cho", 2, 5, 3, True, 8),
]


def by_hand(cell, variant, p, x, h, c):
    """Every gate's pre-activation and value, step by step, with torch ops."""
    w_ih, w_hh, b_ih, b_hh = p["weight_ih_l0"], p["weight_hh_l0"], p["bias_ih_l0"], p["bias_hh_l0"]
    H = w_hh.shape[1]
    pre = {g: [] for g in GATES[cell]}
    gates = {g: [] for g in GATES[cell]}
    hs, cs = [], []
    for xt in x:
        gi, gh = w_ih @ xt + b_ih, w_hh @ h + b_hh
        if cell == "rnn":
            a = {"h": gi + gh}
            act = {"h": torch.tanh(a["h"])}
            h = act["h"]
        elif cell == "lstm":
            z = gi + gh
            a = {g: z[k * H:(k + 1) * H] for k, g in enumerate(GATES["lstm"])}
            act = {g: torch.tanh(v) if g == "g" else torch.sigmoid(v) for g, v in a.items()}
            c = act["f"] * c + act["i"] * act["g"]
            h = act["o"] * torch.tanh(c)
            cs.append(c)
        else:
            a = {"r": gi[:H] + gh[:H], "z": gi[H:2 * H] + gh[H:2 * H]}
            r, z = torch.sigmoid(a["r"]), torch.sigmoid(a["z"])
            if variant == "pytorch":
                a["n"] = gi[2 * H:] + r * gh[2 * H:]
            else:
                a["n"] = gi[2 * H:] + w_hh[2 * H:] @ (r * h) + b_hh[2 * H:]
            n = torch.tanh(a["n"])
            act = {"r": r, "z": z, "n": n}
            h = (1 - z) * n + z * h
        for g in GATES[cell]:
            pre[g].append(a[g])
            gates[g].append(act[g])
        hs.append(h)
    stack = lambda v: torch.stack(v).tolist()  # noqa: E731
    return ({g: stack(v) for g, v in pre.items()}, {g: stack(v) for g, v in gates.items()},
            torch.stack(hs), torch.stack(cs) if cs else None)


def make_case(cell, variant, I, H, T, nonzero, seed):
    torch.manual_seed(seed)
    x = torch.empty(T, I, dtype=torch.float64).uniform_(-2, 2)
    h0 = torch.empty(H, dtype=torch.float64).uniform_(-0.9, 0.9) if nonzero else torch.zeros(H, dtype=torch.float64)
    c0 = torch.empty(H, dtype=torch.float64).uniform_(-2, 2) if nonzero else torch.zeros(H, dtype=torch.float64)
    mod = MODULES[cell](I, H, dtype=torch.float64)
    p = {k: v.detach().clone() for k, v in mod.state_dict().items()}
    with torch.no_grad():
        pre, gates, h, c = by_hand(cell, variant, p, x, h0, c0)
        if variant != "cho":  # the module is the reference; the hand-made gates must agree
            out = mod(x[:, None], (h0[None, None], c0[None, None]) if cell == "lstm" else h0[None, None])
            mod_h = out[0][:, 0]
            assert torch.allclose(h, mod_h, rtol=0, atol=1e-13), (cell, variant)
            if cell == "lstm":
                assert torch.allclose(c[-1], out[1][1][0, 0], rtol=0, atol=1e-13)
            h = mod_h
    return {
        "source": f"torch {torch.__version__}, torch.nn.{MODULES[cell].__name__}"
                  + (" (cho variant by hand with torch ops)" if variant == "cho" else ""),
        "cell": cell, "variant": variant, "input_size": I, "hidden_size": H,
        "weights": {k: v.tolist() for k, v in p.items()},
        "x": x.tolist(), "h0": h0.tolist(), "c0": c0.tolist() if cell == "lstm" else None,
        "expected": {"pre": pre, "gates": gates, "h": h.tolist(),
                     "c": c.tolist() if c is not None else None},
    }


def main():
    OUT.mkdir(exist_ok=True)
    for cell, variant, I, H, T, nonzero, seed in CASES:
        name = f"{cell}{'_' + variant if variant else ''}_i{I}_h{H}_t{T}.json"
        case = make_case(cell, variant, I, H, T, nonzero, seed)
        (OUT / name).write_text(json.dumps(case) + "\n", encoding="utf-8")
        print(f"wrote {OUT / name} ({(OUT / name).stat().st_size} bytes)")


if __name__ == "__main__":
    main()
