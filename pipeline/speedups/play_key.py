"""What decides the frames of one `play`, as a short digest: the key of Manim's segment cache.

Manim keeps each play's frames as a clip named by a digest of the play and reuses the
clip when the digest comes again; a render is then the clips joined without re-encoding.
Its own digest (manim.utils.hashing) serialises every mobject to JSON at every play; on
our walkthrough that made a cached render slower than an uncached one (README, Speed).
This one feeds the same inputs to SHA-256 as bytes:

- the camera: pixel and frame size, frame centre, background, the encoder's settings;
- every animation of the play, each with every attribute (its mobjects, target and
  rate function included), nested animations likewise: points and colours as raw array
  bytes, numbers by `repr`, submobjects in order, functions by their code, constants,
  defaults, closure and the module-level data they read;
- every other mobject on screen, in the camera's drawing order, by what the camera
  draws it from (points, colours, widths, sheen, joins, caps), and which of them are in
  the foreground. Only animations and updaters change mobjects during a play, so
  nothing else of theirs can show. A play with updaters is never reused (see play_key).

An object met twice is fed once and then referred to by its first position, so a shared
mobject and a cycle (a mobject's `target`) cost one pass. Anything else (the scene
itself, a file, a thread, an object of a kind not listed) makes the play uncacheable: `play_key` returns
None and the play is drawn and encoded as usual, so an unknown input can cost time but
never serve wrong frames.
"""

import dataclasses
import enum
import hashlib
import types

import numpy as np
from manim import Animation, Camera, Mobject, Scene, VMobject
from manim.utils.color import ManimColor
from manim.utils.family import extract_mobject_family_members

_FUNCTIONS = (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
              types.BuiltinMethodType, types.MethodWrapperType, types.WrapperDescriptorType,
              types.CodeType)
# Float arrays are compared in float32 (7 significant digits), and values below 2**-30
# as 0: a state reached by skipping a play lands a few float64 ulps from the one reached
# by drawing it (shifts add up differently, 0 becomes 1e-17), and such noise must not
# make every later play a miss. Relative rounding keeps a tracker's 7th digit and a tiny
# mobject's size apart, which an absolute grid would merge.
_TINY = 2.0 ** -30

# What each type is, decided once per type: the walk below visits ~4,000 values a play.
PLAIN, ENUM, ARRAY, SEQUENCE, DICT, COLOR, OBJECT, SCENE, FUNCTION, CLASS = range(10)
_KINDS: dict[type, int | None] = {
    **dict.fromkeys((bool, int, float, complex, str, bytes, type(None)), PLAIN),
    np.ndarray: ARRAY, list: SEQUENCE, tuple: SEQUENCE, dict: DICT,
}


def _kind(cls: type) -> int | None:
    kind = _KINDS.get(cls, -1)
    if kind != -1:
        return kind
    if issubclass(cls, np.generic):
        kind = PLAIN                            # its repr names its dtype
    elif issubclass(cls, enum.Enum):
        kind = ENUM
    elif issubclass(cls, ManimColor):
        kind = COLOR
    elif issubclass(cls, (Mobject, Animation)) or dataclasses.is_dataclass(cls):
        kind = OBJECT
    elif issubclass(cls, Scene):
        kind = SCENE
    elif issubclass(cls, _FUNCTIONS):
        kind = FUNCTION
    elif issubclass(cls, type):
        kind = CLASS
    _KINDS[cls] = kind                          # None: uncacheable
    return kind


class Uncacheable(Exception):
    """Met an object whose effect on the frames cannot be read from its bytes."""


