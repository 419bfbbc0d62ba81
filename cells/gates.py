"""How decisively a trained cell's gates act: saturation and the most decisive step.

A gate is decisive where it is near 0 (forget, or ignore) or near 1 (keep, or let in),
the article's point about the sigmoid. The keep-or-forget gate is f for the LSTM
(c = f*c_prev + ...) and z for the GRU (h = (1-z)*n + z*h_prev: z near 1 keeps h_prev).

The most decisive step is the one where that gate's units disagree most: the largest
(highest unit's value - lowest unit's value), the earliest on ties. There one unit keeps
its memory while another forgets, which is what a scene should show; `decisive_check`
says whether the claim "a unit below 0.1 and another above 0.9" holds there.
"""

import numpy as np

from .errors import InputError
from .spec import SPECS

KEEP_GATE = {"lstm": "f", "gru": "z"}
LOW, HIGH = 0.1, 0.9


def keep_gate(cell: str) -> str:
    if cell not in KEEP_GATE:
        raise InputError("CELL", f"the {cell.upper()} has no gate that keeps or forgets; "
                                 "decisive steps are for the LSTM (f) and the GRU (z)")
    return KEEP_GATE[cell]


def saturation(gate_values) -> float:
    """Fraction of the values below LOW or above HIGH (any shape, or a list of arrays)."""
    v = np.concatenate([np.ravel(a) for a in gate_values]) if isinstance(gate_values, list) \
        else np.ravel(gate_values)
    return float(np.mean((v < LOW) | (v > HIGH)))


def sigmoid_gates(cell: str) -> list:
    """The gates that are sigmoids (tanh blocks are candidates, not gates)."""
    return [g for g, a in SPECS[cell].activation.items() if a == "sigmoid"]


def decisive_step(trace) -> int:
    """The step (from 1) where the keep gate's units are furthest apart (see module doc)."""
    g = trace.gates[keep_gate(trace.cell)]
    return int(np.argmax(g.max(axis=1) - g.min(axis=1))) + 1


def decisive_check(trace, step: int | None = None) -> dict:
    """At `step` (default: the most decisive one), the lowest and highest unit of the keep gate."""
    gate = keep_gate(trace.cell)
    t = decisive_step(trace) if step is None else step
    if not 1 <= t <= trace.steps:
        raise InputError("--step", f"step {t} is outside 1..{trace.steps}")
    v = trace.gates[gate][t - 1]
    lo, hi = int(np.argmin(v)), int(np.argmax(v))
    return {"step": t, "gate": gate, "low_unit": lo + 1, "low": float(v[lo]),
            "high_unit": hi + 1, "high": float(v[hi]),
            "decisive": bool(v[lo] < LOW and v[hi] > HIGH)}
