"""Every scene: its id (what the CLI takes), cell, title (a key of the strings, so every
language has it: the scene's own title block and a deck's title slide read it), one-line
description, class, and the input it shows when the user gives none.

Classes are imported lazily, so `render.py list` does not pay for Manim's import. The
default input lives here, not in the scene, so the pipeline's pre-check traces exactly
what the scene will draw.
"""

from dataclasses import dataclass, field, replace
from importlib import import_module

from cells import RunOptions
from cells.demos import long_input, sequence_text

from scenes.parts.strings import STRINGS


@dataclass(frozen=True)
class SceneInfo:
    id: str
    cell: str
    title_key: str       # its title in every language: scenes/parts/strings.py
    description: str
    target: str          # "module:Class"
    default_input: dict = field(default_factory=dict)   # RunOptions fields used without an input

    @property
    def title(self) -> str:
        return self.title_in("en")

    def title_in(self, lang: str) -> str:
        return STRINGS[self.title_key][lang]

    def run_for(self, run: RunOptions) -> RunOptions:
        """The run the scene shows: the user's, or with this scene's default input."""
        return run if run.has_input or not self.default_input else replace(run, **self.default_input)

    def load(self):
        module, cls = self.target.split(":")
        return getattr(import_module(module), cls)


SCENES = {s.id: s for s in (
    SceneInfo("rnn-cell", "rnn", "title_rnn_cell",
              "h_{t-1} and x_t are concatenated, pass through tanh and leave as h_t, "
              "with the real numbers of one step.", "scenes.stories.rnn_cell:RNNCell"),
    SceneInfo("review", "rnn", "title_review",
              "A customer review on a card; every word fades except the kept phrases "
              "(--text, --keywords \"a|b|c\").", "scenes.stories.review:Review"),
    SceneInfo("sequence", "rnn", "title_sequence",
              "Words become their embedding vectors, then a row of cells reads them one by one "
              "with the real h_t (--window N slides).", "scenes.stories.sequence:Sequence",
              default_input={"text": "What time is it?"}),
    SceneInfo("hidden-state", "rnn", "title_hidden",
              "h_t leaves one cell and enters the next as h_{t-1}, with real values "
              "(two cells from --step, or --window N).", "scenes.stories.hidden_state:HiddenState"),
    SceneInfo("tanh-vs-none", "rnn", "title_tvn",
              "A vector through cells that multiply by 3 (--factor, --cells): without tanh it "
              "explodes, with tanh it stays in (-1, 1).", "scenes.stories.tanh_vs_none:TanhVsNone"),
    SceneInfo("gradient-update", "rnn", "title_gu",
              "new weight = weight - lr x gradient with a real recurrent weight (a W_hh entry) and "
              "its gradient from the first steps, then from the last step (--lr).",
              "scenes.stories.gradient_update:GradientUpdate"),
    SceneInfo("vanishing-gradient", "rnn", "title_vg",
              "|dL/dh_t| by back-propagation through time, on a log scale, for an RNN, then an "
              "LSTM and a GRU of the same size.", "scenes.stories.vanishing_gradient:VanishingGradient",
              default_input={"input": sequence_text(long_input())}),
    SceneInfo("tanh", "rnn", "title_tanh",
              "A vector travels along the tanh curve and leaves squished into (-1, 1).",
              "scenes.stories.tanh:TanhSquish"),
    SceneInfo("sigmoid", "lstm", "title_sigmoid",
              "A vector travels along the sigmoid curve into (0, 1); then multiplying by ~0 "
              "forgets, by ~1 keeps (--values, or --step with --gate i|f|o).",
              "scenes.stories.sigmoid:SigmoidSquish"),
    SceneInfo("gates-overview", "lstm", "title_gates_overview",
              "The LSTM and the GRU side by side (--gru-variant), each gate outlined and labelled, "
              "with the legend of the symbols.", "scenes.stories.gates_overview:GatesOverview"),
    SceneInfo("lstm-code", "lstm", "title_lstm_code",
              "The article's pseudocode beside the cell: the current line is highlighted with the "
              "operations it runs, and each variable's real value of step --step.",
              "scenes.stories.lstm_code:LSTMCode"),
    SceneInfo("lstm", "lstm", "title_lstm",
              "The whole LSTM step: forget, input, cell state and output gates with real values.",
              "scenes.stories.lstm:LSTMWalkthrough"),
    SceneInfo("lstm-forget", "lstm", "title_lstm_forget",
              "[h_{t-1}, x_t] goes into the first sigmoid; f_t waits under the cell-state x.",
              "scenes.stories.lstm_forget:LSTMForget"),
    SceneInfo("lstm-input", "lstm", "title_lstm_input",
              "The pair feeds the input sigmoid (i_t) and the tanh (C~_t); their product heads to the +.",
              "scenes.stories.lstm_input:LSTMInput"),
    SceneInfo("lstm-cell-state", "lstm", "title_lstm_cell_state",
              "C_t = f_t * C_{t-1} + i_t * C~_t with the real numbers.", "scenes.stories.lstm_cell_state:LSTMCellState"),
    SceneInfo("lstm-output", "lstm", "title_lstm_output",
              "o_t and tanh(C_t) give h_t; C_t leaves along the top, h_t along the bottom.",
              "scenes.stories.lstm_output:LSTMOutput"),
    SceneInfo("gru", "gru", "title_gru",
              "Reset gate, candidate, update gate and the new hidden state with real values; "
              "draws the computed variant (--gru-variant pytorch|cho).", "scenes.stories.gru:GRUScene"),
    SceneInfo("lstm-chain", "lstm", "title_lstm_chain",
              "A full cell between faded neighbours: each input rises into it, C_t and h_t go on "
              "to the next cell with real values, the chain slides (--window N cells, default 3).",
              "scenes.stories.lstm_chain:LSTMChain"),
    SceneInfo("gru-chain", "gru", "title_gru_chain",
              "Like lstm-chain for the GRU (h_t only), drawing the computed --gru-variant.",
              "scenes.stories.gru_chain:GRUChain"),
    SceneInfo("compare", "rnn", "title_compare",
              "The same input through an RNN, an LSTM and a GRU: hidden states as heat strips, the "
              "final states side by side, computed differences (--weights-rnn/-lstm/-gru).",
              "scenes.stories.compare:Compare"),
)}


def scene_info(scene_id: str) -> SceneInfo:
    from cells import InputError
    try:
        return SCENES[scene_id]
    except KeyError:
        raise InputError("SCENE", f"unknown scene {scene_id!r}; `render.py list` shows them") from None
