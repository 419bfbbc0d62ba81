"""The model's own verdict: a Linear readout on the final hidden state (--readout fc.).

PyTorch's nn.Linear stores weight (K, in) and bias (K,); Keras's Dense kernel (in, K) and
bias. One output is read through a sigmoid, more through a softmax, unless
--readout-activation says otherwise (several independent sigmoids: multi-label).
"""

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .errors import InputError
from .loaders import select
from .tensor_files import TensorFile

OPT = "--readout"
ACTIVATIONS = ("sigmoid", "softmax")


@dataclass
class Readout:
    name: str
    weight: np.ndarray          # (K, in)
    bias: np.ndarray            # (K,)
    activation: str

    def predict(self, h: np.ndarray) -> dict:
        """Logits, probabilities, the predicted output and its probability, as JSON values."""
        logits = self.weight @ h + self.bias
        if self.activation == "softmax":
            e = np.exp(logits - logits.max())
            p = e / e.sum()
        else:
            p = sigmoid(logits)
        if len(p) == 1 and self.activation == "sigmoid":
            k = int(p[0] >= 0.5)             # class 1 when its probability is at least 0.5
            prob = float(p[0] if k else 1.0 - p[0])
        else:
            k = int(np.argmax(p))
            prob = float(p[k])
        return {"name": self.name, "activation": self.activation, "logits": logits.tolist(),
                "probabilities": p.tolist(), "prediction": k, "probability": prob}


def load_readout(tf: TensorFile, prefix: str, in_size: int, activation: str | None) -> Readout:
    found = select(tf.shapes, prefix, OPT)
    names = {k[len(found):]: k for k in tf.shapes if k.startswith(found)}
    if "weight" in names:
        w = tf.get(names["weight"])
    elif "kernel" in names:                  # Keras's Dense
        w = tf.get(names["kernel"]).T
    else:
        raise InputError(OPT, f"no Linear layer under {found!r}: expected {found}weight (PyTorch) "
                              f"or {found}kernel (Keras); found {', '.join(sorted(names)[:6])}")
    if w.ndim != 2 or w.shape[1] != in_size:
        raise InputError(OPT, f"the layer under {found!r} has shape {w.shape}; it must read the "
                              f"{in_size} values of the final hidden state")
    bias = tf.get(names["bias"]) if "bias" in names else np.zeros(w.shape[0])
    if bias.shape != (w.shape[0],):
        raise InputError(OPT, f"{found}bias has shape {bias.shape}; expected ({w.shape[0]},)")
    if activation is not None and activation not in ACTIVATIONS:
        raise InputError("--readout-activation", f"unknown activation {activation!r}; choose one of "
                                                 f"{', '.join(ACTIVATIONS)}")
    return Readout(found, w, bias, activation or ("sigmoid" if w.shape[0] == 1 else "softmax"))
