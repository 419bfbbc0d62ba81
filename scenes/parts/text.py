"""Text laid out once per machine, and drawn as a few paths instead of one per glyph.

A Manim Text or MarkupText costs 50-100 ms to build (Pango writes an SVG, svgelements
parses it, every glyph becomes a VMobject), and a scene builds hundreds. Here each
distinct text is built by Manim once; its final glyph outlines and styles are kept in
memory and, when the pipeline gives a folder (`use_disk_cache`), on disk as plain numpy
arrays (`.npz`, read with allow_pickle=False), so a later run only rebuilds geometry.
Each file carries a digest of its key and arrays: a file cut short, emptied, with
flipped bytes or swapped for another text's is deleted and the text built again, and
a cache that cannot be written (full, read-only, deleted) only costs speed.

Manim's own in-memory SVG cache is turned off for these builds: it deep-copies every new
text (svgelements paths included) to serve a repeat that never comes here.

By default consecutive glyphs of the same style are merged into one VMobject: a caption
is then one or two Cairo paths per frame instead of sixty, and cheap to copy and fade.
Scenes that move single characters ask for `glyphs=True` and get Manim's one submobject
per glyph (spaces included, as Manim makes them).
"""

import hashlib
import os
import time
from contextlib import suppress
from functools import cache
from pathlib import Path

import numpy as np
from manim import MarkupText, Text, VGroup, VMobject

from scenes.parts.fonts import FONT_DIR, register_fonts
from scenes.parts.atomic_files import keep_newest, write_atomic
from scenes.parts.versions import drawing_versions

FORMAT = 1                       # bump when the stored arrays change meaning
MAX_FILES = 10_000               # about 140 MB; past it the least recently used half goes
MAX_FILE_BYTES = 16 << 20        # a laid-out text is tens of KB: anything larger is not ours
CHECK = "check"                  # the stored digest of the key and the other arrays
STALE_SECONDS = 3600             # a temporary this old was left by a killed render
_STYLE = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")
_WIDTHS = ("stroke_width", "background_stroke_width")

_memory: dict[str, dict] = {}
_disk: Path | None = None


def use_disk_cache(folder: Path | None) -> None:
    """Keep laid-out text in `folder` across runs (None: this process only)."""
    global _disk
    _disk = folder
    if folder is not None:
        _prune(folder)


