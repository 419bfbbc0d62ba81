"""Keras 3 weights as saved: `model.save_weights("m.weights.h5")` and `model.save("m.keras")`.

A .weights.h5 file holds each layer's variables by position (`layers/<group>/vars/0..`,
a recurrent layer's under `cell/vars`, a Bidirectional's under forward_layer/backward_layer)
and each `vars` group names its layer. A .keras file is a zip of that file
(model.weights.h5) and config.json, which says what no array can: a SimpleRNN's
activation, a GRU's reset_after, go_backwards. Read with h5py; TensorFlow is not needed.

Tensors are named by Keras's variable paths (`w.path`): `lstm/lstm_cell/kernel`,
`bidirectional/forward_lstm/lstm_cell/kernel`, `embedding/embeddings`, `dense/kernel`.
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .user_files import parse_json
from .tensor_files import TensorFile, check_count

MAX_CONFIG_BYTES = 64 << 20
CELL_VARS = ("kernel", "recurrent_kernel", "bias")
LAYER_VARS = {"embedding": ("embeddings",), "dense": ("kernel", "bias")}
CELL_CLASSES = {"lstm_cell": "LSTM", "gru_cell": "GRU", "simple_rnn_cell": "SimpleRNN"}


@dataclass
class KerasLayer:
    """A recurrent layer: its name (model.summary()'s), class, config and variables."""
    name: str
    cls: str | None                 # "LSTM", "GRU" or "SimpleRNN"
    config: dict | None             # the layer's config from config.json, if the file has one
    parts: dict                     # "forward"/"reverse" -> variable path prefix ("gru/gru_cell/")


def read_keras(p: Path, path: str, option: str) -> TensorFile:
    try:
        import h5py
    except ImportError:
        raise InputError(option, "reading Keras files needs the h5py package (pip install h5py)") from None
    configs = {}
    try:
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as zf:
                names = set(zf.namelist())
                if "model.weights.h5" not in names:
                    raise InputError(option, f"{path} is a zip without model.weights.h5; is it a "
                                             "Keras 3 .keras file?")
                if "config.json" in names:
                    if zf.getinfo("config.json").file_size > MAX_CONFIG_BYTES:
                        raise InputError(option, f"{path}: config.json is larger than "
                                                 f"{MAX_CONFIG_BYTES >> 20} MB")
                    _configs(parse_json(zf.read("config.json"), option, f"{path}: config.json"), configs)
                with zf.open("model.weights.h5") as fh, h5py.File(fh, "r") as f:
                    return _read(f, path, option, configs)
        if not h5py.is_hdf5(p):
            raise InputError(option, f"{path} is not an HDF5 file (what Keras's save_weights writes)")
        with h5py.File(p, "r") as f:
            return _read(f, path, option, configs)
    except InputError:
        raise
    except (OSError, ValueError, KeyError, RecursionError, zipfile.BadZipFile, RuntimeError) as e:
        raise InputError(option, f"cannot read {path} as a Keras file: {str(e).splitlines()[0]}") from None


def _configs(node, out: dict) -> None:
    """Every layer config in config.json by layer name (nested models and wrappers too)."""
    if isinstance(node, dict):
        cfg = node.get("config")
        if "class_name" in node and isinstance(cfg, dict) and isinstance(cfg.get("name"), str):
            out.setdefault(cfg["name"], {"class_name": node["class_name"], **cfg})
        for v in node.values():
            _configs(v, out)
    elif isinstance(node, list):
        for v in node:
            _configs(v, out)


def _read(f, path: str, option: str, configs: dict) -> TensorFile:
    if "layers" not in f:
        if "model_weights" in f or "layer_names" in f.attrs:
            raise InputError(option, f"{path} is a Keras 2 (legacy HDF5) file; load it in Keras 3 and "
                                     "save it again with model.save('model.keras')")
        raise InputError(option, f"{path} has no 'layers' group; is it a Keras 3 weights file?")
    arrays, layers = {}, []

    def put(name, ds):
        check_count(option, path, name, ds.shape)
        arrays[name] = ds[()]

    def variables(group, prefix, var_names):
        vs = group.get("vars")
        for k in sorted(vs or (), key=int):
            i = int(k)
            put(prefix + (var_names[i] if i < len(var_names) else k), vs[k])

    def name_of(group):
        return str(group["vars"].attrs.get("name", group.name.rsplit("/", 1)[-1])) \
            if "vars" in group else group.name.rsplit("/", 1)[-1]

    def recurrent(group, prefix):
        """A recurrent layer's variables; (its class, its name, its variables' prefix)."""
        name = name_of(group)
        cell = group["cell"]
        cell_name = name_of(cell)
        at = f"{prefix}{name}/{cell_name}/"
        variables(cell, at, CELL_VARS)
        cls = configs.get(name, {}).get("class_name") or CELL_CLASSES.get(cell_name)
        return cls, name, at

    def visit(group, prefix=""):
        for key in group:
            g = group[key]
            if not hasattr(g, "keys"):
                continue
            name = name_of(g)
            cfg = configs.get(name)
            if "cell" in g:
                cls, name, at = recurrent(g, prefix)
                direction = "reverse" if (cfg or {}).get("go_backwards") else "forward"
                layers.append(KerasLayer(name, cls, cfg, {direction: at}))
            elif "forward_layer" in g and "backward_layer" in g:
                cls, fname, fwd = recurrent(g["forward_layer"], f"{prefix}{name}/")
                _, bname, bwd = recurrent(g["backward_layer"], f"{prefix}{name}/")
                layers.append(KerasLayer(name, cls, configs.get(fname), {"forward": fwd, "reverse": bwd}))
            elif "layers" in g:
                visit(g["layers"], prefix)          # a model inside the model
            else:
                kind = (cfg or {}).get("class_name", re.sub(r"_\d+$", "", key)).lower()
                variables(g, f"{prefix}{name}/", LAYER_VARS.get(kind, ()))
    visit(f["layers"])
    shapes = {n: tuple(a.shape) for n, a in arrays.items()}
    return TensorFile(path, option, shapes, {n: (lambda a=a: a) for n, a in arrays.items()},
                      keras_layers=layers)
