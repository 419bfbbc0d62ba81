"""The scene renders the suite checks: each is rendered once (no video) and shared by
the manifest test and the key-frame regression test. Add a case per scene and variant."""

CASES = {
    "rnn-cell": ("rnn-cell", {}),
    "rnn-cell-dark-hu": ("rnn-cell", {"theme": "dark", "lang": "hu", "step": 2}),
    "tanh": ("tanh", {}),
    "tanh-step": ("tanh", {"step": 3, "lang": "hu"}),
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
}
