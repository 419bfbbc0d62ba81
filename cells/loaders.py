"""From the tensors of a file to the layers of a recurrent model, in PyTorch's layout.

PyTorch names: `weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}` per
stacked layer k (0-based in the file, `--layer k+1` here), `_reverse` for the second
direction of a bidirectional model, `weight_hr_l{k}` for an LSTM's projection; cells
(nn.LSTMCell ...) use `weight_ih ...` without a suffix. Keras names: kernel /
recurrent_kernel / bias, converted to PyTorch's gate order (cells/layouts.py).

A stack is a list of layers, each a dict direction -> Weights. The facts a file knows
about its model besides the arrays (a GRU's variant, a SimpleRNN's activation) come along.
"""

import re
from dataclasses import dataclass

import numpy as np

from .errors import InputError
from .layouts import TORCH_BASES, KerasOrigin, TorchOrigin, keras_to_torch
from .spec import spec
from .tensor_files import TensorFile
from .weights import Weights, check_size

OPT = "--weights"
KERAS_NAMES = ("kernel", "recurrent_kernel", "bias")
TORCH_NAME = re.compile(r"^(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)(?:_l(\d+))?(_reverse)?$")
KERAS_ACTIVATIONS = {"rnn": ("tanh", "relu"), "lstm": ("tanh",), "gru": ("tanh",)}
KERAS_CLASSES = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


@dataclass
class Stack:
    layers: list                    # [{direction: Weights}], bottom first
    variant: str | None = None      # the GRU variant the file's weights compute, if it says
    nonlinearity: str | None = None  # the RNN's activation, if the file says (Keras config)
    keras_name: str | None = None   # the Keras layer these came from


def select(names, prefix: str, option: str = "--weights-prefix") -> str:
    """The prefix as the tensors spell it ('encoder.rnn' means 'encoder.rnn.')."""
    if not prefix or prefix.endswith((".", "/")):
        found = prefix
    else:
        found = prefix + next((sep for sep in (".", "/") if any(k.startswith(prefix + sep) for k in names)), "")
    if not any(k.startswith(found) for k in names):
        raise InputError(option, f"no tensor name starts with {prefix!r}; names are: "
                                 f"{', '.join(sorted(names)[:8])}")
    return found


def guess_prefix(names) -> str | None:
    # only names a recurrent layer has (a Linear layer has a 'bias' too)
    for n in sorted(names):
        for base in ("weight_hh_l0", "weight_hh", "recurrent_kernel"):
            if n.endswith("." + base) or n.endswith("/" + base):
                return n[: len(n) - len(base)]
    return None


def load_stack(tf: TensorFile, cell: str, prefix: str = "") -> Stack:
    """The recurrent layers under `prefix` in a file, checked against `cell`."""
    spec(cell)
    if set(tf.shapes) == {""}:
        raise InputError(OPT, f"{tf.path} holds one tensor, not a state_dict (name -> tensor)")
    if tf.keras_layers:
        return _keras_layer(tf, cell, prefix)
    found = select(tf.shapes, prefix)
    names = {k[len(found):]: k for k in tf.shapes if k.startswith(found)}
    if names.keys() & set(KERAS_NAMES) and not any(TORCH_NAME.match(n) for n in names):
        w, variant = keras_weights(tf, names, cell)
        return Stack([{"forward": w}], variant=variant)
    return Stack(_torch_layers(tf, names, cell, prefix), variant="pytorch" if cell == "gru" else None)


def _unexpected(tf: TensorFile, name: str, why: str) -> InputError:
    guess = guess_prefix(tf.shapes)
    if tf.nested and guess is not None:
        return InputError(OPT, f"{tf.path} is a checkpoint (top-level keys: "
                               f"{', '.join(map(repr, tf.top_keys))}); pick its recurrent layer "
                               f"with --weights-prefix {guess!r}")
    if guess:
        return InputError(OPT, f"unexpected tensor {name!r}; pick a sub-model with "
                               f"--weights-prefix {guess!r}")
    where = f" (top-level keys: {', '.join(map(repr, tf.top_keys))})" if tf.nested else ""
    return InputError(OPT, f"unexpected tensor {name!r}{where}; {why}")


