"""Every scene: its id (what the CLI takes), cell, title, one-line description and the
input it shows when the user gives none.

Classes are imported lazily, so `render.py list` does not pay for Manim's import. The
default input lives here, not in the scene, so the pipeline's pre-check traces exactly
what the scene will draw.
"""

from dataclasses import dataclass, field, replace
from importlib import import_module

from cells import RunOptions
from cells.demos import long_input, sequence_text


@dataclass(frozen=True)
class SceneInfo:
    id: str
    cell: str
    title: str
    description: str
    target: str          # "module:Class"
    default_input: dict = field(default_factory=dict)   # RunOptions fields used without an input
    title_key: str = ""  # the strings.py key of the title in every language (decks, handouts)

    def run_for(self, run: RunOptions) -> RunOptions:
        """The run the scene shows: the user's, or with this scene's default input."""
        return run if run.has_input or not self.default_input else replace(run, **self.default_input)

    def title_in(self, lang: str) -> str:
        """The title in `lang`, from the strings; the registry's own title when it has no key."""
        if not self.title_key:
            return self.title
        from scenes.parts.strings import say
        return say(self.title_key, lang)

    def load(self):
        module, cls = self.target.split(":")
        return getattr(import_module(module), cls)


SCENES = {s.id: s for s in (
    SceneInfo("rnn-cell", "rnn", "RNN Cell",
              "h_{t-1} and x_t are concatenated, pass through tanh and leave as h_t, "
              "with the real numbers of one step.", "scenes.stories.rnn_cell:RNNCell",
              title_key="title_rnn_cell"),
    SceneInfo("review", "rnn", "Intuition: what a reader remembers",
              "A customer review on a card; every word fades except the kept phrases "
              "(--text, --keywords \"a|b|c\").", "scenes.stories.review:Review",
              title_key="title_review"),
    SceneInfo("sequence", "rnn", "Processing sequence one by one",
              "Words become their embedding vectors, then a row of cells reads them one by one "
              "with the real h_t (--window N slides).", "scenes.stories.sequence:Sequence",
              default_input={"text": "What time is it?"},
              title_key="title_sequence"),
    SceneInfo("hidden-state", "rnn", "Passing hidden state to next time step",
              "h_t leaves one cell and enters the next as h_{t-1}, with real values "
              "(two cells from --step, or --window N).", "scenes.stories.sequence:HiddenState",
              title_key="title_hidden"),
    SceneInfo("tanh-vs-none", "rnn", "Vector transformations without and with tanh",
              "A vector through cells that multiply by 3 (--factor, --cells): without tanh it "
              "explodes, with tanh it stays in (-1, 1).", "scenes.stories.tanh_vs_none:TanhVsNone",
              title_key="title_tvn"),
    SceneInfo("gradient-update", "rnn", "Gradient update rule",
              "new weight = weight - lr x gradient with a real recurrent weight (a W_hh entry) and "
              "its gradient from the first steps, then from the last step (--lr).",
              "scenes.stories.gradients:GradientUpdate",
              title_key="title_gu"),
    SceneInfo("vanishing-gradient", "rnn", "Vanishing gradient",
              "|dL/dh_t| by back-propagation through time, on a log scale, for an RNN, then an "
              "LSTM and a GRU of the same size.", "scenes.stories.gradients:VanishingGradient",
              default_input={"input": sequence_text(long_input())},
              title_key="title_vg"),
    SceneInfo("tanh", "rnn", "Tanh squishes values between -1 and 1",
              "A vector travels along the tanh curve and leaves squished into (-1, 1).",
              "scenes.stories.activation:TanhSquish",
              title_key="title_tanh"),
    SceneInfo("sigmoid", "lstm", "Sigmoid squishes values between 0 and 1",
              "A vector travels along the sigmoid curve into (0, 1); then multiplying by ~0 "
              "forgets, by ~1 keeps (--values, or --step with --gate i|f|o).",
              "scenes.stories.activation:SigmoidSquish",
              title_key="title_sigmoid"),
    SceneInfo("gates-overview", "lstm", "LSTM and GRU gates",
              "The LSTM and the GRU side by side (--gru-variant), each gate outlined and labelled, "
              "with the legend of the symbols.", "scenes.stories.gates_overview:GatesOverview",
              title_key="title_gates_overview"),
    SceneInfo("lstm-code", "lstm", "LSTM in pseudocode",
              "The article's pseudocode beside the cell: the current line is highlighted with the "
              "operations it runs, and each variable's real value of step --step.",
              "scenes.stories.lstm_code:LSTMCode",
              title_key="title_lstm_code"),
    SceneInfo("lstm", "lstm", "LSTM, one step",
              "The whole LSTM step: forget, input, cell state and output gates with real values.",
              "scenes.stories.lstm:LSTMWalkthrough",
              title_key="title_lstm"),
    SceneInfo("lstm-forget", "lstm", "Forget gate",
              "[h_{t-1}, x_t] goes into the first sigmoid; f_t waits under the cell-state x.",
              "scenes.stories.lstm:LSTMForget",
              title_key="title_lstm_forget"),
    SceneInfo("lstm-input", "lstm", "Input gate",
              "The pair feeds the input sigmoid (i_t) and the tanh (C~_t); their product heads to the +.",
              "scenes.stories.lstm:LSTMInput",
              title_key="title_lstm_input"),
    SceneInfo("lstm-cell-state", "lstm", "Cell state",
              "C_t = f_t * C_{t-1} + i_t * C~_t with the real numbers.", "scenes.stories.lstm:LSTMCellState",
              title_key="title_lstm_cell_state"),
    SceneInfo("lstm-output", "lstm", "Output gate",
              "o_t and tanh(C_t) give h_t; C_t leaves along the top, h_t along the bottom.",
              "scenes.stories.lstm:LSTMOutput",
              title_key="title_lstm_output"),
    SceneInfo("gru", "gru", "GRU, one step",
              "Reset gate, candidate, update gate and the new hidden state with real values; "
              "draws the computed variant (--gru-variant pytorch|cho).", "scenes.stories.gru:GRUScene",
              title_key="title_gru"),
    SceneInfo("lstm-chain", "lstm", "The LSTM unrolled over the sequence",
              "A full cell between faded neighbours: each input rises into it, C_t and h_t go on "
              "to the next cell with real values, the chain slides (--window N cells, default 3).",
              "scenes.stories.chain:LSTMChain",
              title_key="title_lstm_chain"),
    SceneInfo("gru-chain", "gru", "The GRU unrolled over the sequence",
              "Like lstm-chain for the GRU (h_t only), drawing the computed --gru-variant.",
              "scenes.stories.chain:GRUChain",
              title_key="title_gru_chain"),
    SceneInfo("compare", "rnn", "RNN vs LSTM vs GRU",
              "The same input through an RNN, an LSTM and a GRU: hidden states as heat strips, the "
              "final states side by side, computed differences (--weights-rnn/-lstm/-gru).",
              "scenes.stories.compare:Compare",
              title_key="title_compare"),
)}


def scene_info(scene_id: str) -> SceneInfo:
    from cells import InputError
    try:
        return SCENES[scene_id]
    except KeyError:
        raise InputError("SCENE", f"unknown scene {scene_id!r}; `render.py list` shows them") from None
