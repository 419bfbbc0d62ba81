"""The scene renders the suite checks: each is rendered once (no video) and shared by
the manifest test and the key-frame regression test. Add a case per scene and variant."""

CASES = {
    "rnn-cell": ("rnn-cell", {}),
    "rnn-cell-dark-hu": ("rnn-cell", {"theme": "dark", "lang": "hu", "step": 2}),
    "tanh": ("tanh", {}),
    "tanh-step": ("tanh", {"step": 3, "lang": "hu"}),
}
