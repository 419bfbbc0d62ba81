"""Tensors in a file, named and shaped before any of them is read.

Formats: .npz (numpy, never unpickled), .safetensors (read here: the header is JSON, so
every declared shape is checked against the bytes that are really there, and bfloat16,
which numpy lacks, is widened exactly), .pt/.pth (torch.load(weights_only=True); nested
checkpoints are flattened to dotted names) and Keras's .weights.h5/.keras (keras_files.py).

Only the tensors a run uses are converted to float64, and none may hold more than
MAX_TENSOR_VALUES values: a crafted file cannot make the tool read or allocate more.
"""

import json
import pickle
import pickletools
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import InputError, existing_file

MAX_TENSOR_VALUES = 1 << 27     # 1 GiB as float64: far past any drawable model
MAX_HEADER_BYTES = 100 << 20    # a safetensors JSON header (the format's own limit)
TORCH_KINDS = (".pt", ".pth")
KERAS_KINDS = (".h5", ".keras")
KINDS = (".npz", ".safetensors") + TORCH_KINDS + KERAS_KINDS
SAFETENSORS_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<u2", "I64": "<i8",
                      "I32": "<i4", "I16": "<i2", "I8": "i1", "U8": "u1"}


@dataclass
class TensorFile:
    """name -> shape of every tensor, and `get(name)` for one as float64."""
    path: str
    option: str
    shapes: dict
    loaders: dict = field(repr=False)       # name -> () -> array in the file's dtype
    top_keys: list | None = None            # a nested checkpoint's top-level keys
    keras_layers: list = field(default_factory=list)   # cells.keras_files.KerasLayer

    def __post_init__(self):   # TensorFlow names variables 'lstm/kernel:0'
        renamed = {n: n.removesuffix(":0") for n in self.shapes}
        self.shapes = {renamed[n]: s for n, s in self.shapes.items()}
        self.loaders = {renamed[n]: f for n, f in self.loaders.items()}

    def get(self, name: str) -> np.ndarray:
        return as_float64(self.option, self.path, name, self.loaders[name]())

    @property
    def nested(self) -> bool:
        return self.top_keys is not None


def check_count(option: str, path: str, name: str, shape) -> None:
    n = int(np.prod(shape, dtype=object))
    if n > MAX_TENSOR_VALUES:
        raise InputError(option, f"tensor {name!r} in {path} has shape {tuple(shape)}: {n} values, "
                                 f"more than the limit of {MAX_TENSOR_VALUES}")


def as_float64(option: str, path: str, name: str, a) -> np.ndarray:
    a = np.asarray(a)
    if a.dtype == np.bool_ or not (np.issubdtype(a.dtype, np.floating)
                                   or np.issubdtype(a.dtype, np.integer)):
        raise InputError(option, f"tensor {name!r} in {path} holds {a.dtype}, not numbers")
    a = a.astype(np.float64)
    if not np.all(np.isfinite(a)):
        raise InputError(option, f"tensor {name!r} in {path} contains NaN or infinity")
    return a


def read_tensor_file(path: str, option: str = "--weights") -> TensorFile:
    p = existing_file(path, option)
    kind = p.suffix.lower()
    if kind == ".npz":
        return _npz(p, path, option)
    if kind == ".safetensors":
        return _safetensors(p, path, option)
    if kind in TORCH_KINDS:
        return _torch(p, path, option)
    if kind in KERAS_KINDS:
        from .keras_files import read_keras
        return read_keras(p, path, option)
    raise InputError(option, f"unknown file type {kind or '(none)'!r} for {path}; use "
                             f"{', '.join(KINDS[:-1])} or {KINDS[-1]}")