class _Feed:
    """Collects the description of a play: text tags, float arrays, other array bytes."""

    def __init__(self):
        self.tags: list[str] = []
        self.floats: list[np.ndarray] = []
        self.raw: list[bytes] = []
        self.seen: dict[int, int] = {}
        self.keep: list = []            # holds fed objects, so no id() is reused meanwhile

    def digest(self) -> str:
        h = hashlib.sha256("\x00".join(self.tags).encode())
        if self.floats:
            exact = np.concatenate(self.floats)
            rounded = exact.astype(np.float32)
            rounded[np.abs(exact) < _TINY] = 0.0                   # also -0.0 -> 0.0
            h.update(rounded.data)
        for data in self.raw:
            h.update(data)
        return h.hexdigest()[:40]

    def first_time(self, obj) -> bool:
        """False (after feeding a back-reference) when `obj` was already fed."""
        index = self.seen.get(id(obj))
        if index is not None:
            self.tags.append(f"@{index}")
            return False
        self.seen[id(obj)] = len(self.seen)
        self.keep.append(obj)
        return True

    def array(self, a: np.ndarray) -> None:
        self.tags.append(f"{a.dtype.str}{a.shape}")
        if a.dtype.kind == "f":
            self.floats.append(a.ravel())
        elif a.dtype.hasobject:
            self.sequence(a.ravel().tolist())
        else:
            self.raw.append(np.ascontiguousarray(a).tobytes())

    def value(self, obj) -> None:
        kind = _kind(type(obj))
        if kind == PLAIN:
            self.tags.append(repr(obj))
        elif kind == ENUM:
            self.tags.append(f"{type(obj).__qualname__}.{obj.name}")
        elif kind == ARRAY:
            self.array(obj)
        elif kind == SEQUENCE:
            self.tags.append(type(obj).__name__)
            self.sequence(obj)
        elif kind == DICT:
            self.tags.append("dict")
            self.sequence(list(obj.items()))
        elif kind == COLOR:
            self.tags.append("color")
            self.floats.append(obj._internal_value)
        elif kind == OBJECT:
            if self.first_time(obj):
                self.tags.append(type(obj).__qualname__)
                self.attributes(obj)
        elif kind == SCENE:
            raise Uncacheable("the scene")   # its attributes could steer anything
        elif kind == FUNCTION:
            if self.first_time(obj):
                self.function(obj)
        elif kind == CLASS:
            self.tags.append(f"class:{obj.__module__}.{obj.__qualname__}")
        else:
            raise Uncacheable(type(obj).__qualname__)

    def sequence(self, items) -> None:
        self.tags.append(str(len(items)))
        for item in items:
            self.value(item)

    def attributes(self, obj) -> None:
        """Every attribute: plain ones and float arrays in one tag, the others one by one."""
        plain, rest = [], []
        fields = vars(obj) if hasattr(obj, "__dict__") else \
            {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}   # slots
        for name, item in fields.items():
            if name == "original_id":      # str(id(...)) of what it was copied from
                continue
            kind = _kind(type(item))
            # a plain value is a pair, anything else a triple: they cannot be confused
            if kind == PLAIN:
                plain.append((name, item))
            elif kind == ARRAY and item.dtype.kind == "f":
                plain.append((name, "array", item.shape))
                self.floats.append(item.ravel())
            elif kind == COLOR:
                plain.append((name, "color", None))
                self.floats.append(item._internal_value)
            elif kind == SEQUENCE and not item:
                plain.append((name, "empty", type(item).__name__))
            else:
                rest.append((name, item))
        self.tags.append(repr(plain))
        for name, item in rest:
            self.tags.append(name)
            self.value(item)

    def function(self, fn) -> None:
        """A function by what it does: its code, and the values it closes over."""
        if isinstance(fn, types.CodeType):
            self.tags.append(f"code:{fn.co_qualname}:{fn.co_code.hex()}:{fn.co_names}")
            self.sequence(fn.co_consts)
        elif isinstance(fn, types.FunctionType):
            self.tags.append("function")
            self.value(fn.__code__)
            self.value(fn.__defaults__)
            self.value(fn.__kwdefaults__)
            self.value([cell.cell_contents for cell in fn.__closure__ or ()])
            self.globals_read(fn)
        elif isinstance(fn, types.MethodType):
            self.tags.append("method")
            self.value(fn.__func__)
            self.value(fn.__self__)
        else:                        # a builtin: its module and name say what it does
            self.tags.append(f"builtin:{getattr(fn, '__module__', None)}."
                             f"{getattr(fn, '__qualname__', fn)!r}")
            owner = getattr(fn, "__self__", None)
            if owner is not None and not isinstance(owner, types.ModuleType):
                self.value(owner)


    def globals_read(self, fn: types.FunctionType) -> None:
        """The module-level values a function reads: data by value; modules, functions
        and classes by name (their code is fixed by the versions in the key)."""
        names = {n for n in fn.__code__.co_names if n in fn.__globals__}
        for name in sorted(names):
            item = fn.__globals__[name]
            self.tags.append(f"global {name}")
            if isinstance(item, types.ModuleType):
                self.tags.append(f"module:{item.__name__}")
            elif _kind(type(item)) in (FUNCTION, CLASS):
                self.tags.append(f"{getattr(item, '__module__', None)}."
                                 f"{getattr(item, '__qualname__', None)}")
            else:
                self.value(item)

    def drawn(self, m: Mobject) -> None:
        """A mobject that only has to be drawn: what Cairo draws it from, nothing else.

        (`Camera.display_vectorized`: points, colours, widths, sheen, joins and caps.)
        """
        if not self.first_time(m):
            return
        if not isinstance(m, VMobject) or m.get_background_image() is not None:
            self.tags.append(type(m).__qualname__)
            self.attributes(m)
            return
        arrays = (m.points, m.fill_rgbas, m.stroke_rgbas, m.background_stroke_rgbas,
                  np.asarray(m.sheen_direction, dtype=float))
        self.tags.append(repr((
            type(m).__qualname__, [a.shape for a in arrays], m.stroke_width,
            m.background_stroke_width, m.sheen_factor, m.joint_type.value, m.cap_style.value,
            m.shade_in_3d, m.n_points_per_cubic_curve, m.tolerance_for_point_equality)))
        self.floats.extend(a.ravel() for a in arrays)


