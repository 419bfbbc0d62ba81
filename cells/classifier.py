"""The example models: an optional embedding, one recurrent layer, a Linear readout on h_T.

As a PyTorch module each is
    embedding = nn.Embedding(V, E)      # text models only
    rnn = nn.LSTM(E, H)                 # or nn.GRU / nn.RNN, one layer
    readout = nn.Linear(H, 1)           # P(label 1) = sigmoid(readout(h_T))
and `state_dict()` uses exactly that module's names, so a saved file loads into it with
`load_state_dict` and into this project with `--weights FILE --weights-prefix rnn`.
"""

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .forward import run
from .loaders import load_stack
from .tensor_files import read_tensor_file
from .trace import Trace
from .weights import Weights, init_weights

PREFIX = "rnn"      # the recurrent layer's attribute name: its tensors are rnn.weight_ih_l0 ...


@dataclass
class Classifier:
    weights: Weights
    readout_weight: np.ndarray            # (1, H)
    readout_bias: np.ndarray              # (1,)
    embedding: np.ndarray | None = None   # (V, E): row k is token k's vector
    variant: str | None = None            # GRU: "pytorch" (nn.GRU's)

    @classmethod
    def init(cls, cell: str, input_size: int, hidden: int, seed: int,
             vocab_size: int | None = None) -> "Classifier":
        """PyTorch's default initialisation of the three modules, seeded."""
        rng = np.random.default_rng([seed, 1])      # the cell has its own stream (init_weights)
        k = 1.0 / np.sqrt(hidden)
        emb = None if vocab_size is None else rng.standard_normal((vocab_size, input_size))
        return cls(init_weights(cell, input_size, hidden, seed), rng.uniform(-k, k, (1, hidden)),
                   rng.uniform(-k, k, 1), emb, "pytorch" if cell == "gru" else None)

    def inputs(self, seq) -> np.ndarray:
        """The cell's input: embedding rows for token ids (T or T x B), else the sequence itself."""
        if self.embedding is None:
            return np.asarray(seq, dtype=np.float64)
        return self.embedding[np.asarray(seq)]

    def logit(self, h_T: np.ndarray):
        """readout(h_T) for one final state (H,) or a batch (B, H)."""
        return h_T @ self.readout_weight[0] + self.readout_bias[0]

    def trace(self, seq, tokens: list | None = None) -> Trace:
        """The cell's trace on token ids or a (T, I) sequence."""
        return self.trace_vectors(self.inputs(seq), tokens)

    def trace_vectors(self, x: np.ndarray, tokens: list | None = None) -> Trace:
        """The cell's trace on its input vectors themselves (embedded words, perturbed or not)."""
        return run(self.weights, x, variant=self.variant, tokens=tokens)

    def probability(self, seq) -> float:
        """P(label 1) for one sequence (token ids or a (T, I) array)."""
        return float(sigmoid(self.logit(self.trace(seq).h[-1])))

    def state_dict(self) -> dict:
        """The parameters under the PyTorch module's names (the live arrays, not copies)."""
        out = {} if self.embedding is None else {"embedding.weight": self.embedding}
        out.update({f"{PREFIX}.{k}": v for k, v in self.weights.state_dict().items()})
        out.update({"readout.weight": self.readout_weight, "readout.bias": self.readout_bias})
        return out

    def save(self, path) -> None:
        """As float32 .safetensors, PyTorch's usual dtype (the values are then exactly those)."""
        from safetensors.numpy import save_file
        save_file({k: v.astype(np.float32) for k, v in self.state_dict().items()}, str(path))

    def rounded(self) -> "Classifier":
        """The model as save() stores it: every value rounded to float32, held as float64."""
        r = lambda a: None if a is None else a.astype(np.float32).astype(np.float64)  # noqa: E731
        w = self.weights
        return Classifier(Weights(w.cell, r(w.w_ih), r(w.w_hh), r(w.b_ih), r(w.b_hh)),
                          r(self.readout_weight), r(self.readout_bias), r(self.embedding),
                          self.variant)

    @classmethod
    def load(cls, path, cell: str) -> "Classifier":
        tf = read_tensor_file(str(path))
        weights = load_stack(tf, cell, PREFIX).layers[0]["forward"]
        embedding = tf.get("embedding.weight") if "embedding.weight" in tf.shapes else None
        return cls(weights, tf.get("readout.weight"), tf.get("readout.bias"), embedding,
                   "pytorch" if cell == "gru" else None)
