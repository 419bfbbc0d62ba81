"""Finished renders, kept by what made them: the same request a second time is a copy.

The key covers everything that decides the pixels: the scene, every option, the bytes
of the input and weight files, and a digest of this program's own code, fonts and
default inputs plus the versions of Manim, PyAV, numpy, Cairo and Pango (so an upgrade
never serves stale clips). Output paths, --jobs (parallel renders are identical) and
--quiet are not part of it. Entries live in $ILLUSTRATED_RNN_CACHE, else $XDG_CACHE_HOME/illustrated-rnn
(~/.cache/illustrated-rnn); ILLUSTRATED_RNN_CACHE=off turns the cache off. The newest
MAX_ENTRIES renders are kept. Below this, single plays are reused (play_cache.py).
"""

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from cells.fields import READ, path_fields
from scenes.parts.versions import drawing_versions

ROOT = Path(__file__).resolve().parents[2]
MAX_ENTRIES = 100
COMPLETE = "complete"


@dataclass(frozen=True)
class Produced:
    result: Path                  # the movie, GIF or PNG
    manifest: Path
    sections: Path | None         # the folder of section clips and index.json


def _cache_root() -> Path | None:
    env = os.environ.get("ILLUSTRATED_RNN_CACHE", "")
    if env.lower() in ("0", "off", "no", "false"):
        return None
    return Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "illustrated-rnn"


def cache_dir() -> Path | None:
    """Finished renders."""
    root = _cache_root()
    return root / "renders" if root else None


def plays_cache_dir() -> Path | None:
    """Each play's encoded clip (play_cache.py), shared by every scene and render."""
    root = _cache_root()
    return root / "plays" if root else None


def text_cache_dir() -> Path | None:
    """Laid-out text (scenes/parts/text.py): kept apart, since it serves every render."""
    root = _cache_root()
    return root / "text" if root else None


def fonts_cache_dir() -> Path | None:
    """The shipped fonts converted for the PDF handout (pipeline/media/truetype.py)."""
    root = _cache_root()
    return root / "fonts" if root else None


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code, fonts and default inputs, and of the versions of everything
    that draws (scenes/parts/versions.py) or encodes (PyAV)."""
    h = hashlib.sha256(repr((sorted(drawing_versions().items()), version("av"))).encode())
    files = [ROOT / "render.py"] + sorted(
        p for d in ("cells", "scenes", "pipeline", "assets") for p in (ROOT / d).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts)
    for p in files:
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(_file_digest(p).encode())
    return h.hexdigest()


def request_key(req) -> str | None:
    """The cache key of a RenderRequest, or None when the cache is off."""
    if cache_dir() is None:
        return None
    params = dataclasses.asdict(dataclasses.replace(req.params, manifest=None))
    files = {}
    for holder in (req.params.run, req.params):       # every file an option reads
        for name in path_fields(type(holder), READ):
            if getattr(holder, name):
                files[name] = _file_digest(Path(getattr(holder, name)))
    what = {"code": code_version(), "scene": req.scene.id, "params": params, "files": files,
            "quality": req.quality, "format": req.fmt, "fps": req.fps,
            "transparent": req.transparent, "sections": req.sections}
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()


def fetch(key: str | None, work: Path) -> Produced | None:
    """Copies of a cached render in `work`, or None."""
    if key is None:
        return None
    entry = cache_dir() / key
    if not (entry / COMPLETE).exists():
        return None
    names = json.loads((entry / COMPLETE).read_text())
    out = work / "cached"
    shutil.copytree(entry, out)
    os.utime(entry)                                   # most recently used
    return Produced(result=out / names["result"], manifest=out / "manifest.json",
                    sections=out / "sections" if names["sections"] else None)


def store(key: str | None, produced: Produced) -> None:
    """Keep a copy of a finished render (atomically: a half-written entry is never used)."""
    if key is None:
        return
    root = cache_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=".new-"))
        shutil.copy2(produced.result, tmp / produced.result.name)
        shutil.copy2(produced.manifest, tmp / "manifest.json")
        if produced.sections is not None:
            shutil.copytree(produced.sections, tmp / "sections")
        (tmp / COMPLETE).write_text(json.dumps({"result": produced.result.name,
                                                "sections": produced.sections is not None}))
        try:
            os.replace(tmp, root / key)
        except OSError:                               # another process stored it first
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(root)
    except OSError:
        pass                                          # a full or read-only disk: no caching


def _prune(root: Path) -> None:
    entries = sorted((p for p in root.iterdir() if not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)