def _torch_layers(tf: TensorFile, names: dict, cell: str, prefix: str) -> list:
    groups = {}                              # (layer or None, reverse) -> {base: full name}
    for short, full in names.items():
        m = TORCH_NAME.match(short)
        if not m:
            raise _unexpected(tf, full, "a recurrent layer has only weight_ih/weight_hh/bias_ih/"
                                        "bias_hh (and weight_hr with a projection)")
        groups.setdefault((None if m[2] is None else int(m[2]), bool(m[3])), {})[m[1]] = full
    if any(k is None for k, _ in groups) and any(k is not None for k, _ in groups):
        raise _unexpected(tf, next(full for s, full in names.items() if "_l" not in s),
                          "cell names (weight_ih) and layer names (weight_ih_l0) are mixed")
    count = 1 if (None, False) in groups else max(k for k, _ in groups) + 1
    reverse = any(r for _, r in groups)
    layers, below = [], None
    for k in range(count):
        layer = {}
        for direction in ("forward", "reverse") if reverse else ("forward",):
            suffix = "" if count == 1 and (None, False) in groups else \
                f"_l{k}" + ("_reverse" if direction == "reverse" else "")
            key = (None if suffix == "" else k, direction == "reverse")
            layer[direction] = _torch_weights(tf, groups.get(key, {}), cell, suffix, prefix)
        width = next(iter(layer.values())).input_size
        if below is not None and width != below:
            raise InputError(OPT, f"layer {k + 1} takes {width} inputs but layer {k} gives "
                                  f"{below}; is every layer of {prefix or 'the file'} one model?")
        below = sum(w.output_size for w in layer.values())
        layers.append(layer)
    return layers