def _prune(folder: Path) -> None:
    """Each new input adds its numbers: keep the folder bounded, newest use first; drop
    the temporaries of renders killed while writing."""
    try:
        now = time.time()
        for e in os.scandir(folder):
            if e.name.endswith(".tmp") and now - e.stat().st_mtime > STALE_SECONDS:
                os.unlink(e.path)
        entries = [e.path for e in os.scandir(folder) if e.name.endswith(".npz")]
        if len(entries) > MAX_FILES:
            keep_newest(entries, MAX_FILES // 2)
    except OSError:
        pass                                   # absent, or another render pruned it first


def cached_text(s: str, *, glyphs: bool = False, **kwargs) -> VGroup:
    """Like manim.Text(s, **kwargs), built once; merged per style unless `glyphs`."""
    return _build(Text, s, glyphs, kwargs)


def cached_markup(s: str, *, glyphs: bool = False, **kwargs) -> VGroup:
    """Like manim.MarkupText(s, **kwargs), built once; merged per style unless `glyphs`."""
    return _build(MarkupText, s, glyphs, kwargs)


def merged(group: VGroup) -> VGroup:
    """A `glyphs=True` text (perhaps with glyphs removed) as few paths, one per style.

    Whoever removes glyphs also updates `group.text`, which is carried over."""
    return _tagged(_mobject(_arrays(group), group.text, merge=True), group.text_font, font_size_now(group))


def pieces(group: VGroup, spans) -> list:
    """The glyphs of a `glyphs=True` text (one per character) cut into one text per
    (start, end) span of its string, a word each: the layout record then sees every word
    where it is drawn, however the words are moved apart."""
    out = []
    for a, b in spans:
        piece = VGroup(*group.submobjects[a:b])
        piece.text, piece.text_font, piece.text_size = group.text[a:b], group.text_font, group.text_size
        piece.span = (a, b)
        out.append(piece)
    return out


def _tagged(group: VGroup, font: str, size: float) -> VGroup:
    """Remember the font and size a text is drawn at, and each part's height then, so its
    size now can be told after any scaling or removal of glyphs (font_size_now)."""
    group.text_font, group.text_size = font, size
    for part in group.submobjects:
        part.built_height = part.height
    return group


def font_size_now(group: VGroup) -> float:
    """The font size a text is drawn at now: the size it was built at, times its scale since
    (the layout check measures cap heights from it)."""
    for part in group.submobjects:
        if getattr(part, "built_height", 0) > 1e-6:
            return group.text_size * part.height / part.built_height
    return group.text_size


def _build(cls, s: str, glyphs: bool, kwargs: dict) -> VGroup:
    key = _key(cls.__name__, s, kwargs)
    data = _memory.get(key)
    if data is None:
        data = _load(key)
        if data is None:
            register_fonts()
            data = _arrays(cls(s, use_svg_cache=False, **kwargs))   # ours replaces it
            _store(key, data)
        _memory[key] = data
    return _tagged(_mobject(data, s, merge=not glyphs), kwargs.get("font", ""), kwargs.get("font_size", 48))


def _key(kind: str, s: str, kwargs: dict) -> str:
    h = hashlib.sha256(repr((FORMAT, kind, s, sorted(kwargs.items()))).encode())
    h.update(_environment())
    return h.hexdigest()


@cache
def _environment() -> bytes:
    """What else decides the outlines: the libraries that lay text out and the shipped font files."""
    h = hashlib.sha256(repr(sorted(drawing_versions().items())).encode())
    for f in sorted(FONT_DIR.glob("*.[ot]tf")):
        h.update(f.name.encode() + f.read_bytes())
    return h.digest()


def _arrays(mob) -> dict:
    """The glyphs' points and styles; row 0 of each style array is the parent's."""
    parts = [mob] + list(mob.submobjects)
    if any(p.submobjects for p in parts[1:]) or any(len(getattr(p, a)) != 1 for p in parts for a in _STYLE):
        raise ValueError("text with nested parts or gradients is not supported")
    data = {"ends": np.cumsum([len(p.points) for p in parts[1:]], dtype=np.int64),
            "points": np.concatenate([p.points for p in parts[1:]] or [np.zeros((0, 3))])}
    for a in _STYLE:
        data[a] = np.concatenate([getattr(p, a) for p in parts])
    for a in _WIDTHS:
        data[a] = np.array([getattr(p, a) for p in parts], dtype=float)
    return data


def _styled(mob: VMobject, data: dict, row: int) -> VMobject:
    for a in _STYLE:
        setattr(mob, a, data[a][row:row + 1].copy())
    for a in _WIDTHS:
        setattr(mob, a, float(data[a][row]))
    return mob


def _mobject(data: dict, text: str, merge: bool) -> VGroup:
    starts = np.concatenate([[0], data["ends"][:-1]]).astype(int)
    parts = []           # (first row, last row) of glyphs drawn as one VMobject
    for k, (a, b) in enumerate(zip(starts, data["ends"])):
        row = k + 1
        if merge and a == b:
            continue                         # spaces: nothing to draw
        if merge and parts and _same_style(data, parts[-1][1], row):
            parts[-1][1] = row               # spaces in between add no points
        else:
            parts.append([row, row])
    mobs = []
    for first, last in parts:
        m = _styled(VMobject(), data, first)
        m.points = data["points"][starts[first - 1]:data["ends"][last - 1]].copy()
        mobs.append(m)
    group = _styled(VGroup(*mobs), data, 0)
    group.text = text                      # the source string, spaces and markup included
    return group


def _same_style(data: dict, r1: int, r2: int) -> bool:
    return (all(np.array_equal(data[a][r1], data[a][r2]) for a in _STYLE)
            and all(data[a][r1] == data[a][r2] for a in _WIDTHS))


def _check(key: str, data: dict) -> np.ndarray:
    """A digest of `key` and every array (name, dtype, shape, bytes), as stored."""
    h = hashlib.sha256(key.encode())
    for name in sorted(data):
        a = np.ascontiguousarray(data[name])
        h.update(repr((name, a.dtype.str, a.shape)).encode() + a.tobytes())
    return np.frombuffer(h.digest(), dtype=np.uint8)


def _load(key: str) -> dict | None:
    if _disk is None:
        return None
    path = _disk / f"{key}.npz"
    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            raise ValueError("too large")
        with np.load(path, allow_pickle=False) as z:
            data = {k: z[k] for k in z.files}
        check = data.pop(CHECK)
        if not np.array_equal(check, _check(key, data)):
            raise ValueError("not what was stored")
    except FileNotFoundError:
        return None
    except Exception:       # noqa: BLE001 - any damage (np.load raises many kinds): build it again
        with suppress(OSError):
            path.unlink()
        return None
    with suppress(OSError):
        os.utime(path)                         # recently used: pruned last
    return data


def _store(key: str, data: dict) -> None:
    """Written whole or not at all, so parallel renders never read half a file; a read-only
    or full cache only costs speed."""
    if _disk is None:
        return
    with suppress(OSError):
        _disk.mkdir(parents=True, exist_ok=True)
        write_atomic(_disk / f"{key}.npz", lambda fh: np.savez(fh, **data, **{CHECK: _check(key, data)}))
