"""The readable, per-step table that `render.py grads` prints without --json."""

import numpy as np

from cells import Grads

LOSS_TEXT = {"sum": "L = sum(h_T)", "mse": "L = mean((h_T - target)^2)"}


def _e(v) -> str:
    return f"{v:.6e}"


def grads_table(g: Grads) -> str:
    """t, |dL/dh_t|, |dL/dx_t| (|dL/dc_t| for the LSTM) and |step t's term of dL/dW_hh|."""
    head = f"{g.cell.upper()}" + (f" ({g.variant} variant)" if g.variant else "") + \
        f"  input size {g.input_size}, hidden size {g.hidden_size}, {g.steps} steps"
    loss = f"loss {g.loss}: {LOSS_TEXT[g.loss]} = {g.loss_value:.6g}"
    if g.target is not None:
        loss += "   target " + ", ".join(f"{v:g}" for v in g.target)
    cols = ["t", "|dL/dh_t|", "|dL/dx_t|"] + (["|dL/dc_t|"] if g.dc is not None else []) + \
        ["|dL/dW_hh| of step t"]
    widths = [6] + [22 if c.startswith("|dL/dW") else 14 for c in cols[1:]]
    fmt = lambda cells: "".join(f"{c:>{w}}" for c, w in zip(cells, widths))  # noqa: E731
    lines = [head, loss, "norms are Euclidean (L2); matrices: Frobenius", fmt(cols)]
    dhn, dxn = np.linalg.norm(g.dh, axis=1), np.linalg.norm(g.dx, axis=1)
    dcn = None if g.dc is None else np.linalg.norm(g.dc, axis=1)
    wn = g.w_hh_step_norms
    for t in range(g.steps):
        row = [str(t + 1), _e(dhn[t]), _e(dxn[t])] + ([_e(dcn[t])] if dcn is not None else []) + \
            [_e(wn[t])]
        lines.append(fmt(row))
    init = f"  |dL/dh0| {_e(np.linalg.norm(g.dh0))}"
    if g.dc0 is not None:
        init += f"   |dL/dc0| {_e(np.linalg.norm(g.dc0))}"
    lines += ["initial state", init, "weight gradients"]
    for name, v in g.weights_dict().items():
        shape = " x ".join(str(s) for s in v.shape)
        lines.append(f"  {name:<14}{shape:>12}   |dL/d{name}| {_e(np.linalg.norm(v))}")
    return "\n".join(lines)
