"""Finished renders, kept by what made them: the same request a second time is a copy.

The key covers everything that decides the pixels: the scene, every option, the bytes
of the input and weight files, and a digest of this program's own code, fonts and
default inputs plus the versions of Manim, PyAV, numpy, Cairo and Pango (so an upgrade
never serves stale clips). Output paths, --jobs (parallel renders are identical) and
--quiet are not part of it. Entries live in $ILLUSTRATED_RNN_CACHE, else $XDG_CACHE_HOME/illustrated-rnn
(~/.cache/illustrated-rnn); ILLUSTRATED_RNN_CACHE=off turns the cache off. The newest
MAX_ENTRIES renders are kept. Below this, single plays are reused (play_cache.py).

An entry records its key and the size and SHA-256 of each of its files; it is used only
when every file is still exactly that, read from inside the entry (cache_files.py), and
otherwise deleted and the render done again. The cache folder is marked with a
CACHEDIR.TAG; a folder the environment names that holds anything else is someone's
folder, never pruned: the caches are then off.
"""

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from cells.fields import READ, path_fields
from scenes.parts.atomic_files import discard, keep_newest
from scenes.parts.versions import drawing_versions

from pipeline.rendering.cache_files import fetch_copy, plain_relative, read_inside, store_copy
from pipeline.rendering.outputs import SECTIONS_INDEX, digest
from pipeline.rendering.scratch import owner_tag, remove_stale

ROOT = Path(__file__).resolve().parents[2]
MAX_ENTRIES = 100
MAX_RECORD_BYTES = 1 << 20
COMPLETE = "complete"         # an entry's record: its key, result and each file's size and sha256
NEW = ".new-"                 # entries being written
PARTS = ("renders", "plays", "text")
TAG_NAME = "CACHEDIR.TAG"     # the standard mark of a cache folder (backup tools skip it)
TAG_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
            "# The caches of illustrated-rnn: finished renders, clips of plays, laid-out text.\n"
            "# Deleting this folder is always safe; it only costs speed.\n")


@dataclass(frozen=True)
class Produced:
    result: Path                  # the movie, GIF or PNG
    manifest: Path
    sections: Path | None         # the folder of section clips and index.json


def _cache_root() -> Path | None:
    env = os.environ.get("ILLUSTRATED_RNN_CACHE", "")
    if env.lower() in ("0", "off", "no", "false"):
        return None
    root = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "illustrated-rnn"
    return root if _ours(root.absolute()) else None


@lru_cache(maxsize=4)
def _ours(root: Path) -> bool:
    """Whether `root` may hold our caches (pruning deletes in it): new, empty, tagged by us,
    or holding only our sub-folders (an earlier version's cache). It is tagged then."""
    try:
        names = set(os.listdir(root))
    except FileNotFoundError:
        names = set()
    except OSError:
        return False
    if TAG_NAME in names:
        try:
            return TAG_TEXT.encode() in (root / TAG_NAME).read_bytes()[:4096]
        except OSError:
            return False
    if names - set(PARTS):
        return False
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / TAG_NAME).write_text(TAG_TEXT)
    except OSError:
        pass                        # unwritable: every store fails quietly, as for a full disk
    return True


def foreign_cache() -> str | None:
    """The cache folder the environment names when it is someone else's folder."""
    env = os.environ.get("ILLUSTRATED_RNN_CACHE", "")
    if env and env.lower() not in ("0", "off", "no", "false") and _cache_root() is None:
        return env
    return None


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
        h.update(digest(p).encode())
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
                files[name] = digest(Path(getattr(holder, name)))
    what = {"code": code_version(), "scene": req.scene.id, "params": params, "files": files,
            "quality": req.quality, "format": req.fmt, "fps": req.fps,
            "hold": req.hold if req.fmt == "gif" else None,
            "transparent": req.transparent, "sections": req.sections}
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()


def _record(entry: Path, key: str) -> dict | None:
    """The entry's record if it is well formed: its own key, plain file names inside it."""
    record = json.loads(read_inside(entry, COMPLETE, MAX_RECORD_BYTES))
    files = record.get("files") if isinstance(record, dict) else None
    if not (isinstance(files, dict) and record.get("key") == key
            and all(plain_relative(name) for name in files)
            and record.get("result") in files and "manifest.json" in files
            and "/" not in record["result"]
            and (not record.get("sections") or f"sections/{SECTIONS_INDEX}" in files)):
        return None
    return record


def fetch(key: str | None, work: Path) -> Produced | None:
    """Verified copies of a cached render in `work`, or None; a bad entry is deleted."""
    if key is None:
        return None
    entry = cache_dir() / key
    if not os.path.lexists(entry):
        return None
    out = work / "cached"
    try:
        record = _record(entry, key)
        good = record is not None and all(fetch_copy(entry, name, out / name, size_sha)
                                          for name, size_sha in record["files"].items())
    except (OSError, ValueError, TypeError, RecursionError):
        good = False
    if not good:
        discard(entry)
        shutil.rmtree(out, ignore_errors=True)
        return None
    with suppress(OSError):
        os.utime(entry)                               # most recently used
    return Produced(result=out / record["result"], manifest=out / "manifest.json",
                    sections=out / "sections" if record.get("sections") else None)


def store(key: str | None, produced: Produced) -> None:
    """Keep a copy of a finished render, each file's digest recorded; atomically, so a
    half-written entry is never used. A full, read-only or vanished cache only costs speed."""
    if key is None:
        return
    root = cache_dir()
    tmp = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        remove_stale(root, NEW)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f"{NEW}{owner_tag()}-"))
        files = {produced.result.name: store_copy(produced.result, tmp / produced.result.name),
                 "manifest.json": store_copy(produced.manifest, tmp / "manifest.json")}
        if produced.sections is not None:
            (tmp / "sections").mkdir()
            for f in sorted(produced.sections.iterdir()):
                files[f"sections/{f.name}"] = store_copy(f, tmp / "sections" / f.name)
        record = {"key": key, "result": produced.result.name,
                  "sections": produced.sections is not None, "files": files}
        (tmp / COMPLETE).write_text(json.dumps(record))
        try:
            os.replace(tmp, root / key)
            tmp = None
        except OSError:                               # another process stored it first
            pass
        keep_newest([p for p in root.iterdir() if not p.name.startswith(".")], MAX_ENTRIES)
    except OSError:
        pass
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

