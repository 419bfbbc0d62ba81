import numpy as np

from cells import RunOptions, make_trace


def test_lstm_cell_state_identity_on_default_input():
    tr = make_trace(RunOptions(cell="lstm"))
    g = tr.gates
    assert np.allclose(tr.c, g["f"] * tr.c_prev + g["i"] * g["g"], atol=0, rtol=0)
