"""What a viewer must know about the numbers on screen, in words: which weights computed
them (a trained model, the user's file, or untrained seeded weights), which layer and
direction of the model is drawn, whether it is a what-if, the current step's position and
token, and the model's verdict where it has a readout.

A mixin of IllustratedScene: every number here goes through `num()` like any other.
"""

from pathlib import Path

from cells import zoo

NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
VARIANTS = {"pytorch": "PyTorch", "cho": "Cho"}
ACTIVATIONS = {"tanh": "tanh", "relu": "ReLU"}


def cell_name(cell: str, nonlinearity: str | None = None) -> str:
    """'LSTM', or 'RNN (ReLU)' for a ReLU RNN."""
    return NAMES[cell] + (" (ReLU)" if cell == "rnn" and nonlinearity == "relu" else "")


def probability_decimals(p: float, base: int, most: int = 6) -> int:
    """Decimals enough that a probability short of 1 (or above 0) does not read 1.00 (0.00)."""
    d = base
    while d < most and round(min(p, 1 - p), d) == 0:
        d += 1
    return d


class AboutRun:
    """Needs `self.trace`, `self.data`, `self.num`, `self.say`, `self.blocks`, `self.run_options`,
    and `self.about`, the list of the notes shown (the manifest's "about")."""

    # ---- the step ---------------------------------------------------------------------
    def pos(self, t: int) -> int:
        """Step index t's 1-based position in the input as given, for labels (x_5)."""
        return int(self.trace.step_positions[t])

    def prev_pos(self, t: int) -> int:
        """The position whose state step index t reads: one before it (one after, reversed)."""
        return self.pos(t) + (1 if self.trace.direction == "reverse" else -1)

    def step_no(self, t: int) -> str:
        """Step index t's position in the input as given (a reverse direction counts down)."""
        return self.num(["steps", t, "t"], "step", style="plain")

    def token(self, t: int) -> str | None:
        """The token of step index t, 'word → <unk>' where the model's vocabulary lacks it."""
        tr = self.trace
        if not tr.tokens:
            return None
        if tr.unknown and tr.unknown[t]:
            return f"{tr.tokens[t]} → {tr.unknown_token}"
        return tr.tokens[t]

    def word(self, t: int) -> str:
        """' (“not”)' after a step number, or nothing for an input without tokens."""
        tok = self.token(t)
        return self.say("chain_word", w=tok) if tok is not None else ""

    def step_title(self, t: int) -> str:
        """'step 4 (“not”)'."""
        return self.say("step", t=self.step_no(t)) + self.word(t)

    # ---- the weights ------------------------------------------------------------------
    def weights_note(self) -> str:
        """'trained review LSTM', 'your weights: model.pt' or 'untrained weights, seed 0', then
        'layer 2 of 3', the direction and a what-if where they apply."""
        tr, run = self.trace, self.run_options()
        name = cell_name(tr.cell, tr.nonlinearity)
        if tr.model:
            parts = [self.say(f"zoo_{zoo.card(tr.model)['task']}", cell=name)]
        elif run.weights:
            parts = [self.say("weights_yours", file=Path(run.weights).name)]
        else:
            self.blocks["run"] = {"seed": run.seed_value}
            parts = [self.say("weights_seeded", seed=self.num(["seed"], "seed", block="run",
                                                              style="plain"))]
        if tr.layers > 1:
            parts.append(self.say("layer_of", k=self.num(["layer"], "layer", style="plain"),
                                  n=self.num(["layers"], "layers", style="plain")))
        if tr.bidirectional or tr.direction != "forward":
            parts.append(self.say(f"direction_{tr.direction}"))
        for option, v in (tr.what_if or {}).items():
            names = VARIANTS if option == "gru-variant" else ACTIVATIONS
            parts.append(self.say(f"whatif_{option}", computed=names[v["computed"]],
                                  saved=names[v["saved"]]))
        return " · ".join(parts)

    # ---- the verdict ------------------------------------------------------------------
    def verdict(self) -> str | None:
        """'verdict: positive, P = 0.9996' from the readout (None without one)."""
        parts = self.verdict_parts()
        return None if parts is None else self.say("verdict", meaning=parts[0], p=parts[1])

    def verdict_parts(self, trace=None, block: str = "trace") -> tuple | None:
        """(what the prediction means, its probability as shown) of the readout of this
        scene's trace (or of `trace`, whose JSON is the data block `block`), or None."""
        trace = self.trace if trace is None else trace
        r = trace.readout
        if r is None:
            return None
        if trace.model:
            task = zoo.card(trace.model)["task"]
            meaning = self.say(f"label_{task}_{r['prediction']}")
        else:
            meaning = self.say("label_output", k=self.num(["readout", "prediction"], "prediction",
                                                          block, style="plain"))
        d = probability_decimals(r["probability"], self.params.decimals)
        p = self.num(["readout", "probability"], "probability", block,
                     decimals=None if d == self.params.decimals else d)
        return meaning, p

    def verdict_caption(self) -> str:
        """The section that ends a chain: the readout's verdict on the last hidden state."""
        meaning, p = self.verdict_parts()
        return self.say("cap_readout", h=f"h_{self.pos(self.trace.steps - 1)}", meaning=meaning, p=p)

    def run_note(self, t: int | None = None, verdict: bool = True) -> str:
        """One line: the step (when given), the weights and (unless not wanted) the verdict;
        kept for the manifest's "about"."""
        parts = ([self.step_title(t)] if t is not None else []) + [self.weights_note()]
        v = self.verdict() if verdict else None
        note = " · ".join(parts + ([v] if v else []))
        self.about.append(note)
        return note
