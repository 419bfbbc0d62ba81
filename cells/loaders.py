"""Loading a user's trained weights: PyTorch state_dicts and Keras arrays.

Formats: .npz (numpy, never unpickled), .safetensors (the safetensors numpy API) and
.pt/.pth (torch.load with weights_only=True, only when torch is installed). Names are
PyTorch's layer names (weight_ih_l0 ...) or cell names (weight_ih ...), or Keras's
kernel / recurrent_kernel / bias, which are converted to PyTorch's gate order.
"""

import pickle
import re
import warnings
import zipfile
from pathlib import Path

import numpy as np

from .errors import InputError, existing_file
from .spec import spec
from .weights import Weights, check_size

OPT = "--weights"
TORCH_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
KERAS_NAMES = ("kernel", "recurrent_kernel", "bias")


def read_tensors(path: str) -> dict:
    """name -> float64 array, from any supported file, without unsafe unpickling."""
    p = existing_file(path, OPT)
    kind = p.suffix.lower()
    if kind == ".npz":
        if not zipfile.is_zipfile(p):  # np.load would return a lone .npy array, or guess pickle
            raise InputError(OPT, f"{path} is not an .npz archive (what numpy.savez writes)")
        try:
            with np.load(p, allow_pickle=False) as z:
                raw = {k: z[k] for k in z.files}
        except ValueError as e:
            raise InputError(OPT, f"{path} holds objects that would need unpickling; "
                                  f"store plain arrays ({str(e).splitlines()[0]})") from None
        except (OSError, EOFError, zipfile.BadZipFile) as e:
            raise InputError(OPT, f"cannot read {path} as .npz: {e}") from None
    elif kind == ".safetensors":
        try:
            from safetensors.numpy import load_file
        except ImportError:
            raise InputError(OPT, "reading .safetensors needs the safetensors package "
                                  "(pip install 'illustrated-rnn[loaders]')") from None
        try:
            raw = load_file(str(p))
        except Exception as e:  # safetensors raises its own SafetensorError types
            raise InputError(OPT, f"cannot read {path} as .safetensors: "
                                  f"{str(e).splitlines()[0]}") from None
    elif kind in (".pt", ".pth"):
        raw = _read_torch(p)
    else:
        raise InputError(OPT, f"unknown file type {kind or '(none)'!r} for {path}; "
                              "use .npz, .safetensors, .pt or .pth")
    out = {}
    for k, v in raw.items():
        a = np.asarray(v)
        if not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
            raise InputError(OPT, f"tensor {k!r} in {path} holds {a.dtype}, not numbers")
        a = a.astype(np.float64)
        if not np.all(np.isfinite(a)):
            raise InputError(OPT, f"tensor {k!r} in {path} contains NaN or infinity")
        out[str(k).removesuffix(":0")] = a
    return out


