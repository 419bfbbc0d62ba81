"""Every scene: its id (what the CLI takes), cell, title (a key of the strings, so every
language has it: the scene's own title block and a deck's title slide read it), one-line
description, class, the input it shows when the user gives none, and which step it shows
when the user gives no --step.

Classes are imported lazily, so `render.py list` does not pay for Manim's import. The
default input lives here, not in the scene, so the pipeline's pre-check traces exactly
what the scene will draw.

The gated scenes show a trained model by default (`{"model": ...}`: cells/zoo.py), since
untrained gates decide nothing; the step they show is then the most decisive one
(cells.gates.decisive_step). That default is for the default input only: a user's own
input, or a choice of weights (--model, --weights, --seed, --hidden, --input-size) or of
a variant the model does not compute, keeps the seeded weights on the article's vectors.
"""

from dataclasses import dataclass, field, replace
from importlib import import_module

from cells import RunOptions, zoo
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
    default_step: str = "last"   # without --step: "last", or "decisive" for trained weights
    any_model: bool = False      # draws the cell of --model (review), or all three (compare)
    reader: str | None = None    # the trained model it always reads with when --model is not given

    @property
    def title(self) -> str:
        return self.title_in("en")

    def title_in(self, lang: str) -> str:
        return STRINGS[self.title_key][lang]

    def run_for(self, run: RunOptions) -> RunOptions:
        """The run the scene shows: the user's, or with this scene's default input (a trained
        model's only where the user chose no weights of their own; see the module doc)."""
        if self.reader and not run.model and not run.weights:
            run = replace(run, model=self.reader)
        if run.model and self.any_model:     # what the pre-check traces: the model named
            return replace(run, cell=zoo.card(run.model)["cell"])
        if run.has_input or not self.default_input or run.model:
            return run       # the user's input, or the default input of the user's --model
        model = self.default_input.get("model")
        if model and (run.picks_weights or run.gru_variant not in (None, zoo.card(model)["gru_variant"])):
            return run
        return replace(run, **self.default_input)

    def load(self):
        module, cls = self.target.split(":")
        return getattr(import_module(module), cls)


# The trained defaults: the article's cereal review (each review model's card input) in
# the one-step scenes, a short review with a negation and an unknown word in the chains.
REVIEW_LSTM, REVIEW_GRU = {"model": "review-lstm"}, {"model": "review-gru"}
SHORT_REVIEW = "Not bad at all!"
ONE_STEP = {"default_step": "decisive"}

SCENES = {s.id: s for s in (
    SceneInfo("rnn-cell", "rnn", "title_rnn_cell",
              "h_{t-1} and x_t are concatenated, pass through tanh and leave as h_t, "
              "with the real numbers of one step.", "scenes.stories.rnn_cell:RNNCell"),
    SceneInfo("review", "lstm", "title_review",
              "A customer review on a card; each word fades by how little it moves the trained "
              "review model's verdict (--text, --model; --keywords \"a|b|c\" keeps phrases by hand).",
              "scenes.stories.review:Review", any_model=True, reader="review-lstm"),
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
              default_input={"input": sequence_text(long_input())}, any_model=True),
    SceneInfo("tanh", "rnn", "title_tanh",
              "A vector travels along the tanh curve and leaves squished into (-1, 1).",
              "scenes.stories.tanh:TanhSquish"),
    SceneInfo("sigmoid", "lstm", "title_sigmoid",
              "A vector travels along the sigmoid curve into (0, 1); then multiplying by ~0 "
              "forgets, by ~1 keeps (--values, or --step with --gate i|f|o).",
              "scenes.stories.sigmoid:SigmoidSquish"),
    SceneInfo("memory", "lstm", "title_memory",
              "The article's thesis tested: the trained memory RNN, LSTM and GRU's held-out accuracy "
              "against the distance N, then one sequence with the LSTM's gates and cell state and the "
              "RNN's state, real values (--input: (value, marker) steps).",
              "scenes.stories.memory:Memory", reader="memory-lstm"),
    SceneInfo("gates-overview", "lstm", "title_gates_overview",
              "The LSTM and the GRU side by side (--gru-variant), each gate outlined and labelled, "
              "with the legend of the symbols.", "scenes.stories.gates_overview:GatesOverview"),
    SceneInfo("lstm-code", "lstm", "title_lstm_code",
              "The article's pseudocode beside the cell: the current line is highlighted with the "
              "operations it runs, and each variable's real value of step --step.",
              "scenes.stories.lstm_code:LSTMCode", REVIEW_LSTM, **ONE_STEP),
    SceneInfo("lstm", "lstm", "title_lstm",
              "The whole LSTM step: forget, input, cell state and output gates with real values.",
              "scenes.stories.lstm:LSTMWalkthrough", REVIEW_LSTM, **ONE_STEP),
    SceneInfo("lstm-forget", "lstm", "title_lstm_forget",
              "[h_{t-1}, x_t] goes into the first sigmoid; f_t waits under the cell-state x.",
              "scenes.stories.lstm_forget:LSTMForget", REVIEW_LSTM, **ONE_STEP),
    SceneInfo("lstm-input", "lstm", "title_lstm_input",
              "The pair feeds the input sigmoid (i_t) and the tanh (C~_t); their product heads to the +.",
              "scenes.stories.lstm_input:LSTMInput", REVIEW_LSTM, **ONE_STEP),
    SceneInfo("lstm-cell-state", "lstm", "title_lstm_cell_state",
              "C_t = f_t * C_{t-1} + i_t * C~_t with the real numbers.", "scenes.stories.lstm_cell_state:LSTMCellState",
              REVIEW_LSTM, **ONE_STEP),
    SceneInfo("lstm-output", "lstm", "title_lstm_output",
              "o_t and tanh(C_t) give h_t; C_t leaves along the top, h_t along the bottom.",
              "scenes.stories.lstm_output:LSTMOutput", REVIEW_LSTM, **ONE_STEP),
    SceneInfo("gru", "gru", "title_gru",
              "Reset gate, candidate, update gate and the new hidden state with real values; "
              "draws the computed variant (--gru-variant pytorch|cho).", "scenes.stories.gru:GRUScene", REVIEW_GRU, **ONE_STEP),
    SceneInfo("lstm-chain", "lstm", "title_lstm_chain",
              "A full cell between faded neighbours: each input rises into it, C_t and h_t go on "
              "to the next cell with real values, the chain slides (--window N cells, default 3).",
              "scenes.stories.lstm_chain:LSTMChain", {**REVIEW_LSTM, "text": SHORT_REVIEW}),
    SceneInfo("gru-chain", "gru", "title_gru_chain",
              "Like lstm-chain for the GRU (h_t only), drawing the computed --gru-variant.",
              "scenes.stories.gru_chain:GRUChain", {**REVIEW_GRU, "text": SHORT_REVIEW}),
    SceneInfo("compare", "rnn", "title_compare",
              "The same input through an RNN, an LSTM and a GRU: hidden states as heat strips, the "
              "final states side by side, computed differences (--weights-rnn/-lstm/-gru).",
              "scenes.stories.compare:Compare", any_model=True),
)}


def scene_info(scene_id: str) -> SceneInfo:
    from cells import InputError
    try:
        return SCENES[scene_id]
    except KeyError:
        raise InputError("SCENE", f"unknown scene {scene_id!r}; `render.py list` shows them") from None
