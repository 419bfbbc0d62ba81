"""The example models as PyTorch modules (the oracle of tests/test_zoo.py and test_training.py).

The module the model cards describe: `embedding` (text models), `rnn`, `readout`; a
shipped file must load into it with load_state_dict(strict=True). Needs torch.
"""

import numpy as np
import torch

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


class TorchClassifier(torch.nn.Module):
    def __init__(self, cell: str, input_size: int, hidden: int, vocab_size: int | None = None):
        super().__init__()
        if vocab_size is not None:
            self.embedding = torch.nn.Embedding(vocab_size, input_size, dtype=torch.float64)
        self.rnn = MODULES[cell](input_size, hidden, dtype=torch.float64)
        self.readout = torch.nn.Linear(hidden, 1, dtype=torch.float64)

    def states(self, seq):
        """Every h_t (and the LSTM's c_t), stepping the module one step at a time."""
        x = self.embedding(seq) if hasattr(self, "embedding") else seq
        hs, cs, state = [], [], None
        for t in range(x.shape[0]):
            out, state = self.rnn(x[t:t + 1], state)
            hs.append(out[0])
            if isinstance(state, tuple):
                cs.append(state[1][0])
        return torch.stack(hs), (torch.stack(cs) if cs else None)

    def forward(self, seq):
        """The logit readout(h_T) of (T, B) token ids or (T, B, I) vectors."""
        x = self.embedding(seq) if hasattr(self, "embedding") else seq
        out, _ = self.rnn(x)
        return self.readout(out[-1])[..., 0]

    @classmethod
    def of(cls, model) -> "TorchClassifier":
        """The torch module holding a cells.classifier.Classifier's parameters (strict names)."""
        w = model.weights
        vocab = None if model.embedding is None else model.embedding.shape[0]
        net = cls(w.cell, w.input_size, w.hidden_size, vocab)
        net.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in model.state_dict().items()})
        return net
