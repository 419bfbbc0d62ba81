"""The readable, per-step table that `render.py trace` prints without --json."""

import numpy as np

from cells import Trace


def _row(name: str, v) -> str:
    """Six decimals; an exponent from a million on (1e308 would be 309 digits)."""
    return f"  {name:<14}" + " ".join(f"{x:+.6f}" if abs(x) < 1e6 else f"{x:+.6e}" for x in np.asarray(v))


def trace_table(tr: Trace) -> str:
    head = f"{tr.cell.upper()}" + (f" ({tr.variant} variant)" if tr.variant else "") + \
        f"  input size {tr.input_size}, hidden size {tr.hidden_size}, {tr.steps} steps"
    lines = [head]
    h_prev, c_prev = tr.h_prev, tr.c_prev
    for t in range(tr.steps):
        tok = f"  token {tr.tokens[t]!r}" if tr.tokens else ""
        lines.append(f"step {t + 1}{tok}")
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
    return "\n".join(lines)
