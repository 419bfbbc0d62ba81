"""The readable, per-step table that `render.py trace` prints without --json."""

import numpy as np

from cells import Trace


def _row(name: str, v) -> str:
    """Six decimals; an exponent from a million on (1e308 would be 309 digits)."""
    return f"  {name:<14}" + " ".join(f"{x:+.6f}" if abs(x) < 1e6 else f"{x:+.6e}" for x in np.asarray(v))


def _token(tr: Trace, k: int) -> str:
    unknown = tr.unknown is not None and tr.unknown[k]
    return f"{tr.tokens[k]!r}" + (f" (unknown: {tr.unknown_token})" if unknown else "")


def header(tr: Trace) -> list:
    """What computed the trace: the cell, its model, layer, direction, nonlinearity, what-if."""
    head = f"{tr.cell.upper()}" + (f" ({tr.variant} variant)" if tr.variant else "") + \
        (f" ({tr.nonlinearity})" if tr.nonlinearity else "") + \
        f"  input size {tr.input_size}, hidden size {tr.hidden_size}" + \
        (f", projection {tr.proj_size}" if tr.proj_size else "") + f", {tr.steps} steps"
    lines = [head]
    where = [f"model {tr.model} (assets/models)"] if tr.model else []
    if tr.layers > 1:
        where.append(f"layer {tr.layer} of {tr.layers}")
    if tr.bidirectional or tr.direction != "forward":
        where.append(f"{tr.direction} direction (steps in the order it ran; 'position' is the input's)")
    if tr.what_if:
        where += [f"what-if {k}: {v['computed']} computed, the saved model has {v['saved']}"
                  for k, v in tr.what_if.items()]
    if where:
        lines.append("; ".join(where))
    if tr.tokens:
        lines.append("tokens " + " ".join(_token(tr, k) for k in range(tr.steps)))
    return lines


def readout_line(r: dict) -> str:
    meaning = f" ({r['meaning']})" if r.get("meaning") else ""
    return (f"readout {r['name']}: {r['activation']}, prediction {r['prediction']}{meaning}, "
            f"probability {r['probability']:.6f}")


def trace_table(tr: Trace) -> str:
    lines = header(tr)
    h_prev, c_prev = tr.h_prev, tr.c_prev
    positions = tr.step_positions
    for t in range(tr.steps):
        tok = f"  token {_token(tr, t)}" if tr.tokens else ""
        pos = f" (position {positions[t]})" if positions[t] != t + 1 else ""
        lines.append(f"step {t + 1}{pos}{tok}")
        lines.append(_row("x", tr.x[t]))
        lines.append(_row("h_prev", h_prev[t]))
        if c_prev is not None:
            lines.append(_row("c_prev", c_prev[t]))
        for g in tr.pre:
            lines.append(_row(f"pre {g}", tr.pre[g][t]))
            if g in tr.gates:
                lines.append(_row(g, tr.gates[g][t]))
        for name, v in tr.parts.items():
            lines.append(_row(name, v[t]))
        if tr.c is not None:
            lines.append(_row("c", tr.c[t]))
        lines.append(_row("h", tr.h[t]))
    if tr.readout:
        lines.append(readout_line(tr.readout))
    return "\n".join(lines)