def _torch_weights(tf: TensorFile, have: dict, cell: str, suffix: str, prefix: str) -> Weights:
    found = prefix if not prefix or prefix.endswith((".", "/")) else prefix + "."
    want = {b: f"{b}{suffix}" for b in TORCH_BASES.values()}
    G = spec(cell).n_blocks
    full = lambda b: have.get(b, found + want[b])  # noqa: E731
    beside = f" beside {sorted(have.values())[0]!r}" if have else ""
    shape = lambda b: tf.shapes[have[b]]  # noqa: E731
    if "weight_hr" in have and cell != "lstm":
        raise InputError(OPT, f"tensor {have['weight_hr']!r} is an LSTM's projection; run the lstm cell")
    if "weight_hh" not in have:
        s = tf.shapes.get(have.get("weight_ih"))
        h = s[0] // G if s and len(s) == 2 and s[0] % G == 0 else None
        expect = f"({G * h}, {h})" if h else f"({G}*hidden, hidden)"
        raise InputError(OPT, f"missing tensor {want['weight_hh']!r}{beside} (expected shape {expect})")
    hh = shape("weight_hh")
    proj = shape("weight_hr") if "weight_hr" in have else None
    if len(hh) != 2 or hh[0] % G or (proj is None and hh[0] // G != hh[1]):
        raise InputError(OPT, f"tensor {full('weight_hh')!r} has shape {hh}; a {cell.upper()} "
                              f"needs ({G}*H, H) = ({G}*hidden, hidden)")
    H = check_size(OPT, hh[0] // G)
    if proj is not None and proj != (hh[1], H):
        raise InputError(OPT, f"tensor {full('weight_hr')!r} has shape {proj}; with "
                              f"{full('weight_hh')!r} of shape {hh} it must be ({hh[1]}, {H})")
    if "weight_ih" not in have:
        raise InputError(OPT, f"missing tensor {want['weight_ih']!r}{beside} (expected shape "
                              f"({G * H}, input_size))")
    ih = shape("weight_ih")
    if len(ih) != 2 or ih[0] != G * H:
        raise InputError(OPT, f"tensor {full('weight_ih')!r} has shape {ih}; expected ({G * H}, input_size)")
    check_size(OPT, ih[1])
    biases = []
    for b in ("bias_ih", "bias_hh"):
        if b not in have:
            if {"bias_ih", "bias_hh"} & have.keys():
                raise InputError(OPT, f"missing tensor {want[b]!r}{beside} (expected shape ({G * H},))")
            biases.append(np.zeros(G * H))  # bias=False model: both biases absent
            continue
        if shape(b) != (G * H,):
            raise InputError(OPT, f"tensor {full(b)!r} has shape {shape(b)}; expected ({G * H},)")
        biases.append(tf.get(have[b]))
    attr = {v: k for k, v in TORCH_BASES.items()}
    origin = TorchOrigin({attr[b]: n for b, n in have.items()})
    return Weights(cell, tf.get(have["weight_ih"]), tf.get(have["weight_hh"]), biases[0], biases[1],
                   tf.get(have["weight_hr"]) if proj is not None else None, origin=origin)


def _hidden_hint(shape, G: int, axis: int):
    """The hidden size a present tensor implies (its gate axis in G blocks), for messages."""
    if shape is None or len(shape) != 2 or shape[axis] % G:
        return None
    return shape[axis] // G


def keras_weights(tf: TensorFile, names: dict, cell: str) -> tuple:
    """(Weights, the GRU variant its bias implies or None) from kernel/recurrent_kernel/bias.

    `names` maps kernel/recurrent_kernel/bias (or one cell scope of them) to the file's names.
    """
    scopes = {n.rsplit("/", 1)[0] for n in names if "/" in n}
    if len(scopes) == 1 and all(n.startswith(next(iter(scopes)) + "/") for n in names):
        scope = next(iter(scopes)) + "/"           # 'lstm_cell/kernel': the cell's own scope
        names = {n[len(scope):]: full for n, full in names.items()}
    extra = sorted(set(names) - set(KERAS_NAMES))
    if extra:
        raise InputError(OPT, f"unexpected tensor {names[extra[0]]!r} beside Keras's kernel, "
                              "recurrent_kernel and bias; use --weights-prefix")
    G = spec(cell).n_blocks
    shape = lambda n: tf.shapes[names[n]]  # noqa: E731
    if "recurrent_kernel" not in names:
        h = _hidden_hint(tf.shapes.get(names.get("kernel")), G, 1)
        expect = f"({h}, {G * h})" if h else f"(hidden, {G}*hidden)"
        raise InputError(OPT, f"missing tensor 'recurrent_kernel' (Keras layout, expected shape {expect})")
    rk = shape("recurrent_kernel")
    if len(rk) != 2 or rk[1] % G or rk[1] // G != rk[0]:
        raise InputError(OPT, f"tensor 'recurrent_kernel' has shape {rk}; a Keras "
                              f"{cell.upper()} needs (H, {G}*H)")
    H = check_size(OPT, rk[0])
    if "kernel" not in names:
        raise InputError(OPT, f"missing tensor 'kernel' (Keras layout, expected shape (input_size, {G * H}))")
    k = shape("kernel")
    if len(k) != 2 or k[1] != G * H:
        raise InputError(OPT, f"tensor 'kernel' has shape {k}; expected (input_size, {G * H})")
    check_size(OPT, k[0])
    variant, bias_kind = None, None
    b_ih = b_hh = np.zeros(G * H)               # a layer made with use_bias=False keeps none
    if "bias" in names:
        b = shape("bias")
        if b == (G * H,):
            b_ih, bias_kind = tf.get(names["bias"]), "single"
            variant = "cho" if cell == "gru" else None          # reset_after=False
        elif cell == "gru" and b == (2, G * H):
            b_ih, b_hh = tf.get(names["bias"])
            bias_kind, variant = "pair", "pytorch"               # reset_after=True
        else:
            expect = f"({G * H},) or (2, {G * H})" if cell == "gru" else f"({G * H},)"
            raise InputError(OPT, f"tensor 'bias' has shape {b}; expected {expect}")
    prefix = names["kernel"][:-len("kernel")]
    to = lambda a: keras_to_torch(a, cell, H)  # noqa: E731
    w = Weights(cell, to(tf.get(names["kernel"])).T.copy(), to(tf.get(names["recurrent_kernel"])).T.copy(),
                to(b_ih), to(b_hh), origin=KerasOrigin(prefix, bias_kind))
    return w, variant


def _keras_layer(tf: TensorFile, cell: str, prefix: str) -> Stack:
    """One recurrent layer of a Keras file, by its name (--weights-prefix), or the only one."""
    layers = tf.keras_layers
    listing = ", ".join(f"{lay.name} ({lay.cls or '?'})" for lay in layers)
    if prefix:
        name = prefix.rstrip("/")
        layer = next((lay for lay in layers if lay.name == name), None)
        if layer is None:
            raise InputError("--weights-prefix", f"{tf.path} has no recurrent layer named {name!r}; "
                                                 f"its recurrent layers are: {listing}")
    elif len(layers) > 1:
        raise InputError("--weights-prefix", f"{tf.path} holds {len(layers)} recurrent layers: "
                                             f"{listing}; pick one by its name")
    else:
        layer = layers[0]
    if layer.cls and layer.cls != KERAS_CLASSES[cell]:
        mine = {v: k for k, v in KERAS_CLASSES.items()}.get(layer.cls)
        hint = f"; run the {mine} cell" if mine else ""
        raise InputError(OPT, f"layer {layer.name!r} of {tf.path} is a {layer.cls}, not a "
                              f"{KERAS_CLASSES[cell]}{hint}")
    cfg = layer.config or {}
    activation = cfg.get("activation")
    if activation is not None and activation not in KERAS_ACTIVATIONS[cell]:
        raise InputError(OPT, f"layer {layer.name!r} uses activation {activation!r}; this tool computes "
                              f"{' or '.join(KERAS_ACTIVATIONS[cell])}")
    if cfg.get("recurrent_activation", "sigmoid") != "sigmoid":
        raise InputError(OPT, f"layer {layer.name!r} uses recurrent_activation "
                              f"{cfg['recurrent_activation']!r}; this tool computes sigmoid gates")
    out, variant = {}, None
    for direction, at in layer.parts.items():
        names = {k[len(at):]: k for k in tf.shapes if k.startswith(at)}
        out[direction], variant = keras_weights(tf, names, cell)
    if cell == "gru" and "reset_after" in cfg:
        variant = "pytorch" if cfg["reset_after"] else "cho"
    return Stack([out], variant=variant, nonlinearity=activation if cell == "rnn" else None,
                 keras_name=layer.name)