def _camera(feed: _Feed, camera: Camera) -> None:
    feed.tags.append(type(camera).__qualname__)
    for name in ("pixel_width", "pixel_height", "frame_width", "frame_height",
                 "frame_rate", "background_opacity"):
        feed.value(getattr(camera, name))
    feed.value(np.asarray(camera.frame_center, dtype=float))
    feed.value(camera.background_color)
    feed.value(getattr(camera, "frame", None))      # a moving camera's frame is a mobject


def play_key(scene: Scene, camera: Camera, animations, mobjects, *,
             encoder_fingerprint: str) -> str | None:
    """A filename-safe digest of everything that decides this play's frames, or None."""
    mobjects = list(mobjects)
    # Updaters run with the time step: a reused play would skip them, or run them in one
    # step of the whole run time, and leave a different state behind. Never reused.
    if scene.updaters or any(m.updaters for m in extract_mobject_family_members(mobjects)):
        return None
    feed = _Feed()
    try:
        feed.tags.append(encoder_fingerprint)
        _camera(feed, camera)
        feed.tags.append("animations")
        feed.sequence(list(animations))
        # Mobjects no animation touches are only drawn, and drawn as they are now: their
        # drawing state, in the camera's drawing order, is all that counts. (Animated
        # ones were fed whole above; later mentions refer back to them.)
        shown = camera.get_mobjects_to_display(mobjects)
        feed.tags.append(f"drawn {len(shown)}")
        for m in shown:
            feed.drawn(m)
        # Which are in the foreground: a mobject an animation introduces goes below them.
        position = {id(m): k for k, m in enumerate(mobjects)}
        feed.tags.append(repr([position.get(id(m)) for m in scene.foreground_mobjects]))
    except Exception:       # Uncacheable, an empty closure cell, a property that raises...:
        return None         # a play the key cannot describe is drawn, never a failed render
    return feed.digest()