def _read_torch(p: Path) -> dict:
    try:
        import torch
    except ImportError:
        raise InputError(OPT, f"reading {p.suffix} files needs PyTorch, which is not installed; "
                              "install torch or save the state_dict as .npz or .safetensors") from None
    try:
        with warnings.catch_warnings():  # e.g. "Detected pickle protocol 4": not for the user's stderr
            warnings.simplefilter("ignore")
            obj = torch.load(str(p), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as e:
        raise InputError(OPT, f"{p} is not a plain tensor dict; torch.load(weights_only=True) "
                              f"refused it ({_refusal(e)[:160]})") from None
    except Exception as e:  # torch raises RuntimeError/EOFError/... for damaged files
        raise InputError(OPT, f"cannot read {p}: {str(e).strip().splitlines()[0][:160]}") from None
    if not isinstance(obj, dict) or not all(isinstance(v, torch.Tensor) for v in obj.values()):
        raise InputError(OPT, f"{p} is not a plain tensor dict (a state_dict of name -> tensor)")
    return {k: v.detach().to(torch.float64).numpy() for k, v in obj.items()}


def _refusal(e: Exception) -> str:
    """The reason in torch's long weights_only message ('Unsupported global: ...')."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(e))  # torch puts terminal bold codes in it
    m = re.search(r"WeightsUnpickler error:\s*(.+)", text)
    paras = [q.strip() for q in re.split(r"\n\s*\n", text) if q.strip()]
    reason = m.group(1) if m else next(
        (q for q in paras if not q.startswith(("Weights only load failed", "Check the documentation"))),
        paras[0] if paras else "refused")
    return reason.splitlines()[0].split(". ")[0].strip().rstrip(".")


def _hidden_hint(a, G: int, axis: int):
    """The hidden size a present tensor implies (its gate axis in G blocks), for messages."""
    if a is None or a.ndim != 2 or a.shape[axis] % G:
        return None
    return a.shape[axis] // G


def _select(tensors: dict, prefix: str) -> dict:
    if not prefix:
        return tensors
    if not prefix.endswith((".", "/")):  # "encoder.rnn" means the tensors under "encoder.rnn."
        prefix += next((sep for sep in (".", "/") if any(k.startswith(prefix + sep) for k in tensors)), "")
    picked = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
    if not picked:
        raise InputError("--weights-prefix", f"no tensor name starts with {prefix!r}; "
                                             f"names are: {', '.join(sorted(tensors)[:8])}")
    return picked


def _guess_prefix(names) -> str | None:
    # only names a recurrent layer has (a Linear layer has a 'bias' too)
    for n in sorted(names):
        for base in ("weight_hh_l0", "weight_hh", "recurrent_kernel"):
            if n.endswith("." + base) or n.endswith("/" + base):
                return n[: len(n) - len(base)]
    return None


def load_weights(path: str, cell: str, prefix: str = "") -> tuple:
    """(Weights, keras_reset_after or None) from a file; sizes come from the tensors."""
    tensors = _select(read_tensors(path), prefix)
    names = set(tensors)
    if names & set(KERAS_NAMES) and not names & {n + s for n in TORCH_NAMES for s in ("", "_l0")}:
        return _from_keras(tensors, cell)
    return _from_torch(tensors, cell), None


def _from_torch(t: dict, cell: str) -> Weights:
    suffix = "_l0" if any(k.endswith("_l0") for k in t) else ""
    want = [n + suffix for n in TORCH_NAMES]
    extra = sorted(set(t) - set(want))
    if extra:
        guess = _guess_prefix(t)
        hint = f"; pick a sub-model with --weights-prefix {guess!r}" if guess else \
            "; only single-layer, one-directional cells are supported"
        raise InputError(OPT, f"unexpected tensor {extra[0]!r}{hint}")
    G = spec(cell).n_blocks
    if want[1] not in t:
        h = _hidden_hint(t.get(want[0]), G, 0)
        shape = f"({G * h}, {h})" if h else f"({G}*hidden, hidden)"
        raise InputError(OPT, f"missing tensor {want[1]!r} (expected shape {shape})")
    w_hh = t[want[1]]
    if w_hh.ndim != 2 or w_hh.shape[0] % G or w_hh.shape[0] // G != w_hh.shape[1]:
        raise InputError(OPT, f"tensor {want[1]!r} has shape {tuple(w_hh.shape)}; a {cell.upper()} "
                              f"needs ({G}*H, H) = ({G}*hidden, hidden)")
    H = check_size(OPT, w_hh.shape[1])
    if want[0] not in t:
        raise InputError(OPT, f"missing tensor {want[0]!r} (expected shape ({G * H}, input_size))")
    w_ih = t[want[0]]
    if w_ih.ndim != 2 or w_ih.shape[0] != G * H:
        raise InputError(OPT, f"tensor {want[0]!r} has shape {tuple(w_ih.shape)}; expected "
                              f"({G * H}, input_size)")
    check_size(OPT, w_ih.shape[1])
    biases = []
    has = [n in t for n in want[2:]]
    for name, present in zip(want[2:], has):
        if not present:
            if any(has):
                raise InputError(OPT, f"missing tensor {name!r} (expected shape ({G * H},))")
            biases.append(np.zeros(G * H))  # bias=False model: both biases absent
            continue
        b = t[name]
        if b.shape != (G * H,):
            raise InputError(OPT, f"tensor {name!r} has shape {tuple(b.shape)}; expected ({G * H},)")
        biases.append(b)
    return Weights(cell, w_ih, w_hh, biases[0], biases[1])


KERAS_ORDER = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("z", "r", "n")}


def _from_keras(t: dict, cell: str) -> tuple:
    extra = sorted(set(t) - set(KERAS_NAMES))
    if extra:
        raise InputError(OPT, f"unexpected tensor {extra[0]!r} beside Keras's kernel, "
                              "recurrent_kernel and bias; use --weights-prefix")
    G = spec(cell).n_blocks
    if "recurrent_kernel" not in t:
        h = _hidden_hint(t.get("kernel"), G, 1)
        shape = f"({h}, {G * h})" if h else f"(hidden, {G}*hidden)"
        raise InputError(OPT, f"missing tensor 'recurrent_kernel' (Keras layout, expected shape {shape})")
    rk = t["recurrent_kernel"]
    if rk.ndim != 2 or rk.shape[1] % G or rk.shape[1] // G != rk.shape[0]:
        raise InputError(OPT, f"tensor 'recurrent_kernel' has shape {tuple(rk.shape)}; a Keras "
                              f"{cell.upper()} needs (H, {G}*H)")
    H = check_size(OPT, rk.shape[0])
    bias_shape = f"({G * H},) or (2, {G * H})" if cell == "gru" else f"({G * H},)"
    if "kernel" not in t:
        raise InputError(OPT, f"missing tensor 'kernel' (Keras layout, expected shape (input_size, {G * H}))")
    k = t["kernel"]
    no_bias = "bias" not in t           # a layer made with use_bias=False keeps none
    b = np.zeros(G * H) if no_bias else t["bias"]
    if k.ndim != 2 or k.shape[1] != G * H:
        raise InputError(OPT, f"tensor 'kernel' has shape {tuple(k.shape)}; expected (input_size, {G * H})")
    check_size(OPT, k.shape[0])
    reset_after = None
    if b.shape == (G * H,):
        b_ih, b_hh = b, np.zeros(G * H)
        if cell == "gru" and not no_bias:     # without a bias, reset_after leaves no trace
            reset_after = False
    elif cell == "gru" and b.shape == (2, G * H):
        b_ih, b_hh = b[0], b[1]
        reset_after = True
    else:
        raise InputError(OPT, f"tensor 'bias' has shape {tuple(b.shape)}; expected {bias_shape}")
    order = [KERAS_ORDER[cell].index(g) for g in spec(cell).gates]

    def regroup(a):  # columns in Keras's gate order -> rows in PyTorch's
        return np.concatenate([a[..., j * H:(j + 1) * H] for j in order], axis=-1)

    w = Weights(cell, regroup(k).T.copy(), regroup(rk).T.copy(), regroup(b_ih), regroup(b_hh))
    return w, reset_after