def _npz(p: Path, path: str, option: str) -> TensorFile:
    if not zipfile.is_zipfile(p):  # np.load would return a lone .npy array, or guess pickle
        raise InputError(option, f"{path} is not an .npz archive (what numpy.savez writes)")
    shapes = {}
    try:
        with zipfile.ZipFile(p) as zf:
            for info in zf.infolist():
                if not info.filename.endswith(".npy"):
                    continue
                name = info.filename[:-4]
                if info.flag_bits & 0x1:
                    raise InputError(option, f"tensor {name!r} in {path} is encrypted; save the "
                                             "archive without a password (numpy.savez)")
                with zf.open(info) as fh:
                    version = np.lib.format.read_magic(fh)
                    shape, _, dtype = (np.lib.format.read_array_header_1_0(fh) if version == (1, 0)
                                       else np.lib.format.read_array_header_2_0(fh))
                if dtype.hasobject:
                    raise InputError(option, f"{path} holds objects that would need unpickling "
                                             f"(tensor {name!r}); store plain arrays")
                check_count(option, path, name, shape)
                if int(np.prod(shape, dtype=object)) * dtype.itemsize > info.file_size:
                    raise InputError(option, f"tensor {name!r} in {path} declares shape "
                                             f"{tuple(shape)} but holds fewer bytes")
                shapes[name] = tuple(shape)
    except InputError:
        raise
    except (OSError, EOFError, ValueError, NotImplementedError, zipfile.BadZipFile) as e:
        raise InputError(option, f"cannot read {path} as .npz: {str(e).splitlines()[0]}") from None

    def loader(name):
        def load():
            try:
                with np.load(p, allow_pickle=False) as z:
                    return z[name]
            except (OSError, EOFError, ValueError, NotImplementedError, zipfile.BadZipFile) as e:
                raise InputError(option, f"cannot read {path} as .npz: "
                                         f"{str(e).splitlines()[0]}") from None
        return load
    return TensorFile(path, option, shapes, {n: loader(n) for n in shapes})


def _safetensors(p: Path, path: str, option: str) -> TensorFile:
    bad = lambda why: InputError(option, f"cannot read {path} as .safetensors: {why}")  # noqa: E731
    size = p.stat().st_size
    with p.open("rb") as fh:
        head = fh.read(8)
        n = int.from_bytes(head, "little") if len(head) == 8 else -1
        if not 0 < n <= min(MAX_HEADER_BYTES, size - 8):
            raise bad("no valid header")
        try:
            header = json.loads(fh.read(n))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise bad("its header is not JSON") from None
    if not isinstance(header, dict):
        raise bad("its header is not a JSON object")
    start, room = 8 + n, size - 8 - n
    shapes, loaders = {}, {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype, shape, (lo, hi) = e["dtype"], tuple(int(s) for s in e["shape"]), e["data_offsets"]
        except (TypeError, KeyError, ValueError):
            raise bad(f"entry {name!r} has no dtype, shape and data_offsets") from None
        if dtype not in SAFETENSORS_DTYPES:
            raise InputError(option, f"tensor {name!r} in {path} holds {dtype}, not numbers "
                                     f"this tool reads ({', '.join(SAFETENSORS_DTYPES)})")
        if min(shape, default=0) < 0:
            raise bad(f"entry {name!r} has a negative size")
        check_count(option, path, name, shape)
        item = np.dtype(SAFETENSORS_DTYPES[dtype])
        count = int(np.prod(shape, dtype=object))
        if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo <= hi <= room
                and hi - lo == count * item.itemsize):
            raise bad(f"entry {name!r} declares shape {shape} but its bytes do not match")
        shapes[name] = shape
        loaders[name] = _safetensors_loader(p, start + lo, item, count, shape, dtype == "BF16")
    return TensorFile(path, option, shapes, loaders)


def _safetensors_loader(p: Path, offset: int, item, count: int, shape, bf16: bool):
    def load():
        a = np.fromfile(p, dtype=item, count=count, offset=offset).reshape(shape)
        if bf16:   # bfloat16 is the top half of a float32: widen it bit for bit
            a = (a.astype(np.uint32) << 16).view(np.float32)
        return a
    return load


# --- PyTorch ----------------------------------------------------------------------------

