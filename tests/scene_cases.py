"""The scene renders the suite checks: each is rendered once (no video) and shared by
the manifest test and the key-frame regression test. Add a case per scene and variant."""

CASES = {
    "rnn-cell": ("rnn-cell", {}),
    "rnn-cell-dark-hu": ("rnn-cell", {"theme": "dark", "lang": "hu", "step": 2}),
    "tanh": ("tanh", {}),
    "tanh-step": ("tanh", {"step": 3, "lang": "hu"}),
    # the RNN part of the article (issue 4)
    "review": ("review", {}),
    "review-dark-hu": ("review", {"theme": "dark", "lang": "hu"}),
    "review-custom": ("review", {"run": {"text": "The battery died after two days, but the "
                                                 "screen is gorgeous and support replaced it fast."},
                                 "keywords": "battery died|screen is gorgeous|replaced it fast"}),
    "sequence": ("sequence", {}),
    "sequence-window-dark-hu": ("sequence", {"window": 3, "theme": "dark", "lang": "hu"}),
    "sequence-input": ("sequence", {"run": {"input": "0.1,0.5,1; 1.2,2.1,0; 0.4,1,2.1"}, "decimals": 1}),
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
    "lstm": ("lstm", {}),
    "lstm-dark-hu-step1": ("lstm", {"theme": "dark", "lang": "hu", "step": 1}),
    "lstm-forget": ("lstm-forget", {}),
    "lstm-input": ("lstm-input", {"decimals": 3}),
    "lstm-cell-state": ("lstm-cell-state", {"run": {"hidden": 5}, "show_units": 3}),
    "lstm-output": ("lstm-output", {"run": {"text": "What time is it?"}}),
    # issue 5: sigmoid, gates overview, pseudocode
    "sigmoid": ("sigmoid", {}),
    "sigmoid-step-gate-dark-hu": ("sigmoid", {"step": 2, "gate": "i", "theme": "dark", "lang": "hu"}),
    "gates-overview": ("gates-overview", {}),
    "gates-overview-cho-dark-hu": ("gates-overview", {"run": {"gru_variant": "cho"}, "theme": "dark",
                                                      "lang": "hu"}),
    "lstm-code": ("lstm-code", {}),
    "lstm-code-dark-hu-h0": ("lstm-code", {"theme": "dark", "lang": "hu", "step": 1,
                                          "run": {"h0": "0.5, -0.2, 0.1"}}),
}
