"""Where things sit in the LSTM and GRU cell drawings (scene units, frame 14.2 x 8).

The cell takes the left two thirds; the right third holds the value panel. The cell
state runs straight along the top (the "conveyor belt"), h_{t-1} enters bottom left,
x_t from below, and C_t / h_t leave on the right, as in the article and in colah's.
"""

from scenes.parts.cell_diagram import CellLayout

TOP, BOTTOM = 2.0, -1.3       # the cell-state line and the concatenation line
GATE_Y = -0.3
LEFT_IN, RIGHT_OUT = -6.45, 2.4   # input dots clear of the frame's safe edge, outputs clear of the panel

LSTM_LAYOUT = CellLayout(
    box_center=(-2.0, 0.35), box_size=(8.2, 4.5),
    nodes={
        "concat": (-5.5, BOTTOM),
        "sigma_f": (-4.7, GATE_Y), "sigma_i": (-3.3, GATE_Y), "tanh_g": (-1.7, GATE_Y),
        "sigma_o": (-0.3, GATE_Y),
        "mul_f": (-4.7, TOP), "mul_i": (-1.7, 0.85), "add_c": (-1.7, TOP),
        "tanh_c": (1.1, 0.85), "mul_o": (1.1, GATE_Y),
        "project_h": (1.6, BOTTOM),       # nn.LSTM(proj_size=P) only: h_t = W_hr (o_t ⊙ tanh C_t)
    },
    ports={"in:c_prev": (LEFT_IN, TOP), "in:h_prev": (LEFT_IN, BOTTOM), "in:x": (-5.5, -2.6),
           "out:c": (RIGHT_OUT, TOP), "out:h": (RIGHT_OUT, BOTTOM)},
    routes={
        ("concat", "sigma_f"): [(-4.7, BOTTOM)],
        ("concat", "sigma_i"): [(-3.3, BOTTOM)],
        ("concat", "tanh_g"): [(-1.7, BOTTOM)],
        ("concat", "sigma_o"): [(-0.3, BOTTOM)],
        ("sigma_i", "mul_i"): [(-3.3, 0.85)],
        ("add_c", "tanh_c"): [(1.1, TOP)],
        ("mul_o", "out:h"): [(1.1, BOTTOM)],
        ("mul_o", "project_h"): [(1.1, BOTTOM)],
    },
)

# GRU: h_{t-1} runs along the top (it is the GRU's only state), reset and update gates
# at the bottom left, the candidate in the middle, the update's mix on the right.
UPD_Y, MIX_Y = 1.45, 0.85
_GRU_NODES = {
    "concat": (-5.5, BOTTOM), "sigma_r": (-4.7, GATE_Y), "sigma_z": (-3.5, GATE_Y),
    "tanh_n": (-1.1, GATE_Y), "one_minus": (0.3, MIX_Y), "mul_zh": (0.3, TOP),
    "mul_zn": (1.5, MIX_Y), "add_h": (1.5, TOP),
}
_GRU_PORTS = {"in:h_prev": (LEFT_IN, TOP), "in:x": (-5.5, -2.6), "out:h": (RIGHT_OUT, TOP)}
_GRU_ROUTES = {
    ("in:h_prev", "concat"): [(-6.1, TOP), (-6.1, BOTTOM)],
    ("concat", "sigma_r"): [(-4.7, BOTTOM)],
    ("concat", "sigma_z"): [(-3.5, BOTTOM)],
    ("sigma_z", "mul_zh"): [(-3.5, UPD_Y), (0.3, UPD_Y)],
    ("sigma_z", "one_minus"): [(-3.5, UPD_Y), (0.3, UPD_Y)],
    ("tanh_n", "mul_zn"): [(-1.1, 0.3), (1.5, 0.3)],
}
GRU_LAYOUTS = {
    # PyTorch: r scales W_hn h_{t-1} + b_hn (the yellow weight box), then joins W_in x_t.
    "pytorch": CellLayout(
        box_center=(-2.0, 0.35), box_size=(8.2, 4.5),
        nodes={**_GRU_NODES, "linear_hn": (-2.3, 1.0), "mul_r": (-2.3, 0.3)},
        ports=_GRU_PORTS,
        routes={**_GRU_ROUTES,
                ("in:h_prev", "linear_hn"): [(-2.3, TOP)],
                ("sigma_r", "mul_r"): [(-4.7, 0.3)],
                ("mul_r", "tanh_n"): [(-2.3, GATE_Y)],
                ("in:x", "tanh_n"): [(-5.5, -2.2), (-1.1, -2.2)]},
    ),
    # Cho et al. and the article: r scales h_{t-1} first; [r*h_{t-1}, x_t] feeds the tanh.
    "cho": CellLayout(
        box_center=(-2.0, 0.35), box_size=(8.2, 4.5),
        nodes={**_GRU_NODES, "mul_r": (-4.7, MIX_Y), "concat_n": (-2.3, -0.9)},
        ports=_GRU_PORTS,
        routes={**_GRU_ROUTES,
                ("in:h_prev", "mul_r"): [(-4.7, TOP)],
                ("mul_r", "concat_n"): [(-2.3, MIX_Y)],
                ("in:x", "concat_n"): [(-5.5, -2.2), (-2.3, -2.2)],
                ("concat_n", "tanh_n"): [(-1.1, -0.9)]},
    ),
}