def _torch(p: Path, path: str, option: str) -> TensorFile:
    try:
        import torch
    except ImportError:
        raise InputError(option, f"reading {p.suffix} files needs PyTorch, which is not installed; "
                                 "install torch or save the state_dict as .npz or .safetensors") from None
    _refuse_torchscript(p, path, option)
    try:
        with warnings.catch_warnings():  # e.g. "Detected pickle protocol 4": not for the user's stderr
            warnings.simplefilter("ignore")
            try:
                obj = torch.load(str(p), map_location="cpu", weights_only=True, mmap=True)
            except RuntimeError as e:   # the legacy (not zip) format cannot be mapped
                if "mmap" not in str(e):
                    raise
                obj = torch.load(str(p), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as e:
        if _pickled_module(p):
            raise InputError(option, f"{path} holds a whole pickled model (torch.save(model)); save "
                                     "its weights instead: torch.save(model.state_dict(), "
                                     f"'{p.stem}.pt')") from None
        raise InputError(option, f"{path} is not a plain tensor dict; torch.load(weights_only=True) "
                                 f"refused it ({_refusal(e)})") from None
    except Exception as e:  # torch raises RuntimeError/EOFError/... for damaged files
        raise InputError(option, f"cannot read {path}: {_first_sentence(str(e))}") from None
    if isinstance(obj, torch.Tensor):
        obj = {"": obj}
    if not isinstance(obj, dict):
        raise InputError(option, f"{path} is not a plain tensor dict (a state_dict of name -> "
                                 f"tensor); it holds a {type(obj).__name__}")
    leaves = {}
    _flatten(obj, "", leaves, torch.Tensor)
    if not leaves:
        raise InputError(option, f"{path} is not a plain tensor dict: it holds no tensors "
                                 f"(top-level keys: {_keys(obj)})")
    shapes = {}
    for name, v in leaves.items():
        problem = _not_plain(v, torch)
        if problem:
            raise InputError(option, f"tensor {name!r} in {path} {problem}")
        check_count(option, path, name, tuple(v.shape))
        shapes[name] = tuple(v.shape)
    nested = any(not isinstance(v, torch.Tensor) for v in obj.values())
    loaders = {n: (lambda v=v: v.detach().to(torch.float64).numpy()) for n, v in leaves.items()}
    return TensorFile(path, option, shapes, loaders, top_keys=list(map(str, obj)) if nested else None)


def _not_plain(v, torch) -> str | None:
    """Why a loaded tensor is not a dense tensor of real numbers with values, or None
    (torch.load accepts them all; converting them failed with tracebacks, booleans
    were silently 0 and 1)."""
    if v.is_complex():
        return f"holds {v.dtype}, not real numbers"
    if v.dtype == torch.bool:
        return "holds booleans, not numbers"
    if v.is_quantized:
        return "is quantized; save it as floats (tensor.dequantize())"
    if v.layout != torch.strided:
        return f"is a {v.layout} tensor; save it dense (tensor.to_dense())"
    if v.is_meta:
        return "is a meta tensor: it has a shape but no values"
    return None


def _flatten(obj, prefix: str, out: dict, tensor_type) -> None:
    """Tensors of nested dicts and lists under dotted names ('model.lstm.weight_ih_l0')."""
    items = obj.items() if isinstance(obj, dict) else enumerate(obj)
    for k, v in items:
        name = f"{prefix}{k}"
        if isinstance(v, tensor_type):
            out[name] = v
        elif isinstance(v, (dict, list, tuple)):
            _flatten(v, name + ".", out, tensor_type)


def _keys(obj: dict) -> str:
    keys = [repr(str(k)) for k in obj]
    return ", ".join(keys[:12]) + (f" and {len(keys) - 12} more" if len(keys) > 12 else "")


def _refuse_torchscript(p: Path, path: str, option: str) -> None:
    """torch.load would hand a TorchScript archive to torch.jit.load: never run one."""
    if not zipfile.is_zipfile(p):
        return
    with zipfile.ZipFile(p) as zf:
        names = zf.namelist()
    if any(n.split("/")[1:2] in (["constants.pkl"], ["code"]) for n in names):
        raise InputError(option, f"{path} is a TorchScript archive (torch.jit.save), which this tool "
                                 "never runs; export its weights where you trust it: "
                                 "torch.save(torch.jit.load(PATH).state_dict(), 'weights.pt')")


def _pickled_module(p: Path) -> bool:
    """Whether the pickle holds an nn.Module, read opcode by opcode (nothing is executed)."""
    try:
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as zf:
                name = next((n for n in zf.namelist() if n.endswith("/data.pkl")), None)
                data = zf.read(name) if name else b""
        else:
            data = p.read_bytes()
        strings = {arg for op, arg, _ in pickletools.genops(data) if isinstance(arg, str)}
    except Exception:   # a damaged pickle: not recognisably a module
        return False
    return {"_modules", "_parameters"} <= strings


def _first_sentence(text: str) -> str:
    """The first sentence of a message, whole (never cut in the middle)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text).strip()
    line = text.splitlines()[0] if text else "unreadable"
    return re.split(r"(?<=[.!?])\s", line)[0].rstrip(".")


def _refusal(e: Exception) -> str:
    """The reason in torch's long weights_only message ('Unsupported global: ...')."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(e))  # torch puts terminal bold codes in it
    m = re.search(r"WeightsUnpickler error:\s*(.+)", text)
    paras = [q.strip() for q in re.split(r"\n\s*\n", text) if q.strip()]
    reason = m.group(1) if m else next(
        (q for q in paras if not q.startswith(("Weights only load failed", "Check the documentation"))),
        paras[0] if paras else "refused")
    return reason.splitlines()[0].split(". ")[0].strip().rstrip(".")
