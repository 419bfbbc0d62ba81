"""The scene renders the suite checks: each is rendered once (no video) and shared by
the manifest test and the key-frame regression test. Add a case per scene and variant.

Cases without an input of their own show the trained defaults (scenes/registry.py); a
case with its own input (or --hidden, --seed) shows untrained seeded weights.
"""

from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "golden"     # tests/generators/make_scene_models.py
PROJ_LSTM = str(GOLDEN / "scene_lstm_proj.npz")
STACKED_BI_RNN = str(GOLDEN / "scene_rnn_stacked_bi.npz")

CASES = {
    "rnn-cell": ("rnn-cell", {}),
    "rnn-cell-dark-hu": ("rnn-cell", {"theme": "dark", "lang": "hu", "step": 2}),
    # a saved model's layer 2 of 2, reverse direction, computed with ReLU (issue 15)
    "rnn-cell-relu-layer2-reverse": ("rnn-cell", {"run": {"weights": STACKED_BI_RNN, "layer": 2,
                                                          "direction": "reverse", "nonlinearity": "relu",
                                                          "text": "Not bad at all!"}, "step": 2}),
    "tanh": ("tanh", {}),
    "tanh-step": ("tanh", {"step": 3, "lang": "hu"}),
    # the RNN part of the article (issue 4)
    "review": ("review", {}),
    "review-gru-dark-hu": ("review", {"run": {"model": "review-gru"}, "theme": "dark", "lang": "hu"}),
    "review-keywords": ("review", {"run": {"text": "The battery died after two days, but the "
                                                   "screen is gorgeous and support replaced it fast."},
                                   "keywords": "battery died|screen is gorgeous|replaced it fast"}),
    "sequence": ("sequence", {}),
    "sequence-window-dark-hu": ("sequence", {"window": 3, "theme": "dark", "lang": "hu"}),
    "sequence-input": ("sequence", {"run": {"input": "0.1,0.5,1; 1.2,2.1,0; 0.4,1,2.1"}, "decimals": 1}),
    "sequence-memory-rnn": ("sequence", {"run": {"model": "memory-rnn"}}),
    "hidden-state": ("hidden-state", {}),
    "hidden-state-dark-hu": ("hidden-state", {"window": 3, "step": 4, "theme": "dark", "lang": "hu"}),
    "tanh-vs-none": ("tanh-vs-none", {}),
    "tanh-vs-none-options": ("tanh-vs-none", {"factor": 0.5, "cells": 3, "values": "3, -2, 0.5, 1",
                                              "lang": "hu"}),
    "gradient-update": ("gradient-update", {}),
    "gradient-update-dark-hu-mse": ("gradient-update", {"theme": "dark", "lang": "hu", "lr": 0.01,
                                                        "loss": "mse", "target": "0, 0.5, 1"}),
    "vanishing-gradient": ("vanishing-gradient", {}),
    "vanishing-gradient-dark-hu": ("vanishing-gradient", {"theme": "dark", "lang": "hu",
                                                          "run": {"text": "What time is it? It is late."}}),
    "vanishing-gradient-memory": ("vanishing-gradient", {"run": {"model": "memory-lstm"}}),
    "lstm": ("lstm", {}),
    "lstm-dark-hu-step1": ("lstm", {"theme": "dark", "lang": "hu", "step": 1}),
    "lstm-forget": ("lstm-forget", {}),
    "lstm-input": ("lstm-input", {"decimals": 3}),
    "lstm-cell-state": ("lstm-cell-state", {"run": {"hidden": 5}, "show_units": 3}),
    "lstm-output": ("lstm-output", {"run": {"text": "What time is it?"}}),
    "lstm-output-projection": ("lstm-output", {"run": {"weights": PROJ_LSTM}}),
    # issue 6 and lstm-chain: the GRU, the unrolled chains
    "gru": ("gru", {}),
    "gru-cho-dark-hu-step2": ("gru", {"run": {"gru_variant": "cho", "hidden": 5}, "theme": "dark",
                                      "lang": "hu", "step": 2}),
    "gru-memory-what-if-cho": ("gru", {"run": {"model": "memory-gru", "gru_variant": "cho",
                                               "what_if": True}}),
    "lstm-chain": ("lstm-chain", {}),
    "lstm-chain-text-window2": ("lstm-chain", {"run": {"text": "What time is it?"}, "window": 2}),
    "gru-chain-cho-dark-hu": ("gru-chain", {"run": {"input": "0.1,0.5,1; 1.2,2.1,0; 0.4,1,2.1",
                                                    "gru_variant": "cho", "hidden": 4},
                                            "theme": "dark", "lang": "hu"}),
    "compare": ("compare", {}),
    "compare-text-dark-hu": ("compare", {"run": {"text": "What time is it? It is late.", "hidden": 5},
                                         "theme": "dark", "lang": "hu"}),
    "compare-long": ("compare", {"run": {"input": "; ".join(
        f"{(k % 7) / 3 - 1:.2f},{(k % 5) / 2 - 1:.2f},{k % 3 - 1}" for k in range(45)), "seed": 3}}),
    # issue 5: sigmoid, gates overview, pseudocode
    "sigmoid": ("sigmoid", {}),
    "sigmoid-step-gate-dark-hu": ("sigmoid", {"step": 2, "gate": "i", "theme": "dark", "lang": "hu"}),
    "gates-overview": ("gates-overview", {}),
    "gates-overview-cho-dark-hu": ("gates-overview", {"run": {"gru_variant": "cho"}, "theme": "dark",
                                                      "lang": "hu"}),
    "lstm-code": ("lstm-code", {}),
    "lstm-code-dark-hu-h0": ("lstm-code", {"theme": "dark", "lang": "hu", "step": 1,
                                          "run": {"h0": "0.5, -0.2, 0.1, 0, 0, 0"}}),
    # issue 16: the article's thesis, tested with the trained memory models
    "memory": ("memory", {}),
}

# Wide inputs for the readability check only (tests/test_readability.py, issue 17): the
# scenes that draw vectors, with a state of 8, 5 to 8 entries shown, 0 and 6 decimals,
# both languages and themes. No key frames are stored for these.
_WIDE = {
    "hu-6dec-8units": {"run": {"hidden": 8}, "show_units": 8, "decimals": 6, "lang": "hu"},
    "dark-0dec-5units": {"run": {"hidden": 8}, "show_units": 5, "decimals": 0, "theme": "dark"},
    "dark-hu-3dec-7units": {"run": {"hidden": 8}, "show_units": 7, "decimals": 3, "theme": "dark",
                            "lang": "hu"},
    "projector": {"style": "projector"},
    "projector-hu-8units": {"run": {"hidden": 8}, "show_units": 8, "lang": "hu", "style": "projector"},
}
_WIDE_SCENES = ("lstm", "gru", "lstm-forget", "lstm-code", "lstm-chain", "gru-chain", "sequence",
                "rnn-cell", "hidden-state")
WIDE_CASES = {f"{scene}-{name}": (scene, params) for scene in _WIDE_SCENES
              for name, params in _WIDE.items()
              if name != "dark-hu-3dec-7units" or scene in ("lstm", "gru", "sequence")}
# every other scene in the projector style too: its larger text must fit as well
WIDE_CASES.update({f"{scene}-projector": (scene, {"style": "projector"}) for scene in (
    "review", "tanh-vs-none", "gradient-update", "vanishing-gradient", "tanh", "sigmoid", "memory",
    "gates-overview", "lstm-input", "lstm-cell-state", "lstm-output", "compare")})
