"""The whole LSTM step (article items 11-14 in one walkthrough): forget, input, cell
state and output gates with real values."""

from scenes.engines.lstm_steps import LSTMScene


class LSTMWalkthrough(LSTMScene):
    scene_id = "lstm"
